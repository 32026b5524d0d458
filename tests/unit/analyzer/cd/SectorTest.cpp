// Tests of the sector layer: EDC check value, scrambler sequence, encoder round trips, and faults.
#include "analyzer/cd/Sector.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace dv::analyzer::cd {
namespace {

std::vector<uint8_t> userData(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i * 7 + (i >> 8));
  return v;
}

TEST(Edc, MatchesTheCheckValue) {
  const std::string_view s = "123456789";
  EXPECT_EQ(edc(ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size())), 0x6EC2EDC4u);
}

// One bit at a time, straight from the generator (§1.4): the reference for the fast paths.
uint32_t edcBitwise(uint32_t crc, ByteView bytes) {
  for (uint8_t b : bytes) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ ((crc & 1u) ? 0xD8018001u : 0u);
  }
  return crc;
}

TEST(Edc, FastPathsAgreeWithTheBitwiseDefinitionAtEveryLengthAndStart) {
  std::vector<uint8_t> data(5000);
  uint32_t seed = 12345;
  for (auto& b : data) {
    seed = seed * 1103515245u + 12345u;
    b = static_cast<uint8_t>(seed >> 24);
  }
  for (uint32_t init : {0u, 1u, 0xFFFFFFFFu, 0x12345678u})
    for (size_t n : {0u, 1u, 15u, 16u, 63u, 64u, 65u, 79u, 80u, 127u, 128u, 129u, 2064u, 2076u, 2332u, 4999u, 5000u}) {
      const ByteView v(data.data() + (n < data.size() ? 1 : 0), n); // an unaligned start where it fits
      const uint32_t want = edcBitwise(init, v);
      EXPECT_EQ(edcUpdate(init, v), want) << "length " << n << " init " << init;
      EXPECT_EQ(edcUpdateTable(init, v), want) << "length " << n << " init " << init;
    }
}

TEST(Scrambler, StartsWithTheDocumentedBytes) {
  const auto& t = scrambleTable();
  const std::vector<uint8_t> first(t.begin(), t.begin() + 8);
  EXPECT_EQ(first, (std::vector<uint8_t>{0x01, 0x80, 0x00, 0x60, 0x00, 0x28, 0x00, 0x1E}));
}

TEST(Scrambler, IsItsOwnInverse) {
  std::vector<uint8_t> s(kRawSectorSize);
  encodeMode1(s, 20, userData(kUserDataSize, 3));
  const auto original = s;
  scramble(s);
  EXPECT_NE(s, original);
  scramble(s);
  EXPECT_EQ(s, original);
}

TEST(Encoder, Mode1SectorVerifies) {
  std::vector<uint8_t> s(kRawSectorSize);
  encodeMode1(s, 16, userData(kUserDataSize, 1));
  EXPECT_TRUE(hasSync(s));
  EXPECT_EQ(s[12], 0x00);
  EXPECT_EQ(s[13], 0x02);
  EXPECT_EQ(s[14], 0x16); // 150 + 16 = 166 frames = 00:02:16
  EXPECT_EQ(s[15], 0x01);
  const SectorCheck c = checkSector(s, 16);
  EXPECT_TRUE(c.sync && c.headerBcd && c.address && c.codesOk() && c.zeroField);
  EXPECT_FALSE(checkSector(s, 17).address);
}

TEST(Encoder, FlippedUserByteFailsEdcAndParity) {
  std::vector<uint8_t> s(kRawSectorSize);
  encodeMode1(s, 0, userData(kUserDataSize, 9));
  s[100] ^= 0x01;
  const SectorCheck c = checkSector(s, 0);
  EXPECT_FALSE(c.edc);
  EXPECT_FALSE(c.eccP);
  EXPECT_FALSE(c.eccQ);
}

TEST(Encoder, FlippedParityByteFailsOnlyThatCode) {
  std::vector<uint8_t> s(kRawSectorSize);
  encodeMode1(s, 0, userData(kUserDataSize, 9));
  s[2300] ^= 0x40; // Q parity
  const SectorCheck c = checkSector(s, 0);
  EXPECT_TRUE(c.edc);
  EXPECT_TRUE(c.eccP);
  EXPECT_FALSE(c.eccQ);
}

TEST(Encoder, Mode2Form1UsesAZeroHeaderForParity) {
  std::vector<uint8_t> s(kRawSectorSize);
  encodeMode2Form1(s, 1000, {0, 0, 0x08, 0}, userData(kUserDataSize, 5));
  const SectorCheck c = checkSector(s, 1000);
  EXPECT_TRUE(c.codesOk());
  EXPECT_FALSE(c.form2);
  EXPECT_TRUE(c.subheaderCopies);
  EXPECT_TRUE(eccPValid(s, true));
  EXPECT_FALSE(eccPValid(s, false)); // the recorded header is not part of Form 1 parity
}

TEST(Encoder, Mode2Form2HasEdcOnly) {
  std::vector<uint8_t> s(kRawSectorSize);
  encodeMode2Form2(s, 5, {1, 2, 0x00, 0}, userData(kForm2UserSize, 2));
  SectorCheck c = checkSector(s, 5);
  EXPECT_TRUE(c.form2);
  EXPECT_TRUE(c.edc);
  EXPECT_FALSE(c.edcZero);
  s[500] ^= 0xFF;
  EXPECT_FALSE(checkSector(s, 5).edc);
  s[2348] = s[2349] = s[2350] = s[2351] = 0; // "not computed" is allowed
  c = checkSector(s, 5);
  EXPECT_TRUE(c.edc);
  EXPECT_TRUE(c.edcZero);
}

TEST(Encoder, SubheaderCopiesDisagreementIsSeen) {
  std::vector<uint8_t> s(kRawSectorSize);
  encodeMode2Form2(s, 5, {1, 2, 0x00, 0}, userData(kForm2UserSize, 2));
  s[21] = 9;
  EXPECT_FALSE(checkSector(s, 5).subheaderCopies);
}

TEST(Encoder, Mode0PayloadMustBeZero) {
  std::vector<uint8_t> s(kRawSectorSize);
  encodeMode0(s, -150);
  EXPECT_EQ(s[12], 0x00);
  EXPECT_EQ(s[13], 0x00);
  SectorCheck c = checkSector(s, -150);
  EXPECT_TRUE(c.address);
  EXPECT_FALSE(c.mode0NonZero);
  s[1000] = 1;
  EXPECT_TRUE(checkSector(s, -150).mode0NonZero);
}

TEST(SectorCheck, BadBcdAndMissingSyncAreSeen) {
  std::vector<uint8_t> s(kRawSectorSize);
  encodeMode1(s, 0, userData(kUserDataSize, 1));
  s[14] = 0x7A;
  EXPECT_FALSE(checkSector(s, 0).headerBcd);
  s[0] = 1;
  EXPECT_FALSE(checkSector(s, 0).sync);
}

} // namespace
} // namespace dv::analyzer::cd
