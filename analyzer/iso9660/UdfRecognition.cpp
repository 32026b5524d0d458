// UdfRecognition: volume recognition sequence, anchors and main descriptor sequence of UDF.
#include "analyzer/iso9660/UdfRecognition.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "analyzer/iso9660/Checksums.h"
#include "core/ByteReader.h"
#include "core/Text.h"

namespace dv::analyzer {
namespace {

constexpr uint64_t kFirstVsdLba = 16;
constexpr unsigned kMaxVsds = 64;         // the recognition area ends well before sector 256
constexpr uint64_t kAnchorLba = 256;
constexpr unsigned kMaxVdsSectors = 64;   // a VDS holds a handful of descriptors
constexpr uint16_t kTagAnchor = 2;
constexpr uint16_t kTagLogicalVolume = 6;
constexpr uint16_t kTagTerminating = 8;

constexpr std::array<std::string_view, 7> kVsdIdentifiers{"CD001", "BEA01", "NSR02", "NSR03", "TEA01", "BOOT2", "CDW02"};

std::optional<UdfAnchor> readAnchor(const ImageSectors& image, uint64_t lba, std::string place, bool keepAny) {
  auto sector = image.sector(lba);
  if (!sector) return std::nullopt;
  UdfAnchor a;
  a.lba = lba;
  a.place = std::move(place);
  a.tag = parseUdfTag(ByteView(*sector).first(512)); // the AVDP is 512 bytes (3/10.2)
  if (!keepAny && a.tag.identifier != kTagAnchor) return std::nullopt;
  if (a.tag.allZero) return keepAny ? std::optional<UdfAnchor>(a) : std::nullopt;
  ByteReader in(*sector);
  a.mainLength = in.le32At(16);
  a.mainLocation = in.le32At(20);
  a.reserveLength = in.le32At(24);
  a.reserveLocation = in.le32At(28);
  (void)in.takeError();
  return a;
}

} // namespace

std::string UdfRecognition::revisionText() const {
  if (!udfRevision) return {};
  return fmt::format("{:x}.{:02x}", *udfRevision >> 8, *udfRevision & 0xFF);
}

UdfTag parseUdfTag(ByteView descriptor) {
  ByteReader in(descriptor);
  UdfTag t;
  t.identifier = in.le16At(0);
  t.descriptorVersion = in.le16At(2);
  t.checksum = in.u8At(4);
  t.reserved = in.u8At(5);
  t.serialNumber = in.le16At(6);
  t.crc = in.le16At(8);
  t.crcLength = in.le16At(10);
  t.location = in.le32At(12);
  if (in.takeError()) {
    t.allZero = true;
    return t;
  }
  const ByteView tag = descriptor.first(16);
  t.allZero = std::all_of(tag.begin(), tag.end(), [](uint8_t b) { return b == 0; });
  uint8_t sum = 0;
  for (size_t i = 0; i < 16; ++i)
    if (i != 4) sum = static_cast<uint8_t>(sum + tag[i]); // 3/7.2.3: modulo 256, byte 4 excluded
  t.computedChecksum = sum;
  t.crcLengthFits = size_t{16} + t.crcLength <= descriptor.size();
  if (t.crcLengthFits) t.computedCrc = crc16Udf(descriptor.subspan(16, t.crcLength));
  return t;
}

UdfRecognition readUdfRecognition(const ImageSectors& image) {
  UdfRecognition out;
  for (unsigned i = 0; i < kMaxVsds; ++i) {
    auto sector = image.sector(kFirstVsdLba + i);
    if (!sector) break;
    ByteReader in(*sector);
    VolumeStructureDescriptor d;
    d.lba = kFirstVsdLba + i;
    d.structureType = in.u8At(0);
    d.identifier = in.stringAt(1, 5);
    d.structureVersion = in.u8At(6);
    (void)in.takeError();
    if (std::find(kVsdIdentifiers.begin(), kVsdIdentifiers.end(), d.identifier) == kVsdIdentifiers.end()) break;
    out.vrs.push_back(d);
    if (d.identifier == "CD001" && !out.extendedArea) out.iso9660 = true;
    if (d.identifier == "BEA01") out.extendedArea = true;
    if (d.identifier == "NSR02") out.nsrVersion = 2;
    if (d.identifier == "NSR03") out.nsrVersion = 3;
    if (d.identifier == "TEA01") {
      out.terminated = out.nsrVersion != 0 || out.extendedArea;
      break; // 2/8.3: the extended area ends here
    }
  }
  if (image.sectorCount() == 0) return out;
  out.lastSector = image.sectorCount() - 1;
  if (!out.hasUdf() && !out.extendedArea) return out;

  // 3/10.2 (UDF 2.2.3): anchors at 256, N-256 and N.
  out.anchorPlacesTried.push_back(kAnchorLba);
  if (auto a = readAnchor(image, kAnchorLba, "256", true)) out.anchors.push_back(*a);
  if (out.lastSector >= 512) {
    out.anchorPlacesTried.push_back(out.lastSector - 256);
    if (auto a = readAnchor(image, out.lastSector - 256, "N-256", false)) out.anchors.push_back(*a);
  }
  if (out.lastSector > kAnchorLba) {
    out.anchorPlacesTried.push_back(out.lastSector);
    if (auto a = readAnchor(image, out.lastSector, "N", false)) out.anchors.push_back(*a);
  }

  const UdfAnchor* from = nullptr;
  for (const UdfAnchor& a : out.anchors)
    if (!from && a.tag.identifier == kTagAnchor && a.tag.checksum == a.tag.computedChecksum) from = &a;
  if (!from) return out;
  const uint64_t sectors = std::min<uint64_t>(from->mainLength / kImageSectorBytes, kMaxVdsSectors);
  out.mainVdsRead = sectors > 0;
  for (uint64_t i = 0; i < sectors; ++i) {
    auto sector = image.sector(uint64_t{from->mainLocation} + i);
    if (!sector) {
      out.mainVdsRead = false;
      break;
    }
    UdfVdsDescriptor d;
    d.lba = uint64_t{from->mainLocation} + i;
    d.tag = parseUdfTag(*sector);
    if (d.tag.allZero) break;
    out.mainVds.push_back(d);
    if (d.tag.identifier == kTagLogicalVolume && !out.udfRevision) {
      // 3/10.6.4 + UDF 2.1.5: the domain entity id at 216; its suffix starts with the revision.
      ByteReader in(*sector);
      out.domainIdentifier = std::string(trimSpaces(in.stringAt(217, 23)));
      const uint16_t rev = in.le16At(240);
      (void)in.takeError();
      if (out.domainIdentifier.find("OSTA UDF Compliant") != std::string::npos) out.udfRevision = rev;
    }
    if (d.tag.identifier == kTagTerminating) break;
  }
  return out;
}

} // namespace dv::analyzer
