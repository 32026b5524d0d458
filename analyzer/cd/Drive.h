// Drive: an optical drive read through its table of contents (MMC TOC; cd-layouts.md §1.7, §2):
// the interface a real drive (Linux CD-ROM ioctls) and the tests' fake drive implement, the disc
// model built from a TOC, and a ByteSource over one track so the read pipeline's retry, narrowing
// and zero-fill apply to drive reads as to any other input.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/cd/Disc.h"
#include "analyzer/sources/ByteSource.h"
#include "core/Result.h"

namespace dv::analyzer::cd {

/// One track as the drive's TOC gives it.
struct DriveTrack {
  uint32_t number = 1;
  uint32_t session = 1;
  uint8_t control = 0;   ///< CONTROL nibble: 0x4 data, 0x2 copy permitted, 0x1 pre-emphasis, 0x8 four channels
  uint8_t dataMode = 1;  ///< for data tracks: 1 or 2 (from the drive's track information), else 0
  int32_t startLba = 0;
};

/// The TOC of the disc in the drive.
struct DriveToc {
  std::vector<DriveTrack> tracks; ///< in track order
  int32_t leadOutLba = 0;         ///< start of the last session's lead-out
  std::string catalog;            ///< media catalog number, when the drive reports one
};

/// A CD drive. Reads never change the disc. Implementations need not be thread-safe: the pipeline
/// reads a drive with one reader (optical media).
class CdDrive {
public:
  virtual ~CdDrive() = default;
  /// The device path or a name for reports.
  virtual std::string name() const = 0;
  /// Reads the TOC. Fails with Io when the drive is empty or does not answer.
  virtual Result<DriveToc> readToc() = 0;
  /// Reads `count` CD-DA sectors from `lba` into `out` (2352 bytes each, little-endian samples).
  /// Fails with Io naming the LBA on a read error.
  virtual Error readAudio(int32_t lba, uint32_t count, MutableByteView out) = 0;
  /// Reads `count` data sectors' user data (2048 bytes each) from `lba`. Fails with Io on an error.
  virtual Error readData(int32_t lba, uint32_t count, MutableByteView out) = 0;
};

/// The disc model of a TOC: one track per entry, lengths up to the next track (or the session's
/// lead-out; for an earlier session, up to the next session's first track less its gaps).
Disc discFromToc(const DriveToc& toc, const std::string& name);

/// The bytes of one track as read from a drive: 2352 per audio sector, 2048 per data sector. Random
/// access; not thread-safe beyond what the drive allows (one reader).
class DriveTrackSource final : public ByteSource {
public:
  DriveTrackSource(CdDrive& drive, const Track& track);
  const SourceInfo& info() const override { return info_; }
  Result<size_t> readAt(uint64_t offset, MutableByteView out) override;
  Result<size_t> readNext(MutableByteView out) override;

private:
  CdDrive& drive_;
  bool audio_;
  int32_t firstLba_;
  uint32_t sectorSize_;
  uint64_t size_;
  uint64_t next_ = 0;
  SourceInfo info_;
  std::vector<uint8_t> scratch_;
};

/// Opens a Linux optical drive (/dev/srN) read-only through the CD-ROM ioctls. Fails with Io when the
/// device cannot be opened, or Unsupported on other systems.
Result<std::unique_ptr<CdDrive>> openLinuxCdDrive(const std::string& path);

} // namespace dv::analyzer::cd
