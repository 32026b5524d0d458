// Directory hierarchy walk (ECMA-119 6.8, 9.2, 9.3): bounded, loop-safe, facts only.
#include "analyzer/iso9660/Hierarchy.h"

#include <algorithm>
#include <unordered_map>

#include "core/Text.h"

namespace dv::analyzer::iso9660 {
namespace {

struct Pending {
  uint32_t record = 0;
  uint32_t parent = 0;
};

std::string joinPath(const std::string& dir, const std::string& name) {
  std::string out;
  out.reserve(dir.size() + 1 + name.size());
  out.append(dir);
  if (out.empty() || out.back() != '/') out.push_back('/');
  out.append(name);
  return out;
}

class Walker {
public:
  Walker(MetadataReader& reader, uint32_t blockSize, const NameDecoder& decode, const WalkLimits& limits)
      : reader_(reader), bs_(blockSize), decode_(decode), limits_(limits) {
    h_.blockSize = blockSize;
  }

  Hierarchy run(const DirectoryRecord& root) {
    h_.walked = true;
    DirectoryNode node;
    node.path = "/";
    node.extent = root.locationOfExtent.value();
    node.dataLength = root.dataLength.value();
    node.xarLength = root.extendedAttributeRecordLength;
    if (dataStart(node) >= reader_.imageBytes()) node.outsideImage = true;
    h_.directories.push_back(std::move(node));
    visited_[h_.directories[0].extent] = 0;
    if (!h_.directories[0].outsideImage) readDirectory(0);
    while (!stack_.empty() && !stopped()) {
      Pending p = stack_.back();
      stack_.pop_back();
      enter(p);
    }
    return std::move(h_);
  }

private:
  bool stopped() const { return h_.recordLimitHit || h_.budgetHit; }

  uint64_t dataStart(const DirectoryNode& d) const {
    return (uint64_t{d.extent} + d.xarLength) * bs_;
  }

  void enter(const Pending& p) {
    const DirectoryRecord& rec = h_.records[p.record].record;
    const uint32_t extent = rec.locationOfExtent.value();
    const uint32_t depth = h_.directories[p.parent].depth + 1;
    if (auto it = visited_.find(extent); it != visited_.end()) {
      // 6.8: a directory belongs to one place in the tree. Reaching its extent again from one of
      // its own descendants is a loop; from elsewhere, a shared directory. Neither is followed.
      SkipReason reason = SkipReason::AlreadyVisited;
      for (std::optional<uint32_t> a = p.parent; a; a = h_.directories[*a].parent)
        if (*a == it->second) {
          reason = SkipReason::Loop;
          break;
        }
      h_.skipped.push_back({p.record, reason, it->second});
      return;
    }
    if (depth > limits_.maxDepth) {
      h_.depthLimitHit = true;
      h_.skipped.push_back({p.record, SkipReason::DepthLimit, std::nullopt});
      return;
    }
    DirectoryNode node;
    node.path = h_.records[p.record].path;
    node.parent = p.parent;
    node.record = p.record;
    node.depth = depth;
    node.extent = extent;
    node.dataLength = rec.dataLength.value();
    node.xarLength = rec.extendedAttributeRecordLength;
    if (dataStart(node) >= reader_.imageBytes()) {
      h_.skipped.push_back({p.record, SkipReason::OutsideImage, std::nullopt});
      return;
    }
    const auto index = static_cast<uint32_t>(h_.directories.size());
    h_.directories.push_back(std::move(node));
    h_.records[p.record].childDirectory = index;
    visited_[extent] = index;
    h_.maxDepthSeen = std::max(h_.maxDepthSeen, depth);
    readDirectory(index);
  }

  void readDirectory(uint32_t index) {
    const uint64_t start = dataStart(h_.directories[index]);
    const uint64_t declared = h_.directories[index].dataLength;
    uint64_t want = std::min(declared, limits_.maxDirectoryBytes);
    auto bytes = reader_.read(start, want);
    if (!bytes) {
      h_.directories[index].readCut = true;
      if (reader_.budgetExhausted()) h_.budgetHit = true;
      return;
    }
    if (bytes->size() < declared) h_.directories[index].readCut = true;
    parseRecords(index, start, *bytes);
  }

