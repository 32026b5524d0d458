// ImageAnalysis: the facts one read pass establishes about an input (digests, pieces, zero
// sectors, read errors) and the entry point that produces them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analyzer/Regions.h"
#include "analyzer/discapp/DiscApplication.h"
#include "analyzer/Sessions.h"
#include "analyzer/iso9660/ElTorito.h"
#include "analyzer/iso9660/EmbeddedChecksums.h"
#include "analyzer/iso9660/Joliet.h"
#include "analyzer/iso9660/RockRidgeVolume.h"
#include "analyzer/iso9660/SystemArea.h"
#include "analyzer/iso9660/UdfRecognition.h"
#include "analyzer/iso9660/IsoVolume.h"
#include "analyzer/pipeline/FileHashConsumer.h"
#include "analyzer/cd/CdAnalysis.h"
#include "analyzer/pipeline/HashConsumers.h"
#include "analyzer/pipeline/Pipeline.h"
#include "analyzer/sources/ByteSource.h"
#include "hashing/Algorithm.h"

namespace dv::analyzer {

/// How much readMetadata() reads besides the primary tree.
enum class MetadataDetail {
  Full,        ///< Joliet trees and every Rock Ridge fact (as analyzeImage)
  Names,       ///< what a listing by best names shows: Rock Ridge names and links, and the Joliet
               ///< trees only when the volume has no Rock Ridge
  Identifiers, ///< the primary tree only: neither Joliet nor Rock Ridge
};

/// What to compute in the pass.
struct AnalyzeOptions {
  std::vector<hashing::Algorithm> imageHashes{hashing::Algorithm::Md5, hashing::Algorithm::Sha1,
                                              hashing::Algorithm::Sha256};
  std::vector<hashing::Algorithm> pieceHashes{hashing::Algorithm::Sha256};
  uint64_t pieceSize = uint64_t{64} << 20; ///< 0 turns piecewise hashes off
  bool zeroCensus = true;
  bool parseFileSystems = true;           ///< parse ISO 9660 metadata before the pass
  std::vector<hashing::Algorithm> fileHashes{hashing::Algorithm::Sha256}; ///< empty: no per-file hashes
  /// Content digests of each CD track (user data, PCM). The data files of a CD input are hashed as
  /// stored with imageHashes (they match acquisition logs); the content digest exists to compare a
  /// track with an .iso, so one algorithm does by default. Empty: none (ls --long).
  std::vector<hashing::Algorithm> trackHashes{hashing::Algorithm::Sha256};
  iso9660::IsoParseOptions iso;
  MetadataDetail metadataDetail = MetadataDetail::Full; ///< readMetadata() only
  PipelineOptions pipeline;
  OpenOptions open;
};

/// A whole-input digest and the number of bytes it covers.
struct ImageDigest {
  hashing::Digest digest;
  uint64_t length = 0;
};

/// Piecewise digests with one algorithm.
struct PieceSet {
  hashing::Algorithm algorithm = hashing::Algorithm::Sha256;
  uint64_t pieceSize = 0;
  std::vector<PieceDigest> pieces;
};

/// The all-zero sector census.
struct ZeroCensus {
  uint32_t sectorSize = 2048;
  uint64_t totalSectors = 0;
  uint64_t zeroSectors = 0;
  uint64_t runCount = 0;
  std::vector<ZeroRun> runs; ///< the first runs, in order
  bool runsTruncated = false;
  bool computed = false;
};

/// Everything known about one input after its pass.
struct ImageAnalysis {
  SourceInfo source;                    ///< size filled in after the pass for streams
  uint64_t sizeBytes = 0;               ///< bytes passed to the consumers
  std::vector<ImageDigest> digests;     ///< in algorithm order
  std::vector<hashing::Digest> containerDigests; ///< of the stored bytes of a compressed input
  uint64_t containerBytes = 0;
  std::vector<PieceSet> pieceSets;
  ZeroCensus zeros;
  PassResult pass;
  ElTorito elTorito;                    ///< boot record, catalog and boot images (with digests)
  SystemArea systemArea;                ///< MBR / GPT / APM of a hybrid image
  UdfRecognition udf;                   ///< UDF recognition sequence, anchors, revision
  /// The ISO 9660 volume parsed before the pass (found == false when the input has none).
  iso9660::IsoVolume iso;
  bool isoParsed = false;                 ///< false when parsing was turned off
  /// The volume was read through a CD's user data: the runs of iso.tree.files are offsets LBA * 2048
  /// of that address space, not offsets in the input (cd::inputOffsetOf maps them where it can).
  bool isoInUserData = false;
  /// Per-file digests of iso.tree.files, index for index (empty when per-file hashing is off).
  std::vector<FileDigest> isoFileDigests;
  std::vector<hashing::Algorithm> fileHashAlgorithms;
  std::optional<cd::CdAnalysis> cd;     ///< set for CD inputs: descriptors (cue, toc, ...) and raw dumps
  std::vector<JolietVolume> joliet;      ///< every Joliet supplementary volume with its tree
  RockRidgeVolume rockRidge;            ///< SUSP/Rock Ridge facts of the primary tree
  DiscApplication discApplication;      ///< DVD-Video / BDMV structure (found through the ISO 9660 tree)
  std::vector<EmbeddedChecksum> embeddedChecksums; ///< isomd5sum / libisofs tags; empty = none recorded
  /// The volumes of earlier sessions (a multisession disc, or an image appended to in place), with
  /// the fate of each of their files in the newest volume `iso`; empty for one session.
  std::vector<EarlierSession> earlierSessions;
  /// What lies where, for the sector map: filled by the parsers that know (at most kMaxRegions).
  std::vector<Region> regions;
};

/// Opens `path` and runs one pass over it. Fails (Result error) only when the input cannot be
/// opened or the options are bad; a pass that stops early returns an analysis whose pass.fatal says why.
Result<ImageAnalysis> analyzeImage(const std::string& path, const AnalyzeOptions& options);

/// Reads only the file-system metadata of `path` (the ISO 9660 volume, its Joliet trees and Rock
/// Ridge facts): no pass, no digests. For a CD input the volume of the data track is parsed, without
/// Joliet and Rock Ridge (as analyzeImage does). Fails only when the input cannot be opened.
Result<ImageAnalysis> readMetadata(const std::string& path, const AnalyzeOptions& options);

/// Runs one pass over an already opened source; `extra` consumers join the pass.
Result<ImageAnalysis> analyzeSource(ByteSource& source, const AnalyzeOptions& options,
                                    std::span<Consumer* const> extra = {});

} // namespace dv::analyzer
