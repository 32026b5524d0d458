// ElTorito: the facts of an El Torito boot record and boot catalog ("Bootable CD-ROM Format
// Specification" 1.0; ../shared/spec/extensions.md section 5), parsed before the read pass.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/iso9660/ImageSectors.h"
#include "core/ByteView.h"
#include "hashing/Hasher.h"

namespace dv::analyzer {

/// A Boot Record volume descriptor carrying the El Torito identifier (section 2.0).
struct ElToritoBootRecord {
  uint64_t lba = 0;              ///< where it was found in the descriptor set
  uint8_t version = 0;           ///< descriptor version (1)
  bool identifierExact = false;  ///< "EL TORITO SPECIFICATION" followed by nine 00 bytes
  uint32_t catalogLba = 0;       ///< offset 71, 32-bit little-endian
};

/// The Validation Entry (section 2.1).
struct ValidationEntry {
  uint8_t headerId = 0;
  uint8_t platformId = 0;
  uint16_t reserved = 0;  ///< bytes 2-3
  std::string idString;   ///< bytes 4-27, raw
  uint16_t checksum = 0;  ///< bytes 0x1C-0x1D
  uint8_t key55 = 0;      ///< byte 0x1E
  uint8_t keyAA = 0;      ///< byte 0x1F
  uint16_t wordSum = 0;   ///< 16-bit sum of the sixteen little-endian words (0 when valid)
};

/// The Boot Info Table that mkisofs -boot-info-table patches into a no-emulation image (offset 8).
struct BootInfoTable {
  uint32_t pvdLba = 0;
  uint32_t bootLba = 0;
  uint32_t lengthBytes = 0;
  uint32_t checksum = 0;
  uint32_t computedChecksum = 0; ///< 32-bit LE word sum from image byte 64 to lengthBytes
  bool checksumComputed = false; ///< false when lengthBytes could not be read from the image
};

/// The first sector of a hard-disk emulation image: its MBR.
struct EmulatedDiskMbr {
  bool signature = false;     ///< 55 AA at 510
  unsigned usedPartitions = 0;
  uint8_t partitionType = 0;  ///< of the first used partition
  uint64_t endBytes = 0;      ///< end of the furthest used partition, in bytes
};

enum class BootEntryKind { Initial, Section };

/// An Initial/Default Entry or a Section Entry (sections 2.2, 2.4), with the boot image it locates.
struct BootEntry {
  BootEntryKind kind = BootEntryKind::Initial;
  unsigned section = 0;         ///< 0 for the initial entry, else the 1-based section number
  unsigned index = 0;           ///< 0-based entry number within its section
  uint64_t catalogOffset = 0;   ///< image byte offset of the entry
  uint8_t platformId = 0;       ///< from the validation entry or the section header
  uint8_t bootIndicator = 0;    ///< 88 bootable, 00 not bootable
  uint8_t mediaType = 0;        ///< byte 1 as found; bits 0-3 are the emulation
  uint16_t loadSegment = 0;
  uint8_t systemType = 0;
  uint8_t unused5 = 0;          ///< byte 5, must be 0
  uint16_t sectorCount = 0;     ///< 512-byte virtual sectors
  uint32_t loadRba = 0;
  bool reservedTailZero = true; ///< initial entry: bytes 0x0C-0x1F are zero
  uint8_t selectionCriteriaType = 0; ///< section entries: byte 0x0C
  unsigned extensionCount = 0;       ///< Section Entry Extensions that follow
  bool extensionChainBroken = false; ///< bit 5 promised an extension that is not there

  ByteRange image;          ///< where the boot image lies (may end past the image: a rule judges)
  std::string imageBasis;   ///< how image.length was decided ("sector count", "1.44 MB floppy", ...)
  std::optional<EmulatedDiskMbr> diskMbr;
  std::optional<BootInfoTable> bootInfoTable;
  std::vector<hashing::Digest> digests; ///< of `image`, filled by the pass when it lies in the image

  uint8_t emulation() const { return mediaType & 0x0F; }
};

/// A Section Header Entry (section 2.3).
struct SectionHeader {
  uint64_t catalogOffset = 0;
  uint8_t indicator = 0;    ///< 90 more headers follow, 91 final
  uint8_t platformId = 0;
  uint16_t entryCount = 0;  ///< section entries declared
  unsigned entriesRead = 0; ///< section entries found before the catalog ended
};

/// Everything El Torito on an image. Empty bootRecords means no El Torito.
struct ElTorito {
  std::vector<ElToritoBootRecord> bootRecords; ///< in descriptor order
  uint32_t volumeSpaceSize = 0; ///< from the primary volume descriptor, 0 if none was read
  bool catalogRead = false;
  uint64_t catalogLba = 0;
  std::string catalogError;     ///< why the catalog could not be read
  ValidationEntry validation;
  std::vector<BootEntry> entries; ///< the initial entry first
  std::vector<SectionHeader> sections;
  bool finalHeaderSeen = false;   ///< a 91 header ended the sections (or there were none)
  bool catalogTruncated = false;  ///< the catalog ran past what could be read

  bool present() const { return !bootRecords.empty(); }
};

/// "80x86", "PowerPC", "Mac", "EFI", or "0xNN".
std::string platformName(uint8_t platformId);
/// "no emulation", "1.2 MB floppy", "1.44 MB floppy", "2.88 MB floppy", "hard disk", or "reserved N".
std::string emulationName(uint8_t emulation);

/// Parses the boot catalog held in `catalog` (one or more 2048-byte sectors starting at image
/// byte `catalogOffset`). Never fails: what it cannot read is recorded. Thread-safe.
void parseBootCatalog(ByteView catalog, uint64_t catalogOffset, ElTorito& out);

/// Finds El Torito boot records in the volume descriptor set, reads the catalog and locates each
/// boot image (boot info table, emulated disk MBR). Never fails: an image without El Torito gives
/// an empty result, an unreadable catalog sets catalogError.
ElTorito readElTorito(const ImageSectors& image);

} // namespace dv::analyzer
