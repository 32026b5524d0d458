// SystemArea: MBR, GPT and APM of a hybrid image (extensions.md 6.1-6.3).
#include "analyzer/iso9660/SystemArea.h"

#include <algorithm>

#include <fmt/format.h>

#include "analyzer/iso9660/Checksums.h"
#include "core/ByteReader.h"
#include "core/Text.h"

namespace dv::analyzer {
namespace {

constexpr uint64_t kHeadBytes = 2 * kImageSectorBytes;
constexpr uint64_t kGptHeaderBytes = 92;
constexpr uint64_t kMaxGptArrayBytes = uint64_t{4} << 20; // 32768 entries of 128 bytes
constexpr unsigned kMaxApmEntries = 64;
constexpr std::string_view kSyslinuxMessage = "isolinux.bin missing or corrupt";

/// UTF-16LE to UTF-8, stopping at the first 0000; unpaired surrogates become U+FFFD.
std::string utf16leName(ByteView bytes) {
  std::string out;
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    const uint32_t u = bytes[i] | (uint32_t{bytes[i + 1]} << 8);
    if (u == 0) break;
    if (u >= 0xD800 && u < 0xDC00 && i + 3 < bytes.size()) {
      const uint32_t lo = bytes[i + 2] | (uint32_t{bytes[i + 3]} << 8);
      if (lo >= 0xDC00 && lo < 0xE000) {
        appendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        i += 2;
        continue;
      }
    }
    appendUtf8(out, u >= 0xD800 && u < 0xE000 ? 0xFFFD : u);
  }
  return out;
}

std::string gptTypeName(const std::string& guid) {
  if (guid == "C12A7328-F81F-11D2-BA4B-00A0C93EC93B") return "EFI System";
  if (guid == "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7") return "Basic data";
  if (guid == "48465300-0000-11AA-AA11-00306543ECAC") return "HFS+";
  if (guid == "0FC63DAF-8483-4772-8E79-3D69D8477DE4") return "Linux filesystem";
  return {};
}

Mbr parseMbr(ByteView sector) {
  ByteReader in(sector);
  Mbr m;
  m.diskSignature = in.le32At(440);
  const std::string code = in.stringAt(0, 432);
  m.syslinuxCode = code.find(kSyslinuxMessage) != std::string::npos;
  m.isohybridBootBlock = in.le64At(432);
  for (unsigned i = 0; i < 4; ++i) {
    const size_t base = 446 + 16 * size_t{i};
    MbrPartition p;
    p.index = i + 1;
    p.status = in.u8At(base);
    p.type = in.u8At(base + 4);
    p.startLba = in.le32At(base + 8);
    p.sectorCount = in.le32At(base + 12);
    if (p.type != 0 || p.sectorCount != 0) m.partitions.push_back(p); // xorriso writes a type-00 ISO partition
  }
  (void)in.takeError(); // every field lies inside the 512 bytes
  return m;
}

GptHeader parseGptHeader(ByteView block, uint64_t offset) {
  ByteReader in(block);
  GptHeader h;
  h.offset = offset;
  h.signature = in.stringAt(0, 8) == "EFI PART";
  h.revision = in.le32At(8);
  h.headerSize = in.le32At(12);
  h.headerCrc = in.le32At(16);
  h.currentLba = in.le64At(24);
  h.backupLba = in.le64At(32);
  h.firstUsableLba = in.le64At(40);
  h.lastUsableLba = in.le64At(48);
  h.diskGuid = guidText(in.viewAt(56, 16));
  h.entriesLba = in.le64At(72);
  h.entryCount = in.le32At(80);
  h.entrySize = in.le32At(84);
  h.entriesCrc = in.le32At(88);
  // UEFI 5.3.2: the CRC covers HeaderSize bytes with the CRC field zeroed; a size outside
  // [92, 512] cannot be checked, so the 92 standard bytes are used and a rule reports the size.
  const size_t covered = (h.headerSize >= kGptHeaderBytes && h.headerSize <= block.size()) ? h.headerSize : kGptHeaderBytes;
  std::vector<uint8_t> copy(block.begin(), block.begin() + static_cast<std::ptrdiff_t>(std::min(covered, block.size())));
  if (copy.size() >= 20) std::fill(copy.begin() + 16, copy.begin() + 20, uint8_t{0});
  h.computedHeaderCrc = crc32Gpt(copy);
  (void)in.takeError();
  return h;
}

/// Reads the partition array of `h`, computes its CRC and (when `into` is given) lists used entries.
void readGptArray(const ImageSectors& image, GptHeader& h, std::vector<GptPartition>* into) {
  uint64_t bytes = 0;
  uint64_t offset = 0;
  if (h.entrySize < 128 || !checkedMul(h.entryCount, h.entrySize, bytes) || bytes > kMaxGptArrayBytes ||
      !checkedMul(h.entriesLba, 512, offset))
    return;
  auto array = image.read(offset, bytes);
  if (!array) return;
  h.entriesRead = true;
  h.computedEntriesCrc = crc32Gpt(*array);
  if (!into) return;
  for (uint32_t i = 0; i < h.entryCount; ++i) {
    ByteReader in(ByteView(*array).subspan(size_t{i} * h.entrySize, h.entrySize));
    const ByteView type = in.viewAt(0, 16);
    if (std::all_of(type.begin(), type.end(), [](uint8_t b) { return b == 0; })) continue;
    GptPartition p;
    p.index = i + 1;
    p.typeGuid = guidText(type);
    p.uniqueGuid = guidText(in.viewAt(16, 16));
    p.firstLba = in.le64At(32);
    p.lastLba = in.le64At(40);
    p.attributes = in.le64At(48);
    p.name = utf16leName(in.viewAt(56, 72));
    p.typeName = gptTypeName(p.typeGuid);
    (void)in.takeError();
    into->push_back(std::move(p));
  }
}

Apm parseApm(const ImageSectors& image, ByteView block0) {
  ByteReader in(block0);
  Apm a;
  a.blockSize = in.be16At(2);
  a.blockCount = in.be32At(4);
  (void)in.takeError();
  // Entries sit one per block; hybrids use 2048-byte blocks. Other sizes are read as 2048 so a
  // damaged size field still shows the map (a rule reports the size).
  const uint64_t step = (a.blockSize == 512 || a.blockSize == 2048) ? a.blockSize : 2048;
  uint32_t declared = 1;
  for (unsigned i = 1; i <= kMaxApmEntries && i <= declared; ++i) {
    auto block = image.read(step * i, 512);
    if (!block) break;
    ByteReader e(*block);
    ApmEntry entry;
    entry.index = i;
    entry.signature = e.stringAt(0, 2) == "PM";
    if (!entry.signature) break;
    entry.mapEntries = e.be32At(4);
    entry.startBlock = e.be32At(8);
    entry.blockCount = e.be32At(12);
    entry.name = std::string(trimSpaces(e.stringAt(16, 32)));
    entry.type = std::string(trimSpaces(e.stringAt(48, 32)));
    entry.status = e.be32At(88);
    (void)e.takeError();
    if (i == 1) declared = entry.mapEntries;
    a.entries.push_back(std::move(entry));
  }
  return a;
}

} // namespace

