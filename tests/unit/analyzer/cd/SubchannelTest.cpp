// Tests of the Q sub-channel layer: CRC check value, both arrangements, and the consumer's facts.
#include "analyzer/cd/Subchannel.h"

#include <gtest/gtest.h>

#include <string_view>

#include "core/Lba.h"

namespace dv::analyzer::cd {
namespace {

// A 96-byte linear block whose Q says track `tno`, index 1, absolute time of `lba`.
std::vector<uint8_t> linearBlock(int32_t lba, uint8_t tno) {
  std::vector<uint8_t> sub(96, 0);
  std::array<uint8_t, 12> q{};
  q[0] = 0x41; // data track, ADR 1
  q[1] = toBcd(tno);
  q[2] = 0x01;
  const Msf m = *msfFromLba(lba);
  q[7] = toBcd(m.minute);
  q[8] = toBcd(m.second);
  q[9] = toBcd(m.frame);
  const uint16_t crc = static_cast<uint16_t>(~crc16Q(ByteView(q.data(), 10)));
  q[10] = static_cast<uint8_t>(crc >> 8);
  q[11] = static_cast<uint8_t>(crc);
  std::copy(q.begin(), q.end(), sub.begin() + 12);
  return sub;
}

std::vector<uint8_t> interleave(const std::vector<uint8_t>& linear) {
  std::vector<uint8_t> out(96, 0);
  for (size_t ch = 0; ch < 8; ++ch)
    for (size_t i = 0; i < 12; ++i)
      for (size_t j = 0; j < 8; ++j)
        if ((linear[ch * 12 + i] >> (7 - j)) & 1) out[8 * i + j] = static_cast<uint8_t>(out[8 * i + j] | (0x80 >> ch));
  return out;
}

TEST(Subchannel, CrcMatchesTheCheckValue) {
  const std::string_view s = "123456789";
  const uint16_t crc = crc16Q(ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
  EXPECT_EQ(crc, 0x31C3);
  EXPECT_EQ(static_cast<uint16_t>(~crc), 0xCE3C);
}

TEST(Subchannel, ExtractsQFromBothArrangements) {
  const auto lin = linearBlock(1000, 3);
  const auto q1 = extractQ(lin, Subchannel::Linear);
  const auto q2 = extractQ(interleave(lin), Subchannel::Interleaved);
  EXPECT_EQ(q1, q2);
  EXPECT_EQ(q1[1], 0x03);
}

TEST(Subchannel, ConsumerCountsCrcAndPositionFaults) {
  std::vector<uint8_t> file;
  for (int32_t lba = 0; lba < 10; ++lba) {
    auto b = linearBlock(lba == 7 ? 99 : lba, 1);
    if (lba == 3) b[20] ^= 1; // damages the Q CRC
    file.insert(file.end(), b.begin(), b.end());
  }
  SubchannelConsumer c({{1, 0, 10, 96, 0, Subchannel::Linear}});
  c.consume(Chunk{0, 0, ByteView(file.data(), 480)});
  c.consume(Chunk{1, 480, ByteView(file.data() + 480, 480)});
  c.finish(file.size());
  ASSERT_EQ(c.facts().size(), 1u);
  const auto& f = c.facts()[0];
  EXPECT_EQ(f.blocks, 10u);
  EXPECT_EQ(f.crcFailures, 1u);
  EXPECT_EQ(f.crcRuns.ranges[0].first, 3);
  EXPECT_EQ(f.timeMismatch.sectors, 1u);
  EXPECT_EQ(f.timeMismatch.ranges[0].first, 7);
  EXPECT_EQ(f.trackMismatch.sectors, 0u);
}

} // namespace
} // namespace dv::analyzer::cd
