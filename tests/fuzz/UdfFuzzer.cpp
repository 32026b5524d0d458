// Fuzz target: UDF recognition (volume recognition sequence, anchors at 256 and N-256 / N-1,
// descriptor tags, the main volume descriptor sequence). The input is placed twice in an image of
// zeros: from sector 16 (where the recognition sequence follows the ISO 9660 descriptors) and from
// sector 256 (the first anchor), so both are reachable from small inputs.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "analyzer/iso9660/ImageSectors.h"
#include "analyzer/iso9660/UdfRecognition.h"
#include "analyzer/sources/MemorySource.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  constexpr size_t kSector = 2048;
  std::vector<uint8_t> image(256 * kSector + size, 0);
  std::memcpy(image.data() + 16 * kSector, data, std::min(size, 240 * kSector));
  std::memcpy(image.data() + 256 * kSector, data, size);
  dv::analyzer::MemorySource source(std::move(image), "fuzz.udf");
  const dv::analyzer::ImageSectors sectors(source);
  (void)dv::analyzer::readUdfRecognition(sectors);
  (void)dv::analyzer::parseUdfTag(dv::ByteView(data, size));
  return 0;
}
