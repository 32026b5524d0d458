// Fuzz target: the SUSP / Rock Ridge system use parser. The input is the system use field; CE
// areas are served from the input itself read as 2048-byte blocks, so continuation chains,
// loops and overruns are all reachable.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "analyzer/iso9660/RockRidge.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const dv::ByteView input(data, size);
  const size_t blocks = size / 2048 + 1;
  dv::analyzer::ContinuationReader read = [&](uint32_t block, uint32_t offset, uint32_t length) -> dv::Result<std::vector<uint8_t>> {
    const uint64_t begin = uint64_t{block} * 2048 + offset;
    if (begin > size || length > size - begin) return dv::Error(dv::ErrorCode::Truncated, "past the input");
    return std::vector<uint8_t>(data + begin, data + begin + length);
  };
  dv::analyzer::SuspLimits limits;
  limits.volumeBlocks = blocks;
  const size_t first = size < 255 ? size : 255; // a system use field fits in a directory record
  const auto facts = dv::analyzer::parseSystemUse(input.first(first), 0, size > 0 ? data[0] % 8 : 0, size > 1 && (data[1] & 1),
                                                  read, limits);
  (void)facts.fileType();
  return 0;
}
