// TocFile: tokenises the TOC grammar (comments, strings, braces) and builds tracks from their data
// statements (§3.2).
#include "analyzer/formats/TocFile.h"

#include <algorithm>

#include "analyzer/formats/DescriptorText.h"

namespace dv::analyzer::formats {
namespace {

using cd::SectorLayout;
using cd::TrackMode;

struct TocMode {
  std::string_view name;
  TrackMode mode;
  uint32_t blockSize;
  SectorLayout layout;
};

// §3.2 track modes and their block sizes in the file.
constexpr TocMode kModes[] = {
    {"AUDIO", TrackMode::Audio, 2352, SectorLayout::Raw},
    {"MODE0", TrackMode::Mode0, 2336, SectorLayout::Mode2Body},
    {"MODE1", TrackMode::Mode1, 2048, SectorLayout::User},
    {"MODE1_RAW", TrackMode::Mode1, 2352, SectorLayout::Raw},
    {"MODE2", TrackMode::Mode2, 2336, SectorLayout::User},
    {"MODE2_FORM1", TrackMode::Mode2Form1, 2048, SectorLayout::User},
    {"MODE2_FORM2", TrackMode::Mode2Form2, 2324, SectorLayout::User},
    {"MODE2_FORM_MIX", TrackMode::Mode2Mixed, 2336, SectorLayout::Mode2Body},
    {"MODE2_RAW", TrackMode::Mode2, 2352, SectorLayout::Raw},
};

struct Tok {
  std::string text;
  bool quoted = false;
  uint32_t line = 0;
};

std::vector<Tok> lex(std::string_view text) {
  std::vector<Tok> out;
  uint32_t line = 1;
  size_t i = 0;
  while (i < text.size() && out.size() < 200000) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"') {
      std::string s;
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        if (text[i] == '\n') ++line;
        s += text[i++];
      }
      ++i;
      out.push_back({std::move(s), true, line});
    } else if (c == '{' || c == '}' || c == ',') {
      out.push_back({std::string(1, c), false, line});
      ++i;
    } else {
      size_t j = i;
      while (j < text.size() && std::string_view(" \t\r\n{}\",").find(text[j]) == std::string_view::npos &&
             !(text[j] == '/' && j + 1 < text.size() && text[j + 1] == '/'))
        ++j;
      if (j == i) ++j;
      out.push_back({std::string(text.substr(i, j - i)), false, line});
      i = j;
    }
  }
  return out;
}

bool isMsf(const std::string& s) { return s.find(':') != std::string::npos; }

struct Piece {
  int file = -1;          // -1: zero/silence
  uint64_t offset = 0;    // bytes
  uint64_t blocks = 0;
  bool toEnd = false;     // length up to the end of the file
  uint32_t line = 0;
  bool swap = false;
};

struct TocTrack {
  const TocMode* mode = &kModes[0];
  std::string modeText;
  uint32_t line = 0;
  uint32_t subSize = 0;
  std::vector<Piece> pieces;
  std::optional<uint64_t> start; // pregap length in blocks
  std::vector<uint64_t> indexes; // relative to the track start (after the pregap)
  cd::TrackFlags flags;
  std::string isrc;
  cd::CdText text;
};

class TocParser {
public:
  TocParser(const std::string& path, const FileResolver& files) : files_(files) {
    disc_.format = "toc";
    disc_.descriptorPath = path;
  }

  cd::Disc run(std::string_view text) {
    toks_ = lex(text);
    while (pos_ < toks_.size()) statement();
    build();
    return std::move(disc_);
  }

private:
  bool more() const { return pos_ < toks_.size(); }
  const Tok& peek() const { return toks_[pos_]; }
  uint32_t line() const { return more() ? peek().line : (toks_.empty() ? 0 : toks_.back().line); }
  bool peekWord(std::string_view w) const { return more() && !peek().quoted && sameWord(peek().text, w); }

  void issue(const char* topic, uint32_t line, std::string message, bool minor = false, std::string expected = {},
             std::string actual = {}) {
    addIssue(disc_, topic, line, std::move(message), minor, std::move(expected), std::move(actual));
  }

  TocTrack* track() { return tracks_.empty() ? nullptr : &tracks_.back(); }

