// UdfRules: UDF-001 ... UDF-006 (extensions.md 7.4) over the UDF recognition facts.
#include <fmt/format.h>

#include "core/Text.h"
#include "rules/ExtensionRules.h"

namespace dv::rules {
namespace {

using analyzer::ImageAnalysis;
using analyzer::UdfTag;

constexpr RuleInfo kVrs{.id = "UDF-001", .severity = Severity::Error, .clause = "ECMA-167 2/8",
                        .summary = "volume recognition sequence is malformed"};
constexpr RuleInfo kAnchors{.id = "UDF-002", .severity = Severity::Error, .clause = "ECMA-167 3/8.4.2",
                            .summary = "anchor volume descriptor pointers are missing or disagree"};
constexpr RuleInfo kTagChecksum{.id = "UDF-003", .severity = Severity::Error, .clause = "ECMA-167 3/7.2",
                                .summary = "descriptor tag checksum, reserved byte or identifier is wrong"};
constexpr RuleInfo kTagCrc{.id = "UDF-004", .severity = Severity::Error, .clause = "ECMA-167 3/7.2",
                           .summary = "descriptor CRC is wrong or its length exceeds the descriptor"};
constexpr RuleInfo kTagLocation{.id = "UDF-005", .severity = Severity::Warning, .clause = "ECMA-167 3/7.2",
                                .summary = "descriptor tag location or version does not match"};
constexpr RuleInfo kVds{.id = "UDF-006", .severity = Severity::Warning, .clause = "ECMA-167 3/10.2",
                        .summary = "volume descriptor sequence extents are invalid"};

constexpr uint16_t kTagAnchor = 2;

Location at(uint64_t lba) { return {.lba = lba, .offset = lba * 2048, .path = {}}; }

/// Calls f(lba, tag, what) for every tag read: the anchors, then the main sequence.
template <typename F> void forEachTag(const ImageAnalysis& a, F f) {
  for (const auto& an : a.udf.anchors)
    if (!an.tag.allZero) f(an.lba, an.tag, "anchor at " + an.place);
  for (const auto& d : a.udf.mainVds) f(d.lba, d.tag, fmt::format("descriptor (tag {})", d.tag.identifier));
}

void checkVrs(const ImageAnalysis& a, FindingSink& out) {
  const auto& u = a.udf;
  if (!u.extendedArea && !u.hasUdf()) return;
  int bea = -1, nsr = -1, tea = -1;
  for (size_t i = 0; i < u.vrs.size(); ++i) {
    const auto& d = u.vrs[i];
    const bool udfPart = d.identifier == "BEA01" || d.identifier == "NSR02" || d.identifier == "NSR03" || d.identifier == "TEA01";
    if (udfPart && (d.structureType != 0 || d.structureVersion != 1))
      out.add(kVrs, at(d.lba), {.expected = "type 0, version 1",
                                .actual = fmt::format("type {}, version {}", d.structureType, d.structureVersion),
                                .message = d.identifier + " descriptor has a wrong structure type or version", .severity = {}});
    if (d.identifier == "BEA01" && bea < 0) bea = static_cast<int>(i);
    if ((d.identifier == "NSR02" || d.identifier == "NSR03") && nsr < 0) nsr = static_cast<int>(i);
    if (d.identifier == "TEA01" && tea < 0) tea = static_cast<int>(i);
  }
  const uint64_t where = u.vrs.empty() ? 16 : u.vrs.back().lba;
  if (nsr >= 0 && (bea < 0 || bea > nsr))
    out.add(kVrs, at(where), {.expected = "BEA01 before NSR", .actual = "missing", .message = "NSR descriptor without a preceding BEA01", .severity = {}});
  if (nsr >= 0 && (tea < 0 || tea < nsr))
    out.add(kVrs, at(where), {.expected = "TEA01 after NSR", .actual = "missing", .message = "NSR descriptor without a following TEA01", .severity = {}});
  if (bea >= 0 && nsr < 0)
    out.add(kVrs, at(where), {.expected = "NSR02 or NSR03", .actual = "missing", .message = "extended area without an NSR descriptor", .severity = {}});
}

void checkAnchors(const ImageAnalysis& a, FindingSink& out) {
  const auto& u = a.udf;
  if (!u.hasUdf()) return;
  const analyzer::UdfAnchor* first = nullptr;
  size_t valid = 0;
  for (const auto& an : u.anchors) {
    if (an.tag.identifier != kTagAnchor) continue;
    ++valid;
    if (an.place == "256") first = &an;
  }
  if (!first)
    out.add(kAnchors, at(256), {.expected = "anchor (tag 2) at sector 256", .actual = "missing",
                                .message = "no anchor volume descriptor pointer at sector 256", .severity = {}});
  if (valid < 2)
    out.add(kAnchors, at(u.lastSector), {.expected = "anchor at N-256 or N", .actual = "missing",
                                         .message = fmt::format("no second anchor at sector {} or {}",
                                                                u.lastSector >= 256 ? u.lastSector - 256 : 0, u.lastSector),
                                         .severity = Severity::Warning});
  for (const auto& an : u.anchors) {
    if (an.tag.identifier != kTagAnchor || !first || &an == first) continue;
    if (an.mainLocation != first->mainLocation || an.mainLength != first->mainLength ||
        an.reserveLocation != first->reserveLocation || an.reserveLength != first->reserveLength)
      out.add(kAnchors, at(an.lba), {.expected = fmt::format("main {}+{}, reserve {}+{}", first->mainLocation, first->mainLength,
                                                             first->reserveLocation, first->reserveLength),
                                     .actual = fmt::format("main {}+{}, reserve {}+{}", an.mainLocation, an.mainLength,
                                                           an.reserveLocation, an.reserveLength),
                                     .message = "anchor at " + an.place + " disagrees with the anchor at 256", .severity = {}});
  }
}

void checkTagChecksum(const ImageAnalysis& a, FindingSink& out) {
  if (!a.udf.hasUdf()) return;
  for (const auto& an : a.udf.anchors)
    if (an.place == "256" && an.tag.identifier != kTagAnchor && !an.tag.allZero)
      out.add(kTagChecksum, at(an.lba), {.expected = kTagAnchor, .actual = an.tag.identifier,
                                         .message = "sector 256 holds a descriptor that is not an anchor", .severity = {}});
  forEachTag(a, [&](uint64_t lba, const UdfTag& t, const std::string& what) {
    if (t.checksum != t.computedChecksum)
      out.add(kTagChecksum, at(lba), {.expected = "0x" + hex(t.computedChecksum), .actual = "0x" + hex(t.checksum),
                                      .message = what + ": tag checksum is wrong", .severity = {}});
    if (t.reserved != 0)
      out.add(kTagChecksum, at(lba), {.expected = 0, .actual = t.reserved, .message = what + ": reserved tag byte is not zero", .severity = {}});
  });
}

void checkTagCrc(const ImageAnalysis& a, FindingSink& out) {
  if (!a.udf.hasUdf()) return;
  forEachTag(a, [&](uint64_t lba, const UdfTag& t, const std::string& what) {
    if (!t.crcLengthFits)
      out.add(kTagCrc, at(lba), {.expected = "<= descriptor size - 16", .actual = t.crcLength,
                                 .message = what + ": CRC length exceeds the descriptor", .severity = {}});
    else if (t.crc != t.computedCrc)
      out.add(kTagCrc, at(lba), {.expected = "0x" + hex(t.computedCrc), .actual = "0x" + hex(t.crc),
                                 .message = what + ": descriptor CRC is wrong", .severity = {}});
  });
}

void checkTagLocation(const ImageAnalysis& a, FindingSink& out) {
  if (!a.udf.hasUdf()) return;
  const unsigned version = a.udf.nsrVersion;
  forEachTag(a, [&](uint64_t lba, const UdfTag& t, const std::string& what) {
    if (t.location != lba)
      out.add(kTagLocation, at(lba), {.expected = lba, .actual = t.location, .message = what + ": tag location is not its sector", .severity = {}});
    if (t.descriptorVersion != version)
      out.add(kTagLocation, at(lba), {.expected = version, .actual = t.descriptorVersion,
                                      .message = fmt::format("{}: descriptor version differs from NSR0{}", what, version), .severity = {}});
  });
}

void checkVds(const ImageAnalysis& a, FindingSink& out) {
  const auto& u = a.udf;
  if (!u.hasUdf()) return;
  const analyzer::UdfAnchor* anchor = nullptr;
  for (const auto& an : u.anchors)
    if (!anchor && an.tag.identifier == kTagAnchor) anchor = &an;
  if (anchor) {
    const uint64_t imageSectors = a.sizeBytes / 2048;
    auto check = [&](const char* which, uint32_t location, uint32_t length) {
      const uint64_t sectors = (uint64_t{length} + 2047) / 2048;
      if (uint64_t{location} + sectors > imageSectors)
        out.add(kVds, at(anchor->lba), {.expected = fmt::format("end <= {}", imageSectors), .actual = uint64_t{location} + sectors,
                                        .message = fmt::format("{} volume descriptor sequence ends past the image", which), .severity = {}});
      if (length < 16 * 2048)
        out.add(kVds, at(anchor->lba), {.expected = ">= 16 sectors", .actual = fmt::format("{} bytes", length),
                                        .message = fmt::format("{} volume descriptor sequence is shorter than 16 sectors", which), .severity = {}});
    };
    check("main", anchor->mainLocation, anchor->mainLength);
    check("reserve", anchor->reserveLocation, anchor->reserveLength);
    const ByteRange main{anchor->mainLocation, (uint64_t{anchor->mainLength} + 2047) / 2048};
    const ByteRange reserve{anchor->reserveLocation, (uint64_t{anchor->reserveLength} + 2047) / 2048};
    if (main.overlaps(reserve))
      out.add(kVds, at(anchor->lba), {.expected = "disjoint", .actual = "overlapping",
                                      .message = "main and reserve volume descriptor sequences overlap", .severity = {}});
  }
  // The revision and the bridge/pure kind are reported with the volume (report/ExtensionSections).
}

} // namespace

void addUdfRules(RuleRegistry& registry) {
  registry.add(kVrs, checkVrs);
  registry.add(kAnchors, checkAnchors);
  registry.add(kTagChecksum, checkTagChecksum);
  registry.add(kTagCrc, checkTagCrc);
  registry.add(kTagLocation, checkTagLocation);
  registry.add(kVds, checkVds);
}

} // namespace dv::rules
