// Tests of ELTORITO-*, HYBRID-* and UDF-*: each rule fires on a crafted image and stays quiet on
// a well-formed one. Images are built in code (test::ExtImage).
#include <gtest/gtest.h>

#include "analyzer/iso9660/Checksums.h"
#include "tests/support/IsoBuilder.h"
#include "tests/support/ExtImage.h"

namespace dv::rules {
namespace {

using test::catalogueFindings;
using test::describe;
using test::ExtImage;
using test::ofRule;

constexpr uint32_t kCatalog = 20;

/// Fixes the boot info table of the no-emulation image at `lba` (2048 bytes).
void bootInfoTable(ExtImage& img, uint32_t lba) {
  const uint64_t base = uint64_t{lba} * 2048;
  for (size_t i = 64; i < 2048; ++i) img.u8(base + i, static_cast<uint8_t>(i * 7));
  uint32_t sum = 0;
  for (size_t off = 64; off < 2048; off += 4) {
    uint32_t w = 0;
    for (size_t k = 0; k < 4; ++k) w |= uint32_t{img.bytes()[base + off + k]} << (8 * k);
    sum += w;
  }
  img.le32(base + 8, 16);
  img.le32(base + 12, lba);
  img.le32(base + 16, 2048);
  img.le32(base + 20, sum);
}

/// A well-formed El Torito image: boot record at 17, an x86 initial entry with a boot info table and
/// an EFI section.
ExtImage bootable() {
  ExtImage img(80);
  img.isoDescriptors(18);
  img.bootRecord(17, kCatalog);
  img.validationEntry(kCatalog, 0);
  img.bootEntry(kCatalog, 1, 0x88, 0, 4, 30);
  img.sectionHeader(kCatalog, 2, 0x91, 0xEF, 1);
  img.bootEntry(kCatalog, 3, 0x88, 0, 4, 40);
  bootInfoTable(img, 30);
  return img;
}

bool quietFor(const std::vector<Finding>& f, std::string_view prefix) {
  for (const Finding& x : f)
    if (x.ruleId.rfind(prefix, 0) == 0) return false;
  return true;
}

TEST(ElToritoRules, QuietOnAWellFormedCatalog) {
  const auto f = catalogueFindings(bootable().bytes());
  EXPECT_TRUE(quietFor(f, "ELTORITO-")) << describe(f);
}

TEST(ElToritoRules, Rule001FiresWhenTheBootRecordIsNotAtSector17) {
  ExtImage img = bootable();
  // PVD at 16, a supplementary descriptor at 17, the boot record at 18, the terminator at 19.
  std::copy(img.bytes().begin() + 16 * 2048, img.bytes().begin() + 17 * 2048, img.bytes().begin() + 17 * 2048);
  img.u8(17 * 2048, 2);
  std::fill(img.bytes().begin() + 18 * 2048, img.bytes().begin() + 19 * 2048, 0);
  img.bootRecord(18, kCatalog);
  img.isoDescriptors(19);
  const auto f = ofRule(catalogueFindings(img.bytes()), "ELTORITO-001");
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0].location.lba, 18U);
}

TEST(ElToritoRules, Rule002FiresWhenTheCatalogIsPastTheImage) {
  ExtImage img = bootable();
  img.le32(17 * 2048 + 71, 500);
  EXPECT_FALSE(ofRule(catalogueFindings(img.bytes()), "ELTORITO-002").empty());
}

TEST(ElToritoRules, Rule003FiresOnAnUnknownPlatformAndWrongKeys) {
  ExtImage img = bootable();
  img.validationEntry(kCatalog, 0x05); // checksum recomputed: only the platform is wrong
  auto f = catalogueFindings(img.bytes());
  EXPECT_EQ(ofRule(f, "ELTORITO-003").size(), 1U) << describe(f);
  EXPECT_TRUE(ofRule(f, "ELTORITO-004").empty());
  img.u8(kCatalog * 2048 + 0x1F, 0xAB);
  f = catalogueFindings(img.bytes());
  EXPECT_EQ(ofRule(f, "ELTORITO-003").size(), 2U) << describe(f);
}

TEST(ElToritoRules, Rule004FiresOnAWrongChecksum) {
  ExtImage img = bootable();
  img.u8(kCatalog * 2048 + 0x1C, 0x00);
  const auto f = ofRule(catalogueFindings(img.bytes()), "ELTORITO-004");
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].expected, "0x55aa");
  EXPECT_EQ(f[0].severity, Severity::Error);
}

TEST(ElToritoRules, Rule005FiresOnABadIndicatorAndReservedBytes) {
  ExtImage img = bootable();
  img.u8(kCatalog * 2048 + 32, 0x77);
  img.u8(kCatalog * 2048 + 32 + 5, 1);
  img.u8(kCatalog * 2048 + 32 + 0x10, 1);
  const auto f = ofRule(catalogueFindings(img.bytes()), "ELTORITO-005");
  EXPECT_EQ(f.size(), 3U) << describe(f);
}

