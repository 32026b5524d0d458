// ByteReader: bounds-checked reads of fields from image bytes, with the byte order explicit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/BothEndian.h"
#include "core/ByteView.h"
#include "core/Error.h"

namespace dv {

/// A field position in the standard's BP columns: 1-based, first and last byte inclusive.
struct BytePos {
  uint32_t first = 1;
  uint32_t last = 1;

  constexpr uint32_t offset() const { return first - 1; }
  constexpr uint32_t length() const { return last - first + 1; }
};

/// Reads fields out of a ByteView. A read outside the view returns 0 (or an empty view) and sets a
/// sticky error, checked once after a group of reads with takeError(). Not thread-safe; cheap to copy.
class ByteReader {
public:
  explicit ByteReader(ByteView bytes) : bytes_(bytes) {}

  size_t size() const { return bytes_.size(); }
  ByteView bytes() const { return bytes_; }

  // Fields addressed by BP columns (1-based, inclusive), as the standards write them.
  uint8_t u8(BytePos p) { return u8At(p.offset()); }
  uint16_t le16(BytePos p) { return le16At(p.offset()); }
  uint16_t be16(BytePos p) { return be16At(p.offset()); }
  uint32_t le32(BytePos p) { return le32At(p.offset()); }
  uint32_t be32(BytePos p) { return be32At(p.offset()); }
  BothEndian16 bothEndian16(BytePos p) { return bothEndian16At(p.offset()); }
  BothEndian32 bothEndian32(BytePos p) { return bothEndian32At(p.offset()); }
  ByteView view(BytePos p) { return viewAt(p.offset(), p.length()); }

  // Fields addressed by 0-based offset, for formats that are documented that way. The short reads
  // are inline: a parser of a 10,000-file tree makes about half a million of them.
  uint8_t u8At(size_t off) { return check(off, 1) ? bytes_[off] : 0; }
  uint16_t le16At(size_t off) { return check(off, 2) ? static_cast<uint16_t>(bytes_[off] | (bytes_[off + 1] << 8)) : 0; }
  uint16_t be16At(size_t off) { return check(off, 2) ? static_cast<uint16_t>((bytes_[off] << 8) | bytes_[off + 1]) : 0; }
  uint32_t le24At(size_t off);
  uint32_t be24At(size_t off);
  uint32_t le32At(size_t off) { return check(off, 4) ? le32Unchecked(off) : 0; }
  uint32_t be32At(size_t off) { return check(off, 4) ? be32Unchecked(off) : 0; }
  uint64_t le64At(size_t off);
  uint64_t be64At(size_t off);
  /// 4 bytes: LE then BE (ECMA-119 7.2.3)
  BothEndian16 bothEndian16At(size_t off) {
    if (!check(off, 4)) return {};
    return {static_cast<uint16_t>(bytes_[off] | (bytes_[off + 1] << 8)), static_cast<uint16_t>((bytes_[off + 2] << 8) | bytes_[off + 3])};
  }
  /// 8 bytes: LE then BE (ECMA-119 7.3.3)
  BothEndian32 bothEndian32At(size_t off) {
    if (!check(off, 8)) return {};
    return {le32Unchecked(off), be32Unchecked(off + 4)};
  }
  ByteView viewAt(size_t off, size_t len) { return check(off, len) ? bytes_.subspan(off, len) : ByteView{}; }
  /// The bytes as a string, unchanged (no trimming, no decoding).
  std::string stringAt(size_t off, size_t len);

  /// Whether [off, off + len) lies inside the view; never sets the error.
  bool fits(size_t off, size_t len) const { return off <= bytes_.size() && len <= bytes_.size() - off; }

  /// Returns the first out-of-bounds read since the last call (and clears it), or no error.
  Error takeError() { return failed_ ? takeFailure() : Error{}; }

private:
  bool check(size_t off, size_t len) { return fits(off, len) || fail(off, len); }
  /// Records the first out-of-bounds read; returns false.
  bool fail(size_t off, size_t len);
  Error takeFailure();
  uint32_t le32Unchecked(size_t off) const {
    return uint32_t{bytes_[off]} | (uint32_t{bytes_[off + 1]} << 8) | (uint32_t{bytes_[off + 2]} << 16) | (uint32_t{bytes_[off + 3]} << 24);
  }
  uint32_t be32Unchecked(size_t off) const {
    return (uint32_t{bytes_[off]} << 24) | (uint32_t{bytes_[off + 1]} << 16) | (uint32_t{bytes_[off + 2]} << 8) | uint32_t{bytes_[off + 3]};
  }

  ByteView bytes_;
  bool failed_ = false;
  size_t failedOffset_ = 0;
  size_t failedLength_ = 0;
};

} // namespace dv
