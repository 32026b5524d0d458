// FileSource: a regular file or a block device read with pread(2); StreamSource: a pipe or a
// compressed stream read front to back, with a bounded prefix cache for metadata.
#pragma once

#include <functional>
#include <mutex>

#include "analyzer/sources/ByteSource.h"

namespace dv::analyzer {

/// A random-access source over a file descriptor it owns. readAt() is thread-safe (pread).
class FileSource final : public ByteSource {
public:
  FileSource(int fd, SourceInfo info);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  const SourceInfo& info() const override { return info_; }
  Result<size_t> readAt(uint64_t offset, MutableByteView out) override;
  Result<size_t> readNext(MutableByteView out) override;
  std::optional<uint64_t> currentSize() override;

private:
  int fd_;
  SourceInfo info_;
  std::mutex cursorMutex_;
  uint64_t cursor_ = 0;
};

/// A sequential source: pulls bytes from `pull` (a pipe read or a decompressor) and keeps up to
/// prefixLimit leading bytes so readAt() can serve metadata before the pass. Memory is bounded by
/// prefixLimit. readAt() and readNext() are serialised by a mutex.
class StreamSource final : public ByteSource {
public:
  using Pull = std::function<Result<size_t>(MutableByteView)>;
  using Digests = std::function<std::vector<hashing::Digest>()>;
  using Count = std::function<uint64_t()>;

  StreamSource(SourceInfo info, Pull pull, uint64_t prefixLimit, Digests digests = {}, Count stored = {});

  const SourceInfo& info() const override { return info_; }
  Result<size_t> readAt(uint64_t offset, MutableByteView out) override;
  Result<size_t> readNext(MutableByteView out) override;
  uint64_t prefixLimit() const override { return prefixLimit_; }
  std::vector<hashing::Digest> containerDigests() const override;
  uint64_t containerBytes() const override;

private:
  /// Pulls into the prefix cache until it holds `want` bytes or the stream ends.
  Error fillPrefix(uint64_t want);
  Result<size_t> pullFully(MutableByteView out);

  SourceInfo info_;
  Pull pull_;
  uint64_t prefixLimit_;
  Digests digests_;
  Count stored_;
  std::mutex mutex_;
  std::vector<uint8_t> prefix_;
  bool ended_ = false;
  uint64_t cursor_ = 0; ///< next offset readNext() returns
};

} // namespace dv::analyzer
