// Ecma119PathTables: rules over the type L and type M path tables and their agreement with the
// directory hierarchy (ECMA-119 6.9, 9.4; ecma119.md §9.3).
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

constexpr RuleInfo kRecords{.id = "ECMA119-PT-001", .severity = Severity::Error, .clause = "ECMA-119 9.4",
                            .summary = "path table records do not parse up to the path table size"};
constexpr RuleInfo kRoot{.id = "ECMA119-PT-002", .severity = Severity::Error, .clause = "ECMA-119 9.4",
                         .summary = "first path table record is not the root"};
constexpr RuleInfo kParent{.id = "ECMA119-PT-003", .severity = Severity::Error, .clause = "ECMA-119 9.4.4",
                           .summary = "path table parent number is not smaller than the record's own number"};
constexpr RuleInfo kOrder{.id = "ECMA119-PT-004", .severity = Severity::Warning, .clause = "ECMA-119 6.9.1",
                          .summary = "path table records are out of order"};
constexpr RuleInfo kLvsM{.id = "ECMA119-PT-005", .severity = Severity::Error, .clause = "ECMA-119 6.9",
                         .summary = "type L and type M path tables disagree"};
constexpr RuleInfo kVsTree{.id = "ECMA119-PT-006", .severity = Severity::Error, .clause = "ECMA-119 6.9",
                           .summary = "path table and directory hierarchy disagree"};

/// The tables of the primary volume that are present.
std::vector<const PathTable*> tables(const ImageAnalysis& a) {
  std::vector<const PathTable*> t;
  if (!primary(a)) return t;
  for (const auto& p : a.iso.pathTables)
    if (p.location != 0) t.push_back(&p);
  return t;
}

void checkRecords(const ImageAnalysis& a, FindingSink& out) {
  for (const PathTable* t : tables(a)) {
    const std::string name(pathTableKindName(t->kind));
    if (t->malformedOffset)
      out.add(kRecords, at(*t->malformedOffset),
              detail("a whole record", t->malformedWhat, fmt::format("{} path table: {}", name, t->malformedWhat)));
    else if (t->readCut)
      out.add(kRecords, at(uint64_t{t->location} * a.iso.blockSize),
              detail(fmt::format("0x{:x} bytes", t->declaredSize), fmt::format("0x{:x} bytes readable", t->bytesRead),
                     fmt::format("{} path table of 0x{:x} bytes runs past the image end", name, t->declaredSize)));
    for (const auto& r : t->records) {
      if (r.lengthOfDirectoryIdentifier % 2 == 0) continue;
      // 9.4.6: one padding byte 00 after an odd-length identifier.
      if (!r.paddingPresent || r.paddingByte != 0)
        out.add(kRecords, at(r.offset + 8 + r.lengthOfDirectoryIdentifier),
                detail("padding byte 00", r.paddingPresent ? hex(r.paddingByte) : std::string("missing"),
                       fmt::format("{} path table record \"{}\": padding byte {}", name, printable(r.directoryIdentifier),
                                   r.paddingPresent ? "is not 00" : "is missing"),
                       Severity::Warning));
    }
  }
}

void checkRoot(const ImageAnalysis& a, FindingSink& out) {
  const auto* d = primary(a);
  for (const PathTable* t : tables(a)) {
    if (t->records.empty()) continue;
    const auto& r = t->records.front();
    const bool idOk = r.lengthOfDirectoryIdentifier == 1 && r.directoryIdentifier == std::string(1, '\0');
    const uint32_t rootExtent = d->rootDirectoryRecord ? d->rootDirectoryRecord->locationOfExtent.value() : 0;
    std::string why;
    if (!idOk) why = fmt::format("identifier \"{}\" instead of 00", printable(r.directoryIdentifier));
    else if (r.parentDirectoryNumber != 1) why = fmt::format("parent number {} instead of 1", r.parentDirectoryNumber);
    else if (d->rootDirectoryRecord && r.locationOfExtent != rootExtent)
      why = fmt::format("extent {} instead of the root extent {}", r.locationOfExtent, rootExtent);
    if (!why.empty())
      out.add(kRoot, at(r.offset, "/"), detail("the root record", why,
                                               fmt::format("{} path table record 1: {}", pathTableKindName(t->kind), why)));
  }
}

