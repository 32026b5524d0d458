// Tests of ByteReader: byte orders, both-endian fields and the sticky bounds error.
#include "core/ByteReader.h"

#include <gtest/gtest.h>

#include <vector>

namespace dv {
namespace {

TEST(ByteReader, ReadsEachByteOrder) {
  const std::vector<uint8_t> b{0x01, 0x02, 0x03, 0x04, 0x04, 0x03, 0x02, 0x01};
  ByteReader in(b);
  EXPECT_EQ(in.le16At(0), 0x0201);
  EXPECT_EQ(in.be16At(0), 0x0102);
  EXPECT_EQ(in.le32At(0), 0x04030201u);
  EXPECT_EQ(in.be32At(4), 0x04030201u);
  EXPECT_EQ(in.le32(BytePos{1, 4}), 0x04030201u);
  EXPECT_FALSE(in.takeError());
}

TEST(ByteReader, KeepsBothHalvesWhenTheyDisagree) {
  const std::vector<uint8_t> b{0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20};
  ByteReader in(b);
  const BothEndian32 v = in.bothEndian32At(0);
  EXPECT_EQ(v.le, 0x10u);
  EXPECT_EQ(v.be, 0x20u);
  EXPECT_FALSE(v.consistent());
  EXPECT_EQ(v.value(), 0x10u);
}

TEST(ByteReader, OutOfBoundsReadSetsOneStickyError) {
  const std::vector<uint8_t> b{1, 2, 3};
  ByteReader in(b);
  EXPECT_EQ(in.le32At(0), 0u);
  EXPECT_EQ(in.u8At(2), 3);
  EXPECT_EQ(in.viewAt(2, 5).size(), 0u);
  Error e = in.takeError();
  ASSERT_TRUE(e);
  EXPECT_EQ(e.code(), ErrorCode::Truncated);
  EXPECT_NE(e.message().find("0x4 bytes at +0x0"), std::string::npos) << e.message();
  EXPECT_FALSE(in.takeError());
}

TEST(ByteReader, OffsetsNearSizeMaxDoNotWrap) {
  const std::vector<uint8_t> b(16);
  ByteReader in(b);
  EXPECT_EQ(in.viewAt(SIZE_MAX - 1, 4).size(), 0u);
  EXPECT_TRUE(in.takeError());
}

} // namespace
} // namespace dv
