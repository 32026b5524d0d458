// CueSheet: parses CUE commands line by line, then lays the tracks out on the disc (§3.1).
#include "analyzer/formats/CueSheet.h"

#include <algorithm>
#include <map>

#include "analyzer/formats/DescriptorText.h"

namespace dv::analyzer::formats {
namespace {

using cd::SectorLayout;
using cd::TrackMode;

struct ModeInfo {
  std::string_view name;
  TrackMode mode;
  uint32_t sectorSize;
  uint32_t mainSize;
  SectorLayout layout;
  cd::Subchannel sub;
};

// §3.1 TRACK modes.
constexpr ModeInfo kModes[] = {
    {"AUDIO", TrackMode::Audio, 2352, 2352, SectorLayout::Raw, cd::Subchannel::None},
    {"CDG", TrackMode::Audio, 2448, 2352, SectorLayout::Raw, cd::Subchannel::PackedRw},
    {"MODE1/2048", TrackMode::Mode1, 2048, 2048, SectorLayout::User, cd::Subchannel::None},
    {"MODE1/2352", TrackMode::Mode1, 2352, 2352, SectorLayout::Raw, cd::Subchannel::None},
    {"MODE2/2048", TrackMode::Mode2Form1, 2048, 2048, SectorLayout::User, cd::Subchannel::None},
    {"MODE2/2324", TrackMode::Mode2Form2, 2324, 2324, SectorLayout::User, cd::Subchannel::None},
    {"MODE2/2336", TrackMode::Mode2, 2336, 2336, SectorLayout::Mode2Body, cd::Subchannel::None},
    {"MODE2/2352", TrackMode::Mode2, 2352, 2352, SectorLayout::Raw, cd::Subchannel::None},
    {"CDI/2336", TrackMode::Mode2, 2336, 2336, SectorLayout::Mode2Body, cd::Subchannel::None},
    {"CDI/2352", TrackMode::Mode2, 2352, 2352, SectorLayout::Raw, cd::Subchannel::None},
};

// Lead-out + lead-in between sessions, without the next track's 150-sector pregap (§2).
constexpr int64_t kFirstSessionGap = 6750 + 4500;
constexpr int64_t kLaterSessionGap = 2250 + 4500;
constexpr size_t kMaxTracks = 99;

struct CueFile {
  int disc = -1;       // index into Disc::files
  uint32_t line = 0;
  std::string type;
  bool swap = false;   // MOTOROLA: big-endian audio
  uint64_t dataOffset = 0;
  std::optional<uint64_t> size;
  bool firstIndexSeen = false;
  int64_t lastIndexFrames = -1;
};

struct CueTrack {
  uint32_t number = 0;
  uint32_t line = 0;
  int file = -1; // index into the local files
  ModeInfo mode = kModes[0];
  std::string modeText;
  uint32_t session = 1;
  std::map<uint32_t, int64_t> indexes; // number -> frames from the FILE start
  int64_t pregap = 0, postgap = 0;
  bool sawIndex = false;
  cd::TrackFlags flags;
  std::string isrc;
  cd::CdText text;
};

void setText(cd::CdText& t, std::string_view key, const std::string& value) {
  if (sameWord(key, "TITLE")) t.title = value;
  else if (sameWord(key, "PERFORMER")) t.performer = value;
  else if (sameWord(key, "SONGWRITER")) t.songwriter = value;
  else if (sameWord(key, "COMPOSER")) t.composer = value;
  else if (sameWord(key, "ARRANGER")) t.arranger = value;
  else if (sameWord(key, "MESSAGE")) t.message = value;
}

std::string joinRest(const std::vector<Token>& tokens, size_t from) {
  std::string out;
  for (size_t i = from; i < tokens.size(); ++i) {
    if (!out.empty()) out += ' ';
    out += tokens[i].text;
  }
  return out;
}

class CueParser {
public:
  CueParser(const std::string& path, const FileResolver& files) : files_(files) {
    disc_.format = "cue";
    disc_.descriptorPath = path;
  }

  cd::Disc run(std::string_view text) {
    uint32_t lineNo = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
      const size_t nl = text.find('\n', pos);
      const std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
      ++lineNo;
      command(tokenize(line), lineNo);
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
    endTrack();
    layOut();
    return std::move(disc_);
  }

private:
  void issue(const char* topic, uint32_t line, std::string message, bool minor = false, std::string expected = {},
             std::string actual = {}) {
    addIssue(disc_, topic, line, std::move(message), minor, std::move(expected), std::move(actual));
  }

