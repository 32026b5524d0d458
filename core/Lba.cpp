// Lba and Msf conversions.
#include "core/Lba.h"

#include <cstdio>

namespace dv {

std::string Msf::text() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u:%02u:%02u", unsigned{minute}, unsigned{second}, unsigned{frame});
  return buf;
}

std::optional<Msf> msfFromFrames(int32_t frames) {
  if (frames < 0 || frames >= 100 * 60 * kFramesPerSecond) return std::nullopt;
  Msf m;
  m.minute = static_cast<uint8_t>(frames / (60 * kFramesPerSecond));
  m.second = static_cast<uint8_t>((frames / kFramesPerSecond) % 60);
  m.frame = static_cast<uint8_t>(frames % kFramesPerSecond);
  return m;
}

std::optional<Msf> msfFromLba(int32_t lba) {
  if (lba >= -kMsfOffset) return msfFromFrames(lba + kMsfOffset);
  // Lead-in and pregap addresses before 00:00:00 are written from minute 90 on.
  if (lba < -45000) return std::nullopt;
  return msfFromFrames(lba + 450150);
}

std::optional<uint8_t> fromBcd(uint8_t bcd) {
  if ((bcd >> 4) > 9 || (bcd & 0xF) > 9) return std::nullopt;
  return static_cast<uint8_t>((bcd >> 4) * 10 + (bcd & 0xF));
}

uint8_t toBcd(uint8_t value) { return static_cast<uint8_t>(((value / 10) << 4) | (value % 10)); }

} // namespace dv
