// ZisofsBlocks: gather each compressed block from the pass, inflate it (bounded), compare sizes.
#include "analyzer/iso9660/ZisofsBlocks.h"

#include <algorithm>

#include <fmt/format.h>

#include "analyzer/sources/Inflate.h"

namespace dv::analyzer {

namespace {
// A zlib stream of a 128 KiB block that does not compress grows by a few bytes per 16 KiB stored
// block; anything much larger than the block is not a block of this file.
uint64_t maxCompressed(uint64_t blockSize) { return blockSize + blockSize / 8 + 1024; }
} // namespace

ZisofsBlockConsumer::ZisofsBlockConsumer(const RockRidgeVolume& rockRidge, const iso9660::IsoVolume& volume, uint64_t budgetBytes) {
  results_.resize(rockRidge.zisofs.size());
  uint64_t budget = budgetBytes;
  for (size_t e = 0; e < rockRidge.zisofs.size(); ++e) {
    const ZisofsFileHeader& z = rockRidge.zisofs[e];
    if (z.file >= volume.tree.files.size()) continue;
    const iso9660::FileEntry& f = volume.tree.files[z.file];
    if (z.pointersRead && z.pointers.size() != z.pointerCount) results_[e].cut = true; // past the kept-pointer limit
    // The other ZF-002 facts (magic, table) are judged from the header; blocks are checked only
    // where the table is sound and the data is one extent inside the image (ZF-001).
    if (!z.magic || !z.pointersRead || !z.monotonic || z.pointers.size() != z.pointerCount || z.pointerCount < 1 ||
        f.runs.size() != 1 || f.outsideImage() || z.lastPointer > f.runs.front().length)
      continue;
    const uint64_t blockSize = uint64_t{1} << z.log2BlockSize;
    const uint64_t base = f.runs.front().imageOffset;
    for (uint64_t k = 0; k + 1 < z.pointerCount; ++k) {
      const uint64_t expected = std::min<uint64_t>(blockSize, z.uncompressedSize - k * blockSize);
      if (budget < expected) {
        results_[e].cut = true;
        break;
      }
      budget -= expected;
      Block b;
      b.offset = base + z.pointers[k];
      const uint64_t compressed = z.pointers[k + 1] - z.pointers[k];
      b.expected = static_cast<uint32_t>(expected);
      b.entry = static_cast<uint32_t>(e);
      b.number = static_cast<uint32_t>(k);
      if (compressed > maxCompressed(blockSize)) {
        fail(b, fmt::format("compressed block of 0x{:x} bytes is larger than a block of 0x{:x} can be", compressed, blockSize));
        continue;
      }
      b.length = static_cast<uint32_t>(compressed);
      if (b.length == 0) { // zisofs: an empty block stands for a block of zeros
        ++results_[e].checked;
        continue;
      }
      blocks_.push_back(b);
    }
  }
  std::stable_sort(blocks_.begin(), blocks_.end(), [](const Block& a, const Block& b) { return a.offset < b.offset; });
}

void ZisofsBlockConsumer::fail(const Block& b, std::string reason) {
  Result& r = results_[b.entry];
  ++r.checked;
  ++r.bad;
  if (!r.firstBad || b.number < *r.firstBad) {
    r.firstBad = b.number;
    r.firstReason = std::move(reason);
  }
}

void ZisofsBlockConsumer::check(const Block& b, ByteView compressed) {
  auto out = inflateZlib(compressed, b.expected);
  if (!out) {
    fail(b, out.error().message());
    return;
  }
  if (out->size() != b.expected) {
    fail(b, fmt::format("inflates to 0x{:x} bytes instead of 0x{:x}", out->size(), b.expected));
    return;
  }
  ++results_[b.entry].checked;
}

void ZisofsBlockConsumer::consume(const Chunk& chunk) {
  const uint64_t begin = chunk.offset, end = chunk.offset + chunk.data.size();
  // Start the blocks that begin inside this chunk (or began before it and were never seen).
  while (cursor_ < blocks_.size() && blocks_[cursor_].offset < end) {
    pending_.emplace_back(cursor_, std::vector<uint8_t>{});
    pending_.back().second.reserve(static_cast<size_t>(blocks_[cursor_].length));
    ++cursor_;
  }
  for (auto it = pending_.begin(); it != pending_.end();) {
    const Block& b = blocks_[it->first];
    std::vector<uint8_t>& buf = it->second;
    const uint64_t want = b.offset + buf.size(); // next image byte of this block
    if (want >= begin && want < end) {
      const uint64_t take = std::min<uint64_t>(b.length - buf.size(), end - want);
      const auto from = chunk.data.begin() + static_cast<std::ptrdiff_t>(want - begin);
      buf.insert(buf.end(), from, from + static_cast<std::ptrdiff_t>(take));
    } else if (want < begin) { // the pass skipped its start (never the case with chunks in order)
      it = pending_.erase(it);
      continue;
    }
    if (buf.size() == b.length) {
      check(b, buf);
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
}

void ZisofsBlockConsumer::finish(uint64_t) {
  // Blocks the input ended in (or never reached): not checked.
  for (const auto& p : pending_) results_[blocks_[p.first].entry].cut = true;
  for (size_t i = cursor_; i < blocks_.size(); ++i) results_[blocks_[i].entry].cut = true;
  pending_.clear();
}

void ZisofsBlockConsumer::store(RockRidgeVolume& rockRidge) const {
  for (size_t e = 0; e < rockRidge.zisofs.size() && e < results_.size(); ++e) {
    ZisofsFileHeader& z = rockRidge.zisofs[e];
    const Result& r = results_[e];
    z.blocksChecked = r.checked;
    z.badBlocks = r.bad;
    z.firstBadBlock = r.firstBad;
    z.firstBadReason = r.firstReason;
    z.blocksCut = r.cut;
  }
}

} // namespace dv::analyzer
