// DiscApplication: VIDEO_TS and BDMV facts (dvd-bd.md sections 1 and 2).
#include "analyzer/discapp/DiscApplication.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/ByteReader.h"

namespace dv::analyzer {

std::string_view comparisonName(Comparison c) {
  switch (c) {
  case Comparison::NotCompared: return "not-compared";
  case Comparison::Identical: return "identical";
  case Comparison::Different: return "different";
  }
  return "not-compared";
}

namespace {

constexpr uint64_t kSector = 2048;
constexpr uint64_t kAlignedUnit = 6144;  // dvd-bd.md 2: 32 source packets of 192 bytes
constexpr uint64_t kSourcePacket = 192;
constexpr size_t kMaxRuns = 65536;       // VOB and clip runs checked during the pass

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// The ISO 9660 path without ";version" and without the "." an identifier has when it lacks an extension.
std::string isoPathWithoutVersion(const std::string& path) {
  std::string p = path;
  const size_t semi = p.rfind(';');
  if (semi != std::string::npos && p.find('/', semi) == std::string::npos) p.erase(semi);
  if (!p.empty() && p.back() == '.') p.pop_back();
  return p;
}

/// The files of the volume keyed by their upper-case best path.
class FileIndex {
public:
  struct Entry {
    size_t file = 0;      // index in IsoVolume::tree.files
    std::string path;     // best path
  };

  FileIndex(const iso9660::IsoVolume& volume, const RockRidgeVolume& rr, const std::vector<JolietVolume>& joliet) : volume_(volume) {
    const auto& files = volume.tree.files;
    for (size_t i = 0; i < files.size(); ++i) {
      std::string path;
      if (i < rr.filePaths.size() && !rr.filePaths[i].empty()) path = rr.filePaths[i];
      else if (!joliet.empty() && i < joliet.front().pathOfPrimaryFile.size() && !joliet.front().pathOfPrimaryFile[i].empty())
        path = joliet.front().pathOfPrimaryFile[i];
      else path = isoPathWithoutVersion(files[i].path);
      // Only the two application folders are kept: an image of millions of files costs no memory here.
      std::string key = upper(path);
      if (key.rfind("/VIDEO_TS/", 0) != 0 && key.rfind("/BDMV/", 0) != 0) continue;
      byKey_.emplace(std::move(key), Entry{i, std::move(path)}); // the first of several files with one name wins
    }
  }

  std::optional<AppFile> find(const std::string& upperPath) const {
    auto it = byKey_.find(upperPath);
    if (it == byKey_.end()) return std::nullopt;
    return appFile(it->second);
  }

  AppFile appFile(const Entry& e) const {
    const iso9660::FileEntry& f = volume_.tree.files[e.file];
    AppFile a;
    a.file = e.file;
    a.path = e.path;
    a.size = f.size;
    if (!f.runs.empty()) a.lba = f.runs.front().imageOffset / kSector;
    a.contiguous = f.runs.size() <= 1 && !f.outsideImage() && !f.runsCut &&
                   (f.runs.empty() || (f.runs.front().imageOffset % kSector == 0 && f.runs.front().length == f.size));
    return a;
  }

  /// Files directly inside directory `upperDir` ("/VIDEO_TS"): (upper-case name, entry), sorted by name.
  std::vector<std::pair<std::string, const Entry*>> inDirectory(const std::string& upperDir) const {
    std::vector<std::pair<std::string, const Entry*>> out;
    const std::string prefix = upperDir + "/";
    for (auto it = byKey_.lower_bound(prefix); it != byKey_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
      const std::string rest = it->first.substr(prefix.size());
      if (rest.find('/') == std::string::npos) out.emplace_back(rest, &it->second);
    }
    return out;
  }

