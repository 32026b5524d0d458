// Sector: EDC, P/Q ECC, scrambling, header checks and the raw sector encoder (cd-layouts.md §1).
#include "analyzer/cd/Sector.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define DV_EDC_CLMUL 1
#endif

namespace dv::analyzer::cd {
namespace {

// §1.4: the generator x^32+x^31+x^16+x^15+x^4+x^3+x+1 processed LSB first is 0xD8018001.
constexpr uint32_t kEdcPolyReflected = 0xD8018001u;

// t[0] is the byte-at-a-time table; t[k][i] advances t[k-1][i] by one more zero byte, so eight
// bytes are folded in per step ("slicing by 8"), with the same result as the byte loop.
struct EdcTable {
  std::array<std::array<uint32_t, 256>, 8> t{};
  constexpr EdcTable() {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int b = 0; b < 8; ++b) c = (c >> 1) ^ ((c & 1u) ? kEdcPolyReflected : 0u);
      t[0][i] = c;
    }
    for (size_t k = 1; k < 8; ++k)
      for (uint32_t i = 0; i < 256; ++i) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFFu];
  }
};
constexpr EdcTable kEdc;

uint32_t edcTable(uint32_t crc, const uint8_t* p, size_t n);

#ifdef DV_EDC_CLMUL
// Folding with carry-less multiplication (Intel, "Fast CRC Computation for Generic Polynomials Using
// PCLMULQDQ", 2009, the bit-reflected case): a 128-bit block D bits ahead of the rest of the message
// is replaced by its low 64 bits times x^(D+32) mod P plus its high 64 bits times x^(D-32) mod P,
// which leaves the CRC unchanged. The constants are those remainders bit-reflected and shifted left
// by one (the reflected product lands one bit low); the same formula gives the published constants
// of the zlib polynomial. The last 128 bits and the tail go through the table: no Barrett step.
constexpr uint32_t reflect32(uint32_t v) {
  uint32_t r = 0;
  for (int i = 0; i < 32; ++i) r |= ((v >> i) & 1u) << (31 - i);
  return r;
}
constexpr uint64_t foldConstant(unsigned power) {
  const uint32_t poly = reflect32(kEdcPolyReflected); // the generator in normal bit order
  uint32_t r = 1;
  for (unsigned i = 0; i < power; ++i) r = (r & 0x80000000u) ? (r << 1) ^ poly : r << 1;
  return uint64_t{reflect32(r)} << 1;
}
constexpr uint64_t kFold4Lo = foldConstant(4 * 128 + 32), kFold4Hi = foldConstant(4 * 128 - 32);
constexpr uint64_t kFold1Lo = foldConstant(128 + 32), kFold1Hi = foldConstant(128 - 32);

