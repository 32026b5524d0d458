// Tests of the embedded checksums: the isomd5sum field and libisofs tags parsed from the texts the
// tools write, and verified in the pass on images made by implantisomd5 and xorriso -md5 on
// (skipped when the tools are absent), with one byte changed for the mismatch.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "analyzer/ImageAnalysis.h"
#include "analyzer/iso9660/EmbeddedChecksums.h"
#include "analyzer/iso9660/FileMd5.h"
#include "analyzer/iso9660/RockRidge.h"
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
  ASSERT_EQ(a->embeddedChecksums.size(), 4U); // three tags and the per-file MD5s
  for (const auto& c : a->embeddedChecksums) EXPECT_EQ(c.status, EmbeddedStatus::Match) << c.kind;
  EXPECT_EQ(a->embeddedChecksums[2].kind, "libisofs session tag");

  flipByteInFile(iso, dir);
  a = analyzeImage(iso, quick());
  ASSERT_TRUE(a);
  ASSERT_GE(a->embeddedChecksums.size(), 3U);
  EXPECT_EQ(a->embeddedChecksums[0].status, EmbeddedStatus::Match); // superblock
  EXPECT_EQ(a->embeddedChecksums[1].status, EmbeddedStatus::Match); // tree
  EXPECT_EQ(a->embeddedChecksums[2].status, EmbeddedStatus::Mismatch);
}

TEST(EmbeddedChecksums, XorrisoFileMd5sMatchThenNameTheChangedFile) {
  if (!haveTools()) GTEST_SKIP() << "xorriso not installed";
  const std::string dir = test::scratchDir("embedded-xorriso-files");
  const std::string iso = makeIso(dir, "files.iso", "--md5");
  auto a = analyzeImage(iso, quick());
  ASSERT_TRUE(a);
  ASSERT_EQ(a->embeddedChecksums.size(), 4U);
  const EmbeddedChecksum& summary = a->embeddedChecksums[3];
  EXPECT_EQ(summary.kind, "libisofs file MD5s");
  EXPECT_EQ(summary.status, EmbeddedStatus::Match) << summary.detail;
  EXPECT_EQ(summary.detail, "2 files: 2 match, 0 differ, 0 not read whole");
  EXPECT_EQ(summary.expected, summary.computed); // the array's own MD5

  flipByteInFile(iso, dir);
  a = analyzeImage(iso, quick());
  ASSERT_TRUE(a);
  ASSERT_EQ(a->embeddedChecksums.size(), 5U);
  EXPECT_EQ(a->embeddedChecksums[3].status, EmbeddedStatus::Mismatch);
  EXPECT_EQ(a->embeddedChecksums[3].detail, "2 files: 1 match, 1 differ, 0 not read whole");
  const EmbeddedChecksum& file = a->embeddedChecksums[4];
  EXPECT_EQ(file.kind, "libisofs file MD5");
  EXPECT_EQ(file.path, "/sub/data.bin");
  EXPECT_EQ(file.status, EmbeddedStatus::Mismatch);
  EXPECT_NE(file.expected, file.computed);
  EXPECT_EQ(file.covered.length, 1500000U);
  // xorriso itself agrees that the file's data no longer matches its recorded MD5.
  std::string out;
  test::runCommand("xorriso -md5 on -indev " + iso + " -check_md5 SORRY /sub/data.bin 2>&1", &out);
  EXPECT_NE(out.find("MD5 MISMATCH"), std::string::npos) << out;
  // The CLI names the file in its verdict.
  std::string json;
  EXPECT_EQ(test::runCommand(test::binaryDir() + "/bin/discverify analyze --json - " + iso + " 2>/dev/null", &json), 1);
  EXPECT_NE(json.find("first differing file: /sub/data.bin"), std::string::npos);
  EXPECT_NE(json.find("\"path\": \"/sub/data.bin\""), std::string::npos);
}

TEST(EmbeddedChecksums, AssemblesAaipAttributesAcrossEntriesAndRecords) {
  // Two AL entries: "isofs.cx" = 00 00 00 07, then "user.k" whose value continues from one component
  // record (CONTINUE) in the first entry to one in the second.
  const std::string al1{"AL\x18\x01\x01" "\x00\x03\x04" "cx" "\x00\x04\x00\x00\x00\x07" "\x00\x02\x03k" "\x01\x02va", 24};
  const std::string al2{"AL\x0a\x01\x00" "\x00\x03lue", 10};
  const std::string su = al1 + al2;
  const auto noArea = [](uint32_t, uint32_t, uint32_t) -> Result<std::vector<uint8_t>> { return Error(ErrorCode::Truncated, "none"); };
  const SystemUseFacts f = parseSystemUse(bytesOf(su), 0, 0, false, noArea, SuspLimits{});
  ASSERT_EQ(f.attributes.size(), 2U);
  EXPECT_EQ(f.attributes[0].first, "isofs.cx");
  EXPECT_EQ(f.attributes[0].second, std::string("\0\0\0\x07", 4));
  EXPECT_EQ(f.attributes[1].first, "user.k");
  EXPECT_EQ(f.attributes[1].second, "value");
  EXPECT_TRUE(f.suspDefects.empty());
}

TEST(EmbeddedChecksums, ParsesTheChecksumArrayAttribute) {
  // START 32, END 1000000, COUNT 520, SIZE 16, "MD5" (the example of susp_aaip_isofs_names).
  const std::string value{"\x01\x20\x03\x0f\x42\x40\x02\x02\x08\x01\x10MD5", 14};
  auto ca = parseChecksumArrayAttribute(value);
  ASSERT_TRUE(ca);
  EXPECT_EQ(ca->rangeStart, 32U);
  EXPECT_EQ(ca->arrayLba, 1000000U);
  EXPECT_EQ(ca->count, 520U);
  EXPECT_EQ(ca->itemSize, 16U);
  EXPECT_EQ(ca->type, "MD5");
  EXPECT_FALSE(parseChecksumArrayAttribute(std::string{"\x05\x01", 2}));
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
