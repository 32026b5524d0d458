// Tests of the drive layer with a fake drive: the TOC becomes the disc model, and each track is read
// through the pipeline with content digests and exact unreadable ranges.
#include "analyzer/cd/Drive.h"

#include <gtest/gtest.h>

#include <cstring>
#include <set>

#include "analyzer/cd/CdAnalysis.h"
#include "hashing/Hasher.h"

namespace dv::analyzer::cd {
namespace {

// Data track 1 (LBA 0-299), audio tracks 2 (300-599) and 3 (600-899), lead-out 900. Sector bytes are
// a function of the LBA; `bad` LBAs fail to read.
class FakeDrive final : public CdDrive {
public:
  std::set<int32_t> bad;
  int tocReads = 0;
  std::string name() const override { return "fake"; }
  Result<DriveToc> readToc() override {
    ++tocReads;
    DriveToc toc;
    toc.tracks = {{1, 1, 0x4, 1, 0}, {2, 1, 0x2, 0, 450}, {3, 1, 0x0, 0, 600}};
    toc.leadOutLba = 900;
    return toc;
  }
  Error readAudio(int32_t lba, uint32_t count, MutableByteView out) override { return fill(lba, count, 2352, out); }
  Error readData(int32_t lba, uint32_t count, MutableByteView out) override { return fill(lba, count, 2048, out); }

  static uint8_t byteAt(int32_t lba, size_t i) { return static_cast<uint8_t>(lba * 7 + static_cast<int32_t>(i)); }

private:
  Error fill(int32_t lba, uint32_t count, size_t size, MutableByteView out) {
    for (uint32_t k = 0; k < count; ++k) {
      if (bad.count(lba + static_cast<int32_t>(k))) return Error(ErrorCode::Io, "read error at LBA " + std::to_string(lba + static_cast<int32_t>(k)));
      for (size_t i = 0; i < size; ++i) out[k * size + i] = byteAt(lba + static_cast<int32_t>(k), i);
    }
    return {};
  }
};

TEST(Drive, TocBecomesTheDiscModel) {
  FakeDrive drive;
  const Disc d = discFromToc(*drive.readToc(), "fake");
  ASSERT_EQ(d.tracks.size(), 3u);
  EXPECT_EQ(d.tracks[0].mode, TrackMode::Mode1);
  EXPECT_EQ(d.tracks[0].sectors, 300u); // 450 less the 150-sector postgap before audio
  EXPECT_EQ(d.tracks[1].mode, TrackMode::Audio);
  EXPECT_TRUE(d.tracks[1].flags.copyPermitted);
  EXPECT_EQ(d.tracks[1].sectors, 150u);
  EXPECT_EQ(d.tracks[2].sectors, 300u);
  EXPECT_EQ(d.sessions.size(), 1u);
}

TEST(Drive, ReadsEachTrackIntoContentDigests) {
  FakeDrive drive;
  PipelineOptions o;
  o.threads = 2;
  o.chunkSize = 64 * 2352;
  auto cd = analyzeDrive(drive, {hashing::Algorithm::Sha256}, o);
  ASSERT_TRUE(cd);
  ASSERT_EQ(cd->content.size(), 3u);
  std::vector<uint8_t> expected;
  for (int32_t lba = 600; lba < 900; ++lba)
    for (size_t i = 0; i < 2352; ++i) expected.push_back(FakeDrive::byteAt(lba, i));
  EXPECT_EQ(cd->content[2].digests[0], hashing::digestOf(hashing::Algorithm::Sha256, expected));
  EXPECT_TRUE(cd->content[2].complete);
  EXPECT_EQ(cd->content[0].bytes, 300u * 2048u);
}

TEST(Drive, UnreadableSectorsAreZeroFilledAndMapped) {
  FakeDrive drive;
  drive.bad = {620};
  PipelineOptions o;
  o.threads = 1;
  o.retries = 1;
  o.chunkSize = 16 * 2352;
  auto cd = analyzeDrive(drive, {hashing::Algorithm::Md5}, o);
  ASSERT_TRUE(cd);
  ASSERT_EQ(cd->files[2].unreadable.size(), 1u);
  EXPECT_EQ(cd->files[2].unreadable[0].offset, 20u * 2352u);
  EXPECT_EQ(cd->files[2].unreadable[0].length, 2352u);
  EXPECT_FALSE(cd->content[2].complete);
  EXPECT_TRUE(cd->content[1].complete);
}

TEST(Drive, NoTocIsAnError) {
  class Empty final : public CdDrive {
  public:
    std::string name() const override { return "empty"; }
    Result<DriveToc> readToc() override { return Error(ErrorCode::Io, "no disc"); }
    Error readAudio(int32_t, uint32_t, MutableByteView) override { return {}; }
    Error readData(int32_t, uint32_t, MutableByteView) override { return {}; }
  } empty;
  EXPECT_FALSE(analyzeDrive(empty, {hashing::Algorithm::Md5}, {}));
}

} // namespace
} // namespace dv::analyzer::cd
