// openSource: recognises what an input path is and opens it read-only. The only file that uses
// Boost.Iostreams (decompression of gzip, bzip2, xz and zstd streams).
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>

#include <boost/iostreams/categories.hpp>
#include <boost/iostreams/filter/bzip2.hpp>
#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filter/lzma.hpp>
#include <boost/iostreams/filter/zstd.hpp>
#include <boost/iostreams/filtering_streambuf.hpp>
#include <boost/version.hpp>

#include "analyzer/sources/FileSource.h"
#include "core/Text.h"

namespace dv::analyzer {
namespace {

std::string errnoText(int err) { return std::strerror(err); }

/// Opens read-only without updating the access time where the kernel permits it (O_NOATIME needs
/// ownership or CAP_FOWNER; without it the open fails with EPERM and we retry without the flag).
int openReadOnly(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOATIME | O_CLOEXEC | O_NOCTTY);
  if (fd < 0 && errno == EPERM) fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  return fd;
}

/// Reads /sys/dev/block/MAJ:MIN/queue/rotational (or the parent disk's, for a partition).
MediaKind mediaOfBlockDevice(dev_t dev) {
  const std::string base = "/sys/dev/block/" + std::to_string(major(dev)) + ":" + std::to_string(minor(dev));
  for (const char* rel : {"/queue/rotational", "/../queue/rotational"}) {
    std::ifstream in(base + rel);
    int v = -1;
    if (in >> v) return v == 1 ? MediaKind::Rotational : MediaKind::SolidState;
  }
  return MediaKind::Unknown;
}

/// Recognises a compression format from the first bytes.
std::string compressionOf(ByteView head) {
  auto starts = [&](std::initializer_list<uint8_t> magic) {
    if (head.size() < magic.size()) return false;
    size_t i = 0;
    for (uint8_t b : magic)
      if (head[i++] != b) return false;
    return true;
  };
  if (starts({0x1F, 0x8B})) return "gzip";
  if (starts({'B', 'Z', 'h'})) return "bzip2";
  if (starts({0xFD, '7', 'z', 'X', 'Z', 0x00})) return "xz";
  if (starts({0x28, 0xB5, 0x2F, 0xFD})) return "zstd";
  return {};
}

/// Reads everything it can from fd into out (a pipe may return short counts).
Result<size_t> readFd(int fd, MutableByteView out, const std::string& path) {
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error(ErrorCode::Io, path + ": read failed: " + errnoText(errno));
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

/// The stored bytes of an input as a Boost source: first the bytes already peeked, then the fd.
/// Hashes every stored byte on the way when asked (container digests of a compressed file).
struct StoredBytes {
  int fd = -1;
  bool ownsFd = false;
  std::string path;
  std::vector<uint8_t> peeked;
  size_t peekPos = 0;
  uint64_t count = 0;
  std::vector<std::unique_ptr<hashing::Hasher>> hashers;
  std::vector<hashing::Digest> finished;
  bool ended = false;

  ~StoredBytes() {
    if (ownsFd && fd > 2) ::close(fd);
  }

  std::streamsize read(char* s, std::streamsize n) {
    size_t got = 0;
    if (peekPos < peeked.size()) {
      got = std::min(static_cast<size_t>(n), peeked.size() - peekPos);
      std::memcpy(s, peeked.data() + peekPos, got);
      peekPos += got;
    } else {
      ssize_t r;
      do {
        r = ::read(fd, s, static_cast<size_t>(n));
      } while (r < 0 && errno == EINTR);
      if (r < 0) throw std::ios_base::failure(path + ": read failed: " + errnoText(errno));
      got = static_cast<size_t>(r);
    }
    if (got == 0) {
      if (!ended) {
        ended = true;
        for (auto& h : hashers) finished.push_back(h->finish());
      }
      return -1;
    }
    count += got;
    const ByteView v(reinterpret_cast<const uint8_t*>(s), got); // NOLINT: Boost hands us char buffers
    for (auto& h : hashers) h->update(v);
    return static_cast<std::streamsize>(got);
  }
};

/// Boost Source device forwarding to a shared StoredBytes.
class StoredBytesDevice {
public:
  using char_type = char;
  using category = boost::iostreams::source_tag;
  explicit StoredBytesDevice(std::shared_ptr<StoredBytes> s) : s_(std::move(s)) {}
  std::streamsize read(char* s, std::streamsize n) { return s_->read(s, n); }

private:
  std::shared_ptr<StoredBytes> s_;
};

/// Builds a StreamSource that decompresses `stored` with the filter for `compression`.
std::unique_ptr<ByteSource> makeDecompressingSource(SourceInfo info, std::shared_ptr<StoredBytes> stored,
                                                    const OpenOptions& options) {
  namespace io = boost::iostreams;
  auto buf = std::make_shared<io::filtering_streambuf<io::input>>();
  if (info.compression == "gzip") buf->push(io::gzip_decompressor());
  else if (info.compression == "bzip2") buf->push(io::bzip2_decompressor());
  else if (info.compression == "xz") buf->push(io::lzma_decompressor());
  else buf->push(io::zstd_decompressor());
  buf->push(StoredBytesDevice(stored));
  const std::string compression = info.compression;
  const std::string path = info.path;
  auto pull = [buf, compression, path](MutableByteView out) -> Result<size_t> {
    try {
      const std::streamsize n =
          buf->sgetn(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(out.size())); // NOLINT
      return static_cast<size_t>(std::max<std::streamsize>(n, 0));
    } catch (const std::exception& e) {
      return Error(ErrorCode::Malformed, path + ": " + compression + " stream is damaged: " + e.what());
    }
  };
  auto digests = [stored]() { return stored->finished; };
  auto count = [stored]() { return stored->count; };
  return std::make_unique<StreamSource>(std::move(info), std::move(pull), options.sequentialPrefixBytes,
                                        std::move(digests), std::move(count));
}

} // namespace

std::string_view sourceKindName(SourceKind k) {
  switch (k) {
  case SourceKind::RegularFile: return "file";
  case SourceKind::BlockDevice: return "block-device";
  case SourceKind::OpticalDrive: return "optical-drive";
  case SourceKind::Pipe: return "pipe";
  case SourceKind::Compressed: return "compressed";
  case SourceKind::Memory: return "memory";
  }
  return "unknown";
}

std::string_view mediaKindName(MediaKind k) {
  switch (k) {
  case MediaKind::Unknown: return "unknown";
  case MediaKind::SolidState: return "solid-state";
  case MediaKind::Rotational: return "rotational";
  case MediaKind::Optical: return "optical";
  case MediaKind::Memory: return "memory";
  }
  return "unknown";
}

std::string boostLibraryVersion() {
  return std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "." +
         std::to_string(BOOST_VERSION % 100);
}

Result<std::unique_ptr<ByteSource>> openSource(const std::string& path, const OpenOptions& options) {
  const bool isStdin = path == "-";
  int fd = isStdin ? STDIN_FILENO : openReadOnly(path);
  if (fd < 0) return Error(ErrorCode::Io, path + ": cannot open: " + errnoText(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    if (!isStdin) ::close(fd);
    return Error(ErrorCode::Io, path + ": cannot stat: " + errnoText(err));
  }
  auto fail = [&](ErrorCode code, std::string msg) -> Result<std::unique_ptr<ByteSource>> {
    if (!isStdin) ::close(fd);
    return Error(code, path + ": " + std::move(msg));
  };
  if (S_ISDIR(st.st_mode)) return fail(ErrorCode::InvalidArgument, "is a directory, not an image or a device");
  if (isStdin && (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
    // Standard input redirected from evidence was opened by the shell: stop our reads from
    // updating its access time too, where the kernel permits it.
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags | O_NOATIME);
  }

  SourceInfo info;
  info.path = path;
  const bool randomAccess = S_ISREG(st.st_mode) || S_ISBLK(st.st_mode);

  // Peek at the first bytes to recognise compression.
  std::array<uint8_t, 8> head{};
  size_t headLen = 0;
  if (randomAccess) {
    const ssize_t n = ::pread(fd, head.data(), head.size(), 0);
    if (n < 0) return fail(ErrorCode::Io, "cannot read: " + errnoText(errno));
    headLen = static_cast<size_t>(n);
  } else {
    auto n = readFd(fd, MutableByteView(head.data(), head.size()), path);
    if (!n) {
      if (!isStdin) ::close(fd);
      return std::move(n).takeError();
    }
    headLen = *n;
  }
  const std::string compression = compressionOf(ByteView(head.data(), headLen));

  if (!compression.empty()) {
    info.kind = SourceKind::Compressed;
    info.compression = compression;
    info.sequential = true;
    info.media = S_ISBLK(st.st_mode) ? mediaOfBlockDevice(st.st_rdev) : MediaKind::Unknown;
    auto stored = std::make_shared<StoredBytes>();
    stored->fd = fd;
    stored->ownsFd = !isStdin;
    stored->path = path;
    if (randomAccess) {
      if (::lseek(fd, 0, SEEK_SET) < 0) return fail(ErrorCode::Io, "cannot seek: " + errnoText(errno));
    } else {
      stored->peeked.assign(head.begin(), head.begin() + static_cast<std::ptrdiff_t>(headLen));
    }
    for (auto a : options.containerAlgorithms) stored->hashers.push_back(hashing::makeHasher(a));
    return makeDecompressingSource(std::move(info), std::move(stored), options);
  }

  if (S_ISREG(st.st_mode)) {
    if (st.st_size == 0) return fail(ErrorCode::Malformed, "is empty (0 bytes): nothing to verify");
    info.kind = SourceKind::RegularFile;
    info.size = static_cast<uint64_t>(st.st_size);
    info.media = mediaOfBlockDevice(st.st_dev);
    return std::unique_ptr<ByteSource>(std::make_unique<FileSource>(fd, std::move(info)));
  }
  if (S_ISBLK(st.st_mode)) {
    uint64_t bytes = 0;
    if (::ioctl(fd, BLKGETSIZE64, &bytes) != 0) return fail(ErrorCode::Io, "BLKGETSIZE64 failed: " + errnoText(errno));
    if (bytes == 0) return fail(ErrorCode::Malformed, "device holds no medium or is empty (0 bytes)");
    int sectorSize = 0;
    if (::ioctl(fd, BLKSSZGET, &sectorSize) == 0 && sectorSize > 0) info.deviceSectorSize = static_cast<uint32_t>(sectorSize);
    info.size = bytes;
    // SCSI CD-ROM devices (/dev/srN) have major 11: optical drives seek slowly, read with one reader.
    if (major(st.st_rdev) == 11) {
      info.kind = SourceKind::OpticalDrive;
      info.media = MediaKind::Optical;
    } else {
      info.kind = SourceKind::BlockDevice;
      info.media = mediaOfBlockDevice(st.st_rdev);
    }
    return std::unique_ptr<ByteSource>(std::make_unique<FileSource>(fd, std::move(info)));
  }

  // A pipe, FIFO, socket or terminal: a sequential stream starting with the bytes already peeked.
  info.kind = SourceKind::Pipe;
  info.sequential = true;
  auto peeked = std::make_shared<std::vector<uint8_t>>(head.begin(), head.begin() + static_cast<std::ptrdiff_t>(headLen));
  auto peekPos = std::make_shared<size_t>(0);
  const bool ownsFd = !isStdin;
  auto fdHolder = std::shared_ptr<int>(new int(fd), [ownsFd](int* p) {
    if (ownsFd && *p > 2) ::close(*p);
    delete p;
  });
  auto pull = [peeked, peekPos, fdHolder, path](MutableByteView out) -> Result<size_t> {
    if (*peekPos < peeked->size()) {
      const size_t n = std::min(out.size(), peeked->size() - *peekPos);
      std::memcpy(out.data(), peeked->data() + *peekPos, n);
      *peekPos += n;
      return n;
    }
    return readFd(*fdHolder, out, path);
  };
  if (headLen == 0) return Error(ErrorCode::Malformed, path + ": is empty (0 bytes): nothing to verify");
  return std::unique_ptr<ByteSource>(
      std::make_unique<StreamSource>(std::move(info), std::move(pull), options.sequentialPrefixBytes));
}

} // namespace dv::analyzer
