// Joliet: the Unicode supplementary volume of Microsoft's "Joliet Specification" (1995):
// recognition, UCS-2 big-endian names and descriptor fields, and its own hierarchy
// (extensions.md section 1). Facts only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/iso9660/Hierarchy.h"
#include "analyzer/iso9660/IsoVolume.h"

namespace dv::analyzer {

/// A name or field that does not decode cleanly as UCS-2 big-endian.
struct JolietNameDefect {
  enum class Kind { OddLength, ForbiddenCodeUnit, UnpairedSurrogate };
  Kind kind = Kind::OddLength;
  std::string path;          ///< the record's path in the Joliet tree
  uint64_t offset = 0;       ///< image offset of the record
  uint16_t codeUnit = 0;     ///< the offending unit (ForbiddenCodeUnit, UnpairedSurrogate)
};

/// One Joliet volume: the descriptor, its tree, and what did not decode.
struct JolietVolume {
  uint64_t descriptorSector = 0;
  int level = 0;                           ///< 1, 2, 3
  bool escapeTailZero = true;              ///< bytes after the 3-byte escape sequence are 00
  uint8_t volumeFlags = 0;
  uint8_t descriptorVersion = 0;
  uint8_t fileStructureVersion = 0;
  std::vector<std::string> badTextFields;  ///< descriptor fields that are not UCS-2BE padded with 00 20
  iso9660::Hierarchy tree;
  std::vector<JolietNameDefect> nameDefects;
  std::vector<std::pair<uint32_t, size_t>> longNames; ///< (record, characters) of names over 64 characters
  size_t longestName = 0;                  ///< in characters
  std::vector<uint32_t> longPaths;         ///< records whose full path exceeds 240 bytes
  /// For each file of the primary tree (IsoVolume::tree.files), the Joliet path of the file with
  /// the same first extent and size, or "".
  std::vector<std::string> pathOfPrimaryFile;
  /// For each directory of the primary tree (IsoVolume::tree.directories), its Joliet path ("/" for
  /// the root), found through the files below it; "" when no file below it has a Joliet path.
  std::vector<std::string> pathOfPrimaryDirectory;
};

/// Decodes a UCS-2BE (UTF-16BE) identifier to UTF-8; unpaired surrogates and a dangling odd byte
/// become U+FFFD. Thread-safe.
std::string decodeUcs2(std::string_view raw);

/// Finds the Joliet descriptors of `volume` and walks each tree. Never fails. Not thread-safe
/// (uses the reader).
std::vector<JolietVolume> readJolietVolumes(iso9660::MetadataReader& reader, const iso9660::IsoVolume& volume);

} // namespace dv::analyzer
