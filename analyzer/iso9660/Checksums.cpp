// Checksums: table-driven CRC-32 (reflected) and CRC-16 (MSB first).
#include "analyzer/iso9660/Checksums.h"

#include <array>

namespace dv::analyzer {
namespace {

constexpr std::array<uint32_t, 256> makeCrc32Table() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1U) ? (0xEDB88320U ^ (c >> 1)) : (c >> 1);
    t[i] = c;
  }
  return t;
}

constexpr std::array<uint16_t, 256> makeCrc16Table() {
  std::array<uint16_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i << 8;
    for (int k = 0; k < 8; ++k) c = (c & 0x8000U) ? ((c << 1) ^ 0x1021U) : (c << 1);
    t[i] = static_cast<uint16_t>(c);
  }
  return t;
}

constexpr auto kCrc32Table = makeCrc32Table();
constexpr auto kCrc16Table = makeCrc16Table();

} // namespace

uint32_t crc32Gpt(ByteView bytes) {
  uint32_t c = 0xFFFFFFFFU;
  for (uint8_t b : bytes) c = kCrc32Table[(c ^ b) & 0xFFU] ^ (c >> 8);
  return c ^ 0xFFFFFFFFU;
}

uint16_t crc16Udf(ByteView bytes) {
  uint16_t c = 0;
  for (uint8_t b : bytes) c = static_cast<uint16_t>((c << 8) ^ kCrc16Table[((c >> 8) ^ b) & 0xFFU]);
  return c;
}

} // namespace dv::analyzer
