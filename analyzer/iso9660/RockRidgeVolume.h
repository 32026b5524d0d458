// RockRidgeVolume: SUSP/Rock Ridge facts of every record of the primary tree, and the Rock Ridge
// view of it (alternate names, relocated directories grafted back at their CL placeholders).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "analyzer/iso9660/ImageSectors.h"
#include "analyzer/iso9660/IsoVolume.h"
#include "analyzer/iso9660/RockRidge.h"

namespace dv::analyzer {

/// The header of a zisofs-compressed file's data (extensions.md section 4).
struct ZisofsFileHeader {
  size_t file = 0;               ///< index in IsoVolume::tree.files
  bool readable = false;
  bool magic = false;
  uint32_t uncompressedSize = 0;
  uint8_t headerSizeDiv4 = 0;
  uint8_t log2BlockSize = 0;
  uint64_t pointerCount = 0;
  bool pointersRead = false;
  bool monotonic = true;
  uint32_t firstPointer = 0;
  uint32_t lastPointer = 0;
  /// The block pointers (offsets in the file), kept for the block checks of the pass; empty when the
  /// table was not read or the kept pointers of all files reached their limit.
  std::vector<uint32_t> pointers;
  // Filled during the pass (ZisofsBlockConsumer): each block inflated with its output capped at the
  // block size and compared with the size it must have.
  uint64_t blocksChecked = 0;
  uint64_t badBlocks = 0;
  std::optional<uint64_t> firstBadBlock;  ///< 0-based block number
  std::string firstBadReason;
  bool blocksCut = false;                 ///< not every block was checked (input ended, budget)
};

/// The Rock Ridge facts of one volume. `records` holds (index in IsoVolume::tree.records, facts)
/// pairs in ascending index order, only for records that carry entries.
struct RockRidgeVolume {
  bool spAtRoot = false;           ///< a valid SP opens the root "." record: SUSP is in use
  uint8_t lenSkp = 0;
  bool anyEntries = false;         ///< some record carries SUSP/RRIP entries
  std::vector<ExtensionReference> rootExtensions; ///< ER entries of the root "." record
  std::vector<std::pair<uint32_t, SystemUseFacts>> records;
  /// For each index in IsoVolume::tree.records, 1 + its position in `records`; 0 without facts.
  std::vector<uint32_t> recordSlots;
  std::vector<std::string> filePaths; ///< Rock Ridge path of each IsoVolume::tree.files entry ("" without RR)
  /// Rock Ridge path of each IsoVolume::tree.directories entry ("/" for the root; empty without RR).
  std::vector<std::string> directoryPaths;
  std::string version;             ///< inferred RRIP version: "1.09", "1.10", "1.12" or ""
  bool budgetHit = false;          ///< continuation reads stopped at the budget
  std::vector<ZisofsFileHeader> zisofs; ///< files with a ZF entry

  /// Whether Rock Ridge is present: SUSP in use and RRIP entries or an RRIP ER.
  bool present() const { return spAtRoot && anyEntries; }
  /// The facts of record i, or nullptr.
  const SystemUseFacts* facts(uint32_t i) const {
    return i < recordSlots.size() && recordSlots[i] != 0 ? &records[recordSlots[i] - 1].second : nullptr;
  }
  /// Adds the facts of record i, which must be above every index added so far.
  void add(uint32_t i, SystemUseFacts f) { emplace(i) = std::move(f); }
  /// Adds empty facts for record i (above every index added so far), to be filled in their place.
  SystemUseFacts& emplace(uint32_t i) {
    if (recordSlots.size() <= i) recordSlots.resize(size_t{i} + 1, 0);
    records.emplace_back(std::piecewise_construct, std::forward_as_tuple(i), std::forward_as_tuple());
    recordSlots[i] = static_cast<uint32_t>(records.size());
    return records.back().second;
  }
  /// Removes the facts added last.
  void dropLast() {
    recordSlots[records.back().first] = 0;
    records.pop_back();
  }
};

/// How much of each record's system use field readRockRidge() keeps.
enum class RockRidgeDetail {
  Full,  ///< every entry, and the zisofs headers of compressed files
  Names, ///< names, symbolic links and relocation links only (SuspLimits::namesOnly): for listings
};

/// Parses the system use fields of every record of `volume.tree` (CE areas read through `image`,
/// bounded by a budget of the image size) and builds the Rock Ridge paths. With `Names`, the facts
/// lack attributes, time stamps and zisofs, and `version` is not meaningful. Never fails. Thread-safe.
RockRidgeVolume readRockRidge(const ImageSectors& image, const iso9660::IsoVolume& volume,
                              RockRidgeDetail detail = RockRidgeDetail::Full);

/// The name a record has in the Rock Ridge view: its NM name, else its ISO name without ";version".
std::string rockRidgeName(const iso9660::RecordEntry& record, const SystemUseFacts* facts);

} // namespace dv::analyzer