TEST(ElToritoRules, Rule006FiresOnABootImagePastTheImageEnd) {
  ExtImage img = bootable();
  img.bootEntry(kCatalog, 3, 0x88, 0, 4, 1000);
  const auto f = ofRule(catalogueFindings(img.bytes()), "ELTORITO-006");
  EXPECT_EQ(f.size(), 2U) << describe(f); // outside the volume and past the image
}

TEST(ElToritoRules, Rule007FiresOnAHardDiskImageWithoutAPartition) {
  ExtImage img = bootable();
  img.bootEntry(kCatalog, 3, 0x88, 4, 4, 40);
  auto f = ofRule(catalogueFindings(img.bytes()), "ELTORITO-007");
  EXPECT_EQ(f.size(), 1U);
  // With one partition of the entry's system type it is quiet.
  img.u8(40 * 2048 + 510, 0x55);
  img.u8(40 * 2048 + 511, 0xAA);
  img.u8(40 * 2048 + 446 + 4, 0x06);
  img.le32(40 * 2048 + 446 + 8, 1);
  img.le32(40 * 2048 + 446 + 12, 3);
  img.u8(kCatalog * 2048 + 3 * 32 + 4, 0x06);
  f = catalogueFindings(img.bytes());
  EXPECT_TRUE(ofRule(f, "ELTORITO-007").empty()) << describe(f);
}

TEST(ElToritoRules, Rule008FiresOnABrokenExtensionChainAndAMissingFinalHeader) {
  ExtImage img = bootable();
  img.bootEntry(kCatalog, 3, 0x88, 0x20, 4, 40); // bit 5: an extension follows, but none does
  auto f = ofRule(catalogueFindings(img.bytes()), "ELTORITO-008");
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].severity, Severity::Error);
  ExtImage img2 = bootable();
  img2.u8(kCatalog * 2048 + 2 * 32, 0x90);
  f = ofRule(catalogueFindings(img2.bytes()), "ELTORITO-008");
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].severity, Severity::Warning);
}

TEST(ElToritoRules, Rule009FiresOnAWrongBootInfoChecksum) {
  ExtImage img = bootable();
  img.u8(30 * 2048 + 100, 0xFF);
  const auto f = ofRule(catalogueFindings(img.bytes()), "ELTORITO-009");
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].severity, Severity::Info);
}

/// An ISO 9660 volume (IsoBuilder) whose boot catalog is the data of /BOOT.CAT and whose boot image
/// starts `offsetBlocks` blocks into /BOOT.IMG (0: the file itself).
std::vector<uint8_t> isoWithBootImage(uint32_t offsetBlocks) {
  auto make = [](uint32_t catalogLba, uint32_t imageLba) {
    test::IsoBuilder b;
    ExtImage cat(1);
    cat.validationEntry(0, 0);
    cat.bootEntry(0, 1, 0x88, 0, 4, imageLba);
    b.file("/BOOT.CAT;1", std::string(cat.bytes().begin(), cat.bytes().end()));
    b.file("/BOOT.IMG;1", std::string(4096, 'B'));
    std::vector<uint8_t> record(2048, 0);
    record[1] = 'C'; record[2] = 'D'; record[3] = '0'; record[4] = '0'; record[5] = '1'; record[6] = 1;
    const std::string id = "EL TORITO SPECIFICATION";
    std::copy(id.begin(), id.end(), record.begin() + 7);
    for (int i = 0; i < 4; ++i) record[71 + static_cast<size_t>(i)] = static_cast<uint8_t>(catalogLba >> (8 * i));
    b.extraDescriptors.push_back(record);
    return b;
  };
  const auto first = make(0, 0).build();
  const uint32_t catalog = first.extents.at("/BOOT.CAT;1");
  const uint32_t image = first.extents.at("/BOOT.IMG;1") + offsetBlocks;
  return make(catalog, image).build().bytes;
}

TEST(ElToritoRules, Rule009NotesABootImageThatNoFileNames) {
  analyzer::ImageAnalysis a;
  auto f = catalogueFindings(isoWithBootImage(0), &a);
  ASSERT_EQ(a.elTorito.entries.size(), 1U) << describe(f);
  EXPECT_TRUE(ofRule(f, "ELTORITO-009").empty()) << describe(f);
  f = ofRule(catalogueFindings(isoWithBootImage(1)), "ELTORITO-009");
  ASSERT_EQ(f.size(), 1U);
  EXPECT_NE(f[0].message.find("not referenced"), std::string::npos);
}

// Hybrid ---------------------------------------------------------------------------------------