__attribute__((target("pclmul,sse2"))) inline __m128i fold(__m128i x, __m128i k) {
  return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

__attribute__((target("pclmul,sse2"))) inline __m128i load(const uint8_t* p) {
  __m128i v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

/// At least 64 bytes.
__attribute__((target("pclmul,sse2"))) uint32_t edcClmul(uint32_t crc, const uint8_t* p, size_t n) {
  const __m128i k4 = _mm_set_epi64x(static_cast<long long>(kFold4Hi), static_cast<long long>(kFold4Lo));
  const __m128i k1 = _mm_set_epi64x(static_cast<long long>(kFold1Hi), static_cast<long long>(kFold1Lo));
  // The running CRC joins the first four bytes (a reflected CRC without inversion is linear).
  __m128i x0 = _mm_xor_si128(load(p), _mm_cvtsi32_si128(static_cast<int>(crc)));
  __m128i x1 = load(p + 16), x2 = load(p + 32), x3 = load(p + 48);
  p += 64;
  n -= 64;
  for (; n >= 64; p += 64, n -= 64) {
    x0 = _mm_xor_si128(fold(x0, k4), load(p));
    x1 = _mm_xor_si128(fold(x1, k4), load(p + 16));
    x2 = _mm_xor_si128(fold(x2, k4), load(p + 32));
    x3 = _mm_xor_si128(fold(x3, k4), load(p + 48));
  }
  __m128i x = _mm_xor_si128(fold(x0, k1), x1);
  x = _mm_xor_si128(fold(x, k1), x2);
  x = _mm_xor_si128(fold(x, k1), x3);
  for (; n >= 16; p += 16, n -= 16) x = _mm_xor_si128(fold(x, k1), load(p));
  uint8_t last[16];
  std::memcpy(last, &x, sizeof last);
  return edcTable(edcTable(0, last, sizeof last), p, n);
}

bool hasClmul() {
  static const bool has = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse2");
  return has;
}
#endif

// §1.5: GF(2^8) with x^8+x^4+x^3+x^2+1 (0x11D), alpha = 2.
struct Gf {
  std::array<uint8_t, 256> log{};
  std::array<uint8_t, 512> exp{};
  constexpr Gf() {
    uint32_t x = 1;
    for (uint32_t i = 0; i < 255; ++i) {
      exp[i] = static_cast<uint8_t>(x);
      exp[i + 255] = static_cast<uint8_t>(x);
      log[x] = static_cast<uint8_t>(i);
      x <<= 1;
      if (x & 0x100u) x ^= 0x11Du;
    }
  }
  constexpr uint8_t mul(uint8_t a, uint8_t b) const {
    if (a == 0 || b == 0) return 0;
    return exp[log[a] + log[b]];
  }
  constexpr uint8_t div(uint8_t a, uint8_t b) const {
    if (a == 0) return 0;
    return exp[log[a] + 255 - log[b]];
  }
};
constexpr Gf kGf;

inline uint8_t mulAlpha(uint8_t x) {
  return static_cast<uint8_t>((x << 1) ^ ((x & 0x80u) ? 0x1Du : 0u));
}

// The same without a branch, so loops over many symbols vectorize.
inline uint8_t mulAlphaBranchless(uint8_t x) {
  return static_cast<uint8_t>((x << 1) ^ ((x >> 7) * 0x1Du));
}

// Word n of the 1170-word array over bytes 12-2351, in plane p (§1.5).
inline size_t byteOf(size_t word, size_t plane) { return 12 + 2 * word + plane; }

constexpr size_t kPColumns = 43, kPRows = 24;   // (26,24) code
constexpr size_t kQDiagonals = 26, kQLength = 43; // (45,43) code

size_t pWord(size_t column, size_t row) { return 43 * row + column; }
size_t qWord(size_t diagonal, size_t k) { return (44 * k + 43 * diagonal) % 1118; }

// The two check symbols of a vector whose data symbols are produced by `at(i)`, i < dataCount.
template <typename At> std::pair<uint8_t, uint8_t> checkSymbols(size_t dataCount, At at) {
  uint8_t s0 = 0, h = 0;
  for (size_t i = 0; i < dataCount; ++i) {
    const uint8_t v = at(i);
    s0 ^= v;
    h = static_cast<uint8_t>(mulAlpha(h) ^ v);
  }
  // h = sum alpha^(m-3-i) v_i; the code needs sum alpha^(m-1-i) v_i = alpha^2 h.
  const uint8_t s1 = mulAlpha(mulAlpha(h));
  const uint8_t first = kGf.div(static_cast<uint8_t>(s0 ^ s1), 3); // alpha + 1 = 3
  return {first, static_cast<uint8_t>(s0 ^ first)};
}

uint32_t le32(ByteView b, size_t off) {
  return uint32_t{b[off]} | (uint32_t{b[off + 1]} << 8) | (uint32_t{b[off + 2]} << 16) | (uint32_t{b[off + 3]} << 24);
}

void putLe32(MutableByteView b, size_t off, uint32_t v) {
  for (size_t i = 0; i < 4; ++i) b[off + i] = static_cast<uint8_t>(v >> (8 * i));
}

bool allZero(ByteView b) {
  return std::all_of(b.begin(), b.end(), [](uint8_t x) { return x == 0; });
}

std::array<uint8_t, kScrambledSize> makeScrambleTable() {
  std::array<uint8_t, kScrambledSize> t{};
  uint32_t reg = 1;
  for (size_t i = 0; i < t.size(); ++i) {
    uint8_t byte = 0;
    for (int b = 0; b < 8; ++b) {
      const uint32_t out = reg & 1u;
      byte = static_cast<uint8_t>(byte | (out << b));
      const uint32_t feedback = (reg ^ (reg >> 1)) & 1u;
      reg = (reg >> 1) | (feedback << 14);
    }
    t[i] = byte;
  }
  return t;
}

} // namespace

bool hasSync(ByteView sector) {
  return sector.size() >= kSync.size() && std::memcmp(sector.data(), kSync.data(), kSync.size()) == 0;
}

namespace {

uint32_t edcTable(uint32_t crc, const uint8_t* p, size_t n) {
  const ByteView bytes(p, n);
  const auto& t = kEdc.t;
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    const uint32_t one = crc ^ le32(bytes, i);
    const uint32_t two = le32(bytes, i + 4);
    crc = t[7][one & 0xFFu] ^ t[6][(one >> 8) & 0xFFu] ^ t[5][(one >> 16) & 0xFFu] ^ t[4][one >> 24] ^ t[3][two & 0xFFu] ^
          t[2][(two >> 8) & 0xFFu] ^ t[1][(two >> 16) & 0xFFu] ^ t[0][two >> 24];
  }
  for (; i < bytes.size(); ++i) crc = t[0][(crc ^ bytes[i]) & 0xFFu] ^ (crc >> 8);
  return crc;
}

} // namespace

