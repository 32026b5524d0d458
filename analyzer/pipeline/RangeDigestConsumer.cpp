// RangeDigestConsumer: per-range digests in the read pass.
#include "analyzer/pipeline/RangeDigestConsumer.h"

#include <algorithm>

namespace dv::analyzer {

RangeDigestConsumer::RangeDigestConsumer(std::string name, std::vector<ByteRange> ranges,
                                         std::vector<hashing::Algorithm> algorithms)
    : name_(std::move(name)), algorithms_(std::move(algorithms)) {
  slots_.resize(ranges.size());
  for (size_t i = 0; i < ranges.size(); ++i) {
    slots_[i].range = ranges[i];
    for (auto a : algorithms_) slots_[i].hashers.push_back(hashing::makeHasher(a));
  }
}

bool RangeDigestConsumer::needsPrevious(uint64_t, uint64_t offset) const {
  for (const Slot& s : slots_)
    if (s.range.offset < offset && offset < s.range.end()) return true;
  return false;
}

void RangeDigestConsumer::consume(const Chunk& chunk) {
  const uint64_t begin = chunk.offset;
  const uint64_t end = chunk.offset + chunk.data.size();
  for (Slot& s : slots_) {
    const uint64_t from = std::max(begin, s.range.offset);
    const uint64_t to = std::min(end, s.range.end());
    if (from >= to) continue;
    const ByteView part = chunk.data.subspan(static_cast<size_t>(from - begin), static_cast<size_t>(to - from));
    for (auto& h : s.hashers) h->update(part);
    s.fed += to - from;
  }
}

void RangeDigestConsumer::finish(uint64_t) {
  for (Slot& s : slots_) {
    for (auto& h : s.hashers) {
      hashing::Digest d = h->finish();
      if (s.fed == s.range.length) s.digests.push_back(std::move(d)); // a short range has no digest
    }
  }
}

} // namespace dv::analyzer
