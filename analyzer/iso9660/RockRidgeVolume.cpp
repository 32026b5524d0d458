// RockRidgeVolume: SUSP/RRIP over the primary tree, and the Rock Ridge paths.
#include "analyzer/iso9660/RockRidgeVolume.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace dv::analyzer {
namespace {

constexpr unsigned kMaxPathDepth = 1000;
constexpr size_t kMaxFactRecords = 2'000'000;

std::string_view stripVersion(std::string_view name) {
  if (const size_t semi = name.rfind(';'); semi != std::string_view::npos) name = name.substr(0, semi);
  if (!name.empty() && name.back() == '.') name.remove_suffix(1); // "NAME." of a file without extension
  return name;
}

/// rockRidgeName() as a view into the record or its facts.
std::string_view nameView(const iso9660::RecordEntry& record, const SystemUseFacts* facts) {
  if (facts && facts->alternateName && !facts->alternateName->empty()) return *facts->alternateName;
  return stripVersion(record.name);
}

std::string inferVersion(const RockRidgeVolume& rr) {
  bool px44 = false, sf21 = false, sf12 = false, es = false, p1282 = false;
  for (const auto& er : rr.rootExtensions)
    if (er.identifier == "IEEE_P1282" || er.identifier == "IEEE_1282") p1282 = true;
  for (const auto& [i, f] : rr.records) {
    if (f.px && f.px->length == 44) px44 = true;
    if (f.sfLength == 21) sf21 = true;
    if (f.sfLength == 12) sf12 = true;
    if (!f.extensionSequences.empty()) es = true;
  }
  if (px44 || sf21 || es || p1282) return "1.12";
  if (sf12) return "1.10";
  return "1.09";
}

} // namespace

std::string rockRidgeName(const iso9660::RecordEntry& record, const SystemUseFacts* facts) {
  return std::string(nameView(record, facts));
}