  void parseRecords(uint32_t index, uint64_t start, const std::vector<uint8_t>& bytes) {
    std::vector<Pending> children;
    FileEntry* open = nullptr; // a file whose last section had the multi-extent bit
    size_t pos = 0;
    uint32_t position = 0;
    while (pos < bytes.size()) {
      const uint64_t abs = start + pos;
      // 9.2: records never cross a logical sector (2048 bytes), whatever the block size.
      const uint64_t sectorEnd = (abs / kSectorSize + 1) * kSectorSize;
      const size_t secEnd = static_cast<size_t>(std::min<uint64_t>(sectorEnd - start, bytes.size()));
      const uint8_t lenDr = bytes[pos];
      if (lenDr == 0) {
        // 9.2: a zero length byte means "no more records in this sector"; the rest should be zero.
        auto first = std::find_if(bytes.begin() + static_cast<std::ptrdiff_t>(pos),
                                  bytes.begin() + static_cast<std::ptrdiff_t>(secEnd),
                                  [](uint8_t b) { return b != 0; });
        if (first != bytes.begin() + static_cast<std::ptrdiff_t>(secEnd))
          h_.directories[index].nonZeroTails.push_back(
              {start + static_cast<uint64_t>(first - bytes.begin()),
               static_cast<uint64_t>(bytes.begin() + static_cast<std::ptrdiff_t>(secEnd) - first)});
        pos = secEnd;
        continue;
      }
      if (lenDr < kMinimumRecordLength) {
        // 9.1.1: the record cannot be located; readers skip to the next sector, and so do we.
        h_.directories[index].shortRecords.push_back(abs);
        pos = secEnd;
        continue;
      }
      if (pos + lenDr > secEnd) h_.directories[index].crossingRecords.push_back(abs);
      if (pos + lenDr > bytes.size()) break;
      if (h_.records.size() >= limits_.maxRecords) {
        h_.recordLimitHit = true;
        return;
      }
      auto parsed = parseDirectoryRecord(ByteView(bytes).subspan(pos, lenDr));
      if (!parsed) break; // cannot happen after the checks above; stop this directory if it does
      // Built in its place: a record is a few hundred bytes, and a tree has up to millions of them.
      const auto ri = static_cast<uint32_t>(h_.records.size());
      RecordEntry& e = h_.records.emplace_back();
      e.record = std::move(*parsed);
      e.lba = abs / kSectorSize;
      e.offset = abs;
      e.directory = index;
      e.position = position++;
      const std::string& dirPath = h_.directories[index].path;
      if (e.record.isSelf()) {
        e.name.assign(1, '.');
        e.path = dirPath;
      } else if (e.record.isParent()) {
        e.name.assign(2, '.');
        e.path = dirPath;
      } else {
        e.name = decode_(e.record.fileIdentifier);
        e.path = joinPath(dirPath, e.name);
      }
      if (e.record.extendedAttributeRecordLength > 0 && !e.record.isSelf() && !e.record.isParent())
        readXar(e); // touches only e and the walk's flags: the reference stays valid
      h_.directories[index].records.push_back(ri);
      const DirectoryRecord& r = h_.records[ri].record;
      if (r.isSelf() || r.isParent()) {
        open = nullptr;
      } else if (r.isDirectory()) {
        children.push_back({ri, index});
        open = nullptr;
      } else {
        // 6.5.1: sections of one file are adjacent records with the same identifier, every one but
        // the last carrying the multi-extent bit.
        if (open && h_.records[open->sections.back()].record.fileIdentifier == r.fileIdentifier) {
          open->sections.push_back(ri);
        } else {
          FileEntry f;
          f.path = h_.records[ri].path;
          f.directory = index;
          f.sections.push_back(ri);
          f.associated = r.isAssociated();
          h_.files.push_back(std::move(f));
          open = &h_.files.back();
          fileStarts_.push_back(h_.files.size() - 1);
        }
        if (!r.isMultiExtent()) open = nullptr;
      }
      pos += lenDr;
    }
    for (size_t fi : fileStarts_) layOut(h_.files[fi]);
    fileStarts_.clear();
    // Depth-first in recorded order: push in reverse so the first child is entered first.
    for (auto it = children.rbegin(); it != children.rend(); ++it) stack_.push_back(*it);
  }

