// Tests of the bounded zlib inflate: a round trip, and the three ways a stream can fail.
#include <gtest/gtest.h>

#include <string>

#include "analyzer/sources/Inflate.h"

namespace dv::analyzer {
namespace {

std::vector<uint8_t> text(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>("zisofs block "[i % 13]);
  return v;
}

TEST(Inflate, RoundTripsWithinTheCap) {
  const auto data = text(32768);
  auto z = deflateZlib(data);
  ASSERT_TRUE(z);
  EXPECT_LT(z->size(), data.size());
  auto back = inflateZlib(*z, 32768);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, data);
}

TEST(Inflate, OutputPastTheCapIsMalformed) {
  auto z = deflateZlib(text(40000));
  ASSERT_TRUE(z);
  auto back = inflateZlib(*z, 32768);
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().code(), ErrorCode::Malformed);
}

TEST(Inflate, ACutStreamIsTruncatedAndACorruptOneMalformed) {
  auto z = deflateZlib(text(32768));
  ASSERT_TRUE(z);
  std::vector<uint8_t> cut(z->begin(), z->begin() + static_cast<std::ptrdiff_t>(z->size() / 2));
  auto a = inflateZlib(cut, 32768);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code(), ErrorCode::Truncated);
  std::vector<uint8_t> bad = *z;
  bad[0] = 0x00; // not a zlib header
  auto b = inflateZlib(bad, 32768);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code(), ErrorCode::Malformed);
  EXPECT_FALSE(inflateZlib({}, 16));
}

} // namespace
} // namespace dv::analyzer