  bool anyUnder(const std::string& upperDir) const {
    const std::string prefix = upperDir + "/";
    auto it = byKey_.lower_bound(prefix);
    return it != byKey_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
  }

private:
  const iso9660::IsoVolume& volume_;
  std::map<std::string, Entry> byKey_;
};

/// Bounded reads of whole small files, charged to one budget.
class FileReader {
public:
  FileReader(const ImageSectors& image, const DiscAppLimits& limits)
      : image_(image), maxFile_(limits.maxFileBytes), left_(std::min(limits.budgetBytes, image.sizeBytes())) {}

  /// The first min(size, maxBytes) bytes of a contiguous file, or nullopt (not contiguous, over
  /// the budget, unreadable).
  std::optional<std::vector<uint8_t>> read(const AppFile& f, uint64_t maxBytes) {
    if (!f.contiguous) return std::nullopt;
    const uint64_t n = std::min({f.size, maxBytes, maxFile_});
    if (n > left_) return std::nullopt;
    left_ -= n;
    auto bytes = image_.read(f.lba * kSector, n);
    if (!bytes) return std::nullopt;
    return std::move(*bytes);
  }
  /// The whole file when it fits the per-file limit.
  std::optional<std::vector<uint8_t>> readWhole(const AppFile& f) {
    if (f.size > maxFile_) return std::nullopt;
    return read(f, f.size);
  }

private:
  const ImageSectors& image_;
  uint64_t maxFile_;
  uint64_t left_;
};

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

// dvd-bd.md 1.2: VMGI_MAT and VTSI_MAT. Offsets are those of the digest (0-based).
IfoHeader parseIfoHeader(ByteView bytes, bool manager) {
  IfoHeader h;
  ByteReader in(bytes);
  h.identifier = in.stringAt(0x000, 12);
  h.lastSectorOfSet = in.be32At(0x00C);
  h.lastSectorOfIfo = in.be32At(0x01C);
  h.specificationVersion = in.u8At(0x021);
  h.category = in.be32At(0x022);
  if (manager) {
    h.numberOfVolumes = in.be16At(0x026);
    h.volumeNumber = in.be16At(0x028);
    h.discSide = in.u8At(0x02A);
    h.numberOfTitleSets = in.be16At(0x03E);
    h.providerIdentifier = trimmed(in.stringAt(0x040, 32));
  }
  h.lastByteOfMat = in.be32At(0x080);
  struct Field {
    const char* name;
    uint32_t offset;
    bool vobs;
  };
  static constexpr Field kVmg[] = {{"VMGM_VOBS", 0x0C0, true},      {"TT_SRPT", 0x0C4, false},    {"VMGM_PGCI_UT", 0x0C8, false},
                                   {"PTL_MAIT", 0x0CC, false},      {"VTS_ATRT", 0x0D0, false},   {"TXTDT_MGI", 0x0D4, false},
                                   {"VMGM_C_ADT", 0x0D8, false},    {"VMGM_VOBU_ADMAP", 0x0DC, false}};
  static constexpr Field kVts[] = {{"VTSM_VOBS", 0x0C0, true},      {"VTSTT_VOBS", 0x0C4, true},  {"VTS_PTT_SRPT", 0x0C8, false},
                                   {"VTS_PGCIT", 0x0CC, false},     {"VTSM_PGCI_UT", 0x0D0, false}, {"VTS_TMAPT", 0x0D4, false},
                                   {"VTSM_C_ADT", 0x0D8, false},    {"VTSM_VOBU_ADMAP", 0x0DC, false}, {"VTS_C_ADT", 0x0E0, false},
                                   {"VTS_VOBU_ADMAP", 0x0E4, false}};
  auto take = [&](std::span<const Field> fields) {
    for (const Field& f : fields) h.pointers.push_back({f.name, f.offset, in.be32At(f.offset), f.vobs});
  };
  if (manager) take(kVmg);
  else take(kVts);
  h.readable = !in.takeError();
  return h;
}

// dvd-bd.md 1.2, TT_SRPT: 8-byte header, then 12-byte entries.
void parseTitleTable(DvdVideo& dvd, ByteView ifo) {
  const IfoHeader& h = dvd.manager.header;
  uint32_t sector = 0;
  for (const auto& p : h.pointers)
    if (p.name == "TT_SRPT") sector = p.sector;
  if (sector == 0 || uint64_t{sector} * kSector >= ifo.size()) return;
  ByteReader in(ifo.subspan(uint64_t{sector} * kSector));
  dvd.numberOfTitles = in.be16At(0);
  if (in.takeError()) return;
  dvd.titleTableRead = true;
  // Only the entries inside the bytes read; a count past them is a fact the rule sees.
  const size_t fit = in.size() >= 8 ? (in.size() - 8) / 12 : 0;
  const size_t count = std::min<size_t>(dvd.numberOfTitles, fit);
  for (size_t i = 0; i < count; ++i) {
    const size_t e = 8 + 12 * i;
    DvdTitle t;
    t.number = static_cast<unsigned>(i + 1);
    t.playbackType = in.u8At(e);
    t.numberOfAngles = in.u8At(e + 1);
    t.numberOfChapters = in.be16At(e + 2);
    t.titleSetNumber = in.u8At(e + 6);
    t.titleNumber = in.u8At(e + 7);
    t.titleSetStartSector = in.be32At(e + 8);
    dvd.titles.push_back(t);
  }
}

Comparison compareFiles(FileReader& reader, const AppFile& a, const AppFile& b, const std::vector<uint8_t>* aBytes = nullptr) {
  if (a.size != b.size) return Comparison::Different;
  std::optional<std::vector<uint8_t>> own;
  if (!aBytes || aBytes->size() != a.size) {
    own = reader.readWhole(a);
    if (!own) return Comparison::NotCompared;
    aBytes = &*own;
  }
  auto other = reader.readWhole(b);
  if (!other) return Comparison::NotCompared;
  return *other == *aBytes ? Comparison::Identical : Comparison::Different;
}

/// "VTS_nn_m.EXT": nn 01..99, m 0..9. Returns false for other names.
bool parseVtsName(const std::string& name, unsigned& set, unsigned& part, std::string& ext) {
  if (name.size() != 12 || name.compare(0, 4, "VTS_") != 0 || name[6] != '_' || name[8] != '.') return false;
  if (!std::isdigit(static_cast<unsigned char>(name[4])) || !std::isdigit(static_cast<unsigned char>(name[5])) ||
      !std::isdigit(static_cast<unsigned char>(name[7])))
    return false;
  set = static_cast<unsigned>((name[4] - '0') * 10 + (name[5] - '0'));
  part = static_cast<unsigned>(name[7] - '0');
  ext = name.substr(9);
  return set >= 1;
}

void readTitleSetFiles(DvdTitleSet& ts, FileReader& reader) {
  std::sort(ts.vobs.begin(), ts.vobs.end(), [](const VobFile& a, const VobFile& b) { return a.part < b.part; });
  if (!ts.ifo) return;
  auto bytes = reader.readWhole(*ts.ifo);
  if (!bytes) bytes = reader.read(*ts.ifo, kSector); // too large to compare: the header at least
  if (bytes) ts.header = parseIfoHeader(*bytes, ts.number == 0);
  if (ts.bup) ts.bupComparison = compareFiles(reader, *ts.ifo, *ts.bup, bytes ? &*bytes : nullptr);
}

DvdVideo readDvd(const FileIndex& index, FileReader& reader) {
  DvdVideo dvd;
  const auto files = index.inDirectory("/VIDEO_TS");
  if (files.empty()) return dvd;
  dvd.present = true;
  std::map<unsigned, DvdTitleSet> sets;
  for (const auto& [name, i] : files) {
    const AppFile f = index.appFile(*i);
    unsigned set = 0, part = 0;
    std::string ext;
    if (name == "VIDEO_TS.IFO") dvd.manager.ifo = f;
    else if (name == "VIDEO_TS.BUP") dvd.manager.bup = f;
    else if (name == "VIDEO_TS.VOB") dvd.manager.vobs.push_back({f, 0, 0, 0, std::nullopt, 0});
    else if (parseVtsName(name, set, part, ext) && (ext == "VOB" || ((ext == "IFO" || ext == "BUP") && part == 0))) {
      DvdTitleSet& ts = sets[set];
      ts.number = set;
      if (ext == "IFO") ts.ifo = f;
      else if (ext == "BUP") ts.bup = f;
      else ts.vobs.push_back({f, part, 0, 0, std::nullopt, 0});
    } else {
      dvd.otherFiles.push_back(f.path);
    }
  }
  readTitleSetFiles(dvd.manager, reader);
  if (dvd.manager.ifo && dvd.manager.header.readable)
    if (auto bytes = reader.readWhole(*dvd.manager.ifo)) parseTitleTable(dvd, *bytes);
  for (auto& [n, ts] : sets) {
    readTitleSetFiles(ts, reader);
    dvd.titleSets.push_back(std::move(ts));
  }
  return dvd;
}

// dvd-bd.md 2: type, version, then BE32 start addresses (how many depends on the type).
BdmvHeader readBdmvHeader(const AppFile& f, const std::string& expectedType, FileReader& reader) {
  BdmvHeader h;
  h.file = f;
  h.expectedType = expectedType;
  auto bytes = reader.read(f, 40);
  if (!bytes) return h;
  ByteReader in(*bytes);
  h.typeIndicator = in.stringAt(0, 4);
  h.version = in.stringAt(4, 4);
  if (in.takeError()) return h;
  h.readable = true;
  const size_t addresses = expectedType == "INDX" ? 2 : expectedType == "MOBJ" ? 1 : expectedType == "MPLS" ? 3 : 0;
  for (size_t k = 0; k < addresses; ++k) {
    const uint32_t v = in.be32At(8 + 4 * k);
    if (in.takeError()) break;
    h.startAddresses.push_back(v);
  }
  return h;
}

Bdmv readBd(const FileIndex& index, FileReader& reader) {
  Bdmv bd;
  if (!index.anyUnder("/BDMV")) return bd;
  bd.present = true;
  std::vector<std::pair<std::string, const BdmvHeader*>> originals;
  if (auto f = index.find("/BDMV/INDEX.BDMV")) bd.index = readBdmvHeader(*f, "INDX", reader);
  if (auto f = index.find("/BDMV/MOVIEOBJECT.BDMV")) bd.movieObject = readBdmvHeader(*f, "MOBJ", reader);
  auto withSuffix = [](const std::string& name, const char* suffix) {
    const std::string s(suffix);
    return name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  for (const auto& [name, i] : index.inDirectory("/BDMV/PLAYLIST"))
    if (withSuffix(name, ".MPLS")) bd.playlists.push_back(readBdmvHeader(index.appFile(*i), "MPLS", reader));
  for (const auto& [name, i] : index.inDirectory("/BDMV/CLIPINF"))
    if (withSuffix(name, ".CLPI")) bd.clipInfos.push_back(readBdmvHeader(index.appFile(*i), "HDMV", reader));
  for (const auto& [name, i] : index.inDirectory("/BDMV/STREAM"))
    if (withSuffix(name, ".M2TS")) bd.streams.push_back({index.appFile(*i), 0, 0, 0, 0});

  // BACKUP/ copies: index.bdmv, MovieObject.bdmv, PLAYLIST and CLIPINF (dvd-bd.md 2).
  auto backupOf = [&](const AppFile& original) {
    BdmvBackup b;
    b.original = original.path;
    const std::string key = upper(original.path);
    const std::string rest = key.substr(std::string("/BDMV/").size());
    const std::string backupKey = "/BDMV/BACKUP/" + rest;
    b.backup = original.path.substr(0, 6) + "BACKUP/" + original.path.substr(6);
    if (auto copy = index.find(backupKey)) {
      b.backupPresent = true;
      b.backup = copy->path;
      b.comparison = compareFiles(reader, original, *copy);
    }
    bd.backups.push_back(std::move(b));
  };
  if (bd.index) backupOf(bd.index->file);
  if (bd.movieObject) backupOf(bd.movieObject->file);
  for (const auto& h : bd.playlists) backupOf(h.file);
  for (const auto& h : bd.clipInfos) backupOf(h.file);
  return bd;
}

} // namespace

DiscApplication readDiscApplication(const ImageSectors& image, const iso9660::IsoVolume& volume, const RockRidgeVolume& rockRidge,
                                    const std::vector<JolietVolume>& joliet, const UdfRecognition& udf, const DiscAppLimits& limits) {
  DiscApplication app;
  if (!volume.found) return app;
  const FileIndex index(volume, rockRidge, joliet);
  FileReader reader(image, limits);
  app.dvd = readDvd(index, reader);
  if (app.dvd.present && udf.hasUdf()) app.dvd.udfFiles = readUdfDirectory(image, udf, "VIDEO_TS");
  app.bd = readBd(index, reader);
  return app;
}

// ---- The pass: VOB sectors and M2TS aligned units.

struct DiscAppConsumer::Counters {
  std::atomic<uint64_t> checked{0};
  std::atomic<uint64_t> bad{0};
  std::atomic<uint64_t> firstBad{UINT64_MAX};
  std::atomic<uint64_t> scrambled{0};     // VOB: CSS-flagged sectors
  std::atomic<uint64_t> packets{0};       // M2TS: packets examined
  std::atomic<uint64_t> packetsBad{0};
};

DiscAppConsumer::DiscAppConsumer(const DiscApplication& app, const iso9660::IsoVolume& volume) {
  auto addRuns = [&](const AppFile& f, size_t target, bool stream) {
    if (f.file >= volume.tree.files.size()) return;
    for (const iso9660::FileRun& r : volume.tree.files[f.file].runs) {
      if (runs_.size() >= kMaxRuns) return;
      if (r.readableLength > 0) runs_.push_back({r.imageOffset, r.fileOffset, r.readableLength, target, stream});
    }
  };
  auto eachVob = [&](auto f) {
    for (const VobFile& v : app.dvd.manager.vobs) f(v);
    for (const DvdTitleSet& ts : app.dvd.titleSets)
      for (const VobFile& v : ts.vobs) f(v);
  };
  eachVob([&](const VobFile& v) { addRuns(v.file, vobTargets_++, false); });
  for (const BdmvStream& s : app.bd.streams) addRuns(s.file, vobTargets_ + streamTargets_++, true);
  counters_ = std::make_unique<Counters[]>(vobTargets_ + streamTargets_);
  std::sort(runs_.begin(), runs_.end(), [](const Run& a, const Run& b) { return a.imageOffset < b.imageOffset; });
  uint64_t end = 0;
  for (const Run& r : runs_) {
    end = std::max(end, r.imageOffset + r.length);
    endsSoFar_.push_back(end);
  }
}

DiscAppConsumer::~DiscAppConsumer() = default;

void DiscAppConsumer::consume(const Chunk& chunk) {
  const uint64_t chunkEnd = chunk.offset + chunk.data.size();
  // Runs before the first whose prefix reaches past the chunk start all end before it.
  const auto first = std::upper_bound(endsSoFar_.begin(), endsSoFar_.end(), chunk.offset);
  for (size_t i = static_cast<size_t>(first - endsSoFar_.begin()); i < runs_.size(); ++i) {
    const Run& r = runs_[i];
    if (r.imageOffset >= chunkEnd) break; // sorted: no later run starts inside the chunk
    const uint64_t begin = std::max(r.imageOffset, chunk.offset);
    const uint64_t end = std::min(r.imageOffset + r.length, chunkEnd);
    if (begin >= end) continue;
    if (r.stream) checkStream(chunk, r, begin, end);
    else checkVob(chunk, r, begin, end);
  }
}

namespace {
/// The first image position >= begin whose file offset is `phase` modulo `period`.
uint64_t firstAligned(uint64_t begin, uint64_t imageOffset, uint64_t fileOffset, uint64_t period, uint64_t phase) {
  const uint64_t fp = fileOffset + (begin - imageOffset);
  const uint64_t rem = fp % period;
  const uint64_t step = rem <= phase ? phase - rem : period - rem + phase;
  return begin + step;
}
} // namespace

// dvd-bd.md 1.3: every VOB sector starts with the pack start code; PES scrambling control flags CSS.
void DiscAppConsumer::checkVob(const Chunk& chunk, const Run& r, uint64_t begin, uint64_t end) {
  Counters& c = counters_[r.target];
  uint64_t checked = 0, bad = 0, scrambled = 0, firstBad = UINT64_MAX;
  for (uint64_t p = firstAligned(begin, r.imageOffset, r.fileOffset, kSector, 0); p + 0x15 <= end; p += kSector) {
    const uint8_t* s = chunk.data.data() + (p - chunk.offset);
    ++checked;
    if (s[0] != 0x00 || s[1] != 0x00 || s[2] != 0x01 || s[3] != 0xBA) {
      ++bad;
      firstBad = std::min(firstBad, p / kSector);
    } else if ((s[0x14] & 0x30) != 0) {
      ++scrambled;
    }
  }
  c.checked += checked;
  c.bad += bad;
  c.scrambled += scrambled;
  uint64_t seen = c.firstBad.load();
  while (firstBad < seen && !c.firstBad.compare_exchange_weak(seen, firstBad)) {
  }
}

// dvd-bd.md 2: 192-byte source packets, sync byte 47h at byte 4; a unit is 6144 bytes. A unit
// counts as without sync when a packet whose sync byte lies in its first sector lacks it: AACS
// leaves the first 16 bytes of a unit in clear, so the first packet keeps its sync and the next
// ten show whether the unit is encrypted (or damaged).
void DiscAppConsumer::checkStream(const Chunk& chunk, const Run& r, uint64_t begin, uint64_t end) {
  Counters& c = counters_[r.target];
  uint64_t packets = 0, packetsBad = 0, units = 0, unitsBad = 0;
  const uint8_t* base = chunk.data.data();
  for (uint64_t p = firstAligned(begin, r.imageOffset, r.fileOffset, kSourcePacket, 4); p < end; p += kSourcePacket) {
    ++packets;
    if (base[p - chunk.offset] != 0x47) ++packetsBad;
  }
  constexpr uint64_t kFirstSectorPackets = (kSector - 4 + kSourcePacket - 1) / kSourcePacket; // 11
  for (uint64_t u = firstAligned(begin, r.imageOffset, r.fileOffset, kAlignedUnit, 0);
       u + (kFirstSectorPackets - 1) * kSourcePacket + 4 < end; u += kAlignedUnit) {
    ++units;
    for (uint64_t k = 1; k < kFirstSectorPackets; ++k)
      if (base[u + k * kSourcePacket + 4 - chunk.offset] != 0x47) {
        ++unitsBad;
        break;
      }
  }
  c.packets += packets;
  c.packetsBad += packetsBad;
  c.checked += units;
  c.bad += unitsBad;
}

void DiscAppConsumer::store(DiscApplication& app) const {
  size_t k = 0;
  auto storeVob = [&](VobFile& v) {
    const Counters& c = counters_[k++];
    v.sectorsChecked = c.checked.load();
    v.sectorsWithoutPackStart = c.bad.load();
    v.cssScrambledSectors = c.scrambled.load();
    const uint64_t first = c.firstBad.load();
    if (first != UINT64_MAX) v.firstWithoutPackStart = first;
  };
  for (VobFile& v : app.dvd.manager.vobs) storeVob(v);
  for (DvdTitleSet& ts : app.dvd.titleSets)
    for (VobFile& v : ts.vobs) storeVob(v);
  for (BdmvStream& s : app.bd.streams) {
    const Counters& c = counters_[k++];
    s.unitsChecked = c.checked.load();
    s.unitsWithoutSync = c.bad.load();
    s.packetsChecked = c.packets.load();
    s.packetsWithoutSync = c.packetsBad.load();
  }
}

} // namespace dv::analyzer
