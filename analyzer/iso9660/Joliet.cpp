// Joliet: UCS-2BE decoding, descriptor text checks and the Joliet tree.
#include "analyzer/iso9660/Joliet.h"

#include "core/Text.h"

#include <algorithm>
#include <map>

namespace dv::analyzer {
namespace {

uint16_t unitAt(std::string_view raw, size_t i) {
  return static_cast<uint16_t>((static_cast<uint8_t>(raw[i]) << 8) | static_cast<uint8_t>(raw[i + 1]));
}

/// Joliet forbids these in names: controls, * / : ; ? \ (the ; of the version separator aside).
bool forbidden(uint16_t u) { return u < 0x20 || u == 0x2A || u == 0x2F || u == 0x3A || u == 0x3B || u == 0x3F || u == 0x5C; }

/// Checks one raw identifier; adds defects and returns the name length in characters (without ;version).
size_t checkName(std::string_view raw, const std::string& path, uint64_t offset, std::vector<JolietNameDefect>& out) {
  if (raw.size() % 2 != 0) out.push_back({JolietNameDefect::Kind::OddLength, path, offset, 0});
  size_t end = raw.size() - raw.size() % 2;
  // The version suffix ";1" is the one place a ';' belongs.
  for (size_t i = 0; i + 1 < end; i += 2)
    if (unitAt(raw, i) == 0x3B) {
      end = i;
      break;
    }
  size_t chars = 0;
  for (size_t i = 0; i + 1 < end; i += 2) {
    const uint16_t u = unitAt(raw, i);
    ++chars;
    if (forbidden(u)) out.push_back({JolietNameDefect::Kind::ForbiddenCodeUnit, path, offset, u});
    if (u >= 0xD800 && u < 0xDC00 && i + 3 < end && unitAt(raw, i + 2) >= 0xDC00 && unitAt(raw, i + 2) < 0xE000) {
      i += 2; // a UTF-16 pair: one character
      continue;
    }
    if (u >= 0xD800 && u < 0xE000) out.push_back({JolietNameDefect::Kind::UnpairedSurrogate, path, offset, u});
  }
  return chars;
}

/// A descriptor text field: UCS-2BE, padded with 00 20. ASCII text shows as units whose high byte
/// is printable (an ASCII-padded field ends in 20 20); 00 00 units and surrogates do not belong.
/// Odd-length fields end in one spare byte, which is not checked.
bool goodTextField(std::string_view raw) {
  const size_t even = raw.size() - raw.size() % 2;
  if (even == 0) return true;
  for (size_t i = 0; i + 1 < even; i += 2) {
    const uint16_t u = unitAt(raw, i);
    if (u == 0x0000 || (u >= 0xD800 && u < 0xE000)) return false;
  }
  return unitAt(raw, even - 2) != 0x2020;
}

} // namespace

std::string decodeUcs2(std::string_view raw) {
  std::string out;
  const size_t even = raw.size() - raw.size() % 2;
  for (size_t i = 0; i < even; i += 2) {
    const uint16_t u = unitAt(raw, i);
    if (u >= 0xD800 && u < 0xDC00 && i + 3 < even) {
      const uint16_t lo = unitAt(raw, i + 2);
      if (lo >= 0xDC00 && lo < 0xE000) {
        appendUtf8(out, 0x10000 + ((uint32_t{u} - 0xD800) << 10) + (lo - 0xDC00U));
        i += 2;
        continue;
      }
    }
    appendUtf8(out, (u >= 0xD800 && u < 0xE000) || u == 0 ? 0xFFFD : u);
  }
  if (raw.size() % 2 != 0) appendUtf8(out, 0xFFFD);
  return out;
}

std::vector<JolietVolume> readJolietVolumes(iso9660::MetadataReader& reader, const iso9660::IsoVolume& volume) {
  std::vector<JolietVolume> out;
  for (const auto& s : volume.supplementaries) {
    const iso9660::VolumeDescriptor& d = s.descriptor;
    if (!d.isJoliet()) continue;
    JolietVolume j;
    j.descriptorSector = d.sector;
    j.level = d.jolietLevel();
    j.volumeFlags = d.volumeFlags;
    j.descriptorVersion = d.volumeDescriptorVersion;
    j.fileStructureVersion = d.fileStructureVersion;
    j.escapeTailZero = std::all_of(d.escapeSequences.begin() + 3, d.escapeSequences.end(), [](uint8_t b) { return b == 0; });
    const std::pair<const char*, const std::string*> fields[] = {
        {"system identifier", &d.systemIdentifier},     {"volume identifier", &d.volumeIdentifier},
        {"volume set identifier", &d.volumeSetIdentifier}, {"publisher identifier", &d.publisherIdentifier},
        {"data preparer identifier", &d.dataPreparerIdentifier}, {"application identifier", &d.applicationIdentifier},
        {"copyright file identifier", &d.copyrightFileIdentifier}, {"abstract file identifier", &d.abstractFileIdentifier},
        {"bibliographic file identifier", &d.bibliographicFileIdentifier}};
    for (const auto& [name, value] : fields)
      if (!goodTextField(*value)) j.badTextFields.push_back(name);
    if (d.rootDirectoryRecord) {
      uint32_t blockSize = d.logicalBlockSize.value();
      if (blockSize != 512 && blockSize != 1024 && blockSize != 2048) blockSize = volume.blockSize;
      j.tree = iso9660::walkHierarchy(reader, *d.rootDirectoryRecord, blockSize,
                                      [](std::string_view raw) { return decodeUcs2(raw); });
    }
    for (uint32_t i = 0; i < j.tree.records.size(); ++i) {
      const auto& r = j.tree.records[i];
      if (r.record.isSelf() || r.record.isParent()) continue;
      const size_t chars = checkName(r.record.fileIdentifier, r.path, r.offset, j.nameDefects);
      j.longestName = std::max(j.longestName, chars);
      if (chars > 64 && j.longNames.size() < 10000) j.longNames.emplace_back(i, chars);
      if (r.path.size() > 240 && j.longPaths.size() < 10000) j.longPaths.push_back(i);
      if (j.nameDefects.size() > 10000) break;
    }
    std::map<std::pair<uint64_t, uint64_t>, std::vector<size_t>> byKey;
    for (size_t i = 0; i < j.tree.files.size(); ++i) {
      const auto& f = j.tree.files[i];
      byKey[{f.runs.empty() ? 0 : f.runs.front().lba, f.size}].push_back(i);
    }
    j.pathOfPrimaryFile.resize(volume.tree.files.size());
    for (size_t i = 0; i < volume.tree.files.size(); ++i) {
      const auto& f = volume.tree.files[i];
      auto it = byKey.find({f.runs.empty() ? 0 : f.runs.front().lba, f.size});
      if (it == byKey.end() || it->second.empty()) continue;
      j.pathOfPrimaryFile[i] = j.tree.files[it->second.front()].path;
      it->second.erase(it->second.begin());
    }
    // Directories have their own extents in each tree; a directory's Joliet path is the prefix of
    // the Joliet path of a file below it, taken where both paths have as many components (a tree
    // relocated by Rock Ridge does not). Each directory is named once, so this is linear.
    j.pathOfPrimaryDirectory.assign(volume.tree.directories.size(), std::string());
    if (!j.pathOfPrimaryDirectory.empty()) j.pathOfPrimaryDirectory[0] = "/";
    for (size_t i = 0; i < volume.tree.files.size(); ++i) {
      const std::string& joliet = j.pathOfPrimaryFile[i];
      const auto& f = volume.tree.files[i];
      if (joliet.empty() || std::count(joliet.begin(), joliet.end(), '/') != std::count(f.path.begin(), f.path.end(), '/'))
        continue;
      size_t end = joliet.rfind('/'); // the prefix [0, end) names the directory
      for (uint32_t dir = f.directory; dir != 0 && dir < j.pathOfPrimaryDirectory.size() && end != 0 &&
                                       end != std::string::npos && j.pathOfPrimaryDirectory[dir].empty();) {
        j.pathOfPrimaryDirectory[dir].assign(joliet, 0, end);
        const auto& parent = volume.tree.directories[dir].parent;
        if (!parent) break;
        end = joliet.rfind('/', end - 1);
        dir = *parent;
      }
    }
    out.push_back(std::move(j));
  }
  return out;
}

} // namespace dv::analyzer
