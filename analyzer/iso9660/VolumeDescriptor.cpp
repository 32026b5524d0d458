// Volume descriptors of ECMA-119 8.1-8.6: field extraction only; judgements are in rules/.
#include "analyzer/iso9660/VolumeDescriptor.h"

#include <algorithm>
#include <cstring>

namespace dv::analyzer::iso9660 {
namespace {

bool zero(ByteView v) {
  return std::all_of(v.begin(), v.end(), [](uint8_t b) { return b == 0; });
}

std::string text(ByteReader& in, BytePos p) {
  ByteView v = in.view(p);
  return std::string(v.begin(), v.end());
}

} // namespace

bool VolumeDescriptor::isJoliet() const { return jolietLevel() != 0; }

int VolumeDescriptor::jolietLevel() const {
  if (volumeDescriptorType != vdtype::kSupplementary) return 0;
  // Joliet: ISO 2022 escape "%/@", "%/C" or "%/E" among the escape sequences (extensions.md).
  for (size_t i = 0; i + 2 < escapeSequences.size(); ++i) {
    if (escapeSequences[i] != 0x25 || escapeSequences[i + 1] != 0x2F) continue;
    switch (escapeSequences[i + 2]) {
    case 0x40: return 1;
    case 0x43: return 2;
    case 0x45: return 3;
    default: break;
    }
  }
  return 0;
}

bool BootRecord::isElTorito() const {
  static constexpr char kId[] = "EL TORITO SPECIFICATION";
  return bootSystemIdentifier.compare(0, sizeof kId - 1, kId) == 0;
}

Result<VolumeDescriptor> parseVolumeDescriptor(ByteView sector, uint64_t sectorNumber) {
  ByteReader in(sector);
  VolumeDescriptor d;
  d.sector = sectorNumber;
  d.volumeDescriptorType = in.u8(kVolumeDescriptorType);
  d.standardIdentifier = text(in, kStandardIdentifier);
  d.volumeDescriptorVersion = in.u8(kVolumeDescriptorVersion);
  d.volumeFlags = in.u8(kVolumeFlags);
  d.systemIdentifier = text(in, kSystemIdentifier);
  d.volumeIdentifier = text(in, kVolumeIdentifier);
  d.volumeSpaceSize = in.bothEndian32(kVolumeSpaceSize);
  ByteView esc = in.view(kEscapeSequences);
  std::copy_n(esc.begin(), std::min(esc.size(), d.escapeSequences.size()), d.escapeSequences.begin());
  d.volumeSetSize = in.bothEndian16(kVolumeSetSize);
  d.volumeSequenceNumber = in.bothEndian16(kVolumeSequenceNumber);
  d.logicalBlockSize = in.bothEndian16(kLogicalBlockSize);
  d.pathTableSize = in.bothEndian32(kPathTableSize);
  d.locationOfTypeLPathTable = in.le32(kLocationOfTypeLPathTable);
  d.locationOfOptionalTypeLPathTable = in.le32(kLocationOfOptionalTypeLPathTable);
  d.locationOfTypeMPathTable = in.be32(kLocationOfTypeMPathTable);
  d.locationOfOptionalTypeMPathTable = in.be32(kLocationOfOptionalTypeMPathTable);
  ByteView root = in.view(kRootDirectoryRecord);
  d.volumeSetIdentifier = text(in, kVolumeSetIdentifier);
  d.publisherIdentifier = text(in, kPublisherIdentifier);
  d.dataPreparerIdentifier = text(in, kDataPreparerIdentifier);
  d.applicationIdentifier = text(in, kApplicationIdentifier);
  d.copyrightFileIdentifier = text(in, kCopyrightFileIdentifier);
  d.abstractFileIdentifier = text(in, kAbstractFileIdentifier);
  d.bibliographicFileIdentifier = text(in, kBibliographicFileIdentifier);
  d.volumeCreationDateAndTime = digitDateTimeOf(in.view(kVolumeCreationDateAndTime));
  d.volumeModificationDateAndTime = digitDateTimeOf(in.view(kVolumeModificationDateAndTime));
  d.volumeExpirationDateAndTime = digitDateTimeOf(in.view(kVolumeExpirationDateAndTime));
  d.volumeEffectiveDateAndTime = digitDateTimeOf(in.view(kVolumeEffectiveDateAndTime));
  d.fileStructureVersion = in.u8(kFileStructureVersion);
  ByteView au = in.view(kApplicationUse);
  d.applicationUse.assign(au.begin(), au.end());
  ByteView xa = in.viewAt(kCdXaMarkerOffset, 8);
  d.cdXaMarker = xa.size() == 8 && std::memcmp(xa.data(), "CD-XA001", 8) == 0;
  for (BytePos p : {kVolumeFlags, kUnused73, kEscapeSequences, kReserved883, kReserved1396})
    d.reserved.push_back({p, zero(in.view(p))});
  if (Error e = in.takeError()) return std::move(e).context("volume descriptor");

  // The root record is 34 bytes by 8.4.18; its own length byte says how much of it is a record.
  if (!root.empty()) d.rootRecordLengthByte = root[0];
  if (auto r = parseDirectoryRecord(root)) d.rootDirectoryRecord = std::move(*r);
  return d;
}

Result<BootRecord> parseBootRecord(ByteView sector, uint64_t sectorNumber) {
  ByteReader in(sector);
  BootRecord b;
  b.sector = sectorNumber;
  b.volumeDescriptorVersion = in.u8(kVolumeDescriptorVersion);
  b.bootSystemIdentifier = text(in, kBootSystemIdentifier);
  b.bootIdentifier = text(in, kBootIdentifier);
  ByteView use = in.view(kBootSystemUse);
  b.bootSystemUse.assign(use.begin(), use.end());
  if (Error e = in.takeError()) return std::move(e).context("boot record");
  return b;
}

Result<VolumePartitionDescriptor> parsePartitionDescriptor(ByteView sector, uint64_t sectorNumber) {
  ByteReader in(sector);
  VolumePartitionDescriptor p;
  p.sector = sectorNumber;
  p.volumeDescriptorVersion = in.u8(kVolumeDescriptorVersion);
  p.systemIdentifier = text(in, kSystemIdentifier);
  p.volumePartitionIdentifier = text(in, kVolumePartitionIdentifier);
  p.volumePartitionLocation = in.bothEndian32(kVolumePartitionLocation);
  p.volumePartitionSize = in.bothEndian32(kVolumePartitionSize);
  if (Error e = in.takeError()) return std::move(e).context("volume partition descriptor");
  return p;
}

} // namespace dv::analyzer::iso9660
