// DiscAppRules: DVD-001 ... DVD-004 and BD-001 ... BD-002 (dvd-bd.md section 3) over the disc
// application facts.
#include <fmt/format.h>

#include <cctype>
#include <set>

#include "rules/ExtensionRules.h"

namespace dv::rules {
namespace {

using analyzer::AppFile;
using analyzer::Comparison;
using analyzer::DvdTitleSet;
using analyzer::ImageAnalysis;

constexpr RuleInfo kDvdFileSystem{.id = "DVD-001", .severity = Severity::Error, .clause = "DVD-Video / UDF 1.02 (dvd-bd.md 1.1)",
                                  .summary = "DVD-Video file system is not a UDF 1.02 bridge"};
constexpr RuleInfo kDvdIfo{.id = "DVD-002", .severity = Severity::Error, .clause = "DVD-Video (dvd-bd.md 1.2)",
                           .summary = "IFO header identifier, sizes or sector pointers are wrong"};
constexpr RuleInfo kDvdBackup{.id = "DVD-003", .severity = Severity::Warning, .clause = "DVD-Video (dvd-bd.md 1.1)",
                              .summary = "IFO backup (BUP) is missing, differs or shares the IFO's ECC block"};
constexpr RuleInfo kDvdVob{.id = "DVD-004", .severity = Severity::Warning, .clause = "DVD-Video (dvd-bd.md 1.1, 1.3)",
                           .summary = "VOB files are misnumbered, oversized, out of place or not MPEG program stream packs"};
constexpr RuleInfo kBdIndex{.id = "BD-001", .severity = Severity::Warning, .clause = "BDMV (dvd-bd.md 2)",
                            .summary = "BDMV index, movie object or backup copies are missing or malformed"};
constexpr RuleInfo kBdClips{.id = "BD-002", .severity = Severity::Warning, .clause = "BDMV (dvd-bd.md 2)",
                            .summary = "playlist, clip information or clip stream is malformed or missing"};

constexpr uint64_t kMaxVobBytes = uint64_t{1} << 30;   // dvd-bd.md 1.1: at most 1 GiB per VOB file
constexpr uint64_t kEccBlockSectors = 16;              // a DVD ECC block: 16 sectors, 32 KiB
constexpr uint64_t kAlignedUnit = 6144;

Location at(const AppFile& f) { return {.lba = f.lba, .offset = f.lba * 2048, .path = f.path}; }
Location at(const AppFile& f, uint64_t lba) { return {.lba = lba, .offset = lba * 2048, .path = f.path}; }

std::string setName(const DvdTitleSet& ts) { return ts.number == 0 ? std::string("VIDEO_TS") : fmt::format("VTS_{:02}", ts.number); }

template <typename F> void forEachSet(const ImageAnalysis& a, F f) {
  f(a.discApplication.dvd.manager);
  for (const DvdTitleSet& ts : a.discApplication.dvd.titleSets) f(ts);
}

// DVD-001: UDF 1.02 (NSR02, a valid anchor, LVD revision 0x0102) beside the ISO 9660 tree the
// files were found in (the bridge).
void checkDvdFileSystem(const ImageAnalysis& a, FindingSink& out) {
  const auto& dvd = a.discApplication.dvd;
  if (!dvd.present) return;
  const Location where{.lba = 16, .offset = 16 * 2048, .path = "/VIDEO_TS"};
  const auto& u = a.udf;
  if (!u.hasUdf()) {
    out.add(kDvdFileSystem, where, {.expected = "UDF 1.02 (NSR02)", .actual = "no UDF volume recognition sequence",
                                    .message = "VIDEO_TS is recorded without a UDF file system", .severity = {}});
    return;
  }
  if (u.nsrVersion != 2)
    out.add(kDvdFileSystem, where, {.expected = "NSR02", .actual = fmt::format("NSR0{}", u.nsrVersion),
                                    .message = "DVD-Video calls for UDF 1.02 (NSR02)", .severity = {}});
  bool anchor = false;
  for (const auto& an : u.anchors) anchor = anchor || (an.tag.identifier == 2 && an.tag.checksum == an.tag.computedChecksum);
  if (!anchor)
    out.add(kDvdFileSystem, where, {.expected = "a valid anchor volume descriptor pointer", .actual = "none",
                                    .message = "UDF volume of the DVD-Video has no valid anchor", .severity = {}});
  if (!u.udfRevision || *u.udfRevision != 0x0102)
    out.add(kDvdFileSystem, where, {.expected = "0x0102", .actual = u.udfRevision ? "0x" + fmt::format("{:04x}", *u.udfRevision) : "none",
                                    .message = "logical volume domain revision is not UDF 1.02", .severity = {}});
  if (!dvd.udfFiles) return; // the UDF tree could not be followed: reported with the structure, not judged here
  // Both trees must give every VIDEO_TS file the same extent and size (dvd-bd.md 1.1).
  auto nameOf = [](const std::string& path) {
    std::string n = path.substr(path.rfind('/') + 1);
    for (char& c : n) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return n;
  };
  std::vector<const AppFile*> isoFiles;
  forEachSet(a, [&](const DvdTitleSet& ts) {
    if (ts.ifo) isoFiles.push_back(&*ts.ifo);
    for (const auto& v : ts.vobs) isoFiles.push_back(&v.file);
    if (ts.bup) isoFiles.push_back(&*ts.bup);
  });
  std::set<std::string> seen;
  for (const AppFile* f : isoFiles) {
    const std::string name = nameOf(f->path);
    seen.insert(name);
    const analyzer::UdfFile* uf = nullptr;
    for (const auto& x : *dvd.udfFiles)
      if (!x.directory && nameOf(x.name) == name) uf = &x;
    if (!uf)
      out.add(kDvdFileSystem, at(*f), {.expected = "the same file in the UDF tree", .actual = "missing",
                                       .message = "VIDEO_TS file is missing from the UDF tree", .severity = {}});
    else if (uf->lba != f->lba || uf->size != f->size)
      out.add(kDvdFileSystem, at(*f), {.expected = fmt::format("ISO 9660: LBA {}, {} bytes", f->lba, f->size),
                                       .actual = fmt::format("UDF: LBA {}, {} bytes", uf->lba, uf->size),
                                       .message = "VIDEO_TS file has another extent or size in the UDF tree", .severity = {}});
  }
  for (const auto& x : *dvd.udfFiles)
    if (!x.directory && !seen.count(nameOf(x.name)))
      out.add(kDvdFileSystem, {.lba = x.lba, .offset = x.lba * 2048, .path = "/VIDEO_TS/" + x.name},
              {.expected = "the same file in the ISO 9660 tree", .actual = "missing",
               .message = "VIDEO_TS file of the UDF tree is missing from the ISO 9660 tree", .severity = {}});
}

// DVD-002: identifiers, last-sector fields, sector pointers, title-set count, title table.
void checkDvdIfo(const ImageAnalysis& a, FindingSink& out) {
  const auto& dvd = a.discApplication.dvd;
  if (!dvd.present) return;
  if (!dvd.manager.ifo)
    out.add(kDvdIfo, {.lba = {}, .offset = {}, .path = "/VIDEO_TS/VIDEO_TS.IFO"},
            {.expected = "VIDEO_TS.IFO", .actual = "missing", .message = "VIDEO_TS has no VIDEO_TS.IFO", .severity = {}});
  forEachSet(a, [&](const DvdTitleSet& ts) {
    if (!ts.ifo) {
      if (ts.number != 0)
        out.add(kDvdIfo, {.lba = {}, .offset = {}, .path = fmt::format("/VIDEO_TS/VTS_{:02}_0.IFO", ts.number)},
                {.expected = "VTS IFO", .actual = "missing", .message = fmt::format("title set {} has no IFO", ts.number), .severity = {}});
      return;
    }
    const AppFile& ifo = *ts.ifo;
    const auto& h = ts.header;
    if (!h.readable) {
      out.add(kDvdIfo, at(ifo), {.expected = "a readable IFO header", .actual = fmt::format("{} bytes", ifo.size),
                                 .message = "IFO header could not be read", .severity = {}});
      return;
    }
    const std::string id = ts.number == 0 ? "DVDVIDEO-VMG" : "DVDVIDEO-VTS";
    if (h.identifier != id)
      out.add(kDvdIfo, at(ifo), {.expected = id, .actual = h.identifier, .message = "IFO does not start with " + id, .severity = {}});
    const uint64_t ifoSectors = ifo.sectors();
    if (uint64_t{h.lastSectorOfIfo} + 1 > ifoSectors)
      out.add(kDvdIfo, at(ifo), {.expected = fmt::format("<= {}", ifoSectors == 0 ? 0 : ifoSectors - 1), .actual = h.lastSectorOfIfo,
                                 .message = "last sector of the IFO lies past the IFO file", .severity = {}});
    if (h.lastSectorOfSet < h.lastSectorOfIfo)
      out.add(kDvdIfo, at(ifo), {.expected = fmt::format(">= {}", h.lastSectorOfIfo), .actual = h.lastSectorOfSet,
                                 .message = "last sector of the set lies before the end of its IFO", .severity = {}});
    // The set ends with its BUP (1.1): its last sector, relative to the IFO, bounds the set.
    if (ts.bup && ts.bup->lba >= ifo.lba) {
      const uint64_t setEnd = ts.bup->lba + std::max<uint64_t>(ts.bup->sectors(), 1) - 1 - ifo.lba;
      if (h.lastSectorOfSet > setEnd)
        out.add(kDvdIfo, at(ifo), {.expected = fmt::format("<= {}", setEnd), .actual = h.lastSectorOfSet,
                                   .message = setName(ts) + ": last sector of the set lies past its BUP", .severity = {}});
    }
    if (h.lastByteOfMat >= 2048)
      out.add(kDvdIfo, at(ifo), {.expected = "< 2048", .actual = h.lastByteOfMat,
                                 .message = "last byte of the information management table lies past the first sector", .severity = {}});
    for (const auto& p : h.pointers) {
      if (p.sector == 0) continue;
      const uint64_t limit = p.videoObjects ? uint64_t{h.lastSectorOfSet} : uint64_t{h.lastSectorOfIfo};
      if (p.sector > limit)
        out.add(kDvdIfo, at(ifo), {.expected = fmt::format("<= {}", limit), .actual = p.sector,
                                   .message = fmt::format("{}: {} pointer (0x{:03x}) lies outside the {}", setName(ts), p.name, p.offset,
                                                          p.videoObjects ? "title set" : "IFO"),
                                   .severity = {}});
    }
  });
  if (dvd.manager.ifo && dvd.manager.header.readable) {
    const uint64_t declared = dvd.manager.header.numberOfTitleSets;
    uint64_t ifos = 0;
    for (const DvdTitleSet& ts : dvd.titleSets) ifos += ts.ifo ? 1 : 0;
    if (declared != ifos)
      out.add(kDvdIfo, at(*dvd.manager.ifo), {.expected = ifos, .actual = declared,
                                              .message = "VMG number of title sets differs from the VTS_nn_0.IFO files present", .severity = {}});
    if (dvd.titleTableRead && dvd.titles.size() < dvd.numberOfTitles)
      out.add(kDvdIfo, at(*dvd.manager.ifo), {.expected = fmt::format("{} entries", dvd.numberOfTitles),
                                              .actual = fmt::format("{} fit in the IFO", dvd.titles.size()),
                                              .message = "title table runs past the IFO", .severity = {}});
    for (const auto& t : dvd.titles) {
      const DvdTitleSet* set = nullptr;
      for (const DvdTitleSet& ts : dvd.titleSets)
        if (ts.number == t.titleSetNumber) set = &ts;
      if (!set || !set->ifo) {
        out.add(kDvdIfo, at(*dvd.manager.ifo), {.expected = "an existing title set", .actual = uint64_t{t.titleSetNumber},
                                                .message = fmt::format("title {} names title set {}, which has no IFO", t.number, t.titleSetNumber),
                                                .severity = {}});
        continue;
      }
      // The digest gives the start sector as absolute; authoring tools (dvdauthor, as genisoimage
      // masters it) write it relative to VIDEO_TS.IFO. Both are accepted.
      const uint64_t absolute = set->ifo->lba;
      const uint64_t relative = absolute >= dvd.manager.ifo->lba ? absolute - dvd.manager.ifo->lba : UINT64_MAX;
      if (t.titleSetStartSector != absolute && t.titleSetStartSector != relative)
        out.add(kDvdIfo, at(*dvd.manager.ifo), {.expected = fmt::format("{} (or {} relative to VIDEO_TS.IFO)", absolute, relative),
                                                .actual = t.titleSetStartSector,
                                                .message = fmt::format("title {}: start sector of title set {} is not where its IFO lies",
                                                                       t.number, t.titleSetNumber),
                                                .severity = {}});
    }
  }
}

// DVD-003: BUP present and byte-identical (W); not in the IFO's ECC block (I).
void checkDvdBackup(const ImageAnalysis& a, FindingSink& out) {
  if (!a.discApplication.dvd.present) return;
  forEachSet(a, [&](const DvdTitleSet& ts) {
    if (!ts.ifo) return;
    if (!ts.bup) {
      out.add(kDvdBackup, at(*ts.ifo), {.expected = setName(ts) + " BUP", .actual = "missing",
                                        .message = setName(ts) + ": IFO has no backup", .severity = {}});
      return;
    }
    if (ts.bupComparison == Comparison::Different)
      out.add(kDvdBackup, at(*ts.bup), {.expected = "identical to " + ts.ifo->path, .actual = "different",
                                        .message = setName(ts) + ": BUP differs from its IFO", .severity = {}});
    const uint64_t ifoFirst = ts.ifo->lba / kEccBlockSectors;
    const uint64_t ifoLast = (ts.ifo->lba + std::max<uint64_t>(ts.ifo->sectors(), 1) - 1) / kEccBlockSectors;
    const uint64_t bupFirst = ts.bup->lba / kEccBlockSectors;
    const uint64_t bupLast = (ts.bup->lba + std::max<uint64_t>(ts.bup->sectors(), 1) - 1) / kEccBlockSectors;
    if (ifoFirst <= bupLast && bupFirst <= ifoLast)
      out.add(kDvdBackup, at(*ts.bup), {.expected = "a different 32 KiB ECC block", .actual = fmt::format("ECC block {}", bupFirst),
                                        .message = setName(ts) + ": IFO and BUP share an ECC block", .severity = Severity::Info});
  });
}

// DVD-004: VOB sizes, numbering, contiguous layout, pack starts; CSS-flagged sectors reported (I).
void checkDvdVob(const ImageAnalysis& a, FindingSink& out) {
  if (!a.discApplication.dvd.present) return;
  forEachSet(a, [&](const DvdTitleSet& ts) {
    unsigned expectedPart = 1;
    for (const auto& v : ts.vobs) {
      const AppFile& f = v.file;
      if (f.size % 2048 != 0)
        out.add(kDvdVob, at(f), {.expected = "a multiple of 2048", .actual = f.size, .message = "VOB size is not whole sectors", .severity = {}});
      if (f.size > kMaxVobBytes)
        out.add(kDvdVob, at(f), {.expected = fmt::format("<= {}", kMaxVobBytes), .actual = f.size, .message = "VOB is larger than 1 GiB", .severity = {}});
      if (v.part > 0) {
        if (v.part != expectedPart)
          out.add(kDvdVob, at(f), {.expected = fmt::format("VTS_{:02}_{}.VOB", ts.number, expectedPart), .actual = f.path,
                                   .message = setName(ts) + ": title VOBs are not numbered 1...n without gaps", .severity = {}});
        expectedPart = v.part + 1;
      }
      if (v.sectorsWithoutPackStart > 0)
        out.add(kDvdVob, at(f, v.firstWithoutPackStart.value_or(f.lba)),
                {.expected = "00 00 01 BA in every sector", .actual = fmt::format("{} of {} sectors without it", v.sectorsWithoutPackStart, v.sectorsChecked),
                 .message = "VOB sectors do not start with an MPEG pack header", .severity = {}});
      if (v.cssScrambledSectors > 0)
        out.add(kDvdVob, at(f), {.expected = "", .actual = fmt::format("{} of {} sectors", v.cssScrambledSectors, v.sectorsChecked),
                                 .message = "VOB sectors flagged as CSS-scrambled", .severity = Severity::Info});
    }
    // Contiguous layout: IFO, menu VOB, title VOBs in order, BUP (1.1), because the IFO addresses the
    // VOBs by sector offset from its own first sector.
    std::vector<const AppFile*> order;
    if (ts.ifo) order.push_back(&*ts.ifo);
    for (const auto& v : ts.vobs) order.push_back(&v.file);
    if (ts.bup) order.push_back(&*ts.bup);
    for (size_t i = 1; i < order.size(); ++i) {
      const AppFile& prev = *order[i - 1];
      const uint64_t next = prev.lba + prev.sectors();
      if (order[i]->lba != next && order[i]->size > 0 && prev.size > 0) {
        out.add(kDvdVob, at(*order[i]), {.expected = fmt::format("LBA {}", next), .actual = fmt::format("LBA {}", order[i]->lba),
                                         .message = setName(ts) + ": title set is not laid out contiguously (IFO, VOBs, BUP)", .severity = {}});
        break;
      }
    }
  });
}

bool knownBdmvVersion(const std::string& v) { return v == "0100" || v == "0200" || v == "0300"; }

/// Type, version and start addresses of one database file.
void checkBdmvHeader(const RuleInfo& rule, const analyzer::BdmvHeader& h, FindingSink& out) {
  if (!h.readable) {
    out.add(rule, at(h.file), {.expected = "a readable " + h.expectedType + " header", .actual = fmt::format("{} bytes", h.file.size),
                               .message = "BDMV file header could not be read", .severity = {}});
    return;
  }
  if (h.typeIndicator != h.expectedType)
    out.add(rule, at(h.file), {.expected = h.expectedType, .actual = h.typeIndicator, .message = "BDMV file has a wrong type indicator", .severity = {}});
  if (!knownBdmvVersion(h.version))
    out.add(rule, at(h.file), {.expected = "0100, 0200 or 0300", .actual = h.version, .message = "BDMV file has an unknown version", .severity = {}});
  for (size_t k = 0; k < h.startAddresses.size(); ++k) {
    const uint32_t v = h.startAddresses[k];
    // 0 means "absent" for the extension data (MovieObject.bdmv has only that one); the first address
    // of an index or a playlist must be set.
    if ((v == 0 && k == 0 && h.expectedType != "MOBJ") || v >= h.file.size)
      out.add(rule, at(h.file), {.expected = fmt::format("1 ... {}", h.file.size == 0 ? 0 : h.file.size - 1), .actual = uint64_t{v},
                                 .message = fmt::format("start address {} (byte {}) lies outside the file", k + 1, 8 + 4 * k), .severity = {}});
  }
}

// BD-001: UDF >= 2.50; index.bdmv and MovieObject.bdmv with valid headers; BACKUP copies identical.
void checkBdIndex(const ImageAnalysis& a, FindingSink& out) {
  const auto& bd = a.discApplication.bd;
  if (!bd.present) return;
  const Location root{.lba = {}, .offset = {}, .path = "/BDMV"};
  const auto& u = a.udf;
  if (!u.hasUdf() || u.nsrVersion != 3 || !u.udfRevision || *u.udfRevision < 0x0250)
    out.add(kBdIndex, root, {.expected = "UDF 2.50 or later (NSR03)",
                             .actual = !u.hasUdf() ? std::string("no UDF") : fmt::format("NSR0{}, revision {}", u.nsrVersion, u.revisionText()),
                             .message = "BDMV is recorded without UDF 2.50", .severity = {}});
  if (!bd.index)
    out.add(kBdIndex, {.lba = {}, .offset = {}, .path = "/BDMV/index.bdmv"},
            {.expected = "index.bdmv", .actual = "missing", .message = "BDMV has no index.bdmv", .severity = {}});
  else checkBdmvHeader(kBdIndex, *bd.index, out);
  if (!bd.movieObject)
    out.add(kBdIndex, {.lba = {}, .offset = {}, .path = "/BDMV/MovieObject.bdmv"},
            {.expected = "MovieObject.bdmv", .actual = "missing", .message = "BDMV has no MovieObject.bdmv", .severity = {}});
  else checkBdmvHeader(kBdIndex, *bd.movieObject, out);
  for (const auto& b : bd.backups) {
    if (!b.backupPresent)
      out.add(kBdIndex, {.lba = {}, .offset = {}, .path = b.backup},
              {.expected = "a copy of " + b.original, .actual = "missing", .message = "BACKUP copy is missing", .severity = {}});
    else if (b.comparison == Comparison::Different)
      out.add(kBdIndex, {.lba = {}, .offset = {}, .path = b.backup},
              {.expected = "identical to " + b.original, .actual = "different", .message = "BACKUP copy differs from its original", .severity = {}});
  }
}

std::string stem(const std::string& path) {
  const size_t slash = path.rfind('/');
  std::string name = path.substr(slash == std::string::npos ? 0 : slash + 1);
  const size_t dot = name.rfind('.');
  if (dot != std::string::npos) name.erase(dot);
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

// BD-002: playlist and clip headers; each clip has its stream; stream lengths; units without sync.
void checkBdClips(const ImageAnalysis& a, FindingSink& out) {
  const auto& bd = a.discApplication.bd;
  if (!bd.present) return;
  for (const auto& h : bd.playlists) checkBdmvHeader(kBdClips, h, out);
  for (const auto& h : bd.clipInfos) checkBdmvHeader(kBdClips, h, out);
  std::set<std::string> streams;
  for (const auto& s : bd.streams) streams.insert(stem(s.file.path));
  for (const auto& h : bd.clipInfos)
    if (!streams.count(stem(h.file.path)))
      out.add(kBdClips, at(h.file), {.expected = "STREAM/" + stem(h.file.path) + ".m2ts", .actual = "missing",
                                     .message = "clip information without its stream file", .severity = {}});
  for (const auto& s : bd.streams) {
    if (s.file.size % kAlignedUnit != 0)
      out.add(kBdClips, at(s.file), {.expected = "a multiple of 6144", .actual = s.file.size,
                                     .message = "clip stream is not a whole number of aligned units", .severity = {}});
    // Reported, not judged: AACS-encrypted units look the same as damaged ones (dvd-bd.md 4), and
    // encryption is not damage (as CSS on DVD-Video).
    if (s.unitsWithoutSync > 0)
      out.add(kBdClips, at(s.file), {.expected = "47h at byte 4 of every source packet",
                                     .actual = fmt::format("{} of {} units without it", s.unitsWithoutSync, s.unitsChecked),
                                     .message = "aligned units without TS sync bytes (AACS-encrypted or damaged)", .severity = Severity::Info});
  }
}

} // namespace

void addDiscApplicationRules(RuleRegistry& registry) {
  registry.add(kBdIndex, checkBdIndex);
  registry.add(kBdClips, checkBdClips);
  registry.add(kDvdFileSystem, checkDvdFileSystem);
  registry.add(kDvdIfo, checkDvdIfo);
  registry.add(kDvdBackup, checkDvdBackup);
  registry.add(kDvdVob, checkDvdVob);
}

} // namespace dv::rules
