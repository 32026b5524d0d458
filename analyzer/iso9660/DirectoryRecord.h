// Directory record of ECMA-119 9.1, every field as recorded, and its parser.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/iso9660/DateTime.h"
#include "core/BothEndian.h"
#include "core/ByteReader.h"
#include "core/Result.h"

namespace dv::analyzer::iso9660 {

// ECMA-119 9.1: positions in BP columns (1-based, inclusive).
constexpr BytePos kLengthOfDirectoryRecord{1, 1};            // 9.1.1
constexpr BytePos kExtendedAttributeRecordLength{2, 2};      // 9.1.2
constexpr BytePos kLocationOfExtent{3, 10};                  // 9.1.3, 7.3.3
constexpr BytePos kDataLength{11, 18};                       // 9.1.4, 7.3.3
constexpr BytePos kRecordingDateAndTime{19, 25};             // 9.1.5
constexpr BytePos kFileFlags{26, 26};                        // 9.1.6
constexpr BytePos kFileUnitSize{27, 27};                     // 9.1.7
constexpr BytePos kInterleaveGapSize{28, 28};                // 9.1.8
constexpr BytePos kRecordVolumeSequenceNumber{29, 32};       // 9.1.9, 7.2.3
constexpr BytePos kLengthOfFileIdentifier{33, 33};           // 9.1.10
constexpr uint32_t kFileIdentifierOffset = 33;               // 9.1.11 starts at BP 34
constexpr uint32_t kMinimumRecordLength = 34;
constexpr uint32_t kSectorSize = 2048; ///< logical sector size (6.1.2)

/// File flag bits (9.1.6).
namespace flags {
constexpr uint8_t kExistence = 0x01;
constexpr uint8_t kDirectory = 0x02;
constexpr uint8_t kAssociatedFile = 0x04;
constexpr uint8_t kRecord = 0x08;
constexpr uint8_t kProtection = 0x10;
constexpr uint8_t kReserved = 0x60;
constexpr uint8_t kMultiExtent = 0x80;
} // namespace flags

/// One directory record, fields as recorded (9.1). The raw bytes are kept so that later layers
/// (SUSP, Rock Ridge, CD-XA) read the system use field without going back to the image.
struct DirectoryRecord {
  uint8_t lengthOfDirectoryRecord = 0;
  uint8_t extendedAttributeRecordLength = 0;
  BothEndian32 locationOfExtent;
  BothEndian32 dataLength;
  RecordDateTime recordingDateAndTime;
  uint8_t fileFlags = 0;
  uint8_t fileUnitSize = 0;
  uint8_t interleaveGapSize = 0;
  BothEndian16 volumeSequenceNumber;
  uint8_t lengthOfFileIdentifier = 0;
  std::string fileIdentifier;       ///< raw bytes, undecoded
  bool paddingPresent = false;      ///< 9.1.12: present when LEN_FI is even and the record has room
  uint8_t paddingByte = 0;
  uint32_t systemUseOffset = 0;     ///< offset of the system use field inside the record
  uint32_t systemUseLength = 0;     ///< LEN_SU (0 when LEN_DR leaves no room)
  bool identifierOverruns = false;  ///< 33 + LEN_FI (+ pad) exceeds LEN_DR: fields past LEN_DR are absent
  std::vector<uint8_t> raw;         ///< the record's bytes (LEN_DR of them, or fewer when cut short)

  bool isDirectory() const { return (fileFlags & flags::kDirectory) != 0; }
  bool isMultiExtent() const { return (fileFlags & flags::kMultiExtent) != 0; }
  bool isAssociated() const { return (fileFlags & flags::kAssociatedFile) != 0; }
  bool isHidden() const { return (fileFlags & flags::kExistence) != 0; }
  /// "." (one byte 00) or ".." (one byte 01).
  bool isSelf() const { return fileIdentifier.size() == 1 && fileIdentifier[0] == '\0'; }
  bool isParent() const { return fileIdentifier.size() == 1 && fileIdentifier[0] == '\1'; }
  /// The system use field (9.1.13): a view into raw, valid while the record lives.
  ByteView systemUse() const;
};

/// Parses one record from `bytes`, which starts at the record and holds at least its LEN_DR bytes
/// when the record is whole. Fails with Truncated when fewer than 33 bytes are available or LEN_DR
/// exceeds the bytes given, Malformed when LEN_DR is below 34 (the fields cannot be located).
Result<DirectoryRecord> parseDirectoryRecord(ByteView bytes);

} // namespace dv::analyzer::iso9660
