// Tests of the ECMA119-* rules: each fires on a crafted image and stays quiet on a well-formed one.
// Images are built in code with test::IsoBuilder and corrupted through its field hooks.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstring>
#include <functional>

#include "analyzer/ImageAnalysis.h"
#include "analyzer/iso9660/IsoVolume.h"
#include "analyzer/sources/MemorySource.h"
#include "rules/RuleRegistry.h"
#include "tests/support/ExtImage.h"
#include "tests/support/IsoBuilder.h"

namespace dv::rules {
namespace {

using namespace analyzer::iso9660;
using test::BuiltIso;
using test::catalogueFindings;
using test::describe;
using test::IsoBuilder;
using test::ofRule;

IsoBuilder sample() {
  IsoBuilder b;
  b.file("/README.TXT;1", "hello\n");
  b.file("/AB.TXT;1", "ab");
  b.file("/DOCS/A.TXT;1", std::string(5000, 'a'));
  b.directory("/DOCS/SUB");
  b.file("/DOCS/SUB/B.BIN;1", "b");
  return b;
}

std::vector<Finding> findings(const BuiltIso& iso) { return catalogueFindings(iso.bytes); }

/// Asserts that `id` fires on `iso`, with `severity`, and returns its findings.
std::vector<Finding> fires(const BuiltIso& iso, std::string_view id, Severity severity) {
  const auto all = findings(iso);
  auto f = ofRule(all, id);
  EXPECT_FALSE(f.empty()) << id << " did not fire:\n" << describe(all);
  bool seen = false;
  for (const auto& x : f) seen = seen || x.severity == severity;
  EXPECT_TRUE(seen) << id << " fired without severity " << severityName(severity) << ":\n" << describe(f);
  return f;
}

bool hasMessage(const std::vector<Finding>& f, std::string_view text) {
  for (const auto& x : f)
    if (x.message.find(text) != std::string::npos) return true;
  return false;
}

std::vector<uint8_t> descriptorSector(uint8_t type, uint8_t version) {
  std::vector<uint8_t> s(2048, 0);
  s[0] = type;
  std::memcpy(s.data() + 1, "CD001", 5);
  s[6] = version;
  return s;
}

void both32(std::vector<uint8_t>& s, size_t at, uint32_t v) {
  for (size_t i = 0; i < 4; ++i) {
    s[at + i] = static_cast<uint8_t>(v >> (8 * i));
    s[at + 7 - i] = static_cast<uint8_t>(v >> (8 * i));
  }
}

test::SupplementaryTree joliet() {
  test::SupplementaryTree t;
  t.escapeSequences[0] = 0x25;
  t.escapeSequences[1] = 0x2F;
  t.escapeSequences[2] = 0x45;
  t.encodeName = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      out.push_back('\0');
      out.push_back(c);
    }
    return out;
  };
  return t;
}

// ---- quiet ----------------------------------------------------------------------------------------

TEST(Ecma119Rules, EveryRuleIsQuietOnAWellFormedImageButTheLevelReport) {
  IsoBuilder b = sample();
  b.supplementary.push_back(joliet());
  b.pvd.copyrightFileIdentifier = "README.TXT;1";
  const auto all = findings(b.build());
  for (const auto& f : all) {
    if (f.ruleId.rfind("ECMA119-", 0) != 0) continue;
    EXPECT_EQ(f.ruleId, "ECMA119-LVL-003") << describe(all);
  }
  const auto level = ofRule(all, "ECMA119-LVL-003");
  ASSERT_EQ(level.size(), 1u);
  EXPECT_EQ(level[0].actual, "interchange level 1");
}

