// Tests of the El Torito, system-area and UDF parsers: facts recorded from images built in code.
#include <gtest/gtest.h>

#include <string>

#include "analyzer/iso9660/Checksums.h"
#include "analyzer/iso9660/ElTorito.h"
#include "analyzer/iso9660/SystemArea.h"
#include "analyzer/iso9660/UdfRecognition.h"
#include "analyzer/sources/MemorySource.h"
#include "tests/support/ExtImage.h"

namespace dv::analyzer {
namespace {

ByteView bytesOf(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; } // NOLINT

TEST(Checksums, MatchTheCatalogueCheckValues) {
  EXPECT_EQ(crc32Gpt(bytesOf("123456789")), 0xCBF43926U);
  EXPECT_EQ(crc16Udf(bytesOf("123456789")), 0x31C3U);
}

TEST(ElTorito, ValidationEntryTestVectorSumsToZero) {
  test::ExtImage img(40);
  img.validationEntry(20, 0);
  // extensions.md 5.2: platform 0, empty id -> checksum word 0x55AA.
  EXPECT_EQ(img.bytes()[20 * 2048 + 0x1C], 0xAA);
  EXPECT_EQ(img.bytes()[20 * 2048 + 0x1D], 0x55);
  ElTorito et;
  parseBootCatalog(ByteView(img.bytes()).subspan(20 * 2048, 2048), 20 * 2048, et);
  EXPECT_EQ(et.validation.wordSum, 0);
  EXPECT_EQ(et.validation.checksum, 0x55AA);
}

TEST(ElTorito, ReadsSectionsAndLocatesEachBootImage) {
  test::ExtImage img(60);
  img.isoDescriptors(18);
  img.bootRecord(17, 20);
  img.validationEntry(20, 0);
  img.bootEntry(20, 1, 0x88, 0, 4, 30);
  img.sectionHeader(20, 2, 0x91, 0xEF, 1);
  img.bootEntry(20, 3, 0x88, 0, 8, 40);
  MemorySource src(img.bytes());
  const ElTorito et = readElTorito(ImageSectors(src));
  ASSERT_EQ(et.bootRecords.size(), 1U);
  EXPECT_EQ(et.bootRecords[0].lba, 17U);
  EXPECT_TRUE(et.catalogRead);
  EXPECT_TRUE(et.finalHeaderSeen);
  ASSERT_EQ(et.entries.size(), 2U);
  EXPECT_EQ(et.entries[0].image, (ByteRange{30 * 2048, 4 * 512}));
  EXPECT_EQ(et.entries[1].platformId, 0xEF);
  EXPECT_EQ(et.entries[1].section, 1U);
  EXPECT_EQ(et.entries[1].image, (ByteRange{40 * 2048, 8 * 512}));
  EXPECT_EQ(platformName(0xEF), "EFI");
}

TEST(ElTorito, BootImageDigestsComeFromThePass) {
  test::ExtImage img(60);
  img.isoDescriptors(18);
  img.bootRecord(17, 20);
  img.validationEntry(20, 0);
  img.bootEntry(20, 1, 0x88, 0, 4, 30);
  for (size_t i = 0; i < 2048; ++i) img.u8(30 * 2048 + i, static_cast<uint8_t>(i));
  ImageAnalysis a;
  (void)test::catalogueFindings(img.bytes(), &a);
  ASSERT_EQ(a.elTorito.entries.size(), 1U);
  ASSERT_EQ(a.elTorito.entries[0].digests.size(), 1U);
  const auto expected = hashing::digestOf(hashing::Algorithm::Md5, ByteView(img.bytes()).subspan(30 * 2048, 2048));
  EXPECT_EQ(a.elTorito.entries[0].digests[0], expected);
}

TEST(ElTorito, HostileCatalogCountsNeverReadPastTheCatalog) {
  test::ExtImage img(40);
  img.isoDescriptors(18);
  img.bootRecord(17, 39); // last sector: the catalog is one sector long
  img.validationEntry(39, 0);
  img.sectionHeader(39, 2, 0x91, 0, 0xFFFF);
  MemorySource src(img.bytes());
  const ElTorito et = readElTorito(ImageSectors(src));
  ASSERT_EQ(et.sections.size(), 1U);
  EXPECT_EQ(et.sections[0].entriesRead, 61U);
  EXPECT_TRUE(et.catalogTruncated);
}

TEST(SystemArea, DecodesGuidsWithTheirMixedByteOrder) {
  const uint8_t esp[16] = {0x28, 0x73, 0x2A, 0xC1, 0x1F, 0xF8, 0xD2, 0x11, 0xBA, 0x4B, 0x00, 0xA0, 0xC9, 0x3E, 0xC9, 0x3B};
  EXPECT_EQ(guidText(esp), "C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
}

TEST(UdfRecognition, RecognisesABridgeWithItsRevision) {
  test::ExtImage img(300);
  img.udfBridge(2);
  MemorySource src(img.bytes());
  const UdfRecognition u = readUdfRecognition(ImageSectors(src));
  EXPECT_TRUE(u.iso9660);
  EXPECT_EQ(u.nsrVersion, 2U);
  EXPECT_TRUE(u.terminated);
  EXPECT_EQ(u.anchors.size(), 2U);
  EXPECT_EQ(u.revisionText(), "1.02");
  ASSERT_EQ(u.mainVds.size(), 2U);
  EXPECT_EQ(u.mainVds[0].tag.crc, u.mainVds[0].tag.computedCrc);
}

TEST(UdfRecognition, PlainIsoHasNoUdf) {
  test::ExtImage img(40);
  img.isoDescriptors(17);
  MemorySource src(img.bytes());
  const UdfRecognition u = readUdfRecognition(ImageSectors(src));
  EXPECT_FALSE(u.hasUdf());
  EXPECT_TRUE(u.anchors.empty());
}

} // namespace
} // namespace dv::analyzer
