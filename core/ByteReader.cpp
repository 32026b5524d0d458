// ByteReader: bounds-checked little-, big- and both-endian field reads.
#include "core/ByteReader.h"

#include "core/Text.h"

namespace dv {

bool ByteReader::fail(size_t off, size_t len) {
  if (!failed_) {
    failed_ = true;
    failedOffset_ = off;
    failedLength_ = len;
  }
  return false;
}

uint32_t ByteReader::le24At(size_t off) {
  if (!check(off, 3)) return 0;
  return uint32_t{bytes_[off]} | (uint32_t{bytes_[off + 1]} << 8) | (uint32_t{bytes_[off + 2]} << 16);
}

uint32_t ByteReader::be24At(size_t off) {
  if (!check(off, 3)) return 0;
  return (uint32_t{bytes_[off]} << 16) | (uint32_t{bytes_[off + 1]} << 8) | uint32_t{bytes_[off + 2]};
}

uint64_t ByteReader::le64At(size_t off) {
  if (!check(off, 8)) return 0;
  uint64_t v = 0;
  for (size_t i = 8; i-- > 0;) v = (v << 8) | bytes_[off + i];
  return v;
}

uint64_t ByteReader::be64At(size_t off) {
  if (!check(off, 8)) return 0;
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | bytes_[off + i];
  return v;
}

std::string ByteReader::stringAt(size_t off, size_t len) {
  ByteView v = viewAt(off, len);
  return std::string(v.begin(), v.end());
}

Error ByteReader::takeFailure() {
  failed_ = false;
  return Error(ErrorCode::Truncated, "read of 0x" + hex(failedLength_) + " bytes at +0x" + hex(failedOffset_) +
                                         " past the end of 0x" + hex(bytes_.size()) + " bytes");
}

} // namespace dv
