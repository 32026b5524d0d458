// Hash consumers: whole-image digests, piecewise digests and the zero-sector census.
#include "analyzer/pipeline/HashConsumers.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace dv::analyzer {

DigestConsumer::DigestConsumer(hashing::Algorithm a) : algorithm_(a), hasher_(hashing::makeHasher(a)) {}

int DigestConsumer::priority() const {
  // Slower algorithms are longer critical paths: schedule them first so they never wait.
  switch (algorithm_) {
  case hashing::Algorithm::Md5: return 100;
  case hashing::Algorithm::Sha3_256: return 110;
  case hashing::Algorithm::Blake2b: return 95;
  case hashing::Algorithm::Sha512: return 90;
  case hashing::Algorithm::Crc32: return 95;
  case hashing::Algorithm::Sha1: return 60;
  case hashing::Algorithm::Sha256: return 60;
  }
  return 50;
}

void DigestConsumer::finish(uint64_t totalBytes) {
  digest_ = hasher_->finish();
  length_ = totalBytes;
}

PieceConsumer::PieceConsumer(hashing::Algorithm a, uint64_t pieceSize)
    : algorithm_(a), pieceSize_(pieceSize), name_("pieces-" + std::string(hashing::algorithmName(a))) {}

void PieceConsumer::consume(const Chunk& chunk) {
  uint64_t pos = chunk.offset;
  ByteView data = chunk.data;
  while (!data.empty()) {
    const uint64_t piece = pos / pieceSize_;
    const uint64_t pieceEnd = (piece + 1) * pieceSize_;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(data.size(), pieceEnd - pos));
    hashing::Hasher* h = nullptr;
    {
      std::lock_guard lock(mutex_);
      auto& slot = open_[piece];
      if (!slot) slot = hashing::makeHasher(algorithm_);
      h = slot.get();
    }
    // Only the chain of chunks covering this piece touches h, one at a time (needsPrevious).
    h->update(data.first(n));
    pos += n;
    data = data.subspan(n);
    if (pos == pieceEnd) {
      hashing::Digest d = h->finish();
      std::lock_guard lock(mutex_);
      pieces_.push_back({piece * pieceSize_, pieceSize_, std::move(d)});
      open_.erase(piece);
    }
  }
}

void PieceConsumer::finish(uint64_t totalBytes) {
  for (auto& [piece, h] : open_) {
    const uint64_t begin = piece * pieceSize_;
    if (begin >= totalBytes) continue;
    pieces_.push_back({begin, std::min(pieceSize_, totalBytes - begin), h->finish()});
  }
  open_.clear();
  std::sort(pieces_.begin(), pieces_.end(), [](auto& a, auto& b) { return a.offset < b.offset; });
}

bool allZero(ByteView bytes) {
  // Word-wise OR; the compiler vectorises the inner loop.
  const uint8_t* p = bytes.data();
  size_t n = bytes.size();
  while (n >= 64) {
    uint64_t acc = 0;
    for (size_t i = 0; i < 8; ++i) {
      uint64_t w;
      std::memcpy(&w, p + i * 8, 8);
      acc |= w;
    }
    if (acc != 0) return false;
    p += 64;
    n -= 64;
  }
  for (size_t i = 0; i < n; ++i)
    if (p[i] != 0) return false;
  return true;
}

ZeroSectorConsumer::ZeroSectorConsumer(uint32_t sectorSize, size_t maxRuns) : sectorSize_(sectorSize), maxRuns_(maxRuns) {}

ZeroSectorConsumer::Block& ZeroSectorConsumer::block(uint64_t index) {
  std::lock_guard lock(mutex_);
  auto& b = blocks_[index];
  if (!b) b = std::make_unique<Block>(kBlockBits / 64);
  return *b;
}

void ZeroSectorConsumer::consume(const Chunk& chunk) {
  // The pipeline aligns chunks to the sector size, so each chunk holds whole sectors (the last
  // sector of the input may be short and is judged on the bytes present).
  const uint64_t first = chunk.offset / sectorSize_;
  const size_t count = (chunk.data.size() + sectorSize_ - 1) / sectorSize_;
  Block* current = nullptr;
  uint64_t currentIndex = UINT64_MAX;
  for (size_t i = 0; i < count; ++i) {
    const size_t begin = i * sectorSize_;
    const size_t len = std::min<size_t>(sectorSize_, chunk.data.size() - begin);
    if (!allZero(chunk.data.subspan(begin, len))) continue;
    const uint64_t sector = first + i;
    const uint64_t bi = sector / kBlockBits;
    if (bi != currentIndex) {
      current = &block(bi);
      currentIndex = bi;
    }
    const uint64_t bit = sector % kBlockBits;
    (*current)[bit / 64].fetch_or(uint64_t{1} << (bit % 64), std::memory_order_relaxed);
  }
}

void ZeroSectorConsumer::finish(uint64_t totalBytes) {
  totalSectors_ = (totalBytes + sectorSize_ - 1) / sectorSize_;
  bool inRun = false;
  ZeroRun run;
  auto close = [&] {
    ++runCount_;
    if (runs_.size() < maxRuns_) runs_.push_back(run);
    else runsTruncated_ = true;
    inRun = false;
  };
  uint64_t expectNext = 0;
  for (auto& [bi, blockPtr] : blocks_) {
    const Block& b = *blockPtr;
    for (uint64_t w = 0; w < b.size(); ++w) {
      uint64_t word = b[w].load(std::memory_order_relaxed);
      while (word != 0) {
        const int bit = std::countr_zero(word);
        word &= word - 1;
        const uint64_t sector = bi * kBlockBits + w * 64 + static_cast<uint64_t>(bit);
        ++zeroSectors_;
        if (inRun && sector == expectNext) {
          ++run.sectorCount;
        } else {
          if (inRun) close();
          run = {sector, 1};
          inRun = true;
        }
        expectNext = sector + 1;
      }
    }
  }
  if (inRun) close();
  blocks_.clear();
}

} // namespace dv::analyzer