  CueTrack* current() { return tracks_.empty() || closed_ ? nullptr : &tracks_.back(); }

  std::optional<int64_t> msf(const Token& t, uint32_t line, const char* what) {
    const MsfText m = parseMsfText(t.text);
    if (m.problem != MsfProblem::None) {
      issue("CUE-001", line, std::string(what) + ": " + msfProblemText(t.text, m.problem), false, "mm:ss:ff", t.text);
      if (m.problem == MsfProblem::Syntax) return std::nullopt;
    }
    return m.frames;
  }

  void command(const std::vector<Token>& tok, uint32_t line) {
    if (tok.empty()) return;
    const std::string key = upper(tok[0].text);
    if (key == "REM") {
      if (tok.size() >= 3 && sameWord(tok[1].text, "SESSION")) {
        auto n = parseDecimal(tok[2].text, 99);
        if (!n || *n == 0) issue("CUE-001", line, "REM SESSION needs a session number 1-99", true, "1-99", tok[2].text);
        else session_ = static_cast<uint32_t>(*n);
      }
      return;
    }
    if (key == "FILE") return file(tok, line);
    if (key == "TRACK") return track(tok, line);
    if (key == "INDEX") return index(tok, line);
    if (key == "PREGAP" || key == "POSTGAP") return gap(tok, line, key == "PREGAP");
    if (key == "CATALOG") return catalog(tok, line);
    if (key == "FLAGS") return flags(tok, line);
    if (key == "ISRC") {
      CueTrack* t = current();
      const std::string value = tok.size() > 1 ? tok[1].text : std::string();
      if (!t) issue("CUE-001", line, "ISRC outside a TRACK");
      else t->isrc = value;
      if (!validIsrc(value)) issue("CUE-004", line, "ISRC '" + value + "' is not 5 letters or digits then 7 digits", false, "CCOOOYYSSSSS", value);
      return;
    }
    if (key == "CDTEXTFILE") {
      disc_.hasCdText = true;
      if (tok.size() > 1) disc_.cdTextFile = tok[1].text;
      return;
    }
    if (key == "TITLE" || key == "PERFORMER" || key == "SONGWRITER" || key == "COMPOSER" || key == "ARRANGER" ||
        key == "MESSAGE") {
      disc_.hasCdText = true;
      const std::string value = joinRest(tok, 1);
      if (CueTrack* t = current()) setText(t->text, key, value);
      else setText(disc_.cdText, key, value);
      return;
    }
    issue("CUE-001", line, "unknown command '" + printableWord(tok[0].text) + "'", true);
  }

