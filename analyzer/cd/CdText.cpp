// CdText: CD-TEXT packs to text per track, and the facts of the packs.
#include "analyzer/cd/CdText.h"

#include <algorithm>
#include <array>
#include <optional>

#include "analyzer/cd/Subchannel.h"
#include "core/Text.h"

namespace dv::analyzer::cd {
namespace {

// MMC Annex J pack types.
constexpr uint8_t kTitle = 0x80, kPerformer = 0x81, kSongwriter = 0x82, kComposer = 0x83, kArranger = 0x84,
                  kMessage = 0x85, kDiscId = 0x86, kUpcIsrc = 0x8E, kSizeInfo = 0x8F;
constexpr size_t kMaxListedFailures = 100;
constexpr uint32_t kMaxTrack = 99;

std::string* fieldOf(CdText& t, uint8_t type) {
  switch (type) {
  case kTitle: return &t.title;
  case kPerformer: return &t.performer;
  case kSongwriter: return &t.songwriter;
  case kComposer: return &t.composer;
  case kArranger: return &t.arranger;
  case kMessage: return &t.message;
  case kDiscId: return &t.discId;
  case kUpcIsrc: return &t.upcIsrc;
  default: return nullptr;
  }
}

std::string characterCodeName(uint8_t code) {
  switch (code) {
  case 0x00: return "iso-8859-1";
  case 0x01: return "ascii";
  case 0x80: return "ms-jis";
  case 0x81: return "korean";
  case 0x82: return "mandarin";
  default: return "unknown-0x" + hexBytes(ByteView(&code, 1));
  }
}

// The language codes of EBU Tech 3264 (annex), which the size information carries: 0x01-0x2B
// European languages in Latin script, 0x30-0x3F left to national assignment, 0x45-0x7F others.
std::string languageName(uint8_t code) {
  static constexpr const char* kNames[128] = {
      "unspecified", "albanian", "breton", "catalan", "croatian", "welsh", "czech", "danish", // 0x00
      "german", "english", "spanish", "esperanto", "estonian", "basque", "faroese", "french", // 0x08
      "frisian", "irish", "gaelic", "galician", "icelandic", "italian", "lappish", "latin", // 0x10
      "latvian", "luxembourgish", "lithuanian", "hungarian", "maltese", "dutch", "norwegian", "occitan", // 0x18
      "polish", "portuguese", "romanian", "romansh", "serbian", "slovak", "slovenian", "finnish", // 0x20
      "swedish", "turkish", "flemish", "walloon", nullptr, nullptr, nullptr, nullptr, // 0x28
      nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, // 0x30
      nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, // 0x38
      nullptr, nullptr, nullptr, nullptr, nullptr, "zulu", "vietnamese", "uzbek", // 0x40
      "urdu", "ukrainian", "thai", "telugu", "tatar", "tamil", "tajik", "swahili", // 0x48
      "sranan tongo", "somali", "sinhalese", "shona", "serbo-croatian", "ruthenian", "russian", "quechua", // 0x50
      "pashto", "punjabi", "persian", "papiamento", "oriya", "nepali", "ndebele", "marathi", // 0x58
      "moldavian", "malay", "malagasy", "macedonian", "lao", "korean", "khmer", "kazakh", // 0x60
      "kannada", "japanese", "indonesian", "hindi", "hebrew", "hausa", "guarani", "gujarati", // 0x68
      "greek", "georgian", "fula", "dari", "chuvash", "chinese", "burmese", "bulgarian", // 0x70
      "bengali", "belarusian", "bambara", "azerbaijani", "assamese", "armenian", "arabic", "amharic"}; // 0x78
  if (code < 128 && kNames[code] != nullptr) return kNames[code];
  const std::string hex = hexBytes(ByteView(&code, 1));
  if (code >= 0x30 && code <= 0x3F) return "national-0x" + hex; // reserved for national assignment
  return "unknown-0x" + hex;
}

// Single-byte text: ISO 8859-1 maps each byte to the code point of the same value; ISO 646 is its
// ASCII subset.
std::string toUtf8(const std::string& raw) {
  std::string out;
  for (unsigned char c : raw) appendUtf8(out, c);
  return out;
}

// One text type of one block being assembled: the track the current string belongs to and its bytes.
struct TextRun {
  std::optional<uint32_t> track;
  std::string buffer;
  std::string previous; // the string of the previous track, for TAB ("same as before")
};

} // namespace

CdTextDecoded decodeCdTextPacks(ByteView bytes) {
  CdTextDecoded out;
  CdTextPackFacts& f = out.facts;
  size_t skip = 0;
  if (bytes.size() % kCdTextPackSize == 4 || bytes.size() % kCdTextPackSize == 5) skip = 4; // READ TOC format 5 header
  const ByteView packs = bytes.subspan(skip);
  const size_t count = packs.size() / kCdTextPackSize;
  f.extraBytes = packs.size() % kCdTextPackSize;
  if (f.extraBytes == 1 && packs.back() == 0) f.extraBytes = 0; // a trailing NUL some writers add
  // Per block (0-7): the text runs of each type, its character code, the block being assembled.
  std::array<std::array<TextRun, 16>, 8> runs; // no "{}": clang 14 crashes value-initializing this nested array
  std::array<bool, 8> blockSeen{};
  std::array<std::optional<uint8_t>, 8> codes{};
  std::array<uint8_t, 8> languages{};
  std::array<CdTextBlock, 8> blocks{};
  int prevSeq = -1, prevBlock = -1;
  for (size_t i = 0; i < count; ++i) {
    const ByteView p = packs.subspan(i * kCdTextPackSize, kCdTextPackSize);
    ++f.packs;
    const uint16_t stored = static_cast<uint16_t>((p[16] << 8) | p[17]);
    if (stored == 0) {
      ++f.crcNotRecorded;
    } else if (static_cast<uint16_t>(~crc16Q(p.subspan(0, 16))) != stored) {
      ++f.crcFailures;
      if (f.crcFailurePacks.size() < kMaxListedFailures) f.crcFailurePacks.push_back(static_cast<uint32_t>(i));
    }
    const uint8_t type = p[0];
    if (type < 0x80 || type > 0x8F) {
      ++f.unknownTypes;
      continue;
    }
    const int block = (p[3] >> 4) & 0x07;
    const bool dbcc = (p[3] & 0x80) != 0;
    blockSeen[static_cast<size_t>(block)] = true;
    if (block == prevBlock && p[2] != static_cast<uint8_t>(prevSeq + 1)) ++f.sequenceBreaks;
    prevSeq = p[2];
    prevBlock = block;
    const auto b = static_cast<size_t>(block);
    if (type == kSizeInfo) {
      // Size information, 36 bytes over three packs (pack number in byte 1): byte 0 the block's
      // character code, bytes 28-35 the language code of each block (in the third pack, 4-11).
      const uint8_t part = p[1] & 0x7F;
      if (part == 0) codes[b] = p[4];
      if (part == 2)
        for (size_t k = 0; k < 8; ++k)
          if (p[8 + k] != 0) languages[k] = p[8 + k];
      continue;
    }
    if (!fieldOf(out.disc, type)) continue; // genre, TOC, closed information: not text we report
    if (dbcc) {
      blocks[b].doubleByte = true;
      continue;
    }
    TextRun& run = runs[b][type & 0x0F];
    if (!run.track) run.track = p[1] & 0x7F;
    for (size_t k = 4; k < 16; ++k) {
      if (p[k] != 0) {
        if (run.buffer.size() < 1024) run.buffer.push_back(static_cast<char>(p[k]));
        continue;
      }
      // A string ends: it belongs to the current track; a lone TAB repeats the previous track's.
      std::string text = run.buffer == "\t" ? run.previous : run.buffer;
      run.previous = text;
      run.buffer.clear();
      const uint32_t track = *run.track;
      if (track <= kMaxTrack && !text.empty()) {
        CdText& into = track == 0 ? blocks[b].disc : blocks[b].tracks[track];
        *fieldOf(into, type) = text;
      }
      run.track = track + 1;
    }
  }
  f.blocks = static_cast<uint32_t>(std::count(blockSeen.begin(), blockSeen.end(), true));
  for (size_t b = 0; b < blocks.size(); ++b) {
    if (!blockSeen[b]) continue;
    CdTextBlock& block = blocks[b];
    block.block = static_cast<uint32_t>(b);
    block.languageCode = languages[b];
    block.language = languageName(languages[b]);
    block.characterCode = characterCodeName(codes[b].value_or(0));
    // Single-byte codes are decoded; other character sets are counted, not guessed at.
    const bool ascii = codes[b].value_or(0) == 0x00 || codes[b].value_or(0) == 0x01;
    auto convert = [&](CdText& t) {
      for (std::string* s : {&t.title, &t.performer, &t.songwriter, &t.composer, &t.arranger, &t.message, &t.discId, &t.upcIsrc})
        *s = ascii ? toUtf8(*s) : std::string();
    };
    convert(block.disc);
    for (auto& [n, t] : block.tracks) convert(t);
    out.blocks.push_back(std::move(block));
  }
  // Block 0 (the first language) is the text of the disc and its tracks.
  f.characterCode = characterCodeName(codes[0].value_or(0));
  if (!out.blocks.empty() && out.blocks.front().block == 0) {
    f.doubleByte = out.blocks.front().doubleByte;
    out.disc = out.blocks.front().disc;
    out.tracks = out.blocks.front().tracks;
  }
  return out;
}

void applyCdTextPacks(Disc& disc, const std::string& source) {
  if (disc.cdTextPacks.empty()) return;
  CdTextDecoded d = decodeCdTextPacks(disc.cdTextPacks);
  d.facts.source = source;
  if (disc.cdTextPackFacts) {
    d.facts.file = disc.cdTextPackFacts->file;
    d.facts.truncated = disc.cdTextPackFacts->truncated;
  }
  disc.hasCdText = true;
  auto fill = [](CdText& into, const CdText& from) {
    std::string CdText::* const fields[] = {&CdText::title, &CdText::performer, &CdText::songwriter, &CdText::composer,
                                           &CdText::arranger, &CdText::message, &CdText::discId, &CdText::upcIsrc};
    for (auto field : fields)
      if ((into.*field).empty()) into.*field = from.*field;
  };
  fill(disc.cdText, d.disc);
  for (Track& t : disc.tracks)
    if (auto it = d.tracks.find(t.number); it != d.tracks.end()) fill(t.cdText, it->second);
  disc.cdTextPackFacts = std::move(d.facts);
  disc.cdTextBlocks = std::move(d.blocks);
}

} // namespace dv::analyzer::cd
