// Tests of per-file hashes computed in the single pass: plain, multi-extent, interleaved, out of
// image order, and past the image end.
#include <gtest/gtest.h>

#include <algorithm>

#include "analyzer/ImageAnalysis.h"
#include "hashing/Hasher.h"
#include "tests/support/IsoBuilder.h"

namespace dv::analyzer {
namespace {

using test::BuiltIso;
using test::IsoBuilder;

std::string sha256(std::string_view s) {
  return hashing::digestOf(hashing::Algorithm::Sha256,
                           ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size())) // NOLINT
      .hex();
}

std::string pattern(size_t n, unsigned seed) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 31 + seed) % 253);
  return s;
}

ImageAnalysis analyze(const BuiltIso& iso, size_t chunk = 4096) {
  MemorySource src(iso.bytes);
  AnalyzeOptions o;
  o.pipeline.chunkSize = chunk;
  o.pipeline.threads = 2;
  auto a = analyzeSource(src, o);
  EXPECT_TRUE(a.has_value());
  return std::move(*a);
}

const FileDigest& digestOf(const ImageAnalysis& a, const std::string& path) {
  for (size_t i = 0; i < a.iso.tree.files.size(); ++i)
    if (a.iso.tree.files[i].path == path) return a.isoFileDigests.at(i);
  throw std::out_of_range(path);
}

TEST(FileHashes, EqualTheDigestOfEachFilesBytes) {
  IsoBuilder b;
  const std::string one = pattern(10000, 1), two = pattern(3 * 2048 + 5, 2), three = pattern(2 * 2048, 3);
  b.file("/ONE.DAT;1", one);
  b.file("/DIR/TWO.DAT;1", two, {.sectionSize = 2048});
  b.file("/DIR/THREE.DAT;1", three, {.fileUnitSize = 1, .interleaveGapSize = 1});
  b.file("/EMPTY.DAT;1", "");
  const BuiltIso iso = b.build();
  for (size_t chunk : {2048u, 4096u, 1u << 20}) {
    const ImageAnalysis a = analyze(iso, chunk);
    ASSERT_EQ(a.isoFileDigests.size(), 4u);
    EXPECT_EQ(digestOf(a, "/ONE.DAT;1").digests.at(0).hex(), sha256(one));
    EXPECT_EQ(digestOf(a, "/DIR/TWO.DAT;1").digests.at(0).hex(), sha256(two));
    EXPECT_EQ(digestOf(a, "/DIR/THREE.DAT;1").digests.at(0).hex(), sha256(three));
    EXPECT_EQ(digestOf(a, "/EMPTY.DAT;1").digests.at(0).hex(), sha256(""));
    EXPECT_TRUE(digestOf(a, "/ONE.DAT;1").complete);
  }
}

TEST(FileHashes, FollowFileOrderWhenSectionsAreOutOfImageOrder) {
  IsoBuilder b;
  const std::string data = pattern(2 * 2048, 7);
  b.file("/SWAP.DAT;1", data, {.sectionSize = 2048});
  BuiltIso iso = b.build();
  const uint64_t r0 = iso.record("/SWAP.DAT;1");
  const uint64_t r1 = r0 + iso.bytes[r0];
  const uint32_t e = iso.extents.at("/SWAP.DAT;1");
  iso.putBoth32(r0 + 2, e + 1, e + 1);
  iso.putBoth32(r1 + 2, e, e);
  std::swap_ranges(iso.bytes.begin() + e * 2048, iso.bytes.begin() + (e + 1) * 2048,
                   iso.bytes.begin() + (e + 1) * 2048);
  const ImageAnalysis a = analyze(iso, 2048);
  const FileDigest& d = digestOf(a, "/SWAP.DAT;1");
  EXPECT_TRUE(d.complete);
  EXPECT_EQ(d.digests.at(0).hex(), sha256(data));
}

TEST(FileHashes, HashTheReadablePartOfAFilePastTheImageEnd) {
  IsoBuilder b;
  const std::string data = pattern(3 * 2048, 9);
  b.file("/LAST.DAT;1", data);
  BuiltIso iso = b.build();
  iso.bytes.resize(iso.bytes.size() - 2048); // the file's last block is gone
  const ImageAnalysis a = analyze(iso);
  const FileDigest& d = digestOf(a, "/LAST.DAT;1");
  EXPECT_FALSE(d.complete);
  EXPECT_EQ(d.bytesHashed, 2u * 2048);
  EXPECT_EQ(d.digests.at(0).hex(), sha256(std::string_view(data).substr(0, 2 * 2048)));
  EXPECT_NE(d.note.find("past the image end"), std::string::npos);
}

TEST(FileHashes, AreOffWithNoAlgorithm) {
  IsoBuilder b;
  b.file("/A.TXT;1", "a");
  MemorySource src(b.build().bytes);
  AnalyzeOptions o;
  o.fileHashes.clear();
  auto a = analyzeSource(src, o);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->iso.found);
  EXPECT_TRUE(a->isoFileDigests.empty());
}

TEST(FileHashes, ManyFilesSharingOneHugeExtentStayWithinTheBudget) {
  IsoBuilder b;
  for (int i = 0; i < 200; ++i) b.file("/F" + std::to_string(i) + ".DAT;1", "x");
  BuiltIso iso = b.build();
  for (int i = 0; i < 200; ++i)
    iso.putBoth32(iso.recordField("/F" + std::to_string(i) + ".DAT;1", analyzer::iso9660::kDataLength),
                  0xFFFFFFFF, 0xFFFFFFFF);
  const ImageAnalysis a = analyze(iso);
  ASSERT_EQ(a.isoFileDigests.size(), 200u);
  uint64_t hashed = 0;
  for (const auto& d : a.isoFileDigests) hashed += d.bytesHashed;
  EXPECT_LE(hashed, iso.bytes.size() * 4 + (uint64_t{1} << 30));
}

} // namespace
} // namespace dv::analyzer
