// RockRidge: System Use Sharing Protocol entries (IEEE P1281: SP, CE, PD, ST, ER, ES), Rock Ridge
// (IEEE P1282: RR, PX, PN, SL, NM, CL, PL, RE, TF, SF) and zisofs ZF, parsed from the system use
// field of a directory record and its continuation areas (extensions.md sections 2-4). Facts only.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/iso9660/DateTime.h"
#include "core/BothEndian.h"
#include "core/ByteView.h"
#include "core/Result.h"

namespace dv::analyzer {

/// One System Use Entry header as found.
struct SuspEntry {
  std::array<char, 2> signature{}; ///< two characters, raw
  uint8_t length = 0;        ///< LEN_SUE
  uint8_t version = 0;
  uint64_t offset = 0;       ///< image byte offset (0 when unknown)
  bool inContinuation = false;
};

/// A problem of the SUSP layer found while walking an area.
struct SuspDefect {
  enum class Kind {
    ShortEntry,        ///< LEN_SUE < 4
    Overrun,           ///< the entry runs past its area
    Version,           ///< version other than 1
    CeLength,          ///< CE not 28 bytes
    CeBothEndian,      ///< a CE both-byte field's halves disagree
    CeOutside,         ///< the area lies outside the volume or the image
    CeCrossesBlock,    ///< offset + length > logical block size
    CeTwice,           ///< more than one CE in one area
    CeLoop,            ///< the chain revisits a block/offset
    CeHopLimit,        ///< the chain is longer than the hop cap
    SpMisplaced,       ///< SP outside the root "." record's first entry
    SpMalformed,       ///< SP with a wrong length, version or check bytes
  };
  Kind kind = Kind::ShortEntry;
  uint64_t offset = 0;
  std::string detail;
};

/// An ER entry (extension reference).
struct ExtensionReference {
  uint8_t lenId = 0, lenDes = 0, lenSrc = 0, extVersion = 0;
  uint8_t length = 0;
  std::string identifier, descriptor, source;
};

/// PX: POSIX file attributes.
struct PosixAttributes {
  uint8_t length = 0;  ///< 36 or 44
  BothEndian32 mode, links, uid, gid;
  std::optional<BothEndian32> serial; ///< st_ino (RRIP 1.12, 44-byte form)
};

/// One TF time stamp.
struct RrTimestamp {
  std::string kind; ///< "creation", "modification", "access", "attributes", "backup", "expiration", "effective"
  bool longForm = false;
  iso9660::RecordDateTime shortTime;
  iso9660::DigitDateTime longTime;
  /// xs:dateTime text when valid.
  std::optional<std::string> isoText() const;
};

/// ZF: zisofs compression of the file.
struct ZisofsEntry {
  uint8_t length = 0, version = 0;
  std::string algorithm;   ///< "pz"
  uint8_t headerSizeDiv4 = 0;
  uint8_t log2BlockSize = 0;
  BothEndian32 uncompressedSize;
};

/// A fixed-length or both-endian violation of an RRIP entry.
struct RripDefect {
  std::string signature;
  uint64_t offset = 0;
  std::string detail;
};

/// Everything SUSP/RRIP about one directory record.
struct SystemUseFacts {
  std::vector<SuspEntry> entries;          ///< every entry header, in order (capped; none with namesOnly)
  size_t entryCount = 0;                   ///< entries found, whether or not their headers were kept
  std::vector<SuspDefect> suspDefects;
  std::vector<RripDefect> rripDefects;
  bool hasSp = false;
  uint8_t spLenSkp = 0;
  std::vector<ExtensionReference> extensions; ///< ER entries
  std::vector<uint8_t> extensionSequences;    ///< ES entries
  unsigned continuationHops = 0;

  std::optional<uint8_t> rrFlags;          ///< RR (1.09)
  std::optional<PosixAttributes> px;
  std::optional<std::pair<BothEndian32, BothEndian32>> pn; ///< device high, low
  std::optional<std::string> symlinkTarget; ///< assembled SL components
  bool symlinkMalformed = false;           ///< a component record does not fit its entry
  std::optional<std::string> alternateName; ///< assembled NM payloads
  unsigned nmEntries = 0;
  uint8_t nmFlags = 0;                     ///< union of the NM flag bytes
  bool nmEmptyEntry = false;               ///< an NM with no payload and no CURRENT/PARENT flag
  std::optional<uint32_t> childLink;       ///< CL
  std::optional<uint32_t> parentLink;      ///< PL
  bool relocated = false;                  ///< RE
  std::vector<RrTimestamp> timestamps;     ///< TF
  std::optional<uint8_t> sfLength;         ///< SF seen, its length
  std::optional<ZisofsEntry> zf;
  /// AAIP 2.0 attributes (AL entries): name with its namespace spelled out ("isofs.cx"), value bytes.
  std::vector<std::pair<std::string, std::string>> attributes;
  bool attributesCut = false;              ///< more attribute bytes than the limit: the rest is dropped

  /// The value of attribute `name`, or nullptr.
  const std::string* attribute(std::string_view name) const {
    for (const auto& a : attributes)
      if (a.first == name) return &a.second;
    return nullptr;
  }

  bool empty() const { return entryCount == 0; }
  /// The PX file type (mode & 0170000) or nullopt without PX.
  std::optional<uint32_t> fileType() const {
    if (!px) return std::nullopt;
    return px->mode.value() & 0170000U;
  }
};

/// Reads a continuation area: (block, offset in block, length) -> bytes and their image offset.
/// Returns an error when the area cannot be read (outside the image).
using ContinuationReader = std::function<Result<std::vector<uint8_t>>(uint32_t block, uint32_t offset, uint32_t length)>;

/// Limits of one record's parse.
struct SuspLimits {
  uint32_t blockSize = 2048;
  uint64_t volumeBlocks = 0;    ///< blocks of the volume; CE blocks at or past it are outside
  unsigned maxHops = 32;        ///< Linux's cap on CE chains
  size_t maxEntries = 4096;
  /// Skip the attribute entries (PX, PN, TF, SF, AL, ZF) and keep the names and links: what a
  /// listing shows. Entry headers are counted (`entryCount`) but not kept in `entries`.
  bool namesOnly = false;
};

/// Parses the system use field `su` (image offset `suOffset`) of one record, skipping `skip` bytes
/// (LEN_SKP of SP, except for the root "." record), following CE areas through `readArea`.
/// `isRootSelf` marks the root directory's "." record (where SP belongs). Never fails. Thread-safe
/// when `readArea` is.
SystemUseFacts parseSystemUse(ByteView su, uint64_t suOffset, uint32_t skip, bool isRootSelf,
                              const ContinuationReader& readArea, const SuspLimits& limits);
/// The same, filling `out` (default-constructed) in its place.
void parseSystemUse(SystemUseFacts& out, ByteView su, uint64_t suOffset, uint32_t skip, bool isRootSelf,
                    const ContinuationReader& readArea, const SuspLimits& limits);

/// "RRIP_1991A", "IEEE_P1282", "IEEE_1282": the ER identifiers of Rock Ridge.
bool isRockRidgeIdentifier(std::string_view id);

} // namespace dv::analyzer
