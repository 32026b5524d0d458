// Tests of the CUE sheet parser: layout of tracks on the disc and the issues with line numbers.
#include "analyzer/formats/CueSheet.h"

#include <gtest/gtest.h>

namespace dv::analyzer::formats {
namespace {

bool hasIssue(const cd::Disc& d, std::string_view topic, uint32_t line) {
  for (const auto& i : d.issues)
    if (i.topic == topic && i.line == line) return true;
  return false;
}

TEST(CueSheet, LaysOutAudioTracksWithStoredPregaps) {
  TableResolver files;
  files.add("a.bin", 2352 * 600);
  const auto d = parseCueSheet("FILE \"a.bin\" BINARY\n"
                               "  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
                               "  TRACK 02 AUDIO\n    INDEX 00 00:02:00\n    INDEX 01 00:04:00\n"
                               "  TRACK 03 AUDIO\n    INDEX 00 00:06:00\n    INDEX 01 00:06:10\n",
                               "x.cue", files);
  EXPECT_TRUE(d.issues.empty());
  ASSERT_EQ(d.tracks.size(), 3u);
  EXPECT_EQ(d.tracks[0].startLba, 0);
  EXPECT_EQ(d.tracks[0].sectors, 150u);
  EXPECT_EQ(d.tracks[1].startLba, 300);
  EXPECT_EQ(d.tracks[1].pregap, 150u);
  EXPECT_EQ(d.tracks[1].pregapStored, 150u);
  EXPECT_EQ(d.tracks[1].sectors, 150u);
  EXPECT_EQ(d.tracks[2].startLba, 460);
  EXPECT_EQ(d.tracks[2].sectors, 600u - 460u);
  ASSERT_EQ(d.tracks[2].fragments.size(), 1u);
  EXPECT_EQ(d.tracks[2].fragments[0].offset, 450u * 2352u);
  EXPECT_EQ(d.sessions.size(), 1u);
}

TEST(CueSheet, CountsGeneratedGapsAndSeveralFilesAndSessions) {
  TableResolver files;
  files.add("audio.bin", 2352 * 300);
  files.add("data.bin", 2352 * 400);
  const auto d = parseCueSheet("REM SESSION 01\nFILE \"audio.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
                               "    POSTGAP 00:01:00\n"
                               "REM SESSION 02\nFILE \"data.bin\" BINARY\n  TRACK 02 MODE1/2352\n    PREGAP 00:02:00\n"
                               "    INDEX 01 00:00:00\n",
                               "x.cue", files);
  EXPECT_TRUE(d.issues.empty()) << d.issues.front().message;
  ASSERT_EQ(d.tracks.size(), 2u);
  EXPECT_EQ(d.tracks[0].postgap, 75u);
  EXPECT_EQ(d.tracks[1].session, 2u);
  EXPECT_EQ(d.tracks[1].startLba, 300 + 75 + 11250 + 150);
  EXPECT_EQ(d.tracks[1].pregap, 150u);
  EXPECT_EQ(d.tracks[1].pregapStored, 0u);
  EXPECT_EQ(d.sessions.size(), 2u);
}

TEST(CueSheet, ReportsSyntaxProblemsWithLineNumbers) {
  TableResolver files;
  files.add("a.bin", 2352 * 100);
  const auto d = parseCueSheet("TRACK 01 AUDIO\nFILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:80\n"
                               "  TRACK 03 MODE3\n    INDEX 00 00:00:10\n  CATALOG 12\n  FLAGS XYZ\n",
                               "x.cue", files);
  EXPECT_TRUE(hasIssue(d, "CUE-001", 1)); // TRACK before FILE
  EXPECT_TRUE(hasIssue(d, "CUE-001", 4)); // frames >= 75
  EXPECT_TRUE(hasIssue(d, "CUE-001", 5)); // 01 -> 03
  EXPECT_TRUE(hasIssue(d, "CUE-003", 5)); // unknown mode
  EXPECT_TRUE(hasIssue(d, "CUE-004", 7)); // CATALOG
  EXPECT_TRUE(hasIssue(d, "CUE-004", 8)); // FLAGS
}

TEST(CueSheet, ReportsMissingAndShortFiles) {
  TableResolver files;
  files.add("short.bin", 2352 * 10 + 5);
  const auto d = parseCueSheet("FILE \"gone.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
                               "FILE \"short.bin\" BINARY\n  TRACK 02 AUDIO\n    INDEX 01 00:00:00\n"
                               "  TRACK 03 AUDIO\n    INDEX 01 00:00:20\n",
                               "x.cue", files);
  EXPECT_TRUE(hasIssue(d, "CUE-002", 1));
  EXPECT_TRUE(hasIssue(d, "CUE-002", 7)); // INDEX past the end
  ASSERT_EQ(d.files.size(), 2u);
  EXPECT_FALSE(d.files[0].found);
}

} // namespace
} // namespace dv::analyzer::formats