  void readXar(RecordEntry& e) {
    const uint64_t at = uint64_t{e.record.locationOfExtent.value()} * bs_;
    if (at >= reader_.imageBytes()) return;
    auto bytes = reader_.read(at, kXarFixedLength);
    if (!bytes) {
      if (reader_.budgetExhausted()) h_.budgetHit = true;
      return;
    }
    if (auto x = parseExtendedAttributeRecord(*bytes, at)) e.xar = std::make_shared<const ExtendedAttributeRecord>(std::move(*x));
  }

  // The file's data runs: after each section's XAR, expanded for interleaving (6.4).
  void layOut(FileEntry& f) {
    uint64_t fileOffset = 0;
    for (uint32_t ri : f.sections) {
      const DirectoryRecord& r = h_.records[ri].record;
      const uint64_t length = r.dataLength.value();
      f.size += length;
      uint64_t lba = uint64_t{r.locationOfExtent.value()} + r.extendedAttributeRecordLength;
      if (r.fileUnitSize == 0) {
        addRun(f, lba, fileOffset, length);
        fileOffset += length;
        continue;
      }
      f.interleaved = true;
      const uint64_t unitBytes = uint64_t{r.fileUnitSize} * bs_;
      uint64_t left = length;
      while (left > 0 && !f.runsCut) {
        if (reader_.sizeKnown() && lba * bs_ >= reader_.imageBytes()) {
          // Every unit from here on lies past the end of the image: one run says so.
          addRun(f, lba, fileOffset, left);
          fileOffset += left;
          left = 0;
          break;
        }
        const uint64_t n = std::min(left, unitBytes);
        addRun(f, lba, fileOffset, n);
        fileOffset += n;
        left -= n;
        lba += uint64_t{r.fileUnitSize} + r.interleaveGapSize;
      }
      fileOffset += left; // only when the run list was cut
    }
  }

  void addRun(FileEntry& f, uint64_t lba, uint64_t fileOffset, uint64_t length) {
    if (f.runs.size() >= limits_.maxRunsPerFile || runs_ >= limits_.maxRuns) {
      f.runsCut = true;
      return;
    }
    ++runs_;
    FileRun run;
    run.lba = lba;
    run.imageOffset = lba * bs_;
    run.fileOffset = fileOffset;
    run.length = length;
    if (!reader_.sizeKnown()) {
      run.readableLength = length;
    } else if (run.imageOffset < reader_.imageBytes()) {
      run.readableLength = std::min(length, reader_.imageBytes() - run.imageOffset);
    }
    f.runs.push_back(run);
  }

  MetadataReader& reader_;
  uint64_t runs_ = 0; ///< runs of all files so far (WalkLimits::maxRuns)
  uint64_t bs_;
  const NameDecoder& decode_;
  const WalkLimits& limits_;
  Hierarchy h_;
  std::vector<Pending> stack_;
  std::unordered_map<uint32_t, uint32_t> visited_;
  std::vector<size_t> fileStarts_;
};

} // namespace

std::string primaryName(std::string_view rawIdentifier) { return utf8Safe(rawIdentifier); }

std::string_view skipReasonName(SkipReason r) {
  switch (r) {
  case SkipReason::Loop: return "loop";
  case SkipReason::AlreadyVisited: return "already-visited";
  case SkipReason::OutsideImage: return "outside-image";
  case SkipReason::DepthLimit: return "depth-limit";
  case SkipReason::Budget: return "budget";
  }
  return "?";
}

bool FileEntry::outsideImage() const {
  return std::any_of(runs.begin(), runs.end(), [](const FileRun& r) { return r.readableLength < r.length; });
}

Hierarchy walkHierarchy(MetadataReader& reader, const DirectoryRecord& root, uint32_t blockSize,
                        const NameDecoder& decode, const WalkLimits& limits) {
  Walker w(reader, blockSize == 0 ? kSectorSize : blockSize, decode, limits);
  return w.run(root);
}

} // namespace dv::analyzer::iso9660
