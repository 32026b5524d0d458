// Tests of the Alcohol MDS parser.
#include "analyzer/formats/Alcohol.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace dv::analyzer::formats {
namespace {

void le(std::vector<uint8_t>& v, size_t at, uint64_t x, int bytes) {
  for (int i = 0; i < bytes; ++i) v[at + static_cast<size_t>(i)] = static_cast<uint8_t>(x >> (8 * i));
}

// One session: A0-A2 blocks and two tracks (Mode 1 raw 2352 x 20, audio 2448 with sub-channel x 10).
std::vector<uint8_t> mds(uint16_t secondSize = 2448) {
  std::vector<uint8_t> v(88 + 24 + 5 * 80 + 2 * 8 + 16 + 16, 0);
  std::memcpy(v.data(), "MEDIA DESCRIPTOR", 16);
  v[16] = 1;
  le(v, 20, 1, 2);
  le(v, 80, 88, 4);
  const size_t s = 88, tb = s + 24, extra = tb + 5 * 80, footer = extra + 16, name = footer + 16;
  le(v, s + 0, static_cast<uint32_t>(-150), 4);
  le(v, s + 8, 1, 2);
  v[s + 10] = 5;
  v[s + 11] = 3;
  le(v, s + 12, 1, 2);
  le(v, s + 14, 2, 2);
  le(v, s + 20, tb, 4);
  for (int i = 0; i < 3; ++i) v[tb + static_cast<size_t>(i) * 80 + 4] = static_cast<uint8_t>(0xA0 + i);
  const size_t t1 = tb + 3 * 80, t2 = tb + 4 * 80;
  v[t1] = 0xAA;
  v[t1 + 2] = 0x14;
  v[t1 + 4] = 1;
  le(v, t1 + 12, extra, 4);
  le(v, t1 + 16, 2352, 2);
  le(v, t1 + 36, 0, 4);
  le(v, t1 + 40, 0, 8);
  le(v, t1 + 52, footer, 4);
  v[t2] = 0xA9;
  v[t2 + 1] = 0x08;
  v[t2 + 2] = 0x10;
  v[t2 + 4] = 2;
  le(v, t2 + 12, extra + 8, 4);
  le(v, t2 + 16, secondSize, 2);
  le(v, t2 + 36, 170, 4);
  le(v, t2 + 40, 20 * 2352, 8);
  le(v, t2 + 52, footer, 4);
  le(v, extra, 0, 4);
  le(v, extra + 4, 20, 4);
  le(v, extra + 8, 150, 4);
  le(v, extra + 12, 10, 4);
  le(v, footer, name, 4);
  std::memcpy(v.data() + name, "*.mdf", 5);
  return v;
}

bool has(const cd::Disc& d, std::string_view topic) {
  for (const auto& i : d.issues)
    if (i.topic == topic) return true;
  return false;
}

TEST(Alcohol, ReadsSessionsTracksAndTheDataFile) {
  TableResolver files;
  files.add("disc.mdf", 20 * 2352 + 10 * 2448);
  const auto v = mds();
  ASSERT_TRUE(hasMdsSignature(v));
  const auto d = parseAlcohol(v, "dir/disc.mds", files);
  for (const auto& i : d.issues) ADD_FAILURE() << i.message;
  ASSERT_EQ(d.tracks.size(), 2u);
  EXPECT_EQ(d.tracks[0].mode, cd::TrackMode::Mode1);
  EXPECT_EQ(d.tracks[0].sectors, 20u);
  EXPECT_EQ(d.tracks[1].mode, cd::TrackMode::Audio);
  EXPECT_EQ(d.tracks[1].startLba, 170);
  EXPECT_EQ(d.tracks[1].pregap, 150u);
  EXPECT_EQ(d.tracks[1].fragments.back().subchannel, cd::Subchannel::Interleaved);
  EXPECT_EQ(d.files[0].name, "disc.mdf");
  EXPECT_EQ(d.files[0].needed, 20u * 2352u + 10u * 2448u);
}

TEST(Alcohol, ReportsBadHeadersSizesAndMissingFiles) {
  TableResolver none;
  auto v = mds();
  EXPECT_TRUE(has(parseAlcohol(v, "disc.mds", none), "MDS-002"));
  v[16] = 2;
  EXPECT_TRUE(has(parseAlcohol(v, "disc.mds", none), "MDS-001"));
  TableResolver files;
  files.add("disc.mdf", 1 << 20);
  EXPECT_TRUE(has(parseAlcohol(mds(2352), "disc.mds", files), "MDS-002"));
  std::vector<uint8_t> junk(100, 0);
  EXPECT_TRUE(has(parseAlcohol(junk, "disc.mds", files), "MDS-001"));
}

TEST(Alcohol, AStartLbaOutsideAnyDiscIsAnIssueNotAnOverflow) {
  // Found by fuzzing: a start LBA near INT32_MIN with a pregap overflowed the pregap's first LBA.
  TableResolver files;
  files.add("disc.mdf", 20 * 2352 + 10 * 2448);
  auto v = mds();
  const size_t t2 = 88 + 24 + 4 * 80;
  le(v, t2 + 36, 0x80000001u, 4);
  const auto d = parseAlcohol(v, "disc.mds", files);
  EXPECT_TRUE(has(d, "MDS-001"));
  ASSERT_EQ(d.tracks.size(), 1u); // the first track stays
  EXPECT_EQ(d.tracks[0].startLba, 0);
}

} // namespace
} // namespace dv::analyzer::formats
