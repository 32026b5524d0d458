// Fuzz target: the El Torito boot catalog parser, then the whole El Torito, system-area and UDF
// reading over the input taken as an image (a boot record is planted at sector 17 when the input
// is long enough, pointing at sector 18, so the catalog and boot image paths are reached).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "analyzer/iso9660/ElTorito.h"
#include "analyzer/iso9660/SystemArea.h"
#include "analyzer/iso9660/UdfRecognition.h"
#include "analyzer/sources/MemorySource.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dv::analyzer::ElTorito catalog;
  dv::analyzer::parseBootCatalog(dv::ByteView(data, size), 0, catalog);

  // As an image: PVD at 16, boot record at 17, the input from sector 18 on.
  std::vector<uint8_t> image(18 * 2048, 0);
  const char cd001[] = "CD001";
  image[16 * 2048] = 1;
  std::memcpy(&image[16 * 2048 + 1], cd001, 5);
  image[16 * 2048 + 80] = 40;
  image[17 * 2048] = 0;
  std::memcpy(&image[17 * 2048 + 1], cd001, 5);
  const char id[] = "EL TORITO SPECIFICATION";
  std::memcpy(&image[17 * 2048 + 7], id, sizeof id - 1);
  image[17 * 2048 + 71] = 18;
  image.insert(image.end(), data, data + size);
  dv::analyzer::MemorySource source(std::move(image));
  const dv::analyzer::ImageSectors sectors(source);
  (void)dv::analyzer::readElTorito(sectors);
  (void)dv::analyzer::readSystemArea(sectors);
  (void)dv::analyzer::readUdfRecognition(sectors);
  return 0;
}
