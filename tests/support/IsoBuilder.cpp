// IsoBuilder: lays out and writes small ISO 9660 images for tests.
#include "tests/support/IsoBuilder.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <stdexcept>

namespace dv::test {
namespace {

constexpr uint32_t kBlock = 2048;

uint32_t blocksFor(uint64_t bytes) { return static_cast<uint32_t>((bytes + kBlock - 1) / kBlock); }

void le16(std::vector<uint8_t>& b, size_t at, uint16_t v) {
  b[at] = static_cast<uint8_t>(v);
  b[at + 1] = static_cast<uint8_t>(v >> 8);
}
void be16(std::vector<uint8_t>& b, size_t at, uint16_t v) {
  b[at] = static_cast<uint8_t>(v >> 8);
  b[at + 1] = static_cast<uint8_t>(v);
}
void le32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  for (size_t i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}
void be32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  for (size_t i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * (3 - i)));
}
void both16(std::vector<uint8_t>& b, size_t at, uint16_t v) {
  le16(b, at, v);
  be16(b, at + 2, v);
}
void both32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
  le32(b, at, v);
  be32(b, at + 4, v);
}
void text(std::vector<uint8_t>& b, size_t at, size_t len, const std::string& s, uint8_t fill = ' ') {
  for (size_t i = 0; i < len; ++i) b[at + i] = i < s.size() ? static_cast<uint8_t>(s[i]) : fill;
}
void date17(std::vector<uint8_t>& b, size_t at, const std::string& digits) {
  text(b, at, 16, digits, '0');
  b[at + 16] = 0;
}

/// One record to write: where its data is.
struct RecordPlan {
  std::string identifier;
  uint32_t extent = 0;
  uint32_t dataLength = 0;
  uint8_t flags = 0;
  uint8_t xar = 0;
  uint8_t unit = 0;
  uint8_t gap = 0;
  std::string systemUse;
  std::string key; ///< path for recordOffsets
};

size_t recordLength(size_t idLen, size_t suLen) {
  size_t n = 33 + idLen + (idLen % 2 == 0 ? 1 : 0) + suLen;
  return n + (n % 2);
}

} // namespace

uint64_t BuiltIso::record(const std::string& path) const {
  if (path == "/") return pvdOffset + 156;
  auto it = recordOffsets.find(path);
  if (it == recordOffsets.end()) throw std::out_of_range("no record for " + path);
  return it->second;
}

void BuiltIso::put8(uint64_t o, uint8_t v) { bytes.at(o) = v; }
void BuiltIso::putLe16(uint64_t o, uint16_t v) { le16(bytes, o, v); }
void BuiltIso::putBe16(uint64_t o, uint16_t v) { be16(bytes, o, v); }
void BuiltIso::putLe32(uint64_t o, uint32_t v) { le32(bytes, o, v); }
void BuiltIso::putBe32(uint64_t o, uint32_t v) { be32(bytes, o, v); }
void BuiltIso::putBoth16(uint64_t o, uint16_t le, uint16_t be) {
  le16(bytes, o, le);
  be16(bytes, o + 2, be);
}
void BuiltIso::putBoth32(uint64_t o, uint32_t le, uint32_t be) {
  le32(bytes, o, le);
  be32(bytes, o + 4, be);
}
void BuiltIso::putBytes(uint64_t o, std::string_view s) {
  assert(o + s.size() <= bytes.size());
  std::memcpy(bytes.data() + o, s.data(), s.size());
}

std::unique_ptr<analyzer::MemorySource> BuiltIso::source() const {
  return std::make_unique<analyzer::MemorySource>(bytes, "built.iso");
}

