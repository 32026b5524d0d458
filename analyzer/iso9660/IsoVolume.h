// IsoVolume: everything parsed from an ISO 9660 (ECMA-119) volume before the pass: the system area,
// the volume descriptor set, the path tables and the primary hierarchy. Facts only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/iso9660/Hierarchy.h"
#include "analyzer/iso9660/MetadataReader.h"
#include "analyzer/iso9660/PathTable.h"
#include "analyzer/iso9660/VolumeDescriptor.h"

namespace dv::analyzer::iso9660 {

/// What the start of the system area (sectors 0-15, 6.2.2) holds. Only sectors 0 and 1 are read
/// here; whether all 16 are zero is known from the pass's zero-sector census.
struct SystemArea {
  uint64_t bytesRead = 0;
  bool firstSectorsZero = true; ///< sectors 0 and 1 all zero
  bool mbrSignature = false;  ///< 55 AA at byte 510
  bool gptHeader = false;     ///< "EFI PART" at byte 512
  bool apmSignature = false;  ///< "ER" at 0 and "PM" at 2048
};

/// What follows the terminator (ECMA119-VDS-006).
enum class AfterTerminator { None, ZeroSector, GenisoimageVersion, UdfRecognition, Descriptor, Other };
std::string_view afterTerminatorName(AfterTerminator a);

/// A supplementary or enhanced descriptor with its path tables and its own hierarchy (when walked).
struct SupplementaryVolume {
  VolumeDescriptor descriptor;
  std::optional<PathTable> typeL;
  std::optional<PathTable> typeM;
  /// The hierarchy of an enhanced descriptor (walked here, names as recorded). Supplementary trees
  /// with their own character set (Joliet) are walked by their own layer with their name decoder.
  Hierarchy tree;
};

/// The parsed volume. `found` is false when sector 16 does not carry "CD001" (ECMA119-VDS-001).
struct IsoVolume {
  bool found = false;
  uint64_t imageBytes = 0;                  ///< readable size used by the parser
  bool imageSizeKnown = false;
  /// The 2048-byte sector where the session holding this volume starts: 0 for a plain image; a
  /// later session's start (its descriptors at sessionStart + 16, cd-layouts.md §2). Its extents
  /// carry absolute addresses, while writers record the session's own size as the volume space
  /// size, so the volume spans blocks 0 to sessionStart + volume space size. Set by the caller
  /// that chose the session.
  uint64_t sessionStart = 0;
  SystemArea systemArea;
  std::vector<uint8_t> sector16Prefix;      ///< first 8 bytes of sector 16 (UDF / High Sierra probes)
  bool highSierra = false;                  ///< "CDROM" at byte 9 of sector 16
  bool udfRecognition = false;              ///< BEA01/NSR02/NSR03/TEA01 at sector 16

  // Volume descriptor set (6.7).
  std::vector<DescriptorSlot> slots;        ///< every sector of the set, in order, terminators included
  bool terminated = false;                  ///< a type-255 descriptor ends the set
  uint32_t terminatorCount = 0;
  bool setCut = false;                      ///< stopped at the image end or at the sector limit
  std::optional<uint64_t> brokenSlotSector; ///< a sector inside the set without "CD001"
  AfterTerminator afterTerminator = AfterTerminator::None;
  std::vector<uint8_t> afterTerminatorPrefix; ///< first 8 bytes of the sector after the terminators

  std::vector<VolumeDescriptor> primaries;  ///< every type-1 descriptor, in order
  std::vector<SupplementaryVolume> supplementaries; ///< type 2 (SVD version 1, EVD version 2)
  std::vector<BootRecord> bootRecords;
  std::vector<VolumePartitionDescriptor> partitions;

  // The primary volume (the first PVD).
  uint32_t blockSize = kSectorSize;         ///< LBS used for addressing (2048 when the PVD's is unusable)
  std::vector<PathTable> pathTables;        ///< the PVD's type L, type M and optional copies (present ones)
  Hierarchy tree;                           ///< the primary hierarchy

  const VolumeDescriptor* pvd() const { return primaries.empty() ? nullptr : &primaries.front(); }
  /// The first logical block past the volume of descriptor `d`: its volume space size, counted
  /// from the session start (in `d`'s usable block size) when the volume is a later session's.
  uint64_t volumeEndBlock(const VolumeDescriptor& d) const;
  /// The path table of this kind, or nullptr.
  const PathTable* pathTable(PathTableKind k) const;
};

/// Limits of the metadata parse.
struct IsoParseOptions {
  uint32_t maxDescriptors = 256;                   ///< sectors of the set examined (ECMA119-VDS-002)
  uint64_t maxPathTableBytes = uint64_t{16} << 20; ///< bytes of one path table read
  WalkLimits walk;
  bool walkTree = true;
};

/// Parses the volume from `reader` (bounded reads). Never fails: an input that is not ISO 9660
/// gives found == false; broken structures are facts.
IsoVolume parseIsoVolume(MetadataReader& reader, const IsoParseOptions& options = {});

/// Reads and parses one path table of a descriptor.
PathTable readPathTable(MetadataReader& reader, const VolumeDescriptor& d, PathTableKind kind,
                        uint32_t blockSize, uint64_t maxBytes);

} // namespace dv::analyzer::iso9660
