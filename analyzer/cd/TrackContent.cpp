// TrackContent: maps stored sectors to their content and hashes it per track.
#include "analyzer/cd/TrackContent.h"

#include <algorithm>
#include <cstring>

#include "analyzer/cd/Sector.h"

namespace dv::analyzer::cd {
namespace {

const std::vector<uint8_t>& zeroBlock() {
  static const std::vector<uint8_t> z(64 * 1024, 0);
  return z;
}

bool storedIn(const Fragment& f, int file) { return f.file == file && f.sectorSize > 0 && f.sectors > 0; }

} // namespace

uint32_t contentSizeOf(TrackMode mode) {
  switch (mode) {
  case TrackMode::Audio: return kRawSectorSize;
  case TrackMode::Mode0:
  case TrackMode::Mode2: return kMode2Size;
  case TrackMode::Mode2Form2: return kForm2UserSize;
  default: return kUserDataSize;
  }
}

ByteView sectorContent(const Fragment& f, TrackMode mode, bool scrambled, ByteView sector, std::vector<uint8_t>& scratch) {
  if (sector.size() > f.mainSize) sector = sector.first(f.mainSize); // drop the sub-channel
  if (mode == TrackMode::Audio) {
    if (!f.swapAudio) return sector;
    // Samples are little-endian in the content, whatever the file's byte order.
    scratch.assign(sector.begin(), sector.end());
    for (size_t i = 0; i + 1 < scratch.size(); i += 2) std::swap(scratch[i], scratch[i + 1]);
    return scratch;
  }
  switch (f.layout) {
  case SectorLayout::User:
    return sector;
  case SectorLayout::Mode2Body: {
    if (mode == TrackMode::Mode0 || mode == TrackMode::Mode2 || sector.size() < kMode2Size) return sector;
    const bool form2 = (sector[2] & kSubmodeForm2) != 0;
    return sector.subspan(8, form2 ? kForm2UserSize : kUserDataSize);
  }
  case SectorLayout::Raw:
    break;
  }
  if (sector.size() < kRawSectorSize) return sector;
  if (scrambled) {
    scratch.assign(sector.begin(), sector.end());
    scramble(scratch);
    sector = scratch;
  }
  switch (mode) {
  case TrackMode::Mode1: return sector.subspan(16, kUserDataSize);
  case TrackMode::Mode0:
  case TrackMode::Mode2: return sector.subspan(16, kMode2Size);
  default: {
    const bool form2 = (sector[18] & kSubmodeForm2) != 0;
    return sector.subspan(24, form2 ? kForm2UserSize : kUserDataSize);
  }
  }
}

TrackContentHashes::TrackContentHashes(const Disc& disc, std::vector<hashing::Algorithm> algorithms)
    : disc_(disc), algorithms_(std::move(algorithms)), state_(disc.tracks.size()) {
  for (State& s : state_)
    for (auto a : algorithms_) s.hashers.push_back(hashing::makeHasher(a));
  uint64_t stored = 0;
  for (const DataFile& f : disc.files) stored += f.found ? f.size : 0;
  zeroBudget_ = 2 * stored + (uint64_t{64} << 20);
  // A track whose stored fragments are not in file order cannot be hashed in one sweep of the files.
  for (size_t t = 0; t < disc.tracks.size(); ++t) {
    int lastFile = -1;
    uint64_t lastOffset = 0;
    for (const Fragment& f : disc.tracks[t].fragments) {
      if (f.file < 0) continue;
      if (f.file < lastFile || (f.file == lastFile && f.offset < lastOffset)) state_[t].complete = false;
      lastFile = f.file;
      lastOffset = f.offset;
    }
  }
}

void TrackContentHashes::addZeros(size_t track, const Fragment& f) {
  const Track& t = disc_.tracks[track];
  const int64_t begin = std::max<int64_t>(f.firstLba, t.startLba);
  const int64_t end = std::min<int64_t>(int64_t{f.firstLba} + static_cast<int64_t>(f.sectors), int64_t{t.startLba} + static_cast<int64_t>(t.sectors));
  if (end <= begin) return;
  State& s = state_[track];
  uint64_t left = static_cast<uint64_t>(end - begin) * contentSizeOf(t.mode);
  if (left > zeroBudget_) {
    s.complete = false;
    return;
  }
  zeroBudget_ -= left;
  s.sectors += static_cast<uint64_t>(end - begin);
  s.bytes += left;
  while (left > 0) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(left, zeroBlock().size()));
    for (auto& h : s.hashers) h->update(ByteView(zeroBlock().data(), n));
    left -= n;
  }
}

