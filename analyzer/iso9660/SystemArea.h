// SystemArea: the partition tables a hybrid image carries in its first 32 KiB: MBR (with the
// isohybrid fields), GPT (UEFI 2.x chapter 5) and Apple Partition Map (extensions.md section 6).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/iso9660/ImageSectors.h"
#include "core/ByteView.h"

namespace dv::analyzer {

/// One used MBR partition entry (type or size not zero).
struct MbrPartition {
  unsigned index = 0;         ///< 1-4
  uint8_t status = 0;         ///< 80 active, 00 inactive
  uint8_t type = 0;
  uint32_t startLba = 0;      ///< 512-byte blocks
  uint32_t sectorCount = 0;
  ByteRange bytes() const { return {uint64_t{startLba} * 512, uint64_t{sectorCount} * 512}; }
};

/// The MBR in bytes 0-511, recognised by 55 AA at 510.
struct Mbr {
  uint32_t diskSignature = 0;
  bool syslinuxCode = false;  ///< the isohybrid boot code (its "isolinux.bin missing" message) is present
  uint64_t isohybridBootBlock = 0; ///< bytes 432-439: 512-byte block of the El Torito image
  std::vector<MbrPartition> partitions;
};

/// A GPT header (primary at 512-byte LBA 1, or the backup).
struct GptHeader {
  uint64_t offset = 0;         ///< image byte offset of the header
  bool signature = false;      ///< "EFI PART"
  uint32_t revision = 0;
  uint32_t headerSize = 0;
  uint32_t headerCrc = 0;
  uint32_t computedHeaderCrc = 0;
  uint64_t currentLba = 0;
  uint64_t backupLba = 0;
  uint64_t firstUsableLba = 0;
  uint64_t lastUsableLba = 0;
  std::string diskGuid;
  uint64_t entriesLba = 0;
  uint32_t entryCount = 0;
  uint32_t entrySize = 0;
  uint32_t entriesCrc = 0;
  uint32_t computedEntriesCrc = 0;
  bool entriesRead = false;    ///< the partition array could be read and its CRC computed
};

/// One used GPT partition entry (type GUID not zero).
struct GptPartition {
  unsigned index = 0;          ///< 1-based position in the array
  std::string typeGuid;        ///< canonical text form, upper case
  std::string uniqueGuid;
  uint64_t firstLba = 0;
  uint64_t lastLba = 0;        ///< inclusive
  uint64_t attributes = 0;
  std::string name;            ///< decoded from UTF-16LE
  std::string typeName;        ///< "EFI System", "Basic data", "HFS+" or empty
  ByteRange bytes() const { return {firstLba * 512, lastLba >= firstLba ? (lastLba - firstLba + 1) * 512 : 0}; }
};

/// The GPT: primary header, its partitions, and the backup header where the image holds it.
struct Gpt {
  GptHeader primary;
  std::optional<GptHeader> backup; ///< read at primary.backupLba when inside the image
  bool backupInImage = false;       ///< backupLba x 512 lies inside the readable image
  std::vector<GptPartition> partitions;
};

/// One Apple Partition Map entry ("PM").
struct ApmEntry {
  unsigned index = 0;           ///< 1-based block number in the map
  uint32_t mapEntries = 0;
  uint32_t startBlock = 0;
  uint32_t blockCount = 0;
  std::string name;
  std::string type;
  uint32_t status = 0;
  bool signature = true;        ///< "PM" was found in this block
};

/// The Apple Partition Map: driver descriptor "ER" at 0 and "PM" entries from byte 2048.
struct Apm {
  uint16_t blockSize = 0;
  uint32_t blockCount = 0;
  std::vector<ApmEntry> entries;
  ByteRange bytes(const ApmEntry& e) const {
    return {uint64_t{e.startBlock} * blockSize, uint64_t{e.blockCount} * blockSize};
  }
};

/// The partition tables of sectors 0-15.
struct SystemArea {
  bool systemAreaZero = true;   ///< the first two sectors are zero (a plain ISO)
  uint32_t volumeSpaceSize = 0; ///< of the primary volume descriptor at sector 16, 0 if none
  std::optional<Mbr> mbr;
  std::optional<Gpt> gpt;
  std::optional<Apm> apm;
};

/// Decodes a GUID stored with its first three fields little-endian (16 bytes) into
/// "C12A7328-F81F-11D2-BA4B-00A0C93EC93B".
std::string guidText(ByteView sixteen);

/// Parses the MBR, GPT and APM of an image. Never fails: what is not there is absent, what cannot
/// be read is recorded as unread. Thread-safe.
SystemArea readSystemArea(const ImageSectors& image);

} // namespace dv::analyzer
