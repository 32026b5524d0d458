// Fuzz target: the system area (MBR, GPT, Apple partition map) and UDF recognition, over an
// in-memory image taken from its first byte (MBR, GPT and APM seeds at their real places).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "analyzer/iso9660/ImageSectors.h"
#include "analyzer/iso9660/SystemArea.h"
#include "analyzer/iso9660/UdfRecognition.h"
#include "analyzer/sources/MemorySource.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dv::analyzer::MemorySource source(std::vector<uint8_t>(data, data + size), "fuzz.iso");
  dv::analyzer::ImageSectors image(source);
  (void)dv::analyzer::readSystemArea(image);
  (void)dv::analyzer::readUdfRecognition(image);
  (void)dv::analyzer::parseUdfTag(dv::ByteView(data, size));
  return 0;
}
