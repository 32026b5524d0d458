// Regions: what lies where in an image (system area, descriptors, path tables, directories, file
// data, boot images, tracks, gaps, trailing data). Facts for the sector map of the reports; filled
// by whichever parser knows them (ISO 9660, UDF, CD layout) and never judged here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dv::analyzer {

/// What a region holds.
enum class RegionKind {
  SystemArea,        ///< ECMA-119 6.2.1: sectors 0-15 (boot code, hybrid MBR/GPT)
  VolumeDescriptors, ///< the volume descriptor set, terminators included
  PathTable,
  Directory,         ///< a directory extent
  FileData,          ///< a file's extent; label = path, group = top-level directory
  BootCatalog,
  BootImage,
  UdfStructure,      ///< anchors, descriptor sequences
  Track,             ///< a CD track; label = "Track 01 (audio)"; group = "audio" or "data"
  Pregap,
  Gap,               ///< inside the volume, claimed by nothing
  TrailingData,      ///< past the end of the volume
  Other,
};

/// "system-area", "volume-descriptors", "path-table", "directory", "file-data", "boot-catalog",
/// "boot-image", "udf", "track", "pregap", "gap", "trailing-data", "other".
std::string_view regionKindName(RegionKind k);

/// One byte range of the image and what it holds.
struct Region {
  uint64_t offset = 0;
  uint64_t length = 0;
  RegionKind kind = RegionKind::Other;
  std::string label; ///< a file path, "Primary volume descriptor", "Track 02 (audio)"
  std::string group; ///< colours related regions alike: the top-level directory of a file ("/DATA")
};

/// Caps the regions a parser records; past it the rest is summarised (a 1,000,000-file disc still
/// gives a readable map).
inline constexpr size_t kMaxRegions = 200'000;

} // namespace dv::analyzer
