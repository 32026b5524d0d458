// FileHashConsumer: per-file digests computed from the chunks of the single pass, each file's runs
// fed to that file's hashers in file order.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/pipeline/Consumer.h"
#include "core/ByteView.h"
#include "hashing/Hasher.h"

namespace dv::analyzer {

/// Where one file's bytes are: its runs in file order (image byte ranges).
struct FileLayout {
  std::vector<ByteRange> runs;
};

/// The digests of one file and how much of it they cover.
struct FileDigest {
  std::vector<hashing::Digest> digests; ///< in the order of the algorithms asked for
  uint64_t bytesHashed = 0;             ///< bytes fed (the readable part, in file order)
  uint64_t fileBytes = 0;               ///< sum of the runs' lengths
  bool complete = false;                ///< every byte of every run was read and fed
  std::string note;                     ///< why not complete ("past the image end", ...), empty otherwise
};

/// Hashes files as the pass goes by. Sequential (needsPrevious always true): chunks arrive in image
/// order, and a file whose runs are in image order is fed directly. Runs that come earlier in the
/// image than a run before them in the file are buffered (up to `bufferLimit` bytes in all); past
/// that limit the file is left incomplete with a note. The total bytes hashed are capped by
/// `hashBudget` so that many files sharing one huge extent cannot multiply the work without bound.
class FileHashConsumer final : public Consumer {
public:
  FileHashConsumer(std::vector<FileLayout> files, std::vector<hashing::Algorithm> algorithms,
                   uint64_t hashBudget, uint64_t bufferLimit = uint64_t{256} << 20);
  ~FileHashConsumer() override;

  std::string_view name() const override { return "file-hashes"; }
  bool needsPrevious(uint64_t, uint64_t) const override { return true; }
  int priority() const override { return 70; }
  void consume(const Chunk& chunk) override;
  void finish(uint64_t totalBytes) override;

  /// One result per file, in the order given; valid after finish().
  const std::vector<FileDigest>& results() const { return results_; }

private:
  struct Segment {
    uint64_t begin = 0;
    uint64_t end = 0;
    uint32_t file = 0;
    uint32_t run = 0;
  };
  struct FileState;
  void deliver(uint32_t file, uint32_t run, uint64_t runOffset, ByteView bytes);
  void feed(FileState& f, ByteView bytes);

  std::vector<hashing::Algorithm> algorithms_;
  std::vector<Segment> segments_;   ///< sorted by begin
  size_t cursor_ = 0;               ///< next segment not yet active
  std::vector<size_t> active_;      ///< segments overlapping the current position
  std::vector<size_t> still_;       ///< scratch of consume(), kept to avoid an allocation per chunk
  std::vector<std::unique_ptr<FileState>> files_;
  std::vector<FileDigest> results_;
  uint64_t bufferLimit_;
  uint64_t buffered_ = 0;
};

/// Marks incomplete each of `results` whose layout (index for index) overlaps one of `zeroFilled`:
/// ranges the pass could not read and passed on as zeros, so its digest is not of the file's bytes.
void markZeroFilled(std::vector<FileDigest>& results, const std::vector<FileLayout>& layouts,
                    std::vector<ByteRange> zeroFilled);

} // namespace dv::analyzer
