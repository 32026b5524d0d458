// HtmlWriter: the report as one self-contained HTML page (inline CSS, no script needed to read it).
#include <sstream>

#include "core/Text.h"
#include "report/ExtensionSections.h"
#include "report/Writers.h"

namespace dv::report {
namespace {

std::string esc(std::string_view raw) {
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

constexpr const char* kStyle = R"(
:root{--ink:#1d2330;--muted:#5b6475;--line:#d9dee7;--bg:#f6f7f9;--ok:#1f7a4d;--warn:#a86400;--bad:#b42318}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.banner{border-radius:10px;padding:16px 20px;color:#fff;margin:16px 0}
.banner.clean{background:var(--ok)}.banner.findings,.banner.mismatch{background:var(--bad)}.banner.incomplete,.banner.unreadable{background:var(--warn)}
.banner strong{font-size:20px;text-transform:uppercase;letter-spacing:.04em}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line);border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f5;font-weight:600;font-size:13px;color:var(--muted)}
td.mono,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;word-break:break-all}
.sev-error{color:var(--bad);font-weight:600}.sev-warning{color:var(--warn);font-weight:600}.sev-info{color:var(--muted)}
.muted{color:var(--muted)}
@media print{body{background:#fff}main{max-width:none;padding:0}.banner{-webkit-print-color-adjust:exact;print-color-adjust:exact}h2{page-break-after:avoid}table{page-break-inside:auto}tr{page-break-inside:avoid}}
@media (max-width:640px){main{padding:12px}th,td{padding:4px 6px}}
)";

void kv(std::ostringstream& o, std::string_view k, const std::string& v, bool mono = false) {
  o << "<tr><th>" << esc(k) << "</th><td" << (mono ? " class=\"mono\"" : "") << ">" << esc(v) << "</td></tr>\n";
}

} // namespace

std::string toHtml(const Report& r) {
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
       "<title>discverify report</title><style>"
    << kStyle << "</style></head><body><main>\n";
  o << "<h1>Disc image verification report</h1>\n";
  if (!r.caseInfo.empty()) {
    o << "<table>";
    if (!r.caseInfo.caseId.empty()) kv(o, "Case", r.caseInfo.caseId);
    if (!r.caseInfo.evidence.empty()) kv(o, "Evidence", r.caseInfo.evidence);
    if (!r.caseInfo.examiner.empty()) kv(o, "Examiner", r.caseInfo.examiner);
    if (!r.caseInfo.organization.empty()) kv(o, "Organization", r.caseInfo.organization);
    if (!r.caseInfo.notes.empty()) kv(o, "Notes", r.caseInfo.notes);
    o << "</table>\n";
  }
  for (const InputReport& in : r.inputs) {
    const analyzer::ImageAnalysis& a = in.analysis;
    o << "<div class=\"banner " << verdictName(in.verdict.status) << "\"><strong>" << verdictName(in.verdict.status)
      << "</strong><div>" << esc(a.source.path) << " — " << esc(in.verdict.reason) << "</div><div>"
      << in.verdict.errors << " errors · " << in.verdict.warnings << " warnings · " << in.verdict.infos
      << " notes</div></div>\n";
    o << "<h2>Evidence</h2><table>";
    kv(o, "Input", a.source.path, true);
    kv(o, "Kind", std::string(analyzer::sourceKindName(a.source.kind)) +
                      (a.source.compression.empty() ? "" : " (" + a.source.compression + ")"));
    kv(o, "Size", std::to_string(a.sizeBytes) + " bytes (" + humanBytes(a.sizeBytes) + ")");
    if (a.zeros.computed)
      kv(o, "All-zero sectors", std::to_string(a.zeros.zeroSectors) + " of " + std::to_string(a.zeros.totalSectors) +
                                    " (" + std::to_string(a.zeros.totalSectors ? a.zeros.zeroSectors * 100 / a.zeros.totalSectors : 0) + "%)");
    kv(o, "Read", a.pass.complete() ? "complete" : "incomplete: " + std::to_string(a.pass.unreadableSectors) + " sectors unreadable");
    o << "</table>\n<h2>Digests</h2><table><tr><th>Algorithm</th><th>Digest</th></tr>\n";
    for (const auto& d : a.digests)
      o << "<tr><td>" << esc(hashing::bsdLabel(d.digest.algorithm)) << "</td><td class=\"mono\">" << d.digest.hex() << "</td></tr>\n";
    o << "</table>\n";
    if (!a.pass.unreadable.empty()) {
      o << "<h2>Unreadable ranges</h2><table><tr><th>Offset</th><th>Length</th></tr>\n";
      for (const auto& u : a.pass.unreadable)
        o << "<tr><td class=\"mono\">0x" << hex(u.offset) << "</td><td>" << u.length << "</td></tr>\n";
      o << "</table>\n";
    }
    if (in.comparison) {
      const Comparison& c = *in.comparison;
      o << "<h2>Comparison with the reference</h2><table><tr><th>What</th><th>Range</th><th>Algorithm</th><th>Expected</th>"
           "<th>Actual</th><th>Result</th></tr>\n";
      for (const ComparisonItem& i : c.items) {
        std::string what = i.what + (i.name.empty() ? "" : " " + i.name);
        std::string range = i.offset && i.length ? "0x" + hex(*i.offset) + " +0x" + hex(*i.length) : "";
        o << "<tr><td>" << esc(what) << "</td><td class=\"mono\">" << range << "</td><td>"
          << esc(hashing::algorithmName(i.algorithm)) << "</td><td class=\"mono\">" << esc(i.expected)
          << "</td><td class=\"mono\">" << esc(i.actual) << "</td><td class=\"" << (i.match ? "sev-info\">match" : "sev-error\">differs")
          << "</td></tr>\n";
      }
      o << "</table>\n";
    }
    writeExtensionsHtml(o, a);
    o << "<h2>Findings</h2>";
    if (in.findings.empty()) o << "<p class=\"muted\">No findings.</p>\n";
    else {
      o << "<table><tr><th>Severity</th><th>Rule</th><th>Clause</th><th>Location</th><th>Message</th></tr>\n";
      for (const Finding& f : in.findings) {
        std::string loc;
        if (f.location.lba) loc += "LBA " + std::to_string(*f.location.lba) + " ";
        if (f.location.offset) loc += "+0x" + hex(*f.location.offset) + " ";
        loc += f.location.path;
        o << "<tr><td class=\"sev-" << severityName(f.severity) << "\">" << severityName(f.severity) << "</td><td class=\"mono\">"
          << esc(f.ruleId) << "</td><td>" << esc(f.clause) << "</td><td class=\"mono\">" << esc(loc) << "</td><td>"
          << esc(f.message) << "</td></tr>\n";
      }
      o << "</table>\n";
    }
    for (const auto& set : a.pieceSets) {
      o << "<h2>Pieces (" << esc(hashing::bsdLabel(set.algorithm)) << ", " << humanBytes(set.pieceSize)
        << ")</h2><table><tr><th>Offset</th><th>Length</th><th>Digest</th></tr>\n";
      for (const auto& p : set.pieces)
        o << "<tr><td class=\"mono\">0x" << hex(p.offset) << "</td><td>" << p.length << "</td><td class=\"mono\">"
          << p.digest.hex() << "</td></tr>\n";
      o << "</table>\n";
    }
  }
  const Provenance& p = r.provenance;
  o << "<h2>Provenance</h2><table>";
  kv(o, "Tool", p.program + " " + p.version + " (" + p.gitCommit + ")");
  std::string libs;
  for (const auto& l : p.libraries) libs += (libs.empty() ? "" : ", ") + l.name + " " + l.version;
  kv(o, "Libraries", libs);
  kv(o, "Command", p.commandLine, true);
  kv(o, "Host", p.host + " (" + p.osSysname + " " + p.osRelease + ", " + p.arch + ")");
  if (!r.signingKeyId.empty()) kv(o, "Signature", "ed25519, key " + r.signingKeyId + " (XML and JSON reports, <report>.sig)");
  kv(o, "Started", p.startTime);
  kv(o, "Finished", p.endTime);
  o << "</table>\n</main></body></html>\n";
  return o.str();
}

} // namespace dv::report
