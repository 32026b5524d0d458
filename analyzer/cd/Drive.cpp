// Drive: the disc model of a TOC and the per-track ByteSource over a drive.
#include "analyzer/cd/Drive.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "analyzer/cd/Sector.h"

namespace dv::analyzer::cd {

Disc discFromToc(const DriveToc& toc, const std::string& name) {
  Disc d;
  d.format = "drive";
  d.descriptorPath = name;
  d.catalog = toc.catalog;
  for (size_t i = 0; i < toc.tracks.size() && i < 99; ++i) {
    const DriveTrack& e = toc.tracks[i];
    Track t;
    t.number = e.number;
    t.session = e.session;
    const bool data = (e.control & 0x4) != 0;
    t.mode = !data ? TrackMode::Audio : (e.dataMode == 2 ? TrackMode::Mode2Form1 : TrackMode::Mode1);
    t.flags.data = data;
    t.flags.copyPermitted = (e.control & 0x2) != 0;
    t.flags.preEmphasis = !data && (e.control & 0x1) != 0;
    t.flags.fourChannel = !data && (e.control & 0x8) != 0;
    t.startLba = e.startLba;
    t.sectorSize = data ? kUserDataSize : kRawSectorSize;
    int64_t end = toc.leadOutLba;
    if (i + 1 < toc.tracks.size()) {
      end = toc.tracks[i + 1].startLba;
      // A track that closes a session ends before the lead-out, lead-in and pregap of the next (§2).
      if (toc.tracks[i + 1].session != e.session) end -= (e.session == 1 ? 11400 : 6900);
    }
    // Mastering puts a 150-sector postgap after a data track followed by audio (§2); the drive
    // cannot read it as user data, so the track ends before it.
    if (data && i + 1 < toc.tracks.size() && (toc.tracks[i + 1].control & 0x4) == 0 && toc.tracks[i + 1].session == e.session)
      end -= 150;
    t.sectors = end > e.startLba ? static_cast<uint64_t>(end - e.startLba) : 0;
    t.indexes.push_back({1, t.startLba});
    d.tracks.push_back(std::move(t));
  }
  std::map<uint32_t, Session> sessions;
  for (const Track& t : d.tracks) {
    auto [it, fresh] = sessions.try_emplace(t.session, Session{t.session, t.number, t.number, std::nullopt});
    it->second.lastTrack = t.number;
  }
  for (auto& [n, s] : sessions) d.sessions.push_back(s);
  return d;
}

DriveTrackSource::DriveTrackSource(CdDrive& drive, const Track& track)
    : drive_(drive), audio_(track.audio()), firstLba_(track.startLba),
      sectorSize_(track.audio() ? kRawSectorSize : kUserDataSize), size_(track.sectors * sectorSize_) {
  info_.path = drive.name() + "#track" + std::to_string(track.number);
  info_.kind = SourceKind::OpticalDrive;
  info_.media = MediaKind::Optical;
  info_.size = size_;
  info_.deviceSectorSize = sectorSize_;
}

Result<size_t> DriveTrackSource::readAt(uint64_t offset, MutableByteView out) {
  if (offset >= size_ || out.empty()) return size_t{0};
  const uint64_t want = std::min<uint64_t>(out.size(), size_ - offset);
  const uint64_t firstSector = offset / sectorSize_;
  const uint64_t lastSector = (offset + want - 1) / sectorSize_;
  const auto count = static_cast<uint32_t>(lastSector - firstSector + 1);
  scratch_.resize(static_cast<size_t>(count) * sectorSize_);
  const int32_t lba = firstLba_ + static_cast<int32_t>(firstSector);
  Error e = audio_ ? drive_.readAudio(lba, count, scratch_) : drive_.readData(lba, count, scratch_);
  if (e) return e;
  std::memcpy(out.data(), scratch_.data() + (offset - firstSector * sectorSize_), static_cast<size_t>(want));
  return static_cast<size_t>(want);
}

Result<size_t> DriveTrackSource::readNext(MutableByteView out) {
  auto n = readAt(next_, out);
  if (n) next_ += *n;
  return n;
}

} // namespace dv::analyzer::cd
