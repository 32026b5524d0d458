// Fuzz targets: the CD descriptor parsers (cue, toc, ccd, nrg, mds) and raw-sector detection. One
// source file; DV_FUZZ_CD_FORMAT picks the parser. Data files resolve through a fixed table so a run
// touches no file system, and every model is then run through the CD rules.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyzer/formats/Alcohol.h"
#include "analyzer/formats/CloneCd.h"
#include "analyzer/formats/CueSheet.h"
#include "analyzer/formats/Nero.h"
#include "analyzer/formats/RawDetect.h"
#include "analyzer/formats/TocFile.h"
#include "rules/RuleRegistry.h"

namespace fmts = dv::analyzer::formats;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const dv::ByteView bytes(data, size);
  fmts::TableResolver files;
  files.add("a.bin", 2352 * 300);
  files.add("b.bin", 2048 * 10 + 7);
  files.add("disc.img", 2352 * 600);
  files.add("disc.sub", 96 * 600);
  files.add("disc.mdf", 2448 * 100);
  std::optional<dv::analyzer::cd::Disc> disc;
  const std::string_view format = DV_FUZZ_CD_FORMAT;
  if (format == "cue") disc = fmts::parseCueSheet(text, "disc.cue", files);
  else if (format == "toc") disc = fmts::parseTocFile(text, "disc.toc", files);
  else if (format == "ccd") disc = fmts::parseCloneCd(text, "disc.ccd", files);
  else if (format == "nrg") disc = fmts::parseNero(bytes, size, "disc.nrg");
  else if (format == "mds") disc = fmts::parseAlcohol(bytes, "disc.mds", files);
  else disc = fmts::detectRawLayout({bytes, size, "disc.bin", true});
  if (disc) {
    dv::analyzer::ImageAnalysis a;
    dv::analyzer::cd::CdAnalysis cd;
    cd.disc = std::move(*disc);
    a.cd = std::move(cd);
    dv::FindingSink sink;
    dv::rules::catalogue().evaluate(a, sink);
  }
  return 0;
}