void checkParent(const ImageAnalysis& a, FindingSink& out) {
  for (const PathTable* t : tables(a))
    for (size_t k = 1; k < t->records.size(); ++k) {
      const auto& r = t->records[k];
      if (r.parentDirectoryNumber >= 1 && r.parentDirectoryNumber < k + 1) continue;
      out.add(kParent, at(r.offset),
              detail(fmt::format("1..{}", k), r.parentDirectoryNumber,
                     fmt::format("{} path table record {} (\"{}\") names parent {}", pathTableKindName(t->kind), k + 1,
                                 printable(r.directoryIdentifier), r.parentDirectoryNumber)));
    }
}

/// Compares identifiers as 6.9.1 says: the shorter padded on the right with spaces.
int compareIdentifiers(std::string_view x, std::string_view y) {
  const size_t n = std::max(x.size(), y.size());
  for (size_t i = 0; i < n; ++i) {
    const auto cx = static_cast<unsigned char>(i < x.size() ? x[i] : ' ');
    const auto cy = static_cast<unsigned char>(i < y.size() ? y[i] : ' ');
    if (cx != cy) return cx < cy ? -1 : 1;
  }
  return 0;
}

void checkOrder(const ImageAnalysis& a, FindingSink& out) {
  for (const PathTable* t : tables(a)) {
    std::vector<uint32_t> level(t->records.size(), 1);
    for (size_t k = 1; k < t->records.size(); ++k) {
      const uint16_t p = t->records[k].parentDirectoryNumber;
      if (p < 1 || p > k) return; // PT-003 reports it; the order is undefined then
      level[k] = level[p - 1] + 1;
    }
    for (size_t k = 2; k < t->records.size(); ++k) {
      const auto& x = t->records[k - 1];
      const auto& y = t->records[k];
      int c = level[k - 1] != level[k] ? (level[k - 1] < level[k] ? -1 : 1)
              : x.parentDirectoryNumber != y.parentDirectoryNumber ? (x.parentDirectoryNumber < y.parentDirectoryNumber ? -1 : 1)
                                                                 : compareIdentifiers(x.directoryIdentifier, y.directoryIdentifier);
      if (c <= 0) continue;
      out.add(kOrder, at(y.offset),
              detail(fmt::format("after \"{}\"", printable(y.directoryIdentifier)), fmt::format("record {}", k + 1),
                     fmt::format("{} path table: record {} (\"{}\") sorts before record {} (\"{}\")",
                                 pathTableKindName(t->kind), k + 1, printable(y.directoryIdentifier), k,
                                 printable(x.directoryIdentifier))));
      break;
    }
  }
}

void checkLvsM(const ImageAnalysis& a, FindingSink& out) {
  if (!primary(a)) return;
  const PathTable* l = a.iso.pathTable(PathTableKind::TypeL);
  const PathTable* m = a.iso.pathTable(PathTableKind::TypeM);
  if (!l || !m || l->location == 0 || m->location == 0) return;
  if (l->records.size() != m->records.size()) {
    out.add(kLvsM, at(uint64_t{m->location} * a.iso.blockSize),
            detail(fmt::format("{} records", l->records.size()), fmt::format("{} records", m->records.size()),
                   fmt::format("type L path table has {} records, type M has {}", l->records.size(), m->records.size())));
  }
  const size_t n = std::min(l->records.size(), m->records.size());
  for (size_t k = 0; k < n; ++k) {
    const auto& x = l->records[k];
    const auto& y = m->records[k];
    std::string what;
    if (x.directoryIdentifier != y.directoryIdentifier)
      what = fmt::format("identifier \"{}\" vs \"{}\"", printable(x.directoryIdentifier), printable(y.directoryIdentifier));
    else if (x.locationOfExtent != y.locationOfExtent)
      what = fmt::format("extent {} vs {}", x.locationOfExtent, y.locationOfExtent);
    else if (x.parentDirectoryNumber != y.parentDirectoryNumber)
      what = fmt::format("parent {} vs {}", x.parentDirectoryNumber, y.parentDirectoryNumber);
    else if (x.extendedAttributeRecordLength != y.extendedAttributeRecordLength)
      what = fmt::format("XAR length {} vs {}", x.extendedAttributeRecordLength, y.extendedAttributeRecordLength);
    if (what.empty()) continue;
    out.add(kLvsM, at(y.offset), detail("same record in both tables", what,
                                        fmt::format("path table record {} differs between L and M: {}", k + 1, what)));
  }
}

