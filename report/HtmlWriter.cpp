// HtmlWriter: the report as one self-contained HTML page: inline CSS and SVG, readable without
// script (a small inline script only sorts and filters the file listing), printable on A4 and
// readable on a phone.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "core/Text.h"
#include "report/ExtensionSections.h"
#include "report/Writers.h"

namespace dv::report {

std::string htmlEscape(std::string_view raw) {
  const std::string s = utf8Safe(raw);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    default: out.push_back(c);
    }
  }
  return out;
}

namespace {

using analyzer::Region;
using analyzer::RegionKind;


std::string withThousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

constexpr const char* kStyle = R"CSS(
:root{--ink:#111827;--ink2:#374151;--muted:#6b7280;--line:#e5e7eb;--panel:#fff;--bg:#f3f4f6;--brand:#1e3a5f;
--ok:#15803d;--ok-bg:#f0fdf4;--bad:#b91c1c;--bad-bg:#fef2f2;--warn:#b45309;--warn-bg:#fffbeb;--info:#475569;--info-bg:#f8fafc;
--mono:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);background:var(--bg)}
.top{background:var(--brand);color:#fff}
.top .in{max-width:1120px;margin:0 auto;padding:14px 24px;display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 16px}
.brand{font-weight:700;font-size:17px;letter-spacing:.02em}
.brand small{font-weight:400;opacity:.8;margin-left:8px;font-size:14px}
.top .gen{margin-left:auto;font-size:12px;opacity:.85}
main{max-width:1120px;margin:0 auto;padding:20px 24px 40px}
h2{font-size:15px;text-transform:uppercase;letter-spacing:.06em;color:var(--ink2);margin:30px 0 10px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h2 .count{font-weight:400;color:var(--muted);text-transform:none;letter-spacing:0;margin-left:6px}
h3{font-size:14px;margin:16px 0 8px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:14px 16px}
.verdict{display:flex;gap:16px;align-items:center;border-radius:10px;padding:16px 20px;border:1px solid;margin-bottom:14px}
.verdict .icon{flex:none;width:52px;height:52px;border-radius:50%;display:flex;align-items:center;justify-content:center;color:#fff;font-size:28px;font-weight:700}
.verdict .status{font-size:22px;font-weight:800;letter-spacing:.08em;text-transform:uppercase}
.verdict .what{font-family:var(--mono);font-size:13px;color:var(--ink2);word-break:break-all}
.verdict .why{margin-top:2px}
.verdict .chips{margin-top:8px;display:flex;flex-wrap:wrap;gap:6px}
.chip{display:inline-block;border-radius:999px;padding:1px 10px;font-size:12px;font-weight:600;background:#fff;border:1px solid var(--line)}
.chip.e{color:var(--bad);border-color:#fecaca}.chip.w{color:var(--warn);border-color:#fde68a}.chip.i{color:var(--info)}
.v-clean{background:var(--ok-bg);border-color:#bbf7d0}.v-clean .icon{background:var(--ok)}.v-clean .status{color:var(--ok)}
.v-findings,.v-mismatch,.v-unreadable{background:var(--bad-bg);border-color:#fecaca}
.v-findings .icon,.v-mismatch .icon,.v-unreadable .icon{background:var(--bad)}
.v-findings .status,.v-mismatch .status,.v-unreadable .status{color:var(--bad)}
.v-incomplete{background:var(--warn-bg);border-color:#fde68a}.v-incomplete .icon{background:var(--warn)}.v-incomplete .status{color:var(--warn)}
dl.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:10px 24px;margin:0}
dl.grid div{min-width:0}
dl.grid dt{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
dl.grid dd{margin:0;font-weight:500;overflow-wrap:anywhere}
.wrap{overflow-x:auto;background:var(--panel);border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
tr:last-child td{border-bottom:0}
main>table{background:var(--panel);border:1px solid var(--line);border-radius:8px;display:block;overflow-x:auto}
.sev-error{color:var(--bad);font-weight:600}.sev-warning{color:var(--warn);font-weight:600}.sev-info{color:var(--ok)}.muted{color:var(--muted)}
th{background:#f9fafb;font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);font-weight:600;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,.mono{font-family:var(--mono);font-size:12.5px}
code.digest{user-select:all;-webkit-user-select:all;word-break:break-all;background:#f9fafb;border:1px solid var(--line);border-radius:4px;padding:1px 5px;display:inline-block}
td.alg{font-weight:700;white-space:nowrap;width:1%}
pre.lines{margin:10px 0 0;background:#0f172a;color:#e2e8f0;border-radius:8px;padding:10px 12px;font:12px/1.6 var(--mono);white-space:pre-wrap;word-break:break-all;user-select:all;-webkit-user-select:all}
.hint{color:var(--muted);font-size:12px;margin:6px 0 0}
.map svg{display:block;width:100%;height:66px}
.maplabel{font-size:12px;color:var(--muted);margin:2px 0 4px}.maplabel~.maplabel{margin-top:14px}
.scale{display:flex;justify-content:space-between;font:11px var(--mono);color:var(--muted);margin-top:4px}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin-top:10px;font-size:12px;color:var(--ink2)}
.legend span{display:inline-flex;align-items:center;gap:6px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;border:1px solid rgba(0,0,0,.15)}
.finding{background:var(--panel);border:1px solid var(--line);border-left:4px solid var(--info);border-radius:6px;padding:9px 12px;margin-bottom:8px}
.finding.error{border-left-color:var(--bad)}.finding.warning{border-left-color:var(--warn)}
.finding .head{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:baseline}
.finding .rule{font-family:var(--mono);font-weight:700;font-size:12.5px}
.finding .clause{color:var(--muted);font-size:12px}
.finding .loc{font-family:var(--mono);font-size:12px;color:var(--ink2);margin-left:auto;overflow-wrap:anywhere}
.finding .msg{margin-top:3px}
.finding .vals{margin-top:3px;font-size:12px;color:var(--ink2)}
.finding .vals code{background:#f3f4f6;border-radius:3px;padding:0 4px}
.sev{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.05em}
.sev.error{color:var(--bad)}.sev.warning{color:var(--warn)}.sev.info{color:var(--info)}
.ok{color:var(--ok);font-weight:600}.bad{color:var(--bad);font-weight:600}
.none{color:var(--muted);font-style:italic}
.tools{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;margin-bottom:8px}
.tools input{font:inherit;padding:6px 10px;border:1px solid #d1d5db;border-radius:6px;min-width:0;width:min(360px,100%)}
.tools .shown{color:var(--muted);font-size:12px}
table.files{table-layout:auto}
table.files td.path{overflow-wrap:anywhere}
table.files td.hash{font-family:var(--mono);font-size:11.5px;word-break:break-all;min-width:180px}
th[data-sort]{cursor:pointer;user-select:none}
th[data-sort]::after{content:" \2195";opacity:.35}
th.asc::after{content:" \2191";opacity:.9}th.desc::after{content:" \2193";opacity:.9}
details summary{cursor:pointer;color:var(--ink2);font-weight:600;margin:6px 0}
footer{max-width:1120px;margin:0 auto;padding:0 24px 30px;color:var(--muted);font-size:12px}
@media (max-width:640px){main{padding:14px 12px 30px}.top .in{padding:12px}.verdict{padding:12px;gap:12px}
.verdict .icon{width:40px;height:40px;font-size:22px}.verdict .status{font-size:18px}th,td{padding:6px 7px}
.finding .loc{margin-left:0}table.files td.hash{min-width:0;font-size:10.5px}table.files td.path{min-width:110px}
table.files th:nth-child(3),table.files td:nth-child(3){display:none}}
@media print{@page{size:A4;margin:14mm 12mm}
body{background:#fff;font-size:11px}.top{background:#fff;color:var(--ink);border-bottom:2px solid var(--brand)}
.top .in,main,footer{max-width:none;padding-left:0;padding-right:0}
.verdict,.chip,.legend i,.map svg,pre.lines,.top{-webkit-print-color-adjust:exact;print-color-adjust:exact}
pre.lines{background:#fff;color:var(--ink);border:1px solid var(--line)}
h2{break-after:avoid;page-break-after:avoid}.finding,tr,.verdict,.card{break-inside:avoid;page-break-inside:avoid}
.tools{display:none}.wrap{overflow:visible;border-radius:0}tr[hidden]{display:table-row}
details>*{display:block}details summary{display:none}}
)CSS";

// Sorting and filtering of the file listing. Everything is readable without it.
constexpr const char* kScript = R"JS(
(function(){
  document.querySelectorAll('table.sortable').forEach(function(table){
    var body=table.tBodies[0];
    table.querySelectorAll('th[data-sort]').forEach(function(th,col){
      th.addEventListener('click',function(){
        var asc=!th.classList.contains('asc');
        table.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc');});
        th.classList.add(asc?'asc':'desc');
        var num=th.getAttribute('data-sort')==='num';
        var rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){
          var x=a.cells[col].getAttribute('data-v')||a.cells[col].textContent;
          var y=b.cells[col].getAttribute('data-v')||b.cells[col].textContent;
          var c=num?(Number(x)-Number(y)):x.localeCompare(y);
          return asc?c:-c;
        });
        var frag=document.createDocumentFragment();
        rows.forEach(function(r){frag.appendChild(r);});
        body.appendChild(frag);
      });
    });
  });
  document.querySelectorAll('input[data-filter]').forEach(function(input){
    var table=document.getElementById(input.getAttribute('data-filter'));
    var out=document.getElementById(input.getAttribute('data-filter')+'-shown');
    var rows=Array.prototype.slice.call(table.tBodies[0].rows);
    var text=rows.map(function(r){return r.textContent.toLowerCase();});
    input.addEventListener('input',function(){
      var q=input.value.trim().toLowerCase(),n=0;
      rows.forEach(function(r,i){var hit=!q||text[i].indexOf(q)>=0;r.hidden=!hit;if(hit)n++;});
      if(out)out.textContent=n+' of '+rows.length+' shown';
    });
  });
})();
)JS";

struct KindStyle {
  RegionKind kind;
  const char* colour;
  const char* name;
};

constexpr KindStyle kKindStyles[] = {
    {RegionKind::SystemArea, "#64748b", "System area"},
    {RegionKind::VolumeDescriptors, "#7c3aed", "Volume descriptors"},
    {RegionKind::PathTable, "#a855f7", "Path tables"},
    {RegionKind::Directory, "#0ea5e9", "Directories"},
    {RegionKind::BootCatalog, "#f59e0b", "Boot catalog"},
    {RegionKind::BootImage, "#d97706", "Boot images"},
    {RegionKind::UdfStructure, "#14b8a6", "UDF structures"},
    {RegionKind::Track, "#3b82f6", "Data track"},
    {RegionKind::Pregap, "#cbd5e1", "Pregap"},
    {RegionKind::Gap, "#e2e8f0", "Unclaimed gap"},
    {RegionKind::TrailingData, "#94a3b8", "Trailing data"},
    {RegionKind::Other, "#9ca3af", "Other"},
};
constexpr const char* kAudioColour = "#ec4899";
constexpr const char* kGroupPalette[] = {"#2563eb", "#16a34a", "#0891b2", "#4f46e5", "#65a30d", "#0d9488", "#9333ea", "#ca8a04"};
constexpr const char* kUnreadableColour = "#dc2626";
constexpr const char* kBaseColour = "#eef0f3";

const KindStyle& styleOf(RegionKind k) {
  for (const KindStyle& s : kKindStyles)
    if (s.kind == k) return s;
  return kKindStyles[std::size(kKindStyles) - 1];
}

std::string rangeText(uint64_t offset, uint64_t length) {
  return "0x" + hex(offset) + "–0x" + hex(length ? offset + length - 1 : offset) + " (" + humanBytes(length) + ")";
}

/// Colours of the regions of one map: file groups (sorted names) take the palette in turn.
struct MapColours {
  std::map<std::string, std::string> group;
  std::string of(const Region& r) const {
    if (r.kind == RegionKind::FileData) return group.at(r.group.empty() ? "/" : r.group);
    if (r.kind == RegionKind::Track && r.group == "audio") return kAudioColour;
    return styleOf(r.kind).colour;
  }
};

/// One SVG strip of the bytes [from, to). Regions narrower than about a unit merge with their
/// neighbours of the same kind and group, so a disc with 100,000 files stays light.
void writeStrip(std::ostringstream& o, const InputReport& in, const std::vector<Region>& regions, const MapColours& colours,
                uint64_t from, uint64_t to, uint32_t sectorSize, bool discSpace) {
  const analyzer::ImageAnalysis& a = in.analysis;
  constexpr double kWidth = 1000.0;
  const double unit = static_cast<double>(to - from) / kWidth; // bytes per SVG unit
  auto x = [&](uint64_t off) { return static_cast<double>(std::clamp(off, from, to) - from) / unit; };
  auto w = [&](uint64_t off, uint64_t len) {
    const uint64_t b = std::clamp(off, from, to), e = std::clamp(off + len, from, to);
    return std::max(static_cast<double>(e - b) / unit, 0.6);
  };
  auto visible = [&](uint64_t off, uint64_t len) { return off < to && off + len > from; };
  auto lbaOf = [&](uint64_t off) { return "LBA " + std::to_string(off / sectorSize); };

  struct Bar {
    uint64_t offset, end;
    std::string colour, label;
    size_t count;
    RegionKind kind;
    std::string group;
  };
  std::vector<Bar> bars;
  for (const Region& r : regions) {
    if (!visible(r.offset, r.length)) continue;
    if (!bars.empty()) {
      Bar& b = bars.back();
      if (b.kind == r.kind && b.group == r.group && r.offset <= b.end + static_cast<uint64_t>(unit) &&
          static_cast<double>(b.end - b.offset) / unit < 2.0) {
        b.end = std::max(b.end, r.offset + r.length);
        ++b.count;
        continue;
      }
    }
    bars.push_back({r.offset, r.offset + r.length, colours.of(r), r.label, 1, r.kind, r.group});
  }

  o << "<svg viewBox=\"0 0 1000 66\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"Sector map\">\n";
  o << "<rect x=\"0\" y=\"14\" width=\"1000\" height=\"40\" fill=\"" << kBaseColour << "\"><title>Not described by the parsed structures\n"
    << htmlEscape(rangeText(from, to - from)) << "</title></rect>\n";
  // Tracks first (they span volumes), then everything else on top.
  for (int pass = 0; pass < 2; ++pass) {
    for (const Bar& b : bars) {
      const bool track = b.kind == RegionKind::Track || b.kind == RegionKind::Pregap;
      if ((pass == 0) != track) continue;
      const std::string label =
          b.count > 1 ? std::to_string(b.count) + " " +
                            (b.kind == RegionKind::FileData ? "files in " + (b.group.empty() ? "/" : b.group)
                                                            : std::string(styleOf(b.kind).name))
                      : b.label;
      o << "<rect x=\"" << fixed(x(b.offset), 2) << "\" y=\"" << (track ? 14 : 18) << "\" width=\""
        << fixed(w(b.offset, b.end - b.offset), 2) << "\" height=\"" << (track ? 40 : 32) << "\" fill=\"" << b.colour
        << "\"><title>" << htmlEscape(label) << "\n" << htmlEscape(rangeText(b.offset, b.end - b.offset)) << ", " << lbaOf(b.offset)
        << "</title></rect>\n";
    }
  }
  // All-zero runs: a thin band under the strip (they are facts of the input's bytes, not of a disc map).
  for (const auto& run : discSpace ? std::vector<analyzer::ZeroRun>{} : a.zeros.runs) {
    const uint64_t off = run.firstSector * a.zeros.sectorSize;
    const uint64_t len = std::min(run.sectorCount * a.zeros.sectorSize, a.sizeBytes - std::min(a.sizeBytes, off));
    if (!visible(off, len)) continue;
    o << "<rect x=\"" << fixed(x(off), 2) << "\" y=\"58\" width=\"" << fixed(w(off, len), 2)
      << "\" height=\"6\" fill=\"#cbd5e1\"><title>All-zero sectors\n" << htmlEscape(rangeText(off, len)) << "</title></rect>\n";
  }
  for (const ByteRange& u : a.pass.unreadable) {
    if (discSpace || !visible(u.offset, u.length)) continue;
    o << "<rect x=\"" << fixed(x(u.offset), 2) << "\" y=\"12\" width=\"" << fixed(w(u.offset, u.length), 2)
      << "\" height=\"44\" fill=\"" << kUnreadableColour << "\"><title>Unreadable, zero-filled\n"
      << htmlEscape(rangeText(u.offset, u.length)) << "</title></rect>\n";
  }
  // Findings as markers above the strip, at most one per SVG unit and severity.
  std::set<std::pair<long, int>> placed;
  for (auto it = in.findings.rbegin(); it != in.findings.rend(); ++it) { // errors last: drawn on top
    const Finding& f = *it;
    std::optional<uint64_t> off = discSpace ? std::nullopt : f.location.offset;
    if (!off && f.location.lba) off = *f.location.lba * sectorSize;
    if (!off || *off < from || *off >= to) continue;
    const long px = std::lround(x(*off) / 6);
    if (!placed.insert({px, static_cast<int>(f.severity)}).second) continue;
    const char* colour = f.severity == Severity::Error ? "#b91c1c" : f.severity == Severity::Warning ? "#d97706" : "#64748b";
    const double cx = x(*off);
    o << "<path d=\"M" << fixed(cx - 4, 2) << " 1 L" << fixed(cx + 4, 2) << " 1 L" << fixed(cx, 2) << " 12 Z\" fill=\""
      << colour << "\"><title>" << htmlEscape(f.ruleId) << " (" << severityName(f.severity) << ")\n" << htmlEscape(f.message) << "\n"
      << lbaOf(*off) << ", 0x" << hex(*off) << "</title></path>\n";
  }
  o << "</svg>\n<div class=\"scale\"><span>" << lbaOf(from) << "</span><span>" << lbaOf(from + (to - from) / 2)
    << "</span><span>" << lbaOf(to) << (from == 0 && !discSpace && to == a.sizeBytes ? " (end)" : "") << "</span></div>\n";
}

/// The sector map: the whole image, and a zoom on the metadata at its start when that is small.
void writeSectorMap(std::ostringstream& o, const InputReport& in) {
  const analyzer::ImageAnalysis& a = in.analysis;
  // A CD input is mapped in disc address space (its tracks), any other input in its own bytes.
  const std::vector<Region> disc = discRegions(a);
  const bool discSpace = !disc.empty();
  const std::vector<Region> regions = discSpace ? disc : mapRegions(a);
  const uint64_t size = discSpace ? disc.back().offset + disc.back().length : a.sizeBytes;
  if (size == 0) {
    o << "<p class=\"none\">Nothing was read.</p>\n";
    return;
  }
  const uint32_t sectorSize = discSpace ? 2352 : (a.zeros.sectorSize ? a.zeros.sectorSize : 2048);
  std::set<std::string> groups;
  for (const Region& r : regions)
    if (r.kind == RegionKind::FileData) groups.insert(r.group.empty() ? "/" : r.group);
  MapColours colours;
  size_t gi = 0;
  for (const std::string& g : groups) colours.group[g] = kGroupPalette[std::min(gi++, std::size(kGroupPalette) - 1)];

  o << "<div class=\"card map\"><div class=\"maplabel\">" << (discSpace ? "Whole disc (as the descriptor lays it out) · " : "Whole image · ")
    << htmlEscape(humanBytes(size)) << " · " << withThousands(size / sectorSize) << " sectors</div>\n";
  writeStrip(o, in, regions, colours, 0, size, sectorSize, discSpace);
  // Zoom: from 0 to the end of the last metadata region (not file data or a track) in the first
  // quarter of the image, when that is under a tenth of the image.
  uint64_t metaEnd = 0;
  for (const Region& r : regions)
    if (r.kind != RegionKind::FileData && r.kind != RegionKind::Track && r.kind != RegionKind::Pregap &&
        r.kind != RegionKind::TrailingData && r.offset < size / 4)
      metaEnd = std::max(metaEnd, r.offset + r.length);
  if (!discSpace && metaEnd > 0 && metaEnd < size / 10) {
    const uint64_t zoomEnd = std::min(size, std::max<uint64_t>(metaEnd + metaEnd / 4, 64 * uint64_t{sectorSize}));
    o << "<div class=\"maplabel\">Start of the image, magnified · sectors 0–" << withThousands(zoomEnd / sectorSize)
      << "</div>\n";
    writeStrip(o, in, regions, colours, 0, zoomEnd, sectorSize, discSpace);
  }

  // Legend: what is on this map.
  o << "<div class=\"legend\">";
  std::set<RegionKind> kinds;
  bool audio = false;
  for (const Region& r : regions) {
    if (r.kind == RegionKind::Track && r.group == "audio") audio = true;
    else if (r.kind != RegionKind::FileData) kinds.insert(r.kind);
  }
  for (const KindStyle& st : kKindStyles)
    if (kinds.count(st.kind)) o << "<span><i style=\"background:" << st.colour << "\"></i>" << st.name << "</span>";
  if (audio) o << "<span><i style=\"background:" << kAudioColour << "\"></i>Audio track</span>";
  size_t shown = 0;
  for (const std::string& g : groups) {
    if (++shown > std::size(kGroupPalette)) break;
    o << "<span><i style=\"background:" << colours.group[g] << "\"></i>Files in " << htmlEscape(g)
      << (shown == std::size(kGroupPalette) && groups.size() > shown ? " and others" : "") << "</span>";
  }
  o << "<span><i style=\"background:" << kBaseColour << "\"></i>Not described</span>";
  if (!a.zeros.runs.empty()) o << "<span><i style=\"background:#cbd5e1;height:6px\"></i>All-zero sectors</span>";
  if (!a.pass.unreadable.empty()) o << "<span><i style=\"background:" << kUnreadableColour << "\"></i>Unreadable</span>";
  if (std::any_of(in.findings.begin(), in.findings.end(),
                  [&](const Finding& f) { return f.location.lba || (!discSpace && f.location.offset); }))
    o << "<span>▼ Finding (point at it for details)</span>";
  o << "</div></div>\n";
}

void item(std::ostringstream& o, std::string_view label, const std::string& value, bool mono = false) {
  if (value.empty()) return;
  o << "<div><dt>" << htmlEscape(label) << "</dt><dd" << (mono ? " class=\"mono\"" : "") << ">" << htmlEscape(value) << "</dd></div>";
}

std::string locationText(const Finding& f) {
  std::string loc;
  if (f.location.lba) loc += "LBA " + std::to_string(*f.location.lba);
  if (f.location.offset) loc += (loc.empty() ? "" : " · ") + std::string("0x") + hex(*f.location.offset);
  if (!f.location.path.empty()) loc += (loc.empty() ? "" : " · ") + f.location.path;
  return loc;
}

void writeFindings(std::ostringstream& o, const InputReport& in) {
  o << "<h2>Findings<span class=\"count\">" << in.findings.size() << "</span></h2>\n";
  if (in.findings.empty()) {
    o << "<p class=\"none\">No findings: every check of the rule catalogue passed.</p>\n";
    return;
  }
  for (Severity s : {Severity::Error, Severity::Warning, Severity::Info}) {
    size_t n = 0;
    for (const Finding& f : in.findings) n += f.severity == s;
    if (n == 0) continue;
    const char* title = s == Severity::Error ? "Errors" : s == Severity::Warning ? "Warnings" : "Notes";
    o << "<h3><span class=\"sev " << severityName(s) << "\">" << title << "</span> <span class=\"count\">(" << n
      << ")</span></h3>\n";
    for (const Finding& f : in.findings) {
      if (f.severity != s) continue;
      o << "<div class=\"finding " << severityName(s) << "\"><div class=\"head\"><span class=\"rule\">" << htmlEscape(f.ruleId)
        << "</span><span class=\"clause\">" << htmlEscape(f.clause) << "</span><span class=\"loc\">" << htmlEscape(locationText(f))
        << "</span></div><div class=\"msg\">" << htmlEscape(f.message) << "</div>";
      if (!f.expected.empty() && !f.actual.empty())
        o << "<div class=\"vals\">expected <code>" << htmlEscape(f.expected) << "</code> · found <code>" << htmlEscape(f.actual)
          << "</code></div>";
      else if (!f.actual.empty())
        o << "<div class=\"vals\">found <code>" << htmlEscape(f.actual) << "</code></div>";
      else if (!f.expected.empty())
        o << "<div class=\"vals\">expected <code>" << htmlEscape(f.expected) << "</code></div>";
      o << "</div>\n";
    }
  }
  for (const auto& [rule, count] : in.suppressed)
    o << "<p class=\"hint\">" << count << " more findings of " << htmlEscape(rule) << " are not listed (cap per rule).</p>\n";
}

void writeFiles(std::ostringstream& o, const InputReport& in, size_t index) {
  if (in.files.empty()) return;
  const uint64_t ss = in.analysis.zeros.sectorSize ? in.analysis.zeros.sectorSize : 2048;
  const std::string id = "files-" + std::to_string(index);
  o << "<h2>Files<span class=\"count\">" << withThousands(in.files.size()) << "</span></h2>\n";
  o << "<div class=\"tools\"><input type=\"search\" placeholder=\"Filter by path or digest\" aria-label=\"Filter files\" data-filter=\""
    << id << "\"><span class=\"shown\" id=\"" << id << "-shown\"></span><span class=\"hint\">Click a column to sort.</span></div>\n";
  std::string algName = "Digest";
  for (const FileRow& f : in.files)
    if (!f.digests.empty()) {
      algName = std::string(hashing::bsdLabel(f.digests.front().algorithm));
      break;
    }
  o << "<div class=\"wrap\"><table class=\"files sortable\" id=\"" << id << "\"><thead><tr><th data-sort=\"text\">Path</th>"
       "<th class=\"num\" data-sort=\"num\">Size</th><th class=\"num\" data-sort=\"num\">LBA</th><th data-sort=\"text\">"
    << htmlEscape(algName) << "</th></tr></thead><tbody>\n";
  for (const FileRow& f : in.files) {
    o << "<tr><td class=\"path\">" << htmlEscape(f.path) << "</td><td class=\"num\" data-v=\"" << f.size << "\">"
      << withThousands(f.size) << "</td><td class=\"num\" data-v=\"" << (f.offset ? *f.offset / ss : 0) << "\">"
      << (f.offset ? std::to_string(*f.offset / ss) : "") << "</td><td class=\"hash\">"
      << (f.digests.empty() ? "" : f.digests.front().hex()) << (f.complete ? "" : " (incomplete)") << "</td></tr>\n";
  }
  o << "</tbody></table></div>\n";
}

// LBA runs as "12, 40-44, ..." with at most `limit` runs listed.
std::string runsText(const analyzer::cd::FaultRuns& runs, size_t limit = 20) {
  std::string s;
  size_t n = 0;
  for (const auto& r : runs.ranges) {
    if (n++ == limit) {
      s.append(", …");
      break;
    }
    if (!s.empty()) s.append(", ");
    s.append(std::to_string(r.first));
    if (r.count > 1) {
      s.push_back('-');
      s.append(std::to_string(r.first + static_cast<int64_t>(r.count) - 1));
    }
  }
  if (runs.truncated && n <= limit) s.append(", …");
  return s;
}

// Per track: what the sub-channel holds and where its Q channel fails (CD-SUB-001).
void writeSubchannel(std::ostringstream& o, const analyzer::cd::CdAnalysis& cd) {
  o << "<h3>Sub-channel</h3><div class=\"wrap\"><table><thead><tr><th>Track</th><th>Arrangement</th>"
       "<th class=\"num\">Blocks</th><th class=\"num\">Q CRC failures</th><th>Failing LBAs</th>"
       "<th class=\"num\">Time/track mismatches</th><th>Catalog (MCN) in Q</th><th>ISRC in Q</th></tr></thead><tbody>\n";
  for (const auto& t : cd.disc.tracks) {
    const auto f = cd.subchannelOf(t.number);
    if (!f) continue;
    auto joined = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) {
        if (!s.empty()) s.append(", ");
        s.append(x);
      }
      return s;
    };
    o << "<tr><td>" << t.number << "</td><td>" << htmlEscape(std::string(analyzer::cd::subchannelName(f->arrangement)))
      << (f->separateFile ? " (separate file)" : "") << "</td><td class=\"num\">" << withThousands(f->blocks)
      << "</td><td class=\"num\">" << withThousands(f->crcFailures) << "</td><td>" << htmlEscape(runsText(f->crcRuns))
      << "</td><td class=\"num\">" << withThousands(f->timeMismatch.sectors + f->trackMismatch.sectors) << "</td><td>"
      << htmlEscape(joined(f->catalogs)) << "</td><td>" << htmlEscape(joined(f->isrcs)) << "</td></tr>\n";
  }
  o << "</tbody></table></div>\n";
}

// Title and performer of the disc and each track, from the descriptor or its CD-TEXT packs.
void writeCdText(std::ostringstream& o, const analyzer::cd::CdAnalysis& cd) {
  const auto& disc = cd.disc;
  bool any = !disc.cdText.title.empty() || !disc.cdText.performer.empty();
  for (const auto& t : disc.tracks) any = any || !t.cdText.title.empty() || !t.cdText.performer.empty();
  if (!any) return;
  o << "<h3>CD-TEXT</h3>";
  if (const auto& f = disc.cdTextPackFacts)
    o << "<p>" << withThousands(f->packs) << " packs (" << htmlEscape(f->source) << (f->file.empty() ? "" : ": " + htmlEscape(f->file)) << ", "
      << htmlEscape(f->characterCode) << "), " << withThousands(f->crcFailures) << " with a failing CRC, "
      << disc.cdTextBlocks.size() << (disc.cdTextBlocks.size() == 1 ? " language block" : " language blocks") << "</p>";
  o << "<div class=\"wrap\"><table><thead><tr><th>Track</th><th>Title</th><th>Performer</th></tr></thead><tbody>\n";
  o << "<tr><td>disc</td><td>" << htmlEscape(disc.cdText.title) << "</td><td>" << htmlEscape(disc.cdText.performer) << "</td></tr>\n";
  for (const auto& t : disc.tracks)
    o << "<tr><td>" << t.number << "</td><td>" << htmlEscape(t.cdText.title) << "</td><td>" << htmlEscape(t.cdText.performer) << "</td></tr>\n";
  o << "</tbody></table></div>\n";
  if (disc.cdTextBlocks.size() < 2) return;
  // Several languages: each block's text, with its language and character code.
  for (const auto& b : disc.cdTextBlocks) {
    o << "<h4>Block " << b.block << ": " << htmlEscape(b.language) << " (" << htmlEscape(b.characterCode)
      << (b.doubleByte ? ", double-byte text not decoded" : "") << ")</h4>";
    o << "<div class=\"wrap\"><table><thead><tr><th>Track</th><th>Title</th><th>Performer</th></tr></thead><tbody>\n";
    o << "<tr><td>disc</td><td>" << htmlEscape(b.disc.title) << "</td><td>" << htmlEscape(b.disc.performer) << "</td></tr>\n";
    for (const auto& [n, t] : b.tracks)
      o << "<tr><td>" << n << "</td><td>" << htmlEscape(t.title) << "</td><td>" << htmlEscape(t.performer) << "</td></tr>\n";
    o << "</tbody></table></div>\n";
  }
}

// Files of earlier sessions that the newest session replaced or dropped.
void writeEarlierSessions(std::ostringstream& o, const analyzer::ImageAnalysis& a) {
  if (a.earlierSessions.empty()) return;
  o << "<h3>Files superseded by a later session</h3><div class=\"wrap\"><table><thead><tr><th>Session</th><th>Path</th>"
       "<th class=\"num\">Size</th><th class=\"num\">LBA</th><th>Status</th></tr></thead><tbody>\n";
  for (const analyzer::EarlierSession& e : a.earlierSessions)
    for (size_t i = 0; i < e.iso.tree.files.size() && i < e.files.size(); ++i) {
      if (e.files[i] == analyzer::Supersession::Unchanged) continue;
      const auto& f = e.iso.tree.files[i];
      o << "<tr><td>" << e.session << "</td><td class=\"path\">" << htmlEscape(f.path) << "</td><td class=\"num\">"
        << withThousands(f.size) << "</td><td class=\"num\">" << (f.runs.empty() ? 0 : f.runs.front().lba) << "</td><td>"
        << htmlEscape(std::string(analyzer::supersessionName(e.files[i]))) << " by session " << e.newestSession << "</td></tr>\n";
    }
  o << "</tbody></table></div>\n";
}

void writeInput(std::ostringstream& o, const Report& r, const InputReport& in, size_t index) {
  const analyzer::ImageAnalysis& a = in.analysis;
  const uint64_t ss = a.zeros.sectorSize ? a.zeros.sectorSize : 2048;
  const std::string status(verdictName(in.verdict.status));
  const char* icon = in.verdict.status == VerdictStatus::Clean ? "✓" : in.verdict.status == VerdictStatus::Incomplete ? "!" : "✕";
  o << "<section class=\"verdict v-" << status << "\"><div class=\"icon\" aria-hidden=\"true\">" << icon
    << "</div><div><div class=\"status\">" << status << "</div><div class=\"what\">" << htmlEscape(a.source.path)
    << "</div><div class=\"why\">" << htmlEscape(in.verdict.reason) << "</div><div class=\"chips\"><span class=\"chip e\">"
    << in.verdict.errors << " errors</span><span class=\"chip w\">" << in.verdict.warnings
    << " warnings</span><span class=\"chip i\">" << in.verdict.infos << " notes</span>";
  if (in.comparison)
    o << "<span class=\"chip\">" << in.comparison->items.size() - in.comparison->mismatched() << " of "
      << in.comparison->items.size() << " digests match</span>";
  o << "</div></div></section>\n";

  if (index == 0 && (!r.caseInfo.empty() || !r.signingKeyId.empty())) {
    o << "<div class=\"card\"><dl class=\"grid\">";
    item(o, "Case", r.caseInfo.caseId);
    item(o, "Evidence item", r.caseInfo.evidence);
    item(o, "Examiner", r.caseInfo.examiner);
    item(o, "Organization", r.caseInfo.organization);
    item(o, "Notes", r.caseInfo.notes);
    if (!r.signingKeyId.empty()) item(o, "Signed (Ed25519) with key", r.signingKeyId, true);
    o << "</dl></div>\n";
  }

  o << "<h2>Evidence</h2><div class=\"card\"><dl class=\"grid\">";
  item(o, "Input", a.source.path, true);
  item(o, "Size", withThousands(a.sizeBytes) + " bytes (" + humanBytes(a.sizeBytes) + ")");
  if (a.cd) {
    std::set<uint32_t> sessions;
    size_t audioTracks = 0;
    for (const auto& t : a.cd->disc.tracks) {
      sessions.insert(t.session);
      audioTracks += t.audio();
    }
    item(o, "Disc", a.cd->disc.format + " descriptor · " + std::to_string(a.cd->disc.tracks.size()) + " tracks (" +
                        std::to_string(audioTracks) + " audio) in " + std::to_string(sessions.size()) + " sessions · " +
                        std::to_string(a.cd->disc.files.size()) + " data files");
  } else {
    item(o, "Sectors", withThousands(a.sizeBytes / ss) + " × " + std::to_string(ss) + " bytes" +
                           (a.sizeBytes % ss ? " + " + std::to_string(a.sizeBytes % ss) + " bytes" : ""));
  }
  item(o, "Source", std::string(analyzer::sourceKindName(a.source.kind)) +
                        (a.source.compression.empty() ? "" : ", " + a.source.compression + " compressed") + " · " +
                        std::string(analyzer::mediaKindName(a.source.media)));
  item(o, "Read pass", a.pass.complete() ? "complete, every byte read" :
                       "incomplete: " + withThousands(a.pass.unreadableSectors) + " sectors unreadable");
  if (a.zeros.computed && !a.cd)
    item(o, "All-zero sectors", withThousands(a.zeros.zeroSectors) + " of " + withThousands(a.zeros.totalSectors) + " (" +
                                    std::to_string(a.zeros.totalSectors ? a.zeros.zeroSectors * 100 / a.zeros.totalSectors : 0) + "%)");
  if (a.elTorito.present()) item(o, "Boot", "El Torito, " + std::to_string(a.elTorito.entries.size()) + " boot entries");
  if (a.udf.hasUdf()) item(o, "UDF", "recognised (NSR0" + std::to_string(a.udf.nsrVersion) + ")");
  o << "</dl></div>\n";

  // Sessions and tracks, when the layout knows them.
  std::vector<Region> tracks;
  const std::vector<Region> disc = discRegions(a);
  for (const Region& reg : disc.empty() ? mapRegions(a) : disc)
    if (reg.kind == RegionKind::Track) tracks.push_back(reg);
  const uint64_t trackSector = disc.empty() ? ss : 2352;
  if (!tracks.empty()) {
    o << "<h3>Tracks</h3><div class=\"wrap\"><table><thead><tr><th>Track</th><th>Type</th><th class=\"num\">Start LBA</th>"
         "<th class=\"num\">Sectors</th><th class=\"num\">Bytes</th></tr></thead><tbody>\n";
    for (const Region& t : tracks)
      o << "<tr><td>" << htmlEscape(t.label) << "</td><td>" << htmlEscape(t.group) << "</td><td class=\"num\">" << t.offset / trackSector
        << "</td><td class=\"num\">" << withThousands(t.length / trackSector) << "</td><td class=\"num\">" << withThousands(t.length)
        << "</td></tr>\n";
    o << "</tbody></table></div>\n";
  }
  if (a.cd && !a.cd->subchannel.empty()) writeSubchannel(o, *a.cd);
  if (a.cd) writeCdText(o, *a.cd);
  writeEarlierSessions(o, a);

  o << "<h2>Digests</h2><div class=\"wrap\"><table><thead><tr><th>Algorithm</th><th>Digest of the whole image</th></tr></thead><tbody>\n";
  for (const auto& d : a.digests)
    o << "<tr><td class=\"alg\">" << htmlEscape(hashing::bsdLabel(d.digest.algorithm)) << "</td><td><code class=\"digest\">"
      << d.digest.hex() << "</code></td></tr>\n";
  for (const auto& d : a.containerDigests)
    o << "<tr><td class=\"alg\">" << htmlEscape(hashing::bsdLabel(d.algorithm)) << "</td><td><code class=\"digest\">" << d.hex()
      << "</code> <span class=\"hint\">of the compressed file as stored</span></td></tr>\n";
  o << "</tbody></table></div>\n<pre class=\"lines\">";
  const std::string name = a.source.path.substr(a.source.path.find_last_of('/') == std::string::npos ? 0 : a.source.path.find_last_of('/') + 1);
  for (const auto& d : a.digests)
    o << htmlEscape(hashing::bsdLabel(d.digest.algorithm)) << " (" << htmlEscape(name) << ") = " << d.digest.hex() << "\n";
  o << "</pre><p class=\"hint\">The lines above check with <code>sha256sum -c</code>, <code>md5sum -c</code> or "
       "<code>discverify verify " << htmlEscape(name) << " --against FILE</code>.</p>\n";

  if (in.comparison) {
    const Comparison& c = *in.comparison;
    o << "<h2>Comparison with the reference<span class=\"count\">" << c.items.size() << " digests</span></h2>";
    if (r.verification)
      o << "<p class=\"hint\">Reference <code>" << htmlEscape(r.verification->reference) << "</code> ("
        << htmlEscape(r.verification->referenceKind) << ", SHA256 " << htmlEscape(r.verification->referenceSha256) << ")</p>";
    o << "<div class=\"wrap\"><table><thead><tr><th>Result</th><th>What</th><th>Bytes</th><th>Algorithm</th><th>Expected</th>"
         "<th>Actual</th></tr></thead><tbody>\n";
    // Differences first; matches after them.
    for (int pass = 0; pass < 2; ++pass)
      for (const ComparisonItem& i : c.items) {
        if ((pass == 0) == i.match) continue;
        std::string what = i.what + (i.name.empty() ? "" : " " + i.name);
        if (!i.inside.empty()) {
          what += " — inside ";
          for (size_t k = 0; k < i.inside.size(); ++k) what += (k ? ", " : "") + i.inside[k];
        }
        o << "<tr><td class=\"" << (i.match ? "ok\">match" : "bad\">differs") << "</td><td>" << htmlEscape(what)
          << "</td><td class=\"mono\">" << (i.offset && i.length ? htmlEscape(rangeText(*i.offset, *i.length)) : "")
          << "</td><td>" << htmlEscape(hashing::algorithmName(i.algorithm)) << "</td><td class=\"mono\">" << htmlEscape(i.expected)
          << "</td><td class=\"mono\">" << (i.actual.empty() ? "not readable" : htmlEscape(i.actual)) << "</td></tr>\n";
      }
    o << "</tbody></table></div>\n";
    for (const auto& [label, list] : {std::pair{"Files changed", &c.filesChanged}, std::pair{"Files removed", &c.filesRemoved},
                                      std::pair{"Files added", &c.filesAdded}}) {
      if (list->empty()) continue;
      o << "<h3>" << label << " (" << list->size() << ")</h3><ul>";
      for (const std::string& f : *list) o << "<li class=\"mono\">" << htmlEscape(f) << "</li>";
      o << "</ul>\n";
    }
  }

  o << "<h2>Sector map</h2>\n";
  writeSectorMap(o, in);

  if (!a.pass.unreadable.empty()) {
    o << "<h2>Unreadable ranges<span class=\"count\">" << a.pass.unreadable.size() << "</span></h2><div class=\"wrap\"><table>"
         "<thead><tr><th>Bytes</th><th class=\"num\">First LBA</th><th class=\"num\">Length</th></tr></thead><tbody>\n";
    for (const auto& u : a.pass.unreadable)
      o << "<tr><td class=\"mono\">" << htmlEscape(rangeText(u.offset, u.length)) << "</td><td class=\"num\">" << u.offset / ss
        << "</td><td class=\"num\">" << withThousands(u.length) << "</td></tr>\n";
    o << "</tbody></table></div>\n";
  }

  writeExtensionsHtml(o, a);
  writeFindings(o, in);
  writeFiles(o, in, index);

  for (const auto& set : a.pieceSets) {
    o << "<h2>Pieces<span class=\"count\">" << set.pieces.size() << " × " << htmlEscape(humanBytes(set.pieceSize)) << ", "
      << htmlEscape(hashing::bsdLabel(set.algorithm)) << "</span></h2>\n";
    const bool many = set.pieces.size() > 32;
    if (many) o << "<details><summary>Show all " << set.pieces.size() << " pieces</summary>";
    o << "<div class=\"wrap\"><table><thead><tr><th class=\"num\">#</th><th>Bytes</th><th>Digest</th></tr></thead><tbody>\n";
    for (size_t i = 0; i < set.pieces.size(); ++i) {
      const auto& p = set.pieces[i];
      o << "<tr><td class=\"num\">" << i + 1 << "</td><td class=\"mono\">" << htmlEscape(rangeText(p.offset, p.length))
        << "</td><td><code class=\"digest\">" << p.digest.hex() << "</code></td></tr>\n";
    }
    o << "</tbody></table></div>\n";
    if (many) o << "</details>\n";
  }
}

} // namespace

std::string toHtml(const Report& r) {
  const Provenance& p = r.provenance;
  std::ostringstream o;
  std::string title = "discverify report";
  if (r.inputs.size() == 1) {
    const std::string& path = r.inputs.front().analysis.source.path;
    title = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1) + " — " +
            std::string(verdictName(r.inputs.front().verdict.status)) + " — discverify";
  }
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
       "<meta name=\"generator\" content=\"discverify " << htmlEscape(p.version) << "\">\n<title>" << htmlEscape(title) << "</title>\n<style>"
    << kStyle << "</style></head><body>\n";
  o << "<header class=\"top\"><div class=\"in\"><div class=\"brand\">discverify<small>Disc image verification report</small></div>"
       "<div class=\"gen\">" << htmlEscape(p.endTime.empty() ? p.startTime : p.endTime) << " · discverify " << htmlEscape(p.version) << "</div></div></header>\n<main>\n";
  if (r.verification && r.inputs.empty())
    o << "<p>Verification against " << htmlEscape(r.verification->reference) << "</p>\n";
  for (size_t i = 0; i < r.inputs.size(); ++i) writeInput(o, r, r.inputs[i], i);

  o << "<h2>Provenance</h2><div class=\"card\"><dl class=\"grid\">";
  item(o, "Tool", p.program + " " + p.version + (p.gitCommit.empty() ? "" : " (commit " + p.gitCommit + ")"));
  std::string libs;
  for (const auto& l : p.libraries) libs += (libs.empty() ? "" : ", ") + l.name + " " + l.version;
  item(o, "Libraries", libs);
  item(o, "Compiler", p.compiler);
  item(o, "Host", p.host + (p.osSysname.empty() ? "" : " (" + p.osSysname + " " + p.osRelease + ", " + p.arch + ")"));
  item(o, "User", p.username + (p.uid.empty() ? "" : " (uid " + p.uid + ")"));
  item(o, "Started", p.startTime);
  item(o, "Finished", p.endTime);
  if (p.elapsedSeconds > 0) item(o, "Elapsed", fixed(p.elapsedSeconds, 2) + " s (" + fixed(p.userSeconds, 2) + " s user, " +
                                                   fixed(p.systemSeconds, 2) + " s system, " + withThousands(p.maxRssKiB) + " KiB peak memory)");
  item(o, "Fail threshold", r.failOn ? std::string(severityName(*r.failOn)) : std::string("never"));
  if (!r.signingKeyId.empty()) item(o, "Signature", "ed25519, key " + r.signingKeyId + " (XML and JSON reports, <report>.sig)", true);
  o << "</dl><div style=\"margin-top:10px\"><dt class=\"hint\">COMMAND</dt><pre class=\"lines\">" << htmlEscape(p.commandLine)
    << "</pre></div></div>\n</main>\n";
  o << "<footer>The XML (DFXML) and JSON reports of this run hold the same facts in machine-readable form. "
       "Re-check the image at any time with <code>discverify verify</code>.</footer>\n";
  o << "<script>" << kScript << "</script>\n</body></html>\n";
  return o.str();
}

} // namespace dv::report
