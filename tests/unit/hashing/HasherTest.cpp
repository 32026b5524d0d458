// Tests of the hashers against published test vectors, and of algorithm names.
#include "hashing/Hasher.h"

#include <gtest/gtest.h>

#include <string>

namespace dv::hashing {
namespace {

Digest of(Algorithm a, const std::string& s) {
  return digestOf(a, ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size())); // NOLINT
}

TEST(Hasher, MatchesKnownVectorsForAbc) {
  EXPECT_EQ(of(Algorithm::Md5, "abc").hex(), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(of(Algorithm::Sha1, "abc").hex(), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(of(Algorithm::Sha256, "abc").hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(of(Algorithm::Sha512, "abc").hex(),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
            "454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(of(Algorithm::Sha3_256, "abc").hex(), "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
  EXPECT_EQ(of(Algorithm::Blake2b, "abc").hex(),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc95"
            "18d38aa8dbf1925ab92386edd4009923");
}

TEST(Hasher, Crc32IsPrintedAsTheUsualBigEndianNumber) {
  EXPECT_EQ(of(Algorithm::Crc32, "123456789").hex(), "cbf43926");
}

TEST(Hasher, EmptyInputDigests) {
  EXPECT_EQ(of(Algorithm::Md5, "").hex(), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(of(Algorithm::Sha256, "").hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Hasher, IncrementalUpdatesEqualOneShot) {
  const std::string msg(100000, 'x');
  auto h = makeHasher(Algorithm::Sha1);
  for (size_t i = 0; i < msg.size(); i += 777) {
    const size_t n = std::min<size_t>(777, msg.size() - i);
    h->update(ByteView(reinterpret_cast<const uint8_t*>(msg.data() + i), n)); // NOLINT
  }
  EXPECT_EQ(h->finish(), of(Algorithm::Sha1, msg));
  // finish() resets: the hasher can be reused.
  EXPECT_EQ(h->finish().hex(), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

TEST(Algorithm, ParsesListsAndRejectsUnknownNames) {
  auto list = parseAlgorithmList("sha256, MD5,sha-1,sha256");
  ASSERT_TRUE(list);
  EXPECT_EQ(*list, (std::vector<Algorithm>{Algorithm::Md5, Algorithm::Sha1, Algorithm::Sha256}));
  auto bad = parseAlgorithmList("md5,whirlpool");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("whirlpool"), std::string::npos);
  EXPECT_EQ(parseAlgorithm("sha3-256"), Algorithm::Sha3_256);
  EXPECT_EQ(dfxmlType(Algorithm::Blake2b), "OTHER");
  EXPECT_EQ(bsdLabel(Algorithm::Sha256), "SHA256");
}

} // namespace
} // namespace dv::hashing