  // A length: MSF text (blocks) or an integer in `unit`-sized items (samples or bytes).
  std::optional<uint64_t> lengthValue(const Tok& t, bool& msf) {
    msf = isMsf(t.text);
    if (msf) {
      const MsfText m = parseMsfText(t.text);
      if (m.problem != MsfProblem::None) issue("TOC-001", t.line, msfProblemText(t.text, m.problem), false, "mm:ss:ff", t.text);
      if (m.problem == MsfProblem::Syntax) return std::nullopt;
      return static_cast<uint64_t>(m.frames);
    }
    auto v = parseDecimal(t.text);
    if (!v) issue("TOC-001", t.line, "'" + t.text + "' is neither a time mm:ss:ff nor a number", false, "mm:ss:ff", t.text);
    return v;
  }

  bool nextIsValue() const { return more() && !peek().quoted && (isMsf(peek().text) || allDigits(peek().text)); }

  void skipBlock() {
    // Skips a { ... } block with nesting, bounded by the token count.
    int depth = 0;
    while (more()) {
      const std::string& t = toks_[pos_].text;
      const bool quoted = toks_[pos_].quoted;
      ++pos_;
      if (!quoted && t == "{") ++depth;
      else if (!quoted && t == "}" && --depth <= 0) return;
    }
  }

  // CD_TEXT { LANGUAGE_MAP { ... } LANGUAGE n { KEY "value" ... } }: the first language is kept.
  void cdText(cd::CdText& into) {
    disc_.hasCdText = true;
    if (!more() || peek().text != "{") {
      issue("TOC-001", line(), "CD_TEXT needs a { block }");
      return;
    }
    const size_t begin = pos_;
    skipBlock();
    const size_t end = pos_;
    int depth = 0;
    int language = -1;
    for (size_t i = begin; i < end; ++i) {
      const Tok& t = toks_[i];
      if (!t.quoted && t.text == "{") ++depth;
      else if (!t.quoted && t.text == "}") --depth;
      else if (!t.quoted && sameWord(t.text, "LANGUAGE") && i + 1 < end) language = static_cast<int>(parseDecimal(toks_[i + 1].text, 7).value_or(9));
      else if (!t.quoted && depth == 2 && language == 0 && i + 1 < end && toks_[i + 1].quoted) {
        const std::string key = upper(t.text);
        const std::string& v = toks_[i + 1].text;
        if (key == "TITLE") into.title = v;
        else if (key == "PERFORMER") into.performer = v;
        else if (key == "SONGWRITER") into.songwriter = v;
        else if (key == "COMPOSER") into.composer = v;
        else if (key == "ARRANGER") into.arranger = v;
        else if (key == "MESSAGE") into.message = v;
        else if (key == "DISC_ID") into.discId = v;
        else if (key == "GENRE") into.genre = v;
        else if (key == "UPC_EAN" || key == "ISRC") into.upcIsrc = v;
      }
    }
  }

  int fileIndex(const std::string& name, uint32_t atLine) {
    for (size_t i = 0; i < disc_.files.size(); ++i)
      if (disc_.files[i].name == name) return static_cast<int>(i);
    if (disc_.files.size() >= 1000) return -1;
    cd::DataFile df;
    df.name = name;
    df.role = "image";
    if (auto st = files_.resolve(name)) {
      df.found = true;
      df.path = st->path;
      df.size = st->size;
    } else {
      issue("TOC-002", atLine, "file '" + name + "' does not exist", false, "an existing file", "missing");
    }
    disc_.files.push_back(std::move(df));
    return static_cast<int>(disc_.files.size()) - 1;
  }

