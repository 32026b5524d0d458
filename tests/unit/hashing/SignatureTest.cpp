// Tests of Ed25519 signing against RFC 8032 and of tamper detection.
#include <gtest/gtest.h>

#include "core/Text.h"
#include "hashing/Signature.h"

namespace dv::hashing {
namespace {

std::array<uint8_t, 32> bytes32(std::string_view hexText) {
  auto raw = parseHexBytes(hexText);
  std::array<uint8_t, 32> out{};
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>((*raw)[i]);
  return out;
}

TEST(Signature, MatchesRfc8032TestVector1) {
  // RFC 8032 7.1, TEST 1: the empty message.
  auto key = signingKeyFromSecret(bytes32("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  ASSERT_TRUE(key);
  EXPECT_EQ(hexBytes(ByteView(key->publicKey.data(), 32)),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto sig = signMessage(*key, ByteView());
  ASSERT_TRUE(sig);
  EXPECT_EQ(hexBytes(ByteView(sig->data(), sig->size())),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(verifySignature(key->publicKey, ByteView(), ByteView(sig->data(), sig->size())));
}

TEST(Signature, RejectsAChangedMessageOrAnotherKey) {
  auto key = generateSigningKey();
  auto other = generateSigningKey();
  ASSERT_TRUE(key && other);
  const std::vector<uint8_t> msg{'r', 'e', 'p', 'o', 'r', 't'};
  auto sig = signMessage(*key, ByteView(msg));
  ASSERT_TRUE(sig);
  EXPECT_TRUE(verifySignature(key->publicKey, ByteView(msg), ByteView(*sig)));
  std::vector<uint8_t> changed = msg;
  changed[0] ^= 1;
  EXPECT_FALSE(verifySignature(key->publicKey, ByteView(changed), ByteView(*sig)));
  EXPECT_FALSE(verifySignature(other->publicKey, ByteView(msg), ByteView(*sig)));
  EXPECT_FALSE(verifySignature(key->publicKey, ByteView(msg), ByteView(sig->data(), 63)));
  EXPECT_EQ(keyIdOf(key->publicKey).size(), 16u);
  EXPECT_NE(keyIdOf(key->publicKey), keyIdOf(other->publicKey));
}

} // namespace
} // namespace dv::hashing
