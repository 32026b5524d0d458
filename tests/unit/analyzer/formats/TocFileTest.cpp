// Tests of the cdrdao TOC parser.
#include "analyzer/formats/TocFile.h"

#include <gtest/gtest.h>

namespace dv::analyzer::formats {
namespace {

bool hasIssue(const cd::Disc& d, std::string_view topic, uint32_t line) {
  for (const auto& i : d.issues)
    if (i.topic == topic && i.line == line) return true;
  return false;
}

TEST(TocFile, BuildsDataAndAudioTracksWithPregaps) {
  TableResolver files;
  files.add("data.bin", 2048 * 400);
  files.add("audio.raw", 2352 * 500);
  const auto d = parseTocFile("CD_ROM\nCATALOG \"1234567890123\"\n// data first\nTRACK MODE1\nDATAFILE \"data.bin\"\nZERO 00:02:00\n"
                              "TRACK AUDIO\nCOPY\nISRC \"DEMUA9800001\"\nPREGAP 0:2:0\nFILE \"audio.raw\" 0 \n",
                              "x.toc", files);
  for (const auto& i : d.issues) ADD_FAILURE() << i.line << ": " << i.message;
  ASSERT_EQ(d.tracks.size(), 2u);
  EXPECT_EQ(d.catalog, "1234567890123");
  EXPECT_EQ(d.tracks[0].mode, cd::TrackMode::Mode1);
  EXPECT_EQ(d.tracks[0].sectors, 550u);
  EXPECT_EQ(d.tracks[1].pregap, 150u);
  EXPECT_EQ(d.tracks[1].startLba, 700);
  EXPECT_EQ(d.tracks[1].sectors, 500u);
  EXPECT_TRUE(d.tracks[1].flags.copyPermitted);
  EXPECT_EQ(d.tracks[1].isrc, "DEMUA9800001");
  EXPECT_TRUE(d.tracks[1].fragments.back().swapAudio);
}

TEST(TocFile, ReportsGrammarAndFileProblems) {
  TableResolver files;
  const auto d = parseTocFile("CD_DA\nCATALOG 123\nTRACK MODE1_FORM45\nSILENCE 0:0:80\nTRACK MODE1\nDATAFILE \"gone.bin\"\n", "x.toc", files);
  EXPECT_TRUE(hasIssue(d, "TOC-001", 2));
  EXPECT_TRUE(hasIssue(d, "TOC-001", 3));
  EXPECT_TRUE(hasIssue(d, "TOC-001", 4));
  EXPECT_TRUE(hasIssue(d, "TOC-001", 5)); // CD_DA with MODE1
  EXPECT_TRUE(hasIssue(d, "TOC-002", 6));
}

TEST(TocFile, ReadsCdText) {
  TableResolver files;
  const auto d = parseTocFile("CD_DA\nCD_TEXT { LANGUAGE_MAP { 0 : EN } LANGUAGE 0 { TITLE \"Disc\" PERFORMER \"Band\" } }\n"
                              "TRACK AUDIO\nCD_TEXT { LANGUAGE 0 { TITLE \"Song\" } }\nSILENCE 0:5:0\n",
                              "x.toc", files);
  EXPECT_TRUE(d.hasCdText);
  EXPECT_EQ(d.cdText.title, "Disc");
  EXPECT_EQ(d.cdText.performer, "Band");
  ASSERT_EQ(d.tracks.size(), 1u);
  EXPECT_EQ(d.tracks[0].cdText.title, "Song");
  EXPECT_EQ(d.tracks[0].sectors, 375u);
}

} // namespace
} // namespace dv::analyzer::formats