std::string guidText(ByteView b) {
  if (b.size() < 16) return {};
  return fmt::format("{:02X}{:02X}{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}",
                     b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

SystemArea readSystemArea(const ImageSectors& image) {
  SystemArea out;
  // The first two sectors hold the MBR, the GPT header and the first APM entry; reading only them
  // keeps a damaged system area from costing retries the pass will spend anyway.
  auto head = image.read(0, std::min(kHeadBytes, image.sizeBytes()));
  if (!head || head->size() < 1024) return out;
  const ByteView sa(*head);
  out.systemAreaZero = std::all_of(sa.begin(), sa.end(), [](uint8_t b) { return b == 0; });
  if (auto pvd = image.sector(16)) {
    ByteReader in(*pvd);
    if (in.u8At(0) == 1 && in.stringAt(1, 5) == "CD001") out.volumeSpaceSize = in.le32At(80); // ECMA-119 8.4.8
    (void)in.takeError();
  }
  if (out.systemAreaZero) return out;

  if (sa[510] == 0x55 && sa[511] == 0xAA) out.mbr = parseMbr(sa.first(512));

  GptHeader primary = parseGptHeader(sa.subspan(512, 512), 512);
  if (primary.signature) {
    Gpt gpt;
    gpt.primary = primary;
    readGptArray(image, gpt.primary, &gpt.partitions);
    uint64_t backupOffset = 0;
    if (checkedMul(primary.backupLba, 512, backupOffset) && backupOffset < image.sizeBytes()) {
      gpt.backupInImage = true;
      if (auto block = image.read(backupOffset, 512)) {
        GptHeader backup = parseGptHeader(*block, backupOffset);
        if (backup.signature) readGptArray(image, backup, nullptr);
        gpt.backup = backup;
      }
    }
    out.gpt = std::move(gpt);
  }

  if (sa[0] == 'E' && sa[1] == 'R' && sa.size() > 2049 && sa[2048] == 'P' && sa[2049] == 'M')
    out.apm = parseApm(image, sa.first(512));
  return out;
}

} // namespace dv::analyzer
