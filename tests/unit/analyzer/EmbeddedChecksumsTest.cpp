// Tests of the embedded checksums: the isomd5sum field and libisofs tags parsed from the texts the
// tools write, and verified in the pass on images made by implantisomd5 and xorriso -md5 on
// (skipped when the tools are absent), with one byte changed for the mismatch.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "analyzer/ImageAnalysis.h"
#include "analyzer/iso9660/EmbeddedChecksums.h"
#include "tests/support/TestPaths.h"

namespace dv::analyzer {
namespace {

ByteView bytesOf(const std::string& s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; } // NOLINT

TEST(EmbeddedChecksums, ParsesTheImplantisomd5Field) {
  std::string field =
      "ISO MD5SUM = 04b9a4918847e1e707ef8d1452721638;SKIPSECTORS = 15;RHLISOSTATUS=0;FRAGMENT SUMS = "
      "d5964b57119d1285f175e294ee841a528aa87ae1eeded39f912823f47d33;FRAGMENT COUNT = 20;THIS IS NOT THE SAME AS "
      "RUNNING MD5SUM ON THIS ISO!!";
  field.resize(512, ' ');
  const auto sum = parseIsoMd5Sum(bytesOf(field));
  ASSERT_TRUE(sum);
  EXPECT_EQ(sum->md5, "04b9a4918847e1e707ef8d1452721638");
  EXPECT_EQ(sum->skipSectors, 15U);
  EXPECT_EQ(sum->fragmentCount, 20U);
  EXPECT_EQ(sum->fragmentSums.size(), 60U);
  EXPECT_EQ(sum->supported, 0);
}

TEST(EmbeddedChecksums, AFieldOfSpacesHoldsNone) {
  const std::string field(512, ' ');
  EXPECT_FALSE(parseIsoMd5Sum(bytesOf(field)));
}

TEST(EmbeddedChecksums, ParsesALibisofsTagAndChecksItsSelfSum) {
  std::string block =
      "libisofs_sb_checksum_tag_v1 pos=18 range_start=0 range_size=18 next=25 md5=ace6c63bb5465b283cb6c64f7adbd5f1 "
      "self=75fbf16bee950f0b33c35b1a133cf1ea\n";
  block.resize(2048, '\0');
  auto tag = parseLibisofsTag(bytesOf(block), 18);
  ASSERT_TRUE(tag);
  EXPECT_EQ(tag->type, "superblock");
  EXPECT_EQ(tag->pos, 18U);
  EXPECT_EQ(tag->rangeSize, 18U);
  EXPECT_EQ(tag->next, 25U);
  EXPECT_TRUE(tag->selfValid);
  block[60] = '9'; // inside md5=: the self sum no longer fits
  tag = parseLibisofsTag(bytesOf(block), 18);
  ASSERT_TRUE(tag);
  EXPECT_FALSE(tag->selfValid);
}

bool haveTools() { return test::runCommand("command -v xorriso >/dev/null && command -v implantisomd5 >/dev/null") == 0; }

/// Makes a small ISO with xorriso in `dir` (extra options appended) and returns its path.
std::string makeIso(const std::string& dir, const std::string& name, const std::string& options) {
  const std::string tree = dir + "/tree";
  test::runCommand("mkdir -p " + tree + "/sub && head -c 1500000 /dev/urandom > " + tree + "/sub/data.bin && echo hi > " +
                   tree + "/readme.txt");
  const std::string iso = dir + "/" + name;
  const int rc = test::runCommand("xorriso -as mkisofs -quiet -R " + options + " -o " + iso + " " + tree + " 2>/dev/null");
  EXPECT_EQ(rc, 0);
  return iso;
}

void flipByteInFile(const std::string& iso, const std::string& dir) {
  // The data file's first byte: find it by content (xorriso stores it contiguously).
  std::fstream f(iso, std::ios::in | std::ios::out | std::ios::binary);
  std::ifstream data(dir + "/tree/sub/data.bin", std::ios::binary);
  std::string head(64, '\0');
  data.read(head.data(), 64);
  std::string image((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const size_t at = image.find(head);
  ASSERT_NE(at, std::string::npos);
  f.clear();
  f.seekp(static_cast<std::streamoff>(at + 1000));
  f.put(static_cast<char>(image[at + 1000] ^ 0x01));
}

AnalyzeOptions quick() {
  AnalyzeOptions o;
  o.imageHashes = {hashing::Algorithm::Md5};
  o.pieceSize = 0;
  return o;
}

TEST(EmbeddedChecksums, Implantisomd5SumMatchesThenMismatchesNamingTheFragment) {
  if (!haveTools()) GTEST_SKIP() << "xorriso or implantisomd5 not installed";
  const std::string dir = test::scratchDir("embedded-isomd5");
  const std::string iso = makeIso(dir, "md5.iso", "");
  ASSERT_EQ(test::runCommand("implantisomd5 " + iso + " >/dev/null"), 0);
  auto a = analyzeImage(iso, quick());
  ASSERT_TRUE(a);
  ASSERT_EQ(a->embeddedChecksums.size(), 1U);
  EXPECT_EQ(a->embeddedChecksums[0].kind, "isomd5sum");
  EXPECT_EQ(a->embeddedChecksums[0].status, EmbeddedStatus::Match) << a->embeddedChecksums[0].computed;

  flipByteInFile(iso, dir);
  a = analyzeImage(iso, quick());
  ASSERT_TRUE(a);
  ASSERT_EQ(a->embeddedChecksums.size(), 1U);
  EXPECT_EQ(a->embeddedChecksums[0].status, EmbeddedStatus::Mismatch);
  EXPECT_NE(a->embeddedChecksums[0].detail.find("fragment"), std::string::npos) << a->embeddedChecksums[0].detail;
  EXPECT_NE(test::runCommand("checkisomd5 " + iso + " >/dev/null 2>&1"), 0); // the tool agrees
  // The CLI: a mismatch verdict and exit status 1, distinct from findings.
  std::string json;
  EXPECT_EQ(test::runCommand(test::binaryDir() + "/bin/discverify analyze --json - " + iso + " 2>/dev/null", &json), 1);
  EXPECT_NE(json.find("\"status\": \"mismatch\""), std::string::npos);
}

TEST(EmbeddedChecksums, XorrisoTagsMatchThenTheSessionTagMismatches) {
  if (!haveTools()) GTEST_SKIP() << "xorriso not installed";
  const std::string dir = test::scratchDir("embedded-xorriso");
  const std::string iso = makeIso(dir, "tags.iso", "--md5");
  auto a = analyzeImage(iso, quick());
  ASSERT_TRUE(a);
  ASSERT_EQ(a->embeddedChecksums.size(), 3U);
  for (const auto& c : a->embeddedChecksums) EXPECT_EQ(c.status, EmbeddedStatus::Match) << c.kind;
  EXPECT_EQ(a->embeddedChecksums[2].kind, "libisofs session tag");

  flipByteInFile(iso, dir);
  a = analyzeImage(iso, quick());
  ASSERT_TRUE(a);
  ASSERT_EQ(a->embeddedChecksums.size(), 3U);
  EXPECT_EQ(a->embeddedChecksums[0].status, EmbeddedStatus::Match); // superblock
  EXPECT_EQ(a->embeddedChecksums[1].status, EmbeddedStatus::Match); // tree
  EXPECT_EQ(a->embeddedChecksums[2].status, EmbeddedStatus::Mismatch);
}

TEST(EmbeddedChecksums, ASmallImplantedImageMatchesThoughItsFragmentSumsCannotBeChecked) {
  if (!haveTools()) GTEST_SKIP() << "xorriso or implantisomd5 not installed";
  const std::string dir = test::scratchDir("embedded-small");
  test::runCommand("mkdir -p " + dir + "/t && echo small > " + dir + "/t/a.txt");
  const std::string iso = dir + "/small.iso";
  ASSERT_EQ(test::runCommand("xorriso -as mkisofs -quiet -o " + iso + " " + dir + "/t 2>/dev/null && implantisomd5 " + iso +
                             " >/dev/null"), 0);
  auto a = analyzeImage(iso, quick());
  ASSERT_TRUE(a);
  ASSERT_EQ(a->embeddedChecksums.size(), 1U);
  EXPECT_EQ(a->embeddedChecksums[0].status, EmbeddedStatus::Match) << a->embeddedChecksums[0].detail;
}

TEST(EmbeddedChecksums, APlainImageHasNone) {
  if (!haveTools()) GTEST_SKIP() << "xorriso not installed";
  const std::string dir = test::scratchDir("embedded-none");
  auto a = analyzeImage(makeIso(dir, "plain.iso", ""), quick());
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->embeddedChecksums.empty());
}

} // namespace
} // namespace dv::analyzer
