// FileMd5: the libisofs checksum array and the isofs.cx index of each file.
#include "analyzer/iso9660/FileMd5.h"

#include <algorithm>

#include "hashing/Hasher.h"

namespace dv::analyzer {
namespace {

constexpr uint64_t kMaxArrayBytes = uint64_t{16} << 20;

/// A big-endian number of at most 8 bytes.
std::optional<uint64_t> bigEndian(std::string_view bytes) {
  if (bytes.empty() || bytes.size() > 8) return std::nullopt;
  uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

std::string hexOf(ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

} // namespace

std::optional<LibisofsFileMd5s> parseChecksumArrayAttribute(std::string_view value) {
  // susp_aaip_isofs_names: START_LEN START_BYTES END_LEN END_BYTES COUNT_LEN COUNT_BYTES SIZE_LEN SIZE_BYTES TYPE.
  uint64_t numbers[4] = {};
  size_t pos = 0;
  for (uint64_t& n : numbers) {
    if (pos >= value.size()) return std::nullopt;
    const size_t len = static_cast<unsigned char>(value[pos]);
    if (pos + 1 + len > value.size()) return std::nullopt;
    auto v = bigEndian(value.substr(pos + 1, len));
    if (!v) return std::nullopt;
    n = *v;
    pos += 1 + len;
  }
  LibisofsFileMd5s out;
  out.rangeStart = numbers[0];
  out.arrayLba = numbers[1];
  out.count = numbers[2];
  out.itemSize = numbers[3];
  out.type = std::string(value.substr(pos));
  return out;
}

std::optional<LibisofsFileMd5s> readLibisofsFileMd5s(const ImageSectors& image, const iso9660::IsoVolume& volume,
                                                     const RockRidgeVolume& rockRidge) {
  const auto& tree = volume.tree;
  if (tree.directories.empty() || tree.directories[0].records.empty()) return std::nullopt;
  const SystemUseFacts* root = rockRidge.facts(tree.directories[0].records[0]);
  const std::string* ca = root ? root->attribute("isofs.ca") : nullptr;
  if (!ca) return std::nullopt;
  auto parsed = parseChecksumArrayAttribute(*ca);
  if (!parsed) return std::nullopt;
  LibisofsFileMd5s out = std::move(*parsed);
  // Only MD5 is registered; an array of another kind, or one larger than the image, is not read.
  if (out.type != "MD5" || out.itemSize != 16 || out.count < 2 || out.arrayLba > image.sectorCount() ||
      out.count > kMaxArrayBytes / 16)
    return out;
  auto array = image.read(out.arrayLba * 2048, out.count * 16);
  if (!array) return out;
  out.arrayRead = true;
  const ByteView bytes(*array);
  const uint64_t last = out.count - 1; // entry N+1 = MD5 of entries 0 ... N
  out.arraySelfRecorded = hexOf(bytes.subspan(last * 16, 16));
  out.arraySelfComputed = hashing::digestOf(hashing::Algorithm::Md5, bytes.first(last * 16)).hex();
  for (size_t i = 0; i < tree.files.size(); ++i) {
    const auto& f = tree.files[i];
    if (f.sections.empty()) continue;
    const SystemUseFacts* facts = rockRidge.facts(f.sections.front());
    const std::string* cx = facts ? facts->attribute("isofs.cx") : nullptr;
    if (!cx) continue;
    const std::string path = i < rockRidge.filePaths.size() && !rockRidge.filePaths[i].empty() ? rockRidge.filePaths[i] : f.path;
    const auto index = bigEndian(*cx);
    if (!index || *index == 0 || *index >= last) {
      out.badIndexes.push_back(path);
      continue;
    }
    RecordedFileMd5 r{i, path, static_cast<uint32_t>(*index), hexOf(bytes.subspan(*index * 16, 16)), 0, {}};
    if (!f.runs.empty()) {
      uint64_t begin = UINT64_MAX, end = 0;
      for (const auto& run : f.runs) {
        begin = std::min(begin, run.imageOffset);
        end = std::max(end, run.imageOffset + run.length);
      }
      r.lba = f.runs.front().imageOffset / 2048;
      r.covered = {begin, end - begin};
    }
    out.files.push_back(std::move(r));
  }
  return out;
}

} // namespace dv::analyzer
