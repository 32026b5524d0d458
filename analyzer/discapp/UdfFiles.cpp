// UdfFiles: partition, file set, root directory, one subdirectory (ECMA-167 3/10, 4/14).
#include "analyzer/discapp/UdfFiles.h"

#include <cctype>

#include "core/ByteReader.h"

namespace dv::analyzer {
namespace {

constexpr uint64_t kSector = 2048;
constexpr uint16_t kTagPartition = 5, kTagLogicalVolume = 6, kTagFileSet = 256, kTagFileIdentifier = 257,
                   kTagFileEntry = 261, kTagExtendedFileEntry = 266;
constexpr uint64_t kMaxDirectoryBytes = uint64_t{1} << 20;
constexpr size_t kMaxEntries = 65536;

struct Volume {
  uint64_t partitionStart = 0;  // image sector of logical block 0 of the partition
};

/// ECMA-167 4/14.9 / 14.17: a file entry's length and its first allocation descriptor.
struct Entry {
  bool directory = false;
  uint64_t length = 0;
  uint64_t firstBlock = 0;      // logical block of the first extent
  uint64_t firstExtentBytes = 0;
  bool embedded = false;        // data inside the entry (allocation type 3)
  std::vector<uint8_t> embeddedData;
};

uint16_t tagId(ByteView d) {
  ByteReader r(d);
  const uint16_t id = r.le16At(0);
  return r.takeError() ? 0 : id;
}

std::optional<Entry> readEntry(const ImageSectors& image, const Volume& v, uint64_t block) {
  auto s = image.sector(v.partitionStart + block);
  if (!s) return std::nullopt;
  ByteReader r(*s);
  const uint16_t id = r.le16At(0);
  if (id != kTagFileEntry && id != kTagExtendedFileEntry) return std::nullopt;
  Entry e;
  e.directory = r.u8At(16 + 11) == 4;           // ICB tag file type (4/14.6.6): 4 = directory
  const uint16_t icbFlags = r.le16At(16 + 18);
  e.length = r.le64At(56);
  const bool extended = id == kTagExtendedFileEntry;
  const uint32_t lEa = r.le32At(extended ? 208 : 168);
  const uint32_t lAd = r.le32At(extended ? 212 : 172);
  const size_t ads = (extended ? 216 : 176) + size_t{lEa};
  if (r.takeError() || !r.fits(ads, lAd)) return std::nullopt;
  switch (icbFlags & 7) {
  case 0: // short_ad (4/14.14.1): length (30 bits), position
    if (lAd < 8) return e;
    e.firstExtentBytes = r.le32At(ads) & 0x3FFFFFFF;
    e.firstBlock = r.le32At(ads + 4);
    break;
  case 1: // long_ad (4/14.14.2): length, logical block, partition reference
    if (lAd < 16) return e;
    e.firstExtentBytes = r.le32At(ads) & 0x3FFFFFFF;
    e.firstBlock = r.le32At(ads + 4);
    break;
  case 3: { // data embedded in the entry
    e.embedded = true;
    const ByteView d = r.viewAt(ads, lAd);
    e.embeddedData.assign(d.begin(), d.end());
    break;
  }
  default: return std::nullopt; // extended_ad: not used by UDF
  }
  if (r.takeError()) return std::nullopt;
  return e;
}

/// The directory's file identifier descriptors (4/14.4): name, characteristics, ICB block.
struct Fid {
  std::string name;
  bool directory = false;
  bool parent = false;
  bool deleted = false;
  uint64_t icbBlock = 0;
};

std::string udfName(ByteView id) {
  if (id.empty()) return {};
  std::string out;
  if (id[0] == 8) {
    for (size_t i = 1; i < id.size(); ++i) out += static_cast<char>(id[i]);
  } else if (id[0] == 16) {
    for (size_t i = 1; i + 1 < id.size(); i += 2) out += id[i] == 0 && id[i + 1] < 0x80 ? static_cast<char>(id[i + 1]) : '?';
  }
  return out;
}

std::optional<std::vector<Fid>> readDirectory(const ImageSectors& image, const Volume& v, const Entry& dir) {
  if (!dir.directory || dir.length > kMaxDirectoryBytes) return std::nullopt;
  std::vector<uint8_t> bytes;
  if (dir.embedded) {
    bytes = dir.embeddedData;
  } else {
    // One extent covers every directory a DVD or BD authoring tool writes.
    if (dir.firstExtentBytes < dir.length) return std::nullopt;
    auto read = image.read((v.partitionStart + dir.firstBlock) * kSector, dir.length);
    if (!read) return std::nullopt;
    bytes = std::move(*read);
  }
  std::vector<Fid> out;
  ByteReader r(bytes);
  size_t pos = 0;
  while (pos + 38 <= bytes.size() && out.size() < kMaxEntries) {
    if (r.le16At(pos) != kTagFileIdentifier) return std::nullopt;
    Fid f;
    const uint8_t flags = r.u8At(pos + 18);
    const uint8_t lFi = r.u8At(pos + 19);
    f.icbBlock = r.le32At(pos + 20 + 4);
    const uint16_t lIu = r.le16At(pos + 36);
    const size_t total = (38 + size_t{lIu} + lFi + 3) & ~size_t{3};
    if (!r.fits(pos + 38 + lIu, lFi) || pos + total > bytes.size() + 3) return std::nullopt;
    f.directory = flags & 0x02;
    f.deleted = flags & 0x04;
    f.parent = flags & 0x08;
    f.name = udfName(r.viewAt(pos + 38 + lIu, lFi));
    if (r.takeError()) return std::nullopt;
    out.push_back(std::move(f));
    pos += total;
  }
  return out;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

} // namespace

std::optional<std::vector<UdfFile>> readUdfDirectory(const ImageSectors& image, const UdfRecognition& udf, const std::string& directory) {
  if (!udf.hasUdf()) return std::nullopt;
  // 3/10.5 partition descriptor: starting location at byte 188; 3/10.6 logical volume descriptor:
  // logical block size at 212, file set descriptor long_ad at 248.
  std::optional<uint64_t> partitionStart, fsdBlock;
  for (const UdfVdsDescriptor& d : udf.mainVds) {
    if (d.tag.identifier != kTagPartition && d.tag.identifier != kTagLogicalVolume) continue;
    auto s = image.sector(d.lba);
    if (!s) continue;
    ByteReader r(*s);
    if (d.tag.identifier == kTagPartition && !partitionStart) {
      const uint32_t start = r.le32At(188);
      if (!r.takeError()) partitionStart = start;
    }
    if (d.tag.identifier == kTagLogicalVolume && !fsdBlock) {
      const uint32_t blockSize = r.le32At(212);
      const uint32_t fsd = r.le32At(248 + 4);
      if (!r.takeError() && blockSize == kSector) fsdBlock = fsd;
    }
  }
  if (!partitionStart || !fsdBlock) return std::nullopt;
  const Volume v{*partitionStart};
  auto fsd = image.sector(v.partitionStart + *fsdBlock);
  if (!fsd || tagId(*fsd) != kTagFileSet) return std::nullopt;
  ByteReader fr(*fsd);
  const uint32_t rootBlock = fr.le32At(400 + 4); // 4/14.1: root directory ICB, long_ad at 400
  if (fr.takeError()) return std::nullopt;
  auto root = readEntry(image, v, rootBlock);
  if (!root) return std::nullopt;
  auto rootFids = readDirectory(image, v, *root);
  if (!rootFids) return std::nullopt;
  const Fid* sub = nullptr;
  for (const Fid& f : *rootFids)
    if (!f.parent && !f.deleted && f.directory && upper(f.name) == upper(directory)) sub = &f;
  if (!sub) return std::vector<UdfFile>{};
  auto subEntry = readEntry(image, v, sub->icbBlock);
  if (!subEntry) return std::nullopt;
  auto fids = readDirectory(image, v, *subEntry);
  if (!fids) return std::nullopt;
  std::vector<UdfFile> out;
  for (const Fid& f : *fids) {
    if (f.parent || f.deleted) continue;
    auto e = readEntry(image, v, f.icbBlock);
    UdfFile u;
    u.name = f.name;
    u.directory = f.directory;
    if (e) {
      u.size = e->length;
      u.lba = e->embedded ? 0 : v.partitionStart + e->firstBlock;
    }
    out.push_back(std::move(u));
  }
  return out;
}

} // namespace dv::analyzer
