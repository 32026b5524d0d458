// Tests of the Nero NRG parser: chunk chain, DAO tables, both footers and the SINF readings.
#include "analyzer/formats/Nero.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dv::analyzer::formats {
namespace {

void be(std::vector<uint8_t>& v, uint64_t x, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) v.push_back(static_cast<uint8_t>(x >> (8 * i)));
}

void chunk(std::vector<uint8_t>& v, const char* id, const std::vector<uint8_t>& body) {
  v.insert(v.end(), id, id + 4);
  be(v, body.size(), 4);
  v.insert(v.end(), body.begin(), body.end());
}

// Two DAO tracks: Mode 1 raw (2352) with 10 sectors, audio with a 2-sector pregap and 5 sectors.
std::vector<uint8_t> image(bool v2, uint32_t sinf, uint16_t audioSectorSize = 2352, const char* extra = nullptr) {
  std::vector<uint8_t> v((10 + 7) * 2352, 0);
  const uint64_t first = v.size();
  std::vector<uint8_t> cue;
  auto entry = [&](uint8_t ctl, uint8_t tno, uint8_t idx, int32_t lba) {
    cue.insert(cue.end(), {ctl, tno, idx, 0});
    if (v2) {
      be(cue, static_cast<uint32_t>(lba), 4);
    } else { // CUES: 00, M, S, F with the 150-sector offset
      const int32_t f = lba + 150;
      cue.insert(cue.end(), {0, static_cast<uint8_t>(f / 4500), static_cast<uint8_t>(f / 75 % 60), static_cast<uint8_t>(f % 75)});
    }
  };
  entry(0x41, 0x01, 0x00, -150);
  entry(0x41, 0x01, 0x01, 0);
  entry(0x01, 0x02, 0x00, 10);
  entry(0x01, 0x02, 0x01, 12);
  chunk(v, v2 ? "CUEX" : "CUES", cue);
  std::vector<uint8_t> dao(22, 0);
  dao[20] = 1;
  dao[21] = 2;
  auto track = [&](uint16_t size, uint8_t mode, uint64_t i0, uint64_t i1, uint64_t end) {
    for (int i = 0; i < 12; ++i) dao.push_back(0);
    be(dao, size, 2);
    dao.push_back(mode);
    dao.insert(dao.end(), {0, 0, 0});
    be(dao, i0, v2 ? 8 : 4);
    be(dao, i1, v2 ? 8 : 4);
    be(dao, end, v2 ? 8 : 4);
  };
  track(2352, 0x05, 0, 0, 10 * 2352);
  track(audioSectorSize, 0x07, 10 * 2352, 12 * 2352, 17 * 2352);
  chunk(v, v2 ? "DAOX" : "DAOI", dao);
  std::vector<uint8_t> s;
  be(s, sinf, 4);
  chunk(v, "SINF", s);
  if (extra) chunk(v, extra, {1, 2, 3, 4});
  chunk(v, "END!", {});
  if (v2) {
    v.insert(v.end(), {'N', 'E', 'R', '5'});
    be(v, first, 8);
  } else {
    v.insert(v.end(), {'N', 'E', 'R', 'O'});
    be(v, first, 4);
  }
  return v;
}

bool has(const cd::Disc& d, std::string_view topic) {
  for (const auto& i : d.issues)
    if (i.topic == topic) return true;
  return false;
}

TEST(Nero, ReadsBothFooterVersions) {
  for (bool v2 : {true, false}) {
    const auto v = image(v2, 2);
    ASSERT_TRUE(hasNrgFooter(v));
    const auto d = parseNero(v, v.size(), "x.nrg");
    for (const auto& i : d.issues) ADD_FAILURE() << (v2 ? "v2: " : "v1: ") << i.message;
    ASSERT_EQ(d.tracks.size(), 2u);
    EXPECT_EQ(d.tracks[0].mode, cd::TrackMode::Mode1);
    EXPECT_EQ(d.tracks[0].sectors, 10u);
    EXPECT_EQ(d.tracks[1].mode, cd::TrackMode::Audio);
    EXPECT_EQ(d.tracks[1].startLba, 12);
    EXPECT_EQ(d.tracks[1].pregap, 2u);
    EXPECT_EQ(d.tracks[1].sectors, 5u);
  }
}

TEST(Nero, SinfAsTrackCountIsTheMajorityReading) {
  auto v = image(true, 2);
  EXPECT_FALSE(has(parseNero(v, v.size(), "x.nrg"), "NRG-002"));
  v = image(true, 1); // libcdio's reading: one session
  const auto d = parseNero(v, v.size(), "x.nrg");
  ASSERT_TRUE(has(d, "NRG-002"));
  EXPECT_TRUE(d.issues.front().note);
}

TEST(Nero, ReportsBrokenChainsUnknownChunksAndSizeMismatches) {
  auto v = image(true, 2, 2352, "ZZZZ");
  auto d = parseNero(v, v.size(), "x.nrg");
  ASSERT_TRUE(has(d, "NRG-001"));
  EXPECT_TRUE(d.issues.front().note);
  v = image(true, 2, 2336);
  EXPECT_TRUE(has(parseNero(v, v.size(), "x.nrg"), "NRG-002"));
  v = image(true, 2);
  v.resize(v.size() - 3); // footer cut
  EXPECT_TRUE(has(parseNero(v, v.size(), "x.nrg"), "NRG-001"));
  std::vector<uint8_t> junk(64, 0);
  EXPECT_FALSE(hasNrgFooter(junk));
}

} // namespace
} // namespace dv::analyzer::formats
