// Lba and Msf: CD addressing (ECMA-130 §14.3; cd-layouts.md §2). LBA 0 is MSF 00:02:00.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dv {

/// Sectors per second and the 150-sector offset between LBA 0 and MSF 00:02:00.
inline constexpr int32_t kFramesPerSecond = 75;
inline constexpr int32_t kMsfOffset = 150;

/// A minute:second:frame address as written in headers (BCD) and description files (decimal).
struct Msf {
  uint8_t minute = 0;
  uint8_t second = 0;
  uint8_t frame = 0;

  /// The frame count M*60*75 + S*75 + F (no 150 offset): the form used for lengths.
  int32_t frames() const { return (minute * 60 + second) * kFramesPerSecond + frame; }
  /// The LBA this absolute address denotes: frames - 150, or frames - 450150 for minutes >= 90.
  int32_t lba() const { return minute >= 90 ? frames() - 450150 : frames() - kMsfOffset; }
  /// "mm:ss:ff" with two digits each.
  std::string text() const;
  friend bool operator==(const Msf&, const Msf&) = default;
};

/// The absolute MSF of an LBA (negative LBAs map to minutes >= 90); nullopt when out of range.
std::optional<Msf> msfFromLba(int32_t lba);
/// The MSF of a frame count (a length); nullopt when minutes would exceed 99.
std::optional<Msf> msfFromFrames(int32_t frames);
/// Decodes a BCD byte (0x59 -> 59); nullopt when a nibble is above 9.
std::optional<uint8_t> fromBcd(uint8_t bcd);
/// Encodes 0..99 as BCD.
uint8_t toBcd(uint8_t value);

} // namespace dv
