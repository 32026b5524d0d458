// ExtImage: in-memory images for the extension tests.
#include "tests/support/ExtImage.h"

#include "analyzer/iso9660/Checksums.h"
#include "analyzer/sources/MemorySource.h"
#include "rules/RuleRegistry.h"

namespace dv::test {

void ExtImage::le16(uint64_t off, uint16_t v) {
  for (int i = 0; i < 2; ++i) bytes_.at(off + i) = static_cast<uint8_t>(v >> (8 * i));
}
void ExtImage::le32(uint64_t off, uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes_.at(off + i) = static_cast<uint8_t>(v >> (8 * i));
}
void ExtImage::le64(uint64_t off, uint64_t v) {
  for (int i = 0; i < 8; ++i) bytes_.at(off + i) = static_cast<uint8_t>(v >> (8 * i));
}
void ExtImage::be16(uint64_t off, uint16_t v) {
  for (int i = 0; i < 2; ++i) bytes_.at(off + i) = static_cast<uint8_t>(v >> (8 * (1 - i)));
}
void ExtImage::be32(uint64_t off, uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes_.at(off + i) = static_cast<uint8_t>(v >> (8 * (3 - i)));
}
void ExtImage::text(uint64_t off, std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) bytes_.at(off + i) = static_cast<uint8_t>(s[i]);
}

void ExtImage::isoDescriptors(uint64_t terminatorLba) {
  const uint64_t pvd = 16 * 2048;
  u8(pvd, 1);
  text(pvd + 1, "CD001");
  u8(pvd + 6, 1);
  both32(pvd + 80, static_cast<uint32_t>(sectors()));
  le16(pvd + 128, 2048);
  be16(pvd + 130, 2048);
  const uint64_t t = terminatorLba * 2048;
  u8(t, 255);
  text(t + 1, "CD001");
  u8(t + 6, 1);
}

void ExtImage::bootRecord(uint64_t lba, uint32_t catalogLba) {
  const uint64_t b = lba * 2048;
  u8(b, 0);
  text(b + 1, "CD001");
  u8(b + 6, 1);
  text(b + 7, "EL TORITO SPECIFICATION");
  le32(b + 71, catalogLba);
}

void ExtImage::validationEntry(uint32_t catalogLba, uint8_t platform) {
  const uint64_t c = uint64_t{catalogLba} * 2048;
  u8(c, 1);
  u8(c + 1, platform);
  u8(c + 0x1E, 0x55);
  u8(c + 0x1F, 0xAA);
  le16(c + 0x1C, 0);
  uint16_t sum = 0;
  for (int w = 0; w < 16; ++w) sum = static_cast<uint16_t>(sum + (bytes_[c + 2 * w] | (bytes_[c + 2 * w + 1] << 8)));
  le16(c + 0x1C, static_cast<uint16_t>(0x10000 - sum));
}

void ExtImage::bootEntry(uint32_t catalogLba, unsigned index, uint8_t indicator, uint8_t media, uint16_t sectorCount,
                         uint32_t loadRba) {
  const uint64_t e = uint64_t{catalogLba} * 2048 + 32 * uint64_t{index};
  u8(e, indicator);
  u8(e + 1, media);
  le16(e + 6, sectorCount);
  le32(e + 8, loadRba);
}

void ExtImage::sectionHeader(uint32_t catalogLba, unsigned index, uint8_t indicator, uint8_t platform, uint16_t count) {
  const uint64_t e = uint64_t{catalogLba} * 2048 + 32 * uint64_t{index};
  u8(e, indicator);
  u8(e + 1, platform);
  le16(e + 2, count);
}

void ExtImage::udfTag(uint64_t lba, uint16_t id, uint16_t version, uint16_t crcLength) {
  const uint64_t d = lba * 2048;
  le16(d, id);
  le16(d + 2, version);
  le32(d + 12, static_cast<uint32_t>(lba));
  le16(d + 10, crcLength);
  le16(d + 8, analyzer::crc16Udf(std::span<const uint8_t>(bytes_).subspan(d + 16, crcLength)));
  uint8_t sum = 0;
  for (int i = 0; i < 16; ++i)
    if (i != 4) sum = static_cast<uint8_t>(sum + bytes_[d + i]);
  u8(d + 4, sum);
}

void ExtImage::udfBridge(unsigned nsr) {
  isoDescriptors(17);
  const auto vrs = udfRecognitionSectors(nsr);
  for (size_t i = 0; i < vrs.size(); ++i) std::copy(vrs[i].begin(), vrs[i].end(), bytes_.begin() + static_cast<std::ptrdiff_t>((18 + i) * 2048));
  udfVolume(nsr, 0x0102, 32);
}

std::vector<std::vector<uint8_t>> ExtImage::udfRecognitionSectors(unsigned nsr) {
  std::vector<std::vector<uint8_t>> out;
  for (const char* id : {"BEA01", nsr == 3 ? "NSR03" : "NSR02", "TEA01"}) {
    std::vector<uint8_t> s(2048, 0);
    std::copy(id, id + 5, s.begin() + 1);
    s[6] = 1;
    out.push_back(std::move(s));
  }
  return out;
}

void ExtImage::udfVolume(unsigned nsr, uint16_t revision, uint64_t mainLba) {
  const uint16_t version = static_cast<uint16_t>(nsr);
  const uint64_t reserveLba = mainLba + 16;
  const uint64_t lvd = mainLba * 2048;
  text(lvd + 217, "*OSTA UDF Compliant");
  le16(lvd + 240, revision);
  udfTag(mainLba, 6, version, 440 - 16);
  udfTag(mainLba + 1, 8, version, 512 - 16);
  udfTag(reserveLba, 6, version, 0);
  for (uint64_t lba : {uint64_t{256}, sectors() - 1}) {
    const uint64_t a = lba * 2048;
    le32(a + 16, 16 * 2048);
    le32(a + 20, static_cast<uint32_t>(mainLba));
    le32(a + 24, 16 * 2048);
    le32(a + 28, static_cast<uint32_t>(reserveLba));
    udfTag(lba, 2, version, 512 - 16);
  }
}

std::vector<Finding> catalogueFindings(std::vector<uint8_t> bytes, analyzer::ImageAnalysis* analysis) {
  analyzer::MemorySource source(std::move(bytes), "test.iso");
  analyzer::AnalyzeOptions options;
  options.imageHashes = {hashing::Algorithm::Md5};
  options.pieceSize = 0;
  options.zeroCensus = false;
  options.pipeline.threads = 2;
  auto a = analyzer::analyzeSource(source, options);
  if (!a) return {};
  FindingSink sink;
  rules::catalogue().evaluate(*a, sink);
  if (analysis) *analysis = std::move(*a);
  return sink.takeSorted();
}

std::vector<Finding> ofRule(const std::vector<Finding>& findings, std::string_view id) {
  std::vector<Finding> out;
  for (const Finding& f : findings)
    if (f.ruleId == id) out.push_back(f);
  return out;
}

std::string describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) out += f.ruleId + " " + std::string(severityName(f.severity)) + ": " + f.message + "\n";
  return out;
}

} // namespace dv::test
