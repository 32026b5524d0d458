// The sector layer against sectors encoded by another implementation: libcdio's isofs-m1.bin
// (302 raw Mode 1 sectors), read in place from ../shared/corpus.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <vector>

#include "analyzer/cd/Sector.h"
#include "tests/support/TestPaths.h"

namespace dv::analyzer::cd {
namespace {

std::vector<uint8_t> readCorpus(const std::string& name) {
  auto shared = test::sharedDir();
  if (!shared) return {};
  std::ifstream in(*shared + "/corpus/libcdio/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(SectorCorpus, IsofsM1SectorsVerify) {
  const auto bytes = readCorpus("isofs-m1.bin");
  if (bytes.empty()) GTEST_SKIP() << "../shared/corpus/libcdio/isofs-m1.bin is absent";
  ASSERT_EQ(bytes.size() % kRawSectorSize, 0u);
  const size_t n = bytes.size() / kRawSectorSize;
  EXPECT_EQ(n, 302u);
  for (size_t i = 0; i < n; ++i) {
    const ByteView s(bytes.data() + i * kRawSectorSize, kRawSectorSize);
    const SectorCheck c = checkSector(s, static_cast<int32_t>(i));
    ASSERT_TRUE(c.sync) << "sector " << i;
    EXPECT_TRUE(c.address) << "sector " << i;
    EXPECT_EQ(c.modeByte, 1) << "sector " << i;
    EXPECT_TRUE(c.edc) << "sector " << i;
    EXPECT_TRUE(c.eccP) << "sector " << i;
    EXPECT_TRUE(c.eccQ) << "sector " << i;
  }
}

TEST(SectorCorpus, OurEncoderReproducesIsofsM1) {
  const auto bytes = readCorpus("isofs-m1.bin");
  if (bytes.empty()) GTEST_SKIP() << "../shared/corpus/libcdio/isofs-m1.bin is absent";
  std::vector<uint8_t> ours(kRawSectorSize);
  for (size_t i = 0; i < bytes.size() / kRawSectorSize; ++i) {
    const ByteView s(bytes.data() + i * kRawSectorSize, kRawSectorSize);
    encodeMode1(ours, static_cast<int32_t>(i), s.subspan(16, kUserDataSize));
    ASSERT_TRUE(std::equal(ours.begin(), ours.end(), s.begin())) << "sector " << i;
  }
}

TEST(SectorCorpus, CddaHasNoDataSectors) {
  const auto bytes = readCorpus("cdda.bin");
  if (bytes.empty()) GTEST_SKIP() << "../shared/corpus/libcdio/cdda.bin is absent";
  for (size_t off = 0; off + kRawSectorSize <= bytes.size(); off += kRawSectorSize)
    EXPECT_FALSE(hasSync(ByteView(bytes.data() + off, kRawSectorSize))) << "offset " << off;
}

} // namespace
} // namespace dv::analyzer::cd