size_t IsoBuilder::ensureDirectory(const std::string& path) {
  size_t cur = 0;
  size_t pos = 1;
  while (pos < path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string::npos) end = path.size();
    const std::string part = path.substr(pos, end - pos);
    pos = end + 1;
    if (part.empty()) continue;
    size_t found = SIZE_MAX;
    for (size_t c : nodes_[cur].children)
      if (nodes_[c].name == part) found = c;
    if (found == SIZE_MAX) {
      nodes_.push_back(Node{part, true, {}, {}, {}, cur});
      found = nodes_.size() - 1;
      nodes_[cur].children.push_back(found);
    }
    cur = found;
  }
  return cur;
}

IsoBuilder& IsoBuilder::directory(const std::string& path) {
  ensureDirectory(path);
  return *this;
}

IsoBuilder& IsoBuilder::file(const std::string& path, std::string data, IsoFileOptions options) {
  const size_t slash = path.rfind('/');
  const size_t dir = ensureDirectory(path.substr(0, slash));
  nodes_.push_back(Node{path.substr(slash + 1), false, std::move(data), options, {}, dir});
  nodes_[dir].children.push_back(nodes_.size() - 1);
  return *this;
}

IsoBuilder& IsoBuilder::systemUse(const std::string& path, std::string bytes) {
  systemUse_[path] = std::move(bytes);
  return *this;
}

