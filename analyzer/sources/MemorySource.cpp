// MemorySource: reads from an owned buffer.
#include "analyzer/sources/MemorySource.h"

#include <algorithm>
#include <cstring>

namespace dv::analyzer {

MemorySource::MemorySource(std::vector<uint8_t> bytes, std::string name) : bytes_(std::move(bytes)) {
  info_.path = std::move(name);
  info_.kind = SourceKind::Memory;
  info_.media = MediaKind::Memory;
  info_.size = bytes_.size();
}

Result<size_t> MemorySource::readAt(uint64_t offset, MutableByteView out) {
  if (offset >= bytes_.size()) return size_t{0};
  const size_t n = static_cast<size_t>(std::min<uint64_t>(out.size(), bytes_.size() - offset));
  std::memcpy(out.data(), bytes_.data() + offset, n);
  return n;
}

Result<size_t> MemorySource::readNext(MutableByteView out) {
  std::lock_guard lock(cursorMutex_);
  auto n = readAt(cursor_, out);
  if (n) cursor_ += *n;
  return n;
}

} // namespace dv::analyzer
