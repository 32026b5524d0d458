// ZisofsBlocks: checks during the read pass that every block of every zisofs-compressed file
// inflates to its size (extensions.md section 4, ZF-002): the block's compressed bytes (between two
// pointers of the file's table) are gathered from the chunks and inflated with the output capped at
// the block size.
#pragma once

#include <cstdint>
#include <vector>

#include "analyzer/iso9660/IsoVolume.h"
#include "analyzer/iso9660/RockRidgeVolume.h"
#include "analyzer/pipeline/Consumer.h"

namespace dv::analyzer {

/// Sequential consumer (chunks in order). Results go back into the ZisofsFileHeader facts.
class ZisofsBlockConsumer final : public Consumer {
public:
  /// Takes the blocks of every zisofs file whose header and pointer table are sound and whose data
  /// is one extent; `budgetBytes` caps the inflated output of the whole pass.
  ZisofsBlockConsumer(const RockRidgeVolume& rockRidge, const iso9660::IsoVolume& volume, uint64_t budgetBytes);

  std::string_view name() const override { return "zisofs-blocks"; }
  bool needsPrevious(uint64_t, uint64_t) const override { return true; }
  int priority() const override { return 60; }
  void consume(const Chunk& chunk) override;
  void finish(uint64_t totalBytes) override;

  /// Writes the block results into `rockRidge.zisofs` (the object given to the constructor).
  void store(RockRidgeVolume& rockRidge) const;
  bool empty() const { return blocks_.empty(); }

private:
  struct Block {
    uint64_t offset = 0;       ///< image offset of the compressed bytes
    uint32_t length = 0;       ///< compressed bytes (at most a little over the block size)
    uint32_t expected = 0;     ///< bytes it must inflate to
    uint32_t entry = 0;        ///< index in RockRidgeVolume::zisofs
    uint32_t number = 0;       ///< block number in its file
  };
  struct Result {
    uint64_t checked = 0;
    uint64_t bad = 0;
    std::optional<uint64_t> firstBad;
    std::string firstReason;
    bool cut = false;
  };
  void check(const Block& b, ByteView compressed);
  void fail(const Block& b, std::string reason);

  std::vector<Block> blocks_;                 ///< sorted by offset
  size_t cursor_ = 0;                         ///< next block not yet started
  std::vector<std::pair<size_t, std::vector<uint8_t>>> pending_; ///< blocks being gathered
  std::vector<Result> results_;               ///< per zisofs entry
};

} // namespace dv::analyzer
