// Sessions: the ISO 9660 volumes of earlier sessions of a multisession disc or image, and which of
// their files a later session replaced or dropped (cd-layouts.md §2: a later session's descriptors
// are at its start + 16 and its directories may point back into earlier sessions).
#pragma once

#include <cstdint>
#include <vector>

#include "analyzer/cd/Disc.h"
#include "analyzer/iso9660/IsoVolume.h"
#include "analyzer/sources/ByteSource.h"

namespace dv::analyzer {

/// What the newest session did to one file of an earlier session, matched by its ISO 9660 path.
enum class Supersession {
  Unchanged, ///< the newest volume has the path and points at the same data (same extent and size)
  Replaced,  ///< the newest volume has the path with other data
  Dropped,   ///< the newest volume does not have the path
};

/// "unchanged", "replaced", "dropped".
std::string_view supersessionName(Supersession s);

/// One earlier session's volume and the fate of each of its files.
struct EarlierSession {
  uint32_t session = 1;            ///< 1-based, in disc order
  int64_t startLba = 0;            ///< where the session starts; its descriptors are at start + 16
  iso9660::IsoVolume iso;          ///< without Joliet and Rock Ridge
  std::vector<Supersession> files; ///< index for index with iso.tree.files
  uint32_t newestSession = 0;      ///< the session whose volume superseded this one
  /// Counts of files by fate.
  uint64_t count(Supersession s) const;
};

/// The most sessions followed on one input: a disc holds at most 99 tracks.
inline constexpr uint32_t kMaxSessions = 99;

/// Compares each file of `earlier` with `newest` by path and fills earlier.files.
void classifySuperseded(EarlierSession& earlier, const iso9660::IsoVolume& newest);

/// The earlier sessions of a plain 2048-byte image appended to in place (libisoburn's emulation on
/// overwritable media: the newest descriptors are copied to sectors 16 onward, and each session,
/// from LBA 32, keeps its own descriptors at its start + 16). Follows the chain from LBA 32 while a
/// primary descriptor is found; the session whose root is the newest's ends it. Empty when the image
/// holds one session. Reads through `source` with bounded reads; never fails.
std::vector<EarlierSession> earlierImageSessions(ByteSource& source, const iso9660::IsoVolume& newest,
                                                 const iso9660::IsoParseOptions& options);

/// The volumes of the data tracks of `disc` in sessions other than `newestStart`'s (the session
/// whose volume is `newest`), one per session that holds one. Never fails.
std::vector<EarlierSession> earlierDiscSessions(const cd::Disc& disc, int32_t newestStart, const iso9660::IsoVolume& newest,
                                                const iso9660::IsoParseOptions& options);

} // namespace dv::analyzer
