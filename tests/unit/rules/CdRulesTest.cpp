// Tests of the CD rules: each fires on the fact it judges and stays quiet on a clean disc.
#include "rules/CdRules.h"

#include <gtest/gtest.h>

#include "rules/RuleRegistry.h"

namespace dv::rules {
namespace {

using namespace analyzer::cd;

analyzer::ImageAnalysis cleanDisc() {
  analyzer::ImageAnalysis a;
  CdAnalysis cd;
  cd.disc.format = "cue";
  cd.disc.descriptorPath = "disc.cue";
  DataFile f;
  f.name = "disc.bin";
  f.found = true;
  f.size = f.needed = 2352 * 100;
  cd.disc.files.push_back(f);
  Track t;
  t.number = 1;
  t.mode = TrackMode::Mode1;
  t.sectors = 100;
  t.sectorSize = 2352;
  cd.disc.tracks.push_back(t);
  cd.disc.sessions.push_back({1, 1, 1, std::nullopt});
  TrackSectorFacts s;
  s.track = 1;
  s.checked = 100;
  s.withSync = 100;
  s.modeCounts[1] = 100;
  cd.sectors.push_back(s);
  a.cd = std::move(cd);
  return a;
}

std::vector<Finding> evaluate(const analyzer::ImageAnalysis& a) {
  RuleRegistry r;
  addCdRules(r);
  EXPECT_FALSE(r.validate());
  FindingSink sink;
  r.evaluate(a, sink);
  return sink.takeSorted();
}

size_t count(const std::vector<Finding>& fs, std::string_view id) {
  size_t n = 0;
  for (const auto& f : fs) n += f.ruleId == id;
  return n;
}

void fail(analyzer::ImageAnalysis& a, SectorFault fault, int32_t first, uint32_t n) {
  auto& runs = a.cd->sectors[0].faults[static_cast<size_t>(fault)];
  runs.sectors += n;
  runs.ranges.push_back({first, n});
}

TEST(CdRules, CleanDiscGivesOnlyTheLayoutNote) {
  const auto fs = evaluate(cleanDisc());
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].ruleId, "IMG-001");
  EXPECT_EQ(fs[0].severity, Severity::Info);
  EXPECT_NE(fs[0].message.find("1 track (1 mode1)"), std::string::npos);
}

TEST(CdRules, QuietWithoutACdInput) { EXPECT_TRUE(evaluate(analyzer::ImageAnalysis{}).empty()); }

TEST(CdRules, SectorFaultsFireWithTheirLbas) {
  auto a = cleanDisc();
  fail(a, SectorFault::Sync, 3, 1);
  fail(a, SectorFault::Address, 10, 2);
  fail(a, SectorFault::ModeChange, 20, 1);
  fail(a, SectorFault::Mode1Edc, 16, 3);
  fail(a, SectorFault::Form1Ecc, 40, 1);
  const auto fs = evaluate(a);
  EXPECT_EQ(count(fs, "CD-SEC-001"), 1u);
  EXPECT_EQ(count(fs, "CD-SEC-002"), 1u);
  EXPECT_EQ(count(fs, "CD-SEC-003"), 1u);
  EXPECT_EQ(count(fs, "CD-SEC-004"), 1u);
  EXPECT_EQ(count(fs, "CD-SEC-005"), 1u);
  for (const auto& f : fs)
    if (f.ruleId == "CD-SEC-004") {
      ASSERT_TRUE(f.location.lba);
      EXPECT_EQ(*f.location.lba, 16u);
      EXPECT_NE(f.message.find("LBA 16-18"), std::string::npos);
      EXPECT_EQ(f.severity, Severity::Error);
    }
}

TEST(CdRules, MislabelledTracksFireCdSec006) {
  auto a = cleanDisc();
  a.cd->sectors[0].withSync = 0;
  a.cd->sectors[0].modeCounts[1] = 0;
  EXPECT_EQ(count(evaluate(a), "CD-SEC-006"), 1u);
  auto b = cleanDisc();
  b.cd->disc.tracks[0].mode = TrackMode::Audio;
  b.cd->sectors[0].audio = true;
  EXPECT_EQ(count(evaluate(b), "CD-SEC-006"), 0u);
  fail(b, SectorFault::AudioSync, 0, 5);
  EXPECT_EQ(count(evaluate(b), "CD-SEC-006"), 1u);
}

