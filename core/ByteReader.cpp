// ByteReader: bounds-checked little-, big- and both-endian field reads.
#include "core/ByteReader.h"

#include "core/Text.h"

namespace dv {

bool ByteReader::check(size_t off, size_t len) {
  if (fits(off, len)) return true;
  if (!failed_) {
    failed_ = true;
    failedOffset_ = off;
    failedLength_ = len;
  }
  return false;
}

uint8_t ByteReader::u8At(size_t off) { return check(off, 1) ? bytes_[off] : 0; }

uint16_t ByteReader::le16At(size_t off) {
  if (!check(off, 2)) return 0;
  return static_cast<uint16_t>(bytes_[off] | (bytes_[off + 1] << 8));
}

uint16_t ByteReader::be16At(size_t off) {
  if (!check(off, 2)) return 0;
  return static_cast<uint16_t>((bytes_[off] << 8) | bytes_[off + 1]);
}

uint32_t ByteReader::le24At(size_t off) {
  if (!check(off, 3)) return 0;
  return uint32_t{bytes_[off]} | (uint32_t{bytes_[off + 1]} << 8) | (uint32_t{bytes_[off + 2]} << 16);
}

uint32_t ByteReader::be24At(size_t off) {
  if (!check(off, 3)) return 0;
  return (uint32_t{bytes_[off]} << 16) | (uint32_t{bytes_[off + 1]} << 8) | uint32_t{bytes_[off + 2]};
}

uint32_t ByteReader::le32At(size_t off) {
  if (!check(off, 4)) return 0;
  uint32_t v = 0;
  for (size_t i = 4; i-- > 0;) v = (v << 8) | bytes_[off + i];
  return v;
}

uint32_t ByteReader::be32At(size_t off) {
  if (!check(off, 4)) return 0;
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | bytes_[off + i];
  return v;
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

BothEndian16 ByteReader::bothEndian16At(size_t off) {
  if (!check(off, 4)) return {};
  return {le16At(off), be16At(off + 2)};
}

BothEndian32 ByteReader::bothEndian32At(size_t off) {
  if (!check(off, 8)) return {};
  return {le32At(off), be32At(off + 4)};
}

ByteView ByteReader::viewAt(size_t off, size_t len) {
  if (!check(off, len)) return {};
  return bytes_.subspan(off, len);
}

std::string ByteReader::stringAt(size_t off, size_t len) {
  ByteView v = viewAt(off, len);
  return std::string(v.begin(), v.end());
}

Error ByteReader::takeError() {
  if (!failed_) return {};
  failed_ = false;
  return Error(ErrorCode::Truncated, "read of 0x" + hex(failedLength_) + " bytes at +0x" + hex(failedOffset_) +
                                         " past the end of 0x" + hex(bytes_.size()) + " bytes");
}

} // namespace dv
