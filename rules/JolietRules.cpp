// JolietRules: JOLIET-001 ... JOLIET-005 (extensions.md 1.4), with the comparison of the primary
// and Joliet trees.
#include <fmt/format.h>

#include <map>
#include <set>

#include "core/Text.h"
#include "rules/ExtensionRules.h"

namespace dv::rules {
namespace {

using analyzer::ImageAnalysis;
using analyzer::JolietNameDefect;
using analyzer::JolietVolume;

constexpr RuleInfo kDescriptor{.id = "JOLIET-001", .severity = Severity::Warning, .clause = "Joliet, SVD escape sequences",
                               .summary = "Joliet descriptor escape sequences, flags or versions are not as specified"};
constexpr RuleInfo kTextFields{.id = "JOLIET-002", .severity = Severity::Warning, .clause = "Joliet, wide-character rules",
                               .summary = "Joliet descriptor text field is not UCS-2BE padded with 00 20"};
constexpr RuleInfo kIdentifiers{.id = "JOLIET-003", .severity = Severity::Error, .clause = "Joliet, identifiers",
                                .summary = "Joliet identifier has an odd length or a forbidden code unit"};
constexpr RuleInfo kNameLength{.id = "JOLIET-004", .severity = Severity::Warning, .clause = "Joliet, relaxation",
                               .summary = "Joliet name longer than 64 characters"};
constexpr RuleInfo kPaths{.id = "JOLIET-005", .severity = Severity::Warning, .clause = "libisofs limit, tree comparison",
                          .summary = "Joliet path too long, or the Joliet and primary trees differ"};

Location at(uint64_t lba, std::string path = {}) { return {.lba = lba, .offset = lba * 2048, .path = std::move(path)}; }
Location atOffset(uint64_t offset, std::string path) { return {.lba = offset / 2048, .offset = offset, .path = std::move(path)}; }

void checkDescriptor(const ImageAnalysis& a, FindingSink& out) {
  for (const JolietVolume& j : a.joliet) {
    if (!j.escapeTailZero)
      out.add(kDescriptor, at(j.descriptorSector), {.expected = "29 bytes 00 after the escape sequence", .actual = "non-zero",
                                                    .message = "Joliet escape sequences field has bytes after its sequence", .severity = {}});
    if (j.volumeFlags != 0)
      out.add(kDescriptor, at(j.descriptorSector), {.expected = 0, .actual = j.volumeFlags, .message = "Joliet volume flags are not 0", .severity = {}});
    if (j.descriptorVersion != 1 || j.fileStructureVersion != 1)
      out.add(kDescriptor, at(j.descriptorSector), {.expected = "version 1, file structure version 1",
                                                    .actual = fmt::format("{}, {}", j.descriptorVersion, j.fileStructureVersion),
                                                    .message = "Joliet descriptor or file structure version is not 1", .severity = {}});
  }
}

void checkTextFields(const ImageAnalysis& a, FindingSink& out) {
  for (const JolietVolume& j : a.joliet)
    for (const std::string& field : j.badTextFields)
      out.add(kTextFields, at(j.descriptorSector), {.expected = "UCS-2BE, padded with 00 20", .actual = "other bytes",
                                                    .message = "Joliet " + field + " is not UCS-2BE padded with 00 20", .severity = {}});
}

void checkIdentifiers(const ImageAnalysis& a, FindingSink& out) {
  for (const JolietVolume& j : a.joliet)
    for (const JolietNameDefect& d : j.nameDefects) {
      switch (d.kind) {
      case JolietNameDefect::Kind::OddLength:
        out.add(kIdentifiers, atOffset(d.offset, d.path), {.expected = "even LEN_FI", .actual = "odd",
                                                           .message = "Joliet identifier has an odd length", .severity = {}});
        break;
      case JolietNameDefect::Kind::ForbiddenCodeUnit:
        out.add(kIdentifiers, atOffset(d.offset, d.path),
                {.expected = "no control, * / : ; ? \\", .actual = fmt::format("U+{:04X}", d.codeUnit),
                 .message = fmt::format("Joliet name contains the forbidden code unit U+{:04X}", d.codeUnit), .severity = Severity::Warning});
        break;
      case JolietNameDefect::Kind::UnpairedSurrogate:
        out.add(kIdentifiers, atOffset(d.offset, d.path),
                {.expected = "UCS-2 characters", .actual = fmt::format("U+{:04X}", d.codeUnit),
                 .message = fmt::format("Joliet name contains the unpaired surrogate U+{:04X}", d.codeUnit), .severity = Severity::Warning});
        break;
      }
    }
}

void checkNameLength(const ImageAnalysis& a, FindingSink& out) {
  for (const JolietVolume& j : a.joliet)
    for (const auto& [i, chars] : j.longNames) {
      const auto& r = j.tree.records[i];
      out.add(kNameLength, atOffset(r.offset, r.path),
              {.expected = "<= 64 characters", .actual = chars,
               .message = chars <= 103 ? "Joliet name longer than 64 characters (long Joliet, readable by most systems)"
                                       : "Joliet name longer than 103 characters, past even the long-Joliet relaxation", .severity = {}});
    }
}

void checkPathsAndTrees(const ImageAnalysis& a, FindingSink& out) {
  for (const JolietVolume& j : a.joliet) {
    for (uint32_t i : j.longPaths) {
      const auto& r = j.tree.records[i];
      out.add(kPaths, atOffset(r.offset, r.path), {.expected = "<= 240 bytes", .actual = r.path.size(),
                                                   .message = "Joliet path longer than 240 bytes", .severity = {}});
    }
    if (!a.iso.found || !j.tree.walked) continue;
    // Three views, one truth: the files of the primary tree (named by Rock Ridge where present) and
    // of the Joliet tree are matched by their first extent and size.
    const auto& primary = a.iso.tree;
    auto primaryPath = [&](size_t i) {
      return i < a.rockRidge.filePaths.size() && !a.rockRidge.filePaths[i].empty() ? a.rockRidge.filePaths[i] : primary.files[i].path;
    };
    auto keyOf = [](const auto& f) { return std::make_pair(f.runs.empty() ? uint64_t{0} : f.runs.front().lba, f.size); };
    std::multimap<std::pair<uint64_t, uint64_t>, size_t> primaryByKey;
    std::multimap<uint64_t, size_t> primaryByLba;
    auto placeholder = [&](size_t i) {
      if (primary.files[i].sections.empty()) return true;
      const auto* facts = a.rockRidge.facts(primary.files[i].sections.front());
      return facts && facts->childLink; // a relocation placeholder: the directory is elsewhere
    };
    for (size_t i = 0; i < primary.files.size(); ++i) {
      if (placeholder(i)) continue;
      primaryByKey.emplace(keyOf(primary.files[i]), i);
      primaryByLba.emplace(keyOf(primary.files[i]).first, i);
    }
    std::vector<bool> matched(primary.files.size(), false);
    for (const auto& jf : j.tree.files) {
      const auto key = keyOf(jf);
      auto range = primaryByKey.equal_range(key);
      bool found = false;
      for (auto it = range.first; it != range.second; ++it)
        if (!matched[it->second]) {
          matched[it->second] = true;
          found = true;
          break;
        }
      if (found) continue;
      if (auto same = primaryByLba.find(key.first); same != primaryByLba.end() && key.second != 0) {
        const auto& pf = primary.files[same->second];
        matched[same->second] = true;
        out.add(kPaths, {.lba = key.first, .offset = std::nullopt, .path = jf.path},
                {.expected = fmt::format("{} bytes ({})", pf.size, primaryPath(same->second)), .actual = fmt::format("{} bytes", jf.size),
                 .message = fmt::format("Joliet {} and primary {} share extent {} but differ in size", jf.path,
                                        primaryPath(same->second), key.first), .severity = {}});
        continue;
      }
      out.add(kPaths, {.lba = key.first, .offset = std::nullopt, .path = jf.path},
              {.expected = "a primary file at the same extent", .actual = "none",
               .message = "file in the Joliet tree only: " + jf.path, .severity = Severity::Info});
    }
    for (size_t i = 0; i < primary.files.size(); ++i) {
      if (matched[i] || placeholder(i)) continue;
      out.add(kPaths, {.lba = keyOf(primary.files[i]).first, .offset = std::nullopt, .path = primaryPath(i)},
              {.expected = "a Joliet file at the same extent", .actual = "none",
               .message = "file in the primary tree only: " + primaryPath(i), .severity = Severity::Info});
    }
  }
}

} // namespace

void addJolietRules(RuleRegistry& registry) {
  registry.add(kDescriptor, checkDescriptor);
  registry.add(kTextFields, checkTextFields);
  registry.add(kIdentifiers, checkIdentifiers);
  registry.add(kNameLength, checkNameLength);
  registry.add(kPaths, checkPathsAndTrees);
}

} // namespace dv::rules
