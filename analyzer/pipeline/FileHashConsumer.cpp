// FileHashConsumer: routes each chunk's bytes to the files whose runs it covers.
#include "analyzer/pipeline/FileHashConsumer.h"

#include <algorithm>

namespace dv::analyzer {

struct FileHashConsumer::FileState {
  std::vector<ByteRange> runs;
  std::vector<std::unique_ptr<hashing::Hasher>> hashers;
  uint32_t nextRun = 0;             ///< the run being fed
  uint64_t nextRunOffset = 0;       ///< bytes of nextRun fed so far
  std::map<uint32_t, std::vector<uint8_t>> pending; ///< later runs that arrived early
  uint64_t fed = 0;
  bool skipped = false;             ///< over the hash budget: not hashed
  bool overflow = false;            ///< a buffered run did not fit the buffer limit
  bool gap = false;                 ///< bytes inside a run never arrived (a source shorter than its map)
};

FileHashConsumer::FileHashConsumer(std::vector<FileLayout> files, std::vector<hashing::Algorithm> algorithms,
                                   uint64_t hashBudget, uint64_t bufferLimit)
    : algorithms_(std::move(algorithms)), bufferLimit_(bufferLimit) {
  uint64_t planned = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    auto f = std::make_unique<FileState>();
    f->runs = std::move(files[i].runs);
    uint64_t size = 0;
    for (const auto& r : f->runs) size += r.length;
    // Deterministic: files are admitted in the order given until the budget is spent.
    if (planned + size > hashBudget) {
      f->skipped = true;
    } else {
      planned += size;
      for (auto a : algorithms_) f->hashers.push_back(hashing::makeHasher(a));
      for (uint32_t r = 0; r < f->runs.size(); ++r)
        if (f->runs[r].length > 0)
          segments_.push_back({f->runs[r].offset, f->runs[r].end(), static_cast<uint32_t>(i), r});
    }
    files_.push_back(std::move(f));
  }
  std::sort(segments_.begin(), segments_.end(), [](const Segment& a, const Segment& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.file != b.file ? a.file < b.file : a.run < b.run;
  });
}

FileHashConsumer::~FileHashConsumer() = default;

void FileHashConsumer::feed(FileState& f, ByteView bytes) {
  for (auto& h : f.hashers) h->update(bytes);
  f.fed += bytes.size();
}

void FileHashConsumer::deliver(uint32_t file, uint32_t run, uint64_t runOffset, ByteView bytes) {
  FileState& f = *files_[file];
  if (run == f.nextRun && runOffset == f.nextRunOffset) {
    feed(f, bytes);
    f.nextRunOffset += bytes.size();
    // A finished run lets the buffered runs after it through, in file order.
    while (f.nextRun < f.runs.size() && f.nextRunOffset >= f.runs[f.nextRun].length) {
      ++f.nextRun;
      f.nextRunOffset = 0;
      if (f.nextRun >= f.runs.size()) break;
      auto it = f.pending.find(f.nextRun);
      if (it == f.pending.end()) {
        if (f.runs[f.nextRun].length == 0) continue;
        break;
      }
      feed(f, it->second);
      f.nextRunOffset = it->second.size();
      buffered_ -= it->second.size();
      f.pending.erase(it);
      if (f.nextRunOffset < f.runs[f.nextRun].length) break; // buffered only in part
    }
    return;
  }
  // Bytes of the run being fed were skipped: what follows cannot complete it.
  if (run == f.nextRun && runOffset > f.nextRunOffset) f.gap = true;
  // Out of file order: keep the bytes until the runs before it are complete.
  if (f.overflow || buffered_ + bytes.size() > bufferLimit_) {
    f.overflow = true;
    return;
  }
  auto& buf = f.pending[run];
  if (buf.size() != runOffset) return; // a gap inside a buffered run cannot be filled later
  buf.insert(buf.end(), bytes.begin(), bytes.end());
  buffered_ += bytes.size();
}

