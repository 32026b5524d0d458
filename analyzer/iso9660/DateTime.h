// Dates of ECMA-119 as recorded: the 17-byte digit form (8.4.26.1) and the 7-byte binary form (9.1.5).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "core/ByteView.h"

namespace dv::analyzer::iso9660 {

/// A 17-byte date and time (ECMA-119 8.4.26.1), kept as recorded.
struct DigitDateTime {
  std::array<uint8_t, 17> raw{};

  /// True when the 16 digits are all '0' and the offset is 0 ("not specified").
  bool unspecified() const;
  /// True when all 17 bytes are 00h (a common substitute for "not specified").
  bool allZero() const;
  /// The calendar fields when all 16 bytes are ASCII digits; nullopt otherwise.
  struct Fields {
    int year, month, day, hour, minute, second, hundredths;
    int gmtOffset; ///< signed, in 15-minute units
  };
  std::optional<Fields> fields() const;
  /// xs:dateTime text ("2024-05-01T12:00:00+02:00") when the fields are in range; nullopt otherwise.
  std::optional<std::string> isoText() const;
  friend bool operator==(const DigitDateTime&, const DigitDateTime&) = default;
};

/// A 7-byte date and time (ECMA-119 9.1.5), kept as recorded.
struct RecordDateTime {
  std::array<uint8_t, 7> raw{};

  /// All seven bytes zero ("not specified").
  bool unspecified() const;
  int year() const { return 1900 + raw[0]; }
  int month() const { return raw[1]; }
  int day() const { return raw[2]; }
  int hour() const { return raw[3]; }
  int minute() const { return raw[4]; }
  int second() const { return raw[5]; }
  int gmtOffset() const { return static_cast<int8_t>(raw[6]); } ///< 15-minute units
  /// True when month, day, hour, minute, second and offset are in their ranges.
  bool inRange() const;
  /// xs:dateTime text when in range and specified; nullopt otherwise.
  std::optional<std::string> isoText() const;
  friend bool operator==(const RecordDateTime&, const RecordDateTime&) = default;
};

/// Copies N bytes of `bytes` (zero-filled past its end) into a raw date.
DigitDateTime digitDateTimeOf(ByteView bytes);
RecordDateTime recordDateTimeOf(ByteView bytes);

} // namespace dv::analyzer::iso9660
