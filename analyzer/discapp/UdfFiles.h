// UdfFiles: just enough of the UDF file system (ECMA-167 part 4, OSTA UDF 1.02) to list the files of
// one directory below the root with their first extent and size: partition descriptor, logical
// volume descriptor (type 1 partition map, file set location), file set descriptor, file entries
// and file identifier descriptors. Used to compare a DVD-Video's UDF tree with its ISO 9660 bridge.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/iso9660/ImageSectors.h"
#include "analyzer/iso9660/UdfRecognition.h"

namespace dv::analyzer {

/// A file of the UDF directory.
struct UdfFile {
  std::string name;          ///< as recorded (8-bit or 16-bit OSTA compressed unicode, ASCII kept)
  uint64_t lba = 0;          ///< image sector of the first extent (partition start + logical block)
  uint64_t size = 0;         ///< information length
  bool directory = false;
};

/// The files of `directory` (a name in the root, compared without case), or nullopt when the UDF
/// structures cannot be followed (no partition or file set, unreadable or malformed entries).
/// Bounded: directory extents up to 1 MiB, at most 65536 entries. Never fails otherwise. Thread-safe.
std::optional<std::vector<UdfFile>> readUdfDirectory(const ImageSectors& image, const UdfRecognition& udf,
                                                     const std::string& directory);

} // namespace dv::analyzer
