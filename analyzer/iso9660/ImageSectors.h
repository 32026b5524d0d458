// ImageSectors: bounded reads of 2048-byte logical sectors and byte ranges of an image, for the
// metadata parsers that run before the read pass (El Torito, system area, UDF recognition).
#pragma once

#include <cstdint>
#include <vector>

#include "analyzer/sources/ByteSource.h"
#include "core/Result.h"

namespace dv::analyzer {

/// Bytes per logical sector of an ISO 9660 / UDF image on optical media (ECMA-119 6.1.2).
constexpr uint32_t kImageSectorBytes = 2048;

/// Reads exact byte ranges of a source. Reads are thread-safe when the source's readAt() is.
class ImageSectors {
public:
  explicit ImageSectors(ByteSource& source);

  /// The bytes this reader can reach: the source size, or the prefix a sequential source keeps.
  uint64_t sizeBytes() const { return size_; }
  /// Number of whole 2048-byte sectors in sizeBytes().
  uint64_t sectorCount() const { return size_ / kImageSectorBytes; }

  /// Reads exactly `length` bytes at `offset`. Fails with Truncated when the range ends past
  /// sizeBytes(), InvalidArgument when `length` exceeds kMaxRead, Io when the source fails.
  Result<std::vector<uint8_t>> read(uint64_t offset, uint64_t length) const;
  /// Reads logical sector `lba` (2048 bytes); fails as read() does.
  Result<std::vector<uint8_t>> sector(uint64_t lba) const;

  /// The largest single read (metadata only; file data goes through the pass).
  static constexpr uint64_t kMaxRead = uint64_t{64} << 20;

private:
  ByteSource& source_;
  uint64_t size_ = 0;
};

} // namespace dv::analyzer
