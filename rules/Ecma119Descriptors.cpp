// Ecma119Descriptors: rules over the system area and the volume descriptor set (ECMA-119 6.2, 6.7,
// 7.2-7.4, 8.1-8.6; ecma119.md §9.1, §9.2).
#include <fmt/format.h>

#include <algorithm>

#include "core/Text.h"
#include "rules/Ecma119Common.h"
#include "rules/Ecma119Rules.h"

namespace dv::rules {
namespace {

using analyzer::ImageAnalysis;
using namespace analyzer::iso9660;
using ecma119::at;
using ecma119::detail;
using ecma119::fieldOffset;
using ecma119::primary;

constexpr RuleInfo kBothByte{.id = "ECMA119-ENC-001", .severity = Severity::Error, .clause = "ECMA-119 7.2.3, 7.3.3",
                             .summary = "the two halves of a both-byte-order field disagree"};
constexpr RuleInfo kCharacters{.id = "ECMA119-ENC-002", .severity = Severity::Warning, .clause = "ECMA-119 7.4",
                               .summary = "identifier holds characters outside its character set"};
constexpr RuleInfo kSystemArea{.id = "ECMA119-SYS-001", .severity = Severity::Info, .clause = "ECMA-119 6.2.2",
                               .summary = "the system area (sectors 0-15) holds data"};
constexpr RuleInfo kNoVolume{.id = "ECMA119-VDS-001", .severity = Severity::Error,
                             .clause = "ECMA-119 6.2.2, 6.7, 8.1.2", .summary = "no ISO 9660 volume found"};
constexpr RuleInfo kSetEnd{.id = "ECMA119-VDS-002", .severity = Severity::Error, .clause = "ECMA-119 6.7.1",
                           .summary = "the volume descriptor set is not closed by a terminator"};
constexpr RuleInfo kNoPrimary{.id = "ECMA119-VDS-003", .severity = Severity::Error, .clause = "ECMA-119 6.7.1",
                              .summary = "the volume descriptor set holds no primary volume descriptor"};
constexpr RuleInfo kTypeVersion{.id = "ECMA119-VDS-004", .severity = Severity::Error, .clause = "ECMA-119 8.1.1, 8.1.3",
                                .summary = "volume descriptor type is reserved or its version is wrong"};
constexpr RuleInfo kPrimaryCopies{.id = "ECMA119-VDS-005", .severity = Severity::Warning, .clause = "ECMA-119 6.7",
                                  .summary = "copies of the primary volume descriptor differ"};
constexpr RuleInfo kAfterSet{.id = "ECMA119-VDS-006", .severity = Severity::Info, .clause = "ECMA-119 6.7",
                             .summary = "classification of the sector after the descriptor set"};
constexpr RuleInfo kPvdHeader{.id = "ECMA119-PVD-001", .severity = Severity::Error, .clause = "ECMA-119 8.4.1-8.4.3",
                              .summary = "primary volume descriptor header is wrong"};
constexpr RuleInfo kPvdReserved{.id = "ECMA119-PVD-002", .severity = Severity::Warning,
                                .clause = "ECMA-119 8.4.4, 8.4.7, 8.4.9, 8.4.31, 8.4.33",
                                .summary = "unused or reserved bytes of the primary volume descriptor are not zero"};
constexpr RuleInfo kVolumeSize{.id = "ECMA119-PVD-003", .severity = Severity::Error, .clause = "ECMA-119 8.4.8",
                               .summary = "image is shorter than the volume it declares"};
constexpr RuleInfo kBlockSize{.id = "ECMA119-PVD-004", .severity = Severity::Error, .clause = "ECMA-119 8.4.12, 6.2.3",
                              .summary = "logical block size is not 2048"};
constexpr RuleInfo kVolumeSet{.id = "ECMA119-PVD-005", .severity = Severity::Warning, .clause = "ECMA-119 8.4.10, 8.4.11",
                              .summary = "volume set size or volume sequence number out of range"};
constexpr RuleInfo kPathTableSizeRule{.id = "ECMA119-PVD-006", .severity = Severity::Error, .clause = "ECMA-119 8.4.13",
                                  .summary = "path table size too small or the table ends outside the volume"};
constexpr RuleInfo kPathTableLocation{.id = "ECMA119-PVD-007", .severity = Severity::Error,
                                      .clause = "ECMA-119 8.4.14-8.4.17",
                                      .summary = "path table location is zero, inside the descriptor set or outside the volume"};
constexpr RuleInfo kRootRecord{.id = "ECMA119-PVD-008", .severity = Severity::Error, .clause = "ECMA-119 8.4.18",
                               .summary = "root directory record of the descriptor is malformed"};
constexpr RuleInfo kNamedFiles{.id = "ECMA119-PVD-009", .severity = Severity::Warning, .clause = "ECMA-119 8.4.20-8.4.25",
                               .summary = "identifier names a file that is not in the root directory"};
constexpr RuleInfo kVolumeDates{.id = "ECMA119-PVD-010", .severity = Severity::Warning,
                                .clause = "ECMA-119 8.4.26.1-8.4.29", .summary = "volume date and time is malformed"};
constexpr RuleInfo kStructureVersion{.id = "ECMA119-PVD-011", .severity = Severity::Warning, .clause = "ECMA-119 8.4.30",
                                     .summary = "file structure version is not 1"};
constexpr RuleInfo kCdXa{.id = "ECMA119-PVD-012", .severity = Severity::Info, .clause = "ECMA-119 8.4.32",
                         .summary = "CD-ROM XA volume (CD-XA001 in the application use field)"};
constexpr RuleInfo kSvdVersion{.id = "ECMA119-SVD-001", .severity = Severity::Warning, .clause = "ECMA-119 8.5.2",
                               .summary = "supplementary/enhanced descriptor version and file structure version disagree"};
constexpr RuleInfo kSvdFlags{.id = "ECMA119-SVD-002", .severity = Severity::Warning, .clause = "ECMA-119 8.5.3",
                             .summary = "volume flags of a supplementary descriptor are inconsistent"};
constexpr RuleInfo kSvdFields{.id = "ECMA119-SVD-003", .severity = Severity::Warning, .clause = "ECMA-119 8.5, 6.8.3",
                              .summary = "supplementary descriptor fields are inconsistent with the volume"};
constexpr RuleInfo kBootRecord{.id = "ECMA119-BR-001", .severity = Severity::Info, .clause = "ECMA-119 8.2",
                               .summary = "boot record present"};
constexpr RuleInfo kPartition{.id = "ECMA119-VPD-001", .severity = Severity::Warning, .clause = "ECMA-119 8.6",
                              .summary = "volume partition descriptor is malformed or outside the volume"};

// ---- ENC-001 ----------------------------------------------------------------------------------

template <typename T>
void bothByte(FindingSink& out, const BothEndian<T>& v, uint64_t offset, std::string_view field, std::string path = {},
              std::optional<Severity> severity = std::nullopt) {
  if (v.consistent()) return;
  out.add(kBothByte, at(offset, std::move(path)),
          detail(v.le, v.be, fmt::format("{}: little-endian half {} but big-endian half {}", field, v.le, v.be), severity));
}

void descriptorBothByte(const VolumeDescriptor& d, FindingSink& out) {
  const std::string what = d.volumeDescriptorType == vdtype::kPrimary ? "primary" : "supplementary";
  bothByte(out, d.volumeSpaceSize, fieldOffset(d, kVolumeSpaceSize), what + " volume space size");
  bothByte(out, d.volumeSetSize, fieldOffset(d, kVolumeSetSize), what + " volume set size");
  bothByte(out, d.volumeSequenceNumber, fieldOffset(d, kVolumeSequenceNumber), what + " volume sequence number");
  bothByte(out, d.logicalBlockSize, fieldOffset(d, kLogicalBlockSize), what + " logical block size");
  bothByte(out, d.pathTableSize, fieldOffset(d, kPathTableSize), what + " path table size");
  if (d.rootDirectoryRecord) {
    const uint64_t r = fieldOffset(d, kRootDirectoryRecord);
    bothByte(out, d.rootDirectoryRecord->locationOfExtent, r + kLocationOfExtent.offset(), what + " root record extent", "/");
    bothByte(out, d.rootDirectoryRecord->dataLength, r + kDataLength.offset(), what + " root record data length", "/",
             Severity::Warning);
  }
}

void treeBothByte(const Hierarchy& tree, FindingSink& out) {
  for (const RecordEntry& e : tree.records) {
    const DirectoryRecord& r = e.record;
    bothByte(out, r.locationOfExtent, e.offset + kLocationOfExtent.offset(), "directory record extent", e.path);
    // ecma119.md §1: a wrong big-endian data length is common in the wild and ignored by readers.
    bothByte(out, r.dataLength, e.offset + kDataLength.offset(), "directory record data length", e.path, Severity::Warning);
    bothByte(out, r.volumeSequenceNumber, e.offset + kRecordVolumeSequenceNumber.offset(),
             "directory record volume sequence number", e.path);
    if (e.xar) {
      bothByte(out, e.xar->ownerIdentification, e.xar->offset, "XAR owner identification", e.path);
      bothByte(out, e.xar->groupIdentification, e.xar->offset + 4, "XAR group identification", e.path);
      bothByte(out, e.xar->recordLength, e.xar->offset + 80, "XAR record length", e.path);
      bothByte(out, e.xar->lengthOfApplicationUse, e.xar->offset + 246, "XAR application use length", e.path);
    }
  }
}

void checkBothByte(const ImageAnalysis& a, FindingSink& out) {
  if (!a.isoParsed || !a.iso.found) return;
  for (const auto& d : a.iso.primaries) descriptorBothByte(d, out);
  for (const auto& s : a.iso.supplementaries) descriptorBothByte(s.descriptor, out);
  for (const auto& p : a.iso.partitions) {
    bothByte(out, p.volumePartitionLocation, p.sector * 2048 + kVolumePartitionLocation.offset(), "partition location");
    bothByte(out, p.volumePartitionSize, p.sector * 2048 + kVolumePartitionSize.offset(), "partition size");
  }
  treeBothByte(a.iso.tree, out);
  for (const auto& s : a.iso.supplementaries) treeBothByte(s.tree, out);
}

// ---- ENC-002 ----------------------------------------------------------------------------------

enum class Repertoire { A, D, DFile };

void checkText(FindingSink& out, const VolumeDescriptor& d, BytePos p, std::string_view field, const std::string& value,
               Repertoire rep) {
  // Fields are right-padded with spaces (7.4): strip the padding, then every byte must belong.
  size_t end = value.size();
  while (end > 0 && value[end - 1] == ' ') --end;
  for (size_t i = 0; i < end; ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    const bool ok = rep == Repertoire::A       ? ecma119::isAChar(c)
                    : rep == Repertoire::D     ? ecma119::isDChar(c)
                                               : (ecma119::isDChar(c) || c == '.' || c == ';');
    if (ok) continue;
    out.add(kCharacters, at(fieldOffset(d, p) + i),
            detail(rep == Repertoire::A ? "a-characters" : "d-characters", fmt::format("byte {:02x}", c),
                   fmt::format("{} \"{}\": byte {:02x} at position {} is not {}", field, printable(value.substr(0, end)), c,
                               i + 1, rep == Repertoire::A ? "an a-character" : "a d-character")));
    return;
  }
}

void checkCharacters(const ImageAnalysis& a, FindingSink& out) {
  if (!a.isoParsed || !a.iso.found) return;
  for (const auto& d : a.iso.primaries) {
    checkText(out, d, kSystemIdentifier, "system identifier", d.systemIdentifier, Repertoire::A);
    checkText(out, d, kVolumeIdentifier, "volume identifier", d.volumeIdentifier, Repertoire::D);
    checkText(out, d, kVolumeSetIdentifier, "volume set identifier", d.volumeSetIdentifier, Repertoire::D);
    checkText(out, d, kPublisherIdentifier, "publisher identifier", d.publisherIdentifier, Repertoire::A);
    checkText(out, d, kDataPreparerIdentifier, "data preparer identifier", d.dataPreparerIdentifier, Repertoire::A);
    checkText(out, d, kApplicationIdentifier, "application identifier", d.applicationIdentifier, Repertoire::A);
    checkText(out, d, kCopyrightFileIdentifier, "copyright file identifier", d.copyrightFileIdentifier, Repertoire::DFile);
    checkText(out, d, kAbstractFileIdentifier, "abstract file identifier", d.abstractFileIdentifier, Repertoire::DFile);
    checkText(out, d, kBibliographicFileIdentifier, "bibliographic file identifier", d.bibliographicFileIdentifier,
              Repertoire::DFile);
  }
  // 7.5.1, 7.6.1: identifiers of the primary tree are d-characters with the two separators.
  for (const RecordEntry& e : a.iso.tree.records) {
    if (e.record.isSelf() || e.record.isParent()) continue;
    const std::string& id = e.record.fileIdentifier;
    const bool dir = e.record.isDirectory();
    for (size_t i = 0; i < id.size(); ++i) {
      const auto c = static_cast<unsigned char>(id[i]);
      if (ecma119::isDChar(c) || (!dir && (c == '.' || c == ';'))) continue;
      out.add(kCharacters, at(e.offset + 33 + i, e.path),
              detail("d-characters", fmt::format("byte {:02x}", c),
                     fmt::format("{} identifier \"{}\": byte {:02x} is not a d-character", dir ? "directory" : "file",
                                 printable(id), c)));
      break;
    }
  }
}

// ---- SYS-001 ----------------------------------------------------------------------------------

void checkSystemArea(const ImageAnalysis& a, FindingSink& out) {
  if (!a.isoParsed || !a.iso.found) return;
  bool zero = a.iso.systemArea.firstSectorsZero;
  // The census counts the input's own sectors; for a CD track view it does not apply.
  if (zero && !a.cd && a.zeros.computed && !a.zeros.runsTruncated) {
    zero = std::any_of(a.zeros.runs.begin(), a.zeros.runs.end(),
                       [](const analyzer::ZeroRun& r) { return r.firstSector == 0 && r.sectorCount >= 16; });
  }
  if (zero) return;
  std::string what = a.iso.systemArea.gptHeader      ? "a GPT (EFI PART at byte 512) behind a protective MBR"
                     : a.iso.systemArea.mbrSignature ? "an MBR (55 AA at byte 510)"
                     : a.iso.systemArea.apmSignature ? "an Apple partition map"
                                                     : "data of unknown kind";
  out.add(kSystemArea, at(0), detail("", what, "system area holds " + what));
}

// ---- VDS --------------------------------------------------------------------------------------

/// True when sector 16 looks like a damaged ISO 9660 descriptor: most of "CD001" at byte 1.
bool nearMiss(const std::vector<uint8_t>& prefix) {
  if (prefix.size() < 6) return false;
  int same = 0;
  for (size_t i = 0; i < 5; ++i) same += prefix[1 + i] == static_cast<uint8_t>("CD001"[i]);
  return same >= 3;
}

void checkNoVolume(const ImageAnalysis& a, FindingSink& out) {
  if (!a.isoParsed || a.iso.found) return;
  std::string why;
  if (a.iso.imageBytes < 17 * 2048)
    why = fmt::format("the input holds 0x{:x} bytes, fewer than 17 sectors", a.iso.imageBytes);
  else if (a.iso.udfRecognition)
    why = "sector 16 carries a UDF volume recognition identifier instead (UDF-only image)";
  else if (a.iso.highSierra)
    why = "sector 16 carries a High Sierra descriptor (CDROM), the pre-ISO format";
  else
    why = fmt::format("sector 16 starts with {}", hexBytes(a.iso.sector16Prefix));
  // An input with no trace of ISO 9660 (audio, UDF-only, other data) is reported, not failed: the
  // rule's error severity is kept for a sector 16 that is a damaged descriptor.
  const bool damaged = nearMiss(a.iso.sector16Prefix);
  out.add(kNoVolume, at(16 * 2048),
          detail("CD001 at byte 1 of sector 16", why, "no ISO 9660 volume found: " + why,
                 damaged ? std::nullopt : std::optional<Severity>(Severity::Info)));
}

void checkSetEnd(const ImageAnalysis& a, FindingSink& out) {
  if (!a.isoParsed || !a.iso.found) return;
  const auto& v = a.iso;
  if (!v.terminated) {
    const uint64_t where = v.brokenSlotSector ? *v.brokenSlotSector : 16 + v.slots.size();
    const std::string why = v.brokenSlotSector ? fmt::format("sector {} does not carry CD001", where)
                            : v.setCut         ? fmt::format("no terminator in the first {} sectors or before the image end", v.slots.size())
                                               : "no terminator";
    out.add(kSetEnd, at(where * 2048), detail("a type-255 terminator", why, "volume descriptor set is not terminated: " + why));
  }
  for (const auto& s : v.slots)
    if (s.type == vdtype::kTerminator && !s.terminatorTailZero)
      out.add(kSetEnd, at(s.sector * 2048 + 7),
              detail("zero", "non-zero", fmt::format("terminator at sector {}: reserved bytes 8-2048 are not zero", s.sector),
                     Severity::Warning));
}

void checkNoPrimary(const ImageAnalysis& a, FindingSink& out) {
  if (!a.isoParsed || !a.iso.found || !a.iso.primaries.empty()) return;
  out.add(kNoPrimary, at(16 * 2048), detail("a type-1 descriptor", 0, "the descriptor set holds no primary volume descriptor"));
}

void checkTypeVersion(const ImageAnalysis& a, FindingSink& out) {
  if (!a.isoParsed || !a.iso.found) return;
  for (const auto& s : a.iso.slots) {
    if (s.type >= 4 && s.type <= 254) {
      out.add(kTypeVersion, at(s.sector * 2048), detail("0, 1, 2, 3 or 255", s.type,
                                                        fmt::format("sector {}: reserved descriptor type {}", s.sector, s.type)));
      continue;
    }
    const bool ok = s.type == vdtype::kSupplementary ? (s.version == 1 || s.version == 2) : s.version == 1;
    if (!ok)
      out.add(kTypeVersion, at(s.sector * 2048 + 6),
              detail(s.type == vdtype::kSupplementary ? "1 or 2" : "1", s.version,
                     fmt::format("sector {}: descriptor of type {} has version {}", s.sector, s.type, s.version)));
  }
}

std::vector<std::string> differingFields(const VolumeDescriptor& x, const VolumeDescriptor& y) {
  std::vector<std::string> d;
  auto cmp = [&](bool same, const char* name) {
    if (!same) d.emplace_back(name);
  };
  cmp(x.systemIdentifier == y.systemIdentifier, "system identifier");
  cmp(x.volumeIdentifier == y.volumeIdentifier, "volume identifier");
  cmp(x.volumeSpaceSize == y.volumeSpaceSize, "volume space size");
  cmp(x.volumeSetSize == y.volumeSetSize, "volume set size");
  cmp(x.volumeSequenceNumber == y.volumeSequenceNumber, "volume sequence number");
  cmp(x.logicalBlockSize == y.logicalBlockSize, "logical block size");
  cmp(x.pathTableSize == y.pathTableSize, "path table size");
  cmp(x.locationOfTypeLPathTable == y.locationOfTypeLPathTable, "type L path table location");
  cmp(x.locationOfTypeMPathTable == y.locationOfTypeMPathTable, "type M path table location");
  cmp(x.locationOfOptionalTypeLPathTable == y.locationOfOptionalTypeLPathTable, "optional type L path table location");
  cmp(x.locationOfOptionalTypeMPathTable == y.locationOfOptionalTypeMPathTable, "optional type M path table location");
  const bool rootSame = x.rootDirectoryRecord.has_value() == y.rootDirectoryRecord.has_value() &&
                        (!x.rootDirectoryRecord || x.rootDirectoryRecord->raw == y.rootDirectoryRecord->raw);
  cmp(rootSame, "root directory record");
  cmp(x.volumeSetIdentifier == y.volumeSetIdentifier, "volume set identifier");
  cmp(x.publisherIdentifier == y.publisherIdentifier, "publisher identifier");
  cmp(x.dataPreparerIdentifier == y.dataPreparerIdentifier, "data preparer identifier");
  cmp(x.applicationIdentifier == y.applicationIdentifier, "application identifier");
  cmp(x.volumeCreationDateAndTime == y.volumeCreationDateAndTime, "volume creation date");
  cmp(x.volumeModificationDateAndTime == y.volumeModificationDateAndTime, "volume modification date");
  cmp(x.applicationUse == y.applicationUse, "application use");
  return d;
}

void checkPrimaryCopies(const ImageAnalysis& a, FindingSink& out) {
  if (!a.isoParsed || a.iso.primaries.size() < 2) return;
  const auto& first = a.iso.primaries.front();
  for (size_t i = 1; i < a.iso.primaries.size(); ++i) {
    const auto diff = differingFields(first, a.iso.primaries[i]);
    if (diff.empty()) continue;
    std::string list;
    for (const auto& f : diff) list += (list.empty() ? "" : ", ") + f;
    out.add(kPrimaryCopies, at(a.iso.primaries[i].sector * 2048),
            detail(fmt::format("same as sector {}", first.sector), list,
                   fmt::format("primary descriptor at sector {} differs from sector {}: {}", a.iso.primaries[i].sector,
                               first.sector, list)));
  }
}

void checkAfterSet(const ImageAnalysis& a, FindingSink& out) {
  // Ordinary data (path tables, directories) after the set is the normal case and not reported.
  if (!a.isoParsed || !a.iso.found || a.iso.afterTerminator == AfterTerminator::None ||
      a.iso.afterTerminator == AfterTerminator::Other)
    return;
  const uint64_t sector = 16 + a.iso.slots.size();
  out.add(kAfterSet, at(sector * 2048),
          detail("", std::string(afterTerminatorName(a.iso.afterTerminator)),
                 fmt::format("sector {} after the descriptor set: {}", sector, afterTerminatorName(a.iso.afterTerminator))));
}

// ---- PVD --------------------------------------------------------------------------------------

void checkPvdHeader(const ImageAnalysis& a, FindingSink& out) {
  if (!a.isoParsed) return;
  for (const auto& d : a.iso.primaries) {
    if (d.standardIdentifier != "CD001")
      out.add(kPvdHeader, at(fieldOffset(d, kStandardIdentifier)), detail("CD001", printable(d.standardIdentifier),
                                                                          "standard identifier is not CD001"));
    if (d.volumeDescriptorVersion != 1)
      out.add(kPvdHeader, at(fieldOffset(d, kVolumeDescriptorVersion)),
              detail(1, d.volumeDescriptorVersion,
                     fmt::format("primary descriptor at sector {}: version {}", d.sector, d.volumeDescriptorVersion)));
  }
}

void checkPvdReserved(const ImageAnalysis& a, FindingSink& out) {
  if (!a.isoParsed) return;
  for (const auto& d : a.iso.primaries)
    for (const auto& r : d.reserved)
      if (!r.allZero)
        out.add(kPvdReserved, at(fieldOffset(d, r.position)),
                detail("zero", "non-zero", fmt::format("primary descriptor at sector {}: bytes {}-{} are not zero", d.sector,
                                                       r.position.first, r.position.last)));
}

/// The block size a descriptor addresses with (2048 when its own is unusable).
uint32_t usableBlockSize(const VolumeDescriptor& d) {
  const uint16_t b = d.logicalBlockSize.value();
  return (b == 512 || b == 1024 || b == 2048) ? b : 2048;
}

/// " (counted from the session start at block S)" for a later session's volume, else "".
std::string sessionNote(const ImageAnalysis& a) {
  return a.iso.sessionStart == 0 ? std::string() : fmt::format(" (counted from the session start at block {})", a.iso.sessionStart);
}

void volumeSizeOf(const ImageAnalysis& a, const VolumeDescriptor& d, FindingSink& out, const RuleInfo& rule) {
  // The parser's size is the volume's view (a file, or the user data of a CD track); a stream's
  // real size is known only after the pass.
  if (!a.iso.imageSizeKnown && !a.source.size) return;
  const uint64_t image = a.iso.imageSizeKnown || !a.source.size ? a.iso.imageBytes : *a.source.size;
  // A later session's volume ends at its session start plus its volume space size (its extents
  // are absolute; writers record the session's own size), so the image must reach that far.
  const uint64_t declared = a.iso.volumeEndBlock(d) * usableBlockSize(d);
  const Location where = at(fieldOffset(d, kVolumeSpaceSize));
  if (declared > image) {
    out.add(rule, where,
            detail(fmt::format("image >= 0x{:x} bytes", declared), fmt::format("0x{:x} bytes", image),
                   fmt::format("image is truncated: the volume declares {} blocks{} (0x{:x} bytes) but the image holds 0x{:x} "
                               "bytes, 0x{:x} short",
                               d.volumeSpaceSize.value(), sessionNote(a), declared, image, declared - image),
                   rule.id == kVolumeSize.id ? std::optional<Severity>() : std::optional<Severity>(Severity::Warning)));
    return;
  }
  if (declared < image && rule.id == kVolumeSize.id) {
    // Trailing data: padding, isohybrid alignment, UDF, a GPT backup, later sessions.
    // The zero-sector census covers the input's own bytes: of a CD input's user data (or without a
    // usable census) nothing is known, and nothing is claimed.
    std::optional<bool> zero;
    if (!a.cd && a.zeros.computed && !a.zeros.runsTruncated && a.zeros.sectorSize == 2048 && declared % 2048 == 0) {
      const uint64_t first = declared / 2048;
      const uint64_t last = (image + 2047) / 2048;
      zero = std::any_of(a.zeros.runs.begin(), a.zeros.runs.end(), [&](const analyzer::ZeroRun& r) {
        return r.firstSector <= first && r.firstSector + r.sectorCount >= last;
      });
    }
    out.add(rule, where,
            detail(fmt::format("0x{:x} bytes", declared), fmt::format("0x{:x} bytes", image),
                   fmt::format("0x{:x} bytes ({}) follow the volume{}", image - declared, humanBytes(image - declared),
                               !zero ? "" : *zero ? ", all zero" : ", not all zero"),
                   Severity::Info));
  }
}

void checkVolumeSize(const ImageAnalysis& a, FindingSink& out) {
  const auto* d = primary(a);
  if (!d) return;
  volumeSizeOf(a, *d, out, kVolumeSize);
  // ecma119.md PVD-003 names later sessions: say how this volume's size was read.
  if (a.iso.sessionStart != 0)
    out.add(kVolumeSize, at(fieldOffset(*d, kVolumeSpaceSize)),
            detail(fmt::format("blocks 0 to {}", a.iso.volumeEndBlock(*d)), d->volumeSpaceSize.value(),
                   fmt::format("volume of the session starting at block {}: its volume space size ({} blocks) is read "
                               "as the session's own size, as writers record it, so the volume spans blocks 0 to {}",
                               a.iso.sessionStart, d->volumeSpaceSize.value(), a.iso.volumeEndBlock(*d)),
                   Severity::Info));
}

void blockSizeOf(const VolumeDescriptor& d, FindingSink& out, const RuleInfo& rule) {
  const uint16_t b = d.logicalBlockSize.value();
  if (b == 2048) return;
  const bool legal = b == 512 || b == 1024;
  std::optional<Severity> sev;
  if (rule.id != kBlockSize.id) sev = Severity::Warning;
  else if (legal) sev = Severity::Warning;
  out.add(rule, at(fieldOffset(d, kLogicalBlockSize)),
          detail(2048, b,
                 legal ? fmt::format("logical block size {} is legal but unusual on optical media", b)
                       : fmt::format("logical block size {} is not 512, 1024 or 2048", b),
                 sev));
}

void checkBlockSize(const ImageAnalysis& a, FindingSink& out) {
  if (const auto* d = primary(a)) blockSizeOf(*d, out, kBlockSize);
}

void checkVolumeSet(const ImageAnalysis& a, FindingSink& out) {
  const auto* d = primary(a);
  if (!d) return;
  const uint16_t size = d->volumeSetSize.value(), seq = d->volumeSequenceNumber.value();
  if (size < 1)
    out.add(kVolumeSet, at(fieldOffset(*d, kVolumeSetSize)), detail(">= 1", size, "volume set size is 0"));
  if (seq < 1 || (size >= 1 && seq > size))
    out.add(kVolumeSet, at(fieldOffset(*d, kVolumeSequenceNumber)),
            detail(fmt::format("1..{}", size), seq, fmt::format("volume sequence number {} outside 1..{}", seq, size)));
}

void pathTableSizeOf(const ImageAnalysis& a, const VolumeDescriptor& d, FindingSink& out, const RuleInfo& rule,
                     std::optional<Severity> sev) {
  const uint64_t size = d.pathTableSize.value();
  const uint64_t bs = usableBlockSize(d);
  const uint64_t volume = a.iso.volumeEndBlock(d) * bs;
  if (size < 10)
    out.add(rule, at(fieldOffset(d, kPathTableSize)),
            detail(">= 10", size, fmt::format("path table size {} cannot hold the root record", size), sev));
  for (auto [loc, name] : {std::pair{d.locationOfTypeLPathTable, "type L"}, std::pair{d.locationOfTypeMPathTable, "type M"}}) {
    if (loc == 0) continue;
    const uint64_t end = uint64_t{loc} * bs + size;
    if (end > volume)
      out.add(rule, at(fieldOffset(d, kPathTableSize)),
              detail(fmt::format("end <= 0x{:x}", volume), fmt::format("0x{:x}", end),
                     fmt::format("{} path table at block {} with 0x{:x} bytes ends past the volume end", name, loc, size), sev));
  }
}

void checkPathTableSize(const ImageAnalysis& a, FindingSink& out) {
  if (const auto* d = primary(a)) pathTableSizeOf(a, *d, out, kPathTableSizeRule, std::nullopt);
}

void pathTableLocationsOf(const ImageAnalysis& a, const VolumeDescriptor& d, FindingSink& out, const RuleInfo& rule,
                          bool primaryTables) {
  const uint64_t setEnd = 16 + a.iso.slots.size(); // first block after the descriptor set (2048-byte blocks)
  const uint64_t bs = usableBlockSize(d);
  const uint64_t volume = a.iso.volumeEndBlock(d);
  struct Loc {
    uint32_t block;
    BytePos pos;
    const char* name;
    bool optional;
  };
  const Loc locs[] = {{d.locationOfTypeLPathTable, kLocationOfTypeLPathTable, "type L", false},
                      {d.locationOfOptionalTypeLPathTable, kLocationOfOptionalTypeLPathTable, "optional type L", true},
                      {d.locationOfTypeMPathTable, kLocationOfTypeMPathTable, "type M", false},
                      {d.locationOfOptionalTypeMPathTable, kLocationOfOptionalTypeMPathTable, "optional type M", true}};
  for (const Loc& l : locs) {
    std::optional<Severity> sev;
    if (l.optional || rule.id != kPathTableLocation.id) sev = Severity::Warning;
    if (l.block == 0) {
      if (!l.optional)
        out.add(rule, at(fieldOffset(d, l.pos)), detail("non-zero", 0, fmt::format("{} path table location is 0", l.name), sev));
      continue;
    }
    if (uint64_t{l.block} * bs < setEnd * 2048)
      out.add(rule, at(fieldOffset(d, l.pos)),
              detail(fmt::format(">= block {}", setEnd * 2048 / bs), l.block,
                     fmt::format("{} path table at block {} lies inside the system area or descriptor set", l.name, l.block), sev));
    else if (l.block >= volume)
      out.add(rule, at(fieldOffset(d, l.pos)),
              detail(fmt::format("< {}", volume), l.block,
                     fmt::format("{} path table at block {} lies outside the volume of {} blocks{}", l.name, l.block,
                                 d.volumeSpaceSize.value(), sessionNote(a)), sev));
  }
  if (!primaryTables) return;
  // Optional copies hold the same table as the mandatory one.
  for (auto [opt, main] : {std::pair{PathTableKind::OptionalTypeL, PathTableKind::TypeL},
                           std::pair{PathTableKind::OptionalTypeM, PathTableKind::TypeM}}) {
    const PathTable* o = a.iso.pathTable(opt);
    const PathTable* m = a.iso.pathTable(main);
    if (!o || !m || o->location == 0) continue;
    bool same = o->records.size() == m->records.size();
    for (size_t i = 0; same && i < o->records.size(); ++i) {
      const auto& x = o->records[i];
      const auto& y = m->records[i];
      same = x.directoryIdentifier == y.directoryIdentifier && x.locationOfExtent == y.locationOfExtent &&
             x.parentDirectoryNumber == y.parentDirectoryNumber &&
             x.extendedAttributeRecordLength == y.extendedAttributeRecordLength;
    }
    if (!same)
      out.add(rule, at(uint64_t{o->location} * bs),
              detail("identical records", "different records",
                     fmt::format("{} path table differs from the {} table", pathTableKindName(opt), pathTableKindName(main)),
                     Severity::Warning));
  }
}

void checkPathTableLocation(const ImageAnalysis& a, FindingSink& out) {
  if (const auto* d = primary(a)) pathTableLocationsOf(a, *d, out, kPathTableLocation, true);
}

void rootRecordOf(const ImageAnalysis& a, const VolumeDescriptor& d, FindingSink& out, const RuleInfo& rule,
                  std::optional<Severity> sev) {
  const uint64_t o = fieldOffset(d, kRootDirectoryRecord);
  if (!d.rootDirectoryRecord || d.rootRecordLengthByte != 34) {
    out.add(rule, at(o, "/"), detail(34, d.rootRecordLengthByte,
                                     fmt::format("root directory record length is {}, not 34", d.rootRecordLengthByte), sev));
    if (!d.rootDirectoryRecord) return;
  }
  const DirectoryRecord& r = *d.rootDirectoryRecord;
  if (r.lengthOfFileIdentifier != 1 || !r.isSelf())
    out.add(rule, at(o + 32, "/"), detail("identifier 00 of length 1", printable(r.fileIdentifier),
                                          "root directory record identifier is not the single byte 00", sev));
  if (!r.isDirectory())
    out.add(rule, at(o + 25, "/"), detail("directory flag set", hex(r.fileFlags), "root directory record lacks the directory flag", sev));
  const uint64_t end = a.iso.volumeEndBlock(d);
  if (r.locationOfExtent.value() >= end)
    out.add(rule, at(o + 2, "/"),
            detail(fmt::format("< {}", end), r.locationOfExtent.value(),
                   fmt::format("root directory extent {} is outside the volume of {} blocks{}", r.locationOfExtent.value(),
                               d.volumeSpaceSize.value(), sessionNote(a)), sev));
}

void checkRootRecord(const ImageAnalysis& a, FindingSink& out) {
  if (const auto* d = primary(a)) rootRecordOf(a, *d, out, kRootRecord, std::nullopt);
}

bool rootHasFile(const ImageAnalysis& a, std::string_view name) {
  if (a.iso.tree.directories.empty()) return false;
  for (uint32_t ri : a.iso.tree.directories[0].records) {
    const std::string& id = a.iso.tree.records[ri].record.fileIdentifier;
    if (id == name) return true;
    if (auto semi = id.rfind(';'); semi != std::string::npos && std::string_view(id).substr(0, semi) == name) return true;
  }
  return false;
}

void checkNamedFiles(const ImageAnalysis& a, FindingSink& out) {
  const auto* d = primary(a);
  if (!d || !a.iso.tree.walked) return;
  auto check = [&](const std::string& value, BytePos p, const char* field, bool underscore) {
    std::string_view v = trimSpaces(value);
    if (underscore) {
      if (v.empty() || v[0] != '_') return;
      v.remove_prefix(1);
    }
    if (v.empty() || rootHasFile(a, v)) return;
    out.add(kNamedFiles, at(fieldOffset(*d, p)),
            detail("a file in the root directory", printable(v),
                   fmt::format("{} names \"{}\", which is not in the root directory", field, printable(v))));
  };
  check(d->publisherIdentifier, kPublisherIdentifier, "publisher identifier", true);
  check(d->dataPreparerIdentifier, kDataPreparerIdentifier, "data preparer identifier", true);
  check(d->applicationIdentifier, kApplicationIdentifier, "application identifier", true);
  check(d->copyrightFileIdentifier, kCopyrightFileIdentifier, "copyright file identifier", false);
  check(d->abstractFileIdentifier, kAbstractFileIdentifier, "abstract file identifier", false);
  check(d->bibliographicFileIdentifier, kBibliographicFileIdentifier, "bibliographic file identifier", false);
}

void datesOf(const VolumeDescriptor& d, FindingSink& out, const RuleInfo& rule, std::optional<Severity> sev) {
  struct D {
    const DigitDateTime& v;
    BytePos p;
    const char* name;
  };
  const D dates[] = {{d.volumeCreationDateAndTime, kVolumeCreationDateAndTime, "creation"},
                     {d.volumeModificationDateAndTime, kVolumeModificationDateAndTime, "modification"},
                     {d.volumeExpirationDateAndTime, kVolumeExpirationDateAndTime, "expiration"},
                     {d.volumeEffectiveDateAndTime, kVolumeEffectiveDateAndTime, "effective"}};
  for (const D& x : dates) {
    if (x.v.unspecified()) continue;
    const std::string raw = printable(std::string(x.v.raw.begin(), x.v.raw.begin() + 16));
    if (x.v.allZero()) {
      out.add(rule, at(fieldOffset(d, x.p)),
              detail("16 digits '0' for \"not specified\"", "17 bytes 00",
                     fmt::format("volume {} date is all 00 bytes instead of digits (read as not specified)", x.name), sev));
      continue;
    }
    if (!x.v.isoText())
      out.add(rule, at(fieldOffset(d, x.p)),
              detail("digits with fields in range", fmt::format("{} offset {}", raw, static_cast<int8_t>(x.v.raw[16])),
                     fmt::format("volume {} date \"{}\" is not a valid date", x.name, raw), sev));
  }
  auto c = d.volumeCreationDateAndTime.isoText();
  auto m = d.volumeModificationDateAndTime.isoText();
  if (c && m && rule.id == kVolumeDates.id) {
    // Compare in UTC minutes: the digits plus the 15-minute offset.
    auto minutes = [](const DigitDateTime& t) {
      const auto f = *t.fields();
      const int64_t days = int64_t{f.year} * 372 + f.month * 31 + f.day;
      return ((days * 24 + f.hour) * 60 + f.minute - f.gmtOffset * 15) * 6000 + f.second * 100 + f.hundredths;
    };
    if (minutes(d.volumeModificationDateAndTime) < minutes(d.volumeCreationDateAndTime))
      out.add(rule, at(fieldOffset(d, kVolumeModificationDateAndTime)),
              detail(">= " + *c, *m, "volume modification date is earlier than its creation date", Severity::Info));
  }
}

void checkVolumeDates(const ImageAnalysis& a, FindingSink& out) {
  if (const auto* d = primary(a)) datesOf(*d, out, kVolumeDates, std::nullopt);
}

void checkStructureVersion(const ImageAnalysis& a, FindingSink& out) {
  const auto* d = primary(a);
  if (d && d->fileStructureVersion != 1)
    out.add(kStructureVersion, at(fieldOffset(*d, kFileStructureVersion)),
            detail(1, d->fileStructureVersion, fmt::format("file structure version is {}", d->fileStructureVersion)));
}

void checkCdXa(const ImageAnalysis& a, FindingSink& out) {
  const auto* d = primary(a);
  if (d && d->cdXaMarker)
    out.add(kCdXa, at(d->sector * 2048 + kCdXaMarkerOffset), detail("", "CD-XA001", "CD-ROM XA volume: CD-XA001 at byte 1024"));
}

// ---- SVD, BR, VPD ------------------------------------------------------------------------------

void checkSvdVersion(const ImageAnalysis& a, FindingSink& out) {
  if (!a.isoParsed) return;
  for (const auto& s : a.iso.supplementaries) {
    const auto& d = s.descriptor;
    const bool ok = (d.volumeDescriptorVersion == 1 && d.fileStructureVersion == 1) ||
                    (d.volumeDescriptorVersion == 2 && d.fileStructureVersion == 2);
    if (!ok)
      out.add(kSvdVersion, at(d.sector * 2048 + 6),
              detail("1/1 (SVD) or 2/2 (EVD)", fmt::format("{}/{}", d.volumeDescriptorVersion, d.fileStructureVersion),
                     fmt::format("descriptor at sector {}: version {} with file structure version {}", d.sector,
                                 d.volumeDescriptorVersion, d.fileStructureVersion)));
  }
}

void checkSvdFlags(const ImageAnalysis& a, FindingSink& out) {
  if (!a.isoParsed) return;
  for (const auto& s : a.iso.supplementaries) {
    const auto& d = s.descriptor;
    if (d.volumeFlags & 0xFE)
      out.add(kSvdFlags, at(fieldOffset(d, kVolumeFlags)),
              detail("bits 1-7 zero", hex(d.volumeFlags), fmt::format("sector {}: reserved volume flag bits set", d.sector)));
    // Joliet's escape sequences are registered (ISO 2375), so bit 0 must be 0.
    if ((d.volumeFlags & 0x01) && d.isJoliet())
      out.add(kSvdFlags, at(fieldOffset(d, kVolumeFlags)),
              detail(0, 1, fmt::format("sector {}: volume flag bit 0 says unregistered escape sequences, but they are "
                                       "Joliet's registered ones", d.sector)));
  }
}

void checkSvdFields(const ImageAnalysis& a, FindingSink& out) {
  const auto* p = primary(a);
  if (!p) return;
  for (const auto& s : a.iso.supplementaries) {
    const auto& d = s.descriptor;
    volumeSizeOf(a, d, out, kSvdFields);
    blockSizeOf(d, out, kSvdFields);
    pathTableSizeOf(a, d, out, kSvdFields, Severity::Warning);
    pathTableLocationsOf(a, d, out, kSvdFields, false);
    rootRecordOf(a, d, out, kSvdFields, Severity::Warning);
    datesOf(d, out, kSvdFields, Severity::Warning);
    if (d.volumeSpaceSize.value() != p->volumeSpaceSize.value())
      out.add(kSvdFields, at(fieldOffset(d, kVolumeSpaceSize)),
              detail(p->volumeSpaceSize.value(), d.volumeSpaceSize.value(),
                     fmt::format("sector {}: volume space size differs from the primary descriptor's", d.sector)));
    if (d.rootDirectoryRecord && p->rootDirectoryRecord &&
        d.rootDirectoryRecord->locationOfExtent.value() == p->rootDirectoryRecord->locationOfExtent.value())
      out.add(kSvdFields, at(fieldOffset(d, kRootDirectoryRecord) + 2, "/"),
              detail("a root extent of its own", d.rootDirectoryRecord->locationOfExtent.value(),
                     fmt::format("sector {}: root directory shares its extent with the primary tree (6.8.3)", d.sector)));
  }
}

void checkBootRecord(const ImageAnalysis& a, FindingSink& out) {
  if (!a.isoParsed) return;
  for (const auto& b : a.iso.bootRecords) {
    bool achars = true;
    const std::string_view id = trimSpaces(b.bootSystemIdentifier);
    for (char c : id) achars = achars && ecma119::isAChar(static_cast<unsigned char>(c));
    const std::string kind = b.isElTorito() ? "El Torito" : "unknown boot system \"" + printable(id) + "\"";
    std::string msg = fmt::format("boot record at sector {}: {}", b.sector, kind);
    if (b.volumeDescriptorVersion != 1) msg += fmt::format("; version {} instead of 1", b.volumeDescriptorVersion);
    if (!achars) msg += "; boot system identifier is not in a-characters";
    out.add(kBootRecord, at(b.sector * 2048), detail("", kind, msg));
  }
}

void checkPartition(const ImageAnalysis& a, FindingSink& out) {
  const auto* p = primary(a);
  if (!a.isoParsed) return;
  for (const auto& v : a.iso.partitions) {
    if (v.volumeDescriptorVersion != 1)
      out.add(kPartition, at(v.sector * 2048 + 6),
              detail(1, v.volumeDescriptorVersion, fmt::format("partition descriptor at sector {}: version {}", v.sector,
                                                               v.volumeDescriptorVersion)));
    const uint64_t end = uint64_t{v.volumePartitionLocation.value()} + v.volumePartitionSize.value();
    if (p && end > a.iso.volumeEndBlock(*p))
      out.add(kPartition, at(v.sector * 2048 + kVolumePartitionLocation.offset()),
              detail(fmt::format("end <= {}", a.iso.volumeEndBlock(*p)), end,
                     fmt::format("partition at sector {} ends at block {}, past the volume", v.sector, end)));
  }
}

} // namespace

void addEcma119DescriptorRules(RuleRegistry& registry) {
  registry.add(kBothByte, checkBothByte);
  registry.add(kCharacters, checkCharacters);
  registry.add(kSystemArea, checkSystemArea);
  registry.add(kNoVolume, checkNoVolume);
  registry.add(kSetEnd, checkSetEnd);
  registry.add(kNoPrimary, checkNoPrimary);
  registry.add(kTypeVersion, checkTypeVersion);
  registry.add(kPrimaryCopies, checkPrimaryCopies);
  registry.add(kAfterSet, checkAfterSet);
  registry.add(kPvdHeader, checkPvdHeader);
  registry.add(kPvdReserved, checkPvdReserved);
  registry.add(kVolumeSize, checkVolumeSize);
  registry.add(kBlockSize, checkBlockSize);
  registry.add(kVolumeSet, checkVolumeSet);
  registry.add(kPathTableSizeRule, checkPathTableSize);
  registry.add(kPathTableLocation, checkPathTableLocation);
  registry.add(kRootRecord, checkRootRecord);
  registry.add(kNamedFiles, checkNamedFiles);
  registry.add(kVolumeDates, checkVolumeDates);
  registry.add(kStructureVersion, checkStructureVersion);
  registry.add(kCdXa, checkCdXa);
  registry.add(kSvdVersion, checkSvdVersion);
  registry.add(kSvdFlags, checkSvdFlags);
  registry.add(kSvdFields, checkSvdFields);
  registry.add(kBootRecord, checkBootRecord);
  registry.add(kPartition, checkPartition);
}

} // namespace dv::rules
