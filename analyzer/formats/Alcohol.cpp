// Alcohol: header, session blocks, track blocks, extra and footer blocks of an .mds (§3.5).
#include "analyzer/formats/Alcohol.h"

#include <algorithm>
#include <cstring>

#include "analyzer/formats/DescriptorText.h"
#include "core/ByteReader.h"

namespace dv::analyzer::formats {
namespace {

using cd::SectorLayout;
using cd::TrackMode;

constexpr size_t kHeaderSize = 88, kSessionSize = 24, kTrackSize = 80;

void issueAt(cd::Disc& d, const char* topic, uint64_t offset, std::string message, bool minor = false, std::string expected = {},
             std::string actual = {}) {
  addIssue(d, topic, 0, std::move(message), minor, std::move(expected), std::move(actual));
  if (!d.issues.empty()) {
    d.issues.back().offset = offset;
    d.issues.back().hasOffset = true;
  }
}

// The data file name at `offset`: NUL-terminated, UTF-16LE when `wide` (only ASCII is kept).
std::string fileName(ByteReader& in, uint32_t offset, bool wide) {
  std::string out;
  for (size_t i = offset; out.size() < 1024; i += wide ? 2 : 1) {
    if (!in.fits(i, wide ? 2 : 1)) break;
    const uint32_t c = wide ? in.le16At(i) : in.u8At(i);
    if (c == 0) break;
    out.push_back(c < 0x80 ? static_cast<char>(c) : '?');
  }
  return out;
}

} // namespace

bool hasMdsSignature(ByteView head) { return head.size() >= 16 && std::memcmp(head.data(), "MEDIA DESCRIPTOR", 16) == 0; }

cd::Disc parseAlcohol(ByteView mds, const std::string& path, const FileResolver& files) {
  cd::Disc disc;
  disc.format = "mds";
  disc.descriptorPath = path;
  ByteReader in(mds);
  if (!hasMdsSignature(mds) || mds.size() < kHeaderSize) {
    issueAt(disc, "MDS-001", 0, "no 'MEDIA DESCRIPTOR' header", false, "MEDIA DESCRIPTOR", "none");
    return disc;
  }
  const uint8_t version = in.u8At(16);
  if (version != 1) {
    issueAt(disc, "MDS-001", 16, "version " + std::to_string(version) + " is not the readable 1.x format", false, "1", std::to_string(version));
    return disc;
  }
  const uint16_t sessionCount = in.le16At(20);
  const uint32_t sessionsAt = in.le32At(80);
  if (sessionCount == 0 || sessionCount > 99 || !in.fits(sessionsAt, size_t{sessionCount} * kSessionSize)) {
    issueAt(disc, "MDS-001", 80, "session blocks lie outside the .mds or their count is invalid", false,
            "inside " + std::to_string(mds.size()) + " bytes", std::to_string(sessionsAt) + " x " + std::to_string(sessionCount));
    return disc;
  }
  int dataFile = -1;
  for (uint32_t s = 0; s < sessionCount; ++s) {
    const size_t so = sessionsAt + size_t{s} * kSessionSize;
    const uint16_t number = in.le16At(so + 8);
    const uint8_t blocks = in.u8At(so + 10);
    const uint8_t nonTrack = in.u8At(so + 11);
    const uint32_t tracksAt = in.le32At(so + 20);
    if (!in.fits(tracksAt, size_t{blocks} * kTrackSize)) {
      issueAt(disc, "MDS-001", so, "track blocks of session " + std::to_string(number) + " lie outside the .mds");
      continue;
    }
    uint32_t seenNonTrack = 0;
    for (uint32_t b = 0; b < blocks; ++b) {
      const size_t to = tracksAt + size_t{b} * kTrackSize;
      const uint8_t mode = in.u8At(to);
      const uint8_t subMode = in.u8At(to + 1);
      const uint8_t adrCtl = in.u8At(to + 2);
      const uint8_t point = in.u8At(to + 4);
      if (point >= 0xA0) {
        ++seenNonTrack;
        if (point > 0xA2 && point != 0xB0 && point != 0xC0)
          issueAt(disc, "MDS-001", to + 4, "invalid POINT value", false, "1-99 or A0-A2", std::to_string(point));
        continue;
      }
      if (point == 0 || point > 99) {
        issueAt(disc, "MDS-001", to + 4, "invalid POINT value", false, "1-99 or A0-A2", std::to_string(point));
        continue;
      }
      const uint32_t extraAt = in.le32At(to + 12);
      const uint16_t sectorSize = in.le16At(to + 16);
      const int32_t startLba = static_cast<int32_t>(in.le32At(to + 36));
      const uint64_t fileOffset = in.le64At(to + 40);
      const uint32_t footerAt = in.le32At(to + 52);
      uint32_t pregap = 0, length = 0;
      if (extraAt != 0 && in.fits(extraAt, 8)) {
        pregap = in.le32At(extraAt);
        length = in.le32At(extraAt + 4);
      } else if (extraAt != 0) {
        issueAt(disc, "MDS-001", to + 12, "extra block lies outside the .mds");
      }
      if (dataFile < 0 && footerAt != 0 && in.fits(footerAt, 16)) {
        const std::string raw = fileName(in, in.le32At(footerAt), in.le32At(footerAt + 4) == 1);
        // "*.mdf" means the .mds's own base name with the extension .mdf.
        const std::string name = raw.rfind("*.", 0) == 0 ? stemOf(path) + raw.substr(1) : raw;
        cd::DataFile df;
        df.name = name;
        df.role = "image";
        if (auto st = files.resolve(name)) {
          df.found = true;
          df.path = st->path;
          df.size = st->size;
        } else {
          issueAt(disc, "MDS-002", footerAt, "data file '" + name + "' does not exist", false, "an existing file", "missing");
        }
        disc.files.push_back(df);
        dataFile = 0;
      }
      cd::Track t;
      t.number = point;
      t.session = number == 0 ? s + 1 : number;
      t.modeText = "0x" + std::string(1, "0123456789ABCDEF"[mode >> 4]) + std::string(1, "0123456789ABCDEF"[mode & 0xF]);
      switch (mode & 0x07) {
      case 1: t.mode = TrackMode::Audio; break;
      case 2: t.mode = TrackMode::Mode1; break;
      case 3: t.mode = TrackMode::Mode2; break;
      case 4: t.mode = TrackMode::Mode2Form1; break;
      case 5: t.mode = TrackMode::Mode2Form2; break;
      default:
        issueAt(disc, "MDS-001", to, "unknown track mode " + t.modeText);
        t.mode = (adrCtl & 0x04) ? TrackMode::Mode1 : TrackMode::Audio;
      }
      const bool sub = subMode == 0x08;
      const uint32_t main = sub ? sectorSize - std::min<uint32_t>(sectorSize, 96) : sectorSize;
      if (sub && sectorSize != 2448)
        issueAt(disc, "MDS-002", to + 16, "track " + std::to_string(point) + ": sub-channel mode 0x08 needs 2352 + 96 bytes per sector",
                false, "2448", std::to_string(sectorSize));
      if (main != 2048 && main != 2324 && main != 2336 && main != 2352) {
        issueAt(disc, "MDS-001", to + 16, "track " + std::to_string(point) + ": sector size is not a CD sector size", false, "2048-2448",
                std::to_string(sectorSize));
        continue;
      }
      // Lead-in starts at -45150 (LBA of 00:00:00 with the 150 offset, less the 10-minute lead-in
      // area); no disc an MDS describes (CD, DVD, BD) reaches 2^30 sectors. Anything else would
      // also overflow the pregap arithmetic below.
      constexpr int32_t kFirstLba = -45150, kLastLba = int32_t{1} << 30;
      if (startLba < kFirstLba || startLba > kLastLba) {
        issueAt(disc, "MDS-001", to + 36, "track " + std::to_string(point) + ": start LBA is outside any disc", false,
                std::to_string(kFirstLba) + " to " + std::to_string(kLastLba), std::to_string(startLba));
        continue;
      }
      t.flags.data = (adrCtl & 0x04) != 0;
      t.flags.copyPermitted = (adrCtl & 0x02) != 0;
      t.sectorSize = sectorSize;
      t.startLba = startLba;
      t.sectors = length;
      t.pregap = pregap;
      t.indexes.push_back({1, startLba});
      // The .mdf holds no pregaps (§3.5): they are generated.
      if (pregap) t.fragments.push_back({startLba - static_cast<int32_t>(std::min<uint32_t>(pregap, 1 << 20)), std::min<uint32_t>(pregap, 1 << 20)});
      cd::Fragment f;
      f.firstLba = startLba;
      f.sectors = length;
      f.file = (dataFile >= 0 && disc.files[0].found) ? 0 : -1;
      f.offset = fileOffset;
      f.sectorSize = sectorSize;
      f.mainSize = main;
      f.layout = main == 2352 ? SectorLayout::Raw : (main == 2336 ? SectorLayout::Mode2Body : SectorLayout::User);
      f.subchannel = sub ? cd::Subchannel::Interleaved : cd::Subchannel::None;
      if (f.file >= 0) {
        t.fragments.push_back(f);
        uint64_t need = 0;
        if (!checkedMul(length, sectorSize, need) || !checkedAdd(need, fileOffset, need)) need = UINT64_MAX;
        disc.files[0].needed = std::max(disc.files[0].needed, need);
      }
      if (disc.tracks.size() < 99) disc.tracks.push_back(std::move(t));
    }
    if (seenNonTrack != nonTrack)
      issueAt(disc, "MDS-001", so + 11, "session " + std::to_string(number) + ": non-track block count disagrees", true,
              std::to_string(nonTrack), std::to_string(seenNonTrack));
  }
  if (Error e = in.takeError()) issueAt(disc, "MDS-001", 0, "a block lies outside the .mds: " + e.message());
  std::sort(disc.tracks.begin(), disc.tracks.end(), [](const cd::Track& a, const cd::Track& b) { return a.number < b.number; });
  buildSessions(disc);
  if (disc.sessions.size() != sessionCount && !disc.tracks.empty())
    issueAt(disc, "MDS-001", 20, "session count disagrees with the session blocks", false, std::to_string(sessionCount),
            std::to_string(disc.sessions.size()));
  return disc;
}

} // namespace dv::analyzer::formats
