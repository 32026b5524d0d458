// Checksums of on-disc structures: CRC-32 of GPT (UEFI 2.x 5.3.2) and CRC-16 of UDF descriptor
// tags (ECMA-167 3/7.2.6).
#pragma once

#include <cstdint>

#include "core/ByteView.h"

namespace dv::analyzer {

/// CRC-32 as GPT uses it: reflected polynomial 0x04C11DB7, initial and final XOR 0xFFFFFFFF.
/// crc32(of "123456789") == 0xCBF43926. Thread-safe.
uint32_t crc32Gpt(ByteView bytes);
/// CRC-16 of UDF descriptors: polynomial 0x1021, initial 0, not reflected, no final XOR.
/// crc16Udf(of "123456789") == 0x31C3. Thread-safe.
uint16_t crc16Udf(ByteView bytes);

} // namespace dv::analyzer
