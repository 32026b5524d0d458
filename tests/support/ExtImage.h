// ExtImage: builds small images in memory for the El Torito, hybrid and UDF tests (fields set at
// the offsets of the standards), and runs the analysis and the catalogue over them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/ImageAnalysis.h"
#include "core/Finding.h"

namespace dv::test {

/// A zero-filled image of 2048-byte sectors with little helpers to put fields into it.
class ExtImage {
public:
  explicit ExtImage(uint64_t sectors) : bytes_(sectors * 2048, 0) {}
  /// Wraps an image built elsewhere (IsoBuilder) to add structures to it.
  explicit ExtImage(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}

  std::vector<uint8_t>& bytes() { return bytes_; }
  uint64_t sectors() const { return bytes_.size() / 2048; }

  void u8(uint64_t off, uint8_t v) { bytes_.at(off) = v; }
  void le16(uint64_t off, uint16_t v);
  void le32(uint64_t off, uint32_t v);
  void le64(uint64_t off, uint64_t v);
  void be16(uint64_t off, uint16_t v);
  void be32(uint64_t off, uint32_t v);
  void both32(uint64_t off, uint32_t v) { le32(off, v); be32(off + 4, v); }
  void text(uint64_t off, std::string_view s);

  /// ECMA-119 PVD at sector 16 with the volume space size = sectors(), then the terminator at `terminatorLba`.
  void isoDescriptors(uint64_t terminatorLba = 17);
  /// El Torito boot record at `lba` pointing at the catalog.
  void bootRecord(uint64_t lba, uint32_t catalogLba);
  /// Validation entry at catalog sector `catalogLba` with a correct checksum.
  void validationEntry(uint32_t catalogLba, uint8_t platform);
  /// A 32-byte initial or section entry at catalog entry `index`.
  void bootEntry(uint32_t catalogLba, unsigned index, uint8_t indicator, uint8_t media, uint16_t sectorCount, uint32_t loadRba);
  /// A section header at catalog entry `index`.
  void sectionHeader(uint32_t catalogLba, unsigned index, uint8_t indicator, uint8_t platform, uint16_t count);

  /// A UDF bridge: PVD at 16, terminator at 17, BEA01/NSR0x/TEA01 at 18-20, anchors at 256 and N,
  /// and a main VDS at 32 (LVD with the OSTA domain revision 0x0102, then a terminating descriptor).
  /// Needs at least 300 sectors.
  void udfBridge(unsigned nsr = 2);
  /// UDF volume structures without the recognition sequence: a main VDS at `mainLba` (LVD with the
  /// OSTA domain revision `revision`, then a terminating descriptor), a reserve VDS at mainLba + 16,
  /// anchors at 256 and N. Needs sectors 256, mainLba ... mainLba + 16 and N free.
  void udfVolume(unsigned nsr, uint16_t revision, uint64_t mainLba);
  /// The three recognition sectors BEA01, NSR0x, TEA01 (for IsoBuilder::afterTerminators).
  static std::vector<std::vector<uint8_t>> udfRecognitionSectors(unsigned nsr);
  /// Writes a UDF descriptor tag at sector `lba` and fixes its checksum and CRC (crcLength bytes).
  void udfTag(uint64_t lba, uint16_t id, uint16_t version, uint16_t crcLength);

private:
  std::vector<uint8_t> bytes_;
};

/// Analyses `bytes` (MD5 only, no pieces) and runs the whole catalogue; returns the findings.
std::vector<Finding> catalogueFindings(std::vector<uint8_t> bytes, analyzer::ImageAnalysis* analysis = nullptr);
/// The findings of one rule.
std::vector<Finding> ofRule(const std::vector<Finding>& findings, std::string_view id);
/// Every finding as "RULE-ID severity: message" lines, for failure messages.
std::string describe(const std::vector<Finding>& findings);

} // namespace dv::test
