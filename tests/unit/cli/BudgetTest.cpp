// Resource budgets of the whole program: memory stays bounded by the buffer pool, not the image size.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/FaultySource.h"
#include "tests/support/TestPaths.h"

namespace dv {
namespace {

TEST(Budget, PeakMemoryDoesNotGrowWithTheImageSize) {
  const std::string dir = test::scratchDir("budget-rss");
  const std::string small = dir + "/small.iso";
  const std::string large = dir + "/large.iso";
  // Sparse files: the content is zeros, which is what the census and the digests see.
  ASSERT_EQ(test::runCommand("truncate -s 64M '" + small + "' && truncate -s 512M '" + large + "'"), 0);
  const std::string cmd = test::binaryDir() + "/bin/discverify analyze --progress never --threads 2 --xml /dev/null ";
  const test::Measured a = test::runMeasured(cmd + "'" + small + "' 2>/dev/null");
  const test::Measured b = test::runMeasured(cmd + "'" + large + "' 2>/dev/null");
  ASSERT_EQ(a.status, 0);
  ASSERT_EQ(b.status, 0);
  // 8 times the input, yet the peak may differ only by small per-image tables (pieces, zero map).
  EXPECT_LT(b.maxRssKiB, a.maxRssKiB + 8 * 1024) << a.maxRssKiB << " KiB vs " << b.maxRssKiB << " KiB";
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  EXPECT_LT(b.maxRssKiB, 128u * 1024u); // the shipped build's budget; sanitizer runtimes add their own
#endif
}

} // namespace
} // namespace dv
