// CloneCd: reads the INI sections of a .ccd and builds the tracks from its full-TOC entries (§3.3).
#include "analyzer/formats/CloneCd.h"

#include "analyzer/cd/CdText.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "analyzer/formats/DescriptorText.h"

namespace dv::analyzer::formats {
namespace {

struct Section {
  std::string name; // upper case
  uint32_t line = 0;
  std::map<std::string, std::string> keys; // upper-case key -> value
};

std::optional<int64_t> number(const Section& s, const std::string& key) {
  auto it = s.keys.find(key);
  if (it == s.keys.end()) return std::nullopt;
  std::string v = it->second;
  bool negative = false;
  if (!v.empty() && v[0] == '-') {
    negative = true;
    v = v.substr(1);
  }
  std::optional<uint64_t> n;
  // Point, ADR and Control are written as hex with 0x; accept both forms everywhere.
  if (v.size() > 2 && (v[1] == 'x' || v[1] == 'X') && v[0] == '0') {
    uint64_t x = 0;
    bool ok = v.size() <= 18;
    for (size_t i = 2; ok && i < v.size(); ++i) {
      const char c = v[i];
      const int d = c >= '0' && c <= '9' ? c - '0' : (c >= 'a' && c <= 'f' ? c - 'a' + 10 : (c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1));
      if (d < 0) ok = false;
      else x = x * 16 + static_cast<uint64_t>(d);
    }
    if (ok) n = x;
  } else {
    n = parseDecimal(v, uint64_t{1} << 40);
  }
  if (!n) return std::nullopt;
  return negative ? -static_cast<int64_t>(*n) : static_cast<int64_t>(*n);
}

std::string hex2(uint32_t v) {
  const char* d = "0123456789ABCDEF";
  return {d[(v >> 4) & 0xF], d[v & 0xF]};
}

struct Entry {
  uint32_t session = 1, point = 0, control = 0, line = 0;
  int64_t pmin = 0, psec = 0, pframe = 0, plba = 0;
};

} // namespace

cd::Disc parseCloneCd(std::string_view text, const std::string& path, const FileResolver& files) {
  cd::Disc disc;
  disc.format = "ccd";
  disc.descriptorPath = path;
  text = text.substr(0, std::min<size_t>(text.size(), kMaxDescriptorBytes));
  std::vector<Section> sections;
  uint32_t lineNo = 0;
  size_t pos = 0;
  while (pos <= text.size() && sections.size() < 10000) {
    const size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++lineNo;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (!line.empty() && line.front() == '[' && line.back() == ']') {
      sections.push_back({upper(line.substr(1, line.size() - 2)), lineNo, {}});
    } else if (const size_t eq = line.find('='); eq != std::string_view::npos && !sections.empty()) {
      std::string key = upper(line.substr(0, eq));
      while (!key.empty() && key.back() == ' ') key.pop_back();
      std::string value(line.substr(eq + 1));
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      sections.back().keys[key] = value;
    } else if (!line.empty() && line.front() != ';') {
      addIssue(disc, "CCD-001", lineNo, "line is neither a [section] nor key=value", true);
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }

  const Section* discSection = nullptr;
  std::vector<Entry> entries;
  std::map<uint32_t, const Section*> trackSections;
  for (const Section& s : sections) {
    if (s.name == "DISC") discSection = &s;
    else if (s.name.rfind("ENTRY ", 0) == 0) {
      Entry e;
      e.line = s.line;
      e.session = static_cast<uint32_t>(std::clamp<int64_t>(number(s, "SESSION").value_or(1), 1, 99));
      e.point = static_cast<uint32_t>(std::clamp<int64_t>(number(s, "POINT").value_or(0), 0, 255));
      e.control = static_cast<uint32_t>(std::clamp<int64_t>(number(s, "CONTROL").value_or(0), 0, 15));
      e.pmin = number(s, "PMIN").value_or(0);
      e.psec = number(s, "PSEC").value_or(0);
      e.pframe = number(s, "PFRAME").value_or(0);
      e.plba = std::clamp<int64_t>(number(s, "PLBA").value_or((e.pmin * 60 + e.psec) * 75 + e.pframe - 150), -450150, 1 << 24);
      if (e.point <= 0x63 || e.point == 0xA2) {
        const int64_t fromMsf = (e.pmin * 60 + e.psec) * 75 + e.pframe - 150;
        if (fromMsf != e.plba)
          addIssue(disc, "CCD-001", s.line, "PLBA does not match PMin:PSec:PFrame", false, std::to_string(fromMsf), std::to_string(e.plba));
      }
      entries.push_back(e);
    } else if (s.name.rfind("TRACK ", 0) == 0) {
      if (auto n = parseDecimal(s.name.substr(6), 99)) trackSections[static_cast<uint32_t>(*n)] = &s;
    } else if (s.name == "CDTEXT") {
      disc.hasCdText = true;
      // Entry n=18 hex bytes, one CD-TEXT pack each, in pack order.
      const int64_t packCount = std::clamp<int64_t>(number(s, "ENTRIES").value_or(0), 0, static_cast<int64_t>(cd::kMaxCdTextBytes / cd::kCdTextPackSize));
      for (int64_t n = 0; n < packCount; ++n) {
        auto it = s.keys.find("ENTRY " + std::to_string(n));
        if (it == s.keys.end()) break;
        std::vector<uint8_t> pack;
        std::string_view v = it->second;
        while (!v.empty() && pack.size() <= cd::kCdTextPackSize) {
          const size_t start = v.find_first_not_of(" \t");
          if (start == std::string_view::npos) break;
          v = v.substr(start);
          const size_t end = std::min(v.find_first_of(" \t"), v.size());
          const std::string_view word = v.substr(0, end);
          v = v.substr(end);
          if (word.size() != 2 || !std::isxdigit(static_cast<unsigned char>(word[0])) || !std::isxdigit(static_cast<unsigned char>(word[1]))) {
            pack.clear();
            break;
          }
          pack.push_back(static_cast<uint8_t>(std::stoi(std::string(word), nullptr, 16)));
        }
        if (pack.size() != cd::kCdTextPackSize) {
          addIssue(disc, "CCD-001", s.line, "[CDText] Entry " + std::to_string(n) + " is not 18 hex bytes", false, "18 bytes", it->second);
          continue;
        }
        disc.cdTextPacks.insert(disc.cdTextPacks.end(), pack.begin(), pack.end());
      }
    }
  }
  if (!discSection) {
    addIssue(disc, "CCD-001", 0, "no [Disc] section");
  } else {
    const auto tocEntries = number(*discSection, "TOCENTRIES");
    if (!tocEntries || *tocEntries != static_cast<int64_t>(entries.size()))
      addIssue(disc, "CCD-001", discSection->line, "TocEntries differs from the number of [Entry] sections", false,
               std::to_string(entries.size()), tocEntries ? std::to_string(*tocEntries) : "missing");
    std::set<uint32_t> sessionNumbers;
    for (const Entry& e : entries) sessionNumbers.insert(e.session);
    const auto sessions = number(*discSection, "SESSIONS");
    if (!sessions || *sessions != static_cast<int64_t>(sessionNumbers.size()))
      addIssue(disc, "CCD-001", discSection->line, "Sessions differs from the distinct Session values of the entries", false,
               std::to_string(sessionNumbers.size()), sessions ? std::to_string(*sessions) : "missing");
    disc.scrambled = number(*discSection, "DATATRACKSSCRAMBLED").value_or(0) == 1;
    if (auto it = discSection->keys.find("CATALOG"); it != discSection->keys.end()) disc.catalog = it->second;
    if (number(*discSection, "CDTEXTLENGTH").value_or(0) > 0) disc.hasCdText = true;
  }

  // Per session: A0/A1/A2 and the track entries.
  std::map<uint32_t, std::map<uint32_t, const Entry*>> bySession;
  for (const Entry& e : entries) bySession[e.session][e.point] = &e;
  // A track's stored run starts at its INDEX 0 when [TRACK n] gives one consistent with its Point entry
  // (INDEX 1 = PLBA: the values are absolute), else at PLBA.
  auto beginOf = [&](const Entry* e) {
    auto it = trackSections.find(e->point);
    if (it == trackSections.end()) return e->plba;
    const auto i0 = number(*it->second, "INDEX 0"), i1 = number(*it->second, "INDEX 1");
    if (i0 && i1 && *i1 == e->plba && *i0 <= *i1 && *i1 - *i0 <= 100 * 60 * 75) return *i0;
    return e->plba;
  };
  struct Placed {
    const Entry* e;
    int64_t begin;
    int64_t end;
  };
  std::vector<Placed> placed;
  for (const auto& [session, points] : bySession) {
    for (uint32_t p : {0xA0u, 0xA1u, 0xA2u})
      if (!points.count(p))
        addIssue(disc, "CCD-001", 0, "session " + std::to_string(session) + " has no Point 0x" + hex2(p) + " entry");
    std::vector<const Entry*> tracks;
    for (const auto& [p, e] : points)
      if (p >= 1 && p <= 99) tracks.push_back(e);
    if (points.count(0xA0) && !tracks.empty() && points.at(0xA0)->pmin != tracks.front()->point)
      addIssue(disc, "CCD-001", points.at(0xA0)->line, "Point 0xA0 names another first track", false, std::to_string(tracks.front()->point),
               std::to_string(points.at(0xA0)->pmin));
    if (points.count(0xA1) && !tracks.empty() && points.at(0xA1)->pmin != tracks.back()->point)
      addIssue(disc, "CCD-001", points.at(0xA1)->line, "Point 0xA1 names another last track", false, std::to_string(tracks.back()->point),
               std::to_string(points.at(0xA1)->pmin));
    const int64_t leadOut = points.count(0xA2) ? points.at(0xA2)->plba : (tracks.empty() ? 0 : tracks.back()->plba);
    for (size_t i = 0; i < tracks.size(); ++i)
      placed.push_back({tracks[i], beginOf(tracks[i]), i + 1 < tracks.size() ? beginOf(tracks[i + 1]) : leadOut});
  }

  // .img: raw sectors of all tracks back to back; .sub: 96 bytes per .img sector.
  const std::string stem = stemOf(path);
  cd::DataFile img;
  img.name = stem + ".img";
  img.role = "image";
  if (auto st = files.resolve(img.name)) {
    img.found = true;
    img.path = st->path;
    img.size = st->size;
  } else {
    addIssue(disc, "CCD-002", 0, "image file '" + img.name + "' does not exist", false, "an existing file", "missing");
  }
  disc.files.push_back(img);
  uint64_t cumulative = 0;
  for (const Placed& p : placed) {
    cd::Track t;
    t.number = p.e->point;
    t.session = p.e->session;
    const bool data = (p.e->control & 0x4) != 0;
    int64_t mode = data ? 1 : 0;
    if (auto it = trackSections.find(t.number); it != trackSections.end()) {
      mode = number(*it->second, "MODE").value_or(mode);
      if (auto isrc = it->second->keys.find("ISRC"); isrc != it->second->keys.end()) t.isrc = isrc->second;
    }
    t.mode = !data ? cd::TrackMode::Audio : (mode == 2 ? cd::TrackMode::Mode2 : cd::TrackMode::Mode1);
    t.modeText = "MODE=" + std::to_string(mode) + " Control=0x" + hex2(p.e->control);
    t.flags.data = data;
    t.flags.copyPermitted = (p.e->control & 0x2) != 0;
    t.flags.preEmphasis = !data && (p.e->control & 0x1) != 0;
    t.flags.fourChannel = !data && (p.e->control & 0x8) != 0;
    t.sectorSize = 2352;
    t.startLba = static_cast<int32_t>(p.e->plba);
    const uint64_t sectors = p.end > p.begin ? static_cast<uint64_t>(p.end - p.begin) : 0;
    t.pregap = t.pregapStored = static_cast<uint32_t>(std::min<int64_t>(p.e->plba - p.begin, static_cast<int64_t>(sectors)));
    t.sectors = sectors - t.pregap;
    if (t.pregap) t.indexes.push_back({0, static_cast<int32_t>(p.begin)});
    t.indexes.push_back({1, t.startLba});
    cd::Fragment f;
    f.firstLba = static_cast<int32_t>(p.begin);
    f.sectors = sectors;
    f.file = img.found ? 0 : -1;
    f.offset = cumulative * 2352;
    f.sectorSize = f.mainSize = 2352;
    f.layout = cd::SectorLayout::Raw;
    if (img.found) t.fragments.push_back(f);
    cumulative += sectors;
    disc.tracks.push_back(std::move(t));
  }
  disc.files[0].needed = cumulative * 2352;
  if (auto sub = files.resolve(stem + ".sub")) {
    cd::DataFile s;
    s.name = stem + ".sub";
    s.path = sub->path;
    s.found = true;
    s.size = sub->size;
    s.role = "subchannel";
    s.needed = cumulative * 96;
    if (img.found && s.size != (img.size / 2352) * 96)
      addIssue(disc, "CCD-002", 0, "sub-channel file length is not 96 bytes per .img sector", false,
               std::to_string((img.size / 2352) * 96), std::to_string(s.size));
    disc.files.push_back(s);
  }
  buildSessions(disc);
  return disc;
}

} // namespace dv::analyzer::formats
