// The CUE and TOC parsers on libcdio's test sheets, read in place from ../shared/corpus.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "analyzer/formats/CueSheet.h"
#include "analyzer/formats/TocFile.h"
#include "tests/support/TestPaths.h"

namespace dv::analyzer::formats {
namespace {

std::optional<cd::Disc> load(const std::string& name) {
  auto shared = test::sharedDir();
  if (!shared) return std::nullopt;
  const std::string dir = *shared + "/corpus/libcdio";
  std::ifstream in(dir + "/" + name, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  DirectoryResolver files(dir);
  return name.ends_with(".cue") ? parseCueSheet(text, dir + "/" + name, files) : parseTocFile(text, dir + "/" + name, files);
}

#define LOAD_OR_SKIP(var, name)                                                  \
  auto var = load(name);                                                         \
  if (!var) GTEST_SKIP() << "../shared/corpus/libcdio/" << name << " is absent"

bool has(const cd::Disc& d, std::string_view topic, uint32_t line) {
  for (const auto& i : d.issues)
    if (i.topic == topic && i.line == line) return true;
  return false;
}

TEST(DescriptorCorpus, CddaCueIsOneAudioTrack) {
  LOAD_OR_SKIP(d, "cdda.cue");
  EXPECT_TRUE(d->issues.empty());
  ASSERT_EQ(d->tracks.size(), 1u);
  EXPECT_EQ(d->tracks[0].mode, cd::TrackMode::Audio);
  EXPECT_EQ(d->tracks[0].sectors, 302u);
  EXPECT_TRUE(d->tracks[0].flags.copyPermitted);
  EXPECT_EQ(d->catalog, "0000010271955");
  EXPECT_TRUE(d->files[0].found); // CDDA.BIN names cdda.bin
}

TEST(DescriptorCorpus, IsofsM1CueIsOneMode1Track) {
  LOAD_OR_SKIP(d, "isofs-m1.cue");
  EXPECT_TRUE(d->issues.empty());
  ASSERT_EQ(d->tracks.size(), 1u);
  EXPECT_EQ(d->tracks[0].mode, cd::TrackMode::Mode1);
  EXPECT_EQ(d->tracks[0].sectors, 302u);
}

TEST(DescriptorCorpus, P1CueHasTwoPregapsAndAMissingFile) {
  LOAD_OR_SKIP(d, "p1.cue");
  ASSERT_EQ(d->tracks.size(), 2u);
  EXPECT_EQ(d->tracks[0].pregap, 75u);
  EXPECT_EQ(d->tracks[1].pregap, 75u);
  EXPECT_EQ(d->tracks[0].startLba, 0);
  EXPECT_EQ(d->tracks[1].startLba, 150);
  EXPECT_TRUE(has(*d, "CUE-002", 4));
}

TEST(DescriptorCorpus, BadSheetsGiveFindingsWithLineNumbers) {
  struct Case {
    const char* name;
    const char* topic;
    uint32_t line;
  };
  for (const Case& c : {Case{"bad-cat1.cue", "CUE-004", 4}, Case{"bad-cat2.cue", "CUE-004", 4}, Case{"bad-cat3.cue", "CUE-004", 4},
                        Case{"bad-mode1.cue", "CUE-003", 6}, Case{"bad-msf-1.cue", "CUE-001", 7}, Case{"bad-msf-2.cue", "CUE-001", 7},
                        Case{"bad-msf-3.cue", "CUE-001", 7}, Case{"bad-cat1.toc", "TOC-001", 4}, Case{"bad-cat2.toc", "TOC-001", 4},
                        Case{"bad-cat3.toc", "TOC-001", 4}, Case{"bad-mode1.toc", "TOC-001", 4}, Case{"bad-msf-1.toc", "TOC-001", 6},
                        Case{"bad-msf-2.toc", "TOC-001", 6}, Case{"bad-msf-3.toc", "TOC-001", 6}, Case{"bad-file.toc", "TOC-002", 8}}) {
    auto d = load(c.name);
    if (!d) GTEST_SKIP() << "../shared/corpus/libcdio is absent";
    EXPECT_TRUE(has(*d, c.topic, c.line)) << c.name;
  }
}

TEST(DescriptorCorpus, GoodTocFilesParseWithoutGrammarErrors) {
  for (const char* name : {"t1.toc", "t2.toc", "t3.toc", "t4.toc", "t5.toc", "t6.toc", "t7.toc", "t8.toc", "t9.toc", "t10.toc", "cdda.toc",
                           "isofs-m1.toc", "cdtext.toc"}) {
    auto d = load(name);
    if (!d) GTEST_SKIP() << "../shared/corpus/libcdio is absent";
    for (const auto& i : d->issues)
      EXPECT_TRUE(i.topic != "TOC-001" || i.minor) << name << ":" << i.line << ": " << i.message;
    EXPECT_FALSE(d->tracks.empty()) << name;
  }
}

TEST(DescriptorCorpus, TocTrackListsMatchTheFiles) {
  LOAD_OR_SKIP(t9, "t9.toc");
  ASSERT_EQ(t9->tracks.size(), 5u);
  EXPECT_EQ(t9->catalog, "0724385356926");
  EXPECT_EQ(t9->tracks[0].isrc, "USEM39600078");
  EXPECT_TRUE(t9->tracks[0].flags.copyPermitted);
  LOAD_OR_SKIP(t4, "t4.toc");
  EXPECT_TRUE(t4->tracks[0].flags.preEmphasis);
  EXPECT_TRUE(t4->tracks[0].flags.fourChannel);
  LOAD_OR_SKIP(d2, "data2.toc");
  ASSERT_EQ(d2->tracks.size(), 2u);
  EXPECT_EQ(d2->tracks[0].mode, cd::TrackMode::Mode1);
  EXPECT_EQ(d2->tracks[1].mode, cd::TrackMode::Audio);
  EXPECT_EQ(d2->tracks[1].pregap, 150u);
  LOAD_OR_SKIP(d5, "data5.toc");
  ASSERT_EQ(d5->tracks.size(), 2u);
  EXPECT_EQ(d5->tracks[0].mode, cd::TrackMode::Mode2Form2);
  EXPECT_EQ(d5->tracks[1].mode, cd::TrackMode::Mode2Form1);
  LOAD_OR_SKIP(d7, "data7.toc");
  EXPECT_EQ(d7->tracks[1].mode, cd::TrackMode::Mode2Mixed);
  LOAD_OR_SKIP(text, "cdtext.toc");
  EXPECT_EQ(text->cdText.title, "CD Title");
  EXPECT_EQ(text->tracks[0].cdText.title, "Track Title");
}

} // namespace
} // namespace dv::analyzer::formats
