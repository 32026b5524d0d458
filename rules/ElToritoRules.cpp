// ElToritoRules: ELTORITO-001 ... ELTORITO-009 (extensions.md 5.4) over the El Torito facts.
#include <fmt/format.h>

#include <set>

#include "core/Text.h"
#include "rules/ExtensionRules.h"

namespace dv::rules {
namespace {

using analyzer::BootEntry;
using analyzer::BootEntryKind;
using analyzer::ImageAnalysis;

constexpr RuleInfo kBootRecord{.id = "ELTORITO-001", .severity = Severity::Error, .clause = "El Torito 2.0",
                               .summary = "the El Torito boot record is not (only) at sector 17"};
constexpr RuleInfo kCatalogPlace{.id = "ELTORITO-002", .severity = Severity::Error, .clause = "El Torito 2.0",
                                 .summary = "boot catalog lies outside the volume or the image"};
constexpr RuleInfo kValidation{.id = "ELTORITO-003", .severity = Severity::Error, .clause = "El Torito 2.1",
                               .summary = "validation entry is malformed"};
constexpr RuleInfo kChecksum{.id = "ELTORITO-004", .severity = Severity::Error, .clause = "El Torito 2.1",
                             .summary = "validation entry words do not sum to zero"};
constexpr RuleInfo kEntry{.id = "ELTORITO-005", .severity = Severity::Error, .clause = "El Torito 2.2, 2.4",
                          .summary = "boot entry has an invalid indicator, media type or reserved byte"};
constexpr RuleInfo kImagePlace{.id = "ELTORITO-006", .severity = Severity::Error, .clause = "El Torito 2.2",
                               .summary = "boot image lies outside the volume or the image"};
constexpr RuleInfo kHardDisk{.id = "ELTORITO-007", .severity = Severity::Warning, .clause = "El Torito 2.2",
                             .summary = "hard-disk emulation image does not hold one matching partition"};
constexpr RuleInfo kSections{.id = "ELTORITO-008", .severity = Severity::Error, .clause = "El Torito 2.3, 2.4",
                             .summary = "section headers, entry counts or extension chains are inconsistent"};
constexpr RuleInfo kBootInfo{.id = "ELTORITO-009", .severity = Severity::Info, .clause = "mkisofs -boot-info-table",
                             .summary = "boot info table does not match the boot image"};

Location at(uint64_t lba, std::optional<uint64_t> offset = std::nullopt) { return {.lba = lba, .offset = offset, .path = {}}; }

std::string entryName(const BootEntry& e) {
  if (e.kind == BootEntryKind::Initial) return "initial entry";
  return fmt::format("section {} entry {}", e.section, e.index + 1);
}

Location entryLocation(const ImageAnalysis& a, const BootEntry& e) {
  return at(a.elTorito.catalogLba, e.catalogOffset);
}

void checkBootRecord(const ImageAnalysis& a, FindingSink& out) {
  const auto& et = a.elTorito;
  if (!et.present()) return;
  for (const auto& br : et.bootRecords) {
    if (br.lba != 17)
      out.add(kBootRecord, at(br.lba), {.expected = 17, .actual = br.lba,
                                        .message = fmt::format("El Torito boot record at sector {}, readers look only at 17", br.lba), .severity = {}});
    if (!br.identifierExact || br.version != 1)
      out.add(kBootRecord, at(br.lba), {.expected = "version 1, identifier padded with 00",
                                        .actual = fmt::format("version {}", br.version),
                                        .message = "boot record identifier is not padded with zeros or its version is not 1",
                                        .severity = Severity::Warning});
  }
  if (et.bootRecords.size() > 1)
    out.add(kBootRecord, at(et.bootRecords[1].lba),
            {.expected = 1, .actual = et.bootRecords.size(), .message = "more than one El Torito boot record", .severity = {}});
}

void checkCatalogPlace(const ImageAnalysis& a, FindingSink& out) {
  const auto& et = a.elTorito;
  if (!et.present()) return;
  const uint64_t imageSectors = a.sizeBytes / 2048;
  if (et.volumeSpaceSize != 0 && et.catalogLba >= et.volumeSpaceSize)
    out.add(kCatalogPlace, at(et.catalogLba), {.expected = fmt::format("< {}", et.volumeSpaceSize), .actual = et.catalogLba,
                                               .message = fmt::format("boot catalog LBA {} is outside the volume space of {} sectors",
                                                                      et.catalogLba, et.volumeSpaceSize), .severity = {}});
  if (et.catalogLba >= imageSectors || !et.catalogRead)
    out.add(kCatalogPlace, at(et.catalogLba),
            {.expected = fmt::format("< {}", imageSectors), .actual = et.catalogLba,
             .message = et.catalogError.empty() ? fmt::format("boot catalog LBA {} is past the image end", et.catalogLba)
                                                : "boot catalog cannot be read: " + et.catalogError, .severity = {}});
}

void checkValidation(const ImageAnalysis& a, FindingSink& out) {
  const auto& et = a.elTorito;
  if (!et.catalogRead) return;
  const auto& v = et.validation;
  const Location where = at(et.catalogLba, et.catalogLba * 2048);
  if (v.headerId != 0x01)
    out.add(kValidation, where, {.expected = "01", .actual = hex(v.headerId), .message = "validation entry header id is not 01", .severity = {}});
  if (v.platformId != 0x00 && v.platformId != 0x01 && v.platformId != 0x02 && v.platformId != 0xEF)
    out.add(kValidation, where, {.expected = "00, 01, 02 or ef", .actual = hex(v.platformId),
                                 .message = "validation entry platform id is not a known platform", .severity = {}});
  if (v.reserved != 0)
    out.add(kValidation, where, {.expected = 0, .actual = v.reserved, .message = "validation entry bytes 2-3 are not zero", .severity = {}});
  if (v.key55 != 0x55 || v.keyAA != 0xAA)
    out.add(kValidation, where, {.expected = "55 aa", .actual = fmt::format("{:02x} {:02x}", v.key55, v.keyAA),
                                 .message = "validation entry key bytes are not 55 AA", .severity = {}});
}

void checkChecksum(const ImageAnalysis& a, FindingSink& out) {
  const auto& et = a.elTorito;
  if (!et.catalogRead || et.validation.wordSum == 0) return;
  const uint16_t fixed = static_cast<uint16_t>(et.validation.checksum - et.validation.wordSum);
  out.add(kChecksum, at(et.catalogLba, et.catalogLba * 2048),
          {.expected = "0x" + hex(fixed), .actual = "0x" + hex(et.validation.checksum),
           .message = fmt::format("validation entry words sum to 0x{:04x}, not 0", et.validation.wordSum), .severity = {}});
}

void checkEntries(const ImageAnalysis& a, FindingSink& out) {
  for (const BootEntry& e : a.elTorito.entries) {
    const Location where = entryLocation(a, e);
    if (e.bootIndicator != 0x88 && e.bootIndicator != 0x00)
      out.add(kEntry, where, {.expected = "88 or 00", .actual = hex(e.bootIndicator),
                              .message = entryName(e) + ": boot indicator is neither 88 nor 00", .severity = {}});
    if (e.emulation() > 4)
      out.add(kEntry, where, {.expected = "0-4", .actual = e.emulation(), .message = entryName(e) + ": reserved media type", .severity = {}});
    if (e.kind == BootEntryKind::Section && (e.mediaType & 0x10) != 0)
      out.add(kEntry, where, {.expected = "bit 4 clear", .actual = hex(e.mediaType),
                              .message = entryName(e) + ": reserved media type bit 4 is set", .severity = {}});
    if (e.unused5 != 0)
      out.add(kEntry, where, {.expected = 0, .actual = e.unused5, .message = entryName(e) + ": unused byte 5 is not zero", .severity = {}});
    if (!e.reservedTailZero)
      out.add(kEntry, where, {.expected = "zero", .actual = "non-zero",
                              .message = "initial entry: reserved bytes 0x0c-0x1f are not zero",
                              .severity = Severity::Warning}); // seen in the wild; readers ignore them
  }
}

void checkImagePlace(const ImageAnalysis& a, FindingSink& out) {
  const auto& et = a.elTorito;
  for (const BootEntry& e : et.entries) {
    const Location where = entryLocation(a, e);
    if (et.volumeSpaceSize != 0 && e.loadRba >= et.volumeSpaceSize)
      out.add(kImagePlace, where, {.expected = fmt::format("< {}", et.volumeSpaceSize), .actual = e.loadRba,
                                   .message = fmt::format("{}: load RBA {} is outside the volume space", entryName(e), e.loadRba), .severity = {}});
    if (e.image.end() > a.sizeBytes || e.image.offset >= a.sizeBytes)
      out.add(kImagePlace, where,
              {.expected = fmt::format("end <= 0x{:x}", a.sizeBytes), .actual = fmt::format("0x{:x}", e.image.end()),
               .message = fmt::format("{}: boot image at LBA {} ({} bytes, from the {}) ends past the image end", entryName(e),
                                      e.loadRba, e.image.length, e.imageBasis), .severity = {}});
  }
}

void checkHardDisk(const ImageAnalysis& a, FindingSink& out) {
  for (const BootEntry& e : a.elTorito.entries) {
    if (e.emulation() != 4) continue;
    const Location where = entryLocation(a, e);
    if (!e.diskMbr || !e.diskMbr->signature) {
      out.add(kHardDisk, where, {.expected = "55 aa", .actual = "missing",
                                 .message = entryName(e) + ": hard-disk image has no MBR signature", .severity = {}});
      continue;
    }
    if (e.diskMbr->usedPartitions != 1)
      out.add(kHardDisk, where, {.expected = 1, .actual = e.diskMbr->usedPartitions,
                                 .message = entryName(e) + ": hard-disk image must hold exactly one partition", .severity = {}});
    if (e.diskMbr->usedPartitions > 0 && e.systemType != e.diskMbr->partitionType)
      out.add(kHardDisk, where, {.expected = hex(e.diskMbr->partitionType), .actual = hex(e.systemType),
                                 .message = entryName(e) + ": system type differs from the partition type", .severity = {}});
  }
}

void checkSections(const ImageAnalysis& a, FindingSink& out) {
  const auto& et = a.elTorito;
  if (!et.catalogRead) return;
  for (size_t i = 0; i < et.sections.size(); ++i) {
    const auto& s = et.sections[i];
    const Location where = at(et.catalogLba, s.catalogOffset);
    const bool last = i + 1 == et.sections.size();
    if (!last && s.indicator != 0x90)
      out.add(kSections, where, {.expected = "90", .actual = hex(s.indicator),
                                 .message = fmt::format("section header {} is marked final but more follow", i + 1),
                                 .severity = Severity::Warning}); // FreeBSD images do this
    if (s.entriesRead < s.entryCount)
      out.add(kSections, where, {.expected = s.entryCount, .actual = s.entriesRead,
                                 .message = fmt::format("section header {} declares {} entries, the catalog holds {}", i + 1,
                                                        s.entryCount, s.entriesRead), .severity = {}});
  }
  if (!et.sections.empty() && !et.finalHeaderSeen)
    out.add(kSections, at(et.catalogLba, et.sections.back().catalogOffset),
            {.expected = "91", .actual = hex(et.sections.back().indicator),
             .message = "the last section header is not marked final (91)", .severity = Severity::Warning});
  for (const BootEntry& e : et.entries)
    if (e.extensionChainBroken)
      out.add(kSections, entryLocation(a, e), {.expected = "extension entry 44", .actual = "missing",
                                               .message = entryName(e) + ": announced extension entry is missing", .severity = {}});
}

void checkBootInfoTable(const ImageAnalysis& a, FindingSink& out) {
  // Boot images that no directory record names: legitimate (hidden boot images are common), but
  // worth knowing, since their bytes are covered by no file digest.
  if (a.iso.found && a.iso.tree.walked) {
    std::set<uint64_t> fileStarts;
    for (const auto& f : a.iso.tree.files)
      if (!f.runs.empty()) fileStarts.insert(f.runs.front().lba);
    for (const BootEntry& e : a.elTorito.entries)
      if (e.image.length > 0 && !fileStarts.count(e.loadRba))
        out.add(kBootInfo, entryLocation(a, e), {.expected = "a file at the boot image's LBA", .actual = "none",
                                                 .message = fmt::format("{}: the boot image at LBA {} is not referenced by any directory record",
                                                                        entryName(e), e.loadRba), .severity = {}});
  }
  for (const BootEntry& e : a.elTorito.entries) {
    if (!e.bootInfoTable) continue;
    const auto& t = *e.bootInfoTable;
    const Location where = at(e.loadRba, e.image.offset + 8);
    if (t.bootLba != e.loadRba)
      out.add(kBootInfo, where, {.expected = e.loadRba, .actual = t.bootLba,
                                 .message = entryName(e) + ": boot info table names another boot image LBA", .severity = {}});
    if (t.lengthBytes < 64 || !t.checksumComputed)
      out.add(kBootInfo, where, {.expected = "length inside the image", .actual = t.lengthBytes,
                                 .message = entryName(e) + ": boot info table length cannot be checked", .severity = {}});
    else if (t.checksum != t.computedChecksum)
      out.add(kBootInfo, where, {.expected = "0x" + hex(t.computedChecksum), .actual = "0x" + hex(t.checksum),
                                 .message = entryName(e) + ": boot info table checksum is wrong", .severity = {}});
  }
}

} // namespace

void addElToritoRules(RuleRegistry& registry) {
  registry.add(kBootRecord, checkBootRecord);
  registry.add(kCatalogPlace, checkCatalogPlace);
  registry.add(kValidation, checkValidation);
  registry.add(kChecksum, checkChecksum);
  registry.add(kEntry, checkEntries);
  registry.add(kImagePlace, checkImagePlace);
  registry.add(kHardDisk, checkHardDisk);
  registry.add(kSections, checkSections);
  registry.add(kBootInfo, checkBootInfoTable);
}

} // namespace dv::rules
