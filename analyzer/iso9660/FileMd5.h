// FileMd5: the per-file MD5s that libisofs records with `xorriso -md5 on` (libisofs
// doc/checksums.txt): the checksum array named by the AAIP attribute "isofs.ca" of the root
// directory, and each file's index into it, AAIP attribute "isofs.cx".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/iso9660/ImageSectors.h"
#include "analyzer/iso9660/IsoVolume.h"
#include "analyzer/iso9660/RockRidgeVolume.h"
#include "core/ByteView.h"

namespace dv::analyzer {

/// One file with a recorded MD5.
struct RecordedFileMd5 {
  size_t file = 0;           ///< index in IsoVolume::tree.files
  std::string path;          ///< Rock Ridge path, else the ISO 9660 path
  uint32_t index = 0;        ///< isofs.cx
  std::string md5;           ///< lower-case hex from the array
  uint64_t lba = 0;          ///< 2048-byte sector of the file's first byte
  ByteRange covered;         ///< from the file's first byte to its last (all its runs)
};

/// The checksum array and the files that point into it.
struct LibisofsFileMd5s {
  uint64_t rangeStart = 0;   ///< isofs.ca START (block)
  uint64_t arrayLba = 0;     ///< isofs.ca END: the block where the array starts
  uint64_t count = 0;        ///< isofs.ca COUNT: N files + 2
  uint64_t itemSize = 0;     ///< isofs.ca SIZE (16 for MD5)
  std::string type;          ///< isofs.ca CHECKSUM_TYPE ("MD5")
  bool arrayRead = false;    ///< the array lies inside the image and was read
  std::string arraySelfRecorded; ///< entry N+1: MD5 of entries 0 ... N, as recorded
  std::string arraySelfComputed; ///< the same, recomputed from the array
  std::vector<RecordedFileMd5> files;
  std::vector<std::string> badIndexes; ///< paths of files whose isofs.cx lies outside 1 ... N
  /// The image bytes of the array.
  ByteRange arrayBytes() const { return {arrayLba * 2048, count * itemSize}; }
};

/// Reads "isofs.ca" of the root "." record and the array it names (at most 16 MiB), and the
/// "isofs.cx" of every file. nullopt when the root has no "isofs.ca". Never fails. Thread-safe.
std::optional<LibisofsFileMd5s> readLibisofsFileMd5s(const ImageSectors& image, const iso9660::IsoVolume& volume,
                                                     const RockRidgeVolume& rockRidge);

/// Parses the value of "isofs.ca" (START, END, COUNT, SIZE as length-prefixed big-endian numbers,
/// then the type name); nullopt when malformed.
std::optional<LibisofsFileMd5s> parseChecksumArrayAttribute(std::string_view value);

} // namespace dv::analyzer