  void statement() {
    const Tok t = toks_[pos_++];
    if (t.quoted || t.text == "{" || t.text == "}" || t.text == ",") {
      issue("TOC-001", t.line, "unexpected '" + t.text.substr(0, 40) + "'");
      return;
    }
    const std::string key = upper(t.text);
    TocTrack* tr = track();
    if (key == "CD_DA" || key == "CD_ROM" || key == "CD_ROM_XA" || key == "CD_I") {
      sessionType_ = key;
      sessionLine_ = t.line;
    } else if (key == "CATALOG") {
      std::string value;
      if (more() && (peek().quoted || allDigits(peek().text))) {
        if (!peek().quoted) issue("TOC-001", t.line, "CATALOG value must be a quoted string", true);
        value = toks_[pos_++].text;
      }
      disc_.catalog = value;
      if (value.size() != 13 || !allDigits(value))
        issue("TOC-001", t.line, value.empty() ? "CATALOG without a number" : "CATALOG '" + value + "' is not 13 digits", false,
              "13 digits", value);
    } else if (key == "CD_TEXT") {
      cdText(tr ? tr->text : disc_.cdText);
    } else if (key == "TRACK") {
      trackStatement(t);
    } else if (!tr) {
      issue("TOC-001", t.line, "'" + t.text.substr(0, 40) + "' before the first TRACK");
    } else if (key == "NO") {
      if (peekWord("COPY")) tr->flags.copyPermitted = false;
      else if (peekWord("PRE_EMPHASIS")) tr->flags.preEmphasis = false;
      else issue("TOC-001", t.line, "NO must be followed by COPY or PRE_EMPHASIS");
      if (more()) ++pos_;
    } else if (key == "COPY") {
      tr->flags.copyPermitted = true;
    } else if (key == "PRE_EMPHASIS") {
      tr->flags.preEmphasis = true;
    } else if (key == "TWO_CHANNEL_AUDIO") {
      tr->flags.fourChannel = false;
    } else if (key == "FOUR_CHANNEL_AUDIO") {
      tr->flags.fourChannel = true;
    } else if (key == "ISRC") {
      if (more() && peek().quoted) tr->isrc = toks_[pos_++].text;
      if (!validIsrc(tr->isrc)) issue("TOC-001", t.line, "ISRC '" + tr->isrc + "' is not 5 letters or digits then 7 digits", false, "CCOOOYYSSSSS", tr->isrc);
    } else if (key == "FILE" || key == "AUDIOFILE" || key == "DATAFILE") {
      fileStatement(t, key == "DATAFILE");
    } else if (key == "SILENCE" || key == "ZERO") {
      if (key == "SILENCE" && tr->mode->mode != TrackMode::Audio)
        issue("TOC-001", t.line, "SILENCE in a data track (ZERO is the data form)", true, "AUDIO track", tr->modeText);
      // ZERO [mode] [subchannel] len
      while (key == "ZERO" && more() && !nextIsValue() && !peek().quoted) ++pos_;
      bool msf = false;
      if (!more()) {
        issue("TOC-001", t.line, key + " needs a length");
        return;
      }
      auto len = lengthValue(toks_[pos_++], msf);
      if (!len) return;
      const uint64_t blocks = msf ? *len : (*len + 587) / 588; // SILENCE in samples
      tr->pieces.push_back({-1, 0, std::min<uint64_t>(blocks, 100 * 60 * 75), false, t.line});
    } else if (key == "START") {
      if (nextIsValue()) {
        bool msf = false;
        auto len = lengthValue(toks_[pos_++], msf);
        if (len) tr->start = msf ? *len : *len / 588;
      } else {
        tr->start = blocksSoFar(*tr);
      }
    } else if (key == "PREGAP") {
      bool msf = false;
      if (!more()) return;
      auto len = lengthValue(toks_[pos_++], msf);
      if (!len) return;
      tr->pieces.push_back({-1, 0, std::min<uint64_t>(*len, 100 * 60 * 75), false, t.line});
      tr->start = blocksSoFar(*tr);
    } else if (key == "INDEX") {
      bool msf = false;
      if (!more()) return;
      auto v = lengthValue(toks_[pos_++], msf);
      if (v && tr->indexes.size() < 98) tr->indexes.push_back(*v);
    } else if (key == "FIFO") {
      if (more()) ++pos_;
      bool msf = false;
      if (more()) (void)lengthValue(toks_[pos_++], msf);
      issue("TOC-001", t.line, "FIFO data cannot be verified from an image", true);
    } else {
      issue("TOC-001", t.line, "unknown statement '" + t.text.substr(0, 40) + "'");
    }
  }

  uint64_t blocksSoFar(const TocTrack& tr) {
    uint64_t n = 0;
    for (const Piece& p : tr.pieces) n += p.toEnd ? resolvedBlocks(p, tr) : p.blocks;
    return n;
  }

  uint64_t resolvedBlocks(const Piece& p, const TocTrack& tr) const {
    if (!p.toEnd) return p.blocks;
    if (p.file < 0) return 0;
    const cd::DataFile& f = disc_.files[static_cast<size_t>(p.file)];
    if (!f.found || f.size <= p.offset) return 0;
    const uint32_t bs = tr.mode->blockSize + tr.subSize;
    return (f.size - p.offset) / bs;
  }

