// EmbeddedChecksums: integrity data that mastering tools store inside the image, and their
// verification in the read pass: the isomd5sum MD5 in the primary descriptor's application-use
// field (implantisomd5) and the libisofs checksum tags (xorriso -md5 on; libisofs doc/checksums.txt).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/iso9660/ImageSectors.h"
#include "analyzer/pipeline/Consumer.h"
#include "core/ByteView.h"
#include "hashing/Hasher.h"

namespace dv::analyzer {

/// The outcome of one embedded checksum. "No embedded checksum" is an empty list, never a status.
enum class EmbeddedStatus { Match, Mismatch, Incomplete };
/// "match", "mismatch", "incomplete".
std::string_view embeddedStatusName(EmbeddedStatus s);

/// The fields implantisomd5 writes into the application-use field (PVD bytes 883-1394).
struct IsoMd5Sum {
  uint64_t pvdLba = 16;
  std::string md5;            ///< 32 hex digits as recorded
  uint64_t skipSectors = 0;   ///< sectors at the volume's end left out of the sum
  uint64_t fragmentCount = 0; ///< 0 when there are no fragment sums
  std::string fragmentSums;   ///< one hex digit per fragment byte, fragmentCount groups
  std::optional<int> supported; ///< RHLISOSTATUS
  uint64_t volumeBytes = 0;   ///< the PVD's volume space size (big-endian half, as the tool reads it) x 2048
};

/// One libisofs checksum tag ("libisofs_..._checksum_tag_v1 pos=.. range_start=.. range_size=..
/// [next=..] md5=.. self=..").
struct LibisofsTag {
  std::string type;          ///< "superblock", "tree", "session", "relocated superblock"
  uint64_t lba = 0;          ///< where it was found
  uint64_t pos = 0;
  uint64_t rangeStart = 0;
  uint64_t rangeSize = 0;
  std::optional<uint64_t> next;
  std::string md5;
  std::string self;
  bool selfValid = false;    ///< self = MD5 of the tag text up to the last digit of md5=
};

/// One verified (or not verifiable) embedded checksum.
struct EmbeddedChecksum {
  std::string kind;          ///< "isomd5sum", "libisofs superblock tag", ...
  uint64_t lba = 0;          ///< where the checksum is recorded
  ByteRange covered;         ///< image bytes the checksum covers
  std::string expected;      ///< as recorded (lower case)
  std::string computed;      ///< from the pass; empty when the range was not fully read
  EmbeddedStatus status = EmbeddedStatus::Incomplete;
  std::string detail;        ///< e.g. "fragment 7 of 20 (bytes 0x...-0x...) differs", "tag self-check fails"
  std::string path;          ///< the file a per-file checksum belongs to; empty otherwise
};

/// What was found before the pass.
struct EmbeddedChecksumFacts {
  std::optional<IsoMd5Sum> isoMd5;
  std::vector<LibisofsTag> tags;
};

/// Parses the implantisomd5 text of an application-use field; nullopt when it holds none.
std::optional<IsoMd5Sum> parseIsoMd5Sum(ByteView applicationUse);
/// Parses a libisofs tag at the start of a 2048-byte block found at `lba`; nullopt when none.
std::optional<LibisofsTag> parseLibisofsTag(ByteView block, uint64_t lba);

/// Finds the isomd5sum field and the libisofs tag chain (bounded: a few dozen sector reads).
/// Never fails. Thread-safe.
EmbeddedChecksumFacts findEmbeddedChecksums(const ImageSectors& image);

/// Verifies the embedded checksums in the pass: sequential, one MD5 per covered range start
/// (snapshots at each range end), the isomd5sum sum with its application-use bytes read as spaces
/// and its fragment sums checked at the tool's 32 KiB read boundaries.
class EmbeddedChecksumConsumer final : public Consumer {
public:
  explicit EmbeddedChecksumConsumer(EmbeddedChecksumFacts facts);
  ~EmbeddedChecksumConsumer() override;

  std::string_view name() const override { return "embedded-checksums"; }
  bool needsPrevious(uint64_t, uint64_t) const override { return true; }
  int priority() const override { return 100; }
  void consume(const Chunk& chunk) override;
  void finish(uint64_t totalBytes) override;

  /// The results, in the order isomd5sum, then tags by LBA. Valid after finish().
  const std::vector<EmbeddedChecksum>& results() const { return results_; }

private:
  struct Range;
  struct IsoMd5State;
  EmbeddedChecksumFacts facts_;
  std::vector<std::unique_ptr<Range>> ranges_;
  std::unique_ptr<IsoMd5State> isoMd5_;
  std::vector<EmbeddedChecksum> results_;
};

} // namespace dv::analyzer
