// Ecma119Directories: rules over directory records, the hierarchy, identifiers, interchange levels,
// extended attribute records and CD-ROM XA records (ECMA-119 6.4-6.8, 7.5, 7.6, 9.1-9.5, 10;
// ecma119.md §9.4-§9.6 and EVD-001).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/Text.h"
#include "rules/Ecma119Common.h"
#include "rules/Ecma119Rules.h"

namespace dv::rules {
namespace {

using analyzer::ImageAnalysis;
using namespace analyzer::iso9660;
using ecma119::at;
using ecma119::detail;
using ecma119::primary;
using ecma119::splitIdentifier;

constexpr RuleInfo kLength{.id = "ECMA119-DR-001", .severity = Severity::Error, .clause = "ECMA-119 9.1.1",
                           .summary = "directory record length is too small for its fields"};
constexpr RuleInfo kPadding{.id = "ECMA119-DR-002", .severity = Severity::Warning, .clause = "ECMA-119 9.1.12, 9.1.13",
                            .summary = "directory record length is odd or its padding byte is wrong"};
constexpr RuleInfo kSector{.id = "ECMA119-DR-003", .severity = Severity::Error, .clause = "ECMA-119 9.2",
                           .summary = "directory record crosses a sector end, or bytes after the last record are not zero"};
constexpr RuleInfo kExtent{.id = "ECMA119-DR-004", .severity = Severity::Error, .clause = "ECMA-119 9.1.3, 9.1.4",
                           .summary = "extent lies outside the volume"};
constexpr RuleInfo kFlags{.id = "ECMA119-DR-005", .severity = Severity::Warning, .clause = "ECMA-119 9.1.6",
                          .summary = "file flags are reserved or inconsistent"};
constexpr RuleInfo kFlagsXar{.id = "ECMA119-DR-006", .severity = Severity::Warning, .clause = "ECMA-119 9.1.6, 9.5",
                             .summary = "record or protection flag set without an extended attribute record"};
constexpr RuleInfo kInterleave{.id = "ECMA119-DR-007", .severity = Severity::Warning, .clause = "ECMA-119 6.4, 9.1.7, 9.1.8",
                               .summary = "interleave fields are inconsistent"};
constexpr RuleInfo kSequence{.id = "ECMA119-DR-008", .severity = Severity::Warning, .clause = "ECMA-119 9.1.9",
                             .summary = "volume sequence number of a record differs from the volume's"};
constexpr RuleInfo kDate{.id = "ECMA119-DR-009", .severity = Severity::Warning, .clause = "ECMA-119 9.1.5",
                         .summary = "recording date and time out of range"};
constexpr RuleInfo kDots{.id = "ECMA119-DR-010", .severity = Severity::Error, .clause = "ECMA-119 6.8.2.2",
                         .summary = "first two records of a directory are not its \".\" and \"..\" entries"};
constexpr RuleInfo kDirLength{.id = "ECMA119-DR-011", .severity = Severity::Warning, .clause = "ECMA-119 6.8.1, 9.1.4",
                              .summary = "directory data length is not a non-zero multiple of the block size or disagrees"};
constexpr RuleInfo kTree{.id = "ECMA119-DR-012", .severity = Severity::Error, .clause = "ECMA-119 6.8",
                         .summary = "the hierarchy is not a tree (loop, shared directory) or exceeds the walk limits"};
constexpr RuleInfo kSort{.id = "ECMA119-DR-013", .severity = Severity::Warning, .clause = "ECMA-119 9.3",
                         .summary = "directory records are out of order"};
constexpr RuleInfo kDuplicate{.id = "ECMA119-DR-014", .severity = Severity::Error, .clause = "ECMA-119 9.3",
                              .summary = "two records of one directory share an identifier"};
constexpr RuleInfo kMultiExtent{.id = "ECMA119-DR-015", .severity = Severity::Error, .clause = "ECMA-119 6.5.1, 9.1.6",
                                .summary = "multi-extent file sections are broken"};
constexpr RuleInfo kContiguous{.id = "ECMA119-DR-016", .severity = Severity::Warning, .clause = "ECMA-119 6.5.1",
                               .summary = "multi-extent sections are not contiguous"};
constexpr RuleInfo kOverlap{.id = "ECMA119-DR-017", .severity = Severity::Warning, .clause = "ECMA-119 6.5",
                            .summary = "extents of distinct files overlap"};
constexpr RuleInfo kFileId{.id = "ECMA119-FI-001", .severity = Severity::Warning, .clause = "ECMA-119 7.5.1",
                           .summary = "file identifier is not NAME.EXT;VERSION"};
constexpr RuleInfo kIdLength{.id = "ECMA119-FI-002", .severity = Severity::Warning, .clause = "ECMA-119 7.5.1, 7.6.3",
                             .summary = "file or directory identifier too long or malformed"};
constexpr RuleInfo kSpecialId{.id = "ECMA119-FI-003", .severity = Severity::Error, .clause = "ECMA-119 7.6.2",
                              .summary = "identifier 00 or 01 outside the first two records of a directory"};
constexpr RuleInfo kDepth{.id = "ECMA119-LVL-001", .severity = Severity::Warning, .clause = "ECMA-119 6.8.2.1",
                          .summary = "directory hierarchy deeper than 8 levels"};
constexpr RuleInfo kPathLength{.id = "ECMA119-LVL-002", .severity = Severity::Warning, .clause = "ECMA-119 6.8.2.1",
                               .summary = "path longer than 255"};
constexpr RuleInfo kLevel{.id = "ECMA119-LVL-003", .severity = Severity::Info, .clause = "ECMA-119 10.1-10.3",
                          .summary = "interchange level of the primary tree"};
constexpr RuleInfo kEnhanced{.id = "ECMA119-EVD-001", .severity = Severity::Warning, .clause = "ECMA-119 8.5 (4th ed.)",
                             .summary = "enhanced tree identifier longer than 207 bytes or path longer than 255"};
constexpr RuleInfo kXar{.id = "ECMA119-XAR-001", .severity = Severity::Warning, .clause = "ECMA-119 9.5.1, 9.5.2, 9.5.13",
                        .summary = "extended attribute record is malformed"};
constexpr RuleInfo kXa{.id = "ECMA119-XA-001", .severity = Severity::Warning, .clause = "CD-ROM XA (Green Book)",
                       .summary = "record of a CD-ROM XA volume lacks its XA system use record"};

/// The records of the primary tree other than "." and "..".
template <typename F> void eachNamed(const Hierarchy& t, F f) {
  for (const RecordEntry& e : t.records)
    if (!e.record.isSelf() && !e.record.isParent()) f(e);
}

const Hierarchy* tree(const ImageAnalysis& a) { return primary(a) && a.iso.tree.walked ? &a.iso.tree : nullptr; }

void checkLength(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  for (const DirectoryNode& d : t->directories)
    for (uint64_t off : d.shortRecords)
      out.add(kLength, at(off, d.path), detail(">= 34", "less", fmt::format("directory {}: record length below 34; the "
                                                                             "rest of the sector is skipped", d.path)));
  for (const RecordEntry& e : t->records)
    if (e.record.identifierOverruns)
      out.add(kLength, at(e.offset, e.path),
              detail(fmt::format(">= {}", 33 + e.record.lengthOfFileIdentifier + (e.record.lengthOfFileIdentifier % 2 == 0)),
                     e.record.lengthOfDirectoryRecord,
                     fmt::format("record length {} cannot hold an identifier of {} bytes", e.record.lengthOfDirectoryRecord,
                                 e.record.lengthOfFileIdentifier)));
}

void checkPadding(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  for (const RecordEntry& e : t->records) {
    const DirectoryRecord& r = e.record;
    if (r.lengthOfDirectoryRecord % 2 != 0)
      out.add(kPadding, at(e.offset, e.path), detail("even", r.lengthOfDirectoryRecord,
                                                     fmt::format("record length {} is odd", r.lengthOfDirectoryRecord)));
    if (r.lengthOfFileIdentifier % 2 == 0 && !r.identifierOverruns && (!r.paddingPresent || r.paddingByte != 0))
      out.add(kPadding, at(e.offset + 33 + r.lengthOfFileIdentifier, e.path),
              detail("00", hex(r.paddingByte), "padding byte after an even-length identifier is not 00"));
  }
}

void checkSector(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  for (const DirectoryNode& d : t->directories) {
    for (uint64_t off : d.crossingRecords)
      out.add(kSector, at(off, d.path), detail("ends in its sector", "crosses the sector end",
                                               fmt::format("directory {}: record at 0x{:x} crosses a sector end", d.path, off)));
    for (const auto& g : d.nonZeroTails)
      out.add(kSector, at(g.offset, d.path),
              detail("00 bytes", fmt::format("0x{:x} bytes with data", g.length),
                     fmt::format("directory {}: bytes after the last record of a sector are not zero", d.path),
                     Severity::Warning));
  }
}

uint64_t blocksOf(uint64_t bytes, uint32_t bs) { return (bytes + bs - 1) / bs; }

void checkExtent(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  // A later session's extents are absolute: its volume spans blocks 0 to session start + size.
  const uint64_t volume = a.iso.volumeEndBlock(*a.iso.pvd());
  const uint64_t recorded = a.iso.pvd()->volumeSpaceSize.value();
  const std::string from =
      a.iso.sessionStart == 0 ? std::string() : fmt::format(" (counted from the session start at block {})", a.iso.sessionStart);
  eachNamed(*t, [&](const RecordEntry& e) {
    const DirectoryRecord& r = e.record;
    const uint64_t len = r.dataLength.value();
    if (len == 0) {
      if (r.locationOfExtent.value() == 0)
        out.add(kExtent, at(e.offset + 2, e.path), detail("", 0, "empty file recorded with extent 0", Severity::Info));
      return;
    }
    const uint64_t end = uint64_t{r.locationOfExtent.value()} + r.extendedAttributeRecordLength + blocksOf(len, t->blockSize);
    if (end > volume)
      out.add(kExtent, at(e.offset + 2, e.path),
              detail(fmt::format("end <= {}", volume), end,
                     fmt::format("{}: extent {} with 0x{:x} bytes ends at block {}, past the volume of {} blocks{}", e.path,
                                 r.locationOfExtent.value(), len, end, recorded, from)));
  });
}

void checkFlags(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  eachNamed(*t, [&](const RecordEntry& e) {
    const uint8_t f = e.record.fileFlags;
    if (f & flags::kReserved)
      out.add(kFlags, at(e.offset + 25, e.path), detail("bits 5 and 6 clear", hex(f), "reserved file flag bits set"));
    if (e.record.isDirectory() && (f & (flags::kAssociatedFile | flags::kRecord | flags::kMultiExtent)))
      out.add(kFlags, at(e.offset + 25, e.path),
              detail("bits 2, 3 and 7 clear", hex(f), "directory record has associated, record or multi-extent flags"));
    if (f & flags::kExistence)
      out.add(kFlags, at(e.offset + 25, e.path), detail("", "hidden", e.path + " is hidden (existence bit)", Severity::Info));
  });
}

void checkFlagsXar(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  eachNamed(*t, [&](const RecordEntry& e) {
    if ((e.record.fileFlags & (flags::kRecord | flags::kProtection)) && e.record.extendedAttributeRecordLength == 0)
      out.add(kFlagsXar, at(e.offset + 25, e.path),
              detail("XAR length > 0", 0, "record or protection flag set, but no extended attribute record"));
  });
}

void checkInterleave(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  eachNamed(*t, [&](const RecordEntry& e) {
    const auto& r = e.record;
    if (r.fileUnitSize == 0 && r.interleaveGapSize != 0)
      out.add(kInterleave, at(e.offset + 27, e.path),
              detail("gap 0 when unit size is 0", r.interleaveGapSize, "interleave gap size set without a file unit size"));
    if (r.isDirectory() && r.fileUnitSize > 0)
      out.add(kInterleave, at(e.offset + 26, e.path), detail(0, r.fileUnitSize, "directory recorded in interleaved mode"));
  });
}

void checkSequence(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t || a.iso.pvd()->volumeSetSize.value() != 1) return;
  const uint16_t want = a.iso.pvd()->volumeSequenceNumber.value();
  for (const RecordEntry& e : t->records)
    if (e.record.volumeSequenceNumber.value() != want)
      out.add(kSequence, at(e.offset + 28, e.path),
              detail(want, e.record.volumeSequenceNumber.value(), "volume sequence number differs from the volume's"));
}

void checkDate(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  for (const RecordEntry& e : t->records) {
    const auto& d = e.record.recordingDateAndTime;
    if (d.unspecified() || d.inRange()) continue;
    out.add(kDate, at(e.offset + 18, e.path),
            detail("fields in range", hexBytes(d.raw),
                   fmt::format("recording date {}-{:02}-{:02} {:02}:{:02}:{:02} offset {} is out of range", d.year(), d.month(),
                               d.day(), d.hour(), d.minute(), d.second(), d.gmtOffset())));
  }
}

void checkDots(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  for (const DirectoryNode& d : t->directories) {
    if (d.outsideImage || d.readCut) continue;
    const uint32_t parentExtent = d.parent ? t->directories[*d.parent].extent : d.extent;
    auto check = [&](size_t pos, bool self) {
      const char* name = self ? "\".\"" : "\"..\"";
      const uint32_t want = self ? d.extent : parentExtent;
      if (d.records.size() <= pos) {
        out.add(kDots, at(uint64_t{d.extent} * t->blockSize, d.path),
                detail(name, "missing", fmt::format("directory {} has no {} record", d.path, name)));
        return;
      }
      const RecordEntry& e = t->records[d.records[pos]];
      std::string why;
      if (self ? !e.record.isSelf() : !e.record.isParent())
        why = fmt::format("record {} has identifier \"{}\"", pos + 1, printable(e.record.fileIdentifier));
      else if (e.record.locationOfExtent.value() != want)
        why = fmt::format("{} points to extent {}, not {}", name, e.record.locationOfExtent.value(), want);
      else if (!e.record.isDirectory())
        why = fmt::format("{} lacks the directory flag", name);
      if (!why.empty())
        out.add(kDots, at(e.offset, d.path), detail(fmt::format("{} at extent {}", name, want), why,
                                                    fmt::format("directory {}: {}", d.path, why)));
    };
    check(0, true);
    check(1, false);
  }
}

void checkDirLength(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  for (const DirectoryNode& d : t->directories) {
    const uint64_t where = d.record ? t->records[*d.record].offset : a.iso.pvd()->sector * 2048 + kRootDirectoryRecord.offset();
    if (d.dataLength == 0 || d.dataLength % t->blockSize != 0)
      out.add(kDirLength, at(where, d.path),
              detail(fmt::format("a non-zero multiple of {}", t->blockSize), d.dataLength,
                     fmt::format("directory {}: data length {} is not a non-zero multiple of {}", d.path, d.dataLength,
                                 t->blockSize)));
    if (!d.records.empty()) {
      const RecordEntry& self = t->records[d.records[0]];
      if (self.record.isSelf() && self.record.dataLength.value() != d.dataLength)
        out.add(kDirLength, at(self.offset, d.path),
                detail(d.dataLength, self.record.dataLength.value(),
                       fmt::format("directory {}: \".\" gives data length {}, its parent's record {}", d.path,
                                   self.record.dataLength.value(), d.dataLength)));
    }
  }
}

void checkTree(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  for (const SkippedDirectory& s : t->skipped) {
    const RecordEntry& e = t->records[s.record];
    const std::string other = s.visitedBy ? t->directories[*s.visitedBy].path : std::string();
    if (s.reason == SkipReason::Loop)
      out.add(kTree, at(e.offset, e.path),
              detail("a new extent", e.record.locationOfExtent.value(),
                     fmt::format("directory {} points back to its ancestor {} (extent {}): a loop, not followed", e.path,
                                 other, e.record.locationOfExtent.value())));
    else if (s.reason == SkipReason::AlreadyVisited)
      out.add(kTree, at(e.offset, e.path),
              detail("a new extent", e.record.locationOfExtent.value(),
                     fmt::format("directory {} shares extent {} with {}: not followed twice", e.path,
                                 e.record.locationOfExtent.value(), other)));
    else if (s.reason == SkipReason::DepthLimit)
      out.add(kTree, at(e.offset, e.path),
              detail("depth within the walk limit", "deeper", fmt::format("directory {} is past the depth limit: not walked",
                                                                          e.path)));
  }
  if (t->recordLimitHit || t->budgetHit)
    out.add(kTree, at(uint64_t{t->directories[0].extent} * t->blockSize, "/"),
            detail("within the walk limits", t->recordLimitHit ? "record limit" : "read budget",
                   fmt::format("the walk stopped after {} records: {}", t->records.size(),
                               t->recordLimitHit ? "record limit reached" : "metadata read budget spent")));
  for (const auto& f : t->files) {
    if (!f.runsCut || f.sections.empty()) continue;
    const RecordEntry& e = t->records[f.sections.front()];
    out.add(kTree, at(e.offset, f.path),
            detail("every data run listed", fmt::format("{} runs", f.runs.size()),
                   fmt::format("file {} claims more interleaved data runs than the walk lists: its digest covers the "
                               "first {} runs only",
                               f.path, f.runs.size())));
  }
}

// 9.3: NAME, then EXT (both padded with spaces), VERSION descending (left-padded with '0'),
// associated files first, then section order (equal keys).
int compareRecords(const DirectoryRecord& x, const DirectoryRecord& y) {
  auto pad = [](std::string_view p, std::string_view q, char fill, bool left) {
    const size_t n = std::max(p.size(), q.size());
    for (size_t i = 0; i < n; ++i) {
      const size_t ip = left ? i + p.size() - n : i, iq = left ? i + q.size() - n : i;
      const bool inP = left ? i >= n - p.size() : i < p.size();
      const bool inQ = left ? i >= n - q.size() : i < q.size();
      const auto cp = static_cast<unsigned char>(inP ? p[ip] : fill);
      const auto cq = static_cast<unsigned char>(inQ ? q[iq] : fill);
      if (cp != cq) return cp < cq ? -1 : 1;
    }
    return 0;
  };
  if (x.isDirectory() || y.isDirectory()) {
    const auto sx = x.isDirectory() ? splitIdentifier("") : splitIdentifier(x.fileIdentifier);
    const auto sy = y.isDirectory() ? splitIdentifier("") : splitIdentifier(y.fileIdentifier);
    const std::string_view nx = x.isDirectory() ? std::string_view(x.fileIdentifier) : sx.name;
    const std::string_view ny = y.isDirectory() ? std::string_view(y.fileIdentifier) : sy.name;
    if (int c = pad(nx, ny, ' ', false)) return c;
    return pad(sx.ext, sy.ext, ' ', false);
  }
  const auto sx = splitIdentifier(x.fileIdentifier), sy = splitIdentifier(y.fileIdentifier);
  if (int c = pad(sx.name, sy.name, ' ', false)) return c;
  if (int c = pad(sx.ext, sy.ext, ' ', false)) return c;
  if (int c = pad(sx.version, sy.version, '0', true)) return -c;
  if (x.isAssociated() != y.isAssociated()) return x.isAssociated() ? -1 : 1;
  return 0;
}

void checkSort(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  for (const DirectoryNode& d : t->directories)
    for (size_t i = 3; i < d.records.size(); ++i) {
      const RecordEntry& x = t->records[d.records[i - 1]];
      const RecordEntry& y = t->records[d.records[i]];
      if (compareRecords(x.record, y.record) <= 0) continue;
      out.add(kSort, at(y.offset, y.path),
              detail(fmt::format("before \"{}\"", x.name), fmt::format("after \"{}\"", x.name),
                     fmt::format("directory {}: \"{}\" is recorded after \"{}\"", d.path, y.name, x.name)));
      break; // one finding per directory
    }
}

void checkDuplicate(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  struct Count {
    int plain = 0, associated = 0;
    uint32_t record = 0;
  };
  std::map<std::pair<uint32_t, std::string>, Count> seen;
  auto note = [&](uint32_t dir, uint32_t record, bool associated) {
    const RecordEntry& e = t->records[record];
    Count& c = seen[{dir, e.record.fileIdentifier}];
    (associated ? c.associated : c.plain) += 1;
    if (c.plain == 2 || c.associated == 2 || (associated ? c.associated : c.plain) == 2)
      out.add(kDuplicate, at(e.offset, e.path),
              detail("unique identifier", printable(e.record.fileIdentifier),
                     fmt::format("directory {} holds \"{}\" more than once", t->directories[dir].path, e.name)));
  };
  for (const FileEntry& f : t->files) note(f.directory, f.sections.front(), f.associated);
  for (const RecordEntry& e : t->records)
    if (!e.record.isSelf() && !e.record.isParent() && e.record.isDirectory()) note(e.directory, static_cast<uint32_t>(&e - t->records.data()), false);
}

void checkMultiExtent(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  for (const FileEntry& f : t->files) {
    const RecordEntry& last = t->records[f.sections.back()];
    if (!last.record.isMultiExtent()) continue;
    // The walk joins adjacent records with one identifier; a final record still flagged means the
    // next record is another file or there is none.
    out.add(kMultiExtent, at(last.offset + 25, f.path),
            detail("bit 7 clear on the final section", "set",
                   fmt::format("{}: section {} has the multi-extent bit but no section of the same file follows", f.path,
                               f.sections.size())));
  }
}

void checkContiguous(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  for (const FileEntry& f : t->files)
    for (size_t i = 1; i < f.sections.size(); ++i) {
      const DirectoryRecord& p = t->records[f.sections[i - 1]].record;
      const RecordEntry& e = t->records[f.sections[i]];
      const uint64_t len = p.dataLength.value();
      const uint64_t expect = uint64_t{p.locationOfExtent.value()} + p.extendedAttributeRecordLength + blocksOf(len, t->blockSize);
      if (len % t->blockSize != 0)
        out.add(kContiguous, at(t->records[f.sections[i - 1]].offset + 10, f.path),
                detail(fmt::format("a multiple of {}", t->blockSize), len,
                       fmt::format("{}: section {} is 0x{:x} bytes, not whole blocks", f.path, i, len)));
      if (e.record.locationOfExtent.value() != expect)
        out.add(kContiguous, at(e.offset + 2, f.path),
                detail(expect, e.record.locationOfExtent.value(),
                       fmt::format("{}: section {} starts at block {}, not right after section {} (block {})", f.path, i + 1,
                                   e.record.locationOfExtent.value(), i, expect)));
    }
}

void checkOverlap(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  struct Span {
    uint64_t begin, end;
    uint32_t file;
  };
  std::vector<Span> spans;
  for (uint32_t i = 0; i < t->files.size(); ++i)
    for (const FileRun& r : t->files[i].runs)
      if (r.length > 0) spans.push_back({r.imageOffset, r.imageOffset + r.length, i});
  std::sort(spans.begin(), spans.end(), [](const Span& x, const Span& y) {
    return x.begin != y.begin ? x.begin < y.begin : x.file < y.file;
  });
  std::optional<Span> reach; // the span reaching furthest so far
  for (const Span& s : spans) {
    if (reach && s.begin < reach->end && s.file != reach->file) {
      const FileEntry& x = t->files[reach->file];
      const FileEntry& y = t->files[s.file];
      const bool link = x.size == y.size && x.runs.front().imageOffset == y.runs.front().imageOffset;
      out.add(kOverlap, at(s.begin, y.path),
              detail("disjoint extents", x.path,
                     fmt::format("{} and {} share bytes at 0x{:x}{}", x.path, y.path, s.begin,
                                 link ? " (same start and size: likely a hard link)" : "")));
    }
    if (!reach || s.end > reach->end) reach = s;
  }
}

void checkFileId(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  eachNamed(*t, [&](const RecordEntry& e) {
    if (e.record.isDirectory()) return;
    const auto s = splitIdentifier(e.record.fileIdentifier);
    std::string why;
    if (!s.hasDot || !s.hasSemicolon) why = !s.hasSemicolon ? "no ;VERSION" : "no '.' separator";
    else if (s.name.empty() && s.ext.empty()) why = "NAME and EXT both empty";
    else {
      const bool digits = !s.version.empty() && s.version.size() <= 5 &&
                          std::all_of(s.version.begin(), s.version.end(), [](char c) { return c >= '0' && c <= '9'; });
      const long v = digits ? std::stol(std::string(s.version)) : 0;
      if (!digits || v < 1 || v > 32767) why = fmt::format("version \"{}\" is not 1-32767", printable(s.version));
    }
    if (!why.empty())
      out.add(kFileId, at(e.offset + 33, e.path), detail("NAME.EXT;VERSION", printable(e.record.fileIdentifier),
                                                         fmt::format("file identifier \"{}\": {}", printable(e.record.fileIdentifier), why)));
  });
}

void checkIdLength(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  eachNamed(*t, [&](const RecordEntry& e) {
    const std::string& id = e.record.fileIdentifier;
    if (e.record.isDirectory()) {
      if (id.empty() || id.size() > 31 || id.find_first_of(".;") != std::string::npos)
        out.add(kIdLength, at(e.offset + 33, e.path),
                detail("1-31 bytes without separators", printable(id),
                       fmt::format("directory identifier \"{}\" ({} bytes) is not 1-31 bytes without separators", printable(id),
                                   id.size())));
      return;
    }
    const auto s = splitIdentifier(id);
    if (s.name.size() + s.ext.size() > 30)
      out.add(kIdLength, at(e.offset + 33, e.path),
              detail("NAME+EXT <= 30", s.name.size() + s.ext.size(),
                     fmt::format("file identifier \"{}\": NAME and EXT hold {} bytes", printable(id), s.name.size() + s.ext.size())));
  });
}

void checkSpecialId(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  for (const RecordEntry& e : t->records)
    if (e.position >= 2 && (e.record.isSelf() || e.record.isParent()))
      out.add(kSpecialId, at(e.offset + 33, e.path),
              detail("records 1 and 2 only", fmt::format("record {}", e.position + 1),
                     fmt::format("directory {}: record {} has the reserved identifier {:02x}",
                                 t->directories[e.directory].path, e.position + 1, e.record.fileIdentifier[0])));
}

void checkDepth(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  for (const DirectoryNode& d : t->directories)
    if (d.depth == 9)
      out.add(kDepth, at(d.record ? t->records[*d.record].offset : 0, d.path),
              detail("<= 8 levels", fmt::format("{} levels below it", t->maxDepthSeen),
                     fmt::format("directory {} is at level 9 (the root is level 1)", d.path)));
}

/// 6.8.2.1: len(file identifier) + Σ (len(directory identifier) + 1) over the directories below the root.
uint64_t pathLength(const Hierarchy& t, const RecordEntry& e) {
  uint64_t n = e.record.fileIdentifier.size();
  for (std::optional<uint32_t> d = e.directory; d && t.directories[*d].record; d = t.directories[*d].parent)
    n += t.records[*t.directories[*d].record].record.fileIdentifier.size() + 1;
  return n;
}

void checkPathLength(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  for (const FileEntry& f : t->files) {
    const RecordEntry& e = t->records[f.sections.front()];
    const uint64_t n = pathLength(*t, e);
    if (n > 255)
      out.add(kPathLength, at(e.offset, f.path), detail("<= 255", n, fmt::format("{}: path length {} exceeds 255", f.path, n)));
  }
}

void checkLevel(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  int level = 1;
  std::string reason;
  auto raise = [&](int l, std::string why) {
    if (l > level) {
      level = l;
      reason = std::move(why);
    }
  };
  eachNamed(*t, [&](const RecordEntry& e) {
    const std::string& id = e.record.fileIdentifier;
    if (e.record.isDirectory()) {
      if (id.size() > 31) raise(4, fmt::format("directory identifier \"{}\" exceeds 31 bytes", printable(id)));
      else if (id.size() > 8) raise(2, fmt::format("directory identifier \"{}\" exceeds 8 bytes", printable(id)));
      return;
    }
    const auto s = splitIdentifier(id);
    if (s.name.size() + s.ext.size() > 30) raise(4, fmt::format("file identifier \"{}\" exceeds 30 bytes", printable(id)));
    else if (s.name.size() > 8 || s.ext.size() > 3) raise(2, fmt::format("file identifier \"{}\" is not 8.3", printable(id)));
  });
  for (const FileEntry& f : t->files)
    if (f.sections.size() > 1) raise(3, fmt::format("{} has {} sections", f.path, f.sections.size()));
  const std::string text = level <= 3 ? fmt::format("interchange level {}", level) : "beyond interchange level 3";
  out.add(kLevel, at(a.iso.pvd()->sector * 2048, "/"),
          detail("", text, reason.empty() ? "the primary tree satisfies " + text : fmt::format("{}: {}", text, reason)));
}

void checkEnhanced(const ImageAnalysis& a, FindingSink& out) {
  if (!a.isoParsed || !a.iso.found) return;
  for (const auto& s : a.iso.supplementaries) {
    if (!s.descriptor.isEnhanced() || !s.tree.walked) continue;
    eachNamed(s.tree, [&](const RecordEntry& e) {
      if (e.record.fileIdentifier.size() > 207)
        out.add(kEnhanced, at(e.offset + 33, e.path),
                detail("<= 207 bytes", e.record.fileIdentifier.size(), "enhanced tree identifier exceeds 207 bytes"));
      const uint64_t n = pathLength(s.tree, e);
      if (!e.record.isDirectory() && n > 255)
        out.add(kEnhanced, at(e.offset, e.path), detail("<= 255", n, fmt::format("{}: path length {} exceeds 255", e.path, n)));
    });
  }
}

void checkXar(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t) return;
  for (const RecordEntry& e : t->records) {
    if (!e.xar) continue;
    const auto& x = *e.xar;
    if (x.extendedAttributeRecordVersion != 1)
      out.add(kXar, at(x.offset + 180, e.path), detail(1, x.extendedAttributeRecordVersion, "XAR version is not 1"));
    const uint64_t need = 250 + uint64_t{x.lengthOfApplicationUse.value()} + x.lengthOfEscapeSequences;
    const uint64_t have = uint64_t{e.record.extendedAttributeRecordLength} * t->blockSize;
    if (need > have)
      out.add(kXar, at(x.offset + 246, e.path),
              detail(fmt::format("<= {}", have), need,
                     fmt::format("XAR needs {} bytes but its {} blocks hold {}", need, e.record.extendedAttributeRecordLength, have)));
    if (x.ownerIdentification.value() == 0 && x.groupIdentification.value() != 0)
      out.add(kXar, at(x.offset + 4, e.path),
              detail(0, x.groupIdentification.value(), "XAR owner is 0 but the group is not"));
  }
}