uint32_t edcUpdate(uint32_t crc, ByteView bytes) {
#ifdef DV_EDC_CLMUL
  if (bytes.size() >= 64 && hasClmul()) return edcClmul(crc, bytes.data(), bytes.size());
#endif
  return edcTable(crc, bytes.data(), bytes.size());
}

uint32_t edcUpdateTable(uint32_t crc, ByteView bytes) { return edcTable(crc, bytes.data(), bytes.size()); }

void writeEccP(MutableByteView sector) {
  assert(sector.size() >= kRawSectorSize);
  const ByteView in(sector.data(), sector.size());
  for (size_t plane = 0; plane < 2; ++plane)
    for (size_t c = 0; c < kPColumns; ++c) {
      auto [p0, p1] = checkSymbols(kPRows, [&](size_t r) { return in[byteOf(pWord(c, r), plane)]; });
      sector[byteOf(1032 + c, plane)] = p0;
      sector[byteOf(1075 + c, plane)] = p1;
    }
}

void writeEccQ(MutableByteView sector) {
  assert(sector.size() >= kRawSectorSize);
  const ByteView in(sector.data(), sector.size());
  for (size_t plane = 0; plane < 2; ++plane)
    for (size_t d = 0; d < kQDiagonals; ++d) {
      auto [q0, q1] = checkSymbols(kQLength, [&](size_t k) { return in[byteOf(qWord(d, k), plane)]; });
      sector[byteOf(1118 + d, plane)] = q0;
      sector[byteOf(1144 + d, plane)] = q1;
    }
}

bool eccPValid(ByteView sector, bool zeroHeader) {
  if (sector.size() < kRawSectorSize) return false;
  // Every P vector at once: the bytes of row r of all 86 vectors (43 columns x 2 planes) are the 86
  // consecutive bytes at 12 + 86r (word 43r + c, plane p -> byte 12 + 86r + 2c + p); rows 24 and 25
  // are the checks. Both parity sums are kept per vector (Horner form for the weighted one).
  constexpr size_t kWidth = 2 * kPColumns;
  std::array<uint8_t, kWidth> s0{}, h{};
  std::array<uint8_t, kWidth> row{};
  for (size_t r = 0; r < kPRows + 2; ++r) {
    std::memcpy(row.data(), sector.data() + 12 + kWidth * r, kWidth);
    if (zeroHeader && r == 0) std::fill_n(row.begin(), 4, uint8_t{0}); // Mode 2 Form 1: header taken as 00
    for (size_t k = 0; k < kWidth; ++k) {
      s0[k] ^= row[k];
      h[k] = static_cast<uint8_t>(mulAlphaBranchless(h[k]) ^ row[k]);
    }
  }
  uint8_t any = 0;
  for (size_t k = 0; k < kWidth; ++k) any = static_cast<uint8_t>(any | s0[k] | h[k]);
  return any == 0;
}

