// ElTorito: boot record, boot catalog and boot image location (El Torito 1.0 sections 2.0-2.5).
#include "analyzer/iso9660/ElTorito.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "core/ByteReader.h"

namespace dv::analyzer {
namespace {

constexpr size_t kEntryBytes = 32;
constexpr uint64_t kFirstDescriptorLba = 16;
constexpr unsigned kMaxDescriptors = 64;       // a descriptor set longer than this is not a real one
constexpr uint64_t kMaxCatalogSectors = 8;      // 512 entries; real catalogs use one sector
constexpr unsigned kMaxExtensions = 64;
constexpr std::string_view kElToritoId = "EL TORITO SPECIFICATION";

void parseEntryCommon(ByteReader& in, BootEntry& e) {
  e.bootIndicator = in.u8At(0x00);
  e.mediaType = in.u8At(0x01);
  e.loadSegment = in.le16At(0x02);
  e.systemType = in.u8At(0x04);
  e.unused5 = in.u8At(0x05);
  e.sectorCount = in.le16At(0x06);
  e.loadRba = in.le32At(0x08);
}

/// Reads one 512-byte MBR-shaped sector: signature, used partitions and the furthest end.
EmulatedDiskMbr parseDiskMbr(ByteView sector) {
  ByteReader in(sector);
  EmulatedDiskMbr m;
  m.signature = in.u8At(510) == 0x55 && in.u8At(511) == 0xAA;
  for (size_t i = 0; i < 4; ++i) {
    const size_t base = 446 + 16 * i;
    const uint8_t type = in.u8At(base + 4);
    if (type == 0) continue;
    if (m.usedPartitions == 0) m.partitionType = type;
    ++m.usedPartitions;
    const uint64_t end = (uint64_t{in.le32At(base + 8)} + in.le32At(base + 12)) * 512;
    m.endBytes = std::max(m.endBytes, end);
  }
  (void)in.takeError(); // a 512-byte view holds every field read above
  return m;
}

/// The size a FAT boot sector declares (bytes per sector x total sectors), or 0 when it is not one.
uint64_t fatVolumeBytes(ByteView sector) {
  ByteReader in(sector);
  if (in.u8At(510) != 0x55 || in.u8At(511) != 0xAA) return 0;
  const uint16_t bytesPerSector = in.le16At(11);
  if (bytesPerSector != 512 && bytesPerSector != 1024 && bytesPerSector != 2048 && bytesPerSector != 4096) return 0;
  uint64_t total = in.le16At(19);
  if (total == 0) total = in.le32At(32);
  if (in.takeError()) return 0;
  return total * bytesPerSector;
}

void locateImage(const ImageSectors& image, BootEntry& e) {
  e.image.offset = uint64_t{e.loadRba} * kImageSectorBytes;
  const uint64_t counted = uint64_t{e.sectorCount} * 512;
  switch (e.emulation()) {
  case 1: e.image.length = 1228800; e.imageBasis = "1.2 MB floppy size"; return;
  case 2: e.image.length = 1474560; e.imageBasis = "1.44 MB floppy size"; return;
  case 3: e.image.length = 2949120; e.imageBasis = "2.88 MB floppy size"; return;
  case 4: {
    e.image.length = counted;
    e.imageBasis = "sector count";
    auto first = image.read(e.image.offset, 512);
    if (!first) return;
    e.diskMbr = parseDiskMbr(*first);
    if (e.diskMbr->signature && e.diskMbr->endBytes > 0) {
      e.image.length = e.diskMbr->endBytes;
      e.imageBasis = "emulated disk partition table";
    }
    return;
  }
  case 0: break;
  default: e.image.length = counted; e.imageBasis = "sector count"; return;
  }

  e.image.length = counted;
  e.imageBasis = "sector count";
  auto head = image.read(e.image.offset, 512);
  if (!head) return;
  // EFI images are FAT file systems whose entry often says 0 or 1 sectors: their own boot sector
  // tells the real size.
  if (e.platformId == 0xEF) {
    if (const uint64_t fat = fatVolumeBytes(*head); fat > counted) {
      e.image.length = fat;
      e.imageBasis = "FAT boot sector of the EFI image";
    }
  }
  // mkisofs -boot-info-table: bytes 8-11 hold the PVD's LBA (16 on a single-session image) and
  // bytes 12-15 this image's LBA.
  ByteReader in(*head);
  const uint32_t pvdLba = in.le32At(8);
  const uint32_t bootLba = in.le32At(12);
  if (in.takeError() || (pvdLba != 16 && !(bootLba == e.loadRba && pvdLba > 16 && pvdLba < e.loadRba))) return;
  BootInfoTable t;
  t.pvdLba = pvdLba;
  t.bootLba = bootLba;
  t.lengthBytes = in.le32At(16);
  t.checksum = in.le32At(20);
  (void)in.takeError();
  if (t.lengthBytes > 64) {
    if (auto body = image.read(e.image.offset, t.lengthBytes)) {
      uint32_t sum = 0;
      for (size_t off = 64; off < body->size(); off += 4) {
        uint32_t word = 0;
        for (size_t k = 0; k < 4 && off + k < body->size(); ++k) word |= uint32_t{(*body)[off + k]} << (8 * k);
        sum += word;
      }
      t.computedChecksum = sum;
      t.checksumComputed = true;
    }
  }
  e.bootInfoTable = t;
}

} // namespace

std::string platformName(uint8_t platformId) {
  switch (platformId) {
  case 0x00: return "80x86";
  case 0x01: return "PowerPC";
  case 0x02: return "Mac";
  case 0xEF: return "EFI";
  default: return fmt::format("0x{:02x}", platformId);
  }
}

std::string emulationName(uint8_t emulation) {
  switch (emulation) {
  case 0: return "no emulation";
  case 1: return "1.2 MB floppy";
  case 2: return "1.44 MB floppy";
  case 3: return "2.88 MB floppy";
  case 4: return "hard disk";
  default: return fmt::format("reserved {}", emulation);
  }
}

void parseBootCatalog(ByteView catalog, uint64_t catalogOffset, ElTorito& out) {
  const size_t count = catalog.size() / kEntryBytes;
  auto entryAt = [&](size_t i) { return ByteReader(catalog.subspan(i * kEntryBytes, kEntryBytes)); };
  if (count < 2) {
    out.catalogTruncated = true;
    return;
  }

  // Section 2.1: the validation entry.
  ByteReader v = entryAt(0);
  ValidationEntry& ve = out.validation;
  ve.headerId = v.u8At(0);
  ve.platformId = v.u8At(1);
  ve.reserved = v.le16At(2);
  ve.idString = v.stringAt(4, 24);
  ve.checksum = v.le16At(0x1C);
  ve.key55 = v.u8At(0x1E);
  ve.keyAA = v.u8At(0x1F);
  uint16_t sum = 0;
  for (size_t w = 0; w < 16; ++w) sum = static_cast<uint16_t>(sum + v.le16At(2 * w)); // plain wrap-around sum
  ve.wordSum = sum;

  // Section 2.2: the initial/default entry.
  ByteReader ie = entryAt(1);
  BootEntry initial;
  initial.kind = BootEntryKind::Initial;
  initial.catalogOffset = catalogOffset + kEntryBytes;
  initial.platformId = ve.platformId;
  parseEntryCommon(ie, initial);
  for (size_t b = 0x0C; b < kEntryBytes; ++b)
    if (ie.u8At(b) != 0) initial.reservedTailZero = false;
  out.entries.push_back(initial);

  // Sections 2.3-2.5: header, its entries, their extensions; a byte other than 90/91 where a
  // header is due ends the catalog (the counts decide, not a 00 byte: a non-bootable entry is 00).
  out.finalHeaderSeen = true;
  size_t pos = 2;
  unsigned sectionNumber = 0;
  while (pos < count) {
    ByteReader h = entryAt(pos);
    const uint8_t indicator = h.u8At(0);
    if (indicator != 0x90 && indicator != 0x91) break;
    SectionHeader sh;
    sh.catalogOffset = catalogOffset + pos * kEntryBytes;
    sh.indicator = indicator;
    sh.platformId = h.u8At(1);
    sh.entryCount = h.le16At(2);
    ++pos;
    ++sectionNumber;
    out.finalHeaderSeen = indicator == 0x91;
    for (unsigned i = 0; i < sh.entryCount; ++i) {
      if (pos >= count) {
        out.catalogTruncated = true;
        break;
      }
      ByteReader se = entryAt(pos);
      BootEntry e;
      e.kind = BootEntryKind::Section;
      e.section = sectionNumber;
      e.index = i;
      e.catalogOffset = catalogOffset + pos * kEntryBytes;
      e.platformId = sh.platformId;
      parseEntryCommon(se, e);
      e.selectionCriteriaType = se.u8At(0x0C);
      ++pos;
      ++sh.entriesRead;
      // Section 2.5: bit 5 of the media type, then bit 5 of each extension's flags, chain extensions.
      bool more = (e.mediaType & 0x20) != 0;
      while (more) {
        if (pos >= count || entryAt(pos).u8At(0) != 0x44 || e.extensionCount >= kMaxExtensions) {
          e.extensionChainBroken = true;
          break;
        }
        more = (entryAt(pos).u8At(1) & 0x20) != 0;
        ++e.extensionCount;
        ++pos;
      }
      out.entries.push_back(std::move(e));
    }
    out.sections.push_back(sh);
    if (indicator == 0x91) break;
  }
  if (pos >= count && !out.finalHeaderSeen) out.catalogTruncated = true;
}

ElTorito readElTorito(const ImageSectors& image) {
  ElTorito out;
  for (unsigned i = 0; i < kMaxDescriptors; ++i) {
    const uint64_t lba = kFirstDescriptorLba + i;
    auto sector = image.sector(lba);
    if (!sector) break;
    ByteReader in(*sector);
    const uint8_t type = in.u8At(0);
    if (in.stringAt(1, 5) != "CD001") break;
    if (type == 255) break; // ECMA-119 8.3: the terminator ends the set
    if (type == 1 && out.volumeSpaceSize == 0) out.volumeSpaceSize = in.le32At(80);
    if (type != 0) continue;
    const std::string id = in.stringAt(7, 32);
    if (id.compare(0, kElToritoId.size(), kElToritoId) != 0) continue;
    ElToritoBootRecord br;
    br.lba = lba;
    br.version = in.u8At(6);
    br.identifierExact = std::all_of(id.begin() + static_cast<std::ptrdiff_t>(kElToritoId.size()), id.end(), [](char c) { return c == 0; });
    br.catalogLba = in.le32At(71);
    out.bootRecords.push_back(br);
  }
  if (out.bootRecords.empty()) return out;

  // The record at sector 17 is the one readers use; otherwise the first one found.
  const ElToritoBootRecord* chosen = &out.bootRecords.front();
  for (const auto& br : out.bootRecords)
    if (br.lba == 17) chosen = &br;
  out.catalogLba = chosen->catalogLba;
  if (out.catalogLba >= image.sectorCount()) {
    out.catalogError = fmt::format("boot catalog LBA {} lies past the readable end ({} sectors)", out.catalogLba,
                                   image.sectorCount());
    return out;
  }
  const uint64_t sectors = std::min(kMaxCatalogSectors, image.sectorCount() - out.catalogLba);
  auto catalog = image.read(out.catalogLba * kImageSectorBytes, sectors * kImageSectorBytes);
  if (!catalog) {
    out.catalogError = catalog.error().message();
    return out;
  }
  out.catalogRead = true;
  parseBootCatalog(*catalog, out.catalogLba * kImageSectorBytes, out);
  for (BootEntry& e : out.entries) locateImage(image, e);
  return out;
}

} // namespace dv::analyzer
