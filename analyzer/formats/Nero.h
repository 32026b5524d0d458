// Nero: the Nero .nrg image, whose track tables are a chunk chain at the end of the file
// (cd-layouts.md §3.4). All integers big-endian.
#pragma once

#include <cstdint>
#include <string>

#include "analyzer/cd/Disc.h"
#include "core/ByteView.h"

namespace dv::analyzer::formats {

/// How many bytes at the end of an .nrg the parser reads (the chunk chain must lie inside).
inline constexpr uint64_t kNrgTailBytes = uint64_t{4} << 20;

/// Whether the last bytes of a file (`tail`, the last up to 12 bytes at least) carry an NRG footer.
bool hasNrgFooter(ByteView tail);

/// Parses an .nrg from its last bytes (`tail` = bytes [fileSize - tail.size(), fileSize)). The image
/// file itself holds the sectors. Never fails: problems are SheetIssues (NRG-001, NRG-002).
/// Thread-safe.
cd::Disc parseNero(ByteView tail, uint64_t fileSize, const std::string& path);

} // namespace dv::analyzer::formats
