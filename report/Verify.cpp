// Verify: re-computes the reference's digests from the pass (and, for ranges the pass did not hash,
// from the source) and maps each differing range to the files whose bytes lie there.
#include "report/Verify.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/Text.h"
#include "hashing/Hasher.h"

namespace dv::report {
namespace {

using hashing::Algorithm;

/// The piece size of `ref` when its pieces are regular (offset i*size, every piece but the last full).
std::optional<uint64_t> regularPieceSize(const Reference& ref) {
  std::vector<ByteRange> pieces;
  for (const RefItem& i : ref.items)
    if (i.kind == RefItemKind::Piece && i.runs.size() == 1) pieces.push_back(i.runs.front());
  if (pieces.empty()) return std::nullopt;
  std::sort(pieces.begin(), pieces.end(), [](const ByteRange& a, const ByteRange& b) { return a.offset < b.offset; });
  const uint64_t size = pieces.front().length;
  if (size == 0) return std::nullopt;
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].offset % size != 0) return std::nullopt;
    if (pieces[i].length != size && i + 1 != pieces.size()) return std::nullopt;
  }
  return size;
}

/// Hashes the concatenation of `runs` from `source`, within a byte budget shared by all calls.
std::optional<std::vector<hashing::Digest>> digestRuns(analyzer::ByteSource& source, const std::vector<ByteRange>& runs,
                                                       const std::vector<Algorithm>& algorithms, uint64_t imageBytes,
                                                       uint64_t& budget) {
  std::vector<std::unique_ptr<hashing::Hasher>> hashers;
  for (Algorithm a : algorithms) hashers.push_back(hashing::makeHasher(a));
  std::vector<uint8_t> buffer(1 << 20);
  for (const ByteRange& r : runs) {
    if (r.offset > imageBytes || r.length > imageBytes - r.offset || r.length > budget) return std::nullopt;
    budget -= r.length;
    uint64_t done = 0;
    while (done < r.length) {
      const size_t want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), r.length - done));
      auto got = source.readAt(r.offset + done, MutableByteView(buffer.data(), want));
      if (!got || *got != want) return std::nullopt;
      for (auto& h : hashers) h->update(ByteView(buffer.data(), want));
      done += want;
    }
  }
  std::vector<hashing::Digest> out;
  for (auto& h : hashers) out.push_back(h->finish());
  return out;
}

bool overlaps(const ByteRange& a, const ByteRange& b) { return a.offset < b.end() && b.offset < a.end(); }

/// What lies in `range`: the reference's files whose byte runs overlap it, then the structures and
/// files the image's own analysis places there; at most `limit` names plus a count of the rest.
std::vector<std::string> namesInside(const Reference& ref, const std::vector<analyzer::Region>& regions,
                                     const ByteRange& range, size_t limit = 20) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  size_t more = 0;
  auto add = [&](const std::string& name) {
    if (!seen.insert(name).second) return;
    if (names.size() < limit) names.push_back(name);
    else ++more;
  };
  for (const RefItem& i : ref.items) {
    if (i.kind != RefItemKind::File) continue;
    if (std::any_of(i.runs.begin(), i.runs.end(), [&](const ByteRange& r) { return overlaps(r, range); })) add(i.name);
  }
  for (const analyzer::Region& r : regions)
    if (overlaps({r.offset, r.length}, range) && r.kind != analyzer::RegionKind::Track) add(r.label);
  if (more) names.push_back("and " + std::to_string(more) + " more");
  return names;
}

std::string rangeText(const ByteRange& r) {
  return "bytes 0x" + hex(r.offset) + "-0x" + hex(r.length ? r.end() - 1 : r.offset);
}

} // namespace

size_t comparableDigests(const Reference& ref) {
  size_t n = 0;
  for (const RefItem& i : ref.items) n += i.digests.size();
  return n;
}

