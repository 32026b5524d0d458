// Sector: the raw CD sector layer of ECMA-130 and CD-ROM XA (cd-layouts.md §1): sync, header,
// subheader, EDC, P/Q ECC, scrambling, and an encoder that builds raw sectors from user data.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "core/ByteView.h"
#include "core/Lba.h"

namespace dv::analyzer::cd {

inline constexpr uint32_t kRawSectorSize = 2352;    ///< main channel bytes per sector (§1.1)
inline constexpr uint32_t kSubchannelSize = 96;     ///< P-W sub-channel bytes per sector
inline constexpr uint32_t kRawSubSectorSize = 2448; ///< raw sector followed by its sub-channel
inline constexpr uint32_t kUserDataSize = 2048;     ///< Mode 1 / Mode 2 Form 1 user data
inline constexpr uint32_t kMode2Size = 2336;        ///< Mode 2 bytes after the header
inline constexpr uint32_t kForm2UserSize = 2324;    ///< Mode 2 Form 2 user data
inline constexpr uint32_t kScrambledSize = 2340;    ///< bytes 12-2351 that the scrambler covers

/// The 12-byte sync pattern at the start of every data sector (§1.1).
inline constexpr std::array<uint8_t, 12> kSync{0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                               0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};

/// True when `sector` starts with the sync pattern. Thread-safe.
bool hasSync(ByteView sector);

/// Continues the EDC (§1.4, CRC-32 with polynomial 0x8001801B processed LSB first, initial 0, no
/// final XOR) over `bytes` from `crc`. Thread-safe.
uint32_t edcUpdate(uint32_t crc, ByteView bytes);
/// The same with the table method only (what edcUpdate falls back to without PCLMULQDQ); for tests.
uint32_t edcUpdateTable(uint32_t crc, ByteView bytes);
/// The EDC of `bytes`. edc("123456789") == 0x6EC2EDC4.
inline uint32_t edc(ByteView bytes) { return edcUpdate(0, bytes); }

/// Writes P parity (bytes 2076-2247) of a 2352-byte sector from bytes 12-2075 (§1.5).
void writeEccP(MutableByteView sector);
/// Writes Q parity (bytes 2248-2351) of a 2352-byte sector from bytes 12-2247 (§1.5).
void writeEccQ(MutableByteView sector);
/// Whether the P code words of a 2352-byte sector verify. `zeroHeader` treats bytes 12-15 as 00
/// (Mode 2 Form 1). Thread-safe.
bool eccPValid(ByteView sector, bool zeroHeader);
/// Whether the Q code words of a 2352-byte sector verify (see eccPValid).
bool eccQValid(ByteView sector, bool zeroHeader);

/// The 2340-byte scrambling sequence of ECMA-130 Annex B (§1.6).
const std::array<uint8_t, kScrambledSize>& scrambleTable();
/// XORs bytes 12-2351 of a 2352-byte sector with the scrambling sequence (its own inverse).
void scramble(MutableByteView sector);

/// The address and mode of a raw data sector header (bytes 12-15).
struct SectorHeader {
  Msf msf;              ///< as decoded from BCD; valid only when bcdValid
  bool bcdValid = false; ///< every nibble 0-9, second < 60, frame < 75
  uint8_t modeByte = 0;  ///< byte 15 as stored
  uint8_t mode() const { return modeByte & 0x03; }
};

/// Reads the header of a raw sector (at least 16 bytes). Thread-safe.
SectorHeader readHeader(ByteView sector);

/// The submode bit of the XA subheader that selects Form 2 (§1.3).
inline constexpr uint8_t kSubmodeForm2 = 0x20;

/// What checking one raw 2352-byte data sector established (§1.2-§1.5, rules CD-SEC-001..005).
struct SectorCheck {
  bool sync = false;          ///< CD-SEC-001
  bool headerBcd = false;     ///< CD-SEC-002: header MSF is valid BCD
  bool address = false;       ///< CD-SEC-002: header MSF equals the expected LBA
  uint8_t modeByte = 0;       ///< CD-SEC-003
  bool modeReserved = false;  ///< upper bits of the mode byte set (packet writing link blocks)
  bool mode0NonZero = false;  ///< CD-SEC-003: Mode 0 payload not all zero
  bool form2 = false;         ///< Mode 2 sector whose subheader selects Form 2
  bool subheaderCopies = true; ///< CD-SEC-005: bytes 16-19 equal 20-23 (Mode 2)
  bool edc = true;            ///< CD-SEC-004/005: stored EDC matches (Form 2: or is all zero)
  bool edcZero = false;       ///< Form 2 EDC stored as 00 00 00 00 (not computed)
  bool zeroField = true;      ///< CD-SEC-004: Mode 1 bytes 2068-2075 all zero
  bool eccP = true;           ///< CD-SEC-004/005: P parity verifies
  bool eccQ = true;           ///< CD-SEC-004/005: Q parity verifies
  /// Whether the sector's error-detection and correction bytes are all right.
  bool codesOk() const { return edc && eccP && eccQ; }
};

/// Checks one raw 2352-byte data sector that should sit at `expectedLba`. Without sync the other
/// checks are not made. Thread-safe.
SectorCheck checkSector(ByteView sector, int32_t expectedLba);

/// Writes sync and header (mode byte `mode`) for `lba` into a 2352-byte sector.
void writeSyncAndHeader(MutableByteView sector, int32_t lba, uint8_t mode);
/// Builds a raw Mode 1 sector at `lba` from 2048 bytes of user data.
void encodeMode1(MutableByteView sector, int32_t lba, ByteView user);
/// Builds a raw Mode 2 XA Form 1 sector from a 4-byte subheader (written twice; the Form 2 bit is
/// cleared) and 2048 bytes of user data.
void encodeMode2Form1(MutableByteView sector, int32_t lba, std::array<uint8_t, 4> subheader, ByteView user);
/// Builds a raw Mode 2 XA Form 2 sector from a subheader (the Form 2 bit is set) and 2324 bytes.
void encodeMode2Form2(MutableByteView sector, int32_t lba, std::array<uint8_t, 4> subheader, ByteView user);
/// Builds a raw Mode 0 sector (payload all zero).
void encodeMode0(MutableByteView sector, int32_t lba);

} // namespace dv::analyzer::cd
