// CdRules: the CD rules of cd-layouts.md §5 (sector layer, descriptors, detected layout) and what a
// single .iso of the disc would lose.
#include "rules/CdRules.h"

#include <map>
#include <string>

#include "core/Lba.h"

namespace dv::rules {
namespace {

using analyzer::ImageAnalysis;
using analyzer::cd::CdAnalysis;
using analyzer::cd::FaultRuns;
using analyzer::cd::SectorFault;
using analyzer::cd::Track;
using analyzer::cd::TrackMode;
using analyzer::cd::TrackSectorFacts;

constexpr RuleInfo kSync{.id = "CD-SEC-001", .severity = Severity::Error, .clause = "ECMA-130 sector format",
                         .summary = "raw data sector without the 12-byte sync pattern"};
constexpr RuleInfo kHeader{.id = "CD-SEC-002", .severity = Severity::Error, .clause = "ECMA-130 sector format",
                           .summary = "sector header address is not valid BCD or not the sector's position"};
constexpr RuleInfo kMode{.id = "CD-SEC-003", .severity = Severity::Warning, .clause = "ECMA-130 sector format",
                         .summary = "sector mode byte invalid, changing within a track, or Mode 0 payload not zero"};
constexpr RuleInfo kMode1{.id = "CD-SEC-004", .severity = Severity::Error, .clause = "ECMA-130 sector format, EDC/ECC annex",
                          .summary = "Mode 1 sector whose EDC or P/Q parity does not verify"};
constexpr RuleInfo kMode2{.id = "CD-SEC-005", .severity = Severity::Error, .clause = "CD-ROM XA",
                          .summary = "Mode 2 XA sector whose subheader copies, EDC or P/Q parity do not verify"};
constexpr RuleInfo kMislabel{.id = "CD-SEC-006", .severity = Severity::Warning, .clause = "Red Book",
                             .summary = "audio track holding data sectors, or data track without sync (mislabelled)"};
constexpr RuleInfo kSub{.id = "CD-SUB-001", .severity = Severity::Warning, .clause = "Red Book sub-code",
                        .summary = "Q sub-channel CRC fails, or its time or track disagrees with the sector's position"};
constexpr RuleInfo kCue1{.id = "CUE-001", .severity = Severity::Error, .clause = "CDRWin",
                         .summary = "CUE sheet syntax: FILE, TRACK and INDEX order, numbers and times"};
constexpr RuleInfo kCue2{.id = "CUE-002", .severity = Severity::Error, .clause = "CDRWin",
                         .summary = "CUE FILE missing, INDEX outside its FILE, or partial sectors"};
constexpr RuleInfo kCue3{.id = "CUE-003", .severity = Severity::Warning, .clause = "CDRWin",
                         .summary = "CUE TRACK mode unknown or not matching the sector content"};
constexpr RuleInfo kCue4{.id = "CUE-004", .severity = Severity::Warning, .clause = "CDRWin",
                         .summary = "CUE CATALOG, ISRC, FLAGS or PREGAP/POSTGAP placement invalid"};
constexpr RuleInfo kToc1{.id = "TOC-001", .severity = Severity::Warning, .clause = "cdrdao",
                         .summary = "TOC file grammar, session type or track length problem"};
constexpr RuleInfo kToc2{.id = "TOC-002", .severity = Severity::Error, .clause = "cdrdao",
                         .summary = "TOC data file missing, too short, or not whole blocks"};
constexpr RuleInfo kCcd1{.id = "CCD-001", .severity = Severity::Warning, .clause = "CloneCD",
                         .summary = "CloneCD descriptor entries, sessions or addresses inconsistent"};
constexpr RuleInfo kCcd2{.id = "CCD-002", .severity = Severity::Error, .clause = "CloneCD",
                         .summary = "CloneCD .img or .sub shorter than the tracks need"};
constexpr RuleInfo kNrg1{.id = "NRG-001", .severity = Severity::Error, .clause = "Nero",
                         .summary = "NRG footer or chunk chain broken"};
constexpr RuleInfo kNrg2{.id = "NRG-002", .severity = Severity::Warning, .clause = "Nero",
                         .summary = "NRG track tables inconsistent"};
constexpr RuleInfo kMds1{.id = "MDS-001", .severity = Severity::Error, .clause = "Alcohol",
                         .summary = "MDS header, offsets or session blocks invalid"};
constexpr RuleInfo kMds2{.id = "MDS-002", .severity = Severity::Error, .clause = "Alcohol",
                         .summary = "MDS data file missing or too short"};
constexpr RuleInfo kLayout{.id = "IMG-001", .severity = Severity::Info, .clause = "cd-layouts.md §4",
                           .summary = "detected CD layout, and what a single .iso of it would lose"};

const RuleInfo* ruleOf(std::string_view topic) {
  static const RuleInfo* const all[] = {&kCue1, &kCue2, &kCue3, &kCue4, &kToc1, &kToc2, &kCcd1,
                                        &kCcd2, &kNrg1, &kNrg2, &kMds1, &kMds2, &kLayout};
  for (const RuleInfo* r : all)
    if (r->id == topic) return r;
  return nullptr;
}

// The rule a format uses for "a data file is missing or short".
const RuleInfo* fileRuleOf(std::string_view format) {
  if (format == "cue") return &kCue2;
  if (format == "toc") return &kToc2;
  if (format == "ccd") return &kCcd2;
  if (format == "nrg") return &kNrg2;
  if (format == "mds") return &kMds2;
  return nullptr;
}

std::string lbaText(const analyzer::cd::LbaRange& r) {
  if (r.count == 1) return "LBA " + std::to_string(r.first);
  return "LBA " + std::to_string(r.first) + "-" + std::to_string(r.first + static_cast<int64_t>(r.count) - 1);
}

std::string lengthText(uint64_t sectors) {
  const uint64_t frames = sectors % 75, seconds = (sectors / 75) % 60, minutes = sectors / 75 / 60;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02llu:%02llu:%02llu", static_cast<unsigned long long>(minutes),
                static_cast<unsigned long long>(seconds), static_cast<unsigned long long>(frames));
  return buf;
}

Location at(int64_t lba) {
  Location l;
  if (lba >= 0) l.lba = static_cast<uint64_t>(lba);
  return l;
}

// One finding per run of failing sectors (the first ones), then one for the runs left out.
void emitRuns(const RuleInfo& rule, const TrackSectorFacts& f, SectorFault fault, const std::string& what, FindingSink& out,
              std::optional<Severity> severity = std::nullopt) {
  const FaultRuns& runs = f.fault(fault);
  if (runs.sectors == 0) return;
  constexpr size_t kListed = 100;
  size_t n = 0;
  for (const auto& r : runs.ranges) {
    if (n++ == kListed) break;
    out.add(rule, at(r.first),
            {.expected = std::string(what) + " correct",
             .actual = std::to_string(r.count) + (r.count == 1 ? " sector" : " sectors"),
             .message = "track " + std::to_string(f.track) + ": " + what + " fails at " + lbaText(r) + " (" +
                        std::to_string(runs.sectors) + " failing sectors in the track)",
             .severity = severity});
  }
  if (runs.ranges.size() > kListed || runs.truncated)
    out.add(rule, {}, {.expected = "0", .actual = std::to_string(runs.sectors),
                       .message = "track " + std::to_string(f.track) + ": " + what + " fails in " +
                                  std::to_string(runs.sectors) + " sectors; only the first runs are listed",
                       .severity = severity});
}

void checkSectors(const ImageAnalysis& a, FindingSink& out) {
  if (!a.cd) return;
  const CdAnalysis& cd = *a.cd;
  for (const Track& t : cd.disc.tracks) {
    auto f = cd.sectorFactsOf(t.number);
    if (!f || f->checked == 0) continue;
    if (t.audio()) {
      // CD-SEC-006: sector-aligned sync with a valid header inside an audio track.
      const FaultRuns& s = f->fault(SectorFault::AudioSync);
      if (s.sectors > 0)
        out.add(kMislabel, at(s.ranges.empty() ? t.startLba : s.ranges.front().first),
                {.expected = "no data sectors", .actual = std::to_string(s.sectors) + " sectors with sync and header",
                 .message = "audio track " + std::to_string(t.number) + " holds " + std::to_string(s.sectors) + " of " +
                            std::to_string(f->checked) + " sectors that look like data sectors"});
      continue;
    }
    if (f->withSync == 0) {
      out.add(kMislabel, at(t.startLba),
              {.expected = "sync pattern", .actual = "none in " + std::to_string(f->checked) + " sectors",
               .message = "data track " + std::to_string(t.number) + " (" + t.modeText + ") has no sync pattern in any sector: audio mislabelled as data?"});
      continue;
    }
    emitRuns(kSync, *f, SectorFault::Sync, "sync pattern", out);
    emitRuns(kHeader, *f, SectorFault::HeaderBcd, "header BCD address", out);
    emitRuns(kHeader, *f, SectorFault::Address, "header address", out);
    emitRuns(kMode, *f, SectorFault::ModeReserved, "mode byte (bits 2-7 zero)", out);
    emitRuns(kMode, *f, SectorFault::ModeChange, "mode constant within the track", out);
    emitRuns(kMode, *f, SectorFault::Mode0Payload, "Mode 0 zero payload", out);
    emitRuns(kMode1, *f, SectorFault::Mode1Edc, "Mode 1 EDC", out);
    emitRuns(kMode1, *f, SectorFault::Mode1Ecc, "Mode 1 P/Q parity", out);
    emitRuns(kMode1, *f, SectorFault::Mode1Zero, "Mode 1 zero field (2068-2075)", out, Severity::Warning);
    emitRuns(kMode2, *f, SectorFault::SubheaderCopies, "XA subheader copies", out, Severity::Warning);
    emitRuns(kMode2, *f, SectorFault::Form1Edc, "Form 1 EDC", out);
    emitRuns(kMode2, *f, SectorFault::Form1Ecc, "Form 1 P/Q parity", out);
    emitRuns(kMode2, *f, SectorFault::Form2Edc, "Form 2 EDC", out, Severity::Warning);
    // CUE-003: the declared mode against what the sectors carry.
    if (cd.disc.format == "cue") {
      const int declared = t.mode == TrackMode::Mode1 ? 1 : (t.mode == TrackMode::Mode0 ? 0 : 2);
      const uint64_t matching = f->modeCounts[static_cast<size_t>(declared)];
      if (matching * 2 < f->withSync)
        out.add(kCue3, at(t.startLba),
                {.expected = "mode " + std::to_string(declared), .actual = "most sectors carry another mode",
                 .message = "track " + std::to_string(t.number) + " is declared " + t.modeText + " but " +
                            std::to_string(f->withSync - matching) + " of " + std::to_string(f->withSync) +
                            " sectors carry another mode byte"});
    }
  }
}

// The first runs of `runs` as "LBA 5-7, LBA 40", and "..." when more exist.
std::string runsText(const FaultRuns& runs, size_t limit = 10) {
  std::string s;
  size_t n = 0;
  for (const auto& r : runs.ranges) {
    if (n++ == limit) break;
    if (!s.empty()) s.append(", ");
    s.append(lbaText(r));
  }
  if (runs.ranges.size() > limit || runs.truncated) s.append(", ...");
  return s;
}

void checkCdText(const ImageAnalysis& a, FindingSink& out);

void checkSubchannel(const ImageAnalysis& a, FindingSink& out) {
  checkCdText(a, out);
  if (!a.cd) return;
  const auto& disc = a.cd->disc;
  for (const auto& f : a.cd->subchannel) {
    if (f.blocks == 0) continue;
    if (f.crcFailures > 0) {
      const uint64_t permille = f.crcFailures * 1000 / f.blocks;
      std::string where = runsText(f.crcRuns);
      out.add(kSub, at(f.crcRuns.ranges.empty() ? 0 : f.crcRuns.ranges.front().first),
              {.expected = "Q CRC correct", .actual = std::to_string(f.crcFailures) + " of " + std::to_string(f.blocks) + " blocks",
               .message = "track " + std::to_string(f.track) + ": Q CRC fails in " + std::to_string(f.crcFailures) + " of " +
                          std::to_string(f.blocks) + " sub-channel blocks (" + std::to_string(permille / 10) + "." +
                          std::to_string(permille % 10) + "%)" + (where.empty() ? std::string() : ": " + where)});
    }
    // The catalog number and ISRC in Q (ADR 2/3) against those the descriptor gives.
    for (const auto& c : f.catalogs)
      if (!disc.catalog.empty() && c != disc.catalog)
        out.add(kSub, {.path = disc.descriptorPath},
                {.expected = disc.catalog, .actual = c,
                 .message = "track " + std::to_string(f.track) + ": Q channel carries catalog number " + c +
                            ", the descriptor gives " + disc.catalog});
    for (const Track& t : disc.tracks) {
      if (t.number != f.track || t.isrc.empty()) continue;
      for (const auto& isrc : f.isrcs)
        if (isrc != t.isrc)
          out.add(kSub, at(t.startLba),
                  {.expected = t.isrc, .actual = isrc,
                   .message = "track " + std::to_string(f.track) + ": Q channel carries ISRC " + isrc + ", the descriptor gives " + t.isrc});
    }
    size_t n = 0;
    for (const auto& r : f.timeMismatch.ranges) {
      if (n++ == 20) break;
      out.add(kSub, at(r.first), {.expected = "Q absolute time = sector position", .actual = std::to_string(r.count) + " blocks differ",
                                  .message = "track " + std::to_string(f.track) + ": Q absolute time disagrees at " + lbaText(r)});
    }
    n = 0;
    for (const auto& r : f.trackMismatch.ranges) {
      if (n++ == 20) break;
      out.add(kSub, at(r.first), {.expected = "TNO " + std::to_string(f.track), .actual = "another track number",
                                  .message = "track " + std::to_string(f.track) + ": Q track number disagrees with the description at " + lbaText(r)});
    }
  }
}

// CD-TEXT packs travel in the R-W sub-channel of the lead-in and carry the Q channel's CRC-16; the
// spec has no CD-TEXT rule, so their CRC and structure are judged under CD-SUB-001 (Red Book sub-code).
void checkCdText(const ImageAnalysis& a, FindingSink& out) {
  if (!a.cd || !a.cd->disc.cdTextPackFacts) return;
  const auto& disc = a.cd->disc;
  const analyzer::cd::CdTextPackFacts& f = *disc.cdTextPackFacts;
  Location where{.path = f.file.empty() ? disc.descriptorPath : f.file};
  if (f.crcFailures > 0) {
    std::string packs;
    for (size_t i = 0; i < f.crcFailurePacks.size() && i < 20; ++i) {
      if (!packs.empty()) packs.append(", ");
      packs.append(std::to_string(f.crcFailurePacks[i]));
    }
    if (f.crcFailures > 20) packs.append(", ...");
    out.add(kSub, where,
            {.expected = "CRC-16 correct in every pack", .actual = std::to_string(f.crcFailures) + " of " + std::to_string(f.packs) + " packs",
             .message = "CD-TEXT (" + f.source + "): " + std::to_string(f.crcFailures) + " of " + std::to_string(f.packs) +
                        " packs fail their CRC (packs " + packs + "); their text may be wrong"});
  }
  if (f.unknownTypes > 0 || f.sequenceBreaks > 0 || f.extraBytes > 0)
    out.add(kSub, where,
            {.expected = "pack types 0x80-0x8F in sequence, whole 18-byte packs",
             .actual = std::to_string(f.unknownTypes) + " unknown types, " + std::to_string(f.sequenceBreaks) + " sequence breaks, " +
                       std::to_string(f.extraBytes) + " extra bytes",
             .message = "CD-TEXT (" + f.source + "): packs out of form: " + std::to_string(f.unknownTypes) + " of unknown type, " +
                        std::to_string(f.sequenceBreaks) + " out of sequence, " + std::to_string(f.extraBytes) + " bytes after the last whole pack",
             .severity = Severity::Info});
}

void checkSheet(const ImageAnalysis& a, FindingSink& out) {
  if (!a.cd) return;
  const auto& disc = a.cd->disc;
  for (const auto& i : disc.issues) {
    const RuleInfo* rule = ruleOf(i.topic);
    if (!rule) continue;
    Location where;
    if (i.line > 0) where.path = disc.descriptorPath + ":" + std::to_string(i.line);
    else where.path = disc.descriptorPath;
    if (i.hasOffset) where.offset = i.offset;
    std::optional<Severity> sev;
    if (i.note) sev = Severity::Info;
    else if (i.minor) sev = rule->severity == Severity::Error ? Severity::Warning : Severity::Info;
    out.add(*rule, where,
            {.expected = i.expected, .actual = i.actual,
             .message = (i.line > 0 ? "line " + std::to_string(i.line) + ": " : std::string()) + i.message, .severity = sev});
  }
  // A data file shorter than the tracks need (missing files are issues of the parser).
  const RuleInfo* fileRule = fileRuleOf(disc.format);
  if (!fileRule) return;
  for (const auto& f : disc.files)
    if (f.found && f.size < f.needed)
      out.add(*fileRule, {.path = f.path},
              {.expected = std::to_string(f.needed) + " bytes", .actual = std::to_string(f.size) + " bytes",
               .message = "data file '" + f.name + "' is shorter than its tracks need"});
}

// §2: a later session's volume supersedes earlier ones; what it replaced or dropped is no longer
// visible through the newest volume (an .iso extracted from it would not hold those files).
void checkSuperseded(const ImageAnalysis& a, FindingSink& out) {
  for (const auto& e : a.earlierSessions) {
    const uint64_t replaced = e.count(analyzer::Supersession::Replaced), dropped = e.count(analyzer::Supersession::Dropped);
    out.add(kLayout, at(e.startLba + 16),
            {.actual = std::to_string(replaced) + " replaced, " + std::to_string(dropped) + " dropped",
             .message = "session " + std::to_string(e.session) + " (volume at LBA " + std::to_string(e.startLba + 16) + ") has " +
                        std::to_string(e.iso.tree.files.size()) + " files: " + std::to_string(replaced) + " replaced and " +
                        std::to_string(dropped) + " dropped by session " + std::to_string(e.newestSession)});
  }
}

void checkLayout(const ImageAnalysis& a, FindingSink& out) {
  checkSuperseded(a, out);
  if (!a.cd) return;
  const auto& disc = a.cd->disc;
  std::map<std::string, int> modes;
  uint64_t audioTracks = 0, audioSectors = 0, dataTracks = 0, storedPregap = 0, pregapTracks = 0;
  for (const Track& t : disc.tracks) {
    ++modes[std::string(analyzer::cd::trackModeName(t.mode))];
    if (t.audio()) {
      ++audioTracks;
      audioSectors += t.sectors;
    } else {
      ++dataTracks;
    }
    if (t.pregapStored > 0) {
      storedPregap += t.pregapStored;
      ++pregapTracks;
    }
  }
  std::string kinds;
  for (const auto& [m, n] : modes) kinds += (kinds.empty() ? "" : ", ") + std::to_string(n) + " " + m;
  std::string layout = disc.format + ": " + std::to_string(disc.tracks.size()) + (disc.tracks.size() == 1 ? " track (" : " tracks (") + kinds + ") in " +
                       std::to_string(disc.sessions.size()) + (disc.sessions.size() == 1 ? " session" : " sessions");
  if (disc.detectedStride) layout += "; " + disc.detectedBy + "; first LBA " +
                                     (disc.tracks.empty() ? std::string("0") : std::to_string(disc.tracks.front().startLba));
  if (disc.scrambled) layout += "; data sectors stored scrambled";
  out.add(kLayout, {.path = disc.descriptorPath}, {.actual = layout, .message = layout});

  // What a single .iso (one track of 2048-byte user data) of this disc would lose.
  auto lose = [&](const std::string& what, const std::string& actual) {
    out.add(kLayout, {.path = disc.descriptorPath},
            {.expected = "representable as .iso", .actual = actual, .message = "cannot be represented as .iso: " + what});
  };
  if (audioTracks > 0)
    lose(std::to_string(audioTracks) + " audio track" + (audioTracks == 1 ? "" : "s") + ", " + lengthText(audioSectors) +
             " (" + std::to_string(audioSectors) + " sectors) of CD-DA",
         std::to_string(audioTracks) + " audio tracks");
  if (dataTracks > 1) lose(std::to_string(dataTracks) + " data tracks; an .iso holds one", std::to_string(dataTracks) + " data tracks");
  if (disc.sessions.size() > 1)
    lose(std::to_string(disc.sessions.size()) + " sessions; an .iso holds one", std::to_string(disc.sessions.size()) + " sessions");
  uint64_t form2 = 0;
  for (const auto& f : a.cd->sectors) form2 += f.form2;
  for (const Track& t : disc.tracks)
    if (t.mode == TrackMode::Mode2Form2 && a.cd->sectorFactsOf(t.number) == std::nullopt) form2 += t.sectors;
  if (form2 > 0) lose(std::to_string(form2) + " Mode 2 Form 2 sectors (2324 user bytes each)", std::to_string(form2) + " Form 2 sectors");
  bool sub = false;
  for (const Track& t : disc.tracks)
    for (const auto& f : t.fragments) sub = sub || f.subchannel != analyzer::cd::Subchannel::None;
  for (const auto& f : disc.files) sub = sub || f.role == "subchannel";
  if (sub) lose("sub-channel data (Q positions, ISRC, CD+G)", "sub-channel present");
  if (disc.hasCdText) lose("CD-TEXT", "CD-TEXT present");
  if (storedPregap > 0)
    lose(std::to_string(storedPregap) + " stored pregap sectors in " + std::to_string(pregapTracks) + " tracks",
         std::to_string(storedPregap) + " pregap sectors");
}

} // namespace

void addCdRules(RuleRegistry& registry) {
  registry.add(kCcd1);
  registry.add(kCcd2);
  registry.add(kSync, checkSectors); // one pass over the sector facts emits CD-SEC-001..006 and CUE-003
  registry.add(kHeader);
  registry.add(kMode);
  registry.add(kMode1);
  registry.add(kMode2);
  registry.add(kMislabel);
  registry.add(kSub, checkSubchannel);
  registry.add(kCue1, checkSheet); // every descriptor issue, by its rule
  registry.add(kCue2);
  registry.add(kCue3);
  registry.add(kCue4);
  registry.add(kLayout, checkLayout);
  registry.add(kMds1);
  registry.add(kMds2);
  registry.add(kNrg1);
  registry.add(kNrg2);
  registry.add(kToc1);
  registry.add(kToc2);
}

} // namespace dv::rules