TEST(Ecma119Rules, EveryRuleIsQuietOnAnInputWithoutIso9660ButVds001) {
  std::vector<uint8_t> noise(64 * 2048);
  for (size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<uint8_t>(i * 7 + 3);
  const auto all = catalogueFindings(noise);
  for (const auto& f : all) {
    if (f.ruleId.rfind("ECMA119-", 0) != 0) continue;
    EXPECT_EQ(f.ruleId, "ECMA119-VDS-001") << describe(all);
  }
}

TEST(Ecma119Rules, CatalogueListsEveryRuleOfTheSpec) {
  const char* ids[] = {"ENC-001", "ENC-002", "SYS-001", "VDS-001", "VDS-002", "VDS-003", "VDS-004", "VDS-005",
                       "VDS-006", "PVD-001", "PVD-002", "PVD-003", "PVD-004", "PVD-005", "PVD-006", "PVD-007",
                       "PVD-008", "PVD-009", "PVD-010", "PVD-011", "PVD-012", "SVD-001", "SVD-002", "SVD-003",
                       "EVD-001", "BR-001",  "VPD-001", "PT-001",  "PT-002",  "PT-003",  "PT-004",  "PT-005",
                       "PT-006",  "DR-001",  "DR-002",  "DR-003",  "DR-004",  "DR-005",  "DR-006",  "DR-007",
                       "DR-008",  "DR-009",  "DR-010",  "DR-011",  "DR-012",  "DR-013",  "DR-014",  "DR-015",
                       "DR-016",  "DR-017",  "FI-001",  "FI-002",  "FI-003",  "LVL-001", "LVL-002", "LVL-003",
                       "XAR-001", "XA-001"};
  for (const char* id : ids) EXPECT_NE(catalogue().find(std::string("ECMA119-") + id), nullptr) << id;
  EXPECT_FALSE(catalogue().validate());
}

// ---- 9.1 encoding, system area, descriptor set ------------------------------------------------------

TEST(Ecma119Rules, Enc001FiresOnDisagreeingHalves) {
  BuiltIso iso = sample().build();
  iso.putBoth32(iso.pvd(kVolumeSpaceSize), iso.volumeSpaceSize, 99);
  fires(iso, "ECMA119-ENC-001", Severity::Error);
  iso = sample().build();
  iso.putBoth32(iso.recordField("/README.TXT;1", kDataLength), 6, 7);
  const auto f = fires(iso, "ECMA119-ENC-001", Severity::Warning);
  EXPECT_EQ(f[0].location.path, "/README.TXT;1");
}

TEST(Ecma119Rules, Enc002FiresOnLowercaseIdentifiers) {
  IsoBuilder b = sample();
  b.file("/readme.txt;1", "x");
  fires(b.build(), "ECMA119-ENC-002", Severity::Warning);
  b = sample();
  b.pvd.volumeIdentifier = "my volume";
  fires(b.build(), "ECMA119-ENC-002", Severity::Warning);
}

TEST(Ecma119Rules, Sys001ReportsAnMbr) {
  BuiltIso iso = sample().build();
  iso.put8(510, 0x55);
  iso.put8(511, 0xAA);
  const auto f = fires(iso, "ECMA119-SYS-001", Severity::Info);
  EXPECT_TRUE(hasMessage(f, "MBR"));
}

TEST(Ecma119Rules, Vds001FiresOnRandomDataAndShortInputs) {
  std::vector<uint8_t> noise(40 * 2048, 0x5A);
  auto f = ofRule(catalogueFindings(noise), "ECMA119-VDS-001");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::Info); // no trace of ISO 9660: reported, not failed
  EXPECT_NE(f[0].message.find("no ISO 9660 volume found"), std::string::npos);
  f = ofRule(catalogueFindings(std::vector<uint8_t>(3000, 1)), "ECMA119-VDS-001");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("fewer than 17 sectors"), std::string::npos);
  std::vector<uint8_t> udf(40 * 2048, 0);
  std::memcpy(udf.data() + 16 * 2048 + 1, "BEA01", 5);
  f = ofRule(catalogueFindings(udf), "ECMA119-VDS-001");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("UDF"), std::string::npos);
  BuiltIso iso = sample().build();
  iso.putBytes(iso.pvdOffset + 1, "CD0O1");
  fires(iso, "ECMA119-VDS-001", Severity::Error);
}

