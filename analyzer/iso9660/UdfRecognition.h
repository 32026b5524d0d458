// UdfRecognition: enough of ECMA-167 / OSTA UDF to recognise a UDF (or bridge) volume: the volume
// recognition sequence (2/8), anchors (3/10.2), descriptor tags (3/7.2) and the main volume
// descriptor sequence with the UDF revision (extensions.md section 7).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/iso9660/ImageSectors.h"
#include "core/ByteView.h"

namespace dv::analyzer {

/// One Volume Structure Descriptor of the recognition area.
struct VolumeStructureDescriptor {
  uint64_t lba = 0;
  uint8_t structureType = 0;
  std::string identifier;       ///< "CD001", "BEA01", "NSR02", "NSR03", "TEA01", "BOOT2", "CDW02"
  uint8_t structureVersion = 0;
};

/// A descriptor tag (ECMA-167 3/7.2), with the checksums recomputed.
struct UdfTag {
  uint16_t identifier = 0;
  uint16_t descriptorVersion = 0;
  uint8_t checksum = 0;
  uint8_t computedChecksum = 0;
  uint8_t reserved = 0;
  uint16_t serialNumber = 0;
  uint16_t crc = 0;
  uint16_t crcLength = 0;
  uint16_t computedCrc = 0;
  bool crcLengthFits = true;    ///< 16 + crcLength <= the bytes of the descriptor
  uint32_t location = 0;
  bool allZero = false;         ///< the 16 tag bytes are all zero: no descriptor here
};

/// An Anchor Volume Descriptor Pointer read at one of its places.
struct UdfAnchor {
  uint64_t lba = 0;
  std::string place;            ///< "256", "N-256", "N"
  UdfTag tag;
  uint32_t mainLength = 0;
  uint32_t mainLocation = 0;
  uint32_t reserveLength = 0;
  uint32_t reserveLocation = 0;
};

/// A descriptor of the main Volume Descriptor Sequence.
struct UdfVdsDescriptor {
  uint64_t lba = 0;
  UdfTag tag;
};

/// The UDF facts of an image.
struct UdfRecognition {
  std::vector<VolumeStructureDescriptor> vrs; ///< from sector 16, in order
  bool iso9660 = false;         ///< a CD001 descriptor set precedes the extended area
  bool extendedArea = false;    ///< BEA01 seen
  unsigned nsrVersion = 0;      ///< 2 or 3 when NSR02/NSR03 seen
  bool terminated = false;      ///< TEA01 after the NSR
  uint64_t lastSector = 0;      ///< N: the last whole sector of the image
  std::vector<UdfAnchor> anchors; ///< every place that holds a tag with identifier 2
  std::vector<uint64_t> anchorPlacesTried;
  std::vector<UdfVdsDescriptor> mainVds; ///< up to the terminating descriptor
  bool mainVdsRead = false;
  std::optional<uint16_t> udfRevision; ///< from the LVD domain identifier suffix, e.g. 0x0102
  std::string domainIdentifier;

  /// NSR02/NSR03 present: the image claims UDF.
  bool hasUdf() const { return nsrVersion != 0; }
  /// "1.02", "2.50", or empty.
  std::string revisionText() const;
};

/// Parses a 16-byte descriptor tag at the start of `descriptor` and checks its CRC over the rest.
UdfTag parseUdfTag(ByteView descriptor);

/// Reads the recognition sequence, the anchors and the main descriptor sequence. Never fails.
/// Thread-safe.
UdfRecognition readUdfRecognition(const ImageSectors& image);

} // namespace dv::analyzer
