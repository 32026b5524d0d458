// RockRidgeRules: SUSP-001 ... SUSP-005, RRIP-001 ... RRIP-006 and ZF-001 ... ZF-002
// (extensions.md sections 2.4, 3.3, 4) over the Rock Ridge facts of the primary tree.
#include <fmt/format.h>

#include <map>
#include <set>

#include "core/Text.h"
#include "rules/ExtensionRules.h"

namespace dv::rules {
namespace {

using analyzer::ImageAnalysis;
using analyzer::SuspDefect;
using analyzer::SystemUseFacts;
using Kind = SuspDefect::Kind;

constexpr RuleInfo kSp{.id = "SUSP-001", .severity = Severity::Error, .clause = "IEEE P1281 SP",
                       .summary = "SUSP entries without a valid SP in the root, or SP elsewhere"};
constexpr RuleInfo kHeader{.id = "SUSP-002", .severity = Severity::Error, .clause = "IEEE P1281 entry header",
                           .summary = "system use entry too short, past its area or of another version"};
constexpr RuleInfo kCe{.id = "SUSP-003", .severity = Severity::Error, .clause = "IEEE P1281 CE",
                       .summary = "continuation entry malformed or pointing outside the volume"};
constexpr RuleInfo kCeChain{.id = "SUSP-004", .severity = Severity::Error, .clause = "IEEE P1281 CE",
                            .summary = "continuation chain loops or does not end"};
constexpr RuleInfo kEr{.id = "SUSP-005", .severity = Severity::Warning, .clause = "IEEE P1281 ER/ES",
                       .summary = "extension reference lengths or sequence numbers are inconsistent"};
constexpr RuleInfo kRrip{.id = "RRIP-001", .severity = Severity::Warning, .clause = "IEEE P1282 ER",
                         .summary = "Rock Ridge extension reference missing, repeated or of another version"};
constexpr RuleInfo kFormats{.id = "RRIP-002", .severity = Severity::Error, .clause = "IEEE P1282 entry formats",
                            .summary = "Rock Ridge entry length wrong or both-byte halves disagree"};
constexpr RuleInfo kPx{.id = "RRIP-003", .severity = Severity::Error, .clause = "IEEE P1282 PX",
                       .summary = "record without PX, or PX file type contradicting the directory flag"};
constexpr RuleInfo kNm{.id = "RRIP-004", .severity = Severity::Warning, .clause = "IEEE P1282 NM",
                       .summary = "Rock Ridge name empty, too long, with / or NUL, or repeated in its directory"};
constexpr RuleInfo kSl{.id = "RRIP-005", .severity = Severity::Warning, .clause = "IEEE P1282 SL, PN",
                       .summary = "SL or PN on a record of another file type, or SL components that do not fit"};
constexpr RuleInfo kRelocation{.id = "RRIP-006", .severity = Severity::Error, .clause = "IEEE P1282 CL/PL/RE",
                               .summary = "deep-directory relocation links are inconsistent"};
constexpr RuleInfo kZfEntry{.id = "ZF-001", .severity = Severity::Error, .clause = "zisofs ZF",
                            .summary = "ZF entry malformed or on a file of several extents"};
constexpr RuleInfo kZfData{.id = "ZF-002", .severity = Severity::Error, .clause = "zisofs file format",
                           .summary = "zisofs file header or block pointers are inconsistent"};

constexpr uint32_t kTypeMask = 0170000, kDirectory = 0040000, kSymlink = 0120000, kBlock = 0060000, kChar = 0020000;

Location atOffset(uint64_t offset, const std::string& path) { return {.lba = offset / 2048, .offset = offset, .path = path}; }

const analyzer::iso9660::RecordEntry& recordOf(const ImageAnalysis& a, uint32_t i) { return a.iso.tree.records[i]; }

void forDefects(const ImageAnalysis& a, std::initializer_list<Kind> kinds, const RuleInfo& rule, FindingSink& out,
                std::optional<Severity> severity = std::nullopt) {
  for (const auto& [i, f] : a.rockRidge.records)
    for (const SuspDefect& d : f.suspDefects)
      if (std::find(kinds.begin(), kinds.end(), d.kind) != kinds.end())
        out.add(rule, atOffset(d.offset, recordOf(a, i).path), {.expected = {}, .actual = {}, .message = d.detail, .severity = severity});
}

void checkSp(const ImageAnalysis& a, FindingSink& out) {
  const auto& rr = a.rockRidge;
  if (!rr.anyEntries) return;
  if (!rr.spAtRoot && !a.iso.tree.records.empty())
    out.add(kSp, atOffset(a.iso.tree.records.front().offset, "/"),
            {.expected = "SP (BE EF) first in the root \".\" record", .actual = "missing",
             .message = "system use entries are present but the root \".\" record has no SP", .severity = {}});
  forDefects(a, {Kind::SpMalformed}, kSp, out);
  forDefects(a, {Kind::SpMisplaced}, kSp, out, Severity::Warning);
}

void checkHeader(const ImageAnalysis& a, FindingSink& out) { forDefects(a, {Kind::ShortEntry, Kind::Overrun, Kind::Version}, kHeader, out); }
void checkCe(const ImageAnalysis& a, FindingSink& out) {
  forDefects(a, {Kind::CeLength, Kind::CeBothEndian, Kind::CeOutside, Kind::CeCrossesBlock, Kind::CeTwice}, kCe, out);
}
void checkCeChain(const ImageAnalysis& a, FindingSink& out) { forDefects(a, {Kind::CeLoop, Kind::CeHopLimit}, kCeChain, out); }

void checkEr(const ImageAnalysis& a, FindingSink& out) {
  const auto& rr = a.rockRidge;
  for (const auto& [i, f] : rr.records) {
    for (const auto& er : f.extensions)
      if (size_t{8} + er.lenId + er.lenDes + er.lenSrc != er.length)
        out.add(kEr, atOffset(recordOf(a, i).offset, recordOf(a, i).path),
                {.expected = size_t{8} + er.lenId + er.lenDes + er.lenSrc, .actual = er.length,
                 .message = fmt::format("ER '{}': 8 + LEN_ID + LEN_DES + LEN_SRC differs from its length", printable(er.identifier)), .severity = {}});
    for (uint8_t seq : f.extensionSequences)
      if (seq >= rr.rootExtensions.size())
        out.add(kEr, atOffset(recordOf(a, i).offset, recordOf(a, i).path),
                {.expected = fmt::format("< {}", rr.rootExtensions.size()), .actual = seq,
                 .message = fmt::format("ES names extension {} but the root has {} ER entries", seq, rr.rootExtensions.size()), .severity = {}});
  }
}

void checkRrip(const ImageAnalysis& a, FindingSink& out) {
  const auto& rr = a.rockRidge;
  if (!rr.present() || a.iso.tree.records.empty()) return;
  const Location root = atOffset(a.iso.tree.records.front().offset, "/");
  size_t recognised = 0;
  for (const auto& er : rr.rootExtensions) {
    if (!analyzer::isRockRidgeIdentifier(er.identifier)) continue;
    ++recognised;
    if (er.extVersion != 1)
      out.add(kRrip, root, {.expected = 1, .actual = er.extVersion, .message = "Rock Ridge ER has EXT_VER " + std::to_string(er.extVersion), .severity = {}});
  }
  if (recognised == 0)
    out.add(kRrip, root, {.expected = "ER RRIP_1991A, IEEE_P1282 or IEEE_1282", .actual = "none",
                          .message = "Rock Ridge entries without a Rock Ridge ER in the root", .severity = {}});
  if (recognised > 1)
    out.add(kRrip, root, {.expected = 1, .actual = recognised, .message = "more than one Rock Ridge ER in the root", .severity = {}});
  // The inferred version is reported with the volume; only a mixture of PX forms is worth a note.
  bool px36 = false, px44 = false;
  for (const auto& [i, f] : rr.records)
    if (f.px) (f.px->length == 44 ? px44 : px36) = true;
  if (px36 && px44)
    out.add(kRrip, root, {.expected = "one PX form", .actual = "36 and 44 bytes",
                          .message = fmt::format("PX entries of both 36 and 44 bytes (Rock Ridge {} inferred)", rr.version),
                          .severity = Severity::Info});
}

void checkFormats(const ImageAnalysis& a, FindingSink& out) {
  for (const auto& [i, f] : a.rockRidge.records)
    for (const auto& d : f.rripDefects) out.add(kFormats, atOffset(d.offset, recordOf(a, i).path), {.expected = {}, .actual = {}, .message = d.detail, .severity = {}});
}

void checkPx(const ImageAnalysis& a, FindingSink& out) {
  const auto& rr = a.rockRidge;
  if (!rr.present()) return;
  const auto& records = a.iso.tree.records;
  for (uint32_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    const SystemUseFacts* f = rr.facts(i);
    if (!f || !f->px) {
      out.add(kPx, atOffset(r.offset, r.path), {.expected = "PX", .actual = "missing", .message = "record without PX",
                                                .severity = Severity::Warning});
      continue;
    }
    const uint32_t type = f->px->mode.value() & kTypeMask;
    const bool dirFlag = r.record.isDirectory();
    // genisoimage writes the ".." records below its rr_moved directory with PX mode 0: no type at
    // all rather than a wrong one. Tolerated as a warning on "." and "..".
    const bool dotWithoutType = (r.record.isSelf() || r.record.isParent()) && type == 0;
    if (dirFlag && type != kDirectory)
      out.add(kPx, atOffset(r.offset, r.path), {.expected = "040000", .actual = fmt::format("{:06o}", type),
                                                .message = "directory record whose PX type is not a directory",
                                                .severity = dotWithoutType ? std::optional<Severity>(Severity::Warning) : std::nullopt});
    if (!dirFlag && type == kDirectory && !f->childLink)
      out.add(kPx, atOffset(r.offset, r.path), {.expected = "not 040000", .actual = "040000",
                                                .message = "file record whose PX type is a directory", .severity = {}});
  }
}

void checkNm(const ImageAnalysis& a, FindingSink& out) {
  const auto& rr = a.rockRidge;
  if (!rr.present()) return;
  for (const auto& [i, f] : rr.records) {
    const auto& r = recordOf(a, i);
    const bool dot = r.record.isSelf() || r.record.isParent();
    if (f.nmEntries > 0) {
      const std::string& name = f.alternateName ? *f.alternateName : std::string();
      if (f.nmEmptyEntry || (name.empty() && (f.nmFlags & 0x06) == 0))
        out.add(kNm, atOffset(r.offset, r.path), {.expected = "a name", .actual = "empty", .message = "NM entry with an empty name", .severity = {}});
      if (name.size() > 255)
        out.add(kNm, atOffset(r.offset, r.path), {.expected = "<= 255 bytes", .actual = name.size(), .message = "Rock Ridge name longer than 255 bytes", .severity = {}});
      if (name.find('/') != std::string::npos || name.find('\0') != std::string::npos)
        out.add(kNm, atOffset(r.offset, r.path), {.expected = "no / or NUL", .actual = printable(name),
                                                  .message = "Rock Ridge name contains / or NUL", .severity = {}});
      if ((f.nmFlags & 0x06) != 0 && !dot)
        out.add(kNm, atOffset(r.offset, r.path), {.expected = "CURRENT/PARENT only on . and ..", .actual = hex(f.nmFlags),
                                                  .message = "NM CURRENT or PARENT flag on an ordinary record", .severity = {}});
    }
  }
  // Names are unique per directory; the sections of one multi-extent file share theirs.
  for (const auto& dir : a.iso.tree.directories) {
    std::set<std::string> names;
    bool continues = false;
    for (uint32_t i : dir.records) {
      const auto& r = recordOf(a, i);
      const bool section = continues;
      continues = r.record.isMultiExtent();
      if (section || r.record.isSelf() || r.record.isParent()) continue;
      const SystemUseFacts* f = rr.facts(i);
      if (f && f->relocated) continue;
      const std::string name = analyzer::rockRidgeName(r, f);
      if (!names.insert(name).second)
        out.add(kNm, atOffset(r.offset, r.path), {.expected = "unique", .actual = printable(name),
                                                  .message = "Rock Ridge name '" + printable(name) + "' occurs twice in its directory", .severity = {}});
    }
  }
}

void checkSl(const ImageAnalysis& a, FindingSink& out) {
  for (const auto& [i, f] : a.rockRidge.records) {
    const auto& r = recordOf(a, i);
    const auto type = f.fileType();
    if (f.symlinkTarget && type && *type != kSymlink)
      out.add(kSl, atOffset(r.offset, r.path), {.expected = "symbolic link (120000)", .actual = fmt::format("{:06o}", *type),
                                                .message = "SL on a record that is not a symbolic link", .severity = {}});
    if (f.symlinkMalformed)
      out.add(kSl, atOffset(r.offset, r.path), {.expected = "component records that fit", .actual = "overrun",
                                                .message = "SL component records do not fit their entry", .severity = {}});
    if (f.pn && type && *type != kBlock && *type != kChar)
      out.add(kSl, atOffset(r.offset, r.path), {.expected = "block or character device", .actual = fmt::format("{:06o}", *type),
                                                .message = "PN on a record that is not a device", .severity = {}});
  }
}

void checkRelocation(const ImageAnalysis& a, FindingSink& out) {
  const auto& rr = a.rockRidge;
  if (!rr.present()) return;
  const auto& tree = a.iso.tree;
  std::map<uint32_t, uint32_t> dirByExtent;
  for (uint32_t d = 0; d < tree.directories.size(); ++d) dirByExtent.emplace(tree.directories[d].extent, d);
  for (const auto& [i, f] : rr.records) {
    if (!f.childLink) continue;
    const auto& r = recordOf(a, i);
    const uint32_t target = *f.childLink;
    const uint32_t here = tree.directories[r.directory].extent;
    const Location where = atOffset(r.offset, r.path);
    if (target == here) {
      out.add(kRelocation, where, {.expected = "another directory", .actual = target, .message = "CL points to its own directory", .severity = {}});
      continue;
    }
    auto it = dirByExtent.find(target);
    if (it == dirByExtent.end()) {
      out.add(kRelocation, where, {.expected = "a directory extent", .actual = target,
                                   .message = fmt::format("CL points to block {}, which holds no directory of the tree", target), .severity = {}});
      continue;
    }
    const auto& dir = tree.directories[it->second];
    const SystemUseFacts* named = dir.record ? rr.facts(*dir.record) : nullptr;
    if (!named || !named->relocated)
      out.add(kRelocation, where, {.expected = "RE on the relocated directory", .actual = "missing",
                                   .message = "the directory CL points to is not marked RE", .severity = {}});
    if (dir.records.size() >= 2) {
      const SystemUseFacts* dotdot = rr.facts(dir.records[1]);
      if (!dotdot || !dotdot->parentLink || *dotdot->parentLink != here)
        out.add(kRelocation, where, {.expected = fmt::format("PL {}", here),
                                     .actual = dotdot && dotdot->parentLink ? std::to_string(*dotdot->parentLink) : std::string("none"),
                                     .message = "the relocated directory's \"..\" does not carry PL back to the CL's directory", .severity = {}});
    }
    const SystemUseFacts* parentFacts = tree.directories[r.directory].record ? rr.facts(*tree.directories[r.directory].record) : nullptr;
    if (parentFacts && parentFacts->relocated && named && named->relocated && dir.parent == tree.directories[r.directory].parent)
      out.add(kRelocation, where, {.expected = "no relocation inside a relocated directory", .actual = "nested",
                                   .message = "a relocated directory relocates again", .severity = {}});
  }
}

void checkZfEntry(const ImageAnalysis& a, FindingSink& out) {
  const auto& tree = a.iso.tree;
  for (const auto& [i, f] : a.rockRidge.records) {
    if (!f.zf) continue;
    const auto& z = *f.zf;
    const auto& r = recordOf(a, i);
    if (z.length != 16 || z.version != 1 || z.algorithm != "pz" || z.headerSizeDiv4 != 4 || z.log2BlockSize < 15 || z.log2BlockSize > 17)
      out.add(kZfEntry, atOffset(r.offset, r.path),
              {.expected = "length 16, version 1, pz, 4, 15-17",
               .actual = fmt::format("length {}, version {}, {}, {}, {}", z.length, z.version, printable(z.algorithm), z.headerSizeDiv4, z.log2BlockSize),
               .message = "ZF entry fields are not those of zisofs", .severity = {}});
    if (!z.uncompressedSize.consistent())
      out.add(kZfEntry, atOffset(r.offset, r.path), {.expected = z.uncompressedSize.le, .actual = z.uncompressedSize.be,
                                                     .message = "ZF uncompressed size halves disagree", .severity = {}});
  }
  for (const auto& h : a.rockRidge.zisofs)
    if (tree.files[h.file].sections.size() > 1)
      out.add(kZfEntry, {.lba = std::nullopt, .offset = std::nullopt, .path = tree.files[h.file].path},
              {.expected = "one extent", .actual = tree.files[h.file].sections.size(), .message = "zisofs file of several extents", .severity = {}});
}

void checkZfData(const ImageAnalysis& a, FindingSink& out) {
  const auto& tree = a.iso.tree;
  for (const auto& h : a.rockRidge.zisofs) {
    const auto& file = tree.files[h.file];
    const Location where{.lba = file.runs.empty() ? std::nullopt : std::optional<uint64_t>(file.runs.front().lba), .offset = std::nullopt, .path = file.path};
    const SystemUseFacts* f = a.rockRidge.facts(file.sections.front());
    if (!h.readable || !h.magic) {
      out.add(kZfData, where, {.expected = "37 e4 53 96 c9 db d6 07", .actual = h.readable ? "other bytes" : "unreadable",
                               .message = "zisofs file does not start with the zisofs magic", .severity = {}});
      continue;
    }
    if (f && f->zf && (h.uncompressedSize != f->zf->uncompressedSize.value() || h.log2BlockSize != f->zf->log2BlockSize ||
                       h.headerSizeDiv4 != f->zf->headerSizeDiv4))
      out.add(kZfData, where, {.expected = fmt::format("size {}, log2 {}", f->zf->uncompressedSize.value(), f->zf->log2BlockSize),
                               .actual = fmt::format("size {}, log2 {}", h.uncompressedSize, h.log2BlockSize),
                               .message = "zisofs file header differs from its ZF entry", .severity = {}});
    if (h.pointersRead) {
      const uint64_t first = 16 + 4 * h.pointerCount;
      if (h.firstPointer != first || !h.monotonic || h.lastPointer > file.size)
        out.add(kZfData, where, {.expected = fmt::format("first {}, increasing, last <= {}", first, file.size),
                                 .actual = fmt::format("first {}, last {}{}", h.firstPointer, h.lastPointer, h.monotonic ? "" : ", decreasing"),
                                 .message = "zisofs block pointer table is inconsistent", .severity = {}});
    }
    if (h.badBlocks > 0)
      out.add(kZfData, where, {.expected = "every block inflates to its size",
                               .actual = fmt::format("{} of {} blocks fail; block {}: {}", h.badBlocks, h.blocksChecked,
                                                     h.firstBadBlock.value_or(0), h.firstBadReason),
                               .message = "zisofs blocks do not inflate to their size", .severity = {}});
  }
}

} // namespace

void addRockRidgeRules(RuleRegistry& registry) {
  registry.add(kSp, checkSp);
  registry.add(kHeader, checkHeader);
  registry.add(kCe, checkCe);
  registry.add(kCeChain, checkCeChain);
  registry.add(kEr, checkEr);
  registry.add(kRrip, checkRrip);
  registry.add(kFormats, checkFormats);
  registry.add(kPx, checkPx);
  registry.add(kNm, checkNm);
  registry.add(kSl, checkSl);
  registry.add(kRelocation, checkRelocation);
  registry.add(kZfEntry, checkZfEntry);
  registry.add(kZfData, checkZfData);
}

} // namespace dv::rules
