// Text helpers shared by every folder: hex digits, human sizes, size parsing, trimming.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ByteView.h"

namespace dv {

/// Lower-case hex of a number, no prefix, no padding: hex(255) == "ff".
std::string hex(uint64_t value);
/// Lower-case hex of bytes, two digits each.
std::string hexBytes(ByteView bytes);
/// Parses lower- or upper-case hex into bytes; nullopt on an odd length or a non-hex digit.
std::optional<std::string> parseHexBytes(std::string_view text);
/// "1.5 GiB", "700 MiB", "512 B": binary units, one decimal.
std::string humanBytes(uint64_t bytes);
/// Parses "4096", "64KiB", "64 MiB", "2GiB", "1k", "8M" (binary multiples); nullopt when malformed or too large.
std::optional<uint64_t> parseSize(std::string_view text);
/// The text without leading and trailing spaces (0x20) and NULs.
std::string_view trimSpaces(std::string_view text);
/// Appends the UTF-8 encoding of code point `cp` (callers pass values up to U+10FFFF).
void appendUtf8(std::string& out, uint32_t cp);
/// Valid UTF-8 for reports: invalid sequences and C0/DEL control characters become \xNN escapes.
std::string utf8Safe(std::string_view raw);
/// Replaces bytes that are not printable ASCII with \xNN escapes, for messages about raw identifiers.
std::string printable(std::string_view raw);

} // namespace dv
