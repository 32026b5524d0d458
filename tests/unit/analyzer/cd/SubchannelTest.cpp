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

// A linear block whose Q is `q` (bytes 0-9) with its CRC.
std::vector<uint8_t> blockOf(std::array<uint8_t, 12> q) {
  const uint16_t crc = static_cast<uint16_t>(~crc16Q(ByteView(q.data(), 10)));
  q[10] = static_cast<uint8_t>(crc >> 8);
  q[11] = static_cast<uint8_t>(crc);
  std::vector<uint8_t> sub(96, 0);
  std::copy(q.begin(), q.end(), sub.begin() + 12);
  return sub;
}

TEST(Subchannel, DecodesTheCatalogNumberOfAdr2) {
  const std::array<uint8_t, 12> q{0x02, 0x00, 0x12, 0x34, 0x56, 0x78, 0x90, 0x50, 0, 0x00, 0, 0};
  EXPECT_EQ(decodeQCatalog(q), "0012345678905");
  std::array<uint8_t, 12> bad = q;
  bad[3] = 0x3A; // not a decimal digit
  EXPECT_EQ(decodeQCatalog(bad), "");
}

// The Q bytes of an ADR 3 block holding `isrc` (5 characters, 7 digits).
std::array<uint8_t, 12> isrcQ(const std::string& isrc) {
  std::array<uint8_t, 12> q{};
  q[0] = 0x03;
  uint32_t packed = 0;
  for (int i = 0; i < 5; ++i) {
    const char c = isrc[static_cast<size_t>(i)];
    const uint32_t code = c <= '9' ? static_cast<uint32_t>(c - '0') : static_cast<uint32_t>(c - 'A' + 0x11);
    packed |= code << (26 - 6 * i);
  }
  q[1] = static_cast<uint8_t>(packed >> 24);
  q[2] = static_cast<uint8_t>(packed >> 16);
  q[3] = static_cast<uint8_t>(packed >> 8);
  q[4] = static_cast<uint8_t>(packed);
  for (size_t n = 0; n < 7; ++n) {
    const auto d = static_cast<uint8_t>(isrc[5 + n] - '0');
    q[5 + n / 2] = static_cast<uint8_t>(q[5 + n / 2] | (n % 2 == 0 ? d << 4 : d));
  }
  return q;
}

TEST(Subchannel, DecodesTheIsrcOfAdr3) {
  EXPECT_EQ(decodeQIsrc(isrcQ("USABC9900001")), "USABC9900001");
  EXPECT_EQ(decodeQIsrc(isrcQ("GB0Z01234567")), "GB0Z01234567");
  auto bad = isrcQ("USABC9900001");
  bad[1] = 0xFC; // first character 0x3F: no character
  EXPECT_EQ(decodeQIsrc(bad), "");
}

TEST(Subchannel, ConsumerRecordsCatalogAndIsrcBlocks) {
  std::vector<uint8_t> file;
  for (int32_t lba = 0; lba < 6; ++lba) {
    std::vector<uint8_t> b;
    if (lba == 2) b = blockOf({0x42, 0x00, 0x12, 0x34, 0x56, 0x78, 0x90, 0x50, 0, 0x02, 0, 0});
    else if (lba == 4) b = blockOf(isrcQ("USABC9900001"));
    else b = linearBlock(lba, 1);
    file.insert(file.end(), b.begin(), b.end());
  }
  SubchannelConsumer c({{1, 0, 6, 96, 0, Subchannel::Linear}});
  c.consume(Chunk{0, 0, ByteView(file.data(), file.size())});
  c.finish(file.size());
  const auto& f = c.facts().at(0);
  EXPECT_EQ(f.blocks, 6u);
  EXPECT_EQ(f.crcFailures, 0u);
  EXPECT_EQ(f.positionBlocks, 4u);
  EXPECT_EQ(f.catalogBlocks, 1u);
  EXPECT_EQ(f.isrcBlocks, 1u);
  EXPECT_EQ(f.catalogs, std::vector<std::string>{"0012345678905"});
  EXPECT_EQ(f.isrcs, std::vector<std::string>{"USABC9900001"});
  EXPECT_TRUE(f.separateFile);
  EXPECT_EQ(f.timeMismatch.sectors, 0u);
}

TEST(Subchannel, MergedFactsJoinRunsInLbaOrder) {
  SubchannelFacts a, b;
  a.track = b.track = 2;
  a.blocks = 10;
  b.blocks = 5;
  a.crcFailures = 2;
  b.crcFailures = 1;
  a.crcRuns = {2, {{20, 2}}, false};
  b.crcRuns = {1, {{22, 1}}, false};
  b.catalogs = {"0012345678905"};
  const auto m = mergeSubchannelFacts({&b, &a});
  EXPECT_EQ(m.blocks, 15u);
  EXPECT_EQ(m.crcFailures, 3u);
  ASSERT_EQ(m.crcRuns.ranges.size(), 1u);
  EXPECT_EQ(m.crcRuns.ranges[0].first, 20);
  EXPECT_EQ(m.crcRuns.ranges[0].count, 3u);
  EXPECT_EQ(m.catalogs.size(), 1u);
}

} // namespace
} // namespace dv::analyzer::cd
