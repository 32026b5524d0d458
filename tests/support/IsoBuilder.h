// IsoBuilder: builds ISO 9660 images in memory for tests, with fields set by their ECMA-119 names
// and hooks to corrupt any byte of the result.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/sources/MemorySource.h"
#include "core/ByteReader.h"

namespace dv::test {

/// Per-file options.
struct IsoFileOptions {
  uint8_t fileFlags = 0;                  ///< extra flag bits (hidden, associated, record, protection)
  uint8_t extendedAttributeRecordLength = 0; ///< blocks of XAR written before the data (version 1, zeros)
  uint64_t sectionSize = 0;               ///< > 0: split into multi-extent sections of this size
  uint8_t fileUnitSize = 0;               ///< interleaving (6.4): data blocks per unit
  uint8_t interleaveGapSize = 0;          ///< gap blocks after each unit
};

/// The PVD's fields, by their names in ECMA-119 8.4 (identifiers are padded with spaces).
struct PvdFields {
  std::string systemIdentifier = "LINUX";
  std::string volumeIdentifier = "TEST_VOLUME";
  uint16_t volumeSetSize = 1;
  uint16_t volumeSequenceNumber = 1;
  uint16_t logicalBlockSize = 2048;
  std::string volumeSetIdentifier;
  std::string publisherIdentifier;
  std::string dataPreparerIdentifier;
  std::string applicationIdentifier = "DISCVERIFY TEST";
  std::string copyrightFileIdentifier;
  std::string abstractFileIdentifier;
  std::string bibliographicFileIdentifier;
  std::string volumeCreationDateAndTime = "2024010203040500"; ///< 16 digits; offset byte 0
  std::string volumeModificationDateAndTime = "2024010203040500";
  std::string volumeExpirationDateAndTime = "0000000000000000";
  std::string volumeEffectiveDateAndTime = "0000000000000000";
  uint8_t fileStructureVersion = 1;
};

/// A supplementary hierarchy over the same files (Joliet and the like).
struct SupplementaryTree {
  std::array<uint8_t, 32> escapeSequences{};
  uint8_t volumeDescriptorVersion = 1;     ///< 2 for an enhanced volume descriptor
  uint8_t fileStructureVersion = 1;
  /// Turns a path component (as given to IsoBuilder) into the recorded identifier bytes.
  std::function<std::string(const std::string&)> encodeName;
};

/// The built image and where things are in it.
struct BuiltIso {
  std::vector<uint8_t> bytes;
  uint64_t pvdOffset = 0;
  std::vector<uint64_t> svdOffsets;
  uint64_t terminatorOffset = 0;  ///< the first terminator
  uint32_t pathTableSize = 0;
  uint32_t typeLPathTable = 0;    ///< logical block
  uint32_t typeMPathTable = 0;
  uint32_t volumeSpaceSize = 0;
  std::map<std::string, uint64_t> recordOffsets; ///< primary tree: path -> offset of the record naming it
  std::map<std::string, uint64_t> selfOffsets;   ///< primary tree: directory path -> offset of its "." record
  std::map<std::string, uint32_t> extents;       ///< primary tree: path -> first logical block

  /// Offset of the record naming `path` in its parent directory (the root: the PVD's root record).
  uint64_t record(const std::string& path) const;

  // Hooks to corrupt any field after the build.
  void put8(uint64_t offset, uint8_t v);
  void putLe16(uint64_t offset, uint16_t v);
  void putBe16(uint64_t offset, uint16_t v);
  void putLe32(uint64_t offset, uint32_t v);
  void putBe32(uint64_t offset, uint32_t v);
  void putBoth16(uint64_t offset, uint16_t le, uint16_t be);
  void putBoth32(uint64_t offset, uint32_t le, uint32_t be);
  void putBytes(uint64_t offset, std::string_view bytes);
  /// A field of the PVD, by its BP position.
  uint64_t pvd(BytePos p) const { return pvdOffset + p.offset(); }
  /// A field of the record naming `path`, by its BP position in 9.1.
  uint64_t recordField(const std::string& path, BytePos p) const { return record(path) + p.offset(); }

  /// A MemorySource over a copy of the bytes.
  std::unique_ptr<analyzer::MemorySource> source() const;
};

/// Builds a small, conforming ISO 9660 image: system area, PVD (+ optional SVDs and extra descriptor
/// sectors), terminators, path tables L and M, directories, file data. Paths use identifiers as
/// recorded ("/DIR/FILE.TXT;1"). Records are sorted by identifier unless keepOrder is set.
class IsoBuilder {
public:
  IsoBuilder& directory(const std::string& path);
  IsoBuilder& file(const std::string& path, std::string data, IsoFileOptions options = {});
  /// System use bytes for the record naming `path` ("/DIR/." for a directory's "." record, "/DIR/.."
  /// for its ".." record).
  IsoBuilder& systemUse(const std::string& path, std::string bytes);

  PvdFields pvd;
  std::vector<SupplementaryTree> supplementary;
  std::vector<std::vector<uint8_t>> extraDescriptors; ///< raw sectors placed after the PVD and SVDs
  uint32_t terminators = 1;           ///< 0 leaves the set unterminated
  std::vector<std::vector<uint8_t>> afterTerminators; ///< raw sectors placed right after the terminators
  uint32_t trailingSectors = 0;       ///< zero sectors appended after the volume
  bool keepOrder = false;
  std::array<uint8_t, 7> recordingDate{124, 1, 2, 3, 4, 5, 0};

  BuiltIso build() const;

private:
  struct Node {
    std::string name;
    bool isDirectory = false;
    std::string data;
    IsoFileOptions options;
    std::vector<size_t> children;
    size_t parent = 0;
  };
  size_t ensureDirectory(const std::string& path);
  std::vector<Node> nodes_{Node{"", true, {}, {}, {}, 0}};
  std::map<std::string, std::string> systemUse_;
  friend class IsoLayout;
};

} // namespace dv::test