bool eccQValid(ByteView sector, bool zeroHeader) {
  if (sector.size() < kRawSectorSize) return false;
  // Every Q vector at once: position k of diagonal d is word (44k + 43d) mod 1118 (k < 43), then the
  // checks 1118 + d and 1144 + d; both planes of a word are adjacent bytes.
  static const auto offsets = [] {
    std::array<std::array<uint16_t, kQDiagonals>, kQLength + 2> o{};
    for (size_t k = 0; k < kQLength + 2; ++k)
      for (size_t d = 0; d < kQDiagonals; ++d) {
        const size_t word = k < kQLength ? qWord(d, k) : (k == kQLength ? 1118 + d : 1144 + d);
        o[k][d] = static_cast<uint16_t>(byteOf(word, 0));
      }
    return o;
  }();
  std::array<uint8_t, kRawSectorSize> copy;
  const uint8_t* bytes = sector.data();
  if (zeroHeader) { // Mode 2 Form 1: header taken as 00
    std::memcpy(copy.data(), sector.data(), kRawSectorSize);
    std::fill_n(copy.begin() + 12, 4, uint8_t{0});
    bytes = copy.data();
  }
  constexpr size_t kWidth = 2 * kQDiagonals;
  std::array<uint8_t, kWidth> s0{}, h{}, row{};
  for (size_t k = 0; k < kQLength + 2; ++k) {
    for (size_t d = 0; d < kQDiagonals; ++d) std::memcpy(row.data() + 2 * d, bytes + offsets[k][d], 2);
    for (size_t j = 0; j < kWidth; ++j) {
      s0[j] ^= row[j];
      h[j] = static_cast<uint8_t>(mulAlphaBranchless(h[j]) ^ row[j]);
    }
  }
  uint8_t any = 0;
  for (size_t j = 0; j < kWidth; ++j) any = static_cast<uint8_t>(any | s0[j] | h[j]);
  return any == 0;
}

const std::array<uint8_t, kScrambledSize>& scrambleTable() {
  static const std::array<uint8_t, kScrambledSize> table = makeScrambleTable();
  return table;
}

void scramble(MutableByteView sector) {
  assert(sector.size() >= kRawSectorSize);
  const auto& t = scrambleTable();
  for (size_t i = 0; i < kScrambledSize; ++i) sector[12 + i] ^= t[i];
}

SectorHeader readHeader(ByteView sector) {
  SectorHeader h;
  if (sector.size() < 16) return h;
  h.modeByte = sector[15];
  auto m = fromBcd(sector[12]);
  auto s = fromBcd(sector[13]);
  auto f = fromBcd(sector[14]);
  if (m && s && f && *s < 60 && *f < kFramesPerSecond) {
    h.msf = Msf{*m, *s, *f};
    h.bcdValid = true;
  }
  return h;
}

