// MemorySource: an image held in memory (tests, and views of data already read).
#pragma once

#include <mutex>

#include "analyzer/sources/ByteSource.h"

namespace dv::analyzer {

/// A random-access source over bytes it owns. Thread-safe.
class MemorySource final : public ByteSource {
public:
  explicit MemorySource(std::vector<uint8_t> bytes, std::string name = "memory");

  const SourceInfo& info() const override { return info_; }
  Result<size_t> readAt(uint64_t offset, MutableByteView out) override;
  Result<size_t> readNext(MutableByteView out) override;
  const std::vector<uint8_t>& bytes() const { return bytes_; }

private:
  std::vector<uint8_t> bytes_;
  SourceInfo info_;
  std::mutex cursorMutex_;
  uint64_t cursor_ = 0;
};

} // namespace dv::analyzer
