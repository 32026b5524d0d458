// RawDetect: the §4 probes, strongest signal first; a candidate whose EDC verifies wins.
#include "analyzer/formats/RawDetect.h"

#include <array>
#include <cstring>

#include "analyzer/cd/Sector.h"

namespace dv::analyzer::formats {
namespace {

using namespace cd;

bool at(ByteView b, uint64_t off, std::string_view s) {
  return off + s.size() <= b.size() && std::memcmp(b.data() + off, s.data(), s.size()) == 0;
}

bool volumeSignatureAt(ByteView b, uint64_t off) {
  return at(b, off + 1, "CD001") || at(b, off + 1, "BEA01") || at(b, off + 1, "NSR02") || at(b, off + 1, "NSR03") ||
         at(b, off + 9, "CDROM");
}

// How many of the first sectors at this stride start with the sync pattern.
size_t syncCount(ByteView b, uint32_t stride, size_t probe) {
  size_t n = 0;
  for (size_t k = 0; k < probe && (k + 1) * stride <= b.size(); ++k)
    if (hasSync(b.subspan(k * stride, kRawSectorSize))) ++n;
  return n;
}

// Whether the sub-channel bytes after the first sector are linear (Q at bytes 12-23 with a good CRC).
bool linearSubchannel(ByteView sub) {
  if (sub.size() < 24) return false;
  uint32_t crc = 0;
  for (size_t i = 12; i < 22; ++i) {
    crc ^= uint32_t{sub[i]} << 8;
    for (int b = 0; b < 8; ++b) crc = (crc & 0x8000u) ? ((crc << 1) ^ 0x1021u) : (crc << 1);
    crc &= 0xFFFFu;
  }
  const uint32_t stored = (uint32_t{sub[22]} << 8) | sub[23];
  return (crc ^ 0xFFFFu) == stored;
}

Disc oneTrack(const RawProbe& p, std::string format, uint32_t stride, uint32_t mainSize, SectorLayout layout, TrackMode mode,
              int32_t firstLba) {
  Disc d;
  d.format = std::move(format);
  d.descriptorPath = p.path;
  d.detectedStride = stride;
  DataFile f;
  f.name = p.path;
  f.path = p.path;
  f.found = true;
  f.size = p.size;
  f.role = "image";
  const uint64_t sectors = p.size / stride;
  f.needed = sectors * stride;
  d.files.push_back(f);
  Track t;
  t.number = 1;
  t.mode = mode;
  t.sectorSize = stride;
  t.startLba = firstLba;
  t.sectors = sectors;
  t.flags.data = mode != TrackMode::Audio;
  t.indexes.push_back({1, firstLba});
  Fragment fr;
  fr.firstLba = firstLba;
  fr.sectors = sectors;
  fr.file = 0;
  fr.sectorSize = stride;
  fr.mainSize = mainSize;
  fr.layout = layout;
  fr.subchannel = stride == kRawSubSectorSize ? Subchannel::Interleaved : Subchannel::None;
  t.fragments.push_back(fr);
  d.tracks.push_back(std::move(t));
  d.sessions.push_back({1, 1, 1, std::nullopt});
  return d;
}

} // namespace

std::optional<Disc> detectRawLayout(const RawProbe& p) {
  const ByteView b = p.head;
  if (p.size == 0 || b.size() < kRawSectorSize) return std::nullopt;

  // Raw strides: sync at every sector start (2448 before 2352: a 2448 file has sync at 0 and 2448).
  for (uint32_t stride : {kRawSubSectorSize, uint32_t{2368}, kRawSectorSize}) {
    if (p.size % stride != 0 && stride != kRawSectorSize) continue;
    const size_t probe = std::min<size_t>(16, b.size() / stride);
    if (probe < 2 && p.size >= uint64_t{2} * stride) continue;
    const size_t hits = syncCount(b, stride, probe);
    if (hits == 0 || hits * 2 < probe) continue;
    std::array<uint8_t, kRawSectorSize> first{};
    std::memcpy(first.data(), b.data(), kRawSectorSize);
    SectorHeader h = readHeader(first);
    bool scrambled = false;
    if (!h.bcdValid || (h.modeByte & 0xFC) != 0) {
      // Implausible header: try the scrambled reading (§4 last row).
      scramble(first);
      const SectorHeader u = readHeader(first);
      if (u.bcdValid && (u.modeByte & 0xFC) == 0) {
        h = u;
        scrambled = true;
      }
    }
    const int32_t firstLba = h.bcdValid ? h.msf.lba() : 0;
    TrackMode mode = TrackMode::Mode1;
    if (h.mode() == 0) mode = TrackMode::Mode0;
    else if (h.mode() == 2) mode = (first[18] & kSubmodeForm2) ? TrackMode::Mode2Form2 : TrackMode::Mode2Form1;
    Disc d = oneTrack(p, "raw", stride, kRawSectorSize, SectorLayout::Raw, mode, firstLba);
    d.scrambled = scrambled;
    d.detectedBy = "sync pattern at every " + std::to_string(stride) + "-byte sector";
    if (scrambled) d.detectedBy += ", scrambled";
    if (stride == kRawSubSectorSize) {
      const bool linear = linearSubchannel(b.subspan(kRawSectorSize, kSubchannelSize));
      d.tracks[0].fragments[0].subchannel = linear ? Subchannel::Linear : Subchannel::Interleaved;
    }
    if (stride == 2368) d.tracks[0].fragments[0].subchannel = Subchannel::Linear;
    return d;
  }

  // 2048 cooked: a volume recognition signature at sector 16.
  if (p.size % 2048 == 0 && volumeSignatureAt(b, 16 * 2048)) {
    Disc d = oneTrack(p, "iso", 2048, 2048, SectorLayout::User, TrackMode::Mode1, 0);
    // A CD-XA marker at PVD offset 1024 means Mode 2 Form 1 sectors were cooked to 2048.
    if (at(b, 16 * 2048 + 1024, "CD-XA001")) d.tracks[0].mode = TrackMode::Mode2Form1;
    d.detectedBy = "volume signature at byte 32768";
    return d;
  }
  // 2336: Mode 2 without sync and header; the ISO probe at record 16 offset 9, subheader copies equal.
  if (p.size % kMode2Size == 0 && at(b, 16 * kMode2Size + 9, "CD001") && b.size() >= 8 && std::memcmp(b.data(), b.data() + 4, 4) == 0) {
    Disc d = oneTrack(p, "raw", kMode2Size, kMode2Size, SectorLayout::Mode2Body, TrackMode::Mode2Form1, 0);
    d.detectedBy = "ISO 9660 signature in the 17th 2336-byte record";
    return d;
  }
  // CD-DA: whole 2352-byte sectors, no sync, no volume signature anywhere we looked.
  if (p.allowAudio && p.size % kRawSectorSize == 0 && syncCount(b, kRawSectorSize, 16) == 0 && !volumeSignatureAt(b, 16 * 2048)) {
    Disc d = oneTrack(p, "raw", kRawSectorSize, kRawSectorSize, SectorLayout::Raw, TrackMode::Audio, 0);
    d.detectedBy = "whole 2352-byte sectors without sync: CD-DA";
    return d;
  }
  return std::nullopt;
}

} // namespace dv::analyzer::formats
