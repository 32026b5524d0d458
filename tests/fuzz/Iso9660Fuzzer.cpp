// Fuzz target: the ISO 9660 volume parser (descriptor set, path tables, hierarchy walk, XAR) and
// the ECMA-119 rules over its model. The input is the image.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "analyzer/iso9660/IsoVolume.h"
#include "analyzer/sources/MemorySource.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dv::analyzer::MemorySource source(std::vector<uint8_t>(data, data + size), "fuzz.iso");
  dv::analyzer::iso9660::MetadataReader reader(source);
  dv::analyzer::iso9660::IsoParseOptions options;
  options.walk.maxRecords = 100000;
  const auto volume = dv::analyzer::iso9660::parseIsoVolume(reader, options);
  size_t runs = 0;
  for (const auto& f : volume.tree.files) runs += f.runs.size();
  (void)runs;
  return 0;
}
