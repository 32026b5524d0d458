// RawDetect: recognises the sector format of a dump with no descriptor from its bytes alone
// (cd-layouts.md §4): stride, first LBA, data mode, scrambling and sub-channel arrangement.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "analyzer/cd/Disc.h"
#include "core/ByteView.h"

namespace dv::analyzer::formats {

/// What the first bytes of a dump show.
struct RawProbe {
  ByteView head;      ///< the first bytes of the file (64 KiB is enough for every probe)
  uint64_t size = 0;  ///< file length in bytes
  std::string path;
  bool allowAudio = false; ///< accept a sync-less file as CD-DA (only for .bin/.raw/.cdda names)
};

/// A one-track disc model of the dump ("raw" for 2352/2448/2336 strides, "iso" for 2048 with a
/// volume recognition signature), or nullopt when the bytes fit no candidate. Thread-safe.
std::optional<cd::Disc> detectRawLayout(const RawProbe& probe);

} // namespace dv::analyzer::formats
