// Tests of openSource: plain files, compressed files, pipes and the inputs that must be refused.
#include "analyzer/sources/ByteSource.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "analyzer/ImageAnalysis.h"
#include "tests/support/FaultySource.h"
#include "tests/support/TestPaths.h"

namespace dv::analyzer {
namespace {

std::string writeFile(const std::string& dir, const std::string& name, const std::vector<uint8_t>& bytes) {
  const std::string path = dir + "/" + name;
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size())); // NOLINT
  return path;
}

std::vector<std::string> hexDigests(const ImageAnalysis& a) {
  std::vector<std::string> out;
  for (const auto& d : a.digests) out.push_back(d.digest.hex());
  return out;
}

class OpenSourceTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = test::scratchDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    bytes_ = test::randomBytes((5u << 20) + 777, 42);
    plain_ = writeFile(dir_, "image.iso", bytes_);
    auto a = analyzeImage(plain_, AnalyzeOptions{});
    ASSERT_TRUE(a);
    expected_ = hexDigests(*a);
    ASSERT_EQ(expected_.size(), 3u);
  }
  std::string dir_;
  std::vector<uint8_t> bytes_;
  std::string plain_;
  std::vector<std::string> expected_;
};

TEST_F(OpenSourceTest, PlainFileIsRandomAccessWithItsSize) {
  auto s = openSource(plain_);
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->info().kind, SourceKind::RegularFile);
  EXPECT_FALSE((*s)->info().sequential);
  EXPECT_EQ((*s)->info().size, bytes_.size());
  std::vector<uint8_t> sector(2048);
  ASSERT_EQ(*(*s)->readAt(2048 * 7, sector), 2048u);
  EXPECT_TRUE(std::equal(sector.begin(), sector.end(), bytes_.begin() + 2048 * 7));
}

TEST_F(OpenSourceTest, CompressedImagesGiveTheDigestsOfThePlainImage) {
  struct Tool {
    const char* command;
    const char* suffix;
    const char* name;
  };
  for (const Tool& t : {Tool{"gzip -c", ".gz", "gzip"}, Tool{"bzip2 -c", ".bz2", "bzip2"}, Tool{"xz -c -T1", ".xz", "xz"},
                        Tool{"zstd -q -c", ".zst", "zstd"}}) {
    const std::string packed = plain_ + t.suffix;
    ASSERT_EQ(test::runCommand(std::string(t.command) + " '" + plain_ + "' > '" + packed + "'"), 0) << t.command;
    AnalyzeOptions o;
    auto a = analyzeImage(packed, o);
    ASSERT_TRUE(a) << a.error().message();
    EXPECT_EQ(a->source.compression, t.name);
    EXPECT_TRUE(a->source.sequential);
    EXPECT_EQ(hexDigests(*a), expected_) << t.name;
    EXPECT_EQ(a->sizeBytes, bytes_.size());
    // The stored (compressed) bytes are hashed too, so the container matches an acquisition log.
    ASSERT_EQ(a->containerDigests.size(), 3u);
    std::string md5;
    ASSERT_EQ(test::runCommand("md5sum '" + packed + "' | cut -c1-32", &md5), 0);
    EXPECT_EQ(a->containerDigests[0].hex() + "\n", md5) << t.name;
  }
}

TEST_F(OpenSourceTest, APipeGivesTheDigestsOfTheFile) {
  const std::string fifo = dir_ + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY);
    size_t done = 0;
    while (done < bytes_.size()) {
      const ssize_t n = ::write(fd, bytes_.data() + done, std::min<size_t>(65536, bytes_.size() - done));
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fd);
  });
  auto a = analyzeImage(fifo, AnalyzeOptions{});
  writer.join();
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->source.kind, SourceKind::Pipe);
  EXPECT_EQ(hexDigests(*a), expected_);
}

TEST_F(OpenSourceTest, RefusesDirectoriesEmptyFilesAndMissingPaths) {
  auto d = openSource(dir_);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code(), ErrorCode::InvalidArgument);
  EXPECT_NE(d.error().message().find("directory"), std::string::npos);
  auto e = openSource(writeFile(dir_, "empty.iso", {}));
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message().find("empty"), std::string::npos);
  auto m = openSource(dir_ + "/missing.iso");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code(), ErrorCode::Io);
  EXPECT_NE(m.error().message().find("No such file"), std::string::npos);
}

TEST_F(OpenSourceTest, ReadingLeavesTheFileUnchanged) {
  struct stat before {};
  ASSERT_EQ(::stat(plain_.c_str(), &before), 0);
  ASSERT_EQ(::chmod(plain_.c_str(), 0444), 0);
  auto a = analyzeImage(plain_, AnalyzeOptions{});
  ASSERT_TRUE(a);
  struct stat after {};
  ASSERT_EQ(::stat(plain_.c_str(), &after), 0);
  EXPECT_EQ(before.st_size, after.st_size);
  EXPECT_EQ(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
  EXPECT_EQ(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
  EXPECT_EQ(before.st_atim.tv_sec, after.st_atim.tv_sec); // O_NOATIME (we own the file)
  EXPECT_EQ(before.st_atim.tv_nsec, after.st_atim.tv_nsec);
}

} // namespace
} // namespace dv::analyzer
