// Tests of the text helpers, MSF addressing and the finding sink.
#include "core/Finding.h"
#include "core/Lba.h"
#include "core/Text.h"

#include <gtest/gtest.h>

namespace dv {
namespace {

TEST(Text, ParsesSizesWithBinarySuffixes) {
  EXPECT_EQ(parseSize("4096"), 4096u);
  EXPECT_EQ(parseSize("64MiB"), uint64_t{64} << 20);
  EXPECT_EQ(parseSize("2 GiB"), uint64_t{2} << 30);
  EXPECT_EQ(parseSize("1k"), 1024u);
  EXPECT_EQ(parseSize("0"), 0u);
  EXPECT_FALSE(parseSize("MiB"));
  EXPECT_FALSE(parseSize("12 parsecs"));
  EXPECT_FALSE(parseSize("99999999999999999999"));
  EXPECT_FALSE(parseSize("18014398509481984GiB"));
}

TEST(Text, MakesRawBytesValidUtf8) {
  EXPECT_EQ(utf8Safe("plain"), "plain");
  EXPECT_EQ(utf8Safe("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(utf8Safe(std::string("a\x01" "b\xff", 4)), "a\\x01b\\xff");
  EXPECT_EQ(utf8Safe("\xc0\xaf"), "\\xc0\\xaf"); // overlong '/'
}

TEST(Text, AppendsUtf8ForEveryEncodedLength) {
  std::string out;
  for (uint32_t cp : {0x41u, 0xE9u, 0x20ACu, 0x1F600u}) appendUtf8(out, cp);
  EXPECT_EQ(out, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
}

TEST(Text, HexHelpers) {
  EXPECT_EQ(hex(0), "0");
  EXPECT_EQ(hex(0x2a000), "2a000");
  const std::vector<uint8_t> b{0x00, 0xab, 0xff};
  EXPECT_EQ(hexBytes(b), "00abff");
  EXPECT_EQ(parseHexBytes("00ABff"), std::string("\x00\xab\xff", 3));
  EXPECT_FALSE(parseHexBytes("abc"));
  EXPECT_EQ(humanBytes(1536), "1.5 KiB");
}

TEST(Msf, ConvertsWithThe150SectorOffset) {
  EXPECT_EQ((Msf{0, 2, 0}.lba()), 0);
  EXPECT_EQ((Msf{0, 0, 0}.lba()), -150);
  EXPECT_EQ(msfFromLba(0)->text(), "00:02:00");
  EXPECT_EQ(msfFromLba(16)->text(), "00:02:16");
  EXPECT_EQ(msfFromLba(-151)->minute, 99);
  EXPECT_EQ(msfFromLba(-151)->lba(), -151);
  EXPECT_EQ(fromBcd(0x59), 59);
  EXPECT_FALSE(fromBcd(0x5A));
  EXPECT_EQ(toBcd(74), 0x74);
}

constexpr RuleInfo kRule{.id = "TEST-RULE-001", .severity = Severity::Warning, .clause = "1.2", .summary = "a test rule"};

TEST(FindingSink, CapsFindingsPerRuleAndCountsTheRest) {
  FindingSink sink(2);
  for (int i = 0; i < 5; ++i) sink.add(kRule, {.lba = static_cast<uint64_t>(i)}, {.expected = 1, .actual = i});
  EXPECT_EQ(sink.findings().size(), 2u);
  EXPECT_EQ(sink.suppressed().at("TEST-RULE-001"), 3u);
  EXPECT_EQ(sink.findings()[1].actual, "1");
  EXPECT_EQ(sink.findings()[0].message, "a test rule");
}

TEST(FindingSink, SortsErrorsFirstThenByLocation) {
  FindingSink sink;
  sink.add(kRule, {.lba = 5});
  sink.add(kRule, {.lba = 3}, {.severity = Severity::Error});
  sink.add(kRule, {.lba = 1});
  auto sorted = sink.takeSorted();
  ASSERT_EQ(sorted.size(), 3u);
  EXPECT_EQ(sorted[0].severity, Severity::Error);
  EXPECT_EQ(*sorted[1].location.lba, 1u);
  EXPECT_EQ(*sorted[2].location.lba, 5u);
}

} // namespace
} // namespace dv
