// RangeDigestConsumer: digests of given byte ranges of the input (boot images, partitions, file
// extents), computed in the same pass as the whole-image digests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analyzer/pipeline/Consumer.h"
#include "hashing/Hasher.h"

namespace dv::analyzer {

/// Hashes each of a fixed list of byte ranges with each algorithm. Ranges may overlap and may be
/// empty. A chunk waits for the previous one only when a range continues across its start, so
/// ranges are hashed in order without locks (each hasher is touched by one chain of chunks).
class RangeDigestConsumer final : public Consumer {
public:
  RangeDigestConsumer(std::string name, std::vector<ByteRange> ranges, std::vector<hashing::Algorithm> algorithms);

  std::string_view name() const override { return name_; }
  bool needsPrevious(uint64_t index, uint64_t offset) const override;
  void consume(const Chunk& chunk) override;
  void finish(uint64_t totalBytes) override;

  /// The digests of range i (in algorithm order), or empty when the input ended inside it.
  /// Valid after finish().
  const std::vector<hashing::Digest>& digests(size_t i) const { return slots_[i].digests; }
  size_t rangeCount() const { return slots_.size(); }

private:
  struct Slot {
    ByteRange range;
    std::vector<std::unique_ptr<hashing::Hasher>> hashers;
    uint64_t fed = 0;
    std::vector<hashing::Digest> digests;
  };
  std::string name_;
  std::vector<hashing::Algorithm> algorithms_;
  std::vector<Slot> slots_;
};

} // namespace dv::analyzer