TEST(CdRules, DeclaredModeAgainstSectorsFiresCue003) {
  auto a = cleanDisc();
  a.cd->sectors[0].modeCounts[1] = 0;
  a.cd->sectors[0].modeCounts[2] = 100;
  EXPECT_EQ(count(evaluate(a), "CUE-003"), 1u);
}

TEST(CdRules, SheetIssuesBecomeFindingsOfTheirRule) {
  auto a = cleanDisc();
  for (const char* topic : {"CUE-001", "CUE-002", "CUE-004", "TOC-001", "TOC-002", "CCD-001", "CCD-002", "NRG-001", "NRG-002", "MDS-001", "MDS-002"}) {
    SheetIssue i;
    i.topic = topic;
    i.line = 7;
    i.message = "problem";
    a.cd->disc.issues.push_back(i);
  }
  a.cd->disc.issues.back().minor = true;
  const auto fs = evaluate(a);
  for (const char* id : {"CUE-001", "CUE-002", "CUE-004", "TOC-001", "TOC-002", "CCD-001", "CCD-002", "NRG-001", "NRG-002", "MDS-001", "MDS-002"})
    EXPECT_EQ(count(fs, id), 1u) << id;
  for (const auto& f : fs) {
    if (f.ruleId == "MDS-002") {
      EXPECT_EQ(f.severity, Severity::Warning); // minor: one level down
    }
    if (f.ruleId == "CUE-001") {
      EXPECT_EQ(f.location.path, "disc.cue:7");
    }
  }
}

TEST(CdRules, ShortDataFileFiresTheFormatsFileRule) {
  auto a = cleanDisc();
  a.cd->disc.files[0].size = 1000;
  const auto fs = evaluate(a);
  ASSERT_EQ(count(fs, "CUE-002"), 1u);
  for (const auto& f : fs)
    if (f.ruleId == "CUE-002") {
      EXPECT_EQ(f.expected, "235200 bytes");
      EXPECT_EQ(f.actual, "1000 bytes");
    }
}

TEST(CdRules, SaysWhatAnIsoWouldLose) {
  auto a = cleanDisc();
  Track audio;
  audio.number = 2;
  audio.session = 2;
  audio.mode = TrackMode::Audio;
  audio.sectors = 75 * 60;
  audio.pregapStored = 150;
  a.cd->disc.tracks.push_back(audio);
  a.cd->disc.sessions.push_back({2, 2, 2, std::nullopt});
  a.cd->disc.hasCdText = true;
  a.cd->sectors[0].form2 = 4;
  const auto fs = evaluate(a);
  std::string all;
  for (const auto& f : fs)
    if (f.ruleId == "IMG-001") all += f.message + "\n";
  EXPECT_NE(all.find("1 audio track, 01:00:00"), std::string::npos) << all;
  EXPECT_NE(all.find("2 sessions"), std::string::npos);
  EXPECT_NE(all.find("4 Mode 2 Form 2 sectors"), std::string::npos);
  EXPECT_NE(all.find("CD-TEXT"), std::string::npos);
  EXPECT_NE(all.find("150 stored pregap sectors"), std::string::npos);
}

} // namespace
} // namespace dv::rules

