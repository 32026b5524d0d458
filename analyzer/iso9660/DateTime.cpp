// Dates of ECMA-119: decoding of the 17-byte and 7-byte forms into calendar fields and xs:dateTime.
#include "analyzer/iso9660/DateTime.h"

#include <fmt/format.h>

#include <algorithm>

namespace dv::analyzer::iso9660 {
namespace {

std::string offsetText(int quarterHours) {
  const int minutes = quarterHours * 15;
  const int a = minutes < 0 ? -minutes : minutes;
  return fmt::format("{}{:02}:{:02}", minutes < 0 ? '-' : '+', a / 60, a % 60);
}

bool inRanges(int month, int day, int hour, int minute, int second, int offset) {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 &&
         second <= 59 && offset >= -48 && offset <= 52;
}

} // namespace

bool DigitDateTime::unspecified() const {
  return std::all_of(raw.begin(), raw.begin() + 16, [](uint8_t b) { return b == '0'; }) && raw[16] == 0;
}

bool DigitDateTime::allZero() const {
  return std::all_of(raw.begin(), raw.end(), [](uint8_t b) { return b == 0; });
}

std::optional<DigitDateTime::Fields> DigitDateTime::fields() const {
  for (size_t i = 0; i < 16; ++i)
    if (raw[i] < '0' || raw[i] > '9') return std::nullopt;
  auto num = [this](size_t at, size_t n) {
    int v = 0;
    for (size_t i = 0; i < n; ++i) v = v * 10 + (raw[at + i] - '0');
    return v;
  };
  return Fields{num(0, 4), num(4, 2), num(6, 2), num(8, 2), num(10, 2), num(12, 2), num(14, 2),
                static_cast<int8_t>(raw[16])};
}

std::optional<std::string> DigitDateTime::isoText() const {
  if (unspecified()) return std::nullopt;
  auto f = fields();
  if (!f || f->year < 1 || !inRanges(f->month, f->day, f->hour, f->minute, f->second, f->gmtOffset))
    return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:02}{}", f->year, f->month, f->day, f->hour,
                     f->minute, f->second, f->hundredths, offsetText(f->gmtOffset));
}

bool RecordDateTime::unspecified() const {
  return std::all_of(raw.begin(), raw.end(), [](uint8_t b) { return b == 0; });
}

bool RecordDateTime::inRange() const {
  return inRanges(month(), day(), hour(), minute(), second(), gmtOffset());
}

std::optional<std::string> RecordDateTime::isoText() const {
  if (unspecified() || !inRange()) return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}", year(), month(), day(), hour(), minute(),
                     second(), offsetText(gmtOffset()));
}

DigitDateTime digitDateTimeOf(ByteView bytes) {
  DigitDateTime d;
  std::copy_n(bytes.begin(), std::min(bytes.size(), d.raw.size()), d.raw.begin());
  return d;
}

RecordDateTime recordDateTimeOf(ByteView bytes) {
  RecordDateTime d;
  std::copy_n(bytes.begin(), std::min(bytes.size(), d.raw.size()), d.raw.begin());
  return d;
}

} // namespace dv::analyzer::iso9660