  static std::string printableWord(const std::string& s) {
    std::string out;
    for (char c : s.substr(0, 40)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
    return out;
  }

  void file(const std::vector<Token>& tok, uint32_t line) {
    endTrack();
    if (tok.size() < 2) {
      issue("CUE-001", line, "FILE needs a file name and a type");
      return;
    }
    CueFile f;
    f.line = line;
    f.type = tok.size() >= 3 ? upper(tok[2].text) : std::string("BINARY");
    if (tok.size() < 3) issue("CUE-001", line, "FILE without a type; BINARY assumed", true);
    else if (f.type != "BINARY" && f.type != "MOTOROLA" && f.type != "WAVE" && f.type != "AIFF" && f.type != "MP3")
      issue("CUE-001", line, "FILE type '" + printableWord(tok[2].text) + "' is not BINARY, MOTOROLA, WAVE, AIFF or MP3");
    f.swap = f.type == "MOTOROLA";
    cd::DataFile df;
    df.name = tok[1].text;
    df.role = "image";
    if (auto st = files_.resolve(df.name)) {
      df.found = true;
      df.path = st->path;
      df.size = st->size;
      f.size = st->size;
    } else {
      issue("CUE-002", line, "FILE '" + df.name + "' does not exist", false, "an existing file", "missing");
    }
    // WAVE files hold their samples after a RIFF header; the canonical header is 44 bytes.
    if (f.type == "WAVE") f.dataOffset = 44;
    if (disc_.files.size() < 1000) {
      f.disc = static_cast<int>(disc_.files.size());
      disc_.files.push_back(std::move(df));
    }
    cueFiles_.push_back(f);
  }

  void track(const std::vector<Token>& tok, uint32_t line) {
    endTrack();
    if (cueFiles_.empty()) issue("CUE-001", line, "TRACK before the first FILE");
    if (tok.size() < 3) {
      issue("CUE-001", line, "TRACK needs a number and a mode");
      return;
    }
    if (tracks_.size() >= kMaxTracks) {
      issue("CUE-001", line, "more than 99 tracks", false, "99", std::to_string(tracks_.size() + 1));
      return;
    }
    CueTrack t;
    t.line = line;
    t.file = static_cast<int>(cueFiles_.size()) - 1;
    t.session = session_;
    auto n = parseDecimal(tok[1].text, 999);
    const uint32_t expected = tracks_.empty() ? 1 : tracks_.back().number + 1;
    if (!n || *n < 1 || *n > 99) {
      issue("CUE-001", line, "track number '" + printableWord(tok[1].text) + "' is not 1-99", false, "1-99", tok[1].text);
      t.number = expected;
    } else {
      t.number = static_cast<uint32_t>(*n);
      if (!tracks_.empty() && t.number != expected)
        issue("CUE-001", line, "track numbers must increase by one", false, std::to_string(expected), std::to_string(t.number));
    }
    t.modeText = tok[2].text;
    const std::string mode = upper(tok[2].text);
    auto it = std::find_if(std::begin(kModes), std::end(kModes), [&](const ModeInfo& m) { return m.name == mode; });
    if (it == std::end(kModes)) {
      issue("CUE-003", line, "unknown track mode '" + printableWord(tok[2].text) + "'", false, "AUDIO, CDG, MODE1/..., MODE2/..., CDI/...",
            tok[2].text);
      t.mode = kModes[3]; // read the sectors as raw data so their content still says what they are
    } else {
      t.mode = *it;
    }
    tracks_.push_back(std::move(t));
    closed_ = false;
  }

  void index(const std::vector<Token>& tok, uint32_t line) {
    CueTrack* t = current();
    if (!t) {
      issue("CUE-001", line, "INDEX outside a TRACK");
      return;
    }
    if (tok.size() < 3) {
      issue("CUE-001", line, "INDEX needs a number and a time");
      return;
    }
    auto n = parseDecimal(tok[1].text, 99);
    if (!n) {
      issue("CUE-001", line, "index number '" + printableWord(tok[1].text) + "' is not 00-99", false, "00-99", tok[1].text);
      return;
    }
    auto frames = msf(tok[2], line, "INDEX");
    if (!frames) return;
    if (t->postgap > 0) issue("CUE-004", line, "INDEX after POSTGAP: POSTGAP belongs after the INDEX lines", true);
    const uint32_t number = static_cast<uint32_t>(*n);
    if (!t->indexes.empty()) {
      const uint32_t last = t->indexes.rbegin()->first;
      if (number != last + 1)
        issue("CUE-001", line, "index numbers must increase by one", false, std::to_string(last + 1), std::to_string(number));
    } else if (number > 1) {
      issue("CUE-001", line, "the first index of a track must be 00 or 01", false, "00 or 01", std::to_string(number));
    }
    if (t->file >= 0) {
      CueFile& f = cueFiles_[static_cast<size_t>(t->file)];
      if (!f.firstIndexSeen && *frames != 0)
        issue("CUE-001", line, "the first INDEX of a FILE is not at 00:00:00", true, "00:00:00", tok[2].text);
      if (f.firstIndexSeen && *frames <= f.lastIndexFrames)
        issue("CUE-001", line, "INDEX times must increase within a FILE", false, "after " + std::to_string(f.lastIndexFrames),
              std::to_string(*frames));
      f.firstIndexSeen = true;
      f.lastIndexFrames = std::max(f.lastIndexFrames, *frames);
    }
    t->indexes.emplace(number, *frames);
    t->sawIndex = true;
  }

  void gap(const std::vector<Token>& tok, uint32_t line, bool pre) {
    CueTrack* t = current();
    const char* name = pre ? "PREGAP" : "POSTGAP";
    if (!t) {
      issue("CUE-001", line, std::string(name) + " outside a TRACK");
      return;
    }
    if (tok.size() < 2) {
      issue("CUE-001", line, std::string(name) + " needs a time");
      return;
    }
    auto frames = msf(tok[1], line, name);
    if (!frames) return;
    if (pre && t->sawIndex) issue("CUE-004", line, "PREGAP after an INDEX: it belongs before the INDEX lines", true);
    if (!pre && !t->sawIndex) issue("CUE-004", line, "POSTGAP before the INDEX lines: it belongs after them", true);
    (pre ? t->pregap : t->postgap) = std::min<int64_t>(*frames, 100 * 60 * 75);
  }

  void catalog(const std::vector<Token>& tok, uint32_t line) {
    const std::string value = tok.size() > 1 ? tok[1].text : std::string();
    disc_.catalog = value;
    if (value.size() != 13 || !allDigits(value))
      issue("CUE-004", line, value.empty() ? "CATALOG without a number" : "CATALOG '" + printableWord(value) + "' is not 13 digits",
            false, "13 digits", value);
  }

  void flags(const std::vector<Token>& tok, uint32_t line) {
    CueTrack* t = current();
    if (!t) {
      issue("CUE-001", line, "FLAGS outside a TRACK");
      return;
    }
    for (size_t i = 1; i < tok.size(); ++i) {
      const std::string f = upper(tok[i].text);
      if (f == "DCP") t->flags.copyPermitted = true;
      else if (f == "4CH") t->flags.fourChannel = true;
      else if (f == "PRE") t->flags.preEmphasis = true;
      else if (f == "SCMS") t->flags.scms = true;
      else if (f == "DATA") t->flags.data = true;
      else issue("CUE-004", line, "FLAGS value '" + printableWord(tok[i].text) + "' is not DCP, 4CH, PRE or SCMS", false, "DCP 4CH PRE SCMS", tok[i].text);
    }
    if (t->mode.mode != TrackMode::Audio && (t->flags.preEmphasis || t->flags.fourChannel))
      issue("CUE-004", line, "pre-emphasis or four-channel flag on a data track", false, "audio track", t->modeText);
  }

  void endTrack() {
    if (tracks_.empty() || closed_) return;
    CueTrack& t = tracks_.back();
    if (!t.indexes.count(1))
      issue("CUE-001", t.line, "TRACK " + std::to_string(t.number) + " has no INDEX 01", false, "INDEX 01", "none");
    closed_ = true;
  }

  // §3.1 Interpretation: positions are file-relative; absolute addresses add earlier files and gaps.
  void layOut() {
    // Per FILE, the tracks in it and the frame each one starts at.
    struct Placed {
      int64_t fileStart = 0;
      uint64_t byteOffset = 0;
      uint64_t stored = 0;
    };
    std::vector<Placed> placed(tracks_.size());
    for (size_t fi = 0; fi < cueFiles_.size(); ++fi) {
      const CueFile& f = cueFiles_[fi];
      std::vector<size_t> in;
      for (size_t i = 0; i < tracks_.size(); ++i)
        if (tracks_[i].file == static_cast<int>(fi)) in.push_back(i);
      uint64_t offset = f.dataOffset;
      for (size_t k = 0; k < in.size(); ++k) {
        CueTrack& t = tracks_[in[k]];
        Placed& p = placed[in[k]];
        p.fileStart = t.indexes.empty() ? 0 : t.indexes.begin()->second;
        if (k == 0) offset = f.dataOffset + static_cast<uint64_t>(p.fileStart) * t.mode.sectorSize;
        p.byteOffset = offset;
        if (k + 1 < in.size()) {
          const CueTrack& next = tracks_[in[k + 1]];
          const int64_t nextStart = next.indexes.empty() ? p.fileStart : next.indexes.begin()->second;
          p.stored = nextStart > p.fileStart ? static_cast<uint64_t>(nextStart - p.fileStart) : 0;
        } else if (f.size) {
          const uint64_t avail = *f.size > offset ? *f.size - offset : 0;
          p.stored = avail / t.mode.sectorSize;
          if (*f.size < offset)
            issue("CUE-002", t.line, "track " + std::to_string(t.number) + " starts past the end of its FILE", false,
                  "at most " + std::to_string(*f.size), std::to_string(offset));
          else if (avail % t.mode.sectorSize != 0)
            issue("CUE-002", f.line, "FILE length is not a whole number of " + std::to_string(t.mode.sectorSize) + "-byte sectors", true,
                  "a multiple of " + std::to_string(t.mode.sectorSize), std::to_string(*f.size));
        }
        if (f.size) {
          for (const auto& [n, frames] : t.indexes) {
            const uint64_t at = offset + static_cast<uint64_t>(std::max<int64_t>(0, frames - p.fileStart)) * t.mode.sectorSize;
            if (at > *f.size || (at == *f.size && n >= 1))
              issue("CUE-002", t.line, "INDEX " + std::to_string(n) + " of track " + std::to_string(t.number) + " lies past the end of its FILE",
                    false, "below " + std::to_string(*f.size), std::to_string(at));
          }
        }
        offset += p.stored * t.mode.sectorSize;
      }
    }

    int64_t cursor = 0;
    if (!tracks_.empty()) {
      const CueTrack& first = tracks_.front();
      const int64_t i1 = first.indexes.count(1) ? first.indexes.at(1) : placed[0].fileStart;
      cursor = -(i1 - placed[0].fileStart) - first.pregap;
    }
    uint32_t session = tracks_.empty() ? 1 : tracks_.front().session;
    for (size_t i = 0; i < tracks_.size(); ++i) {
      const CueTrack& c = tracks_[i];
      const Placed& p = placed[i];
      if (c.session > session) {
        cursor += session == 1 ? kFirstSessionGap : kLaterSessionGap;
        session = c.session;
      }
      cd::Track t;
      t.number = c.number;
      t.session = c.session;
      t.mode = c.mode.mode;
      t.modeText = c.modeText;
      t.flags = c.flags;
      t.flags.data = c.mode.mode != TrackMode::Audio;
      t.isrc = c.isrc;
      t.cdText = c.text;
      t.sectorSize = c.mode.sectorSize;
      if (c.pregap > 0) t.fragments.push_back({static_cast<int32_t>(cursor), static_cast<uint64_t>(c.pregap)});
      cursor += c.pregap;
      const int64_t storedStart = cursor;
      const CueFile* f = c.file >= 0 ? &cueFiles_[static_cast<size_t>(c.file)] : nullptr;
      if (p.stored > 0 && f && f->disc >= 0) {
        cd::Fragment fr;
        fr.firstLba = static_cast<int32_t>(storedStart);
        fr.sectors = p.stored;
        fr.file = f->disc;
        fr.offset = p.byteOffset;
        fr.sectorSize = c.mode.sectorSize;
        fr.mainSize = c.mode.mainSize;
        fr.layout = c.mode.layout;
        fr.subchannel = c.mode.sub;
        fr.swapAudio = f->swap;
        t.fragments.push_back(fr);
        disc_.files[static_cast<size_t>(f->disc)].needed =
            std::max(disc_.files[static_cast<size_t>(f->disc)].needed, p.byteOffset + p.stored * c.mode.sectorSize);
      }
      const int64_t i1 = c.indexes.count(1) ? c.indexes.at(1) : p.fileStart;
      const int64_t storedPregap = std::max<int64_t>(0, i1 - p.fileStart);
      for (const auto& [n, frames] : c.indexes)
        t.indexes.push_back({n, static_cast<int32_t>(storedStart + (frames - p.fileStart))});
      t.startLba = static_cast<int32_t>(storedStart + storedPregap);
      t.pregapStored = static_cast<uint32_t>(std::min<int64_t>(storedPregap, static_cast<int64_t>(p.stored)));
      t.pregap = static_cast<uint32_t>(c.pregap + std::min<int64_t>(storedPregap, 100 * 60 * 75));
      t.sectors = p.stored > t.pregapStored ? p.stored - t.pregapStored : 0;
      cursor += static_cast<int64_t>(p.stored);
      if (c.postgap > 0) t.fragments.push_back({static_cast<int32_t>(cursor), static_cast<uint64_t>(c.postgap)});
      t.postgap = static_cast<uint32_t>(c.postgap);
      cursor += c.postgap;
      // Keep addresses inside the int32 range however large the sheet claims the files are.
      cursor = std::clamp<int64_t>(cursor, -1000000, 1 << 30);
      disc_.tracks.push_back(std::move(t));
    }
    buildSessions(disc_);
  }

  const FileResolver& files_;
  cd::Disc disc_;
  std::vector<CueFile> cueFiles_;
  std::vector<CueTrack> tracks_;
  bool closed_ = true;
  uint32_t session_ = 1;
};

} // namespace

cd::Disc parseCueSheet(std::string_view text, const std::string& path, const FileResolver& files) {
  return CueParser(path, files).run(text.substr(0, std::min<size_t>(text.size(), kMaxDescriptorBytes)));
}

bool looksLikeCueSheet(std::string_view text) {
  const std::string head = upper(text.substr(0, 4096));
  return (head.find("FILE ") != std::string::npos || head.find("FILE\t") != std::string::npos) &&
         head.find("TRACK") != std::string::npos && head.find('\0') == std::string::npos;
}

} // namespace dv::analyzer::formats
