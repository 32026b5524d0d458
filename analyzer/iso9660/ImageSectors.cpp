// ImageSectors: bounded exact reads for the metadata parsers.
#include "analyzer/iso9660/ImageSectors.h"

#include <fmt/format.h>

namespace dv::analyzer {

ImageSectors::ImageSectors(ByteSource& source) : source_(source) {
  const SourceInfo& info = source.info();
  if (info.size && !info.sequential)
    size_ = *info.size;
  else
    size_ = source.prefixLimit(); // a stream answers readAt() only inside its kept prefix
}

Result<std::vector<uint8_t>> ImageSectors::read(uint64_t offset, uint64_t length) const {
  if (length > kMaxRead)
    return Error(ErrorCode::InvalidArgument, fmt::format("read of 0x{:x} bytes at 0x{:x} exceeds the metadata limit", length, offset));
  uint64_t end = 0;
  if (!checkedAdd(offset, length, end) || end > size_)
    return Error(ErrorCode::Truncated,
                 fmt::format("range 0x{:x}+0x{:x} ends past the readable end 0x{:x}", offset, length, size_));
  std::vector<uint8_t> bytes(static_cast<size_t>(length));
  size_t done = 0;
  while (done < bytes.size()) {
    auto n = source_.readAt(offset + done, MutableByteView(bytes).subspan(done));
    if (!n) return std::move(n).takeError().context(fmt::format("read at 0x{:x}", offset + done));
    if (*n == 0)
      return Error(ErrorCode::Truncated, fmt::format("input ends at 0x{:x} inside range 0x{:x}+0x{:x}", offset + done, offset, length));
    done += *n;
  }
  return bytes;
}

Result<std::vector<uint8_t>> ImageSectors::sector(uint64_t lba) const {
  uint64_t offset = 0;
  if (!checkedMul(lba, kImageSectorBytes, offset))
    return Error(ErrorCode::Truncated, fmt::format("sector {} is beyond any image", lba));
  return read(offset, kImageSectorBytes);
}

} // namespace dv::analyzer