RockRidgeVolume readRockRidge(const ImageSectors& image, const iso9660::IsoVolume& volume, RockRidgeDetail detail) {
  RockRidgeVolume rr;
  const iso9660::Hierarchy& tree = volume.tree;
  if (!volume.found || !tree.walked || tree.records.empty()) return rr;

  uint64_t budget = std::max<uint64_t>(image.sizeBytes(), uint64_t{1} << 20);
  const uint32_t blockSize = volume.blockSize;
  ContinuationReader readArea = [&](uint32_t block, uint32_t offset, uint32_t length) -> Result<std::vector<uint8_t>> {
    if (length > budget) {
      rr.budgetHit = true;
      return Error(ErrorCode::Cancelled, "continuation budget spent");
    }
    budget -= length;
    return image.read(uint64_t{block} * blockSize + offset, length);
  };
  SuspLimits limits;
  limits.blockSize = blockSize;
  limits.volumeBlocks = volume.pvd() ? volume.volumeEndBlock(*volume.pvd()) : 0;
  limits.namesOnly = detail == RockRidgeDetail::Names;

  // Most records of a Rock Ridge tree carry entries: one slot per record, moved into place once.
  rr.recordSlots.assign(tree.records.size(), 0);
  rr.records.reserve(std::min<size_t>(tree.records.size(), kMaxFactRecords));
  std::optional<SystemUseFacts> rootFacts;
  // The root "." record first: its SP says whether SUSP is in use and how many bytes to skip.
  const auto& root = tree.directories.front();
  const uint32_t rootSelf = root.records.empty() ? 0 : root.records.front();
  auto suOf = [&](uint32_t i) {
    const auto& r = tree.records[i].record;
    ByteView su = r.systemUse();
    // CD-ROM XA: a 14-byte system use record with "XA" at its bytes 6-7 precedes the SUSP entries.
    uint32_t xa = (su.size() >= 14 && su[6] == 'X' && su[7] == 'A') ? 14 : 0;
    return std::make_pair(su, xa);
  };
  {
    auto [su, xa] = suOf(rootSelf);
    if (!su.empty()) {
      SystemUseFacts f = parseSystemUse(su, tree.records[rootSelf].offset + tree.records[rootSelf].record.systemUseOffset, xa,
                                        true, readArea, limits);
      rr.spAtRoot = f.hasSp;
      rr.lenSkp = f.spLenSkp;
      rr.rootExtensions = f.extensions;
      if (!f.empty()) rootFacts = std::move(f);
    }
  }
  // Without SP at the root, SUSP is not in use: system use bytes are someone else's data (XA,
  // Apple), so only look for stray entries without reporting layout defects.
  for (uint32_t i = 0; i < tree.records.size(); ++i) {
    if (i == rootSelf) {
      if (rootFacts) {
        rr.anyEntries = true;
        rr.add(i, std::move(*rootFacts));
      }
      continue;
    }
    auto [su, xa] = suOf(i);
    if (su.empty()) continue;
    SystemUseFacts& f = rr.emplace(i); // parsed in its place: a tree has up to millions of these
    parseSystemUse(f, su, tree.records[i].offset + tree.records[i].record.systemUseOffset,
                   xa + (rr.spAtRoot ? rr.lenSkp : 0), false, readArea, limits);
    if (f.empty()) {
      rr.dropLast();
      continue;
    }
    if (!rr.spAtRoot) {
      f.suspDefects.clear();
      f.rripDefects.clear();
    }
    rr.anyEntries = true;
    if (rr.records.size() > kMaxFactRecords) break;
  }
  if (!rr.present()) return rr;
  rr.version = inferVersion(rr);

  // Rock Ridge paths: names from NM; a relocated directory hangs where its CL placeholder is.
  std::map<uint32_t, uint32_t> dirByExtent;
  for (uint32_t d = 0; d < tree.directories.size(); ++d) dirByExtent.emplace(tree.directories[d].extent, d);
  std::map<uint32_t, uint32_t> graft; // directory -> placeholder record
  for (const auto& [i, f] : rr.records)
    if (f.childLink)
      if (auto it = dirByExtent.find(*f.childLink); it != dirByExtent.end() && it->second != 0) graft.emplace(it->second, i);
  std::vector<std::string> dirPath(tree.directories.size());
  std::vector<uint8_t> state(tree.directories.size(), 0); // 0 new, 1 in progress, 2 done
  std::function<std::string(uint32_t, unsigned)> pathOf = [&](uint32_t d, unsigned depth) -> std::string {
    if (state[d] == 2) return dirPath[d];
    if (d == 0 || state[d] == 1 || depth > kMaxPathDepth) return d == 0 ? std::string() : tree.directories[d].path;
    state[d] = 1;
    const auto& node = tree.directories[d];
    std::string p;
    if (auto g = graft.find(d); g != graft.end()) {
      const auto& placeholder = tree.records[g->second];
      p = pathOf(placeholder.directory, depth + 1) + "/" + rockRidgeName(placeholder, rr.facts(g->second));
    } else if (node.parent && node.record) {
      p = pathOf(*node.parent, depth + 1) + "/" + rockRidgeName(tree.records[*node.record], rr.facts(*node.record));
    } else {
      p = node.path;
    }
    dirPath[d] = p;
    state[d] = 2;
    return p;
  };
  // zisofs: the header and block pointers of each compressed file. The pointers kept for the pass
  // are capped in all (2 Mi pointers: 64 GiB of 32 KiB blocks, more than any disc holds), so shared
  // extents cannot make the table count multiply memory.
  uint64_t pointersLeft = uint64_t{1} << 21;
  for (size_t fi = 0; detail == RockRidgeDetail::Full && fi < tree.files.size() && rr.zisofs.size() < 100000; ++fi) {
    const auto& f = tree.files[fi];
    if (f.sections.empty() || f.runs.empty()) continue;
    const SystemUseFacts* facts = rr.facts(f.sections.front());
    if (!facts || !facts->zf) continue;
    ZisofsFileHeader z;
    z.file = fi;
    auto head = image.read(f.runs.front().imageOffset, std::min<uint64_t>(16, f.size));
    if (head && head->size() == 16) {
      static constexpr uint8_t kMagic[8] = {0x37, 0xE4, 0x53, 0x96, 0xC9, 0xDB, 0xD6, 0x07};
      z.readable = true;
      z.magic = std::equal(std::begin(kMagic), std::end(kMagic), head->begin());
      z.uncompressedSize = (*head)[8] | (uint32_t{(*head)[9]} << 8) | (uint32_t{(*head)[10]} << 16) | (uint32_t{(*head)[11]} << 24);
      z.headerSizeDiv4 = (*head)[12];
      z.log2BlockSize = (*head)[13];
      if (z.magic && z.log2BlockSize >= 15 && z.log2BlockSize <= 17) {
        const uint64_t block = uint64_t{1} << z.log2BlockSize;
        z.pointerCount = (uint64_t{z.uncompressedSize} + block - 1) / block + 1;
        const uint64_t tableBytes = z.pointerCount * 4;
        if (16 + tableBytes <= f.runs.front().length && tableBytes <= (uint64_t{1} << 20)) {
          if (auto table = image.read(f.runs.front().imageOffset + 16, tableBytes)) {
            z.pointersRead = true;
            const bool keep = z.pointerCount <= pointersLeft;
            if (keep) {
              pointersLeft -= z.pointerCount;
              z.pointers.reserve(static_cast<size_t>(z.pointerCount));
            }
            uint32_t prev = 0;
            for (uint64_t k = 0; k < z.pointerCount; ++k) {
              const size_t o = static_cast<size_t>(k * 4);
              const uint32_t p = (*table)[o] | (uint32_t{(*table)[o + 1]} << 8) | (uint32_t{(*table)[o + 2]} << 16) |
                                 (uint32_t{(*table)[o + 3]} << 24);
              if (keep) z.pointers.push_back(p);
              if (k == 0) z.firstPointer = p;
              if (k > 0 && p < prev) z.monotonic = false;
              prev = p;
            }
            z.lastPointer = prev;
          }
        }
      }
    }
    rr.zisofs.push_back(z);
  }

  rr.directoryPaths.reserve(tree.directories.size());
  for (uint32_t d = 0; d < tree.directories.size(); ++d) rr.directoryPaths.push_back(d == 0 ? "/" : pathOf(d, 0));
  rr.filePaths.reserve(tree.files.size());
  for (const auto& f : tree.files) {
    std::string& p = rr.filePaths.emplace_back();
    if (f.sections.empty()) continue;
    const uint32_t rec = f.sections.front();
    // The root's path is "/" but its children are "/NAME", not "//NAME".
    const std::string_view dir = f.directory == 0 ? std::string_view() : std::string_view(rr.directoryPaths[f.directory]);
    const std::string_view name = nameView(tree.records[rec], rr.facts(rec));
    p.reserve(dir.size() + 1 + name.size());
    p.append(dir).append(1, '/').append(name);
  }
  return rr;
}

} // namespace dv::analyzer