/// An isohybrid-style image: MBR partition 1 covers the ISO from block 0, and a GPT with one EFI
/// System partition, its array at block 2 and the backup at the last block.
ExtImage hybrid() {
  ExtImage img(80);
  img.isoDescriptors(17);
  const uint32_t blocks = static_cast<uint32_t>(img.sectors() * 4);
  img.u8(510, 0x55);
  img.u8(511, 0xAA);
  img.u8(446, 0x80);
  img.u8(446 + 4, 0x17);
  img.le32(446 + 8, 0);
  img.le32(446 + 12, blocks);
  // GPT partition array at block 2: one EFI System partition at blocks 200-239.
  const uint8_t esp[16] = {0x28, 0x73, 0x2A, 0xC1, 0x1F, 0xF8, 0xD2, 0x11, 0xBA, 0x4B, 0x00, 0xA0, 0xC9, 0x3E, 0xC9, 0x3B};
  auto writeArray = [&](uint64_t at) {
    for (int i = 0; i < 16; ++i) img.u8(at + i, esp[i]);
    img.le64(at + 32, 200);
    img.le64(at + 40, 239);
  };
  writeArray(1024);
  const uint64_t backupArrayLba = blocks - 1 - 32;
  writeArray(backupArrayLba * 512);
  const uint32_t arrayCrc = analyzer::crc32Gpt(ByteView(img.bytes()).subspan(1024, 128 * 128));
  auto writeHeader = [&](uint64_t at, uint64_t current, uint64_t backup, uint64_t arrayLba) {
    img.text(at, "EFI PART");
    img.le32(at + 8, 0x00010000);
    img.le32(at + 12, 92);
    img.le64(at + 24, current);
    img.le64(at + 32, backup);
    img.le64(at + 40, 34);
    img.le64(at + 48, blocks - 34);
    img.le64(at + 72, arrayLba);
    img.le32(at + 80, 128);
    img.le32(at + 84, 128);
    img.le32(at + 88, arrayCrc);
    img.le32(at + 16, analyzer::crc32Gpt(ByteView(img.bytes()).subspan(at, 92)));
  };
  writeHeader(512, 1, blocks - 1, 2);
  writeHeader(uint64_t{blocks - 1} * 512, blocks - 1, 1, backupArrayLba);
  return img;
}

ExtImage appleMap() {
  ExtImage img(80);
  img.isoDescriptors(17);
  img.text(0, "ER");
  img.be16(2, 2048);
  img.be32(4, 80);
  for (uint32_t i = 1; i <= 2; ++i) {
    const uint64_t e = uint64_t{i} * 2048;
    img.text(e, "PM");
    img.be32(e + 4, 2);
    img.be32(e + 8, i == 1 ? 1 : 0);
    img.be32(e + 12, i == 1 ? 2 : 80);
    img.text(e + 48, i == 1 ? "Apple_partition_map" : "ISO9660_data");
  }
  return img;
}

TEST(HybridRules, QuietOnAWellFormedHybrid) {
  auto f = catalogueFindings(hybrid().bytes());
  EXPECT_TRUE(quietFor(f, "HYBRID-")) << describe(f);
  f = catalogueFindings(appleMap().bytes());
  EXPECT_TRUE(quietFor(f, "HYBRID-")) << describe(f);
}

TEST(HybridRules, Rule001FiresOnABadStatusAndAPartitionPastTheEnd) {
  ExtImage img = hybrid();
  img.u8(462, 0x33);
  img.u8(462 + 4, 0x83);
  img.le32(462 + 8, 100);
  img.le32(462 + 12, 1000);
  const auto f = ofRule(catalogueFindings(img.bytes()), "HYBRID-001");
  EXPECT_EQ(f.size(), 2U) << describe(f);
}

TEST(HybridRules, Rule002FiresWhenThePartitionIsShorterThanTheVolume) {
  ExtImage img = hybrid();
  img.le32(446 + 12, 100);
  auto f = ofRule(catalogueFindings(img.bytes()), "HYBRID-002");
  ASSERT_EQ(f.size(), 1U);
  // And when the image was cut short of the partition.
  img.le32(446 + 12, 80 * 4);
  img.bytes().resize(60 * 2048);
  img.le32(16 * 2048 + 80, 60);
  f = ofRule(catalogueFindings(img.bytes()), "HYBRID-002");
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0].severity, Severity::Error);
}

TEST(HybridRules, Rule003FiresOnAWrongHeaderCrcAndAMissingBackup) {
  ExtImage img = hybrid();
  img.u8(512 + 16, img.bytes()[512 + 16] ^ 1);
  auto f = ofRule(catalogueFindings(img.bytes()), "HYBRID-003");
  ASSERT_EQ(f.size(), 1U) << describe(f);
  EXPECT_EQ(f[0].severity, Severity::Error);
  ExtImage img2 = hybrid();
  std::fill(img2.bytes().end() - 512, img2.bytes().end(), 0);
  f = ofRule(catalogueFindings(img2.bytes()), "HYBRID-003");
  ASSERT_EQ(f.size(), 1U) << describe(f);
  EXPECT_EQ(f[0].severity, Severity::Warning);
}

