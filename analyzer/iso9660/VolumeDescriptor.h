// Volume descriptors of ECMA-119 8.1-8.6 (boot record, primary, supplementary/enhanced, partition,
// terminator), every field as recorded.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/iso9660/DateTime.h"
#include "analyzer/iso9660/DirectoryRecord.h"
#include "core/BothEndian.h"
#include "core/ByteReader.h"
#include "core/Result.h"

namespace dv::analyzer::iso9660 {

constexpr uint64_t kDescriptorSetStart = 16;    ///< first sector of the descriptor set (6.2.2)

/// Volume descriptor types (8.1.1).
namespace vdtype {
constexpr uint8_t kBootRecord = 0;
constexpr uint8_t kPrimary = 1;
constexpr uint8_t kSupplementary = 2;
constexpr uint8_t kPartition = 3;
constexpr uint8_t kTerminator = 255;
} // namespace vdtype

// 8.1: common header.
constexpr BytePos kVolumeDescriptorType{1, 1};
constexpr BytePos kStandardIdentifier{2, 6};
constexpr BytePos kVolumeDescriptorVersion{7, 7};

// 8.4 (primary) and 8.5 (supplementary), in BP columns.
constexpr BytePos kVolumeFlags{8, 8};                          // 8.4.4 unused / 8.5.3 flags
constexpr BytePos kSystemIdentifier{9, 40};                    // 8.4.5
constexpr BytePos kVolumeIdentifier{41, 72};                   // 8.4.6
constexpr BytePos kUnused73{73, 80};                           // 8.4.7
constexpr BytePos kVolumeSpaceSize{81, 88};                    // 8.4.8
constexpr BytePos kEscapeSequences{89, 120};                   // 8.4.9 unused / 8.5.6
constexpr BytePos kVolumeSetSize{121, 124};                    // 8.4.10
constexpr BytePos kVolumeSequenceNumber{125, 128};             // 8.4.11
constexpr BytePos kLogicalBlockSize{129, 132};                 // 8.4.12
constexpr BytePos kPathTableSize{133, 140};                    // 8.4.13
constexpr BytePos kLocationOfTypeLPathTable{141, 144};         // 8.4.14, 7.3.1
constexpr BytePos kLocationOfOptionalTypeLPathTable{145, 148}; // 8.4.15, 7.3.1
constexpr BytePos kLocationOfTypeMPathTable{149, 152};         // 8.4.16, 7.3.2
constexpr BytePos kLocationOfOptionalTypeMPathTable{153, 156}; // 8.4.17, 7.3.2
constexpr BytePos kRootDirectoryRecord{157, 190};              // 8.4.18
constexpr BytePos kVolumeSetIdentifier{191, 318};              // 8.4.19
constexpr BytePos kPublisherIdentifier{319, 446};              // 8.4.20
constexpr BytePos kDataPreparerIdentifier{447, 574};           // 8.4.21
constexpr BytePos kApplicationIdentifier{575, 702};            // 8.4.22
constexpr BytePos kCopyrightFileIdentifier{703, 739};          // 8.4.23
constexpr BytePos kAbstractFileIdentifier{740, 776};           // 8.4.24
constexpr BytePos kBibliographicFileIdentifier{777, 813};      // 8.4.25
constexpr BytePos kVolumeCreationDateAndTime{814, 830};        // 8.4.26
constexpr BytePos kVolumeModificationDateAndTime{831, 847};    // 8.4.27
constexpr BytePos kVolumeExpirationDateAndTime{848, 864};      // 8.4.28
constexpr BytePos kVolumeEffectiveDateAndTime{865, 881};       // 8.4.29
constexpr BytePos kFileStructureVersion{882, 882};             // 8.4.30
constexpr BytePos kReserved883{883, 883};                      // 8.4.31
constexpr BytePos kApplicationUse{884, 1395};                  // 8.4.32
constexpr BytePos kReserved1396{1396, 2048};                   // 8.4.33
constexpr size_t kCdXaMarkerOffset = 1024;                     // CD-ROM XA: "CD-XA001"

// 8.2 boot record.
constexpr BytePos kBootSystemIdentifier{8, 39};
constexpr BytePos kBootIdentifier{40, 71};
constexpr BytePos kBootSystemUse{72, 2048};

// 8.6 volume partition descriptor.
constexpr BytePos kVolumePartitionIdentifier{41, 72};
constexpr BytePos kVolumePartitionLocation{73, 80};
constexpr BytePos kVolumePartitionSize{81, 88};

/// A run of bytes that the standard wants zero, and whether it is.
struct ReservedField {
  BytePos position;
  bool allZero = true;
};

/// Primary (8.4), supplementary or enhanced (8.5) volume descriptor: the same layout. Identifiers
/// are the raw bytes (space padding kept).
struct VolumeDescriptor {
  uint64_t sector = 0;                   ///< logical sector it was read from
  uint8_t volumeDescriptorType = 0;
  std::string standardIdentifier;        ///< "CD001"
  uint8_t volumeDescriptorVersion = 0;
  uint8_t volumeFlags = 0;               ///< byte 8: unused in a PVD, Volume Flags in an SVD
  std::string systemIdentifier;
  std::string volumeIdentifier;
  BothEndian32 volumeSpaceSize;
  std::array<uint8_t, 32> escapeSequences{}; ///< bytes 89-120: unused in a PVD
  BothEndian16 volumeSetSize;
  BothEndian16 volumeSequenceNumber;
  BothEndian16 logicalBlockSize;
  BothEndian32 pathTableSize;
  uint32_t locationOfTypeLPathTable = 0;
  uint32_t locationOfOptionalTypeLPathTable = 0;
  uint32_t locationOfTypeMPathTable = 0;
  uint32_t locationOfOptionalTypeMPathTable = 0;
  std::optional<DirectoryRecord> rootDirectoryRecord; ///< nullopt when LEN_DR there is below 34
  uint8_t rootRecordLengthByte = 0;      ///< byte 157 as found
  std::string volumeSetIdentifier;
  std::string publisherIdentifier;
  std::string dataPreparerIdentifier;
  std::string applicationIdentifier;
  std::string copyrightFileIdentifier;
  std::string abstractFileIdentifier;
  std::string bibliographicFileIdentifier;
  DigitDateTime volumeCreationDateAndTime;
  DigitDateTime volumeModificationDateAndTime;
  DigitDateTime volumeExpirationDateAndTime;
  DigitDateTime volumeEffectiveDateAndTime;
  uint8_t fileStructureVersion = 0;
  std::vector<uint8_t> applicationUse;   ///< 512 bytes
  bool cdXaMarker = false;               ///< "CD-XA001" at byte offset 1024
  /// Unused/reserved fields of the PVD layout (bytes 8, 73-80, 89-120, 883, 1396-2048); an SVD's
  /// bytes 8 and 89-120 hold data and are listed but not meant to be zero.
  std::vector<ReservedField> reserved;

