// MetadataReader: bounded random reads of image metadata before the pass, with a byte budget.
#pragma once

#include <cstdint>
#include <vector>

#include "analyzer/sources/ByteSource.h"
#include "core/Result.h"

namespace dv::analyzer::iso9660 {

/// Reads metadata (descriptors, path tables, directories) from a source. Every read is clipped to
/// the readable size (the file size, or the prefix a sequential source keeps) and counted against a
/// budget, so a hostile image cannot make the parser read more than `budgetBytes`. Not thread-safe.
class MetadataReader {
public:
  /// `budgetBytes` 0 means "the readable size, at least 64 MiB".
  explicit MetadataReader(ByteSource& source, uint64_t budgetBytes = 0);

  /// The input's size in bytes when known (files, devices, memory); otherwise the readable prefix.
  uint64_t imageBytes() const { return imageBytes_; }
  /// True when imageBytes() is the real size (not only a prefix of a stream).
  bool sizeKnown() const { return sizeKnown_; }
  /// Bytes read so far and the budget left.
  uint64_t bytesRead() const { return bytesRead_; }
  bool budgetExhausted() const { return budgetExhausted_; }

  /// Reads [offset, offset + length) clipped to the readable size; the result is shorter when the
  /// range runs past it. Fails with Io when the source fails, Cancelled when the budget is spent.
  Result<std::vector<uint8_t>> read(uint64_t offset, uint64_t length);

private:
  ByteSource& source_;
  uint64_t imageBytes_ = 0;
  bool sizeKnown_ = false;
  uint64_t budget_ = 0;
  uint64_t bytesRead_ = 0;
  bool budgetExhausted_ = false;
};

} // namespace dv::analyzer::iso9660