TEST(Ecma119Rules, Vds002FiresWithoutTerminatorAndOnADirtyOne) {
  IsoBuilder b = sample();
  b.terminators = 0;
  fires(b.build(), "ECMA119-VDS-002", Severity::Error);
  BuiltIso iso = sample().build();
  iso.put8(iso.terminatorOffset + 100, 1);
  fires(iso, "ECMA119-VDS-002", Severity::Warning);
}

TEST(Ecma119Rules, Vds003FiresWithoutPrimary) {
  BuiltIso iso = sample().build();
  iso.put8(iso.pvdOffset, 2);
  fires(iso, "ECMA119-VDS-003", Severity::Error);
}

TEST(Ecma119Rules, Vds004FiresOnReservedTypeAndBadVersion) {
  IsoBuilder b = sample();
  b.extraDescriptors = {descriptorSector(7, 1), descriptorSector(0, 3)};
  const auto f = fires(b.build(), "ECMA119-VDS-004", Severity::Error);
  EXPECT_EQ(f.size(), 2u);
}

TEST(Ecma119Rules, Vds005ListsFieldsThatDifferBetweenPrimaryCopies) {
  BuiltIso base = sample().build();
  IsoBuilder b = sample();
  std::vector<uint8_t> copy(base.bytes.begin() + static_cast<std::ptrdiff_t>(base.pvdOffset),
                            base.bytes.begin() + static_cast<std::ptrdiff_t>(base.pvdOffset + 2048));
  std::memcpy(copy.data() + 40, "OTHER", 5);
  b.extraDescriptors = {copy};
  const auto f = fires(b.build(), "ECMA119-VDS-005", Severity::Warning);
  EXPECT_TRUE(hasMessage(f, "volume identifier"));
}

TEST(Ecma119Rules, Vds006ClassifiesAVersionDescriptor) {
  IsoBuilder b = sample();
  std::vector<uint8_t> mki(2048, 0);
  std::memcpy(mki.data(), "MKI ", 4);
  b.afterTerminators = {mki};
  const auto f = fires(b.build(), "ECMA119-VDS-006", Severity::Info);
  EXPECT_TRUE(hasMessage(f, "genisoimage"));
}

// ---- 9.2 primary / supplementary ---------------------------------------------------------------------

TEST(Ecma119Rules, Pvd001FiresOnVersion2) {
  BuiltIso iso = sample().build();
  iso.put8(iso.pvd(kVolumeDescriptorVersion), 2);
  fires(iso, "ECMA119-PVD-001", Severity::Error);
}

TEST(Ecma119Rules, Pvd002FiresOnNonZeroReservedBytes) {
  BuiltIso iso = sample().build();
  iso.put8(iso.pvd(kReserved1396) + 10, 0xEE);
  fires(iso, "ECMA119-PVD-002", Severity::Warning);
}

TEST(Ecma119Rules, Pvd003FiresOnATruncatedImageAndReportsTrailingData) {
  BuiltIso iso = sample().build();
  iso.bytes.resize(iso.bytes.size() - 2048);
  fires(iso, "ECMA119-PVD-003", Severity::Error);
  IsoBuilder b = sample();
  b.trailingSectors = 3;
  // Without the zero-sector census nothing is said of the trailing bytes' content.
  const auto f = fires(b.build(), "ECMA119-PVD-003", Severity::Info);
  EXPECT_FALSE(hasMessage(f, "all zero")) << describe(f);
  // With it, whether they are all zero.
  auto withCensus = [](std::vector<uint8_t> bytes) {
    analyzer::MemorySource source(std::move(bytes), "test.iso");
    analyzer::AnalyzeOptions options;
    options.imageHashes = {hashing::Algorithm::Md5};
    auto a = analyzer::analyzeSource(source, options);
    FindingSink sink;
    if (a) rules::catalogue().evaluate(*a, sink);
    return ofRule(sink.takeSorted(), "ECMA119-PVD-003");
  };
  BuiltIso padded = b.build();
  auto census = withCensus(padded.bytes);
  EXPECT_TRUE(hasMessage(census, ", all zero")) << describe(census);
  padded.bytes[padded.bytes.size() - 100] = 0x5A;
  census = withCensus(padded.bytes);
  EXPECT_TRUE(hasMessage(census, ", not all zero")) << describe(census);
}

