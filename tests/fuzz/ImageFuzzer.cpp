// Fuzz target: the whole analysis of an arbitrary image held in memory — format probing, the ISO 9660
// metadata parse and every extension, the single pass and the whole rule catalogue.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "analyzer/ImageAnalysis.h"
#include "analyzer/sources/MemorySource.h"
#include "rules/RuleRegistry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dv::analyzer::MemorySource source(std::vector<uint8_t>(data, data + size), "fuzz.iso");
  dv::analyzer::AnalyzeOptions options;
  options.imageHashes = {dv::hashing::Algorithm::Crc32};
  options.pieceSize = 1 << 16;
  options.pipeline.threads = 1;
  options.pipeline.readers = 1;
  options.pipeline.chunkSize = 1 << 16;
  auto analysis = dv::analyzer::analyzeSource(source, options);
  if (analysis) {
    dv::FindingSink sink;
    dv::rules::catalogue().evaluate(*analysis, sink);
  }
  return 0;
}
