// Tests of the earlier sessions: the fate of each file by path (unchanged, replaced, dropped), an
// image appended to in place by xorriso -dev, and a two-session cue whose second session was grown
// by xorriso -grow_blindly (both skipped when xorriso is absent).
#include "analyzer/Sessions.h"

#include <gtest/gtest.h>

#include <fstream>

#include "analyzer/ImageAnalysis.h"
#include "hashing/Hasher.h"
#include "tests/support/TestPaths.h"

namespace dv::analyzer {
namespace {

iso9660::FileEntry file(const std::string& path, uint64_t lba, uint64_t size) {
  iso9660::FileEntry f;
  f.path = path;
  f.size = size;
  iso9660::FileRun r;
  r.lba = lba;
  r.imageOffset = lba * 2048;
  r.length = size;
  f.runs.push_back(r);
  return f;
}

TEST(Sessions, FilesAreUnchangedReplacedOrDroppedByPath) {
  EarlierSession e;
  e.iso.found = true;
  e.iso.tree.files = {file("/A.TXT;1", 30, 4), file("/B.TXT;1", 31, 4), file("/C.TXT;1", 32, 4), file("/D.TXT;1", 33, 4)};
  iso9660::IsoVolume newest;
  newest.found = true;
  // A keeps its extent; B has new data; C is gone; D keeps the extent but not the size.
  newest.tree.files = {file("/A.TXT;1", 30, 4), file("/B.TXT;1", 90, 13), file("/D.TXT;1", 33, 2), file("/E.TXT;1", 91, 1)};
  classifySuperseded(e, newest);
  ASSERT_EQ(e.files.size(), 4u);
  EXPECT_EQ(e.files[0], Supersession::Unchanged);
  EXPECT_EQ(e.files[1], Supersession::Replaced);
  EXPECT_EQ(e.files[2], Supersession::Dropped);
  EXPECT_EQ(e.files[3], Supersession::Replaced);
  EXPECT_EQ(e.count(Supersession::Replaced), 2u);
  EXPECT_EQ(e.count(Supersession::Dropped), 1u);
}

bool haveXorriso() { return test::runCommand("command -v xorriso >/dev/null") == 0; }

// Two trees: the first with A, B and C; the second with a changed B (C is removed by command).
std::string makeTrees(const std::string& name) {
  const std::string dir = test::scratchDir(name);
  test::runCommand("rm -rf " + dir + "/t1 " + dir + "/t2 && mkdir -p " + dir + "/t1 " + dir + "/t2 && echo aaa > " + dir +
                   "/t1/A.TXT && echo bbb > " + dir + "/t1/B.TXT && echo ccc > " + dir + "/t1/C.TXT && echo bbb-changed > " +
                   dir + "/t2/B.TXT");
  return dir;
}

const EarlierSession* onlySession(const ImageAnalysis& a) { return a.earlierSessions.size() == 1 ? &a.earlierSessions[0] : nullptr; }

Supersession fateOf(const EarlierSession& e, const std::string& path) {
  for (size_t i = 0; i < e.iso.tree.files.size(); ++i)
    if (e.iso.tree.files[i].path == path) return e.files.at(i);
  ADD_FAILURE() << path << " not in the earlier session";
  return Supersession::Unchanged;
}

TEST(Sessions, ImageAppendedInPlaceListsTheFirstSessionsFiles) {
  if (!haveXorriso()) GTEST_SKIP() << "xorriso is not installed";
  const std::string dir = makeTrees("sessions-appended");
  const std::string iso = dir + "/appended.iso";
  std::remove(iso.c_str());
  ASSERT_EQ(test::runCommand("cd " + dir + " && xorriso -dev appended.iso -map t1 / -commit >/dev/null 2>&1"), 0);
  ImageAnalysis one = *analyzeImage(iso, {});
  EXPECT_TRUE(one.earlierSessions.empty()) << "one session has nothing earlier";
  ASSERT_EQ(test::runCommand("cd " + dir + " && xorriso -dev appended.iso -rm /C.TXT -- -map t2/B.TXT /B.TXT -commit >/dev/null 2>&1"), 0);
  auto a = analyzeImage(iso, {});
  ASSERT_TRUE(a);
  const EarlierSession* e = onlySession(*a);
  ASSERT_NE(e, nullptr) << a->earlierSessions.size() << " earlier sessions";
  EXPECT_EQ(e->session, 1u);
  EXPECT_EQ(e->newestSession, 2u);
  EXPECT_EQ(e->startLba, 32);
  EXPECT_EQ(fateOf(*e, "/A.TXT;1"), Supersession::Unchanged);
  EXPECT_EQ(fateOf(*e, "/B.TXT;1"), Supersession::Replaced);
  EXPECT_EQ(fateOf(*e, "/C.TXT;1"), Supersession::Dropped);
}

TEST(Sessions, TwoSessionCueListsTheFirstSessionsFiles) {
  if (!haveXorriso()) GTEST_SKIP() << "xorriso is not installed";
  const std::string dir = makeTrees("sessions-cue");
  ASSERT_EQ(test::runCommand("cd " + dir + " && rm -f s1.iso s2.iso && xorriso -as mkisofs -quiet -o s1.iso t1 2>/dev/null"), 0);
  std::ifstream s1(dir + "/s1.iso", std::ios::binary | std::ios::ate);
  const int64_t sectors = static_cast<int64_t>(s1.tellg()) / 2048;
  // Session 2 starts after session 1, its lead-out and the next lead-in, and a 2-second pregap (§2).
  const int64_t start = sectors + 11400;
  ASSERT_EQ(test::runCommand("cd " + dir + " && xorriso -indev s1.iso -outdev s2.iso -grow_blindly " + std::to_string(start) +
                             " -rm /C.TXT -- -map t2/B.TXT /B.TXT -commit >/dev/null 2>&1"),
            0);
  std::ofstream(dir + "/two.cue") << "REM SESSION 01\nFILE \"s1.iso\" BINARY\n  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\n"
                                     "REM SESSION 02\nFILE \"s2.iso\" BINARY\n  TRACK 02 MODE1/2048\n    PREGAP 00:02:00\n"
                                     "    INDEX 01 00:00:00\n";
  auto a = analyzeImage(dir + "/two.cue", {});
  ASSERT_TRUE(a);
  ASSERT_TRUE(a->cd);
  ASSERT_EQ(a->cd->disc.tracks.size(), 2u);
  EXPECT_EQ(a->cd->disc.tracks[1].startLba, start);
  // The newest volume is session 2's: B changed, C gone.
  std::vector<std::string> newest;
  for (const auto& f : a->iso.tree.files) newest.push_back(f.path);
  EXPECT_EQ(newest, (std::vector<std::string>{"/A.TXT;1", "/B.TXT;1"}));
  // Their digests come from the pass over both files: A's data is in session 1's file, B's in 2's.
  ASSERT_EQ(a->isoFileDigests.size(), 2u);
  auto sha = [](std::string_view text) {
    return hashing::digestOf(hashing::Algorithm::Sha256, ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size())).hex();
  };
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(a->isoFileDigests[i].complete) << newest[i] << ": " << a->isoFileDigests[i].note;
    ASSERT_EQ(a->isoFileDigests[i].digests.size(), 1u);
  }
  EXPECT_EQ(a->isoFileDigests[0].digests[0].hex(), sha("aaa\n"));
  EXPECT_EQ(a->isoFileDigests[1].digests[0].hex(), sha("bbb-changed\n"));
  const EarlierSession* e = onlySession(*a);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->session, 1u);
  EXPECT_EQ(e->newestSession, 2u);
  EXPECT_EQ(e->startLba, 0);
  EXPECT_EQ(fateOf(*e, "/A.TXT;1"), Supersession::Unchanged);
  EXPECT_EQ(fateOf(*e, "/B.TXT;1"), Supersession::Replaced);
  EXPECT_EQ(fateOf(*e, "/C.TXT;1"), Supersession::Dropped);
}

} // namespace
} // namespace dv::analyzer
