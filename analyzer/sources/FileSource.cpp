// FileSource and StreamSource: pread on files and devices; pulled streams with a prefix cache.
#include "analyzer/sources/FileSource.h"

#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/Text.h"

namespace dv::analyzer {

FileSource::FileSource(int fd, SourceInfo info) : fd_(fd), info_(std::move(info)) {}

FileSource::~FileSource() {
  if (fd_ > 2) ::close(fd_);
}

Result<size_t> FileSource::readAt(uint64_t offset, MutableByteView out) {
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      if (err == ENODEV || err == ENXIO || err == ENOMEDIUM) gone_.store(true, std::memory_order_relaxed);
      return Error(ErrorCode::Io, "read of 0x" + hex(out.size() - done) + " bytes at offset 0x" +
                                      hex(offset + done) + ": " + std::strerror(err));
    }
    if (n == 0) break; // end of file
    done += static_cast<size_t>(n);
  }
  return done;
}

std::optional<uint64_t> FileSource::currentSize() {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return std::nullopt;
  if (S_ISREG(st.st_mode)) return static_cast<uint64_t>(st.st_size);
  if (!S_ISBLK(st.st_mode)) return std::nullopt;
  uint64_t bytes = 0;
  if (::ioctl(fd_, BLKGETSIZE64, &bytes) != 0) {
    if (errno == ENODEV || errno == ENXIO || errno == ENOMEDIUM) gone_.store(true, std::memory_order_relaxed);
    return std::nullopt;
  }
  // A removed disk keeps its device node open with a capacity of 0 (reads then end at once).
  if (bytes == 0) gone_.store(true, std::memory_order_relaxed);
  return bytes;
}

Result<size_t> FileSource::readNext(MutableByteView out) {
  std::lock_guard lock(cursorMutex_);
  auto n = readAt(cursor_, out);
  if (n) cursor_ += *n;
  return n;
}

StreamSource::StreamSource(SourceInfo info, Pull pull, uint64_t prefixLimit, Digests digests, Count stored)
    : info_(std::move(info)), pull_(std::move(pull)), prefixLimit_(prefixLimit), digests_(std::move(digests)),
      stored_(std::move(stored)) {}

Result<size_t> StreamSource::pullFully(MutableByteView out) {
  size_t done = 0;
  while (done < out.size() && !ended_) {
    auto n = pull_(out.subspan(done));
    if (!n) return std::move(n).takeError();
    if (*n == 0) ended_ = true;
    done += *n;
  }
  return done;
}

Error StreamSource::fillPrefix(uint64_t want) {
  want = std::min(want, prefixLimit_);
  // Only bytes not yet handed out by readNext() can still be cached.
  if (cursor_ > prefix_.size()) return {};
  while (prefix_.size() < want && !ended_) {
    const size_t old = prefix_.size();
    const size_t grow = static_cast<size_t>(std::min<uint64_t>(want - old, uint64_t{1} << 20));
    prefix_.resize(old + grow);
    auto n = pullFully(MutableByteView(prefix_.data() + old, grow));
    if (!n) {
      prefix_.resize(old);
      return std::move(n).takeError();
    }
    prefix_.resize(old + *n);
  }
  return {};
}

Result<size_t> StreamSource::readAt(uint64_t offset, MutableByteView out) {
  std::lock_guard lock(mutex_);
  uint64_t end = 0;
  if (!checkedAdd(offset, out.size(), end)) end = UINT64_MAX;
  if (end > prefixLimit_ && !(ended_ && cursor_ <= prefix_.size()))
    return Error(ErrorCode::Unsupported, "random access at offset 0x" + hex(offset) + " is beyond the first 0x" +
                                             hex(prefixLimit_) + " bytes kept of a sequential input");
  if (Error e = fillPrefix(end)) return e;
  if (cursor_ > prefix_.size() && end > prefix_.size())
    return Error(ErrorCode::Unsupported, "bytes at offset 0x" + hex(offset) + " of a sequential input were already passed");
  if (offset >= prefix_.size()) return size_t{0};
  const size_t n = static_cast<size_t>(std::min<uint64_t>(out.size(), prefix_.size() - offset));
  std::memcpy(out.data(), prefix_.data() + offset, n);
  return n;
}

Result<size_t> StreamSource::readNext(MutableByteView out) {
  std::lock_guard lock(mutex_);
  size_t done = 0;
  if (cursor_ < prefix_.size()) {
    done = static_cast<size_t>(std::min<uint64_t>(out.size(), prefix_.size() - cursor_));
    std::memcpy(out.data(), prefix_.data() + cursor_, done);
  }
  if (done < out.size()) {
    auto n = pullFully(out.subspan(done));
    if (!n) return std::move(n).takeError();
    done += *n;
  }
  cursor_ += done;
  if (ended_ && done == 0 && !info_.size) info_.size = cursor_;
  return done;
}

std::vector<hashing::Digest> StreamSource::containerDigests() const {
  return digests_ ? digests_() : std::vector<hashing::Digest>{};
}

uint64_t StreamSource::containerBytes() const { return stored_ ? stored_() : 0; }

} // namespace dv::analyzer
