// Tests of the "inside the volume" rules on the volume of a later session (cd-layouts.md §2): its
// extents are absolute while writers record the session's own size, so the volume spans blocks 0
// to session start + volume space size. Volumes written by xorriso -grow_blindly and genisoimage
// -C/-M into a two-session cue give no errors; extents past that end, and a session cut short,
// still do. The writer tests skip when the writer is absent.
#include <gtest/gtest.h>

#include <fstream>

#include "analyzer/ImageAnalysis.h"
#include "rules/RuleRegistry.h"
#include "tests/support/ExtImage.h"
#include "tests/support/IsoBuilder.h"
#include "tests/support/TestPaths.h"

namespace dv::rules {
namespace {

using namespace analyzer::iso9660;
using test::describe;
using test::ofRule;

std::vector<Finding> evaluate(const analyzer::ImageAnalysis& a) {
  FindingSink sink;
  catalogue().evaluate(a, sink);
  return sink.takeSorted();
}

std::vector<Finding> errors(const std::vector<Finding>& all) {
  std::vector<Finding> out;
  for (const Finding& f : all)
    if (f.severity == Severity::Error) out.push_back(f);
  return out;
}

bool hasSeverity(const std::vector<Finding>& f, Severity s) {
  for (const Finding& x : f)
    if (x.severity == s) return true;
  return false;
}

// ---- built in code --------------------------------------------------------------------------------

/// An image whose PVD records the size of a session starting at block `start` (blocks start..end),
/// analysed as the volume of that session.
analyzer::ImageAnalysis laterSessionOf(test::BuiltIso iso, uint64_t start, uint32_t rootExtent = 0) {
  const uint32_t blocks = static_cast<uint32_t>(iso.bytes.size() / 2048);
  iso.putBoth32(iso.pvd(kVolumeSpaceSize), blocks - static_cast<uint32_t>(start), blocks - static_cast<uint32_t>(start));
  if (rootExtent != 0) iso.putBoth32(iso.pvd(kRootDirectoryRecord) + 2, rootExtent, rootExtent);
  analyzer::ImageAnalysis a;
  test::catalogueFindings(iso.bytes, &a);
  a.iso.sessionStart = start;
  return a;
}

test::IsoBuilder sample() {
  test::IsoBuilder b;
  b.file("/README.TXT;1", "hello\n");
  b.file("/DOCS/A.TXT;1", std::string(5000, 'a'));
  return b;
}

TEST(LaterSessionRules, AVolumeCountedFromItsSessionStartIsQuiet) {
  const test::BuiltIso iso = sample().build();
  const uint64_t start = iso.bytes.size() / 2048 - 4; // every extent lies below the session start
  analyzer::ImageAnalysis a = laterSessionOf(iso, start);
  const auto all = evaluate(a);
  EXPECT_TRUE(errors(all).empty()) << describe(all);
  const auto note = ofRule(all, "ECMA119-PVD-003");
  ASSERT_EQ(note.size(), 1u) << describe(all);
  EXPECT_EQ(note[0].severity, Severity::Info);
  EXPECT_NE(note[0].message.find("session starting at block " + std::to_string(start)), std::string::npos) << note[0].message;
  // The note is about the session's own descriptor, which lies at its start + 16 on the medium.
  EXPECT_EQ(note[0].location.lba, start + 16);
  EXPECT_EQ(note[0].location.offset, (start + 16) * 2048 + kVolumeSpaceSize.offset());
  // The same volume read as a first session: its extents lie past its 4 blocks.
  a.iso.sessionStart = 0;
  const auto plain = evaluate(a);
  EXPECT_TRUE(hasSeverity(ofRule(plain, "ECMA119-PVD-008"), Severity::Error)) << describe(plain);
  EXPECT_TRUE(hasSeverity(ofRule(plain, "ECMA119-DR-004"), Severity::Error)) << describe(plain);
  EXPECT_TRUE(hasSeverity(ofRule(plain, "ECMA119-PVD-007"), Severity::Error)) << describe(plain);
}

// A defect of a later session's descriptor is reported where that descriptor is on the medium, and
// the message says which sector numbering it uses; the disc layout findings keep their addresses.
TEST(LaterSessionRules, DescriptorFindingsGiveTheSessionsDescriptorArea) {
  test::BuiltIso iso = sample().build();
  iso.bytes[iso.pvd(kVolumeDescriptorVersion)] = 2;
  const uint64_t start = iso.bytes.size() / 2048 - 4;
  analyzer::ImageAnalysis a = laterSessionOf(iso, start);
  analyzer::EarlierSession first;
  first.session = 1;
  first.startLba = 0;
  first.newestSession = 2;
  a.earlierSessions.push_back(first);
  const auto all = evaluate(a);
  const auto header = ofRule(all, "ECMA119-PVD-001");
  ASSERT_EQ(header.size(), 1u) << describe(all);
  EXPECT_EQ(header[0].location.lba, start + 16);
  EXPECT_EQ(header[0].location.offset, (start + 16) * 2048 + kVolumeDescriptorVersion.offset());
  EXPECT_NE(header[0].message.find("sector numbers counted from the session start at block " + std::to_string(start)),
            std::string::npos)
      << header[0].message;
  const auto layout = ofRule(all, "IMG-001"); // session 1's volume, at its own start + 16
  ASSERT_EQ(layout.size(), 1u) << describe(all);
  EXPECT_EQ(layout[0].location.lba, 16u);
  // Read as a first session, the same defect stays at sector 16.
  a.iso.sessionStart = 0;
  const auto plain = ofRule(evaluate(a), "ECMA119-PVD-001");
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].location.lba, 16u);
  EXPECT_EQ(plain[0].message.find("session start"), std::string::npos) << plain[0].message;
}

