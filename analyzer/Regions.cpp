// Regions: names of the region kinds.
#include "analyzer/Regions.h"

namespace dv::analyzer {

std::string_view regionKindName(RegionKind k) {
  switch (k) {
  case RegionKind::SystemArea: return "system-area";
  case RegionKind::VolumeDescriptors: return "volume-descriptors";
  case RegionKind::PathTable: return "path-table";
  case RegionKind::Directory: return "directory";
  case RegionKind::FileData: return "file-data";
  case RegionKind::BootCatalog: return "boot-catalog";
  case RegionKind::BootImage: return "boot-image";
  case RegionKind::UdfStructure: return "udf";
  case RegionKind::Track: return "track";
  case RegionKind::Pregap: return "pregap";
  case RegionKind::Gap: return "gap";
  case RegionKind::TrailingData: return "trailing-data";
  case RegionKind::Other: return "other";
  }
  return "other";
}

} // namespace dv::analyzer
