// CdAnalysis: the facts about a CD input (the disc model, digests of each data file as stored,
// each track's content digests and the sector-layer results) and the passes that establish them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/cd/Disc.h"
#include "analyzer/cd/Drive.h"
#include "analyzer/cd/SectorChecks.h"
#include "analyzer/cd/Subchannel.h"
#include "analyzer/cd/TrackContent.h"
#include "analyzer/pipeline/Pipeline.h"
#include "analyzer/sources/ByteSource.h"
#include "hashing/Hasher.h"

namespace dv::analyzer::cd {

/// One data file of the disc after its pass.
struct FileDigests {
  int file = -1;                       ///< index into Disc::files
  bool read = false;                   ///< a pass ran over it
  uint64_t bytes = 0;
  std::vector<hashing::Digest> digests; ///< of the bytes as stored (match acquisition logs)
  std::vector<ByteRange> unreadable;
  std::string error;                   ///< why it could not be read, when it could not
};

/// Everything the CD layer knows about one input.
struct CdAnalysis {
  Disc disc;
  std::vector<FileDigests> files;               ///< one per Disc::files entry
  std::vector<TrackContentDigest> content;       ///< one per track
  std::vector<TrackSectorFacts> sectors;         ///< one per raw region (track part in one file)
  std::vector<SubchannelFacts> subchannel;       ///< one per sub-channel region
  /// The facts of the regions of one track merged, or nullopt when none of its sectors was checked.
  std::optional<TrackSectorFacts> sectorFactsOf(uint32_t track) const;
  /// The sub-channel facts of the regions of one track merged, or nullopt when it has no sub-channel.
  std::optional<SubchannelFacts> subchannelOf(uint32_t track) const;
};

/// Reads the start of `path` (through `source`) and recognises a CD descriptor (cue, toc, ccd, nrg,
/// mds) or a raw dump (§4). Returns nullopt for other inputs (a plain .iso, any other file).
std::optional<Disc> describeCdInput(const std::string& path, ByteSource& source);

/// Reads every track of the disc in `drive` through the read pipeline (one pass per track, with its
/// retries, narrowing and zero-fill): the disc model from the TOC and each track's content digests
/// (PCM of audio tracks, user data of data tracks). Unreadable ranges of a track are in files[i]
/// (one pseudo-file per track). Fails only when the TOC cannot be read.
Result<CdAnalysis> analyzeDrive(CdDrive& drive, const std::vector<hashing::Algorithm>& algorithms,
                                const PipelineOptions& options);

/// The passes of a CD input. For the input itself (a raw dump or an .nrg), consumersFor() gives the
/// consumers to add to its own pass; every other data file gets its own pass in runOtherFiles().
class CdPass {
public:
  /// `algorithms` hash each data file as stored; `contentAlgorithms` hash each track's content.
  CdPass(Disc disc, std::vector<hashing::Algorithm> algorithms, std::vector<hashing::Algorithm> contentAlgorithms);
  ~CdPass();
  /// The index of the data file that is the input itself, or -1.
  int inputFile() const { return inputFile_; }
  /// The disc being read (valid until finish()).
  const Disc& disc() const { return disc_; }
  /// Adds a sink that every pass feeds with the content of each stored sector, through a consumer of
  /// its own (so it runs beside the content digests): the per-file digests of the volume. The sink
  /// must outlive the passes. Call before the first consumersFor().
  void addSectorSink(SectorContentSink& sink) { sinks_.push_back(&sink); }
  /// The sector size a pass over file `file` should use (its raw stride, else 2048).
  uint32_t sectorSizeFor(int file) const;
  /// Consumers for the pass over file `file`; owned by this object, valid until finish().
  std::vector<Consumer*> consumersFor(int file, bool withDigests);
  /// Records what the pass over file `file` established.
  void collect(int file, const PassResult& pass);
  /// Opens and reads every found data file other than the input, in order. Read failures become
  /// FileDigests::error; never fails as a whole.
  void runOtherFiles(const PipelineOptions& options);
  /// The facts; call once after all passes.
  CdAnalysis finish();

private:
  struct FileConsumers;
  Disc disc_;
  std::vector<hashing::Algorithm> algorithms_;
  int inputFile_ = -1;
  std::vector<std::unique_ptr<TrackContentHashes>> content_; ///< one per algorithm
  std::vector<SectorContentSink*> sinks_;
  std::vector<std::unique_ptr<FileConsumers>> open_;
  std::vector<FileDigests> files_;
  std::vector<TrackSectorFacts> sectors_;
  std::vector<SubchannelFacts> subchannel_;
};

} // namespace dv::analyzer::cd
