// ByteView and ByteRange: read-only views of image bytes and half-open byte ranges of an image.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace dv {

/// A read-only view of bytes. Never owns.
using ByteView = std::span<const uint8_t>;
/// A writable view of bytes. Never owns.
using MutableByteView = std::span<uint8_t>;

/// A half-open range of bytes [offset, offset + length) in an image.
struct ByteRange {
  uint64_t offset = 0;
  uint64_t length = 0;

  uint64_t end() const { return offset + length; }
  bool empty() const { return length == 0; }
  bool contains(uint64_t pos) const { return pos >= offset && pos - offset < length; }
  bool overlaps(const ByteRange& o) const { return offset < o.end() && o.offset < end(); }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

/// Adds two sizes; returns false (and leaves out untouched) when the sum would wrap.
inline bool checkedAdd(uint64_t a, uint64_t b, uint64_t& out) {
  if (a > UINT64_MAX - b) return false;
  out = a + b;
  return true;
}

/// Multiplies two sizes; returns false (and leaves out untouched) when the product would wrap.
inline bool checkedMul(uint64_t a, uint64_t b, uint64_t& out) {
  if (a != 0 && b > UINT64_MAX / a) return false;
  out = a * b;
  return true;
}

} // namespace dv
