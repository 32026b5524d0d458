// FaultySource: a random-access source over memory that fails reads of chosen sectors (tests of
// retries, narrowing and zero-fill), and can report that its device vanished.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <map>
#include <set>

#include "analyzer/sources/ByteSource.h"

namespace dv::test {

/// Fails every read that touches a bad sector. A sector listed in `flaky` fails only its first
/// `flakyFailures` reads, then reads fine. Thread-safe.
class FaultySource final : public analyzer::ByteSource {
public:
  FaultySource(std::vector<uint8_t> bytes, uint32_t sectorSize = 2048);

  void addBadSector(uint64_t sector) { bad_.insert(sector); }
  void addFlakySector(uint64_t sector, unsigned failures);
  /// After this many reads every read fails and gone() becomes true.
  void vanishAfter(uint64_t reads) { vanishAfter_ = reads; }
  /// After this many reads the device holds only `bytes` bytes: reads past them end early and
  /// currentSize() says so. 0 is what an unplugged disk reports (its capacity drops to 0).
  void shrinkAfter(uint64_t reads, uint64_t bytes) {
    shrinkAfter_ = reads;
    shrunkSize_ = bytes;
  }
  uint64_t reads() const { return reads_.load(); }

  const analyzer::SourceInfo& info() const override { return info_; }
  Result<size_t> readAt(uint64_t offset, MutableByteView out) override;
  Result<size_t> readNext(MutableByteView out) override;
  std::optional<uint64_t> currentSize() override;

private:
  uint64_t visibleSize() const { return reads_.load() > shrinkAfter_ ? shrunkSize_ : bytes_.size(); }

  std::vector<uint8_t> bytes_;
  uint32_t sectorSize_;
  analyzer::SourceInfo info_;
  std::set<uint64_t> bad_;
  std::mutex mutex_;
  std::map<uint64_t, unsigned> flaky_;
  std::atomic<uint64_t> reads_{0};
  uint64_t vanishAfter_ = UINT64_MAX;
  uint64_t shrinkAfter_ = UINT64_MAX;
  uint64_t shrunkSize_ = 0;
  uint64_t cursor_ = 0;
};

/// Deterministic pseudo-random bytes (xorshift), for test images that must not compress or repeat.
std::vector<uint8_t> randomBytes(size_t n, uint64_t seed);

} // namespace dv::test
