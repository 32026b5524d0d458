// Fuzz target: the DVD-Video and BDMV structure (IFO headers, title table, IFO/BUP comparison, VOB
// and M2TS checks in the pass, BDMV headers and BACKUP copies) and the DVD rules. The input's first
// byte picks the tree (even: VIDEO_TS, odd: BDMV); the rest is cut into one piece per file of that
// tree, and each piece overwrites the start of its file, so small inputs reach every parser past
// the identifiers.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tests/support/DiscAppImages.h"
#include "tests/support/ExtImage.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 64 * 1024) return 0;
  const bool bd = data[0] & 1;
  std::vector<dv::test::TreeFile> files = bd ? dv::test::bdFiles() : dv::test::dvdFiles();
  const size_t rest = size - 1;
  const size_t piece = rest / files.size() + 1;
  for (size_t k = 0; k < files.size(); ++k) {
    const size_t from = 1 + k * piece;
    if (from >= size) break;
    const size_t n = std::min(piece, size - from);
    std::string& d = files[k].data;
    if (d.size() < n) d.resize(n);
    std::copy(data + from, data + from + n, d.begin());
  }
  (void)dv::test::catalogueFindings(dv::test::discImage(files, bd ? 3 : 2, bd ? 0x0250 : 0x0102));
  return 0;
}
