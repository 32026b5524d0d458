// Extended attribute record of ECMA-119 9.5, fields as recorded.
#pragma once

#include <cstdint>
#include <string>

#include "analyzer/iso9660/DateTime.h"
#include "core/BothEndian.h"
#include "core/ByteReader.h"
#include "core/Result.h"

namespace dv::analyzer::iso9660 {

constexpr size_t kXarFixedLength = 250; ///< bytes before Application Use (9.5.16 ends at BP 250)

/// The fixed part of an extended attribute record (9.5.1-9.5.16).
struct ExtendedAttributeRecord {
  uint64_t offset = 0;                 ///< byte offset in the image
  BothEndian16 ownerIdentification;
  BothEndian16 groupIdentification;
  uint16_t permissions = 0;            ///< as two bytes, big-endian (byte order unconfirmed, see spec §8.1)
  DigitDateTime fileCreationDateAndTime;
  DigitDateTime fileModificationDateAndTime;
  DigitDateTime fileExpirationDateAndTime;
  DigitDateTime fileEffectiveDateAndTime;
  uint8_t recordFormat = 0;
  uint8_t recordAttributes = 0;
  BothEndian16 recordLength;
  std::string systemIdentifier;
  uint8_t extendedAttributeRecordVersion = 0;
  uint8_t lengthOfEscapeSequences = 0;
  BothEndian16 lengthOfApplicationUse;
};

/// Parses the fixed part from `bytes` (at least 250 bytes). Fails with Truncated otherwise.
Result<ExtendedAttributeRecord> parseExtendedAttributeRecord(ByteView bytes, uint64_t imageOffset);

} // namespace dv::analyzer::iso9660