TEST(Ecma119Rules, Pvd004FiresOnBlockSize) {
  BuiltIso iso = sample().build();
  iso.putBoth16(iso.pvd(kLogicalBlockSize), 4096, 4096);
  fires(iso, "ECMA119-PVD-004", Severity::Error);
  iso = sample().build();
  iso.putBoth16(iso.pvd(kLogicalBlockSize), 1024, 1024);
  fires(iso, "ECMA119-PVD-004", Severity::Warning);
}

TEST(Ecma119Rules, Pvd005FiresOnSequenceNumberAboveSetSize) {
  BuiltIso iso = sample().build();
  iso.putBoth16(iso.pvd(kVolumeSequenceNumber), 3, 3);
  fires(iso, "ECMA119-PVD-005", Severity::Warning);
}

TEST(Ecma119Rules, Pvd006FiresOnATinyPathTable) {
  BuiltIso iso = sample().build();
  iso.putBoth32(iso.pvd(kPathTableSize), 4, 4);
  fires(iso, "ECMA119-PVD-006", Severity::Error);
}

TEST(Ecma119Rules, Pvd007FiresOnMissingOrMisplacedPathTables) {
  BuiltIso iso = sample().build();
  iso.putLe32(iso.pvd(kLocationOfTypeLPathTable), 0);
  fires(iso, "ECMA119-PVD-007", Severity::Error);
  iso = sample().build();
  iso.putBe32(iso.pvd(kLocationOfOptionalTypeMPathTable), 16);
  fires(iso, "ECMA119-PVD-007", Severity::Warning);
}

TEST(Ecma119Rules, Pvd008FiresOnARootRecordWithoutDirectoryFlag) {
  BuiltIso iso = sample().build();
  iso.put8(iso.pvd(kRootDirectoryRecord) + 25, 0);
  fires(iso, "ECMA119-PVD-008", Severity::Error);
}

TEST(Ecma119Rules, Pvd009FiresWhenTheCopyrightFileIsMissing) {
  IsoBuilder b = sample();
  b.pvd.copyrightFileIdentifier = "COPYING.TXT;1";
  fires(b.build(), "ECMA119-PVD-009", Severity::Warning);
}

TEST(Ecma119Rules, Pvd010FiresOnMonth13) {
  IsoBuilder b = sample();
  b.pvd.volumeCreationDateAndTime = "2024130203040500";
  fires(b.build(), "ECMA119-PVD-010", Severity::Warning);
  b = sample();
  b.pvd.volumeModificationDateAndTime = "2023010203040500";
  fires(b.build(), "ECMA119-PVD-010", Severity::Info);
}

TEST(Ecma119Rules, Pvd011FiresOnFileStructureVersion2) {
  IsoBuilder b = sample();
  b.pvd.fileStructureVersion = 2;
  fires(b.build(), "ECMA119-PVD-011", Severity::Warning);
}

TEST(Ecma119Rules, Pvd012ReportsCdXa) {
  BuiltIso iso = sample().build();
  iso.putBytes(iso.pvdOffset + 1024, "CD-XA001");
  fires(iso, "ECMA119-PVD-012", Severity::Info);
}

TEST(Ecma119Rules, Svd001FiresOnMixedVersions) {
  IsoBuilder b = sample();
  auto t = joliet();
  t.fileStructureVersion = 2;
  b.supplementary.push_back(t);
  fires(b.build(), "ECMA119-SVD-001", Severity::Warning);
}

TEST(Ecma119Rules, Svd002FiresOnUnregisteredFlagWithJoliet) {
  IsoBuilder b = sample();
  b.supplementary.push_back(joliet());
  BuiltIso iso = b.build();
  iso.put8(iso.svdOffsets[0] + 7, 1);
  fires(iso, "ECMA119-SVD-002", Severity::Warning);
}

