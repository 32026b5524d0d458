// Fuzz target: the ISO 9660 volume parser alone (descriptors, path tables, the hierarchy walk) and the
// Joliet volumes found beside it, over an in-memory image.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "analyzer/iso9660/IsoVolume.h"
#include "analyzer/iso9660/Joliet.h"
#include "analyzer/iso9660/MetadataReader.h"
#include "analyzer/sources/MemorySource.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dv::analyzer::MemorySource source(std::vector<uint8_t>(data, data + size), "fuzz.iso");
  dv::analyzer::iso9660::MetadataReader reader(source);
  const dv::analyzer::iso9660::IsoVolume volume = dv::analyzer::iso9660::parseIsoVolume(reader);
  if (volume.found) (void)dv::analyzer::readJolietVolumes(reader, volume);
  return 0;
}
