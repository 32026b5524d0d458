// Subchannel: Q extraction, CRC and position checks.
#include "analyzer/cd/Subchannel.h"

#include <algorithm>
#include <memory>

#include "analyzer/cd/Sector.h"
#include "core/Lba.h"

namespace dv::analyzer::cd {
namespace {

constexpr size_t kMaxFailures = size_t{1} << 20;

void addRun(FaultRuns& runs, int32_t lba, size_t maxRanges) {
  ++runs.sectors;
  if (!runs.ranges.empty() && runs.ranges.back().first + static_cast<int64_t>(runs.ranges.back().count) == lba) ++runs.ranges.back().count;
  else if (runs.ranges.size() < maxRanges) runs.ranges.push_back({lba, 1});
  else runs.truncated = true;
}

// Joins runs of several regions into one list in LBA order, adjoining runs merged.
void joinRuns(FaultRuns& into, const FaultRuns& from) {
  into.sectors += from.sectors;
  into.truncated = into.truncated || from.truncated;
  into.ranges.insert(into.ranges.end(), from.ranges.begin(), from.ranges.end());
  std::sort(into.ranges.begin(), into.ranges.end(), [](const LbaRange& a, const LbaRange& b) { return a.first < b.first; });
  std::vector<LbaRange> merged;
  for (const LbaRange& r : into.ranges) {
    if (!merged.empty() && merged.back().first + static_cast<int64_t>(merged.back().count) == r.first) merged.back().count += r.count;
    else merged.push_back(r);
  }
  into.ranges = std::move(merged);
}

void addText(std::set<std::string>& into, std::string text) {
  if (!text.empty() && (into.size() < kMaxQTexts || into.count(text) > 0)) into.insert(std::move(text));
}

} // namespace

std::string decodeQCatalog(const std::array<uint8_t, 12>& q) {
  // §1.7 ADR 2: N1..N13 as BCD nibbles from the high nibble of byte 1.
  std::string out;
  for (size_t n = 0; n < 13; ++n) {
    const uint8_t b = q[1 + n / 2];
    const uint8_t digit = (n % 2 == 0) ? static_cast<uint8_t>(b >> 4) : static_cast<uint8_t>(b & 0x0F);
    if (digit > 9) return {};
    out.push_back(static_cast<char>('0' + digit));
  }
  return out;
}

std::string decodeQIsrc(const std::array<uint8_t, 12>& q) {
  // §1.7 ADR 3: I1..I5 are 6-bit characters packed MSB first into bytes 1-4 (30 bits, then 2 zero
  // bits); I6..I12 are BCD nibbles in bytes 5-8 (the last nibble is zero).
  const uint32_t packed = (uint32_t{q[1]} << 24) | (uint32_t{q[2]} << 16) | (uint32_t{q[3]} << 8) | q[4];
  std::string out;
  for (int i = 0; i < 5; ++i) {
    const auto c = static_cast<uint8_t>((packed >> (26 - 6 * i)) & 0x3F);
    if (c <= 0x09) out.push_back(static_cast<char>('0' + c));
    else if (c >= 0x11 && c <= 0x2A) out.push_back(static_cast<char>('A' + (c - 0x11)));
    else return {};
  }
  for (size_t n = 0; n < 7; ++n) {
    const uint8_t b = q[5 + n / 2];
    const uint8_t digit = (n % 2 == 0) ? static_cast<uint8_t>(b >> 4) : static_cast<uint8_t>(b & 0x0F);
    if (digit > 9) return {};
    out.push_back(static_cast<char>('0' + digit));
  }
  return out;
}

SubchannelFacts mergeSubchannelFacts(const std::vector<const SubchannelFacts*>& parts) {
  SubchannelFacts out;
  std::set<std::string> catalogs, isrcs;
  for (size_t i = 0; i < parts.size(); ++i) {
    const SubchannelFacts& f = *parts[i];
    if (i == 0) {
      out.track = f.track;
      out.arrangement = f.arrangement;
      out.separateFile = f.separateFile;
    }
    out.blocks += f.blocks;
    out.crcFailures += f.crcFailures;
    out.positionBlocks += f.positionBlocks;
    out.catalogBlocks += f.catalogBlocks;
    out.isrcBlocks += f.isrcBlocks;
    joinRuns(out.crcRuns, f.crcRuns);
    joinRuns(out.timeMismatch, f.timeMismatch);
    joinRuns(out.trackMismatch, f.trackMismatch);
    for (const auto& c : f.catalogs) addText(catalogs, c);
    for (const auto& c : f.isrcs) addText(isrcs, c);
  }
  out.catalogs.assign(catalogs.begin(), catalogs.end());
  out.isrcs.assign(isrcs.begin(), isrcs.end());
  return out;
}

uint16_t crc16Q(ByteView bytes) {
  uint32_t crc = 0;
  for (uint8_t b : bytes) {
    crc ^= uint32_t{b} << 8;
    for (int i = 0; i < 8; ++i) crc = (crc & 0x8000u) ? ((crc << 1) ^ 0x1021u) : (crc << 1);
    crc &= 0xFFFFu;
  }
  return static_cast<uint16_t>(crc);
}

std::array<uint8_t, 12> extractQ(ByteView sub, Subchannel arrangement) {
  std::array<uint8_t, 12> q{};
  if (sub.size() < kSubchannelSize) return q;
  if (arrangement == Subchannel::Interleaved) {
    // Byte 8i + j carries bit (7 - j) of byte i of each channel; Q is bit 6 (§1.7).
    for (size_t i = 0; i < 12; ++i) {
      uint8_t v = 0;
      for (size_t j = 0; j < 8; ++j) v = static_cast<uint8_t>(v | (((sub[8 * i + j] >> 6) & 1u) << (7 - j)));
      q[i] = v;
    }
  } else {
    std::copy_n(sub.begin() + 12, 12, q.begin());
  }
  return q;
}

std::vector<SubRegion> subRegionsOf(const Disc& disc, int fileIndex) {
  std::vector<SubRegion> out;
  if (fileIndex < 0 || static_cast<size_t>(fileIndex) >= disc.files.size()) return out;
  if (disc.files[static_cast<size_t>(fileIndex)].role == "subchannel") {
    // A .sub beside an .img: block k belongs to .img sector k (CloneCD, linear P-W).
    for (const Track& t : disc.tracks)
      for (const Fragment& f : t.fragments)
        if (f.file == 0 && f.sectorSize == kRawSectorSize && f.sectors > 0)
          out.push_back({t.number, f.offset / kRawSectorSize * kSubchannelSize, f.sectors, kSubchannelSize, f.firstLba, Subchannel::Linear});
    return out;
  }
  for (const Track& t : disc.tracks)
    for (const Fragment& f : t.fragments)
      if (f.file == fileIndex && f.mainSize == kRawSectorSize && f.sectorSize == kRawSubSectorSize && f.sectors > 0 &&
          (f.subchannel == Subchannel::Interleaved || f.subchannel == Subchannel::Linear))
        out.push_back({t.number, f.offset + kRawSectorSize, f.sectors, kRawSubSectorSize, f.firstLba, f.subchannel});
  return out;
}

SubchannelConsumer::SubchannelConsumer(std::vector<SubRegion> regions, size_t maxRanges)
    : regions_(std::move(regions)), maxRanges_(maxRanges) {
  for (size_t i = 0; i < regions_.size(); ++i) state_.push_back(std::make_unique<State>());
}

void SubchannelConsumer::consume(const Chunk& chunk) {
  const uint64_t c0 = chunk.offset, c1 = chunk.offset + chunk.data.size();
  for (size_t ri = 0; ri < regions_.size(); ++ri) {
    const SubRegion& r = regions_[ri];
    const uint64_t end = r.offset + r.sectors * r.stride;
    if (c1 <= r.offset || c0 >= end) continue;
    uint64_t k = c0 > r.offset ? (c0 - r.offset + r.stride - 1) / r.stride : 0;
    uint64_t blocks = 0, crcFail = 0, position = 0, catalogBlocks = 0, isrcBlocks = 0;
    std::vector<std::pair<int32_t, uint8_t>> failures;
    std::set<std::string> catalogs, isrcs;
    for (; k < r.sectors; ++k) {
      const uint64_t b0 = r.offset + k * r.stride;
      if (b0 + kSubchannelSize > c1) break;
      if (b0 < c0) continue;
      ++blocks;
      const int32_t lba = static_cast<int32_t>(r.firstLba + static_cast<int64_t>(k));
      const auto q = extractQ(chunk.data.subspan(b0 - c0, kSubchannelSize), r.arrangement);
      const uint16_t stored = static_cast<uint16_t>((q[10] << 8) | q[11]);
      if (static_cast<uint16_t>(~crc16Q(ByteView(q.data(), 10))) != stored) {
        ++crcFail;
        failures.emplace_back(lba, 1);
        continue;
      }
      const uint8_t adr = q[0] & 0x0F;
      if (adr == 2) {
        ++catalogBlocks;
        addText(catalogs, decodeQCatalog(q));
        continue;
      }
      if (adr == 3) {
        ++isrcBlocks;
        addText(isrcs, decodeQIsrc(q));
        continue;
      }
      if (adr != 1) continue; // ADR 5 and others carry pointers, not a position
      ++position;
      uint8_t bits = 0;
      const auto m = fromBcd(q[7]), s = fromBcd(q[8]), f = fromBcd(q[9]);
      if (!m || !s || !f || Msf{*m, *s, *f}.lba() != lba) bits |= 2;
      const auto tno = fromBcd(q[1]);
      const auto index = fromBcd(q[2]);
      if (!tno || (*tno != r.track && index.value_or(0) != 0)) bits |= 4;
      if (bits) failures.emplace_back(lba, bits);
    }
    State& st = *state_[ri];
    std::lock_guard lock(st.mutex);
    st.blocks += blocks;
    st.crcFailures += crcFail;
    st.positionBlocks += position;
    st.catalogBlocks += catalogBlocks;
    st.isrcBlocks += isrcBlocks;
    for (const auto& c : catalogs) addText(st.catalogs, c);
    for (const auto& c : isrcs) addText(st.isrcs, c);
    for (auto& x : failures)
      if (st.failures.size() < kMaxFailures) st.failures.push_back(x);
  }
}

void SubchannelConsumer::finish(uint64_t) {
  facts_.clear();
  for (size_t ri = 0; ri < regions_.size(); ++ri) {
    State& st = *state_[ri];
    SubchannelFacts f;
    f.track = regions_[ri].track;
    f.blocks = st.blocks;
    f.crcFailures = st.crcFailures;
    f.positionBlocks = st.positionBlocks;
    f.catalogBlocks = st.catalogBlocks;
    f.isrcBlocks = st.isrcBlocks;
    f.catalogs.assign(st.catalogs.begin(), st.catalogs.end());
    f.isrcs.assign(st.isrcs.begin(), st.isrcs.end());
    f.arrangement = regions_[ri].arrangement;
    f.separateFile = regions_[ri].stride == kSubchannelSize;
    std::sort(st.failures.begin(), st.failures.end());
    for (const auto& [lba, bits] : st.failures) {
      if (bits & 1) addRun(f.crcRuns, lba, maxRanges_);
      if (bits & 2) addRun(f.timeMismatch, lba, maxRanges_);
      if (bits & 4) addRun(f.trackMismatch, lba, maxRanges_);
    }
    facts_.push_back(std::move(f));
  }
}

} // namespace dv::analyzer::cd