BuiltIso IsoBuilder::build() const {
  BuiltIso out;
  const size_t treeCount = 1 + supplementary.size();
  auto encode = [&](size_t tree, const std::string& name) {
    return tree == 0 ? name : supplementary[tree - 1].encodeName(name);
  };
  auto pathOf = [&](size_t n) {
    std::string p;
    for (size_t c = n; c != 0; c = nodes_[c].parent) p = "/" + nodes_[c].name + p;
    return p.empty() ? std::string("/") : p;
  };

  // Children order per tree, and the directories in breadth-first order (path table order).
  std::vector<std::vector<std::vector<size_t>>> order(treeCount, std::vector<std::vector<size_t>>(nodes_.size()));
  std::vector<std::vector<size_t>> bfs(treeCount);
  for (size_t t = 0; t < treeCount; ++t) {
    for (size_t n = 0; n < nodes_.size(); ++n) {
      auto kids = nodes_[n].children;
      if (!keepOrder)
        std::stable_sort(kids.begin(), kids.end(),
                         [&](size_t a, size_t b) { return encode(t, nodes_[a].name) < encode(t, nodes_[b].name); });
      order[t][n] = kids;
    }
    bfs[t].push_back(0);
    for (size_t i = 0; i < bfs[t].size(); ++i)
      for (size_t c : order[t][bfs[t][i]])
        if (nodes_[c].isDirectory) bfs[t].push_back(c);
  }

  // Sector allocation.
  uint32_t next = 16;
  out.pvdOffset = uint64_t{next++} * kBlock;
  for (size_t i = 0; i < supplementary.size(); ++i) out.svdOffsets.push_back(uint64_t{next++} * kBlock);
  const uint32_t extraAt = next;
  next += static_cast<uint32_t>(extraDescriptors.size());
  const uint32_t termAt = next;
  next += terminators;
  out.terminatorOffset = uint64_t{termAt} * kBlock;
  const uint32_t afterAt = next;
  next += static_cast<uint32_t>(afterTerminators.size());

  std::vector<uint32_t> ptSize(treeCount), ptL(treeCount), ptM(treeCount);
  for (size_t t = 0; t < treeCount; ++t) {
    uint32_t size = 0;
    for (size_t d : bfs[t]) {
      const size_t len = d == 0 ? 1 : encode(t, nodes_[d].name).size();
      size += static_cast<uint32_t>(8 + len + (len % 2));
    }
    ptSize[t] = size;
    ptL[t] = next;
    next += blocksFor(size);
    ptM[t] = next;
    next += blocksFor(size);
  }

  // Directory sizes depend only on identifiers and system use: compute the record lists.
  auto sectionsOf = [&](size_t n) {
    const Node& f = nodes_[n];
    std::vector<uint64_t> sizes;
    uint64_t left = f.data.size();
    if (f.options.sectionSize > 0) {
      while (left > f.options.sectionSize) {
        sizes.push_back(f.options.sectionSize);
        left -= f.options.sectionSize;
      }
    }
    sizes.push_back(left);
    return sizes;
  };
  std::vector<std::vector<uint32_t>> dirExtent(treeCount, std::vector<uint32_t>(nodes_.size()));
  std::vector<std::vector<uint32_t>> dirLength(treeCount, std::vector<uint32_t>(nodes_.size()));
  auto suFor = [&](size_t t, const std::string& key) -> std::string {
    if (t != 0) return {};
    auto it = systemUse_.find(key);
    return it == systemUse_.end() ? std::string() : it->second;
  };
  auto dirBytes = [&](size_t t, size_t d) {
    std::vector<size_t> lens;
    const std::string self = pathOf(d) == "/" ? "/." : pathOf(d) + "/.";
    lens.push_back(recordLength(1, suFor(t, self).size()));
    lens.push_back(recordLength(1, suFor(t, pathOf(d) == "/" ? "/.." : pathOf(d) + "/..").size()));
    for (size_t c : order[t][d]) {
      const size_t idLen = encode(t, nodes_[c].name).size();
      const size_t count = nodes_[c].isDirectory ? 1 : sectionsOf(c).size();
      for (size_t i = 0; i < count; ++i) lens.push_back(recordLength(idLen, suFor(t, pathOf(c)).size()));
    }
    uint64_t pos = 0;
    for (size_t l : lens) {
      if (pos % kBlock + l > kBlock) pos = (pos / kBlock + 1) * kBlock;
      pos += l;
    }
    return static_cast<uint32_t>(std::max<uint64_t>(blocksFor(pos), 1) * kBlock);
  };
  for (size_t t = 0; t < treeCount; ++t)
    for (size_t d : bfs[t]) {
      dirLength[t][d] = dirBytes(t, d);
      dirExtent[t][d] = next;
      next += dirLength[t][d] / kBlock;
    }

  // File data: shared by every tree.
  struct Section {
    uint32_t extent;
    uint32_t length;
  };
  std::vector<std::vector<Section>> sections(nodes_.size());
  for (size_t n = 0; n < nodes_.size(); ++n) {
    const Node& f = nodes_[n];
    if (f.isDirectory) continue;
    for (uint64_t len : sectionsOf(n)) {
      const uint32_t extent = next;
      next += f.options.extendedAttributeRecordLength;
      uint32_t blocks = blocksFor(len);
      if (f.options.fileUnitSize > 0) {
        const uint32_t units = (blocks + f.options.fileUnitSize - 1) / f.options.fileUnitSize;
        blocks = units * (f.options.fileUnitSize + f.options.interleaveGapSize);
      }
      next += blocks;
      sections[n].push_back({extent, static_cast<uint32_t>(len)});
    }
  }
  out.volumeSpaceSize = next;
  out.bytes.assign(uint64_t{next + trailingSectors} * kBlock, 0);
  auto& b = out.bytes;

  auto writeRecord = [&](size_t at, const RecordPlan& r) {
    const size_t len = recordLength(r.identifier.size(), r.systemUse.size());
    b[at] = static_cast<uint8_t>(len);
    b[at + 1] = r.xar;
    both32(b, at + 2, r.extent);
    both32(b, at + 10, r.dataLength);
    std::copy(recordingDate.begin(), recordingDate.end(), b.begin() + static_cast<std::ptrdiff_t>(at + 18));
    b[at + 25] = r.flags;
    b[at + 26] = r.unit;
    b[at + 27] = r.gap;
    both16(b, at + 28, pvd.volumeSequenceNumber);
    b[at + 32] = static_cast<uint8_t>(r.identifier.size());
    std::memcpy(b.data() + at + 33, r.identifier.data(), r.identifier.size());
    const size_t su = 33 + r.identifier.size() + (r.identifier.size() % 2 == 0 ? 1 : 0);
    std::memcpy(b.data() + at + su, r.systemUse.data(), r.systemUse.size());
    return len;
  };

  // Descriptors.
  auto writeDescriptor = [&](uint64_t at, size_t t) {
    const size_t o = static_cast<size_t>(at);
    const bool primary = t == 0;
    b[o] = primary ? 1 : 2;
    text(b, o + 1, 5, "CD001");
    b[o + 6] = primary ? 1 : supplementary[t - 1].volumeDescriptorVersion;
    text(b, o + 8, 32, pvd.systemIdentifier);
    text(b, o + 40, 32, pvd.volumeIdentifier);
    both32(b, o + 80, out.volumeSpaceSize);
    if (!primary)
      std::copy(supplementary[t - 1].escapeSequences.begin(), supplementary[t - 1].escapeSequences.end(),
                b.begin() + static_cast<std::ptrdiff_t>(o + 88));
    both16(b, o + 120, pvd.volumeSetSize);
    both16(b, o + 124, pvd.volumeSequenceNumber);
    both16(b, o + 128, pvd.logicalBlockSize);
    both32(b, o + 132, ptSize[t]);
    le32(b, o + 140, ptL[t]);
    be32(b, o + 148, ptM[t]);
    RecordPlan root{std::string(1, '\0'), dirExtent[t][0], dirLength[t][0], 0x02, 0, 0, 0, {}, {}};
    writeRecord(o + 156, root);
    text(b, o + 190, 128, pvd.volumeSetIdentifier);
    text(b, o + 318, 128, pvd.publisherIdentifier);
    text(b, o + 446, 128, pvd.dataPreparerIdentifier);
    text(b, o + 574, 128, pvd.applicationIdentifier);
    text(b, o + 702, 37, pvd.copyrightFileIdentifier);
    text(b, o + 739, 37, pvd.abstractFileIdentifier);
    text(b, o + 776, 37, pvd.bibliographicFileIdentifier);
    date17(b, o + 813, pvd.volumeCreationDateAndTime);
    date17(b, o + 830, pvd.volumeModificationDateAndTime);
    date17(b, o + 847, pvd.volumeExpirationDateAndTime);
    date17(b, o + 864, pvd.volumeEffectiveDateAndTime);
    b[o + 881] = primary ? pvd.fileStructureVersion : supplementary[t - 1].fileStructureVersion;
  };
  writeDescriptor(out.pvdOffset, 0);
  for (size_t i = 0; i < supplementary.size(); ++i) writeDescriptor(out.svdOffsets[i], i + 1);
  for (size_t i = 0; i < extraDescriptors.size(); ++i) {
    const auto& e = extraDescriptors[i];
    std::copy_n(e.begin(), std::min<size_t>(e.size(), kBlock), b.begin() + (uint64_t{extraAt} + i) * kBlock);
  }
  for (uint32_t i = 0; i < terminators; ++i) {
    const size_t o = (uint64_t{termAt} + i) * kBlock;
    b[o] = 255;
    text(b, o + 1, 5, "CD001");
    b[o + 6] = 1;
  }
  for (size_t i = 0; i < afterTerminators.size(); ++i) {
    const auto& e = afterTerminators[i];
    std::copy_n(e.begin(), std::min<size_t>(e.size(), kBlock), b.begin() + (uint64_t{afterAt} + i) * kBlock);
  }
  out.pathTableSize = ptSize[0];
  out.typeLPathTable = ptL[0];
  out.typeMPathTable = ptM[0];

  for (size_t t = 0; t < treeCount; ++t) {
    // Path tables (9.4).
    std::vector<size_t> number(nodes_.size(), 0);
    for (size_t i = 0; i < bfs[t].size(); ++i) number[bfs[t][i]] = i + 1;
    size_t l = uint64_t{ptL[t]} * kBlock, m = uint64_t{ptM[t]} * kBlock;
    for (size_t d : bfs[t]) {
      const std::string id = d == 0 ? std::string(1, '\0') : encode(t, nodes_[d].name);
      const auto parent = static_cast<uint16_t>(d == 0 ? 1 : number[nodes_[d].parent]);
      for (bool little : {true, false}) {
        size_t& at = little ? l : m;
        b[at] = static_cast<uint8_t>(id.size());
        if (little) {
          le32(b, at + 2, dirExtent[t][d]);
          le16(b, at + 6, parent);
        } else {
          be32(b, at + 2, dirExtent[t][d]);
          be16(b, at + 6, parent);
        }
        std::memcpy(b.data() + at + 8, id.data(), id.size());
        at += 8 + id.size() + (id.size() % 2);
      }
    }
    // Directories (9.1, 9.2).
    for (size_t d : bfs[t]) {
      const std::string dpath = pathOf(d);
      const size_t parent = d == 0 ? 0 : nodes_[d].parent;
      std::vector<RecordPlan> recs;
      recs.push_back({std::string(1, '\0'), dirExtent[t][d], dirLength[t][d], 0x02, 0, 0, 0,
                      suFor(t, dpath == "/" ? "/." : dpath + "/."), dpath + "/."});
      recs.push_back({std::string(1, '\1'), dirExtent[t][parent], dirLength[t][parent], 0x02, 0, 0, 0,
                      suFor(t, dpath == "/" ? "/.." : dpath + "/.."), {}});
      for (size_t c : order[t][d]) {
        const Node& n = nodes_[c];
        const std::string id = encode(t, n.name);
        const std::string cpath = pathOf(c);
        if (n.isDirectory) {
          recs.push_back({id, dirExtent[t][c], dirLength[t][c], 0x02, 0, 0, 0, suFor(t, cpath), cpath});
          continue;
        }
        for (size_t s = 0; s < sections[c].size(); ++s) {
          uint8_t fl = n.options.fileFlags;
          if (s + 1 < sections[c].size()) fl |= 0x80;
          recs.push_back({id, sections[c][s].extent, sections[c][s].length, fl, n.options.extendedAttributeRecordLength,
                          n.options.fileUnitSize, n.options.interleaveGapSize, suFor(t, cpath),
                          s == 0 ? cpath : std::string()});
        }
      }
      uint64_t pos = uint64_t{dirExtent[t][d]} * kBlock;
      for (const auto& r : recs) {
        const size_t len = recordLength(r.identifier.size(), r.systemUse.size());
        if (pos % kBlock + len > kBlock) pos = (pos / kBlock + 1) * kBlock;
        if (t == 0 && !r.key.empty()) {
          if (r.key.size() >= 2 && r.key.substr(r.key.size() - 2) == "/.")
            out.selfOffsets[dpath] = pos;
          else
            out.recordOffsets[r.key] = pos;
          out.extents[r.key] = r.extent;
        }
        pos += writeRecord(static_cast<size_t>(pos), r);
      }
    }
  }
  out.extents["/"] = dirExtent[0][0];

  // File data, with an XAR (version 1) in front when asked.
  for (size_t n = 0; n < nodes_.size(); ++n) {
    const Node& f = nodes_[n];
    if (f.isDirectory) continue;
    uint64_t fileOff = 0;
    for (const auto& s : sections[n]) {
      if (f.options.extendedAttributeRecordLength > 0) b[uint64_t{s.extent} * kBlock + 180] = 1;
      uint64_t at = (uint64_t{s.extent} + f.options.extendedAttributeRecordLength) * kBlock;
      uint64_t left = s.length;
      while (left > 0) {
        const uint64_t unit = f.options.fileUnitSize > 0 ? uint64_t{f.options.fileUnitSize} * kBlock : left;
        const uint64_t take = std::min(unit, left);
        std::memcpy(b.data() + at, f.data.data() + fileOff, take);
        fileOff += take;
        left -= take;
        at += unit + uint64_t{f.options.interleaveGapSize} * kBlock;
      }
    }
  }
  return out;
}

} // namespace dv::test