/// The path of path table record k (0-based) from its parent chain, bounded by the table size.
std::string tablePath(const PathTable& t, size_t k) {
  std::vector<std::string> parts;
  for (size_t guard = 0; k != 0 && guard < t.records.size(); ++guard) {
    parts.push_back(utf8Safe(t.records[k].directoryIdentifier));
    const uint16_t p = t.records[k].parentDirectoryNumber;
    if (p < 1 || p - 1u >= k) break;
    k = p - 1u;
  }
  std::string path;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) path += "/" + *it;
  return path.empty() ? "/" : path;
}

void checkVsTree(const ImageAnalysis& a, FindingSink& out) {
  if (!primary(a) || !a.iso.tree.walked) return;
  const Hierarchy& tree = a.iso.tree;
  // A walk that stopped early cannot tell which directories exist: PT-006 would only repeat DR-012.
  if (tree.depthLimitHit || tree.recordLimitHit || tree.budgetHit) return;
  const PathTable* t = a.iso.pathTable(PathTableKind::TypeL);
  if (!t || t->records.empty()) t = a.iso.pathTable(PathTableKind::TypeM);
  if (!t || t->records.empty() || t->malformedOffset) return;

  std::map<uint32_t, size_t> byExtent; // extent -> path table record index
  for (size_t k = 0; k < t->records.size(); ++k) byExtent.emplace(t->records[k].locationOfExtent, k);
  std::map<uint32_t, uint32_t> treeByExtent;
  for (uint32_t i = 0; i < tree.directories.size(); ++i) treeByExtent.emplace(tree.directories[i].extent, i);

  for (uint32_t i = 0; i < tree.directories.size(); ++i) {
    const DirectoryNode& dir = tree.directories[i];
    auto it = byExtent.find(dir.extent);
    if (it == byExtent.end()) {
      out.add(kVsTree, at(dir.record ? tree.records[*dir.record].offset : uint64_t{dir.extent} * tree.blockSize, dir.path),
              detail("a path table record", "none",
                     fmt::format("directory {} (extent {}) is missing from the path table", dir.path, dir.extent)));
      continue;
    }
    const auto& r = t->records[it->second];
    const std::string id = dir.record ? tree.records[*dir.record].record.fileIdentifier : std::string(1, '\0');
    std::string what;
    if (r.directoryIdentifier != id)
      what = fmt::format("identifier \"{}\" in the table, \"{}\" in the tree", printable(r.directoryIdentifier), printable(id));
    else if (r.extendedAttributeRecordLength != dir.xarLength)
      what = fmt::format("XAR length {} in the table, {} in the tree", r.extendedAttributeRecordLength, dir.xarLength);
    else if (dir.parent && r.parentDirectoryNumber >= 1 && r.parentDirectoryNumber <= t->records.size() &&
             t->records[r.parentDirectoryNumber - 1u].locationOfExtent != tree.directories[*dir.parent].extent)
      what = fmt::format("parent extent {} in the table, {} in the tree",
                         t->records[r.parentDirectoryNumber - 1u].locationOfExtent, tree.directories[*dir.parent].extent);
    if (!what.empty())
      out.add(kVsTree, at(r.offset, dir.path),
              detail("same directory", what, fmt::format("path table record for {} disagrees: {}", dir.path, what)));
  }
  for (size_t k = 0; k < t->records.size(); ++k) {
    if (treeByExtent.count(t->records[k].locationOfExtent)) continue;
    const std::string path = tablePath(*t, k);
    out.add(kVsTree, at(t->records[k].offset, path),
            detail("a directory of the hierarchy", "none",
                   fmt::format("path table names directory {} (extent {}) that the hierarchy does not hold", path,
                               t->records[k].locationOfExtent)));
  }
}

} // namespace

void addEcma119PathTableRules(RuleRegistry& registry) {
  registry.add(kRecords, checkRecords);
  registry.add(kRoot, checkRoot);
  registry.add(kParent, checkParent);
  registry.add(kOrder, checkOrder);
  registry.add(kLvsM, checkLvsM);
  registry.add(kVsTree, checkVsTree);
}

} // namespace dv::rules
