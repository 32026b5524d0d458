// IsoVolume: reads the system area, the descriptor set (6.7), the path tables (6.9) and walks the
// primary hierarchy, with bounded reads.
#include "analyzer/iso9660/IsoVolume.h"

#include <algorithm>
#include <cstring>

namespace dv::analyzer::iso9660 {
namespace {

bool startsWith(const std::vector<uint8_t>& b, size_t at, const char* text) {
  const size_t n = std::strlen(text);
  return b.size() >= at + n && std::memcmp(b.data() + at, text, n) == 0;
}

bool isUdfIdentifier(const std::vector<uint8_t>& s) {
  for (const char* id : {"BEA01", "NSR02", "NSR03", "TEA01", "BOOT2", "CDW02"})
    if (startsWith(s, 1, id)) return true;
  return false;
}

void readSystemArea(MetadataReader& reader, IsoVolume& v) {
  auto bytes = reader.read(0, 2 * kSectorSize);
  if (!bytes) return;
  const auto& b = *bytes;
  v.systemArea.bytesRead = b.size();
  v.systemArea.firstSectorsZero = std::all_of(b.begin(), b.end(), [](uint8_t x) { return x == 0; });
  v.systemArea.mbrSignature = b.size() >= 512 && b[510] == 0x55 && b[511] == 0xAA;
  v.systemArea.gptHeader = startsWith(b, 512, "EFI PART");
  v.systemArea.apmSignature = startsWith(b, 0, "ER") && startsWith(b, 2048, "PM");
}

} // namespace

std::string_view afterTerminatorName(AfterTerminator a) {
  switch (a) {
  case AfterTerminator::None: return "none";
  case AfterTerminator::ZeroSector: return "zero sector";
  case AfterTerminator::GenisoimageVersion: return "genisoimage version descriptor";
  case AfterTerminator::UdfRecognition: return "UDF volume recognition sequence";
  case AfterTerminator::Descriptor: return "a volume descriptor after the terminator";
  case AfterTerminator::Other: return "other data";
  }
  return "?";
}

const PathTable* IsoVolume::pathTable(PathTableKind k) const {
  for (const auto& t : pathTables)
    if (t.kind == k) return &t;
  return nullptr;
}

uint64_t IsoVolume::volumeEndBlock(const VolumeDescriptor& d) const {
  const uint16_t lbs = d.logicalBlockSize.value();
  const uint64_t bs = (lbs == 512 || lbs == 1024 || lbs == 2048) ? lbs : kSectorSize;
  return sessionStart * kSectorSize / bs + d.volumeSpaceSize.value();
}

PathTable readPathTable(MetadataReader& reader, const VolumeDescriptor& d, PathTableKind kind,
                        uint32_t blockSize, uint64_t maxBytes) {
  PathTable t;
  t.kind = kind;
  switch (kind) {
  case PathTableKind::TypeL: t.location = d.locationOfTypeLPathTable; break;
  case PathTableKind::OptionalTypeL: t.location = d.locationOfOptionalTypeLPathTable; break;
  case PathTableKind::TypeM: t.location = d.locationOfTypeMPathTable; break;
  case PathTableKind::OptionalTypeM: t.location = d.locationOfOptionalTypeMPathTable; break;
  }
  t.declaredSize = d.pathTableSize.value();
  const uint64_t at = uint64_t{t.location} * blockSize;
  // A declared size of 4 GiB must not turn into a 4 GiB read: read what the image holds, capped.
  const uint64_t want = std::min(t.declaredSize, maxBytes);
  if (t.location == 0 || at >= reader.imageBytes()) {
    t.readCut = t.declaredSize > 0;
    return t;
  }
  auto bytes = reader.read(at, want);
  if (!bytes) {
    t.readCut = true;
    return t;
  }
  t.bytesRead = bytes->size();
  t.readCut = t.bytesRead < t.declaredSize;
  parsePathTableRecords(t, *bytes, at);
  return t;
}

IsoVolume parseIsoVolume(MetadataReader& reader, const IsoParseOptions& options) {
  IsoVolume v;
  v.imageBytes = reader.imageBytes();
  v.imageSizeKnown = reader.sizeKnown();
  readSystemArea(reader, v);

  auto first = reader.read(kDescriptorSetStart * kSectorSize, kSectorSize);
  if (!first || first->size() < kSectorSize) return v;
  v.sector16Prefix.assign(first->begin(), first->begin() + 8);
  v.highSierra = startsWith(*first, 9, "CDROM");
  v.udfRecognition = isUdfIdentifier(*first);
  if (!startsWith(*first, 1, "CD001")) return v;
  v.found = true;

  // 6.7.1: consecutive sectors, each "CD001", closed by one or more terminators.
  uint64_t sector = kDescriptorSetStart;
  std::vector<uint8_t> bytes = std::move(*first);
  for (uint32_t n = 0;; ++n) {
    if (n > 0) {
      if (n >= options.maxDescriptors) {
        v.setCut = true;
        break;
      }
      auto next = reader.read(sector * kSectorSize, kSectorSize);
      if (!next || next->size() < kSectorSize) {
        v.setCut = true;
        break;
      }
      bytes = std::move(*next);
    }
    if (!startsWith(bytes, 1, "CD001")) {
      if (v.terminated) {
        if (std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b == 0; }))
          v.afterTerminator = AfterTerminator::ZeroSector;
        else if (startsWith(bytes, 0, "MKI"))
          v.afterTerminator = AfterTerminator::GenisoimageVersion;
        else if (isUdfIdentifier(bytes))
          v.afterTerminator = AfterTerminator::UdfRecognition;
        else
          v.afterTerminator = AfterTerminator::Other;
        v.afterTerminatorPrefix.assign(bytes.begin(), bytes.begin() + 8);
      } else {
        v.brokenSlotSector = sector;
      }
      break;
    }
    DescriptorSlot slot;
    slot.sector = sector;
    slot.type = bytes[0];
    slot.standardIdentifier.assign(bytes.begin() + 1, bytes.begin() + 6);
    slot.version = bytes[6];
    if (slot.type == vdtype::kTerminator) {
      v.terminated = true;
      ++v.terminatorCount;
      slot.terminatorTailZero = std::all_of(bytes.begin() + 7, bytes.end(), [](uint8_t b) { return b == 0; });
    } else if (v.terminated) {
      // A descriptor after a terminator is outside the set (6.7.1); readers stop at the terminator.
      v.afterTerminator = AfterTerminator::Descriptor;
      v.afterTerminatorPrefix.assign(bytes.begin(), bytes.begin() + 8);
      break;
    } else if (slot.type == vdtype::kPrimary) {
      if (auto d = parseVolumeDescriptor(bytes, sector)) v.primaries.push_back(std::move(*d));
    } else if (slot.type == vdtype::kSupplementary) {
      if (auto d = parseVolumeDescriptor(bytes, sector)) v.supplementaries.push_back({std::move(*d), {}, {}});
    } else if (slot.type == vdtype::kBootRecord) {
      if (auto b = parseBootRecord(bytes, sector)) v.bootRecords.push_back(std::move(*b));
    } else if (slot.type == vdtype::kPartition) {
      if (auto p = parsePartitionDescriptor(bytes, sector)) v.partitions.push_back(std::move(*p));
    }
    v.slots.push_back(std::move(slot));
    ++sector;
  }

  const VolumeDescriptor* pvd = v.pvd();
  if (!pvd) return v;
  const uint16_t lbs = pvd->logicalBlockSize.value();
  // 8.4.12: 512, 1024 or 2048; anything else cannot address the volume, so 2048 is assumed.
  v.blockSize = (lbs == 512 || lbs == 1024 || lbs == 2048) ? lbs : kSectorSize;
  v.pathTables.push_back(readPathTable(reader, *pvd, PathTableKind::TypeL, v.blockSize, options.maxPathTableBytes));
  if (pvd->locationOfOptionalTypeLPathTable != 0)
    v.pathTables.push_back(
        readPathTable(reader, *pvd, PathTableKind::OptionalTypeL, v.blockSize, options.maxPathTableBytes));
  v.pathTables.push_back(readPathTable(reader, *pvd, PathTableKind::TypeM, v.blockSize, options.maxPathTableBytes));
  if (pvd->locationOfOptionalTypeMPathTable != 0)
    v.pathTables.push_back(
        readPathTable(reader, *pvd, PathTableKind::OptionalTypeM, v.blockSize, options.maxPathTableBytes));
  for (auto& s : v.supplementaries) {
    const uint16_t slbs = s.descriptor.logicalBlockSize.value();
    const uint32_t sbs = (slbs == 512 || slbs == 1024 || slbs == 2048) ? slbs : kSectorSize;
    s.typeL = readPathTable(reader, s.descriptor, PathTableKind::TypeL, sbs, options.maxPathTableBytes);
    s.typeM = readPathTable(reader, s.descriptor, PathTableKind::TypeM, sbs, options.maxPathTableBytes);
    if (options.walkTree && s.descriptor.isEnhanced() && s.descriptor.rootDirectoryRecord)
      s.tree = walkHierarchy(reader, *s.descriptor.rootDirectoryRecord, sbs, primaryName, options.walk);
  }
  if (options.walkTree && pvd->rootDirectoryRecord)
    v.tree = walkHierarchy(reader, *pvd->rootDirectoryRecord, v.blockSize, primaryName, options.walk);
  return v;
}

} // namespace dv::analyzer::iso9660
