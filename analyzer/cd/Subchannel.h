// Subchannel: Q sub-channel checks (cd-layouts.md §1.7, rule CD-SUB-001): the Q CRC, the absolute
// time against the sector's position, and the track number against the description, as a pipeline
// consumer over sub-channel bytes (after each 2352-byte sector, or in a separate .sub file).
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "analyzer/cd/Disc.h"
#include "analyzer/cd/SectorChecks.h"
#include "analyzer/pipeline/Consumer.h"

namespace dv::analyzer::cd {

/// The CRC-16 of the Q channel (polynomial 0x1021, initial 0, not reflected) over `bytes`, not yet
/// inverted. crc16Q("123456789") == 0x31C3; the stored form is its complement.
uint16_t crc16Q(ByteView bytes);

/// The 12 Q bytes of a 96-byte sub-channel block in either arrangement.
std::array<uint8_t, 12> extractQ(ByteView sub96, Subchannel arrangement);

/// The media catalog number of an ADR 2 Q block: 13 BCD digits in bytes 1-7 (§1.7), or "" when a
/// nibble is not a decimal digit.
std::string decodeQCatalog(const std::array<uint8_t, 12>& q);

/// The ISRC of an ADR 3 Q block: five 6-bit characters (0-9 as 0x00-0x09, A-Z as 0x11-0x2A) in
/// bytes 1-4, then seven BCD digits in bytes 5-8; "" when a character or digit is out of range.
std::string decodeQIsrc(const std::array<uint8_t, 12>& q);

/// Where sub-channel blocks of one track lie in the file being read.
struct SubRegion {
  uint32_t track = 0;
  uint64_t offset = 0;   ///< byte offset of the first 96-byte block
  uint64_t sectors = 0;
  uint32_t stride = 96;  ///< bytes from one block to the next (2448 inside raw sectors, 96 in a .sub)
  int32_t firstLba = 0;
  Subchannel arrangement = Subchannel::Linear;
};

/// The sub-channel regions of `disc` in file `fileIndex` (sub-channel after raw sectors, or a
/// CloneCD .sub file whose blocks follow the .img's sectors).
std::vector<SubRegion> subRegionsOf(const Disc& disc, int fileIndex);

/// What the Q channel of one track showed.
struct SubchannelFacts {
  uint32_t track = 0;
  uint64_t blocks = 0;          ///< blocks examined
  uint64_t crcFailures = 0;
  uint64_t positionBlocks = 0;  ///< blocks with a good CRC and ADR 1 (position)
  FaultRuns timeMismatch;       ///< ADR 1 absolute time not the sector's position
  FaultRuns trackMismatch;      ///< ADR 1 TNO not the described track (index 1 onward)
  FaultRuns crcRuns;
  uint64_t catalogBlocks = 0;   ///< blocks with a good CRC and ADR 2 (media catalog number)
  uint64_t isrcBlocks = 0;      ///< blocks with a good CRC and ADR 3 (ISRC)
  std::vector<std::string> catalogs; ///< distinct catalog numbers found, sorted (at most kMaxQTexts)
  std::vector<std::string> isrcs;    ///< distinct ISRCs found, sorted (at most kMaxQTexts)
  Subchannel arrangement = Subchannel::Linear;
  bool separateFile = false;    ///< the blocks are in a file of their own (CloneCD .sub)
};

/// Distinct catalog numbers or ISRCs kept per track: a damaged Q channel cannot grow the list.
inline constexpr size_t kMaxQTexts = 8;

/// Several regions' facts of one track merged into one (counts added, ranges joined in LBA order).
SubchannelFacts mergeSubchannelFacts(const std::vector<const SubchannelFacts*>& parts);

/// Checks the Q channel of every block of the regions. Unordered; blocks never straddle because the
/// pass uses the regions' stride as its sector size (2448) or 96 (a .sub).
class SubchannelConsumer final : public Consumer {
public:
  explicit SubchannelConsumer(std::vector<SubRegion> regions, size_t maxRanges = 1000);
  std::string_view name() const override { return "cd-subchannel"; }
  bool needsPrevious(uint64_t, uint64_t) const override { return false; }
  void consume(const Chunk& chunk) override;
  void finish(uint64_t totalBytes) override;
  const std::vector<SubchannelFacts>& facts() const { return facts_; }

private:
  struct State {
    std::mutex mutex;
    uint64_t blocks = 0, crcFailures = 0, positionBlocks = 0;
    std::vector<std::pair<int32_t, uint8_t>> failures; ///< LBA, bit 0 crc, 1 time, 2 track
    uint64_t catalogBlocks = 0, isrcBlocks = 0;
    std::set<std::string> catalogs, isrcs;
  };
  std::vector<SubRegion> regions_;
  size_t maxRanges_;
  std::vector<std::unique_ptr<State>> state_;
  std::vector<SubchannelFacts> facts_;
};

} // namespace dv::analyzer::cd
