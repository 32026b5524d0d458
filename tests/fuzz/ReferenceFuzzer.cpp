// Fuzz target: the reader of `verify --against` references (hash lists, DFXML, JSON reports).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "report/JsonValue.h"
#include "report/Reference.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  dv::report::ReferenceLimits limits;
  limits.maxItems = 10000;
  auto ref = dv::report::parseReference(text, "disc.iso", limits);
  if (ref) {
    size_t digests = 0;
    for (const auto& item : ref->items) digests += item.digests.size() + item.runs.size();
    (void)digests;
  }
  auto json = dv::report::parseJson(text);
  (void)json;
  return 0;
}
