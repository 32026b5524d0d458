// Consumers that hash: the running whole-image digest, piecewise digests over exact byte ranges,
// and the all-zero sector census of the same pass.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "analyzer/pipeline/Consumer.h"
#include "hashing/Hasher.h"

namespace dv::analyzer {

/// The running digest of the whole input with one algorithm. Sequential.
class DigestConsumer final : public Consumer {
public:
  explicit DigestConsumer(hashing::Algorithm a);
  std::string_view name() const override { return hashing::algorithmName(algorithm_); }
  bool needsPrevious(uint64_t, uint64_t) const override { return true; }
  int priority() const override;
  void consume(const Chunk& chunk) override { hasher_->update(chunk.data); }
  void finish(uint64_t totalBytes) override;

  /// The digest and the number of bytes it covers; valid after finish().
  const hashing::Digest& digest() const { return digest_; }
  uint64_t length() const { return length_; }

private:
  hashing::Algorithm algorithm_;
  std::unique_ptr<hashing::Hasher> hasher_;
  hashing::Digest digest_;
  uint64_t length_ = 0;
};

/// One piece of a piecewise hash: the exact byte range and its digest.
struct PieceDigest {
  uint64_t offset = 0;
  uint64_t length = 0;
  hashing::Digest digest;
};

/// Digests of consecutive pieces of pieceSize bytes (the last one short where the input is). Pieces
/// are independent: a chunk waits only for the previous chunk when it continues a piece.
class PieceConsumer final : public Consumer {
public:
  PieceConsumer(hashing::Algorithm a, uint64_t pieceSize);
  std::string_view name() const override { return name_; }
  bool needsPrevious(uint64_t, uint64_t offset) const override { return offset % pieceSize_ != 0; }
  void consume(const Chunk& chunk) override;
  void finish(uint64_t totalBytes) override;

  hashing::Algorithm algorithm() const { return algorithm_; }
  uint64_t pieceSize() const { return pieceSize_; }
  /// The pieces in offset order; valid after finish().
  const std::vector<PieceDigest>& pieces() const { return pieces_; }

private:
  hashing::Algorithm algorithm_;
  uint64_t pieceSize_;
  std::string name_;
  std::mutex mutex_;
  std::map<uint64_t, std::unique_ptr<hashing::Hasher>> open_; ///< piece index -> running digest
  std::vector<PieceDigest> pieces_;
};

/// A run of consecutive all-zero sectors.
struct ZeroRun {
  uint64_t firstSector = 0;
  uint64_t sectorCount = 0;
};

/// Counts all-zero sectors and records their runs (a digest proves a faithful copy of what was read,
/// not that it is real data). Unordered. Keeps one bit per sector (1/16384 of a 2048-byte-sector
/// input), so the result is exact and independent of chunking.
class ZeroSectorConsumer final : public Consumer {
public:
  explicit ZeroSectorConsumer(uint32_t sectorSize = 2048, size_t maxRuns = 10000);
  std::string_view name() const override { return "zero-sectors"; }
  bool needsPrevious(uint64_t, uint64_t) const override { return false; }
  void consume(const Chunk& chunk) override;
  void finish(uint64_t totalBytes) override;

  uint32_t sectorSize() const { return sectorSize_; }
  uint64_t totalSectors() const { return totalSectors_; }
  uint64_t zeroSectors() const { return zeroSectors_; }
  /// Runs in sector order, at most maxRuns of them (the first ones); runsTruncated() says if more exist.
  const std::vector<ZeroRun>& runs() const { return runs_; }
  bool runsTruncated() const { return runsTruncated_; }
  uint64_t runCount() const { return runCount_; }

private:
  static constexpr uint64_t kBlockBits = uint64_t{1} << 20;
  using Block = std::vector<std::atomic<uint64_t>>;
  Block& block(uint64_t index);

  uint32_t sectorSize_;
  size_t maxRuns_;
  std::mutex mutex_;
  std::map<uint64_t, std::unique_ptr<Block>> blocks_;
  uint64_t totalSectors_ = 0;
  uint64_t zeroSectors_ = 0;
  uint64_t runCount_ = 0;
  std::vector<ZeroRun> runs_;
  bool runsTruncated_ = false;
};

/// True when every byte of `bytes` is zero.
bool allZero(ByteView bytes);

} // namespace dv::analyzer
