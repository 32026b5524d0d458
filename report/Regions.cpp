// Regions of the report: the sector map's regions and the file listing, derived from the model.
#include <algorithm>
#include <cstdio>
#include <tuple>

#include "report/ExtensionSections.h"
#include "report/Report.h"

namespace dv::report {

using analyzer::Region;
using analyzer::RegionKind;

namespace {

/// "/DATA" for "/DATA/SUB/A.TXT;1", "/" for a file in the root.
std::string topLevel(const std::string& path) {
  const size_t second = path.find('/', 1);
  return second == std::string::npos ? "/" : path.substr(0, second);
}

/// Regions of the ISO 9660 volume: descriptors, path tables, directories and file data.
void addIsoRegions(const analyzer::ImageAnalysis& a, std::vector<Region>& out) {
  const auto& iso = a.iso;
  if (!iso.found) return;
  const uint64_t bs = iso.blockSize ? iso.blockSize : 2048;
  for (const auto& slot : iso.slots) {
    if (out.size() >= analyzer::kMaxRegions) return;
    const char* what = slot.type == 0 ? "Boot record" : slot.type == 1 ? "Primary volume descriptor"
                     : slot.type == 2 ? "Supplementary volume descriptor" : slot.type == 3 ? "Volume partition descriptor"
                     : slot.type == 255 ? "Volume descriptor set terminator" : "Volume descriptor";
    out.push_back({slot.sector * 2048, 2048, RegionKind::VolumeDescriptors,
                   std::string(what) + " (sector " + std::to_string(slot.sector) + ")", ""});
  }
  for (const auto& pt : iso.pathTables)
    if (pt.declaredSize > 0)
      out.push_back({uint64_t{pt.location} * bs, pt.declaredSize, RegionKind::PathTable,
                     std::string("Path table type ") + (pt.kind == analyzer::iso9660::PathTableKind::TypeL ? "L" : "M") +
                         " (LBA " + std::to_string(pt.location) + ")", ""});
  for (const auto& d : iso.tree.directories) {
    if (out.size() >= analyzer::kMaxRegions) return;
    if (d.outsideImage || d.dataLength == 0) continue;
    out.push_back({uint64_t{d.extent} * bs, d.dataLength, RegionKind::Directory, "Directory " + d.path, ""});
  }
  for (size_t i = 0; i < iso.tree.files.size(); ++i) {
    const std::string name = bestFileName(a, i);
    for (const auto& run : iso.tree.files[i].runs) {
      if (out.size() >= analyzer::kMaxRegions) return;
      if (run.readableLength == 0) continue;
      out.push_back({run.imageOffset, run.readableLength, RegionKind::FileData, name, topLevel(name)});
    }
  }
}

} // namespace

std::vector<FileRow> collectFiles(const analyzer::ImageAnalysis& a) {
  std::vector<FileRow> rows;
  if (a.iso.found && !a.iso.tree.files.empty()) {
    for (size_t i = 0; i < a.iso.tree.files.size(); ++i) {
      const auto& f = a.iso.tree.files[i];
      FileRow row;
      row.path = bestFileName(a, i); // the name the reports give the file
      row.size = f.size;
      if (!f.runs.empty() && !a.isoInUserData) row.offset = f.runs.front().imageOffset; // a CD's runs are no input offsets
      if (i < a.isoFileDigests.size()) {
        row.digests = a.isoFileDigests[i].digests;
        row.complete = a.isoFileDigests[i].complete;
      }
      rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const FileRow& x, const FileRow& y) { return x.path < y.path; });
    return rows;
  }
  // Without a file-system model, file data regions (from other parsers) name the files.
  for (const Region& r : a.regions) {
    if (r.kind != RegionKind::FileData) continue;
    FileRow row;
    row.path = r.label;
    row.size = r.length;
    row.offset = r.offset;
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const FileRow& x, const FileRow& y) { return x.path < y.path; });
  return rows;
}

