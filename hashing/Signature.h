// Signature: Ed25519 (RFC 8032) key generation, signing and verification behind a Crypto++-free interface.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/ByteView.h"
#include "core/Result.h"

namespace dv::hashing {

/// An Ed25519 secret key (the 32-byte seed) and its public key.
struct SigningKey {
  std::array<uint8_t, 32> secret{};
  std::array<uint8_t, 32> publicKey{};
};

/// Makes a new key pair from the system's random source. Fails with Internal when the library does.
Result<SigningKey> generateSigningKey();
/// The key pair of a 32-byte secret seed. Fails with Internal when the library does.
Result<SigningKey> signingKeyFromSecret(const std::array<uint8_t, 32>& secret);
/// The 64-byte Ed25519 signature of `message`. Deterministic (RFC 8032). Thread-safe.
Result<std::vector<uint8_t>> signMessage(const SigningKey& key, ByteView message);
/// True when `signature` is a valid Ed25519 signature of `message` under `publicKey`. Never throws.
bool verifySignature(const std::array<uint8_t, 32>& publicKey, ByteView message, ByteView signature);
/// The key id: the first 16 hex digits of the SHA-256 of the public key.
std::string keyIdOf(const std::array<uint8_t, 32>& publicKey);

} // namespace dv::hashing