TEST(Ecma119Rules, Svd003FiresOnADifferentVolumeSpaceSize) {
  IsoBuilder b = sample();
  b.supplementary.push_back(joliet());
  BuiltIso iso = b.build();
  iso.putBoth32(iso.svdOffsets[0] + kVolumeSpaceSize.offset(), 5000, 5000);
  fires(iso, "ECMA119-SVD-003", Severity::Warning);
}

TEST(Ecma119Rules, Evd001FiresOnLongIdentifiers) {
  IsoBuilder b = sample();
  test::SupplementaryTree evd;
  evd.volumeDescriptorVersion = 2;
  evd.fileStructureVersion = 2;
  evd.encodeName = [](const std::string& s) { return s == "AB.TXT;1" ? std::string(210, 'x') : s; };
  b.supplementary.push_back(evd);
  fires(b.build(), "ECMA119-EVD-001", Severity::Warning);
}

TEST(Ecma119Rules, Br001ClassifiesABootRecord) {
  IsoBuilder b = sample();
  auto br = descriptorSector(0, 1);
  std::memcpy(br.data() + 7, "EL TORITO SPECIFICATION", 23);
  b.extraDescriptors = {br};
  const auto f = fires(b.build(), "ECMA119-BR-001", Severity::Info);
  EXPECT_TRUE(hasMessage(f, "El Torito"));
}

TEST(Ecma119Rules, Vpd001FiresOnAPartitionPastTheVolume) {
  IsoBuilder b = sample();
  auto p = descriptorSector(3, 1);
  both32(p, 72, 10);
  both32(p, 80, 100000);
  b.extraDescriptors = {p};
  fires(b.build(), "ECMA119-VPD-001", Severity::Warning);
}

// ---- 9.3 path tables ------------------------------------------------------------------------------

uint64_t lTable(const BuiltIso& iso) { return uint64_t{iso.typeLPathTable} * 2048; }
uint64_t mTable(const BuiltIso& iso) { return uint64_t{iso.typeMPathTable} * 2048; }

TEST(Ecma119Rules, Pt001FiresOnAZeroLengthIdentifier) {
  BuiltIso iso = sample().build();
  iso.put8(lTable(iso) + 10, 0); // record 2's LEN_DI
  fires(iso, "ECMA119-PT-001", Severity::Error);
  iso = sample().build();
  iso.put8(lTable(iso) + 9, 7); // the root's padding byte
  fires(iso, "ECMA119-PT-001", Severity::Warning);
}

TEST(Ecma119Rules, Pt002FiresWhenRecord1IsNotTheRoot) {
  BuiltIso iso = sample().build();
  iso.putLe16(lTable(iso) + 6, 2);
  fires(iso, "ECMA119-PT-002", Severity::Error);
}

TEST(Ecma119Rules, Pt003FiresOnAForwardParent) {
  BuiltIso iso = sample().build();
  iso.putLe16(lTable(iso) + 10 + 6, 3); // record 2 ("DOCS") names record 3
  fires(iso, "ECMA119-PT-003", Severity::Error);
}

TEST(Ecma119Rules, Pt004FiresOnUnsortedRecords) {
  IsoBuilder b;
  b.directory("/AA");
  b.directory("/BB");
  BuiltIso iso = b.build();
  iso.putBytes(lTable(iso) + 10 + 8, "ZZ"); // record 2 becomes "ZZ", before "BB"
  fires(iso, "ECMA119-PT-004", Severity::Warning);
}

TEST(Ecma119Rules, Pt005FiresWhenLAndMDisagree) {
  BuiltIso iso = sample().build();
  iso.putBe32(mTable(iso) + 10 + 2, 12345);
  fires(iso, "ECMA119-PT-005", Severity::Error);
}

TEST(Ecma119Rules, Pt006FiresOnADirectoryMissingFromThePathTable) {
  BuiltIso iso = sample().build();
  iso.putLe32(lTable(iso) + 10 + 2, 12345);
  iso.putBe32(mTable(iso) + 10 + 2, 12345);
  const auto f = fires(iso, "ECMA119-PT-006", Severity::Error);
  EXPECT_TRUE(hasMessage(f, "/DOCS"));
}