TEST(HybridRules, Rule004FiresOnABlockSizeAndCountMismatch) {
  ExtImage img = appleMap();
  img.be32(2 * 2048 + 4, 3);
  img.be32(2 * 2048 + 12, 1000);
  auto f = ofRule(catalogueFindings(img.bytes()), "HYBRID-004");
  EXPECT_EQ(f.size(), 2U) << describe(f); // count differs, partition past the end
  ExtImage img2 = appleMap();
  img2.be16(2, 512);
  f = ofRule(catalogueFindings(img2.bytes()), "HYBRID-004");
  EXPECT_FALSE(f.empty());
}

// UDF ------------------------------------------------------------------------------------------

ExtImage udf() {
  ExtImage img(300);
  img.udfBridge(2);
  return img;
}

void fixTagChecksum(ExtImage& img, uint64_t lba) {
  uint8_t sum = 0;
  for (int i = 0; i < 16; ++i)
    if (i != 4) sum = static_cast<uint8_t>(sum + img.bytes()[lba * 2048 + i]);
  img.u8(lba * 2048 + 4, sum);
}

TEST(UdfRules, QuietOnAWellFormedBridgeAndReportsItsRevision) {
  analyzer::ImageAnalysis a;
  const auto f = catalogueFindings(udf().bytes(), &a);
  EXPECT_TRUE(quietFor(f, "UDF-")) << describe(f);
  EXPECT_TRUE(a.udf.iso9660);
  EXPECT_EQ(a.udf.revisionText(), "1.02");
}

TEST(UdfRules, QuietOnAPlainIso) {
  ExtImage img(40);
  img.isoDescriptors(17);
  EXPECT_TRUE(quietFor(catalogueFindings(img.bytes()), "UDF-"));
}

TEST(UdfRules, Rule001FiresWithoutTea) {
  ExtImage img = udf();
  std::fill(img.bytes().begin() + 20 * 2048, img.bytes().begin() + 21 * 2048, 0);
  EXPECT_EQ(ofRule(catalogueFindings(img.bytes()), "UDF-001").size(), 1U);
}

TEST(UdfRules, Rule002FiresWithoutAnchors) {
  ExtImage img = udf();
  std::fill(img.bytes().begin() + 256 * 2048, img.bytes().begin() + 257 * 2048, 0);
  auto f = ofRule(catalogueFindings(img.bytes()), "UDF-002");
  ASSERT_EQ(f.size(), 2U) << describe(f); // none at 256 (E), only one left (W)
  ExtImage img2 = udf();
  img2.le32(299 * 2048 + 20, 33);
  img2.udfTag(299, 2, 2, 496);
  f = ofRule(catalogueFindings(img2.bytes()), "UDF-002");
  ASSERT_EQ(f.size(), 1U) << describe(f);
  EXPECT_NE(f[0].message.find("disagrees"), std::string::npos);
}

TEST(UdfRules, Rule003FiresOnAWrongTagChecksum) {
  ExtImage img = udf();
  img.u8(256 * 2048 + 4, img.bytes()[256 * 2048 + 4] ^ 0x40);
  EXPECT_EQ(ofRule(catalogueFindings(img.bytes()), "UDF-003").size(), 1U);
}

TEST(UdfRules, Rule004FiresOnAWrongCrc) {
  ExtImage img = udf();
  img.u8(32 * 2048 + 100, 0x5A);
  const auto f = ofRule(catalogueFindings(img.bytes()), "UDF-004");
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].location.lba, 32U);
}

TEST(UdfRules, Rule005FiresOnAWrongLocationAndVersion) {
  ExtImage img = udf();
  img.le32(33 * 2048 + 12, 99);
  img.le16(33 * 2048 + 2, 3);
  fixTagChecksum(img, 33);
  EXPECT_EQ(ofRule(catalogueFindings(img.bytes()), "UDF-005").size(), 2U);
}

TEST(UdfRules, Rule006FiresOnAShortSequence) {
  ExtImage img = udf();
  for (uint64_t lba : {uint64_t{256}, uint64_t{299}}) {
    img.le32(lba * 2048 + 16, 8 * 2048);
    img.udfTag(lba, 2, 2, 496);
  }
  auto f = ofRule(catalogueFindings(img.bytes()), "UDF-006");
  bool warned = false;
  for (const Finding& x : f) warned = warned || x.severity == Severity::Warning;
  EXPECT_TRUE(warned) << describe(f);
}

} // namespace
} // namespace dv::rules