analyzer::AnalyzeOptions analyzeOptionsFor(const Reference& ref, analyzer::AnalyzeOptions base) {
  std::set<Algorithm> image(base.imageHashes.begin(), base.imageHashes.end());
  std::set<Algorithm> files(base.fileHashes.begin(), base.fileHashes.end());
  std::set<Algorithm> tracks(base.trackHashes.begin(), base.trackHashes.end());
  std::set<Algorithm> piece;
  for (const RefItem& i : ref.items) {
    for (const RefDigest& d : i.digests) {
      // A CD's data files are hashed as stored with the whole-image algorithms, its tracks' content
      // with the track algorithms: each scope recomputes what the reference holds for it.
      if (i.kind == RefItemKind::Image || i.kind == RefItemKind::DataFile) image.insert(d.algorithm);
      if (i.kind == RefItemKind::Track && i.trackNumber > 0) tracks.insert(d.algorithm);
      if (i.kind == RefItemKind::Piece) piece.insert(d.algorithm);
      // The pass hashes the files the reference lists with its algorithms: a CD's files can be
      // hashed only there (their bytes are not one range of the input).
      if (i.kind == RefItemKind::File) files.insert(d.algorithm);
    }
  }
  base.imageHashes.assign(image.begin(), image.end());
  base.fileHashes.assign(files.begin(), files.end());
  base.trackHashes.assign(tracks.begin(), tracks.end());
  base.pieceSize = 0;
  base.pieceHashes.clear();
  if (auto size = regularPieceSize(ref); size && !piece.empty()) {
    base.pieceSize = *size;
    base.pieceHashes.assign(piece.begin(), piece.end());
  }
  return base;
}