TEST(LaterSessionRules, ARootPastTheSessionEndStillFires) {
  const test::BuiltIso iso = sample().build();
  const uint64_t blocks = iso.bytes.size() / 2048;
  const auto all = evaluate(laterSessionOf(iso, blocks - 4, static_cast<uint32_t>(blocks + 3)));
  const auto root = ofRule(all, "ECMA119-PVD-008");
  ASSERT_TRUE(hasSeverity(root, Severity::Error)) << describe(all);
  EXPECT_NE(root[0].message.find("counted from the session start"), std::string::npos) << root[0].message;
}

// ---- written by xorriso and genisoimage -----------------------------------------------------------

bool have(const std::string& tool) { return test::runCommand("command -v " + tool + " >/dev/null") == 0; }

int64_t sectorsOf(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  return static_cast<int64_t>(in.tellg()) / 2048;
}

/// A two-session cue: session 1 in s1.iso, session 2 (starting 11,400 sectors after it, §2) in s2.iso.
void writeCue(const std::string& dir, const std::string& first, const std::string& second) {
  std::ofstream(dir + "/two.cue") << "REM SESSION 01\nFILE \"" << first << "\" BINARY\n  TRACK 01 MODE1/2048\n"
                                  << "    INDEX 01 00:00:00\nREM SESSION 02\nFILE \"" << second << "\" BINARY\n"
                                  << "  TRACK 02 MODE1/2048\n    PREGAP 00:02:00\n    INDEX 01 00:00:00\n";
}

std::string trees(const std::string& name) {
  const std::string dir = test::scratchDir(name);
  test::runCommand("cd " + dir + " && mkdir -p t1 t2 && echo aaa > t1/A.TXT && echo new > t2/B.TXT");
  return dir;
}

/// xorriso's second session, grown blindly at the start the cue gives it. Empty when xorriso is absent.
std::string xorrisoSessions(const std::string& name, int64_t& start) {
  const std::string dir = trees(name);
  if (test::runCommand("cd " + dir + " && xorriso -as mkisofs -quiet -o s1.iso t1 2>/dev/null") != 0) return {};
  start = sectorsOf(dir + "/s1.iso") + 11400;
  if (test::runCommand("cd " + dir + " && xorriso -indev s1.iso -outdev s2.iso -grow_blindly " + std::to_string(start) +
                       " -map t2/B.TXT /B.TXT -commit >/dev/null 2>&1") != 0)
    return {};
  writeCue(dir, "s1.iso", "s2.iso");
  return dir;
}