  void trackStatement(const Tok& t) {
    if (!more()) {
      issue("TOC-001", t.line, "TRACK needs a mode");
      return;
    }
    if (tracks_.size() >= 99) {
      issue("TOC-001", t.line, "more than 99 tracks");
      ++pos_;
      return;
    }
    const Tok m = toks_[pos_++];
    TocTrack tr;
    tr.line = t.line;
    tr.modeText = m.text;
    const std::string mode = upper(m.text);
    auto it = std::find_if(std::begin(kModes), std::end(kModes), [&](const TocMode& x) { return x.name == mode; });
    if (it == std::end(kModes)) issue("TOC-001", t.line, "unknown track mode '" + m.text.substr(0, 40) + "'", false, "AUDIO, MODE0, MODE1, MODE1_RAW, MODE2...", m.text);
    else tr.mode = &*it;
    if (peekWord("RW") || peekWord("RW_RAW")) {
      tr.subSize = 96;
      ++pos_;
    }
    tracks_.push_back(std::move(tr));
  }

  void fileStatement(const Tok& t, bool datafile) {
    TocTrack& tr = *track();
    if (!more() || !peek().quoted) {
      issue("TOC-001", t.line, t.text + " needs a quoted file name");
      return;
    }
    const std::string name = toks_[pos_++].text;
    const bool audio = tr.mode->mode == TrackMode::Audio;
    if (!datafile && !audio) issue("TOC-001", t.line, "FILE in a data track (DATAFILE is the data form)", true, "AUDIO track", tr.modeText);
    Piece p;
    p.line = t.line;
    p.file = fileIndex(name, t.line);
    // Raw audio named by FILE/AUDIOFILE other than .wav is big-endian unless SWAP is given (§3.2);
    // DATAFILE blocks are taken as stored.
    const std::string ext = extensionOf(name);
    p.swap = audio && !datafile && ext != "wav";
    if (ext == "wav") p.offset = 44;
    if (more() && !peek().quoted && peek().text.size() > 1 && peek().text[0] == '#') {
      auto off = parseDecimal(peek().text.substr(1));
      if (!off) issue("TOC-001", t.line, "'" + peek().text + "' is not a byte offset");
      else p.offset += *off;
      ++pos_;
    }
    if (peekWord("SWAP")) {
      p.swap = !p.swap;
      ++pos_;
    }
    const uint32_t bs = tr.mode->blockSize + tr.subSize;
    bool msf = false;
    if (!datafile) {
      // FILE "f" [#off] start [len]: start and length in samples (4 bytes) or mm:ss:ff.
      if (!nextIsValue()) {
        issue("TOC-001", t.line, t.text + " needs a start position");
        if (more() && !peek().quoted && !isMsf(peek().text)) return;
        if (more() && isMsf(peek().text)) (void)lengthValue(toks_[pos_++], msf);
        return;
      }
      auto start = lengthValue(toks_[pos_++], msf);
      if (!start) return;
      p.offset += msf ? *start * bs : *start * 4;
    }
    if (nextIsValue()) {
      auto len = lengthValue(toks_[pos_++], msf);
      if (!len) return;
      if (*len == 0) p.toEnd = true;
      else if (msf) p.blocks = *len;
      else if (datafile) {
        p.blocks = *len / bs;
        if (*len % bs != 0)
          issue("TOC-002", t.line, "length " + std::to_string(*len) + " is not a whole number of " + std::to_string(bs) + "-byte blocks", false,
                "a multiple of " + std::to_string(bs), std::to_string(*len));
      } else {
        p.blocks = (*len * 4 + 2351) / 2352;
      }
    } else {
      p.toEnd = true;
    }
    p.blocks = std::min<uint64_t>(p.blocks, uint64_t{1} << 24);
    if (p.file >= 0) {
      const cd::DataFile& f = disc_.files[static_cast<size_t>(p.file)];
      if (f.found) {
        const uint64_t need = p.toEnd ? p.offset : p.offset + p.blocks * bs;
        if (need > f.size)
          issue("TOC-002", t.line, "data of '" + name + "' lies past its end", false, "at most " + std::to_string(f.size),
                std::to_string(need));
      }
    }
    tr.pieces.push_back(p);
  }

