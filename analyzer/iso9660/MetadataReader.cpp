// MetadataReader: clipped, budgeted readAt() calls for the metadata parse.
#include "analyzer/iso9660/MetadataReader.h"

#include <fmt/format.h>

#include <algorithm>

namespace dv::analyzer::iso9660 {

MetadataReader::MetadataReader(ByteSource& source, uint64_t budgetBytes) : source_(source) {
  if (source.info().size && !source.info().sequential) {
    imageBytes_ = *source.info().size;
    sizeKnown_ = true;
  } else {
    imageBytes_ = source.prefixLimit();
    if (source.info().size) {
      sizeKnown_ = true;
      imageBytes_ = std::min(imageBytes_, *source.info().size);
    }
  }
  budget_ = budgetBytes != 0 ? budgetBytes : std::max<uint64_t>(imageBytes_, uint64_t{64} << 20);
}

Result<std::vector<uint8_t>> MetadataReader::read(uint64_t offset, uint64_t length) {
  std::vector<uint8_t> out;
  if (offset >= imageBytes_ || length == 0) return out;
  const uint64_t n = std::min(length, imageBytes_ - offset);
  if (n > budget_ - bytesRead_) {
    budgetExhausted_ = true;
    return Error(ErrorCode::Cancelled, fmt::format("metadata read budget of 0x{:x} bytes spent", budget_));
  }
  out.resize(static_cast<size_t>(n));
  size_t done = 0;
  while (done < out.size()) {
    auto got = source_.readAt(offset + done, MutableByteView(out).subspan(done));
    if (!got) return std::move(got).takeError().context(fmt::format("metadata read at 0x{:x}", offset + done));
    if (*got == 0) break;
    done += *got;
  }
  out.resize(done);
  bytesRead_ += done;
  return out;
}

} // namespace dv::analyzer::iso9660
