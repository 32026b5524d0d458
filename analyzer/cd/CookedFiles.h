// CookedFiles: the per-file digests of a CD's ISO 9660 volume from the user data the track content
// pass already extracts (the address space of CookedSource), and where a file's bytes are stored.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "analyzer/cd/Disc.h"
#include "analyzer/cd/TrackContent.h"
#include "analyzer/pipeline/FileHashConsumer.h"

namespace dv::analyzer::cd {

/// Whether CookedSource maps the user data of a track of this mode (data tracks whose sectors carry
/// 2048-byte user data: Mode 1 and Mode 2 other than Form 2 only).
bool cookedMode(TrackMode mode);

/// Passes the user data of the sectors CookedSource maps (the same tracks, the same first 2048 bytes
/// of each sector's content) to a FileHashConsumer, as chunks at offset LBA * 2048: the address space
/// of the volume's file layouts. Sectors must come in increasing LBA order; one that does not (a
/// descriptor whose fragments overlap or run backwards) is not passed, so the files it holds end
/// incomplete. Not thread-safe: sequential consumers feed it, one data file after the other.
class CookedFileFeed final : public SectorContentSink {
public:
  CookedFileFeed(const Disc& disc, FileHashConsumer& files);
  void addSector(size_t track, size_t fragment, int32_t lba, ByteView content) override;
  /// Sectors passed on so far.
  uint64_t sectorsPassed() const { return passed_; }

private:
  FileHashConsumer& files_;
  std::vector<bool> mapped_; ///< per track: cookedMode()
  std::vector<bool> xa_;     ///< per track: Mode 2 of unknown form, read as XA
  int64_t lastLba_ = -1;
  uint64_t passed_ = 0;
  std::vector<uint8_t> padded_;
};

/// The byte ranges of the address space of CookedSource (LBA * 2048) held by the bytes `ranges` of
/// data file `file` (ranges of that file the pass could not read, for instance), in LBA order.
std::vector<ByteRange> cookedRangesOf(const Disc& disc, int file, const std::vector<ByteRange>& ranges);

/// The offset in the input itself (the data file that is the descriptor path: a raw dump, an .nrg)
/// of the `length` bytes at `cookedOffset`, when they lie back to back in one fragment stored as
/// 2048-byte user-data sectors; nullopt otherwise (raw sectors interleave sync, header and EDC/ECC
/// with the user data, and a byte run cannot skip them).
std::optional<uint64_t> inputOffsetOf(const Disc& disc, uint64_t cookedOffset, uint64_t length);

} // namespace dv::analyzer::cd
