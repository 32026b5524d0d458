// ImageAnalysis: builds the consumers of a pass, runs it, and collects the facts.
#include "analyzer/ImageAnalysis.h"

#include "analyzer/cd/CookedFiles.h"
#include "analyzer/cd/CookedSource.h"
#include "analyzer/iso9660/ExtensionScan.h"

namespace dv::analyzer {
namespace {

/// The ISO 9660 analysis on the user data of the data tracks: the last session with data holds the
/// volume that supersedes earlier ones (§2: its descriptors are at its start + 16).
void parseCdVolume(const cd::Disc& d, const AnalyzeOptions& options, ImageAnalysis& out) {
  int32_t start = 0;
  uint32_t session = 1;
  for (const cd::Track& t : d.tracks)
    if (!t.audio() && t.session > session) {
      session = t.session;
      start = t.startLba;
    }
  cd::CookedSource cooked(d, start);
  if (cooked.empty()) return;
  iso9660::MetadataReader reader(cooked);
  out.iso = iso9660::parseIsoVolume(reader, options.iso);
  out.isoParsed = true;
  if (!out.iso.found && start > 0) {
    start = 0;
    cd::CookedSource first(d, 0); // no volume in the last session: try the first
    iso9660::MetadataReader again(first);
    out.iso = iso9660::parseIsoVolume(again, options.iso);
  }
  out.iso.sessionStart = static_cast<uint64_t>(start);
  // The volumes of the other sessions with data, and which of their files the newest one superseded.
  out.earlierSessions = earlierDiscSessions(d, start, out.iso, options.iso);
  for (EarlierSession& e : out.earlierSessions) classifySuperseded(e, out.iso);
}

/// Where each file of the volume lies (its runs in the volume's byte address space), file by file.
std::vector<FileLayout> fileLayoutsOf(const iso9660::IsoVolume& iso) {
  std::vector<FileLayout> layouts;
  layouts.reserve(iso.tree.files.size());
  for (const auto& f : iso.tree.files) {
    FileLayout l;
    for (const auto& r : f.runs) l.runs.push_back({r.imageOffset, r.length});
    layouts.push_back(std::move(l));
  }
  return layouts;
}

/// Files may share extents (hard links); a hostile image could make thousands share a huge one.
/// Four times the image plus 1 GiB covers every real disc.
uint64_t fileHashBudget(uint64_t imageBytes) {
  return imageBytes > (UINT64_MAX >> 3) ? UINT64_MAX : imageBytes * 4 + (uint64_t{1} << 30);
}

} // namespace

Result<ImageAnalysis> analyzeImage(const std::string& path, const AnalyzeOptions& options) {
  OpenOptions open = options.open;
  if (open.containerAlgorithms.empty()) open.containerAlgorithms = options.imageHashes;
  auto source = openSource(path, open);
  if (!source) return std::move(source).takeError();
  if ((*source)->info().kind == SourceKind::OpticalDrive) {
    // A drive: the block device's pass, then each track through the CD-ROM ioctls (audio included).
    auto analysis = analyzeSource(**source, options);
    if (!analysis) return analysis;
    if (auto drive = cd::openLinuxCdDrive(path)) {
      auto cdFacts = cd::analyzeDrive(**drive, options.trackHashes, options.pipeline);
      if (cdFacts) analysis->cd = std::move(*cdFacts);
    }
    return analysis;
  }
  auto disc = cd::describeCdInput(path, **source);
  if (!disc) return analyzeSource(**source, options);

  // A CD input. Metadata first: the newest data session's volume, read through the user data with
  // bounded reads, lays its files out in the user-data address space (LBA * 2048).
  ImageAnalysis meta;
  if (options.parseFileSystems) parseCdVolume(*disc, options, meta);
  uint64_t storedBytes = 0;
  for (const cd::DataFile& f : disc->files) storedBytes += f.found ? f.size : 0;
  // Then the descriptor (or the raw dump itself) gets the usual pass, and every data file it names
  // gets its own pass with the sector checks and the track content digests; the user data those
  // passes extract also feeds the per-file hashers, so each data file is still read once.
  cd::CdPass cdPass(std::move(*disc), options.imageHashes, options.trackHashes);
  std::vector<FileLayout> layouts;
  std::unique_ptr<FileHashConsumer> fileHashes;
  std::unique_ptr<cd::CookedFileFeed> feed;
  if (meta.iso.found && !options.fileHashes.empty()) {
    layouts = fileLayoutsOf(meta.iso);
    // The budget follows the bytes stored, not the sector counts a descriptor claims.
    fileHashes = std::make_unique<FileHashConsumer>(layouts, options.fileHashes, fileHashBudget(storedBytes));
    feed = std::make_unique<cd::CookedFileFeed>(cdPass.disc(), *fileHashes);
    cdPass.addSectorSink(*feed);
  }
  AnalyzeOptions own = options;
  // The input is a descriptor or a raw dump: its bytes are not a 2048-byte-sector volume, so the
  // ISO 9660 parse (and VDS-001) does not apply to them as they stand.
  own.parseFileSystems = false;
  std::vector<Consumer*> extra;
  const int self = cdPass.inputFile();
  if (self >= 0) {
    own.pipeline.sectorSize = cdPass.sectorSizeFor(self);
    extra = cdPass.consumersFor(self, false);
  }
  auto analysis = analyzeSource(**source, own, extra);
  if (!analysis) return analysis;
  if (self >= 0) cdPass.collect(self, analysis->pass);
  cdPass.runOtherFiles(options.pipeline);
  analysis->cd = cdPass.finish();
  if (self >= 0)
    for (const ImageDigest& d : analysis->digests) analysis->cd->files[static_cast<size_t>(self)].digests.push_back(d.digest);
  if (options.parseFileSystems) {
    analysis->iso = std::move(meta.iso);
    analysis->isoParsed = meta.isoParsed;
    analysis->isoInUserData = meta.isoParsed;
    analysis->earlierSessions = std::move(meta.earlierSessions);
  }
  if (fileHashes) {
    fileHashes->finish(analysis->iso.imageBytes);
    analysis->isoFileDigests = fileHashes->results();
    analysis->fileHashAlgorithms = options.fileHashes;
    // Sectors a pass could not read were zero-filled: the files they hold are not hashed whole.
    std::vector<ByteRange> zeroFilled;
    for (const cd::FileDigests& f : analysis->cd->files) {
      auto r = cd::cookedRangesOf(analysis->cd->disc, f.file, f.unreadable);
      zeroFilled.insert(zeroFilled.end(), r.begin(), r.end());
    }
    markZeroFilled(analysis->isoFileDigests, layouts, std::move(zeroFilled));
  }
  return analysis;
}

Result<ImageAnalysis> readMetadata(const std::string& path, const AnalyzeOptions& options) {
  auto source = openSource(path, options.open);
  if (!source) return std::move(source).takeError();
  ImageAnalysis out;
  out.source = (*source)->info();
  if ((*source)->info().kind != SourceKind::OpticalDrive) {
    if (auto disc = cd::describeCdInput(path, **source)) {
      parseCdVolume(*disc, options, out);
      out.isoInUserData = out.isoParsed;
      return out;
    }
  }
  iso9660::MetadataReader reader(**source);
  out.iso = iso9660::parseIsoVolume(reader, options.iso);
  out.isoParsed = true;
  if (out.iso.found && options.metadataDetail != MetadataDetail::Identifiers) {
    const bool full = options.metadataDetail == MetadataDetail::Full;
    out.rockRidge = readRockRidge(ImageSectors(**source), out.iso, full ? RockRidgeDetail::Full : RockRidgeDetail::Names);
    // Best names come from Rock Ridge where it is present; Joliet is their fallback.
    if (full || !out.rockRidge.present()) {
      iso9660::MetadataReader again(**source); // a fresh budget for the supplementary trees
      out.joliet = readJolietVolumes(again, out.iso);
    }
  }
  return out;
}

Result<ImageAnalysis> analyzeSource(ByteSource& source, const AnalyzeOptions& options, std::span<Consumer* const> extra) {
  std::vector<std::unique_ptr<DigestConsumer>> digests;
  std::vector<std::unique_ptr<PieceConsumer>> pieces;
  std::unique_ptr<ZeroSectorConsumer> zeros;
  std::unique_ptr<FileHashConsumer> fileHashes;
  std::vector<Consumer*> consumers;
  ImageAnalysis out;

  // Metadata first, with bounded readAt() calls; the pass then reads the image once.
  if (options.parseFileSystems) {
    iso9660::MetadataReader reader(source);
    out.iso = iso9660::parseIsoVolume(reader, options.iso);
    out.isoParsed = true;
    // An image appended to in place keeps its earlier sessions' descriptors at their starts + 16.
    out.earlierSessions = earlierImageSessions(source, out.iso, options.iso);
    for (EarlierSession& e : out.earlierSessions) classifySuperseded(e, out.iso);
  }
  std::vector<FileLayout> layouts;
  if (out.iso.found && !options.fileHashes.empty()) {
    layouts = fileLayoutsOf(out.iso);
    const uint64_t imageBytes = source.info().size.value_or(out.iso.imageBytes);
    fileHashes = std::make_unique<FileHashConsumer>(layouts, options.fileHashes, fileHashBudget(imageBytes));
    consumers.push_back(fileHashes.get());
    out.fileHashAlgorithms = options.fileHashes;
  }

  for (auto a : options.imageHashes) {
    digests.push_back(std::make_unique<DigestConsumer>(a));
    consumers.push_back(digests.back().get());
  }
  if (options.pieceSize > 0) {
    for (auto a : options.pieceHashes) {
      pieces.push_back(std::make_unique<PieceConsumer>(a, options.pieceSize));
      consumers.push_back(pieces.back().get());
    }
  }
  if (options.zeroCensus) {
    zeros = std::make_unique<ZeroSectorConsumer>(options.pipeline.sectorSize);
    consumers.push_back(zeros.get());
  }

  ExtensionScan extensions(source, options.imageHashes, out.isoParsed ? &out.iso : nullptr); // metadata reads before the pass
  extensions.addConsumers(consumers);

  consumers.insert(consumers.end(), extra.begin(), extra.end());
  auto pass = runPipeline(source, consumers, options.pipeline);
  if (!pass) return std::move(pass).takeError();

  out.source = source.info();
  out.sizeBytes = pass->bytesRead;
  if (!out.source.size && !pass->fatal) out.source.size = pass->bytesRead;
  for (auto& d : digests) out.digests.push_back({d->digest(), d->length()});
  for (auto& p : pieces) out.pieceSets.push_back({p->algorithm(), p->pieceSize(), p->pieces()});
  if (zeros) {
    out.zeros.sectorSize = zeros->sectorSize();
    out.zeros.totalSectors = zeros->totalSectors();
    out.zeros.zeroSectors = zeros->zeroSectors();
    out.zeros.runCount = zeros->runCount();
    out.zeros.runs = zeros->runs();
    out.zeros.runsTruncated = zeros->runsTruncated();
    out.zeros.computed = true;
  }
  if (fileHashes) {
    out.isoFileDigests = fileHashes->results();
    markZeroFilled(out.isoFileDigests, layouts, pass->unreadable); // zero-filled bytes are not the file's
  }
  out.containerDigests = source.containerDigests();
  out.containerBytes = source.containerBytes();
  out.pass = std::move(*pass);
  extensions.finish(out);
  if (out.sizeBytes == 0 && !out.pass.fatal)
    out.pass.fatal = Error(ErrorCode::Malformed, source.info().path + ": is empty (0 bytes): nothing to verify");
  return out;
}

} // namespace dv::analyzer
