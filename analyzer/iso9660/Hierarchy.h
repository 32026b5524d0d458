// Directory hierarchy of ECMA-119 6.8 and 9.3: a bounded walk from a root record that records every
// directory record found, where it was, the directories and the files (multi-extent sections joined).
// Used for the primary tree and, with another name decoder, for supplementary (Joliet) trees.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/iso9660/DirectoryRecord.h"
#include "analyzer/iso9660/ExtendedAttributeRecord.h"
#include "analyzer/iso9660/MetadataReader.h"

namespace dv::analyzer::iso9660 {

/// Turns a raw file identifier into the name used in paths (the PVD tree keeps the bytes, made
/// UTF-8-safe; a Joliet tree decodes UCS-2BE). Never called for "." and "..".
using NameDecoder = std::function<std::string(std::string_view rawIdentifier)>;

/// The decoder of the primary tree: the bytes as recorded, invalid UTF-8 escaped.
std::string primaryName(std::string_view rawIdentifier);

/// One directory record as found during the walk.
struct RecordEntry {
  DirectoryRecord record;
  uint64_t lba = 0;              ///< logical sector (2048 bytes) holding the record
  uint64_t offset = 0;           ///< byte offset of the record in the image
  uint32_t directory = 0;        ///< index in Hierarchy::directories of the directory holding it
  uint32_t position = 0;         ///< 0 for the first record of its directory, 1 for the second, ...
  std::string name;              ///< decoded identifier; "." and ".." for the two special records
  std::string path;              ///< full path ("/A/B.TXT;1")
  std::optional<uint32_t> childDirectory; ///< the directory this record opened, when walked
  /// Parsed when XAR length > 0 and readable. Rare, so held apart: inline it would be two fifths of
  /// every record of the tree.
  std::shared_ptr<const ExtendedAttributeRecord> xar;
};

/// A byte range inside a directory extent: its image offset and length.
struct DirectoryGap {
  uint64_t offset = 0;
  uint64_t length = 0;
};

/// One directory of the hierarchy.
struct DirectoryNode {
  std::string path;                 ///< "/" for the root, "/A/B" below it
  std::optional<uint32_t> parent;   ///< index of the parent directory; none for the root
  std::optional<uint32_t> record;   ///< the record naming it in its parent; none for the root
  uint32_t depth = 1;               ///< root = 1 (6.8.2.1)
  uint32_t extent = 0;              ///< first logical block of the directory's extent
  uint32_t dataLength = 0;          ///< from the record that led here
  uint8_t xarLength = 0;
  std::vector<uint32_t> records;    ///< indexes into Hierarchy::records, in recorded order
  std::vector<DirectoryGap> nonZeroTails;   ///< non-zero bytes after the last record of a sector (9.2)
  std::vector<uint64_t> crossingRecords;    ///< offsets of records running past a sector end (9.2)
  std::vector<uint64_t> shortRecords;       ///< offsets of LEN_DR 1..33 (9.1.1): rest of sector skipped
  bool outsideImage = false;        ///< the extent starts past the readable image: not read
  bool readCut = false;             ///< the extent was read only in part (image end, read limit)
};

/// Why a directory record was not followed.
enum class SkipReason { Loop, AlreadyVisited, OutsideImage, DepthLimit, Budget };
std::string_view skipReasonName(SkipReason r);

/// A directory record that the walk did not follow.
struct SkippedDirectory {
  uint32_t record = 0;              ///< index into Hierarchy::records
  SkipReason reason = SkipReason::AlreadyVisited;
  std::optional<uint32_t> visitedBy; ///< the directory that already owns that extent
};

/// One contiguous run of a file's data in the image.
struct FileRun {
  uint64_t lba = 0;            ///< logical block of the run's first byte
  uint64_t imageOffset = 0;    ///< byte offset in the image
  uint64_t fileOffset = 0;     ///< byte offset in the file
  uint64_t length = 0;         ///< bytes of the file in this run
  uint64_t readableLength = 0; ///< part of `length` that lies inside the image
};

/// A file: one record, or the records of one multi-extent file (6.5.1) in section order.
struct FileEntry {
  std::string path;                 ///< full path with the version kept ("/DIR/A.TXT;1")
  uint32_t directory = 0;
  std::vector<uint32_t> sections;   ///< indexes into Hierarchy::records
  uint64_t size = 0;                ///< sum of the sections' data lengths
  std::vector<FileRun> runs;        ///< data runs in file order (interleaving expanded)
  bool runsCut = false;             ///< more runs than the limit: the rest is not listed
  bool associated = false;
  bool interleaved = false;
  /// True when part of the data lies outside the image.
  bool outsideImage() const;
};

/// Limits of one walk. The defaults handle any real disc.
struct WalkLimits {
  uint32_t maxDepth = 1000;
  uint64_t maxRecords = 2'000'000;
  uint64_t maxDirectoryBytes = uint64_t{64} << 20; ///< per directory extent
  size_t maxRunsPerFile = 65536;
  /// Runs of all files together. Only interleaving multiplies runs (one record can claim a run per
  /// file unit), so this keeps memory bounded however many records claim it.
  uint64_t maxRuns = uint64_t{1} << 20;
};

/// The result of a walk: facts only.
struct Hierarchy {
  uint32_t blockSize = kSectorSize;
  std::vector<DirectoryNode> directories; ///< [0] is the root, then depth-first in recorded order
  std::vector<RecordEntry> records;
  std::vector<FileEntry> files;           ///< in walk order
  std::vector<SkippedDirectory> skipped;
  bool depthLimitHit = false;
  bool recordLimitHit = false;
  bool budgetHit = false;                  ///< the reader's byte budget ran out
  uint32_t maxDepthSeen = 1;
  bool walked = false;                     ///< false when there was no usable root record
};

/// Walks the hierarchy whose root record is `root` (from a PVD, SVD or EVD). `blockSize` is the
/// logical block size of the descriptor (512, 1024 or 2048). Never follows an extent outside the
/// readable image, never enters a directory extent twice, and stops at the limits; every such stop
/// is recorded. Never fails: reading problems become facts.
Hierarchy walkHierarchy(MetadataReader& reader, const DirectoryRecord& root, uint32_t blockSize,
                        const NameDecoder& decode = primaryName, const WalkLimits& limits = {});

} // namespace dv::analyzer::iso9660