  bool isEnhanced() const { return volumeDescriptorType == vdtype::kSupplementary && volumeDescriptorVersion == 2; }
  /// Joliet escape sequence (%/@, %/C, %/E) among the escape sequences.
  bool isJoliet() const;
  /// The Joliet UCS-2 level (1, 2, 3) or 0.
  int jolietLevel() const;
};

/// Boot record (8.2).
struct BootRecord {
  uint64_t sector = 0;
  uint8_t volumeDescriptorVersion = 0;
  std::string bootSystemIdentifier;
  std::string bootIdentifier;
  std::vector<uint8_t> bootSystemUse;    ///< 1977 bytes
  bool isElTorito() const;
};

/// Volume partition descriptor (8.6).
struct VolumePartitionDescriptor {
  uint64_t sector = 0;
  uint8_t volumeDescriptorVersion = 0;
  std::string systemIdentifier;
  std::string volumePartitionIdentifier;
  BothEndian32 volumePartitionLocation;
  BothEndian32 volumePartitionSize;
};

/// One sector of the descriptor set as found: header fields and the raw bytes.
struct DescriptorSlot {
  uint64_t sector = 0;
  uint8_t type = 0;
  std::string standardIdentifier;
  uint8_t version = 0;
  bool terminatorTailZero = true; ///< for type 255: bytes 8-2048 all zero
};

/// Parses a PVD/SVD/EVD sector (2048 bytes). Fails with Truncated for a short sector.
Result<VolumeDescriptor> parseVolumeDescriptor(ByteView sector, uint64_t sectorNumber);
/// Parses a boot record sector.
Result<BootRecord> parseBootRecord(ByteView sector, uint64_t sectorNumber);
/// Parses a volume partition descriptor sector.
Result<VolumePartitionDescriptor> parsePartitionDescriptor(ByteView sector, uint64_t sectorNumber);

} // namespace dv::analyzer::iso9660