// ---- 9.4 directory records ----------------------------------------------------------------------------

TEST(Ecma119Rules, Dr001FiresOnAShortRecord) {
  BuiltIso iso = sample().build();
  iso.put8(iso.record("/README.TXT;1"), 20);
  fires(iso, "ECMA119-DR-001", Severity::Error);
}

TEST(Ecma119Rules, Dr002FiresOnANonZeroPaddingByte) {
  BuiltIso iso = sample().build();
  iso.put8(iso.record("/AB.TXT;1") + 33 + 8, 1);
  fires(iso, "ECMA119-DR-002", Severity::Warning);
}

TEST(Ecma119Rules, Dr003FiresOnSectorCrossingAndDirtyTails) {
  IsoBuilder b;
  for (int i = 0; i < 60; ++i) b.file(fmt::format("/FILE{:03}.TXT;1", i), "x");
  BuiltIso iso = b.build();
  // The last record of the first sector: make it run past the sector end.
  uint64_t last = 0;
  for (const auto& [path, off] : iso.recordOffsets)
    if (off / 2048 == iso.extents.at("/") && off > last) last = off;
  iso.put8(last, static_cast<uint8_t>(2048 - last % 2048 + 10));
  fires(iso, "ECMA119-DR-003", Severity::Error);
  iso = sample().build();
  iso.put8(uint64_t{iso.extents.at("/")} * 2048 + 2000, 0x99);
  fires(iso, "ECMA119-DR-003", Severity::Warning);
}

TEST(Ecma119Rules, Dr004FiresOnAnExtentPastTheVolume) {
  BuiltIso iso = sample().build();
  iso.putBoth32(iso.recordField("/README.TXT;1", kLocationOfExtent), 0xFFFFF000, 0xFFFFF000);
  fires(iso, "ECMA119-DR-004", Severity::Error);
  IsoBuilder b = sample();
  b.file("/EMPTY.TXT;1", "");
  iso = b.build();
  iso.putBoth32(iso.recordField("/EMPTY.TXT;1", kLocationOfExtent), 0, 0);
  fires(iso, "ECMA119-DR-004", Severity::Info);
}

TEST(Ecma119Rules, Dr005FiresOnReservedFlagsAndListsHiddenFiles) {
  BuiltIso iso = sample().build();
  iso.put8(iso.recordField("/README.TXT;1", kFileFlags), 0x20);
  fires(iso, "ECMA119-DR-005", Severity::Warning);
  iso = sample().build();
  iso.put8(iso.recordField("/README.TXT;1", kFileFlags), 0x01);
  fires(iso, "ECMA119-DR-005", Severity::Info);
}

TEST(Ecma119Rules, Dr006FiresOnProtectionWithoutXar) {
  BuiltIso iso = sample().build();
  iso.put8(iso.recordField("/README.TXT;1", kFileFlags), 0x10);
  fires(iso, "ECMA119-DR-006", Severity::Warning);
}

TEST(Ecma119Rules, Dr007FiresOnAGapWithoutUnit) {
  BuiltIso iso = sample().build();
  iso.put8(iso.recordField("/README.TXT;1", kInterleaveGapSize), 2);
  fires(iso, "ECMA119-DR-007", Severity::Warning);
}

TEST(Ecma119Rules, Dr008FiresOnAnotherVolumeSequenceNumber) {
  BuiltIso iso = sample().build();
  iso.putBoth16(iso.recordField("/README.TXT;1", kRecordVolumeSequenceNumber), 2, 2);
  fires(iso, "ECMA119-DR-008", Severity::Warning);
}

TEST(Ecma119Rules, Dr009FiresOnMonth13) {
  BuiltIso iso = sample().build();
  iso.put8(iso.recordField("/README.TXT;1", kRecordingDateAndTime) + 1, 13);
  fires(iso, "ECMA119-DR-009", Severity::Warning);
}

