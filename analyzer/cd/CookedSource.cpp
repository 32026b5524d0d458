// CookedSource: maps 2048-byte user-data sectors to their place in the data files.
#include "analyzer/cd/CookedSource.h"

#include <algorithm>
#include <cstring>

#include "analyzer/cd/Sector.h"
#include "analyzer/cd/TrackContent.h"

namespace dv::analyzer::cd {
namespace {

constexpr uint64_t kDescriptorArea = 16, kDescriptorAreaEnd = 48;

} // namespace

CookedSource::CookedSource(const Disc& disc, int32_t sessionStart) : disc_(disc), sessionStart_(sessionStart) {
  files_.resize(disc.files.size());
  int64_t end = 0;
  for (const Track& t : disc.tracks) {
    if (t.audio() || t.mode == TrackMode::Mode0 || t.mode == TrackMode::Mode2Form2) continue;
    for (const Fragment& f : t.fragments) {
      if (f.file < 0 || f.sectors == 0 || f.firstLba < 0) continue;
      // Before the pass a Mode 2 track's forms are unknown: each sector is read as XA, by the form
      // its subheader gives (the volume of a Mode 2 disc is on Form 1 sectors).
      spans_.push_back({f.firstLba, f.sectors, &f, t.mode == TrackMode::Mode2 ? TrackMode::Mode2Mixed : t.mode});
      end = std::max<int64_t>(end, int64_t{f.firstLba} + static_cast<int64_t>(f.sectors));
    }
  }
  info_.path = disc.descriptorPath + "#user-data";
  info_.kind = SourceKind::Memory;
  info_.size = static_cast<uint64_t>(end) * kUserDataSize;
}

CookedSource::~CookedSource() = default;

Error CookedSource::readSector(int32_t lba, uint8_t* out) {
  std::memset(out, 0, kUserDataSize);
  for (const Span& s : spans_) {
    if (lba < s.firstLba || static_cast<uint64_t>(lba - s.firstLba) >= s.sectors) continue;
    const Fragment& f = *s.fragment;
    const auto file = static_cast<size_t>(f.file);
    if (!files_[file]) {
      auto src = openSource(disc_.files[file].path);
      if (!src) return src.error();
      files_[file] = std::move(*src);
    }
    raw_.resize(f.sectorSize);
    const uint64_t at = f.offset + static_cast<uint64_t>(lba - s.firstLba) * f.sectorSize;
    size_t got = 0;
    while (got < raw_.size()) {
      auto n = files_[file]->readAt(at + got, MutableByteView(raw_.data() + got, raw_.size() - got));
      if (!n) return n.error();
      if (*n == 0) break;
      got += *n;
    }
    if (got < raw_.size()) return {}; // past the end of a short file: zeros, a finding elsewhere
    const ByteView content = sectorContent(f, s.mode, disc_.scrambled, raw_, scratch_);
    std::memcpy(out, content.data(), std::min<size_t>(content.size(), kUserDataSize));
    return {};
  }
  return {};
}

Result<size_t> CookedSource::readAt(uint64_t offset, MutableByteView out) {
  const uint64_t size = *info_.size;
  if (offset >= size) return size_t{0};
  const size_t want = static_cast<size_t>(std::min<uint64_t>(out.size(), size - offset));
  std::vector<uint8_t> sector(kUserDataSize);
  size_t done = 0;
  while (done < want) {
    const uint64_t pos = offset + done;
    uint64_t index = pos / kUserDataSize;
    // A later session's volume descriptors are at its start + 16 (§2).
    if (sessionStart_ > 0 && index >= kDescriptorArea && index < kDescriptorAreaEnd) index += static_cast<uint64_t>(sessionStart_);
    if (Error e = readSector(static_cast<int32_t>(std::min<uint64_t>(index, INT32_MAX)), sector.data())) return e;
    const size_t in = static_cast<size_t>(pos % kUserDataSize);
    const size_t n = std::min(want - done, kUserDataSize - in);
    std::memcpy(out.data() + done, sector.data() + in, n);
    done += n;
  }
  return done;
}

Result<size_t> CookedSource::readNext(MutableByteView out) {
  auto n = readAt(next_, out);
  if (n) next_ += *n;
  return n;
}

} // namespace dv::analyzer::cd
