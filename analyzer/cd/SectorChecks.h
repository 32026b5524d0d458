// SectorChecks: the sector-layer checks of one data file as a pipeline consumer (cd-layouts.md §1,
// rules CD-SEC-001..006), with failing LBAs grouped into ranges.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "analyzer/cd/Disc.h"
#include "analyzer/pipeline/Consumer.h"

namespace dv::analyzer::cd {

/// One thing that can be wrong with a raw sector.
enum class SectorFault {
  Sync,            ///< CD-SEC-001: no sync pattern in a data track
  HeaderBcd,       ///< CD-SEC-002: header MSF not valid BCD
  Address,         ///< CD-SEC-002: header MSF differs from the sector's position
  ModeReserved,    ///< CD-SEC-003: mode byte with bits 2-7 set (packet-writing blocks)
  ModeChange,      ///< CD-SEC-003: mode differs from the track's first sector
  Mode0Payload,    ///< CD-SEC-003: Mode 0 payload not all zero
  Mode1Edc,        ///< CD-SEC-004
  Mode1Zero,       ///< CD-SEC-004: bytes 2068-2075 not zero
  Mode1Ecc,        ///< CD-SEC-004: P or Q parity
  SubheaderCopies, ///< CD-SEC-005
  Form1Edc,        ///< CD-SEC-005
  Form1Ecc,        ///< CD-SEC-005
  Form2Edc,        ///< CD-SEC-005
  AudioSync,       ///< CD-SEC-006: sector-aligned sync in an audio track
};
inline constexpr size_t kSectorFaultCount = 14;

/// "sync", "header-bcd", "address", ... for reports and messages.
std::string_view sectorFaultName(SectorFault f);

/// A run of consecutive LBAs.
struct LbaRange {
  int32_t first = 0;
  uint32_t count = 0;
};

/// The sectors of one track that failed one check.
struct FaultRuns {
  uint64_t sectors = 0;          ///< how many failed (exact)
  std::vector<LbaRange> ranges;  ///< grouped runs, the first ones in LBA order
  bool truncated = false;        ///< more runs exist than are listed
};

/// What the sector layer established for one track.
struct TrackSectorFacts {
  uint32_t track = 0;
  bool audio = false;
  uint64_t checked = 0;               ///< raw sectors examined
  std::array<uint64_t, 4> modeCounts{}; ///< sectors with sync by mode (bits 0-1 of the mode byte)
  uint64_t form1 = 0, form2 = 0;      ///< Mode 2 sectors by XA form
  uint64_t form2EdcZero = 0;          ///< Form 2 sectors whose EDC is stored as zero
  uint64_t withSync = 0;
  std::array<FaultRuns, kSectorFaultCount> faults{};
  const FaultRuns& fault(SectorFault f) const { return faults[static_cast<size_t>(f)]; }
};

/// Where raw sectors of one track lie in the file being read.
struct RawRegion {
  uint32_t track = 0;
  bool audio = false;
  uint64_t offset = 0;   ///< byte offset of the first sector
  uint64_t sectors = 0;
  uint32_t stride = 2352; ///< bytes per sector in the file (2352, or 2448 with sub-channel)
  int32_t firstLba = 0;
  bool scrambled = false; ///< sectors stored scrambled (§1.6): descrambled before checking
};

/// The raw regions of `disc` that lie in file `fileIndex` (tracks stored as full 2352-byte sectors).
std::vector<RawRegion> rawRegionsOf(const Disc& disc, int fileIndex);

/// Checks every raw sector of the regions as the pass goes. Unordered: any worker, any order;
/// sectors that straddle two chunks are assembled under a lock. Results are exact and independent of
/// chunking and thread count.
class SectorCheckConsumer final : public Consumer {
public:
  explicit SectorCheckConsumer(std::vector<RawRegion> regions, size_t maxRanges = 1000);
  std::string_view name() const override { return "cd-sectors"; }
  bool needsPrevious(uint64_t, uint64_t) const override { return false; }
  void consume(const Chunk& chunk) override;
  void finish(uint64_t totalBytes) override;

  /// One entry per region's track, in region order; valid after finish().
  const std::vector<TrackSectorFacts>& facts() const { return facts_; }

private:
  struct Failure {
    int32_t lba;
    uint32_t faults; ///< bit per SectorFault
  };
  struct RegionState {
    std::mutex mutex;
    std::vector<Failure> failures;
    std::map<uint64_t, std::vector<uint8_t>> partial; ///< sector index -> bytes so far (straddlers)
    std::map<uint64_t, size_t> partialFilled;
    std::array<uint64_t, 4> modeCounts{};
    uint64_t form1 = 0, form2 = 0, form2EdcZero = 0, withSync = 0, checked = 0;
    std::vector<uint8_t> modes; ///< per sector: mode bits, 0xFF = no sync or not read
  };
  void checkOne(size_t region, uint64_t sectorIndex, const uint8_t* bytes);

  std::vector<RawRegion> regions_;
  size_t maxRanges_;
  std::vector<std::unique_ptr<RegionState>> state_;
  std::vector<TrackSectorFacts> facts_;
};

} // namespace dv::analyzer::cd