/// Overwrites `bytes` at `offset` of `path` (a scratch copy, never evidence).
void patch(const std::string& path, uint64_t offset, const std::vector<uint8_t>& bytes) {
  std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::vector<uint8_t> both32(uint32_t v) {
  std::vector<uint8_t> out(8);
  for (size_t i = 0; i < 4; ++i) out[i] = out[7 - i] = static_cast<uint8_t>(v >> (8 * i));
  return out;
}

std::vector<Finding> analyzeCue(const std::string& dir, analyzer::ImageAnalysis* kept = nullptr) {
  auto a = analyzer::analyzeImage(dir + "/two.cue", {});
  EXPECT_TRUE(a);
  if (!a) return {};
  auto all = evaluate(*a);
  if (kept) *kept = std::move(*a);
  return all;
}

TEST(LaterSessionRules, XorrisoGrownSessionGivesNoErrors) {
  if (!have("xorriso")) GTEST_SKIP() << "xorriso is not installed";
  int64_t start = 0;
  const std::string dir = xorrisoSessions("later-xorriso", start);
  ASSERT_FALSE(dir.empty());
  analyzer::ImageAnalysis a;
  const auto all = analyzeCue(dir, &a);
  ASSERT_TRUE(a.iso.found);
  EXPECT_EQ(a.iso.sessionStart, static_cast<uint64_t>(start));
  EXPECT_LT(a.iso.pvd()->volumeSpaceSize.value(), start) << "xorriso records the session's own size";
  EXPECT_TRUE(errors(all).empty()) << describe(all);
  EXPECT_EQ(a.iso.tree.files.size(), 2u);
}

TEST(LaterSessionRules, GenisoimageMultisessionGivesNoErrors) {
  if (!have("genisoimage")) GTEST_SKIP() << "genisoimage is not installed";
  const std::string dir = trees("later-genisoimage");
  ASSERT_EQ(test::runCommand("cd " + dir + " && genisoimage -quiet -R -o s1.iso t1 2>/dev/null"), 0);
  const int64_t start = sectorsOf(dir + "/s1.iso") + 11400;
  ASSERT_EQ(test::runCommand("cd " + dir + " && genisoimage -quiet -R -C 0," + std::to_string(start) +
                             " -M s1.iso -o s2.iso t2 2>/dev/null"),
            0);
  writeCue(dir, "s1.iso", "s2.iso");
  analyzer::ImageAnalysis a;
  const auto all = analyzeCue(dir, &a);
  ASSERT_TRUE(a.iso.found);
  EXPECT_EQ(a.iso.sessionStart, static_cast<uint64_t>(start));
  EXPECT_TRUE(errors(all).empty()) << describe(all);
}

TEST(LaterSessionRules, ExtentsPastTheSessionEndStillFire) {
  if (!have("xorriso")) GTEST_SKIP() << "xorriso is not installed";
  int64_t start = 0;
  const std::string dir = xorrisoSessions("later-past-end", start);
  ASSERT_FALSE(dir.empty());
  const uint64_t pvd = 16 * 2048;
  // The root moved past the session's end: PVD-008.
  patch(dir + "/s2.iso", pvd + 156 + 2, both32(static_cast<uint32_t>(start) + 500));
  auto all = analyzeCue(dir);
  EXPECT_TRUE(hasSeverity(ofRule(all, "ECMA119-PVD-008"), Severity::Error)) << describe(all);
  // A size that stops short of the file data (B.TXT lies at the end of the session): DR-004.
  ASSERT_FALSE(xorrisoSessions("later-past-end", start).empty());
  analyzer::ImageAnalysis a;
  analyzeCue(dir, &a);
  ASSERT_EQ(a.iso.tree.files.size(), 2u);
  uint64_t lastLba = 0;
  for (const auto& f : a.iso.tree.files) lastLba = std::max<uint64_t>(lastLba, f.runs.front().lba);
  patch(dir + "/s2.iso", pvd + 80, both32(static_cast<uint32_t>(lastLba - static_cast<uint64_t>(start))));
  all = analyzeCue(dir);
  EXPECT_TRUE(hasSeverity(ofRule(all, "ECMA119-DR-004"), Severity::Error)) << describe(all);
}

TEST(LaterSessionRules, ASessionCutShortIsTruncated) {
  if (!have("xorriso")) GTEST_SKIP() << "xorriso is not installed";
  int64_t start = 0;
  const std::string dir = xorrisoSessions("later-truncated", start);
  ASSERT_FALSE(dir.empty());
  analyzer::ImageAnalysis a;
  analyzeCue(dir, &a);
  ASSERT_TRUE(a.iso.found);
  const uint64_t size = a.iso.pvd()->volumeSpaceSize.value();
  ASSERT_EQ(test::runCommand("truncate -s " + std::to_string((size - 2) * 2048) + " " + dir + "/s2.iso"), 0);
  const auto all = analyzeCue(dir);
  const auto cut = ofRule(all, "ECMA119-PVD-003");
  EXPECT_TRUE(hasSeverity(cut, Severity::Error)) << describe(all);
}

} // namespace
} // namespace dv::rules