TEST(Ecma119Rules, Dr010FiresWhenDotPointsElsewhere) {
  BuiltIso iso = sample().build();
  iso.putBoth32(iso.selfOffsets.at("/DOCS") + 2, 18, 18);
  const auto f = fires(iso, "ECMA119-DR-010", Severity::Error);
  EXPECT_EQ(f[0].location.path, "/DOCS");
}

TEST(Ecma119Rules, Dr011FiresOnADirectoryLengthThatIsNotWholeBlocks) {
  BuiltIso iso = sample().build();
  iso.putBoth32(iso.recordField("/DOCS", kDataLength), 1000, 1000);
  fires(iso, "ECMA119-DR-011", Severity::Warning);
}

TEST(Ecma119Rules, Dr012FiresOnALoop) {
  BuiltIso iso = sample().build();
  iso.putBoth32(iso.recordField("/DOCS/SUB", kLocationOfExtent), iso.extents.at("/DOCS"), iso.extents.at("/DOCS"));
  const auto f = fires(iso, "ECMA119-DR-012", Severity::Error);
  EXPECT_TRUE(hasMessage(f, "loop"));
}

TEST(Ecma119Rules, Dr012NamesAFileWhoseRunsWereCut) {
  IsoBuilder b;
  b.file("/IL.DAT;1", std::string(6 * 2048, 'i'), {.fileUnitSize = 1, .interleaveGapSize = 0});
  analyzer::MemorySource source(b.build().bytes, "test.iso");
  analyzer::AnalyzeOptions options;
  options.imageHashes = {hashing::Algorithm::Md5};
  options.iso.walk.maxRuns = 3;
  auto a = analyzer::analyzeSource(source, options);
  ASSERT_TRUE(a);
  FindingSink sink;
  rules::catalogue().evaluate(*a, sink);
  const auto f = ofRule(sink.takeSorted(), "ECMA119-DR-012");
  ASSERT_EQ(f.size(), 1u) << describe(f);
  EXPECT_EQ(f[0].location.path, "/IL.DAT;1");
  EXPECT_TRUE(hasMessage(f, "its digest covers the first 3 runs only")) << describe(f);
}

TEST(Ecma119Rules, Dr013FiresOnUnsortedRecords) {
  IsoBuilder b;
  b.keepOrder = true;
  b.file("/B.TXT;1", "b");
  b.file("/A.TXT;1", "a");
  fires(b.build(), "ECMA119-DR-013", Severity::Warning);
}

TEST(Ecma119Rules, Dr014FiresOnDuplicateIdentifiers) {
  IsoBuilder b = sample();
  b.file("/README.TXT;1", "again");
  fires(b.build(), "ECMA119-DR-014", Severity::Error);
}

TEST(Ecma119Rules, Dr015FiresOnAFinalSectionWithTheMultiExtentBit) {
  BuiltIso iso = sample().build();
  iso.put8(iso.recordField("/README.TXT;1", kFileFlags), 0x80);
  fires(iso, "ECMA119-DR-015", Severity::Error);
}

TEST(Ecma119Rules, Dr016FiresOnNonContiguousSections) {
  IsoBuilder b = sample();
  b.file("/BIG.DAT;1", std::string(3 * 2048, 'z'), {.sectionSize = 2048});
  BuiltIso iso = b.build();
  const uint64_t r0 = iso.record("/BIG.DAT;1");
  const uint64_t r1 = r0 + iso.bytes[r0];
  iso.putBoth32(r1 + 2, iso.extents.at("/README.TXT;1"), iso.extents.at("/README.TXT;1"));
  fires(iso, "ECMA119-DR-016", Severity::Warning);
}

TEST(Ecma119Rules, Dr017FiresOnFilesSharingAnExtent) {
  BuiltIso iso = sample().build();
  iso.putBoth32(iso.recordField("/AB.TXT;1", kLocationOfExtent), iso.extents.at("/README.TXT;1"),
                iso.extents.at("/README.TXT;1"));
  const auto f = fires(iso, "ECMA119-DR-017", Severity::Warning);
  EXPECT_TRUE(hasMessage(f, "/README.TXT;1"));
}

