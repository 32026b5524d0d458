// CookedFiles: feeds the volume's per-file hashers from track content and maps cooked offsets back.
#include "analyzer/cd/CookedFiles.h"

#include <algorithm>
#include <cstring>

#include "analyzer/cd/Sector.h"

namespace dv::analyzer::cd {

bool cookedMode(TrackMode mode) { return mode != TrackMode::Audio && mode != TrackMode::Mode0 && mode != TrackMode::Mode2Form2; }

CookedFileFeed::CookedFileFeed(const Disc& disc, FileHashConsumer& files) : files_(files) {
  for (const Track& t : disc.tracks) {
    mapped_.push_back(cookedMode(t.mode));
    xa_.push_back(t.mode == TrackMode::Mode2);
  }
}

void CookedFileFeed::addSector(size_t track, size_t fragment, int32_t lba, ByteView content) {
  (void)fragment;
  if (track >= mapped_.size() || !mapped_[track] || lba < 0 || int64_t{lba} <= lastLba_) return;
  lastLba_ = lba;
  // The content of a Mode 2 track whose forms are not known yet is the 2336 bytes after the header;
  // CookedSource reads such a sector as XA, the user data after the subheader (ECMA-130 / XA).
  if (xa_[track] && content.size() == kMode2Size)
    content = content.subspan(8, (content[2] & kSubmodeForm2) != 0 ? kForm2UserSize : kUserDataSize);
  // CookedSource reads the first 2048 bytes of a sector's content, zeros where it is shorter; the
  // file digests see the same bytes as the parse that laid the files out.
  if (content.size() > kUserDataSize) {
    content = content.first(kUserDataSize);
  } else if (content.size() < kUserDataSize) {
    padded_.assign(kUserDataSize, 0);
    std::memcpy(padded_.data(), content.data(), content.size());
    content = padded_;
  }
  files_.consume(Chunk{passed_++, static_cast<uint64_t>(lba) * kUserDataSize, content});
}

std::vector<ByteRange> cookedRangesOf(const Disc& disc, int file, const std::vector<ByteRange>& ranges) {
  std::vector<ByteRange> out;
  for (const Track& t : disc.tracks) {
    if (!cookedMode(t.mode)) continue;
    for (const Fragment& f : t.fragments) {
      if (f.file != file || f.sectorSize == 0 || f.sectors == 0 || f.firstLba < 0) continue;
      const uint64_t begin = f.offset, end = f.offset + f.sectors * f.sectorSize;
      for (const ByteRange& r : ranges) {
        const uint64_t from = std::max(begin, r.offset), to = std::min(end, r.end());
        if (from >= to) continue;
        const uint64_t first = (from - begin) / f.sectorSize, last = (to - 1 - begin) / f.sectorSize;
        const uint64_t lba = static_cast<uint64_t>(f.firstLba) + first;
        out.push_back({lba * kUserDataSize, (last - first + 1) * kUserDataSize});
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const ByteRange& a, const ByteRange& b) { return a.offset < b.offset; });
  return out;
}

std::optional<uint64_t> inputOffsetOf(const Disc& disc, uint64_t cookedOffset, uint64_t length) {
  int input = -1;
  for (size_t i = 0; i < disc.files.size(); ++i)
    if (disc.files[i].found && disc.files[i].path == disc.descriptorPath) input = static_cast<int>(i);
  if (input < 0) return std::nullopt;
  const uint64_t lba = cookedOffset / kUserDataSize;
  const uint64_t lastLba = (cookedOffset + std::max<uint64_t>(length, 1) - 1) / kUserDataSize;
  for (const Track& t : disc.tracks) {
    if (!cookedMode(t.mode)) continue;
    for (const Fragment& f : t.fragments) {
      if (f.file != input || f.firstLba < 0 || f.sectors == 0) continue;
      const uint64_t first = static_cast<uint64_t>(f.firstLba);
      if (lba < first || lba >= first + f.sectors) continue;
      // The first fragment holding the start decides, as in CookedSource; the run must end in it.
      if (f.layout != SectorLayout::User || f.sectorSize != kUserDataSize || lastLba >= first + f.sectors) return std::nullopt;
      return f.offset + (lba - first) * kUserDataSize + cookedOffset % kUserDataSize;
    }
  }
  return std::nullopt;
}

} // namespace dv::analyzer::cd