void TrackContentHashes::advanceTo(size_t track, size_t fragment) {
  State& s = state_[track];
  const auto& frags = disc_.tracks[track].fragments;
  size_t k = s.started ? s.fragment + 1 : 0;
  if (s.started && fragment == s.fragment) return;
  for (; k < fragment && k < frags.size(); ++k) {
    if (frags[k].file < 0) addZeros(track, frags[k]);
    else s.complete = false; // a stored fragment that was never read (missing file, out of order)
  }
  s.fragment = fragment;
  s.started = true;
}

void TrackContentHashes::addSector(size_t track, size_t fragment, int32_t lba, ByteView content) {
  if (track >= state_.size()) return;
  const Track& t = disc_.tracks[track];
  if (lba < t.startLba || int64_t{lba} >= int64_t{t.startLba} + static_cast<int64_t>(t.sectors)) return;
  advanceTo(track, fragment);
  State& s = state_[track];
  for (auto& h : s.hashers) h->update(content);
  s.bytes += content.size();
  ++s.sectors;
}

std::vector<TrackContentDigest> TrackContentHashes::finish() {
  std::vector<TrackContentDigest> out;
  for (size_t t = 0; t < state_.size(); ++t) {
    advanceTo(t, disc_.tracks[t].fragments.size());
    State& s = state_[t];
    TrackContentDigest d;
    d.track = disc_.tracks[t].number;
    d.bytes = s.bytes;
    d.sectors = s.sectors;
    d.contentSize = contentSizeOf(disc_.tracks[t].mode);
    d.complete = s.complete && s.sectors == disc_.tracks[t].sectors;
    for (auto& h : s.hashers) d.digests.push_back(h->finish());
    out.push_back(std::move(d));
  }
  return out;
}

TrackContentConsumer::TrackContentConsumer(const Disc& disc, int file, SectorContentSink& sink, int priority)
    : disc_(disc), hashes_(sink), priority_(priority) {
  for (size_t t = 0; t < disc.tracks.size(); ++t)
    for (size_t k = 0; k < disc.tracks[t].fragments.size(); ++k) {
      const Fragment& f = disc.tracks[t].fragments[k];
      if (!storedIn(f, file)) continue;
      spans_.push_back({t, k, f.offset, f.offset + f.sectors * f.sectorSize});
    }
  std::stable_sort(spans_.begin(), spans_.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
}

void TrackContentConsumer::sector(const Span& s, uint64_t index, ByteView bytes) {
  const Track& t = disc_.tracks[s.track];
  const Fragment& f = t.fragments[s.fragment];
  const int32_t lba = static_cast<int32_t>(f.firstLba + static_cast<int64_t>(index));
  hashes_.addSector(s.track, s.fragment, lba, sectorContent(f, t.mode, disc_.scrambled, bytes, scratch_));
}

void TrackContentConsumer::consume(const Chunk& chunk) {
  const uint64_t c0 = chunk.offset, c1 = chunk.offset + chunk.data.size();
  uint64_t pos = c0;
  while (pos < c1 && cursor_ < spans_.size()) {
    const Span& s = spans_[cursor_];
    if (pos >= s.end) {
      ++cursor_;
      pending_.clear();
      continue;
    }
    if (pos < s.begin) {
      pos = std::min(c1, s.begin);
      continue;
    }
    const uint32_t size = disc_.tracks[s.track].fragments[s.fragment].sectorSize;
    const uint64_t index = (pos - s.begin) / size;
    const uint64_t sectorStart = s.begin + index * size;
    const uint64_t sectorEnd = sectorStart + size;
    if (pos == sectorStart && sectorEnd <= c1) {
      sector(s, index, chunk.data.subspan(pos - c0, size));
      pos = sectorEnd;
      continue;
    }
    // Part of a sector: keep it until the rest arrives in the next chunk.
    if (pos == sectorStart) {
      pending_.clear();
      pendingStart_ = sectorStart;
    }
    const uint64_t take = std::min(sectorEnd, c1) - pos;
    if (pendingStart_ == sectorStart) pending_.insert(pending_.end(), chunk.data.begin() + static_cast<std::ptrdiff_t>(pos - c0),
                                                      chunk.data.begin() + static_cast<std::ptrdiff_t>(pos - c0 + take));
    pos += take;
    if (pos == sectorEnd && pending_.size() == size) {
      sector(s, index, pending_);
      pending_.clear();
    }
  }
}

} // namespace dv::analyzer::cd