void checkXa(const ImageAnalysis& a, FindingSink& out) {
  const Hierarchy* t = tree(a);
  if (!t || !a.iso.pvd()->cdXaMarker) return;
  for (const RecordEntry& e : t->records) {
    const ByteView su = e.record.systemUse();
    // The 14-byte XA record: "XA" at bytes 6-7; some writers put one padding byte before it.
    auto xaAt = [&](size_t o) { return su.size() >= o + 8 && su[o + 6] == 'X' && su[o + 7] == 'A'; };
    if (xaAt(0) || xaAt(1)) continue;
    out.add(kXa, at(e.offset, e.path), detail("XA system use record", su.empty() ? "no system use" : "other system use",
                                              fmt::format("{}: no CD-ROM XA record in the system use field", e.path)));
  }
}

} // namespace

void addEcma119DirectoryRules(RuleRegistry& registry) {
  registry.add(kLength, checkLength);
  registry.add(kPadding, checkPadding);
  registry.add(kSector, checkSector);
  registry.add(kExtent, checkExtent);
  registry.add(kFlags, checkFlags);
  registry.add(kFlagsXar, checkFlagsXar);
  registry.add(kInterleave, checkInterleave);
  registry.add(kSequence, checkSequence);
  registry.add(kDate, checkDate);
  registry.add(kDots, checkDots);
  registry.add(kDirLength, checkDirLength);
  registry.add(kTree, checkTree);
  registry.add(kSort, checkSort);
  registry.add(kDuplicate, checkDuplicate);
  registry.add(kMultiExtent, checkMultiExtent);
  registry.add(kContiguous, checkContiguous);
  registry.add(kOverlap, checkOverlap);
  registry.add(kFileId, checkFileId);
  registry.add(kIdLength, checkIdLength);
  registry.add(kSpecialId, checkSpecialId);
  registry.add(kDepth, checkDepth);
  registry.add(kPathLength, checkPathLength);
  registry.add(kLevel, checkLevel);
  registry.add(kEnhanced, checkEnhanced);
  registry.add(kXar, checkXar);
  registry.add(kXa, checkXa);
}

} // namespace dv::rules
