// Inflate: bounded decompression of one zlib stream (RFC 1950), for checks that need to look
// inside compressed data (zisofs blocks). Boost.Iostreams stays behind this function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/ByteView.h"
#include "core/Result.h"

namespace dv::analyzer {

/// Inflates the zlib stream `compressed`, producing at most `maxOutput` bytes. Fails with Malformed
/// when the stream is corrupt or would inflate to more than `maxOutput` bytes, and with Truncated
/// when the input ends before the end of the stream. Thread-safe.
Result<std::vector<uint8_t>> inflateZlib(ByteView compressed, size_t maxOutput);

/// Compresses `data` as one zlib stream (for tests and tools that build compressed data).
Result<std::vector<uint8_t>> deflateZlib(ByteView data);

} // namespace dv::analyzer
