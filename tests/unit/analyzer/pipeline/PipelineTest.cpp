// Tests of the read pipeline: digests equal one-shot digests for every setting, exact pieces,
// read-error narrowing and zero-fill, sequential sources, the zero-sector census.
#include "analyzer/pipeline/Pipeline.h"

#include <gtest/gtest.h>

#include "analyzer/ImageAnalysis.h"
#include "analyzer/pipeline/HashConsumers.h"
#include "analyzer/sources/FileSource.h"
#include "analyzer/sources/MemorySource.h"
#include "tests/support/FaultySource.h"

namespace dv::analyzer {
namespace {

using hashing::Algorithm;

constexpr size_t kImageSize = (3u << 20) + 1234; // not a multiple of any chunk or sector size

ImageAnalysis analyze(ByteSource& src, AnalyzeOptions o) {
  auto a = analyzeSource(src, o);
  EXPECT_TRUE(a) << (a ? "" : a.error().message());
  return a ? std::move(*a) : ImageAnalysis{};
}

std::string oneShot(Algorithm a, const std::vector<uint8_t>& b) { return hashing::digestOf(a, b).hex(); }

struct Setting {
  unsigned threads;
  unsigned readers;
  uint64_t chunk;
};

class PipelineSettings : public ::testing::TestWithParam<Setting> {};

TEST_P(PipelineSettings, DigestsEqualOneShotDigests) {
  const std::vector<uint8_t> bytes = test::randomBytes(kImageSize, 7);
  MemorySource src(bytes);
  AnalyzeOptions o;
  o.imageHashes = {Algorithm::Md5, Algorithm::Sha1, Algorithm::Sha256, Algorithm::Crc32};
  o.pieceSize = 100000;
  o.pipeline.threads = GetParam().threads;
  o.pipeline.readers = GetParam().readers;
  o.pipeline.chunkSize = GetParam().chunk;
  const ImageAnalysis a = analyze(src, o);
  ASSERT_EQ(a.digests.size(), 4u);
  for (const auto& d : a.digests) {
    EXPECT_EQ(d.digest.hex(), oneShot(d.digest.algorithm, bytes)) << hashing::algorithmName(d.digest.algorithm);
    EXPECT_EQ(d.length, kImageSize);
  }
  ASSERT_EQ(a.pieceSets.size(), 1u);
  const auto& pieces = a.pieceSets[0].pieces;
  ASSERT_EQ(pieces.size(), (kImageSize + 99999) / 100000);
  for (size_t i = 0; i < pieces.size(); ++i) {
    EXPECT_EQ(pieces[i].offset, i * 100000);
    const size_t len = std::min<size_t>(100000, kImageSize - i * 100000);
    EXPECT_EQ(pieces[i].length, len);
    const std::vector<uint8_t> slice(bytes.begin() + static_cast<std::ptrdiff_t>(i * 100000),
                                     bytes.begin() + static_cast<std::ptrdiff_t>(i * 100000 + len));
    EXPECT_EQ(pieces[i].digest.hex(), oneShot(Algorithm::Sha256, slice)) << "piece " << i;
  }
  EXPECT_TRUE(a.pass.complete());
}

INSTANTIATE_TEST_SUITE_P(AnySetting, PipelineSettings,
                         ::testing::Values(Setting{1, 1, 2048}, Setting{1, 1, 1 << 20}, Setting{2, 1, 6144},
                                           Setting{2, 3, 65536}, Setting{3, 2, 300000}, Setting{8, 4, 4 << 20},
                                           Setting{4, 1, 2048 * 7}));

TEST(Pipeline, LastPieceIsShortAndPiecesLargerThanTheImageGiveOne) {
  const std::vector<uint8_t> bytes = test::randomBytes(10000, 3);
  MemorySource src(bytes);
  AnalyzeOptions o;
  o.pieceSize = 4096;
  o.pieceHashes = {Algorithm::Md5, Algorithm::Sha1};
  ImageAnalysis a = analyze(src, o);
  ASSERT_EQ(a.pieceSets.size(), 2u);
  ASSERT_EQ(a.pieceSets[0].pieces.size(), 3u);
  EXPECT_EQ(a.pieceSets[0].pieces[2].offset, 8192u);
  EXPECT_EQ(a.pieceSets[0].pieces[2].length, 10000u - 8192u);
  o.pieceSize = 1 << 20;
  a = analyze(src, o);
  ASSERT_EQ(a.pieceSets[0].pieces.size(), 1u);
  EXPECT_EQ(a.pieceSets[0].pieces[0].length, 10000u);
  EXPECT_EQ(a.pieceSets[0].pieces[0].digest.hex(), oneShot(Algorithm::Md5, bytes));
}

TEST(Pipeline, PieceSizeZeroTurnsPiecesOff) {
  MemorySource src(test::randomBytes(5000, 1));
  AnalyzeOptions o;
  o.pieceSize = 0;
  EXPECT_TRUE(analyze(src, o).pieceSets.empty());
}

TEST(Pipeline, UnreadableSectorsAreNarrowedZeroFilledAndRecorded) {
  std::vector<uint8_t> bytes = test::randomBytes(64 * 2048 + 100, 11);
  test::FaultySource src(bytes);
  src.addBadSector(5);
  src.addBadSector(6);
  src.addBadSector(40);
  src.addBadSector(64); // the short last sector
  AnalyzeOptions o;
  o.pipeline.chunkSize = 16 * 2048;
  o.pipeline.threads = 2;
  o.pipeline.retries = 1;
  const ImageAnalysis a = analyze(src, o);
  std::vector<uint8_t> expected = bytes;
  for (uint64_t s : {5u, 6u, 40u, 64u}) {
    const size_t begin = s * 2048;
    std::fill(expected.begin() + static_cast<std::ptrdiff_t>(begin),
              expected.begin() + static_cast<std::ptrdiff_t>(std::min(expected.size(), begin + 2048)), 0);
  }
  for (const auto& d : a.digests) EXPECT_EQ(d.digest.hex(), oneShot(d.digest.algorithm, expected));
  ASSERT_EQ(a.pass.unreadable.size(), 3u);
  EXPECT_EQ(a.pass.unreadable[0], (ByteRange{5 * 2048, 2 * 2048}));
  EXPECT_EQ(a.pass.unreadable[1], (ByteRange{40 * 2048, 2048}));
  EXPECT_EQ(a.pass.unreadable[2], (ByteRange{64 * 2048, 100}));
  EXPECT_EQ(a.pass.unreadableSectors, 4u);
  EXPECT_FALSE(a.pass.complete());
  EXPECT_FALSE(a.pass.fatal);
  EXPECT_EQ(a.sizeBytes, bytes.size());
}

TEST(Pipeline, ARetrySucceedsOnAFlakySector) {
  const std::vector<uint8_t> bytes = test::randomBytes(32 * 2048, 5);
  test::FaultySource src(bytes);
  src.addFlakySector(9, 1);
  AnalyzeOptions o;
  o.pipeline.retries = 2;
  const ImageAnalysis a = analyze(src, o);
  EXPECT_TRUE(a.pass.complete());
  EXPECT_GE(a.pass.retriedReads, 1u);
  EXPECT_EQ(a.digests[0].digest.hex(), oneShot(a.digests[0].digest.algorithm, bytes));
}

TEST(Pipeline, WithoutRetriesASectorFailingTheReadAndTheNarrowedReadIsUnreadable) {
  test::FaultySource src(test::randomBytes(32 * 2048, 5));
  src.addFlakySector(9, 2); // fails the chunk read and the single-sector read, would pass a third

  AnalyzeOptions o;
  o.pipeline.retries = 0;
  o.pipeline.chunkSize = 2048;
  const ImageAnalysis a = analyze(src, o);
  ASSERT_EQ(a.pass.unreadable.size(), 1u);
  EXPECT_EQ(a.pass.unreadable[0], (ByteRange{9 * 2048, 2048}));
}

TEST(Pipeline, ADeviceThatVanishesStopsThePassWithAnError) {
  test::FaultySource src(test::randomBytes(256 * 2048, 9));
  src.vanishAfter(3);
  AnalyzeOptions o;
  o.pipeline.chunkSize = 8 * 2048;
  o.pipeline.threads = 2;
  const ImageAnalysis a = analyze(src, o);
  ASSERT_TRUE(a.pass.fatal);
  EXPECT_EQ(a.pass.fatal.code(), ErrorCode::Io);
  EXPECT_NE(a.pass.fatal.message().find("went away"), std::string::npos) << a.pass.fatal.message();
  EXPECT_LT(src.reads(), 40u); // no sector-by-sector retry storm after the device is gone
}

TEST(Pipeline, ADeviceWhoseCapacityDropsToZeroStopsThePass) {
  // An unplugged disk: reads no longer fail, they end at once, and the device reports 0 bytes.
  test::FaultySource src(test::randomBytes(256 * 2048, 10));
  src.shrinkAfter(3, 0);
  AnalyzeOptions o;
  o.pipeline.chunkSize = 8 * 2048;
  o.pipeline.threads = 2;
  const ImageAnalysis a = analyze(src, o);
  ASSERT_TRUE(a.pass.fatal);
  EXPECT_NE(a.pass.fatal.message().find("went away"), std::string::npos) << a.pass.fatal.message();
  EXPECT_TRUE(a.pass.unreadable.empty()); // nothing zero-filled as if it were part of the input
  EXPECT_LT(src.reads(), 40u);
}

TEST(Pipeline, AnInputThatShrinksDuringTheReadStopsThePass) {
  test::FaultySource src(test::randomBytes(256 * 2048, 11));
  src.shrinkAfter(3, 100 * 2048);
  AnalyzeOptions o;
  o.pipeline.chunkSize = 8 * 2048;
  o.pipeline.threads = 1;
  o.pipeline.readers = 1;
  const ImageAnalysis a = analyze(src, o);
  ASSERT_TRUE(a.pass.fatal);
  EXPECT_NE(a.pass.fatal.message().find("shrank from 524288 to 204800 bytes"), std::string::npos)
      << a.pass.fatal.message();
  EXPECT_TRUE(a.pass.unreadable.empty());
}

TEST(Pipeline, SequentialSourcesGiveTheSameDigests) {
  const std::vector<uint8_t> bytes = test::randomBytes(kImageSize, 21);
  size_t pos = 0;
  SourceInfo info;
  info.path = "stream";
  info.kind = SourceKind::Pipe;
  info.sequential = true;
  // Pull in odd-sized pieces, as a pipe would.
  StreamSource src(info, [&](MutableByteView out) -> Result<size_t> {
    const size_t n = std::min({out.size(), bytes.size() - pos, size_t{4093}});
    std::copy_n(bytes.begin() + static_cast<std::ptrdiff_t>(pos), n, out.begin());
    pos += n;
    return n;
  }, 1 << 20);
  // Metadata reads before the pass are served from the bounded prefix.
  std::vector<uint8_t> head(4096);
  ASSERT_EQ(*src.readAt(32768, head), 4096u);
  EXPECT_TRUE(std::equal(head.begin(), head.end(), bytes.begin() + 32768));
  EXPECT_FALSE(src.readAt(2 << 20, head)); // beyond the prefix: refused, never a silent short read
  AnalyzeOptions o;
  o.pieceSize = 1 << 20;
  const ImageAnalysis a = analyze(src, o);
  for (const auto& d : a.digests) EXPECT_EQ(d.digest.hex(), oneShot(d.digest.algorithm, bytes));
  EXPECT_EQ(a.sizeBytes, bytes.size());
  EXPECT_EQ(a.pieceSets[0].pieces.size(), 4u);
  EXPECT_EQ(a.source.size, bytes.size());
}

TEST(Pipeline, AStreamErrorMakesThePassIncompleteWithTheOffset) {
  size_t calls = 0;
  SourceInfo info;
  info.path = "broken.gz";
  info.kind = SourceKind::Compressed;
  info.sequential = true;
  StreamSource src(info, [&](MutableByteView out) -> Result<size_t> {
    if (++calls > 3) return Error(ErrorCode::Malformed, "gzip stream is damaged");
    std::fill(out.begin(), out.begin() + 1000, uint8_t{1});
    return size_t{1000};
  }, 0);
  const ImageAnalysis a = analyze(src, AnalyzeOptions{});
  ASSERT_TRUE(a.pass.fatal);
  EXPECT_NE(a.pass.fatal.message().find("damaged"), std::string::npos);
  EXPECT_FALSE(a.pass.complete());
}

TEST(ZeroSectors, CountsRunsExactlyForAnyChunkSize) {
  std::vector<uint8_t> bytes = test::randomBytes(100 * 2048 + 10, 4);
  auto zero = [&](size_t first, size_t count) {
    std::fill(bytes.begin() + static_cast<std::ptrdiff_t>(first * 2048),
              bytes.begin() + static_cast<std::ptrdiff_t>(std::min(bytes.size(), (first + count) * 2048)), 0);
  };
  zero(0, 3);
  zero(10, 1);
  zero(50, 20);
  zero(100, 1); // the 10-byte tail sector
  for (uint64_t chunk : {2048u, 6144u, 1u << 20}) {
    MemorySource src(bytes);
    AnalyzeOptions o;
    o.pipeline.chunkSize = chunk;
    const ImageAnalysis a = analyze(src, o);
    EXPECT_EQ(a.zeros.totalSectors, 101u);
    EXPECT_EQ(a.zeros.zeroSectors, 25u);
    ASSERT_EQ(a.zeros.runs.size(), 4u);
    EXPECT_EQ(a.zeros.runs[0].firstSector, 0u);
    EXPECT_EQ(a.zeros.runs[0].sectorCount, 3u);
    EXPECT_EQ(a.zeros.runs[2].firstSector, 50u);
    EXPECT_EQ(a.zeros.runs[2].sectorCount, 20u);
    EXPECT_EQ(a.zeros.runs[3].firstSector, 100u);
  }
}

TEST(ZeroSectors, AllZeroImageIsOneRun) {
  MemorySource src(std::vector<uint8_t>(1 << 20, 0));
  const ImageAnalysis a = analyze(src, AnalyzeOptions{});
  EXPECT_EQ(a.zeros.zeroSectors, a.zeros.totalSectors);
  ASSERT_EQ(a.zeros.runs.size(), 1u);
  EXPECT_EQ(a.zeros.runs[0].sectorCount, 512u);
}

TEST(Pipeline, RejectsBadOptions) {
  MemorySource src(std::vector<uint8_t>(10));
  std::vector<Consumer*> none;
  PipelineOptions o;
  o.chunkSize = 0;
  EXPECT_FALSE(runPipeline(src, none, o));
  o.chunkSize = uint64_t{2} << 30;
  EXPECT_FALSE(runPipeline(src, none, o));
}

TEST(Pipeline, CancellationStopsThePass) {
  MemorySource src(test::randomBytes(8 << 20, 2));
  std::atomic<bool> cancel{true};
  AnalyzeOptions o;
  o.pipeline.cancel = &cancel;
  o.pipeline.chunkSize = 65536;
  const ImageAnalysis a = analyze(src, o);
  ASSERT_TRUE(a.pass.fatal);
  EXPECT_EQ(a.pass.fatal.code(), ErrorCode::Cancelled);
}

TEST(Pipeline, DefaultReadersFollowTheMedium) {
  SourceInfo info;
  info.media = MediaKind::Rotational;
  EXPECT_EQ(defaultReaders(info, 8), 1u);
  info.media = MediaKind::Optical;
  EXPECT_EQ(defaultReaders(info, 8), 1u);
  info.media = MediaKind::SolidState;
  EXPECT_GT(defaultReaders(info, 8), 1u);
  info.sequential = true;
  EXPECT_EQ(defaultReaders(info, 8), 1u);
}

} // namespace
} // namespace dv::analyzer