std::vector<Region> discRegions(const analyzer::ImageAnalysis& a) {
  std::vector<Region> out;
  if (!a.cd) return out;
  constexpr uint64_t kRaw = 2352;
  for (const auto& t : a.cd->disc.tracks) {
    if (out.size() >= analyzer::kMaxRegions) break;
    const int64_t start = t.startLba;
    if (start < 0) continue;
    if (t.pregap > 0 && start >= t.pregap)
      out.push_back({static_cast<uint64_t>(start - t.pregap) * kRaw, uint64_t{t.pregap} * kRaw, RegionKind::Pregap,
                     "Pregap of track " + std::to_string(t.number) + " (" + std::to_string(t.pregap) + " sectors)", ""});
    char label[96];
    std::snprintf(label, sizeof label, "Track %02u (%s, session %u)", t.number,
                  t.audio() ? "audio" : std::string(analyzer::cd::trackModeName(t.mode)).c_str(), t.session);
    out.push_back({static_cast<uint64_t>(start) * kRaw, t.sectors * kRaw, RegionKind::Track, label, t.audio() ? "audio" : "data"});
  }
  // The data session's volume, read from the user data of its sectors: its structures and files at
  // the disc sectors holding them (user-data sector n is disc sector n). A later session's own
  // descriptors were read from its start + 16 onward in place of sectors 16-47.
  if (a.isoInUserData) {
    std::vector<Region> volume;
    addIsoRegions(a, volume);
    const uint64_t session = a.iso.sessionStart;
    for (Region& r : volume) {
      if (out.size() >= analyzer::kMaxRegions) break;
      uint64_t first = r.offset / 2048;
      uint64_t end = (r.offset + r.length + 2047) / 2048;
      if (session > 0 && first >= 16 && end <= 48) {
        first += session;
        end += session;
        if (const size_t at = r.label.rfind(" (sector "); at != std::string::npos)
          r.label = r.label.substr(0, at) + " (sector " + std::to_string(first) + ")";
      }
      r.offset = first * kRaw;
      r.length = (end - first) * kRaw;
      out.push_back(std::move(r));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Region& x, const Region& y) { return x.offset < y.offset; });
  return out;
}

std::vector<Region> mapRegions(const analyzer::ImageAnalysis& a) {
  std::vector<Region> out = a.regions;
  auto hasAny = [&](RegionKind k) { return std::any_of(out.begin(), out.end(), [k](const Region& r) { return r.kind == k; }); };
  if (!hasAny(RegionKind::VolumeDescriptors) && !hasAny(RegionKind::FileData)) addIsoRegions(a, out);
  auto has = [&](RegionKind k) { return std::any_of(out.begin(), out.end(), [k](const Region& r) { return r.kind == k; }); };
  const uint64_t size = a.sizeBytes;
  // ECMA-119 6.2.1: the first 16 sectors are the system area of any ISO 9660 image.
  const uint64_t volumeBytes = uint64_t{a.systemArea.volumeSpaceSize} * 2048;
  if (volumeBytes > 0) {
    if (!has(RegionKind::SystemArea))
      out.push_back({0, 32768, RegionKind::SystemArea,
                     a.systemArea.systemAreaZero ? "System area (sectors 0-15, zero)" : "System area (sectors 0-15, boot code / partition table)", ""});
    if (!has(RegionKind::VolumeDescriptors))
      out.push_back({32768, 2048, RegionKind::VolumeDescriptors, "Primary volume descriptor (sector 16)", ""});
    if (!has(RegionKind::TrailingData) && volumeBytes < size)
      out.push_back({volumeBytes, size - volumeBytes, RegionKind::TrailingData,
                     "Past the declared volume end (" + std::to_string(a.systemArea.volumeSpaceSize) + " blocks)", ""});
  }
  if (!has(RegionKind::BootCatalog) && a.elTorito.catalogRead && !a.elTorito.bootRecords.empty()) {
    const uint64_t off = uint64_t{a.elTorito.bootRecords.front().catalogLba} * 2048;
    if (off < size) out.push_back({off, std::min<uint64_t>(2048, size - off), RegionKind::BootCatalog, "El Torito boot catalog", ""});
  }
  if (!has(RegionKind::BootImage)) {
    for (const auto& e : a.elTorito.entries) {
      if (e.image.offset >= size || e.image.length == 0) continue;
      out.push_back({e.image.offset, std::min(e.image.length, size - e.image.offset), RegionKind::BootImage,
                     "Boot image " + std::to_string(e.section) + "." + std::to_string(e.index) + " (" + e.imageBasis + ")", ""});
    }
  }
  // Keep only what lies in the image, clipped to it.
  std::vector<Region> clipped;
  for (Region& r : out) {
    if (r.offset >= size || r.length == 0) continue;
    r.length = std::min(r.length, size - r.offset);
    clipped.push_back(std::move(r));
  }
  std::stable_sort(clipped.begin(), clipped.end(), [](const Region& x, const Region& y) {
    return std::tie(x.offset, x.kind, x.label) < std::tie(y.offset, y.kind, y.label);
  });
  return clipped;
}

} // namespace dv::report
