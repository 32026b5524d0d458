// SectorChecks: runs checkSector() over the raw regions of a file during the read pass.
#include "analyzer/cd/SectorChecks.h"

#include <algorithm>
#include <cstring>

#include "analyzer/cd/Sector.h"

namespace dv::analyzer::cd {
namespace {

constexpr uint8_t kNoMode = 0xFF;
// Per-sector mode bytes are kept for at most this many sectors of one region (about 37 GB of raw
// sectors); a descriptor cannot make us allocate more.
constexpr uint64_t kMaxTrackedSectors = uint64_t{1} << 24;
// Failures kept per region before only counting: bounded memory on a wholly damaged image.
constexpr size_t kMaxFailures = size_t{1} << 20;

uint32_t bit(SectorFault f) { return 1u << static_cast<unsigned>(f); }

struct Verdict {
  uint32_t faults = 0;
  uint8_t mode = kNoMode;
  bool form2 = false;
  bool form2EdcZero = false;
};

Verdict judge(const uint8_t* bytes, int32_t lba, bool audio, bool scrambled) {
  std::array<uint8_t, kRawSectorSize> copy;
  ByteView sector(bytes, kRawSectorSize);
  if (scrambled && !audio) {
    std::memcpy(copy.data(), bytes, kRawSectorSize);
    scramble(copy);
    sector = ByteView(copy.data(), copy.size());
  }
  Verdict v;
  if (audio) {
    // §5 CD-SEC-006: a sector-aligned sync followed by a valid header is data, not samples.
    if (hasSync(sector) && readHeader(sector).bcdValid) v.faults |= bit(SectorFault::AudioSync);
    return v;
  }
  const SectorCheck c = checkSector(sector, lba);
  if (!c.sync) return {bit(SectorFault::Sync), kNoMode, false, false};
  v.mode = static_cast<uint8_t>(c.modeByte & 0x03);
  if (!c.headerBcd) v.faults |= bit(SectorFault::HeaderBcd);
  else if (!c.address) v.faults |= bit(SectorFault::Address);
  if (c.modeReserved) {
    v.faults |= bit(SectorFault::ModeReserved);
    return v;
  }
  switch (v.mode) {
  case 0:
    if (c.mode0NonZero) v.faults |= bit(SectorFault::Mode0Payload);
    break;
  case 1:
    if (!c.edc) v.faults |= bit(SectorFault::Mode1Edc);
    if (!c.zeroField) v.faults |= bit(SectorFault::Mode1Zero);
    if (!c.eccP || !c.eccQ) v.faults |= bit(SectorFault::Mode1Ecc);
    break;
  case 2:
    v.form2 = c.form2;
    v.form2EdcZero = c.form2 && c.edcZero;
    if (!c.subheaderCopies) v.faults |= bit(SectorFault::SubheaderCopies);
    if (c.form2) {
      if (!c.edc) v.faults |= bit(SectorFault::Form2Edc);
    } else {
      if (!c.edc) v.faults |= bit(SectorFault::Form1Edc);
      if (!c.eccP || !c.eccQ) v.faults |= bit(SectorFault::Form1Ecc);
    }
    break;
  default:
    break;
  }
  return v;
}

} // namespace

std::string_view sectorFaultName(SectorFault f) {
  switch (f) {
  case SectorFault::Sync: return "sync";
  case SectorFault::HeaderBcd: return "header-bcd";
  case SectorFault::Address: return "header-address";
  case SectorFault::ModeReserved: return "mode-reserved-bits";
  case SectorFault::ModeChange: return "mode-change";
  case SectorFault::Mode0Payload: return "mode0-payload";
  case SectorFault::Mode1Edc: return "mode1-edc";
  case SectorFault::Mode1Zero: return "mode1-zero-field";
  case SectorFault::Mode1Ecc: return "mode1-ecc";
  case SectorFault::SubheaderCopies: return "subheader-copies";
  case SectorFault::Form1Edc: return "form1-edc";
  case SectorFault::Form1Ecc: return "form1-ecc";
  case SectorFault::Form2Edc: return "form2-edc";
  case SectorFault::AudioSync: return "audio-sync";
  }
  return "unknown";
}

std::vector<RawRegion> rawRegionsOf(const Disc& disc, int fileIndex) {
  std::vector<RawRegion> out;
  for (const Track& t : disc.tracks)
    for (const Fragment& f : t.fragments) {
      if (f.file != fileIndex || f.layout != SectorLayout::Raw || f.mainSize != kRawSectorSize || f.sectors == 0) continue;
      out.push_back({t.number, t.audio(), f.offset, f.sectors, f.sectorSize, f.firstLba, disc.scrambled});
    }
  return out;
}

SectorCheckConsumer::SectorCheckConsumer(std::vector<RawRegion> regions, size_t maxRanges)
    : regions_(std::move(regions)), maxRanges_(maxRanges) {
  for (const RawRegion& r : regions_) {
    auto s = std::make_unique<RegionState>();
    s->modes.assign(std::min(r.sectors, kMaxTrackedSectors), kNoMode);
    state_.push_back(std::move(s));
  }
}

void SectorCheckConsumer::checkOne(size_t region, uint64_t sectorIndex, const uint8_t* bytes) {
  const RawRegion& r = regions_[region];
  const int32_t lba = static_cast<int32_t>(r.firstLba + static_cast<int64_t>(sectorIndex));
  const Verdict v = judge(bytes, lba, r.audio, r.scrambled);
  RegionState& s = *state_[region];
  std::lock_guard lock(s.mutex);
  ++s.checked;
  if (v.mode != kNoMode) {
    ++s.withSync;
    ++s.modeCounts[v.mode];
    if (v.mode == 2) ++(v.form2 ? s.form2 : s.form1);
    if (v.form2EdcZero) ++s.form2EdcZero;
  } else if (r.audio && v.faults != 0) {
    ++s.withSync;
  }
  if (sectorIndex < s.modes.size()) s.modes[sectorIndex] = v.mode;
  if (v.faults != 0 && s.failures.size() < kMaxFailures) s.failures.push_back({lba, v.faults});
}

void SectorCheckConsumer::consume(const Chunk& chunk) {
  const uint64_t c0 = chunk.offset;
  const uint64_t c1 = chunk.offset + chunk.data.size();
  for (size_t ri = 0; ri < regions_.size(); ++ri) {
    const RawRegion& r = regions_[ri];
    if (r.stride < kRawSectorSize) continue;
    const uint64_t end = r.offset + r.sectors * r.stride;
    if (c1 <= r.offset || c0 >= end) continue;
    uint64_t i = c0 > r.offset ? (c0 - r.offset) / r.stride : 0;
    for (; i < r.sectors; ++i) {
      const uint64_t s0 = r.offset + i * r.stride;
      const uint64_t s1 = s0 + kRawSectorSize;
      if (s0 >= c1) break;
      if (s1 <= c0) continue;
      if (s0 >= c0 && s1 <= c1) {
        checkOne(ri, i, chunk.data.data() + (s0 - c0));
        continue;
      }
      // The sector straddles this chunk's edge: collect its bytes until all 2352 are in.
      const uint64_t from = std::max(s0, c0), to = std::min(s1, c1);
      std::vector<uint8_t> done;
      {
        RegionState& s = *state_[ri];
        std::lock_guard lock(s.mutex);
        auto& buf = s.partial[i];
        if (buf.empty()) buf.assign(kRawSectorSize, 0);
        std::memcpy(buf.data() + (from - s0), chunk.data.data() + (from - c0), to - from);
        size_t& filled = s.partialFilled[i];
        filled += to - from;
        if (filled >= kRawSectorSize) {
          done = std::move(buf);
          s.partial.erase(i);
          s.partialFilled.erase(i);
        }
      }
      if (!done.empty()) checkOne(ri, i, done.data());
    }
  }
}

void SectorCheckConsumer::finish(uint64_t) {
  facts_.clear();
  for (size_t ri = 0; ri < regions_.size(); ++ri) {
    const RawRegion& r = regions_[ri];
    RegionState& s = *state_[ri];
    TrackSectorFacts f;
    f.track = r.track;
    f.audio = r.audio;
    f.checked = s.checked;
    f.modeCounts = s.modeCounts;
    f.form1 = s.form1;
    f.form2 = s.form2;
    f.form2EdcZero = s.form2EdcZero;
    f.withSync = s.withSync;
    // CD-SEC-003: the track's mode is the one most of its sectors carry; the others changed it.
    const auto dominant = static_cast<uint8_t>(
        std::max_element(s.modeCounts.begin(), s.modeCounts.end()) - s.modeCounts.begin());
    std::vector<Failure> failures = std::move(s.failures);
    if (f.withSync > 0 && s.modeCounts[dominant] != f.withSync) {
      std::map<int32_t, uint32_t> merged;
      for (const Failure& x : failures) merged[x.lba] |= x.faults;
      for (size_t i = 0; i < s.modes.size(); ++i)
        if (s.modes[i] != kNoMode && s.modes[i] != dominant)
          merged[static_cast<int32_t>(r.firstLba + static_cast<int64_t>(i))] |= bit(SectorFault::ModeChange);
      failures.clear();
      for (const auto& [lba, bits] : merged) failures.push_back({lba, bits});
    }
    std::sort(failures.begin(), failures.end(), [](const Failure& a, const Failure& b) { return a.lba < b.lba; });
    for (size_t k = 0; k < kSectorFaultCount; ++k) {
      FaultRuns& runs = f.faults[k];
      for (const Failure& x : failures) {
        if ((x.faults & (1u << k)) == 0) continue;
        ++runs.sectors;
        if (!runs.ranges.empty() && runs.ranges.back().first + static_cast<int64_t>(runs.ranges.back().count) == x.lba) {
          ++runs.ranges.back().count;
        } else if (runs.ranges.size() < maxRanges_) {
          runs.ranges.push_back({x.lba, 1});
        } else {
          runs.truncated = true;
        }
      }
    }
    facts_.push_back(std::move(f));
  }
}

} // namespace dv::analyzer::cd