Comparison compareWithReference(const Reference& ref, const analyzer::ImageAnalysis& a, analyzer::ByteSource* source) {
  Comparison out;
  // Digests of the pass, by what they cover.
  std::map<Algorithm, std::string> imageDigests;
  for (const auto& d : a.digests) imageDigests[d.digest.algorithm] = d.digest.hex();
  std::map<std::tuple<uint64_t, uint64_t, Algorithm>, std::string> pieceDigests;
  for (const auto& set : a.pieceSets)
    for (const auto& p : set.pieces) pieceDigests[{p.offset, p.length, set.algorithm}] = p.digest.hex();
  const bool canRead = source && !source->info().sequential;
  const std::vector<analyzer::Region> regions = mapRegions(a);
  // The files of this pass by the name the reports give them (the first of a name wins).
  const std::vector<FileRow> current = collectFiles(a);
  std::map<std::string, const FileRow*> currentByName;
  for (const FileRow& f : current) currentByName.emplace(f.path, &f);
  uint64_t budget = a.sizeBytes > UINT64_MAX / 4 ? UINT64_MAX : a.sizeBytes * 4;

  for (const RefItem& item : ref.items) {
    std::vector<std::string> actual(item.digests.size());
    auto fromList = [&](const std::vector<hashing::Digest>& have) {
      for (size_t k = 0; k < item.digests.size(); ++k)
        for (const hashing::Digest& d : have)
          if (d.algorithm == item.digests[k].algorithm) actual[k] = d.hex();
    };
    if (item.kind == RefItemKind::Image) {
      for (size_t k = 0; k < item.digests.size(); ++k) {
        auto it = imageDigests.find(item.digests[k].algorithm);
        if (it != imageDigests.end()) actual[k] = it->second;
      }
    } else if (item.kind == RefItemKind::Track && item.trackNumber > 0) {
      // CD tracks are compared by number with the content digests of this pass.
      if (a.cd)
        for (const auto& c : a.cd->content)
          if (c.track == item.trackNumber && c.complete) fromList(c.digests);
    } else if (item.kind == RefItemKind::DataFile) {
      if (a.cd)
        for (const auto& f : a.cd->files)
          if (f.file >= 0 && static_cast<size_t>(f.file) < a.cd->disc.files.size() &&
              a.cd->disc.files[static_cast<size_t>(f.file)].name == item.name && f.read && f.error.empty())
            fromList(f.digests);
    } else {
      if (item.kind == RefItemKind::File) {
        auto it = currentByName.find(item.name);
        if (it != currentByName.end() && it->second->complete) fromList(it->second->digests);
      }
      bool missing = false;
      for (size_t k = 0; k < item.digests.size(); ++k) {
        if (item.kind == RefItemKind::Piece && item.runs.size() == 1) {
          auto it = pieceDigests.find({item.runs[0].offset, item.runs[0].length, item.digests[k].algorithm});
          if (it != pieceDigests.end()) actual[k] = it->second;
        }
        if (actual[k].empty()) missing = true;
      }
      // A CD's file runs are in the address space of its user data, not byte ranges of the input.
      const bool runsInInput = !(item.kind == RefItemKind::File && a.isoInUserData);
      if (missing && canRead && runsInInput) {
        std::vector<Algorithm> algs;
        for (const RefDigest& d : item.digests) algs.push_back(d.algorithm);
        if (auto ds = digestRuns(*source, item.runs, algs, a.sizeBytes, budget))
          for (size_t k = 0; k < ds->size(); ++k) actual[k] = (*ds)[k].hex();
      }
    }
    bool itemMatches = true;
    for (size_t k = 0; k < item.digests.size(); ++k) {
      ComparisonItem c;
      c.what = std::string(refItemKindName(item.kind));
      c.name = item.name;
      if (item.kind != RefItemKind::Image && !item.runs.empty()) {
        c.offset = item.runs.front().offset;
        uint64_t total = 0;
        for (const ByteRange& r : item.runs) total += r.length;
        c.length = total;
      } else if (item.kind == RefItemKind::Image) {
        c.length = item.size;
      }
      c.algorithm = item.digests[k].algorithm;
      c.expected = item.digests[k].hex;
      c.actual = actual[k];
      c.match = !c.actual.empty() && c.actual == c.expected;
      if (!c.match && (item.kind == RefItemKind::Piece || item.kind == RefItemKind::Track))
        for (const ByteRange& r : item.runs) {
          auto names = namesInside(ref, regions, r);
          c.inside.insert(c.inside.end(), names.begin(), names.end());
        }
      if (!c.match) itemMatches = false;
      out.items.push_back(std::move(c));
    }
    if (item.kind == RefItemKind::File && !itemMatches) {
      const bool gone = a.isoInUserData ? !currentByName.count(item.name)
                                        : std::any_of(item.runs.begin(), item.runs.end(), [&](const ByteRange& r) {
                                            return r.offset > a.sizeBytes || r.length > a.sizeBytes - r.offset;
                                          });
      (gone ? out.filesRemoved : out.filesChanged).push_back(item.name);
    }
  }
  // Files listed on one side only, when both sides list files.
  if (ref.listsFiles && !current.empty()) {
    std::set<std::string> refNames, nowNames;
    for (const RefItem& i : ref.items)
      if (i.kind == RefItemKind::File) refNames.insert(i.name);
    for (const FileRow& f : current) nowNames.insert(f.path);
    for (const std::string& n : nowNames)
      if (!refNames.count(n)) out.filesAdded.push_back(n);
    for (const std::string& n : refNames)
      if (!nowNames.count(n) && std::find(out.filesRemoved.begin(), out.filesRemoved.end(), n) == out.filesRemoved.end())
        out.filesRemoved.push_back(n);
  }
  return out;
}

std::string describeMismatch(const ComparisonItem& c) {
  std::string s;
  if (c.what == "image") {
    s = "image " + std::string(hashing::algorithmName(c.algorithm)) + " differs";
  } else if (c.what == "file") {
    s = c.name + " changed";
  } else if (c.what == "data-file") {
    s = "data file " + c.name + " changed";
  } else if (c.what == "track" && !c.offset) {
    s = c.name + " changed";
  } else {
    s = (c.offset && c.length ? rangeText({*c.offset, *c.length}) : c.what) + " changed";
    if (!c.name.empty()) s += " (" + c.name + ")";
  }
  if (c.actual.empty()) s += " (could not be read)";
  if (!c.inside.empty()) {
    s += ": inside ";
    for (size_t i = 0; i < c.inside.size(); ++i) s += (i ? ", " : "") + c.inside[i];
  }
  return s;
}

} // namespace dv::report