  void build() {
    if (!sessionType_.empty()) {
      for (const TocTrack& t : tracks_) {
        const TrackMode m = t.mode->mode;
        const bool mode2 = m == TrackMode::Mode2 || m == TrackMode::Mode2Form1 || m == TrackMode::Mode2Form2 || m == TrackMode::Mode2Mixed;
        if (sessionType_ == "CD_DA" && m != TrackMode::Audio)
          issue("TOC-001", t.line, "CD_DA session with a data track", false, "AUDIO", t.modeText);
        if (sessionType_ == "CD_ROM" && mode2)
          issue("TOC-001", t.line, "CD_ROM session with a Mode 2 track (CD_ROM_XA is the Mode 2 type)", false, "MODE1 or AUDIO", t.modeText);
      }
    }
    int64_t cursor = 0;
    uint32_t number = 0;
    for (const TocTrack& tt : tracks_) {
      cd::Track t;
      t.number = ++number;
      t.mode = tt.mode->mode;
      t.modeText = tt.modeText;
      t.flags = tt.flags;
      t.flags.data = t.mode != TrackMode::Audio;
      t.isrc = tt.isrc;
      t.cdText = tt.text;
      t.sectorSize = tt.mode->blockSize + tt.subSize;
      const int64_t begin = cursor;
      uint64_t total = 0;
      uint64_t storedBeforeStart = 0;
      const uint64_t pregap = tt.start.value_or(0);
      for (const Piece& p : tt.pieces) {
        const uint64_t blocks = resolvedBlocks(p, tt);
        if (blocks == 0) continue;
        cd::Fragment f;
        f.firstLba = static_cast<int32_t>(cursor);
        f.sectors = blocks;
        if (p.file >= 0 && disc_.files[static_cast<size_t>(p.file)].found) {
          f.file = p.file;
          f.offset = p.offset;
          f.sectorSize = t.sectorSize;
          f.mainSize = tt.mode->blockSize;
          f.layout = tt.mode->layout;
          f.subchannel = tt.subSize ? cd::Subchannel::PackedRw : cd::Subchannel::None;
          f.swapAudio = p.swap;
          cd::DataFile& df = disc_.files[static_cast<size_t>(p.file)];
          df.needed = std::max(df.needed, p.offset + blocks * t.sectorSize);
          if (total < pregap) storedBeforeStart += std::min(blocks, pregap - total);
        }
        t.fragments.push_back(f);
        total += blocks;
        cursor += static_cast<int64_t>(blocks);
        cursor = std::min<int64_t>(cursor, 1 << 30);
      }
      t.pregap = static_cast<uint32_t>(std::min<uint64_t>(pregap, total));
      t.pregapStored = static_cast<uint32_t>(storedBeforeStart);
      t.startLba = static_cast<int32_t>(begin + t.pregap);
      t.sectors = total - t.pregap;
      if (t.pregap > 0) t.indexes.push_back({0, static_cast<int32_t>(begin)});
      t.indexes.push_back({1, t.startLba});
      uint32_t n = 2;
      for (uint64_t rel : tt.indexes) t.indexes.push_back({n++, static_cast<int32_t>(t.startLba + static_cast<int64_t>(std::min<uint64_t>(rel, 1u << 24)))});
      // cdrdao requires at least 4 seconds per track (§2).
      if (total < 300)
        issue("TOC-001", tt.line, "track " + std::to_string(t.number) + " is shorter than 4 seconds", true, "at least 300 sectors",
              std::to_string(total));
      disc_.tracks.push_back(std::move(t));
    }
    buildSessions(disc_);
  }

  const FileResolver& files_;
  cd::Disc disc_;
  std::vector<Tok> toks_;
  size_t pos_ = 0;
  std::vector<TocTrack> tracks_;
  std::string sessionType_;
  uint32_t sessionLine_ = 0;
};

} // namespace

cd::Disc parseTocFile(std::string_view text, const std::string& path, const FileResolver& files) {
  return TocParser(path, files).run(text.substr(0, std::min<size_t>(text.size(), kMaxDescriptorBytes)));
}

bool looksLikeTocFile(std::string_view text) {
  const std::string head = upper(text.substr(0, 8192));
  return head.find("TRACK ") != std::string::npos && head.find('\0') == std::string::npos &&
         (head.find("BINARY") == std::string::npos || head.find("DATAFILE") != std::string::npos);
}

} // namespace dv::analyzer::formats
