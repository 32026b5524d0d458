// Hasher: one running digest behind an interface that keeps Crypto++ out of every header.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/ByteView.h"
#include "hashing/Algorithm.h"

namespace dv::hashing {

/// A finished digest: its algorithm and bytes, in the byte order tools print them.
struct Digest {
  Algorithm algorithm = Algorithm::Md5;
  std::vector<uint8_t> bytes;

  /// Lower-case hex, as md5sum and DFXML write it.
  std::string hex() const;
  friend bool operator==(const Digest&, const Digest&) = default;
};

/// A running digest. Not thread-safe: one thread at a time feeds it (the pipeline guarantees it).
class Hasher {
public:
  virtual ~Hasher() = default;
  virtual Algorithm algorithm() const = 0;
  /// Adds bytes to the running digest.
  virtual void update(ByteView bytes) = 0;
  /// Returns the digest of everything added and resets the hasher for reuse.
  virtual Digest finish() = 0;
  /// Returns the digest of everything added so far and keeps going (the running state is unchanged).
  virtual Digest snapshot() const = 0;
};

/// Makes a hasher for `a` (Crypto++). Never fails for a value of the enum.
std::unique_ptr<Hasher> makeHasher(Algorithm a);
/// One-shot digest of `bytes`.
Digest digestOf(Algorithm a, ByteView bytes);
/// The Crypto++ version this program runs with, e.g. "8.7.0".
std::string cryptoLibraryVersion();

} // namespace dv::hashing
