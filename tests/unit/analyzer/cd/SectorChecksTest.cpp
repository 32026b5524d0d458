// Tests of SectorCheckConsumer: failing LBAs grouped in ranges, independent of chunking.
#include "analyzer/cd/SectorChecks.h"

#include <gtest/gtest.h>

#include <vector>

#include "analyzer/cd/Sector.h"

namespace dv::analyzer::cd {
namespace {

std::vector<uint8_t> mode1Track(size_t sectors, int32_t firstLba) {
  std::vector<uint8_t> out(sectors * kRawSectorSize);
  std::vector<uint8_t> user(kUserDataSize);
  for (size_t i = 0; i < sectors; ++i) {
    for (size_t k = 0; k < user.size(); ++k) user[k] = static_cast<uint8_t>(i + k);
    encodeMode1(MutableByteView(out.data() + i * kRawSectorSize, kRawSectorSize), firstLba + static_cast<int32_t>(i), user);
  }
  return out;
}

std::vector<TrackSectorFacts> runChunked(const std::vector<uint8_t>& bytes, std::vector<RawRegion> regions, size_t chunk) {
  SectorCheckConsumer c(std::move(regions));
  uint64_t index = 0;
  for (size_t off = 0; off < bytes.size(); off += chunk, ++index) {
    const size_t n = std::min(chunk, bytes.size() - off);
    c.consume(Chunk{index, off, ByteView(bytes.data() + off, n)});
  }
  c.finish(bytes.size());
  return c.facts();
}

TEST(SectorCheckConsumer, CleanTrackHasNoFaults) {
  const auto bytes = mode1Track(20, 0);
  const auto facts = runChunked(bytes, {{1, false, 0, 20, kRawSectorSize, 0, false}}, 4 * kRawSectorSize);
  ASSERT_EQ(facts.size(), 1u);
  EXPECT_EQ(facts[0].checked, 20u);
  EXPECT_EQ(facts[0].modeCounts[1], 20u);
  for (const auto& f : facts[0].faults) EXPECT_EQ(f.sectors, 0u);
}

TEST(SectorCheckConsumer, GroupsFailingLbasIntoRanges) {
  auto bytes = mode1Track(20, 0);
  for (size_t s : {3u, 4u, 5u, 11u}) bytes[s * kRawSectorSize + 500] ^= 0x10;
  for (size_t chunk : {size_t{1000}, size_t{kRawSectorSize}, size_t{7 * kRawSectorSize}, bytes.size()}) {
    const auto facts = runChunked(bytes, {{1, false, 0, 20, kRawSectorSize, 0, false}}, chunk);
    const FaultRuns& edc = facts[0].fault(SectorFault::Mode1Edc);
    EXPECT_EQ(edc.sectors, 4u) << "chunk " << chunk;
    ASSERT_EQ(edc.ranges.size(), 2u);
    EXPECT_EQ(edc.ranges[0].first, 3);
    EXPECT_EQ(edc.ranges[0].count, 3u);
    EXPECT_EQ(edc.ranges[1].first, 11);
    EXPECT_EQ(facts[0].fault(SectorFault::Mode1Ecc).sectors, 4u);
    EXPECT_EQ(facts[0].checked, 20u);
  }
}

TEST(SectorCheckConsumer, SeesWrongAddressesAndModeChanges) {
  auto bytes = mode1Track(10, 100); // encoded for LBA 100, described at LBA 0
  std::vector<uint8_t> m2(kRawSectorSize);
  encodeMode2Form1(m2, 7, {0, 0, 8, 0}, std::vector<uint8_t>(kUserDataSize, 1));
  std::copy(m2.begin(), m2.end(), bytes.begin() + 7 * kRawSectorSize);
  const auto facts = runChunked(bytes, {{1, false, 0, 10, kRawSectorSize, 0, false}}, kRawSectorSize);
  EXPECT_EQ(facts[0].fault(SectorFault::Address).sectors, 9u);
  EXPECT_EQ(facts[0].fault(SectorFault::ModeChange).sectors, 1u);
  EXPECT_EQ(facts[0].fault(SectorFault::ModeChange).ranges[0].first, 7);
}

TEST(SectorCheckConsumer, FindsSyncInAudioAndMissingSyncInData) {
  const auto data = mode1Track(3, 0);
  auto facts = runChunked(data, {{1, true, 0, 3, kRawSectorSize, 0, false}}, data.size());
  EXPECT_EQ(facts[0].fault(SectorFault::AudioSync).sectors, 3u);
  const std::vector<uint8_t> pcm(3 * kRawSectorSize, 0x11);
  facts = runChunked(pcm, {{1, false, 0, 3, kRawSectorSize, 0, false}}, pcm.size());
  EXPECT_EQ(facts[0].fault(SectorFault::Sync).sectors, 3u);
}

TEST(SectorCheckConsumer, DescramblesScrambledDumps) {
  auto bytes = mode1Track(4, 0);
  for (size_t i = 0; i < 4; ++i) scramble(MutableByteView(bytes.data() + i * kRawSectorSize, kRawSectorSize));
  const auto facts = runChunked(bytes, {{1, false, 0, 4, kRawSectorSize, 0, true}}, bytes.size());
  EXPECT_EQ(facts[0].fault(SectorFault::Mode1Edc).sectors, 0u);
  EXPECT_EQ(facts[0].modeCounts[1], 4u);
}

} // namespace
} // namespace dv::analyzer::cd
