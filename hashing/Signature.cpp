// Signature: the one adapter between Ed25519 callers and Crypto++ (xed25519.h); library exceptions
// become Errors here.
#include "hashing/Signature.h"

#include <algorithm>

#include <cryptopp/cryptlib.h>
#include <cryptopp/osrng.h>
#include <cryptopp/xed25519.h>

#include "core/Text.h"
#include "hashing/Hasher.h"

namespace dv::hashing {

Result<SigningKey> signingKeyFromSecret(const std::array<uint8_t, 32>& secret) {
  try {
    CryptoPP::ed25519::Signer signer(secret.data());
    const auto& priv = dynamic_cast<const CryptoPP::ed25519PrivateKey&>(signer.GetPrivateKey());
    SigningKey key;
    key.secret = secret;
    std::copy(priv.GetPublicKeyBytePtr(), priv.GetPublicKeyBytePtr() + 32, key.publicKey.begin());
    return key;
  } catch (const std::exception& e) {
    return Error(ErrorCode::Internal, std::string("ed25519 key: ") + e.what());
  }
}

Result<SigningKey> generateSigningKey() {
  try {
    CryptoPP::AutoSeededRandomPool rng;
    std::array<uint8_t, 32> secret{};
    rng.GenerateBlock(secret.data(), secret.size());
    return signingKeyFromSecret(secret);
  } catch (const std::exception& e) {
    return Error(ErrorCode::Internal, std::string("ed25519 key generation: ") + e.what());
  }
}

Result<std::vector<uint8_t>> signMessage(const SigningKey& key, ByteView message) {
  try {
    CryptoPP::ed25519::Signer signer(key.publicKey.data(), key.secret.data());
    CryptoPP::RandomNumberGenerator& rng = CryptoPP::NullRNG(); // Ed25519 signing is deterministic
    std::vector<uint8_t> sig(signer.MaxSignatureLength());
    const size_t n = signer.SignMessage(rng, message.data(), message.size(), sig.data());
    sig.resize(n);
    return sig;
  } catch (const std::exception& e) {
    return Error(ErrorCode::Internal, std::string("ed25519 signing: ") + e.what());
  }
}

bool verifySignature(const std::array<uint8_t, 32>& publicKey, ByteView message, ByteView signature) {
  try {
    CryptoPP::ed25519::Verifier verifier(publicKey.data());
    if (signature.size() != verifier.SignatureLength()) return false;
    return verifier.VerifyMessage(message.data(), message.size(), signature.data(), signature.size());
  } catch (const std::exception&) {
    return false;
  }
}

std::string keyIdOf(const std::array<uint8_t, 32>& publicKey) {
  return digestOf(Algorithm::Sha256, ByteView(publicKey.data(), publicKey.size())).hex().substr(0, 16);
}

} // namespace dv::hashing
