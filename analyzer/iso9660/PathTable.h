// Path table of ECMA-119 6.9 and 9.4 (type L little-endian, type M big-endian), records as recorded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ByteView.h"

namespace dv::analyzer::iso9660 {

/// One path table record (9.4), fields as recorded; numbers already in host order.
struct PathTableRecord {
  uint8_t lengthOfDirectoryIdentifier = 0;
  uint8_t extendedAttributeRecordLength = 0;
  uint32_t locationOfExtent = 0;
  uint16_t parentDirectoryNumber = 0;
  std::string directoryIdentifier;     ///< raw bytes
  bool paddingPresent = false;         ///< 9.4.6: a byte follows an odd-length identifier
  uint8_t paddingByte = 0;
  uint64_t offset = 0;                 ///< byte offset of the record in the image
};

/// Which of the four recorded path tables this is.
enum class PathTableKind { TypeL, OptionalTypeL, TypeM, OptionalTypeM };
std::string_view pathTableKindName(PathTableKind k);

/// A path table as read: its records and how reading stopped.
struct PathTable {
  PathTableKind kind = PathTableKind::TypeL;
  uint32_t location = 0;         ///< logical block from the descriptor
  uint64_t declaredSize = 0;     ///< Path Table Size from the descriptor
  uint64_t bytesRead = 0;        ///< bytes actually examined (capped by image size and a limit)
  bool readCut = false;          ///< the table ends past the image or past the read limit
  std::vector<PathTableRecord> records;
  /// Set when a record could not be parsed inside the declared size: its offset and what was wrong.
  std::optional<uint64_t> malformedOffset;
  std::string malformedWhat;

  bool littleEndian() const { return kind == PathTableKind::TypeL || kind == PathTableKind::OptionalTypeL; }
};

/// Parses the records of a path table from `bytes` (the table's bytes, as far as they could be
/// read). `imageOffset` is the byte offset of bytes[0]. Stops at the first malformed record and
/// after `maxRecords` records. Never fails: a malformed table is a fact.
void parsePathTableRecords(PathTable& table, ByteView bytes, uint64_t imageOffset, size_t maxRecords = 65536);

} // namespace dv::analyzer::iso9660