void FileHashConsumer::consume(const Chunk& chunk) {
  const uint64_t begin = chunk.offset;
  const uint64_t end = chunk.offset + chunk.data.size();
  while (cursor_ < segments_.size() && segments_[cursor_].begin < end) active_.push_back(cursor_++);
  if (active_.empty()) return;
  std::vector<size_t>& still = still_;
  still.clear();
  for (size_t si : active_) {
    const Segment& s = segments_[si];
    const uint64_t from = std::max(s.begin, begin);
    const uint64_t to = std::min(s.end, end);
    if (from < to)
      deliver(s.file, s.run, from - s.begin,
              chunk.data.subspan(static_cast<size_t>(from - begin), static_cast<size_t>(to - from)));
    if (s.end > end) still.push_back(si);
  }
  active_.swap(still);
}

void FileHashConsumer::finish(uint64_t totalBytes) {
  results_.clear();
  for (auto& fp : files_) {
    FileState& f = *fp;
    FileDigest d;
    for (const auto& r : f.runs) d.fileBytes += r.length;
    if (f.skipped) {
      d.note = "not hashed: the per-file hash budget was spent";
      results_.push_back(std::move(d));
      continue;
    }
    // Runs still waiting for an earlier run that never came (it lies past the image end): the
    // readable part is what can be hashed, in file order.
    for (auto& [run, buf] : f.pending) feed(f, buf);
    for (auto& h : f.hashers) d.digests.push_back(h->finish());
    d.bytesHashed = f.fed;
    d.complete = f.fed == d.fileBytes;
    if (!d.complete) {
      bool past = false;
      for (const auto& r : f.runs) past = past || r.end() > totalBytes;
      d.note = past ? (d.bytesHashed == 0 ? "past the image end: none of its bytes were read, so the digest is of no bytes"
                                          : "partly past the image end: the readable part is hashed")
               : f.gap ? "some of its bytes were never read (a short data file): the readable part is hashed"
               : f.overflow ? "runs out of image order exceed the buffer limit: the first part is hashed"
                            : "runs could not be read in file order: the first part is hashed";
    }
    results_.push_back(std::move(d));
  }
  files_.clear();
  segments_.clear();
  active_.clear();
}

void markZeroFilled(std::vector<FileDigest>& results, const std::vector<FileLayout>& layouts,
                    std::vector<ByteRange> zeroFilled) {
  if (zeroFilled.empty()) return;
  std::sort(zeroFilled.begin(), zeroFilled.end(), [](const ByteRange& a, const ByteRange& b) { return a.offset < b.offset; });
  // The furthest end among the ranges up to each index, so one binary search answers an overlap.
  std::vector<uint64_t> reach(zeroFilled.size());
  for (size_t i = 0; i < zeroFilled.size(); ++i) reach[i] = std::max(i ? reach[i - 1] : 0, zeroFilled[i].end());
  auto overlaps = [&](const ByteRange& r) {
    if (r.length == 0) return false;
    // The ranges that start before the run's end; one of them reaching past its start overlaps it.
    const auto it = std::lower_bound(zeroFilled.begin(), zeroFilled.end(), r.end(),
                                     [](const ByteRange& z, uint64_t end) { return z.offset < end; });
    if (it == zeroFilled.begin()) return false;
    return reach[static_cast<size_t>(it - zeroFilled.begin()) - 1] > r.offset;
  };
  for (size_t i = 0; i < results.size() && i < layouts.size(); ++i) {
    FileDigest& d = results[i];
    if (d.digests.empty()) continue;
    if (std::any_of(layouts[i].runs.begin(), layouts[i].runs.end(), overlaps)) {
      d.complete = false;
      d.note = "unreadable sectors were zero-filled: the digest is not of the file's recorded bytes";
    }
  }
}

} // namespace dv::analyzer
