// FaultySource: scripted read failures for pipeline tests.
#include "tests/support/FaultySource.h"

#include <algorithm>
#include <cstring>
#include <map>

namespace dv::test {

FaultySource::FaultySource(std::vector<uint8_t> bytes, uint32_t sectorSize)
    : bytes_(std::move(bytes)), sectorSize_(sectorSize) {
  info_.path = "faulty";
  info_.kind = analyzer::SourceKind::BlockDevice;
  info_.media = analyzer::MediaKind::SolidState;
  info_.size = bytes_.size();
}

void FaultySource::addFlakySector(uint64_t sector, unsigned failures) {
  std::lock_guard lock(mutex_);
  flaky_[sector] = failures;
}

Result<size_t> FaultySource::readAt(uint64_t offset, MutableByteView out) {
  const uint64_t n = ++reads_;
  if (n > vanishAfter_) {
    gone_.store(true);
    return Error(ErrorCode::Io, "read at offset 0x" + std::to_string(offset) + ": No such device");
  }
  const uint64_t visible = visibleSize();
  if (offset >= visible) return size_t{0};
  const size_t len = static_cast<size_t>(std::min<uint64_t>(out.size(), visible - offset));
  if (len > 0) {
    const uint64_t first = offset / sectorSize_;
    const uint64_t last = (offset + len - 1) / sectorSize_;
    for (uint64_t s = first; s <= last; ++s) {
      if (bad_.count(s)) return Error(ErrorCode::Io, "read failed: Input/output error");
      std::lock_guard lock(mutex_);
      auto it = flaky_.find(s);
      if (it != flaky_.end() && it->second > 0) {
        --it->second;
        return Error(ErrorCode::Io, "read failed: Input/output error");
      }
    }
  }
  std::memcpy(out.data(), bytes_.data() + offset, len);
  return len;
}

std::optional<uint64_t> FaultySource::currentSize() {
  const uint64_t visible = visibleSize();
  if (visible == 0) gone_.store(true);
  return visible;
}

Result<size_t> FaultySource::readNext(MutableByteView out) {
  auto n = readAt(cursor_, out);
  if (n) cursor_ += *n;
  return n;
}

std::vector<uint8_t> randomBytes(size_t n, uint64_t seed) {
  std::vector<uint8_t> out(n);
  uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    out[i] = static_cast<uint8_t>(x >> 24);
  }
  return out;
}

} // namespace dv::test