// ---- 9.5 identifiers and levels -------------------------------------------------------------------------

TEST(Ecma119Rules, Fi001FiresOnAMissingVersion) {
  IsoBuilder b = sample();
  b.file("/NOVER.TXT", "x");
  fires(b.build(), "ECMA119-FI-001", Severity::Warning);
}

TEST(Ecma119Rules, Fi002FiresOnLongNames) {
  IsoBuilder b = sample();
  b.file("/" + std::string(28, 'N') + ".TXT;1", "x");
  fires(b.build(), "ECMA119-FI-002", Severity::Warning);
  b = sample();
  b.directory("/" + std::string(32, 'D'));
  fires(b.build(), "ECMA119-FI-002", Severity::Warning);
}

TEST(Ecma119Rules, Fi003FiresOnAReservedIdentifierLaterInADirectory) {
  BuiltIso iso = sample().build();
  iso.put8(iso.recordField("/DOCS", kLengthOfFileIdentifier), 1);
  iso.put8(iso.record("/DOCS") + 33, 0);
  fires(iso, "ECMA119-FI-003", Severity::Error);
}

TEST(Ecma119Rules, Lvl001FiresOnNineLevels) {
  IsoBuilder b;
  b.directory("/A/B/C/D/E/F/G/H");
  const auto f = fires(b.build(), "ECMA119-LVL-001", Severity::Warning);
  EXPECT_EQ(f[0].location.path, "/A/B/C/D/E/F/G/H");
}

TEST(Ecma119Rules, Lvl002FiresOnALongPath) {
  IsoBuilder b;
  std::string dir;
  for (char c = 'A'; c < 'A' + 7; ++c) dir += "/" + std::string(31, c);
  b.file(dir + "/" + std::string(26, 'N') + ".TXT;1", "x");
  fires(b.build(), "ECMA119-LVL-002", Severity::Warning);
}

TEST(Ecma119Rules, Lvl003InfersTheInterchangeLevel) {
  IsoBuilder b = sample();
  b.file("/LONGFILENAME.TXT;1", "x");
  auto f = fires(b.build(), "ECMA119-LVL-003", Severity::Info);
  EXPECT_EQ(f[0].actual, "interchange level 2");
  b.file("/BIG.DAT;1", std::string(4096, 'z'), {.sectionSize = 2048});
  f = fires(b.build(), "ECMA119-LVL-003", Severity::Info);
  EXPECT_EQ(f[0].actual, "interchange level 3");
}

// ---- 9.6 XAR and XA ----------------------------------------------------------------------------------------

TEST(Ecma119Rules, Xar001FiresOnAWrongVersion) {
  IsoBuilder b = sample();
  b.file("/XAR.DAT;1", "data", {.extendedAttributeRecordLength = 1});
  BuiltIso clean = b.build();
  EXPECT_TRUE(ofRule(findings(clean), "ECMA119-XAR-001").empty());
  BuiltIso iso = clean;
  iso.put8(uint64_t{iso.extents.at("/XAR.DAT;1")} * 2048 + 180, 2);
  fires(iso, "ECMA119-XAR-001", Severity::Warning);
}

TEST(Ecma119Rules, Xa001FiresOnRecordsWithoutXaOnAnXaVolume) {
  BuiltIso iso = sample().build();
  iso.putBytes(iso.pvdOffset + 1024, "CD-XA001");
  fires(iso, "ECMA119-XA-001", Severity::Warning);
  IsoBuilder b;
  const std::string xa("\0\0\0\0\x0d\x55XA\x01\0\0\0\0\0", 14);
  b.file("/A.TXT;1", "a");
  b.systemUse("/A.TXT;1", xa);
  b.systemUse("/.", xa);
  iso = b.build();
  iso.putBytes(iso.pvdOffset + 1024, "CD-XA001");
  // ".." of the root carries none in this builder: only it may be reported.
  for (const auto& f : ofRule(findings(iso), "ECMA119-XA-001")) EXPECT_NE(f.location.path, "/A.TXT;1");
}

} // namespace
} // namespace dv::rules