namespace dv::rules {
namespace {

TEST(CdRules, SubchannelFindingsFireOnlyWithFailures) {
  auto a = cleanDisc();
  analyzer::cd::SubchannelFacts f;
  f.track = 1;
  f.blocks = 100;
  f.positionBlocks = 100;
  a.cd->subchannel.push_back(f);
  EXPECT_EQ(count(evaluate(a), "CD-SUB-001"), 0u);
  a.cd->subchannel[0].crcFailures = 3;
  a.cd->subchannel[0].crcRuns.ranges.push_back({5, 3});
  a.cd->subchannel[0].timeMismatch.ranges.push_back({50, 1});
  const auto fs = evaluate(a);
  EXPECT_EQ(count(fs, "CD-SUB-001"), 2u);
  bool rate = false;
  for (const auto& x : fs) rate = rate || x.message.find("3 of 100 sub-channel blocks (3.0%)") != std::string::npos;
  EXPECT_TRUE(rate);
}

TEST(CdRules, SubchannelFindingNamesTheFailingLbas) {
  auto a = cleanDisc();
  analyzer::cd::SubchannelFacts f;
  f.track = 1;
  f.blocks = 100;
  f.crcFailures = 4;
  f.crcRuns.ranges = {{30, 1}, {60, 3}};
  a.cd->subchannel.push_back(f);
  const auto fs = evaluate(a);
  ASSERT_EQ(count(fs, "CD-SUB-001"), 1u);
  for (const auto& x : fs)
    if (x.ruleId == "CD-SUB-001") {
      EXPECT_EQ(x.location.lba, 30u);
      EXPECT_NE(x.message.find(": LBA 30, LBA 60-62"), std::string::npos) << x.message;
    }
}

TEST(CdRules, CatalogAndIsrcInQAreComparedWithTheDescriptor) {
  auto a = cleanDisc();
  a.cd->disc.catalog = "0012345678905";
  a.cd->disc.tracks[0].isrc = "USABC9900001";
  analyzer::cd::SubchannelFacts f;
  f.track = 1;
  f.blocks = 100;
  f.catalogs = {"0012345678905"};
  f.isrcs = {"USABC9900001"};
  a.cd->subchannel.push_back(f);
  EXPECT_EQ(count(evaluate(a), "CD-SUB-001"), 0u);
  a.cd->subchannel[0].catalogs = {"9999999999999"};
  a.cd->subchannel[0].isrcs = {"USABC9900002"};
  const auto fs = evaluate(a);
  EXPECT_EQ(count(fs, "CD-SUB-001"), 2u);
  bool catalog = false, isrc = false;
  for (const auto& x : fs) {
    catalog = catalog || x.message.find("catalog number 9999999999999, the descriptor gives 0012345678905") != std::string::npos;
    isrc = isrc || x.message.find("ISRC USABC9900002, the descriptor gives USABC9900001") != std::string::npos;
  }
  EXPECT_TRUE(catalog);
  EXPECT_TRUE(isrc);
}

TEST(CdRules, SupersededFilesOfAnEarlierSessionAreNoted) {
  analyzer::ImageAnalysis plain;
  EXPECT_EQ(count(evaluate(plain), "IMG-001"), 0u);
  analyzer::EarlierSession e;
  e.session = 1;
  e.startLba = 32;
  e.newestSession = 2;
  e.iso.tree.files.resize(3);
  e.files = {analyzer::Supersession::Unchanged, analyzer::Supersession::Replaced, analyzer::Supersession::Dropped};
  plain.earlierSessions.push_back(e);
  const auto fs = evaluate(plain);
  ASSERT_EQ(count(fs, "IMG-001"), 1u);
  for (const auto& x : fs)
    if (x.ruleId == "IMG-001") {
      EXPECT_EQ(x.location.lba, 48u);
      EXPECT_EQ(x.message, "session 1 (volume at LBA 48) has 3 files: 1 replaced and 1 dropped by session 2");
    }
}

TEST(CdRules, CdTextPackCrcFailuresAreReportedUnderTheSubcodeRule) {
  auto a = cleanDisc();
  analyzer::cd::CdTextPackFacts f;
  f.source = "cdtextfile";
  f.file = "disc.cdt";
  f.packs = 12;
  a.cd->disc.cdTextPackFacts = f;
  EXPECT_EQ(count(evaluate(a), "CD-SUB-001"), 0u);
  a.cd->disc.cdTextPackFacts->crcFailures = 2;
  a.cd->disc.cdTextPackFacts->crcFailurePacks = {3, 7};
  const auto fs = evaluate(a);
  ASSERT_EQ(count(fs, "CD-SUB-001"), 1u);
  for (const auto& x : fs)
    if (x.ruleId == "CD-SUB-001") {
      EXPECT_EQ(x.location.path, "disc.cdt");
      EXPECT_EQ(x.message, "CD-TEXT (cdtextfile): 2 of 12 packs fail their CRC (packs 3, 7); their text may be wrong");
    }
}

} // namespace
} // namespace dv::rules
