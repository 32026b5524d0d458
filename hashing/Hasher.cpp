// Hasher: the Crypto++ adapter. The only file that includes Crypto++ hash headers.
#include "hashing/Hasher.h"

#define CRYPTOPP_ENABLE_NAMESPACE_WEAK 1
#include <cryptopp/blake2.h>
#include <cryptopp/config_ver.h>
#include <cryptopp/crc.h>
#include <cryptopp/cryptlib.h>
#include <cryptopp/md5.h>
#include <cryptopp/sha.h>
#include <cryptopp/sha3.h>

#include <algorithm>

#include "core/Text.h"

namespace dv::hashing {
namespace {

template <typename Impl> class CryptoppHasher final : public Hasher {
public:
  explicit CryptoppHasher(Algorithm a) : algorithm_(a) {}
  Algorithm algorithm() const override { return algorithm_; }

  void update(ByteView bytes) override {
    // Crypto++ takes size_t lengths; feed in large slices so a huge view never truncates.
    constexpr size_t kSlice = size_t{1} << 30;
    while (!bytes.empty()) {
      const size_t n = std::min(bytes.size(), kSlice);
      impl_.Update(bytes.data(), n);
      bytes = bytes.subspan(n);
    }
  }

  Digest finish() override {
    Digest d{algorithm_, std::vector<uint8_t>(impl_.DigestSize())};
    impl_.Final(d.bytes.data()); // Final also restarts the hash
    // Crypto++ emits CRC-32 least significant byte first; tools print the number big-endian.
    if (algorithm_ == Algorithm::Crc32) std::reverse(d.bytes.begin(), d.bytes.end());
    return d;
  }

  Digest snapshot() const override {
    Impl copy(impl_); // Crypto++ hash objects copy their running state
    Digest d{algorithm_, std::vector<uint8_t>(copy.DigestSize())};
    copy.Final(d.bytes.data());
    if (algorithm_ == Algorithm::Crc32) std::reverse(d.bytes.begin(), d.bytes.end());
    return d;
  }

private:
  Algorithm algorithm_;
  Impl impl_;
};

} // namespace

std::string Digest::hex() const { return hexBytes(bytes); }

std::unique_ptr<Hasher> makeHasher(Algorithm a) {
  switch (a) {
  case Algorithm::Md5: return std::make_unique<CryptoppHasher<CryptoPP::Weak::MD5>>(a);
  case Algorithm::Sha1: return std::make_unique<CryptoppHasher<CryptoPP::SHA1>>(a);
  case Algorithm::Sha256: return std::make_unique<CryptoppHasher<CryptoPP::SHA256>>(a);
  case Algorithm::Sha512: return std::make_unique<CryptoppHasher<CryptoPP::SHA512>>(a);
  case Algorithm::Sha3_256: return std::make_unique<CryptoppHasher<CryptoPP::SHA3_256>>(a);
  case Algorithm::Blake2b: return std::make_unique<CryptoppHasher<CryptoPP::BLAKE2b>>(a);
  case Algorithm::Crc32: return std::make_unique<CryptoppHasher<CryptoPP::CRC32>>(a);
  }
  return std::make_unique<CryptoppHasher<CryptoPP::SHA256>>(Algorithm::Sha256);
}

Digest digestOf(Algorithm a, ByteView bytes) {
  auto h = makeHasher(a);
  h->update(bytes);
  return h->finish();
}

std::string cryptoLibraryVersion() {
  const int v = CryptoPP::LibraryVersion();
  return std::to_string(v / 100) + "." + std::to_string((v / 10) % 10) + "." + std::to_string(v % 10);
}

} // namespace dv::hashing