SectorCheck checkSector(ByteView sector, int32_t expectedLba) {
  SectorCheck r;
  if (sector.size() < kRawSectorSize) return r;
  r.sync = hasSync(sector);
  if (!r.sync) return r;
  const SectorHeader h = readHeader(sector);
  r.headerBcd = h.bcdValid;
  r.address = h.bcdValid && h.msf.lba() == expectedLba;
  r.modeByte = h.modeByte;
  r.modeReserved = (h.modeByte & 0xFCu) != 0;
  if (r.modeReserved) return r; // link/run-in/run-out blocks are reported, not decoded (§1.2)
  switch (h.mode()) {
  case 0:
    r.mode0NonZero = !allZero(sector.subspan(16, kMode2Size));
    break;
  case 1:
    // Mode 1: EDC over bytes 0-2063, eight zero bytes, then P and Q over the recorded header.
    r.edc = edc(sector.first(2064)) == le32(sector, 2064);
    r.zeroField = allZero(sector.subspan(2068, 8));
    r.eccP = eccPValid(sector, false);
    r.eccQ = eccQValid(sector, false);
    break;
  case 2: {
    r.subheaderCopies = std::memcmp(sector.data() + 16, sector.data() + 20, 4) == 0;
    r.form2 = (sector[18] & kSubmodeForm2) != 0;
    if (!r.form2) {
      r.edc = edc(sector.subspan(16, 2056)) == le32(sector, 2072);
      r.eccP = eccPValid(sector, true);
      r.eccQ = eccQValid(sector, true);
    } else {
      const uint32_t stored = le32(sector, 2348);
      r.edcZero = stored == 0;
      r.edc = r.edcZero || edc(sector.subspan(16, 2332)) == stored;
    }
    break;
  }
  default:
    break;
  }
  return r;
}

void writeSyncAndHeader(MutableByteView sector, int32_t lba, uint8_t mode) {
  assert(sector.size() >= kRawSectorSize);
  std::copy(kSync.begin(), kSync.end(), sector.begin());
  const Msf msf = msfFromLba(lba).value_or(Msf{});
  sector[12] = toBcd(msf.minute);
  sector[13] = toBcd(msf.second);
  sector[14] = toBcd(msf.frame);
  sector[15] = mode;
}

void encodeMode1(MutableByteView sector, int32_t lba, ByteView user) {
  assert(sector.size() >= kRawSectorSize && user.size() >= kUserDataSize);
  writeSyncAndHeader(sector, lba, 1);
  std::copy_n(user.begin(), kUserDataSize, sector.begin() + 16);
  putLe32(sector, 2064, edc(ByteView(sector.data(), 2064)));
  std::fill_n(sector.begin() + 2068, 8, uint8_t{0});
  writeEccP(sector);
  writeEccQ(sector);
}

void encodeMode2Form1(MutableByteView sector, int32_t lba, std::array<uint8_t, 4> subheader, ByteView user) {
  assert(sector.size() >= kRawSectorSize && user.size() >= kUserDataSize);
  subheader[2] = static_cast<uint8_t>(subheader[2] & ~kSubmodeForm2);
  writeSyncAndHeader(sector, lba, 2);
  std::copy(subheader.begin(), subheader.end(), sector.begin() + 16);
  std::copy(subheader.begin(), subheader.end(), sector.begin() + 20);
  std::copy_n(user.begin(), kUserDataSize, sector.begin() + 24);
  putLe32(sector, 2072, edc(ByteView(sector.data() + 16, 2056)));
  // §1.5: Form 1 parity is computed with the header taken as zero, then the header is restored.
  std::array<uint8_t, 4> header{};
  std::copy_n(sector.begin() + 12, 4, header.begin());
  std::fill_n(sector.begin() + 12, 4, uint8_t{0});
  writeEccP(sector);
  writeEccQ(sector);
  std::copy(header.begin(), header.end(), sector.begin() + 12);
}

void encodeMode2Form2(MutableByteView sector, int32_t lba, std::array<uint8_t, 4> subheader, ByteView user) {
  assert(sector.size() >= kRawSectorSize && user.size() >= kForm2UserSize);
  subheader[2] = static_cast<uint8_t>(subheader[2] | kSubmodeForm2);
  writeSyncAndHeader(sector, lba, 2);
  std::copy(subheader.begin(), subheader.end(), sector.begin() + 16);
  std::copy(subheader.begin(), subheader.end(), sector.begin() + 20);
  std::copy_n(user.begin(), kForm2UserSize, sector.begin() + 24);
  putLe32(sector, 2348, edc(ByteView(sector.data() + 16, 2332)));
}

void encodeMode0(MutableByteView sector, int32_t lba) {
  assert(sector.size() >= kRawSectorSize);
  writeSyncAndHeader(sector, lba, 0);
  std::fill(sector.begin() + 16, sector.begin() + kRawSectorSize, uint8_t{0});
}

} // namespace dv::analyzer::cd
