// Nero: footer, chunk chain, DAO/TAO track tables and CUE entries (§3.4).
#include "analyzer/formats/Nero.h"

#include "analyzer/cd/CdText.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "analyzer/formats/DescriptorText.h"
#include "core/ByteReader.h"
#include "core/Lba.h"
#include "core/Text.h"

namespace dv::analyzer::formats {
namespace {

using cd::SectorLayout;
using cd::TrackMode;

struct NrgMode {
  uint32_t code;
  TrackMode mode;
  uint32_t sectorSize;
  uint32_t mainSize;
  SectorLayout layout;
  bool sub;
};

// §3.4 mode codes. 0x06 is 2352 (libmirage, Aaru; libcdio assumes 2336 — see parseMode()).
constexpr NrgMode kModes[] = {
    {0x00, TrackMode::Mode1, 2048, 2048, SectorLayout::User, false},
    {0x02, TrackMode::Mode2Form1, 2048, 2048, SectorLayout::User, false},
    {0x03, TrackMode::Mode2, 2336, 2336, SectorLayout::Mode2Body, false},
    {0x05, TrackMode::Mode1, 2352, 2352, SectorLayout::Raw, false},
    {0x06, TrackMode::Mode2, 2352, 2352, SectorLayout::Raw, false},
    {0x07, TrackMode::Audio, 2352, 2352, SectorLayout::Raw, false},
    {0x08, TrackMode::Audio, 2352, 2352, SectorLayout::Raw, false},
    {0x0F, TrackMode::Mode1, 2448, 2352, SectorLayout::Raw, true},
    {0x10, TrackMode::Audio, 2448, 2352, SectorLayout::Raw, true},
    {0x11, TrackMode::Mode2, 2448, 2352, SectorLayout::Raw, true},
};

const NrgMode* modeOf(uint32_t code) {
  for (const NrgMode& m : kModes)
    if (m.code == code) return &m;
  return nullptr;
}

struct RawTrack {
  uint32_t session = 1;
  uint32_t number = 0;
  uint32_t modeCode = 0;
  uint32_t sectorSize = 0; // as the table gives it (DAO), 0 for TAO
  uint64_t index0 = 0, index1 = 0, end = 0;
  std::optional<int32_t> startLba;
  std::string isrc;
  uint64_t chunkOffset = 0;
};

void issueAt(cd::Disc& d, const char* topic, uint64_t offset, std::string message, bool minor = false, std::string expected = {},
             std::string actual = {}, bool note = false) {
  addIssue(d, topic, 0, std::move(message), minor, std::move(expected), std::move(actual));
  if (!d.issues.empty()) {
    d.issues.back().offset = offset;
    d.issues.back().hasOffset = true;
    d.issues.back().note = note;
  }
}

} // namespace

bool hasNrgFooter(ByteView tail) {
  if (tail.size() >= 12 && std::memcmp(tail.data() + tail.size() - 12, "NER5", 4) == 0) return true;
  return tail.size() >= 8 && std::memcmp(tail.data() + tail.size() - 8, "NERO", 4) == 0;
}

cd::Disc parseNero(ByteView tail, uint64_t fileSize, const std::string& path) {
  cd::Disc disc;
  disc.format = "nrg";
  disc.descriptorPath = path;
  cd::DataFile self;
  self.name = path;
  self.path = path;
  self.found = true;
  self.size = fileSize;
  self.role = "image";
  disc.files.push_back(self);
  const uint64_t tailStart = fileSize - tail.size();
  ByteReader in(tail);

  // Footer: NER5 + 64-bit offset at end-12 first, then NERO + 32-bit offset at end-8.
  uint64_t first = 0, footerAt = 0;
  bool v2 = false;
  if (tail.size() >= 12 && std::memcmp(tail.data() + tail.size() - 12, "NER5", 4) == 0) {
    v2 = true;
    footerAt = fileSize - 12;
    first = in.be64At(tail.size() - 8);
  } else if (tail.size() >= 8 && std::memcmp(tail.data() + tail.size() - 8, "NERO", 4) == 0) {
    footerAt = fileSize - 8;
    first = in.be32At(tail.size() - 4);
  } else {
    issueAt(disc, "NRG-001", fileSize, "no NRG footer (NER5 at end-12 or NERO at end-8)", false, "NER5 or NERO", "none");
    return disc;
  }
  if (first >= footerAt || first < tailStart) {
    issueAt(disc, "NRG-001", footerAt, first >= footerAt ? "first chunk offset lies past the footer" : "chunk chain starts more than 4 MiB before the end",
            false, "below " + std::to_string(footerAt), std::to_string(first));
    return disc;
  }

  std::vector<RawTrack> tracks;
  std::map<uint32_t, std::map<uint32_t, int32_t>> cueIndex1; // session -> track -> LBA of index 1
  std::vector<uint32_t> sinf;
  uint32_t sessions = 0;
  bool ended = false;
  uint64_t at = first;
  for (int guard = 0; guard < 100000 && at + 8 <= footerAt; ++guard) {
    const size_t rel = static_cast<size_t>(at - tailStart);
    const std::string id = in.stringAt(rel, 4);
    const uint32_t len = in.be32At(rel + 4);
    const uint64_t payload = at + 8;
    if (payload + len > footerAt) {
      issueAt(disc, "NRG-001", at, "chunk '" + printable(id) + "' runs past the footer", false, "end by " + std::to_string(footerAt),
              std::to_string(payload + len));
      break;
    }
    ByteView body = tail.subspan(rel + 8, len);
    ByteReader c(body);
    if (id == "END!") {
      ended = true;
      if (payload + len != footerAt)
        issueAt(disc, "NRG-001", at, "END! is not followed by the footer", false, std::to_string(footerAt), std::to_string(payload + len));
      break;
    }
    if (id == "CUES" || id == "CUEX") {
      ++sessions;
      for (size_t k = 0; k + 8 <= body.size(); k += 8) {
        const auto tno = fromBcd(body[k + 1]);
        const auto idx = fromBcd(body[k + 2]);
        int32_t lba = 0;
        if (id == "CUEX") lba = static_cast<int32_t>(c.be32At(k + 4));
        else lba = Msf{body[k + 5], body[k + 6], body[k + 7]}.lba();
        if (tno && idx && *tno >= 1 && *tno <= 99 && *idx == 1) cueIndex1[sessions][*tno] = lba;
      }
    } else if (id == "DAOI" || id == "DAOX") {
      const size_t entry = id == "DAOX" ? 42 : 30;
      if (body.size() < 22) {
        issueAt(disc, "NRG-002", at, id + " chunk shorter than its 22-byte header", false, ">= 22", std::to_string(body.size()));
      } else {
        const std::string mcn = c.stringAt(4, 13);
        if (disc.catalog.empty() && mcn.find_first_not_of('\0') != std::string::npos) disc.catalog = std::string(trimSpaces(mcn));
        const uint32_t firstTrack = body[20];
        const uint32_t lastTrack = body[21];
        const uint32_t session = sessions; // the CUES/CUEX chunk of this session precedes it
        for (size_t k = 22, n = 0; k + entry <= body.size() && n < 99; k += entry, ++n) {
          RawTrack t;
          t.session = std::max<uint32_t>(1, session);
          t.number = firstTrack + static_cast<uint32_t>(n);
          t.isrc = std::string(trimSpaces(c.stringAt(k, 12)));
          t.sectorSize = c.be16At(k + 12);
          t.modeCode = body[k + 14];
          if (entry == 42) {
            t.index0 = c.be64At(k + 18);
            t.index1 = c.be64At(k + 26);
            t.end = c.be64At(k + 34);
          } else {
            t.index0 = c.be32At(k + 18);
            t.index1 = c.be32At(k + 22);
            t.end = c.be32At(k + 26);
          }
          t.chunkOffset = at;
          tracks.push_back(t);
        }
        if (lastTrack >= firstTrack && lastTrack - firstTrack + 1 != (body.size() - 22) / entry)
          issueAt(disc, "NRG-002", at, id + " track count disagrees with its first/last track", false,
                  std::to_string(lastTrack - firstTrack + 1), std::to_string((body.size() - 22) / entry));
      }
    } else if (id == "TINF" || id == "ETNF" || id == "ETN2") {
      ++sessions;
      const size_t entry = id == "TINF" ? 12 : (id == "ETNF" ? 20 : 32);
      for (size_t k = 0, n = 0; k + entry <= body.size() && n < 99; k += entry, ++n) {
        RawTrack t;
        t.session = sessions;
        t.number = static_cast<uint32_t>(tracks.size() + 1);
        uint64_t length = 0;
        if (id == "ETN2") {
          t.index0 = t.index1 = c.be64At(k);
          length = c.be64At(k + 8);
          t.modeCode = c.be32At(k + 16);
          t.startLba = static_cast<int32_t>(c.be32At(k + 20));
        } else {
          t.index0 = t.index1 = c.be32At(k);
          length = c.be32At(k + 4);
          t.modeCode = c.be32At(k + 8);
          if (id == "ETNF") t.startLba = static_cast<int32_t>(c.be32At(k + 12));
        }
        t.end = t.index1 + length;
        t.chunkOffset = at;
        tracks.push_back(t);
      }
    } else if (id == "SINF") {
      sinf.push_back(c.be32At(0));
    } else if (id == "CDTX") {
      disc.hasCdText = true;
      const size_t keep = std::min(body.size(), cd::kMaxCdTextBytes);
      disc.cdTextPacks.assign(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(keep));
    } else if (id == "MTYP" || id == "DINF" || id == "TOCT" || id == "RELO") {
      // Known and not needed for the layout (§3.4: DINF, TOCT, RELO have no documented meaning).
    } else {
      issueAt(disc, "NRG-001", at, "unknown chunk '" + printable(id) + "'", false, {}, printable(id), true);
    }
    if (Error e = c.takeError()) issueAt(disc, "NRG-001", at, "chunk '" + printable(id) + "' too short for its fields");
    at = payload + len;
  }
  if (Error e = in.takeError()) issueAt(disc, "NRG-001", at, "chunk chain runs outside the file");
  if (!ended) issueAt(disc, "NRG-001", at, "chunk chain does not end with END!", false, "END!", "none");
  (void)v2;

  // §3.4: one SINF per session holding the number of tracks of that session (Aaru, Wikipedia); libcdio
  // reads it as a session count. Follow the majority and say when only the other reading fits.
  if (!sinf.empty() && sinf.size() != std::max<uint32_t>(sessions, 1))
    issueAt(disc, "NRG-002", first, "SINF chunks differ from the number of sessions", false, std::to_string(sessions), std::to_string(sinf.size()));
  for (size_t s = 0; s < sinf.size(); ++s) {
    const auto inSession = static_cast<uint32_t>(std::count_if(tracks.begin(), tracks.end(), [&](const RawTrack& t) { return t.session == s + 1; }));
    if (sinf[s] != inSession) {
      const bool otherReading = sinf[s] == sinf.size();
      issueAt(disc, "NRG-002", first,
              otherReading ? "SINF holds the session count (libcdio's reading), not the tracks of session " + std::to_string(s + 1)
                           : "SINF of session " + std::to_string(s + 1) + " differs from its number of tracks",
              otherReading, std::to_string(inSession), std::to_string(sinf[s]), otherReading);
    }
  }

  int64_t cursor = 0;
  uint64_t lastEnd = 0;
  for (const RawTrack& r : tracks) {
    const NrgMode* m = modeOf(r.modeCode);
    cd::Track t;
    t.number = r.number;
    t.session = r.session;
    t.isrc = r.isrc;
    t.modeText = "0x" + std::string(1, "0123456789ABCDEF"[(r.modeCode >> 4) & 0xF]) + std::string(1, "0123456789ABCDEF"[r.modeCode & 0xF]);
    if (!m) {
      issueAt(disc, "NRG-002", r.chunkOffset, "track " + std::to_string(r.number) + ": unknown mode code " + t.modeText, false, {}, t.modeText);
      m = &kModes[3];
    }
    uint32_t size = m->sectorSize;
    if (r.sectorSize != 0 && r.sectorSize != m->sectorSize) {
      // Mode 0x06 with 2336 is libcdio's reading of the code; any other mismatch is an inconsistency.
      const bool otherReading = r.modeCode == 0x06 && r.sectorSize == 2336;
      issueAt(disc, "NRG-002", r.chunkOffset, "track " + std::to_string(r.number) + ": sector size disagrees with mode code " + t.modeText,
              otherReading, std::to_string(m->sectorSize), std::to_string(r.sectorSize), otherReading);
      if (otherReading) size = 2336;
    }
    t.mode = m->mode;
    t.flags.data = m->mode != TrackMode::Audio;
    t.sectorSize = size;
    if (r.index0 > r.index1 || r.index1 > r.end || r.end > first)
      issueAt(disc, "NRG-002", r.chunkOffset, "track " + std::to_string(r.number) + ": offsets out of order or past the data area", false,
              "index0 <= index1 <= end <= " + std::to_string(first), std::to_string(r.index0) + "/" + std::to_string(r.index1) + "/" + std::to_string(r.end));
    if (r.index0 < lastEnd)
      issueAt(disc, "NRG-002", r.chunkOffset, "track " + std::to_string(r.number) + " overlaps the previous track", false,
              ">= " + std::to_string(lastEnd), std::to_string(r.index0));
    if (r.end >= r.index0 && (r.end - r.index0) % size != 0)
      issueAt(disc, "NRG-002", r.chunkOffset, "track " + std::to_string(r.number) + " is not a whole number of sectors", true,
              "a multiple of " + std::to_string(size), std::to_string(r.end - r.index0));
    const uint64_t end = std::min<uint64_t>(std::max(r.end, r.index1), first);
    const uint64_t i0 = std::min(r.index0, std::min(r.index1, end));
    const uint64_t i1 = std::min(r.index1, end);
    lastEnd = std::max(lastEnd, end);
    const uint32_t pregap = static_cast<uint32_t>(std::min<uint64_t>((i1 - i0) / size, 1 << 20));
    t.sectors = (end - i1) / size;
    int64_t start = cursor + pregap;
    if (auto it = cueIndex1.find(r.session); it != cueIndex1.end() && it->second.count(r.number)) start = it->second.at(r.number);
    else if (r.startLba) start = *r.startLba + 150; // TAO: Nero adds a 150-sector pregap before each track
    t.startLba = static_cast<int32_t>(std::clamp<int64_t>(start, -450150, 1 << 30));
    t.pregap = pregap;
    t.pregapStored = pregap;
    if (pregap) t.indexes.push_back({0, t.startLba - static_cast<int32_t>(pregap)});
    t.indexes.push_back({1, t.startLba});
    cd::Fragment f;
    f.firstLba = t.startLba - static_cast<int32_t>(pregap);
    f.sectors = pregap + t.sectors;
    f.file = 0;
    f.offset = i0;
    f.sectorSize = size;
    f.mainSize = m->mainSize;
    f.layout = size == 2336 ? SectorLayout::Mode2Body : m->layout;
    f.subchannel = m->sub ? cd::Subchannel::Interleaved : cd::Subchannel::None;
    t.fragments.push_back(f);
    cursor = t.startLba + static_cast<int64_t>(t.sectors);
    disc.tracks.push_back(std::move(t));
  }
  disc.files[0].needed = lastEnd;
  buildSessions(disc);
  return disc;
}

} // namespace dv::analyzer::formats
