// Tests of DVD-001 ... DVD-004 and BD-001 ... BD-002: each rule fires on a crafted tree and stays
// quiet on a conforming one. Trees are built in code (test::DiscAppImages on IsoBuilder).
#include <gtest/gtest.h>

#include "tests/support/DiscAppImages.h"
#include "tests/support/ExtImage.h"
#include "tests/support/TestPaths.h"

#include <fstream>

namespace dv::rules {
namespace {

using test::catalogueFindings;
using test::describe;
using test::discImage;
using test::fileAt;
using test::ofRule;

std::vector<Finding> dvdFindings(const std::vector<test::TreeFile>& files, unsigned nsr = 2, uint16_t revision = 0x0102,
                                 analyzer::ImageAnalysis* a = nullptr) {
  return catalogueFindings(discImage(files, nsr, revision), a);
}

std::vector<Finding> bdFindings(const std::vector<test::TreeFile>& files, unsigned nsr = 3, uint16_t revision = 0x0250) {
  return catalogueFindings(discImage(files, nsr, revision));
}

bool quietFor(const std::vector<Finding>& f, std::string_view prefix) {
  for (const Finding& x : f)
    if (x.ruleId.rfind(prefix, 0) == 0) return false;
  return true;
}

TEST(DiscApplication, ReadsTheVideoTsStructure) {
  analyzer::ImageAnalysis a;
  const auto f = dvdFindings(test::dvdFiles(), 2, 0x0102, &a);
  const auto& dvd = a.discApplication.dvd;
  ASSERT_TRUE(dvd.present);
  ASSERT_TRUE(dvd.manager.ifo);
  EXPECT_EQ(dvd.manager.header.identifier, "DVDVIDEO-VMG");
  EXPECT_EQ(dvd.manager.header.numberOfTitleSets, 1U);
  EXPECT_EQ(dvd.manager.header.providerIdentifier, "DISCVERIFY");
  EXPECT_EQ(dvd.manager.bupComparison, analyzer::Comparison::Identical);
  ASSERT_EQ(dvd.titleSets.size(), 1U);
  EXPECT_EQ(dvd.titleSets[0].header.identifier, "DVDVIDEO-VTS");
  ASSERT_EQ(dvd.titles.size(), 1U);
  EXPECT_EQ(dvd.titles[0].titleSetStartSector, 20U);
  ASSERT_EQ(dvd.titleSets[0].vobs.size(), 1U);
  EXPECT_EQ(dvd.titleSets[0].vobs[0].sectorsChecked, 16U);
  EXPECT_EQ(dvd.titleSets[0].vobs[0].sectorsWithoutPackStart, 0U);
  EXPECT_EQ(dvd.titleSets[0].ifo->path, "/VIDEO_TS/VTS_01_0.IFO");
}

TEST(DvdRules, QuietOnAConformingTree) {
  const auto f = dvdFindings(test::dvdFiles());
  EXPECT_TRUE(quietFor(f, "DVD-")) << describe(f);
}

TEST(DvdRules, QuietWithoutVideoTs) {
  const auto f = catalogueFindings(discImage({{"/README.TXT;1", "text"}}, 0, 0));
  EXPECT_TRUE(quietFor(f, "DVD-") && quietFor(f, "BD-")) << describe(f);
}

TEST(DvdRules, Dvd001FiresWithoutUdf) {
  const auto f = ofRule(dvdFindings(test::dvdFiles(), 0, 0), "DVD-001");
  ASSERT_EQ(f.size(), 1U) << describe(f);
  EXPECT_EQ(f[0].severity, Severity::Error);
}

TEST(DvdRules, Dvd001FiresOnUdf250) {
  const auto f = ofRule(dvdFindings(test::dvdFiles(), 3, 0x0250), "DVD-001");
  ASSERT_EQ(f.size(), 2U) << describe(f); // NSR03 and the revision
}

TEST(DvdRules, Dvd001ComparesTheUdfTreeOfAGenisoimageDvd) {
  if (test::runCommand("command -v genisoimage >/dev/null && command -v python3 >/dev/null") != 0)
    GTEST_SKIP() << "genisoimage or python3 not installed";
  const std::string dir = test::scratchDir("dvd-genisoimage");
  ASSERT_EQ(test::runCommand("rm -rf " + dir + "/tree && python3 " + test::sourceDir() + "/samples/make-dvd-tree.py " + dir +
                             "/tree && genisoimage -quiet -dvd-video -o " + dir + "/dvd.iso " + dir + "/tree 2>/dev/null"),
            0);
  std::ifstream in(dir + "/dvd.iso", std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  analyzer::ImageAnalysis a;
  auto f = catalogueFindings(bytes, &a);
  EXPECT_TRUE(quietFor(f, "DVD-")) << describe(f);
  ASSERT_TRUE(a.discApplication.dvd.udfFiles);
  EXPECT_EQ(a.discApplication.dvd.udfFiles->size(), 6U);
  // The ISO 9660 record of VTS_01_1.VOB now claims one sector less than the UDF file entry.
  uint64_t record = 0;
  for (const auto& r : a.iso.tree.records)
    if (r.path == "/VIDEO_TS/VTS_01_1.VOB;1") record = r.offset;
  ASSERT_NE(record, 0U);
  const uint32_t shorter = 16 * 2048 - 2048;
  for (int i = 0; i < 4; ++i) {
    bytes[record + 10 + static_cast<uint64_t>(i)] = static_cast<uint8_t>(shorter >> (8 * i));
    bytes[record + 17 - static_cast<uint64_t>(i)] = static_cast<uint8_t>(shorter >> (8 * i));
  }
  f = ofRule(catalogueFindings(bytes), "DVD-001");
  ASSERT_EQ(f.size(), 1U) << describe(f);
  EXPECT_EQ(f[0].location.path, "/VIDEO_TS/VTS_01_1.VOB");
  EXPECT_NE(f[0].actual.find("32768 bytes"), std::string::npos) << f[0].actual;
}

TEST(DvdRules, Dvd002FiresOnAWrongVtsIdentifier) {
  auto files = test::dvdFiles();
  fileAt(files, "/VIDEO_TS/VTS_01_0.IFO;1").data.replace(0, 12, "DVDVIDEO-VMG");
  const auto f = ofRule(dvdFindings(files), "DVD-002");
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0].location.path, "/VIDEO_TS/VTS_01_0.IFO");
  EXPECT_EQ(f[0].expected, "DVDVIDEO-VTS");
}

TEST(DvdRules, Dvd002FiresOnATitleSetCountAndStartSectorThatDisagree) {
  auto files = test::dvdFiles();
  const std::string vmg = test::dvdVmgIfo(19, 7, 2);
  fileAt(files, "/VIDEO_TS/VIDEO_TS.IFO;1").data = vmg;
  fileAt(files, "/VIDEO_TS/VIDEO_TS.BUP;1").data = vmg;
  const auto f = ofRule(dvdFindings(files), "DVD-002");
  ASSERT_EQ(f.size(), 2U) << describe(f);
  EXPECT_NE(describe(f).find("number of title sets"), std::string::npos) << describe(f);
  EXPECT_NE(describe(f).find("start sector of title set 1"), std::string::npos) << describe(f);
}

TEST(DvdRules, Dvd002FiresOnAPointerPastTheIfo) {
  auto files = test::dvdFiles();
  std::string& ifo = fileAt(files, "/VIDEO_TS/VIDEO_TS.IFO;1").data;
  ifo[0xC4 + 3] = 5; // TT_SRPT at sector 5 of a 2-sector IFO
  fileAt(files, "/VIDEO_TS/VIDEO_TS.BUP;1").data = ifo;
  const auto f = ofRule(dvdFindings(files), "DVD-002");
  ASSERT_FALSE(f.empty());
  EXPECT_NE(f[0].message.find("TT_SRPT"), std::string::npos) << describe(f);
}

TEST(DvdRules, Dvd002FiresOnATitleTableClaimingMoreTitlesThanTheIfoHolds) {
  auto files = test::dvdFiles();
  std::string& ifo = fileAt(files, "/VIDEO_TS/VIDEO_TS.IFO;1").data;
  ifo[2048] = static_cast<char>(0xFF); // 65,535 titles in a 2048-byte table sector
  ifo[2049] = static_cast<char>(0xFF);
  fileAt(files, "/VIDEO_TS/VIDEO_TS.BUP;1").data = ifo;
  analyzer::ImageAnalysis a;
  const auto f = ofRule(dvdFindings(files, 2, 0x0102, &a), "DVD-002");
  EXPECT_EQ(a.discApplication.dvd.numberOfTitles, 65535U);
  EXPECT_EQ(a.discApplication.dvd.titles.size(), 170U); // (2048 - 8) / 12 entries fit
  bool runsPast = false;
  for (const Finding& x : f) runsPast = runsPast || x.message == "title table runs past the IFO";
  EXPECT_TRUE(runsPast) << describe(f);
}

TEST(DvdRules, Dvd003FiresWhenTheBupDiffers) {
  auto files = test::dvdFiles();
  fileAt(files, "/VIDEO_TS/VTS_01_0.BUP;1").data[100] = 1;
  const auto f = ofRule(dvdFindings(files), "DVD-003");
  ASSERT_EQ(f.size(), 1U) << describe(f);
  EXPECT_EQ(f[0].location.path, "/VIDEO_TS/VTS_01_0.BUP");
  EXPECT_EQ(f[0].severity, Severity::Warning);
}

TEST(DvdRules, Dvd003ReportsIfoAndBupInOneEccBlock) {
  auto files = test::dvdFiles();
  fileAt(files, "/VIDEO_TS/VTS_01_1.VOB;1").data = test::dvdVob(2, 2);
  fileAt(files, "/VIDEO_TS/VTS_01_0.IFO;1").data = test::dvdVtsIfo(3);
  fileAt(files, "/VIDEO_TS/VTS_01_0.BUP;1").data = test::dvdVtsIfo(3);
  // Move the title set to the start of an ECC block: IFO at 16k, VOB at 16k+1, BUP at 16k+3.
  analyzer::ImageAnalysis a;
  (void)dvdFindings(files, 2, 0x0102, &a);
  ASSERT_EQ(a.discApplication.dvd.titleSets.size(), 1U);
  const uint64_t shift = (16 - a.discApplication.dvd.titleSets[0].ifo->lba % 16) % 16;
  fileAt(files, "/VIDEO_TS/VIDEO_TS.VOB;1").data = test::dvdVob(16 + shift, 1);
  const auto f = ofRule(dvdFindings(files), "DVD-003");
  ASSERT_EQ(f.size(), 1U) << describe(f);
  EXPECT_EQ(f[0].severity, Severity::Info);
}

TEST(DvdRules, Dvd004FiresOnANumberingGapAndAMissingPackHeader) {
  auto files = test::dvdFiles();
  fileAt(files, "/VIDEO_TS/VTS_01_1.VOB;1").path = "/VIDEO_TS/VTS_01_2.VOB;1";
  std::string& vob = fileAt(files, "/VIDEO_TS/VIDEO_TS.VOB;1").data;
  vob[3 * 2048 + 3] = 0; // sector 3 of the menu VOB
  const auto f = ofRule(dvdFindings(files), "DVD-004");
  ASSERT_EQ(f.size(), 2U) << describe(f);
  bool gap = false, pack = false;
  for (const Finding& x : f) {
    gap = gap || x.message.find("without gaps") != std::string::npos;
    pack = pack || (x.message.find("pack header") != std::string::npos && x.actual == "1 of 16 sectors without it");
  }
  EXPECT_TRUE(gap && pack) << describe(f);
}

TEST(DvdRules, Dvd004ReportsCssSectorsAsInfo) {
  auto files = test::dvdFiles();
  fileAt(files, "/VIDEO_TS/VTS_01_1.VOB;1").data = test::dvdVob(16, 2, true);
  const auto f = ofRule(dvdFindings(files), "DVD-004");
  ASSERT_EQ(f.size(), 1U) << describe(f);
  EXPECT_EQ(f[0].severity, Severity::Info);
  EXPECT_EQ(f[0].actual, "16 of 16 sectors");
}

TEST(DvdRules, Dvd004FiresOnATitleSetOutOfOrder) {
  auto files = test::dvdFiles();
  std::swap(files[3], files[5]); // BUP before the IFO
  const auto f = ofRule(dvdFindings(files), "DVD-004");
  ASSERT_FALSE(f.empty());
  EXPECT_NE(describe(f).find("contiguously"), std::string::npos) << describe(f);
}

TEST(BdRules, QuietOnAConformingTree) {
  const auto f = bdFindings(test::bdFiles());
  EXPECT_TRUE(quietFor(f, "BD-") && quietFor(f, "DVD-")) << describe(f);
}

TEST(BdRules, Bd001FiresOnAWrongIndexType) {
  auto files = test::bdFiles();
  fileAt(files, "/BDMV/INDEX.BDMV;1").data.replace(0, 4, "MOBJ");
  fileAt(files, "/BDMV/BACKUP/INDEX.BDMV;1").data.replace(0, 4, "MOBJ");
  const auto f = ofRule(bdFindings(files), "BD-001");
  ASSERT_EQ(f.size(), 1U) << describe(f);
  EXPECT_EQ(f[0].expected, "INDX");
}

TEST(BdRules, Bd001FiresOnADifferentBackupAndOnUdf102) {
  auto files = test::bdFiles();
  fileAt(files, "/BDMV/BACKUP/MOVIEOBJECT.BDMV;1").data[50] = 'x';
  const auto f = ofRule(bdFindings(files, 2, 0x0102), "BD-001");
  ASSERT_EQ(f.size(), 2U) << describe(f);
}

TEST(BdRules, Bd002FiresOnAClipWithoutStreamAndAShortStream) {
  auto files = test::bdFiles();
  fileAt(files, "/BDMV/STREAM/00000.M2TS;1").path = "/BDMV/STREAM/00001.M2TS;1";
  fileAt(files, "/BDMV/STREAM/00001.M2TS;1").data.resize(6144 + 192);
  const auto f = ofRule(bdFindings(files), "BD-002");
  ASSERT_EQ(f.size(), 2U) << describe(f);
}

TEST(BdRules, Bd002ReportsUnitsWithoutSync) {
  auto files = test::bdFiles();
  std::string& s = fileAt(files, "/BDMV/STREAM/00000.M2TS;1").data;
  for (size_t p = 192; p < 6144; p += 192) s[p + 4] = 0x12; // unit 0 encrypted after its first 16 bytes
  const auto f = ofRule(bdFindings(files), "BD-002");
  ASSERT_EQ(f.size(), 1U) << describe(f);
  EXPECT_EQ(f[0].severity, Severity::Info);
  EXPECT_EQ(f[0].actual, "1 of 2 units without it");
}

} // namespace
} // namespace dv::rules
