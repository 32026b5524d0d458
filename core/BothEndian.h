// BothEndian<T>: a both-byte-order field (ECMA-119 7.2.3, 7.3.3) with both halves kept as found.
#pragma once

#include <cstdint>

namespace dv {

/// Both halves of a both-byte field. value() is the little-endian half, which readers use;
/// a rule compares the halves with consistent().
template <typename T> struct BothEndian {
  T le{};
  T be{};

  T value() const { return le; }
  bool consistent() const { return le == be; }
  friend bool operator==(const BothEndian&, const BothEndian&) = default;
};

using BothEndian16 = BothEndian<uint16_t>;
using BothEndian32 = BothEndian<uint32_t>;

} // namespace dv
