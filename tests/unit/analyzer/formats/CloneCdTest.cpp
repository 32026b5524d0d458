// Tests of the CloneCD parser.
#include "analyzer/formats/CloneCd.h"

#include <gtest/gtest.h>

namespace dv::analyzer::formats {
namespace {

constexpr const char* kTwoTracks = R"([CloneCD]
Version=3
[Disc]
TocEntries=5
Sessions=1
DataTracksScrambled=0
CDTextLength=0
[Session 1]
PreGapMode=1
PreGapSubC=0
[Entry 0]
Session=1
Point=0xa0
ADR=0x01
Control=0x04
PMin=1
PSec=0
PFrame=0
PLBA=4350
[Entry 1]
Session=1
Point=0xa1
ADR=0x01
Control=0x00
PMin=2
PSec=0
PFrame=0
PLBA=8850
[Entry 2]
Session=1
Point=0xa2
ADR=0x01
Control=0x00
PMin=0
PSec=10
PFrame=0
PLBA=600
[Entry 3]
Session=1
Point=0x01
ADR=0x01
Control=0x04
PMin=0
PSec=2
PFrame=0
PLBA=0
[Entry 4]
Session=1
Point=0x02
ADR=0x01
Control=0x00
PMin=0
PSec=6
PFrame=0
PLBA=300
[TRACK 1]
MODE=1
INDEX 1=0
[TRACK 2]
MODE=0
INDEX 1=300
)";

bool has(const cd::Disc& d, std::string_view topic) {
  for (const auto& i : d.issues)
    if (i.topic == topic) return true;
  return false;
}

TEST(CloneCd, BuildsTracksFromTheFullTocEntries) {
  TableResolver files;
  files.add("disc.img", 600 * 2352);
  files.add("disc.sub", 600 * 96);
  const auto d = parseCloneCd(kTwoTracks, "dir/disc.ccd", files);
  for (const auto& i : d.issues) ADD_FAILURE() << i.message;
  ASSERT_EQ(d.tracks.size(), 2u);
  EXPECT_EQ(d.tracks[0].mode, cd::TrackMode::Mode1);
  EXPECT_EQ(d.tracks[0].sectors, 300u);
  EXPECT_EQ(d.tracks[1].mode, cd::TrackMode::Audio);
  EXPECT_EQ(d.tracks[1].startLba, 300);
  EXPECT_EQ(d.tracks[1].fragments[0].offset, 300u * 2352u);
  ASSERT_EQ(d.files.size(), 2u);
  EXPECT_EQ(d.files[1].role, "subchannel");
}

TEST(CloneCd, ReportsInconsistentEntriesAndShortFiles) {
  std::string text = kTwoTracks;
  text.replace(text.find("TocEntries=5"), 12, "TocEntries=7");
  text.replace(text.find("PLBA=300"), 8, "PLBA=301");
  TableResolver files;
  files.add("disc.img", 600 * 2352);
  files.add("disc.sub", 10);
  const auto d = parseCloneCd(text, "disc.ccd", files);
  EXPECT_TRUE(has(d, "CCD-001"));
  EXPECT_TRUE(has(d, "CCD-002"));
  TableResolver none;
  EXPECT_TRUE(has(parseCloneCd(kTwoTracks, "disc.ccd", none), "CCD-002"));
}

} // namespace
} // namespace dv::analyzer::formats
