// CdAnalysis: recognising CD inputs and running their passes.
#include "analyzer/cd/CdAnalysis.h"

#include <algorithm>
#include <map>

#include "analyzer/cd/CdText.h"
#include "analyzer/cd/Sector.h"
#include "analyzer/formats/Alcohol.h"
#include "analyzer/formats/CloneCd.h"
#include "analyzer/formats/CueSheet.h"
#include "analyzer/formats/Nero.h"
#include "analyzer/formats/DescriptorText.h"
#include "analyzer/formats/FileResolver.h"
#include "analyzer/formats/RawDetect.h"
#include "analyzer/formats/TocFile.h"
#include "analyzer/pipeline/HashConsumers.h"

namespace dv::analyzer::cd {
namespace {

std::vector<uint8_t> readHead(ByteSource& source, uint64_t want, uint64_t from = 0) {
  std::vector<uint8_t> buf(static_cast<size_t>(want));
  size_t got = 0;
  while (got < buf.size()) {
    auto n = source.readAt(from + got, MutableByteView(buf.data() + got, buf.size() - got));
    if (!n || *n == 0) break;
    got += *n;
  }
  buf.resize(got);
  return buf;
}

std::string_view asText(const std::vector<uint8_t>& b) {
  return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
}

// The CD-TEXT packs of a disc: a CUE CDTEXTFILE (read here, at most kMaxCdTextBytes, read-only),
// or those the descriptor holds (CloneCD [CDText], Nero CDTX), decoded into the disc model.
Disc withCdText(Disc disc, const formats::FileResolver& resolver) {
  std::string sourceName = disc.format;
  if (!disc.cdTextFile.empty() && disc.cdTextPacks.empty()) {
    sourceName = "cdtextfile";
    const auto stat = resolver.resolve(disc.cdTextFile);
    if (!stat) {
      disc.issues.push_back({.topic = "CUE-002", .minor = true, .message = "CDTEXTFILE '" + disc.cdTextFile + "' not found", .expected = "a file",
                             .actual = "missing"});
      return disc;
    }
    auto source = openSource(stat->path);
    if (!source) return disc;
    disc.cdTextPacks = readHead(**source, std::min<uint64_t>(stat->size, kMaxCdTextBytes));
    CdTextPackFacts f;
    f.file = disc.cdTextFile;
    f.truncated = stat->size > kMaxCdTextBytes;
    disc.cdTextPackFacts = f;
  }
  applyCdTextPacks(disc, sourceName);
  return disc;
}

} // namespace

std::optional<TrackSectorFacts> CdAnalysis::sectorFactsOf(uint32_t track) const {
  std::optional<TrackSectorFacts> out;
  for (const TrackSectorFacts& f : sectors) {
    if (f.track != track) continue;
    if (!out) {
      out = f;
      continue;
    }
    out->checked += f.checked;
    for (size_t i = 0; i < 4; ++i) out->modeCounts[i] += f.modeCounts[i];
    out->form1 += f.form1;
    out->form2 += f.form2;
    out->form2EdcZero += f.form2EdcZero;
    out->withSync += f.withSync;
    for (size_t k = 0; k < kSectorFaultCount; ++k) {
      out->faults[k].sectors += f.faults[k].sectors;
      out->faults[k].truncated = out->faults[k].truncated || f.faults[k].truncated;
      out->faults[k].ranges.insert(out->faults[k].ranges.end(), f.faults[k].ranges.begin(), f.faults[k].ranges.end());
    }
  }
  return out;
}

std::optional<SubchannelFacts> CdAnalysis::subchannelOf(uint32_t track) const {
  std::vector<const SubchannelFacts*> parts;
  for (const SubchannelFacts& f : subchannel)
    if (f.track == track) parts.push_back(&f);
  if (parts.empty()) return std::nullopt;
  return mergeSubchannelFacts(parts);
}

std::optional<Disc> describeCdInput(const std::string& path, ByteSource& source) {
  const std::string ext = formats::extensionOf(path);
  const auto& info = source.info();
  if (info.kind != SourceKind::RegularFile) return std::nullopt;
  const uint64_t size = info.size.value_or(0);
  formats::DirectoryResolver resolver(formats::directoryOf(path));
  if (ext == "cue" || ext == "toc" || ext == "ccd") {
    if (size > formats::kMaxDescriptorBytes) return std::nullopt;
    const auto text = readHead(source, size);
    if (ext == "cue") return withCdText(formats::parseCueSheet(asText(text), path, resolver), resolver);
    if (ext == "ccd") return withCdText(formats::parseCloneCd(asText(text), path, resolver), resolver);
    return formats::parseTocFile(asText(text), path, resolver);
  }
  const auto head = readHead(source, std::min<uint64_t>(size, 64 * 1024));
  if (head.empty()) return std::nullopt;
  if (formats::hasMdsSignature(head) && size <= formats::kMaxDescriptorBytes) {
    const auto all = readHead(source, size);
    return formats::parseAlcohol(all, path, resolver);
  }
  if (size >= 12) {
    const uint64_t tailBytes = std::min<uint64_t>(size, formats::kNrgTailBytes);
    const auto footer = readHead(source, 12, size - 12);
    if (footer.size() == 12 && formats::hasNrgFooter(footer)) {
      const auto tail = readHead(source, tailBytes, size - tailBytes);
      return withCdText(formats::parseNero(tail, size, path), resolver);
    }
  }
  if (ext != "iso" && size <= formats::kMaxDescriptorBytes && formats::looksLikeCueSheet(asText(head))) {
    const auto text = readHead(source, size);
    return withCdText(formats::parseCueSheet(asText(text), path, resolver), resolver);
  }
  formats::RawProbe probe;
  probe.head = head;
  probe.size = size;
  probe.path = path;
  probe.allowAudio = ext == "bin" || ext == "raw" || ext == "cdda" || ext == "pcm";
  auto disc = formats::detectRawLayout(probe);
  // A cooked 2048 image is the ISO analysis's business; only raw dumps become a CD model here.
  if (disc && disc->format == "iso") return std::nullopt;
  return disc;
}

struct CdPass::FileConsumers {
  std::vector<std::unique_ptr<DigestConsumer>> digests;
  std::unique_ptr<SectorCheckConsumer> sectors;
  std::unique_ptr<SubchannelConsumer> subchannel;
  std::vector<std::unique_ptr<TrackContentConsumer>> content;
};

CdPass::CdPass(Disc disc, std::vector<hashing::Algorithm> algorithms, std::vector<hashing::Algorithm> contentAlgorithms)
    : disc_(std::move(disc)), algorithms_(std::move(algorithms)) {
  for (size_t i = 0; i < disc_.files.size(); ++i)
    if (disc_.files[i].found && disc_.files[i].path == disc_.descriptorPath) inputFile_ = static_cast<int>(i);
  // One running set of content digests per algorithm, each fed by its own consumer, so the digests
  // of one track are computed on different workers (as the whole-file digests are).
  for (auto a : contentAlgorithms) content_.push_back(std::make_unique<TrackContentHashes>(disc_, std::vector<hashing::Algorithm>{a}));
  if (content_.empty()) content_.push_back(std::make_unique<TrackContentHashes>(disc_, std::vector<hashing::Algorithm>{}));
  files_.resize(disc_.files.size());
  open_.resize(disc_.files.size());
  for (size_t i = 0; i < files_.size(); ++i) files_[i].file = static_cast<int>(i);
}

CdPass::~CdPass() = default;

uint32_t CdPass::sectorSizeFor(int file) const {
  std::map<uint32_t, uint64_t> votes;
  for (const Track& t : disc_.tracks)
    for (const Fragment& f : t.fragments)
      if (f.file == file && f.layout == SectorLayout::Raw) votes[f.sectorSize] += f.sectors;
  if (file >= 0 && static_cast<size_t>(file) < disc_.files.size() && disc_.files[static_cast<size_t>(file)].role == "subchannel")
    return kSubchannelSize;
  if (votes.empty()) return 2048;
  return std::max_element(votes.begin(), votes.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
}

std::vector<Consumer*> CdPass::consumersFor(int file, bool withDigests) {
  auto fc = std::make_unique<FileConsumers>();
  std::vector<Consumer*> out;
  if (withDigests)
    for (auto a : algorithms_) {
      fc->digests.push_back(std::make_unique<DigestConsumer>(a));
      out.push_back(fc->digests.back().get());
    }
  auto regions = rawRegionsOf(disc_, file);
  if (!regions.empty()) {
    fc->sectors = std::make_unique<SectorCheckConsumer>(std::move(regions));
    out.push_back(fc->sectors.get());
  }
  auto subRegions = subRegionsOf(disc_, file);
  if (!subRegions.empty()) {
    fc->subchannel = std::make_unique<SubchannelConsumer>(std::move(subRegions));
    out.push_back(fc->subchannel.get());
  }
  for (auto& hashes : content_) {
    fc->content.push_back(std::make_unique<TrackContentConsumer>(disc_, file, *hashes));
    out.push_back(fc->content.back().get());
  }
  for (SectorContentSink* sink : sinks_) {
    // Ranks with the per-file hash consumer of an .iso pass: sequential and as heavy as a digest.
    fc->content.push_back(std::make_unique<TrackContentConsumer>(disc_, file, *sink, 70));
    out.push_back(fc->content.back().get());
  }
  open_[static_cast<size_t>(file)] = std::move(fc);
  return out;
}

void CdPass::collect(int file, const PassResult& pass) {
  FileDigests& fd = files_[static_cast<size_t>(file)];
  FileConsumers* fc = open_[static_cast<size_t>(file)].get();
  fd.read = true;
  fd.bytes = pass.bytesRead;
  fd.unreadable = pass.unreadable;
  if (pass.fatal) fd.error = pass.fatal.message();
  if (!fc) return;
  for (auto& d : fc->digests) fd.digests.push_back(d->digest());
  if (fc->sectors)
    for (const auto& f : fc->sectors->facts()) sectors_.push_back(f);
  if (fc->subchannel)
    for (const auto& f : fc->subchannel->facts()) subchannel_.push_back(f);
}

void CdPass::runOtherFiles(const PipelineOptions& options) {
  for (size_t i = 0; i < disc_.files.size(); ++i) {
    const DataFile& df = disc_.files[i];
    if (static_cast<int>(i) == inputFile_ || !df.found) continue;
    // The same file named twice (several FILE lines) is read once.
    bool seen = false;
    for (size_t j = 0; j < i; ++j) seen = seen || (disc_.files[j].found && disc_.files[j].path == df.path);
    if (seen) continue;
    auto source = openSource(df.path);
    if (!source) {
      files_[i].error = source.error().message();
      continue;
    }
    PipelineOptions o = options;
    o.sectorSize = sectorSizeFor(static_cast<int>(i));
    o.progress = nullptr;
    auto consumers = consumersFor(static_cast<int>(i), true);
    auto pass = runPipeline(**source, consumers, o);
    if (!pass) {
      files_[i].error = pass.error().message();
      continue;
    }
    collect(static_cast<int>(i), *pass);
  }
}

Result<CdAnalysis> analyzeDrive(CdDrive& drive, const std::vector<hashing::Algorithm>& algorithms,
                                const PipelineOptions& options) {
  auto toc = drive.readToc();
  if (!toc) return std::move(toc).takeError();
  CdAnalysis out;
  out.disc = discFromToc(*toc, drive.name());
  for (const Track& t : out.disc.tracks) {
    DataFile f;
    f.name = drive.name() + "#track" + std::to_string(t.number);
    f.role = "drive-track";
    f.found = true;
    f.size = f.needed = t.sectors * t.sectorSize;
    out.disc.files.push_back(f);
    DriveTrackSource source(drive, t);
    std::vector<std::unique_ptr<DigestConsumer>> digests;
    std::vector<Consumer*> consumers;
    for (auto a : algorithms) {
      digests.push_back(std::make_unique<DigestConsumer>(a));
      consumers.push_back(digests.back().get());
    }
    PipelineOptions o = options;
    o.sectorSize = t.sectorSize;
    o.readers = 1;
    o.progress = nullptr;
    FileDigests fd;
    fd.file = static_cast<int>(out.files.size());
    TrackContentDigest content;
    content.track = t.number;
    content.contentSize = t.sectorSize;
    auto pass = runPipeline(source, consumers, o);
    if (!pass) {
      fd.error = pass.error().message();
    } else {
      fd.read = true;
      fd.bytes = pass->bytesRead;
      fd.unreadable = pass->unreadable;
      if (pass->fatal) fd.error = pass->fatal.message();
      for (auto& d : digests) content.digests.push_back(d->digest());
      content.bytes = pass->bytesRead;
      content.sectors = pass->bytesRead / t.sectorSize;
      content.complete = pass->complete() && content.sectors == t.sectors;
    }
    out.files.push_back(std::move(fd));
    out.content.push_back(std::move(content));
  }
  return out;
}

CdAnalysis CdPass::finish() {
  CdAnalysis out;
  // The per-algorithm results of each track joined, in algorithm order.
  for (auto& hashes : content_) {
    auto part = hashes->finish();
    if (out.content.empty()) {
      out.content = std::move(part);
      continue;
    }
    for (size_t i = 0; i < out.content.size() && i < part.size(); ++i)
      out.content[i].digests.insert(out.content[i].digests.end(), part[i].digests.begin(), part[i].digests.end());
  }
  out.files = std::move(files_);
  out.sectors = std::move(sectors_);
  out.subchannel = std::move(subchannel_);
  open_.clear();
  content_.clear();
  out.disc = std::move(disc_);
  // A Mode 2 track's forms are known only from its sectors: mixed, Form 1 only or Form 2 only.
  for (Track& t : out.disc.tracks) {
    if (t.mode != TrackMode::Mode2 && t.mode != TrackMode::Mode2Form1 && t.mode != TrackMode::Mode2Form2) continue;
    if (auto f = out.sectorFactsOf(t.number)) {
      if (f->form1 > 0 && f->form2 > 0) t.mode = TrackMode::Mode2Mixed;
      else if (f->form1 > 0) t.mode = TrackMode::Mode2Form1;
      else if (f->form2 > 0) t.mode = TrackMode::Mode2Form2;
    }
  }
  return out;
}

} // namespace dv::analyzer::cd
