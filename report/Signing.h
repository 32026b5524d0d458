// Signing: Ed25519 key files, detached report signatures (<report>.sig) and their check.
#pragma once

#include <array>
#include <string>

#include "core/Result.h"
#include "hashing/Signature.h"

namespace dv::report {

/// Writes a new key pair as `prefix`.key (secret, mode 0600) and `prefix`.pub. Refuses to overwrite
/// either file (InvalidArgument); Io when a file cannot be written. Returns the key id.
Result<std::string> writeNewKeyPair(const std::string& prefix);
/// Reads a secret key file written by writeNewKeyPair. Fails with Io or Malformed.
Result<hashing::SigningKey> readSecretKeyFile(const std::string& path);
/// Reads a public key file written by writeNewKeyPair. Fails with Io or Malformed.
Result<std::array<uint8_t, 32>> readPublicKeyFile(const std::string& path);

/// The text of a detached signature file for `content` (key id and hex signature).
Result<std::string> signatureFileFor(const hashing::SigningKey& key, const std::string& content);

/// The outcome of checking a report's signature.
struct SignatureCheck {
  bool valid = false;
  std::string keyId;   ///< from the signature file
  std::string message; ///< why it is (in)valid
};

/// Checks `reportPath` against its detached signature `signaturePath` and the public key `publicKeyPath`:
/// the key ids must agree (signature file, public key, and the id the report carries) and the signature
/// must verify over the report's exact bytes. Fails (Result error) only when a file cannot be read.
Result<SignatureCheck> checkReportSignature(const std::string& reportPath, const std::string& signaturePath,
                                            const std::string& publicKeyPath);

} // namespace dv::report
