// HybridRules: HYBRID-001 ... HYBRID-004 (extensions.md 6.4) over the system-area facts.
#include <fmt/format.h>

#include "core/Text.h"
#include "rules/ExtensionRules.h"

namespace dv::rules {
namespace {

using analyzer::ImageAnalysis;
using analyzer::MbrPartition;

constexpr RuleInfo kMbr{.id = "HYBRID-001", .severity = Severity::Warning, .clause = "MBR partition table",
                        .summary = "MBR partition entry is invalid, outside the image or overlapping"};
constexpr RuleInfo kIsohybrid{.id = "HYBRID-002", .severity = Severity::Error, .clause = "isohybrid",
                              .summary = "isohybrid partition does not cover the ISO volume or the image is truncated"};
constexpr RuleInfo kGpt{.id = "HYBRID-003", .severity = Severity::Error, .clause = "UEFI 2.x 5.3",
                        .summary = "GPT header or partition array is invalid"};
constexpr RuleInfo kApm{.id = "HYBRID-004", .severity = Severity::Warning, .clause = "Apple Partition Map",
                        .summary = "Apple partition map is inconsistent or outside the image"};

constexpr uint8_t kProtectiveType = 0xEE;

Location at(uint64_t offset) { return {.lba = offset / 2048, .offset = offset, .path = {}}; }

/// The partition an isohybrid MBR uses to cover the ISO: it starts at block 0 (or is the first
/// entry of a SYSLINUX MBR) and is not a GPT-protective entry.
const MbrPartition* isoPartition(const analyzer::Mbr& m) {
  for (const auto& p : m.partitions)
    if (p.startLba == 0 && p.type != kProtectiveType) return &p;
  if (m.syslinuxCode && !m.partitions.empty() && m.partitions.front().type != kProtectiveType) return &m.partitions.front();
  return nullptr;
}

void checkMbr(const ImageAnalysis& a, FindingSink& out) {
  if (!a.systemArea.mbr) return;
  const auto& m = *a.systemArea.mbr;
  const MbrPartition* iso = isoPartition(m);
  for (const MbrPartition& p : m.partitions) {
    const uint64_t entryOffset = 446 + 16 * uint64_t{p.index - 1};
    if (p.status != 0x00 && p.status != 0x80)
      out.add(kMbr, at(entryOffset), {.expected = "00 or 80", .actual = hex(p.status),
                                      .message = fmt::format("MBR partition {}: status byte is neither 00 nor 80", p.index), .severity = {}});
    // A protective entry may claim the largest size (0xffffffff) for a disk bigger than it can say.
    const bool protectiveMax = p.type == kProtectiveType && p.sectorCount == 0xFFFFFFFFU;
    // The isohybrid partition is judged by HYBRID-002, which makes a short image an error.
    if (&p != iso && !protectiveMax && p.bytes().end() > a.sizeBytes)
      out.add(kMbr, at(entryOffset),
              {.expected = fmt::format("end <= 0x{:x}", a.sizeBytes), .actual = fmt::format("0x{:x}", p.bytes().end()),
               .message = fmt::format("MBR partition {} (type {:02x}) ends past the image end", p.index, p.type), .severity = {}});
  }
  for (size_t i = 0; i < m.partitions.size(); ++i)
    for (size_t j = i + 1; j < m.partitions.size(); ++j) {
      const auto& p = m.partitions[i];
      const auto& q = m.partitions[j];
      if (&p == iso || &q == iso || p.type == kProtectiveType || q.type == kProtectiveType) continue;
      if (p.bytes().overlaps(q.bytes()))
        out.add(kMbr, at(446 + 16 * uint64_t{q.index - 1}),
                {.expected = "disjoint", .actual = fmt::format("partitions {} and {}", p.index, q.index),
                 .message = fmt::format("MBR partitions {} and {} overlap", p.index, q.index), .severity = {}});
    }
}

void checkIsohybrid(const ImageAnalysis& a, FindingSink& out) {
  if (!a.systemArea.mbr) return;
  const auto& m = *a.systemArea.mbr;
  const MbrPartition* iso = isoPartition(m);
  if (!iso) return;
  const Location where = at(446 + 16 * uint64_t{iso->index - 1});
  const uint64_t volumeBytes = uint64_t{a.systemArea.volumeSpaceSize} * 2048;
  if (volumeBytes != 0 && iso->bytes().end() < volumeBytes)
    out.add(kIsohybrid, where, {.expected = fmt::format(">= {} blocks", volumeBytes / 512), .actual = iso->bytes().end() / 512,
                                .message = fmt::format("MBR partition {} ends before the ISO volume does", iso->index), .severity = {}});
  if (iso->bytes().end() > a.sizeBytes)
    out.add(kIsohybrid, where, {.expected = fmt::format("image >= 0x{:x} bytes", iso->bytes().end()),
                                .actual = fmt::format("0x{:x}", a.sizeBytes),
                                .message = fmt::format("image is shorter than MBR partition {} (truncated copy?)", iso->index), .severity = {}});
  if (m.syslinuxCode && !a.elTorito.entries.empty()) {
    const uint64_t expected = uint64_t{a.elTorito.entries.front().loadRba} * 4;
    if (m.isohybridBootBlock != expected)
      out.add(kIsohybrid, at(432), {.expected = expected, .actual = m.isohybridBootBlock,
                                    .message = "isohybrid MBR bytes 432-439 do not point at the El Torito boot image",
                                    .severity = Severity::Info});
  }
}

void checkGptHeader(const analyzer::GptHeader& h, const std::string& which, FindingSink& out) {
  const Location where = at(h.offset);
  if (h.revision != 0x00010000U)
    out.add(kGpt, where, {.expected = "0x10000", .actual = "0x" + hex(h.revision), .message = which + " GPT header: unknown revision",
                          .severity = Severity::Warning});
  if (h.headerSize != 92)
    out.add(kGpt, where, {.expected = 92, .actual = h.headerSize, .message = which + " GPT header: header size is not 92", .severity = {}});
  if (h.headerCrc != h.computedHeaderCrc)
    out.add(kGpt, where, {.expected = "0x" + hex(h.computedHeaderCrc), .actual = "0x" + hex(h.headerCrc),
                          .message = which + " GPT header: header CRC-32 is wrong", .severity = {}});
  if (!h.entriesRead)
    out.add(kGpt, where, {.expected = "readable array", .actual = fmt::format("{} x {} at LBA {}", h.entryCount, h.entrySize, h.entriesLba),
                          .message = which + " GPT header: the partition array cannot be read", .severity = {}});
  else if (h.entriesCrc != h.computedEntriesCrc)
    out.add(kGpt, where, {.expected = "0x" + hex(h.computedEntriesCrc), .actual = "0x" + hex(h.entriesCrc),
                          .message = which + " GPT header: partition array CRC-32 is wrong", .severity = {}});
}

void checkGpt(const ImageAnalysis& a, FindingSink& out) {
  if (!a.systemArea.gpt) return;
  const auto& g = *a.systemArea.gpt;
  checkGptHeader(g.primary, "primary", out);
  if (g.primary.currentLba != 1)
    out.add(kGpt, at(512), {.expected = 1, .actual = g.primary.currentLba, .message = "primary GPT header: its own LBA is not 1", .severity = {}});
  for (const auto& p : g.partitions)
    if (p.lastLba < p.firstLba || p.bytes().end() > a.sizeBytes)
      out.add(kGpt, at(512), {.expected = fmt::format("blocks inside 0x{:x} bytes", a.sizeBytes),
                              .actual = fmt::format("{}-{}", p.firstLba, p.lastLba),
                              .message = fmt::format("GPT partition {} lies outside the image or is reversed", p.index), .severity = {}});
  if (!g.backupInImage || !g.backup || !g.backup->signature) {
    out.add(kGpt, at(g.primary.backupLba * 512),
            {.expected = fmt::format("backup header at LBA {}", g.primary.backupLba), .actual = "missing",
             .message = "backup GPT header is missing", .severity = Severity::Warning});
    return;
  }
  const auto& b = *g.backup;
  checkGptHeader(b, "backup", out);
  if (b.currentLba != g.primary.backupLba || b.backupLba != g.primary.currentLba)
    out.add(kGpt, at(b.offset), {.expected = fmt::format("current {}, backup {}", g.primary.backupLba, g.primary.currentLba),
                                 .actual = fmt::format("current {}, backup {}", b.currentLba, b.backupLba),
                                 .message = "backup GPT header does not mirror the primary's LBAs", .severity = {}});
  if (b.entriesRead && g.primary.entriesRead && b.computedEntriesCrc != g.primary.computedEntriesCrc)
    out.add(kGpt, at(b.offset), {.expected = "0x" + hex(g.primary.computedEntriesCrc), .actual = "0x" + hex(b.computedEntriesCrc),
                                 .message = "backup GPT partition array differs from the primary's", .severity = {}});
}

void checkApm(const ImageAnalysis& a, FindingSink& out) {
  if (!a.systemArea.apm) return;
  const auto& m = *a.systemArea.apm;
  if (m.blockSize != 2048)
    out.add(kApm, at(2), {.expected = 2048, .actual = m.blockSize, .message = "Apple driver descriptor block size is not 2048", .severity = {}});
  const uint32_t declared = m.entries.empty() ? 0 : m.entries.front().mapEntries;
  if (declared > m.entries.size())
    out.add(kApm, at(2048), {.expected = declared, .actual = m.entries.size(),
                             .message = "Apple partition map declares more entries than it holds", .severity = {}});
  for (const auto& e : m.entries) {
    const uint64_t entryOffset = uint64_t{e.index} * 2048;
    if (e.mapEntries != declared)
      out.add(kApm, at(entryOffset), {.expected = declared, .actual = e.mapEntries,
                                      .message = fmt::format("Apple partition map entry {}: map entry count differs", e.index), .severity = {}});
    const uint64_t end = (uint64_t{e.startBlock} + e.blockCount) * (m.blockSize == 0 ? 2048 : m.blockSize);
    if (end > a.sizeBytes)
      out.add(kApm, at(entryOffset), {.expected = fmt::format("end <= 0x{:x}", a.sizeBytes), .actual = fmt::format("0x{:x}", end),
                                      .message = fmt::format("Apple partition {} ('{}') ends past the image end", e.index,
                                                             printable(e.type)), .severity = {}});
  }
}

} // namespace

void addHybridRules(RuleRegistry& registry) {
  registry.add(kMbr, checkMbr);
  registry.add(kIsohybrid, checkIsohybrid);
  registry.add(kGpt, checkGpt);
  registry.add(kApm, checkApm);
}

} // namespace dv::rules
