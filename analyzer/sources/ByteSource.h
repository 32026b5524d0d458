// ByteSource: where image bytes come from (a file, a block device, a pipe, a compressed stream).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/ByteView.h"
#include "core/Result.h"
#include "hashing/Hasher.h"

namespace dv::analyzer {

/// What kind of thing an input is.
enum class SourceKind { RegularFile, BlockDevice, OpticalDrive, Pipe, Compressed, Memory };

/// How the medium behind a source behaves under parallel reads.
enum class MediaKind { Unknown, SolidState, Rotational, Optical, Memory };

/// "file", "block-device", "optical-drive", "pipe", "compressed", "memory".
std::string_view sourceKindName(SourceKind k);
/// "unknown", "solid-state", "rotational", "optical", "memory".
std::string_view mediaKindName(MediaKind k);

/// Facts about an opened input.
struct SourceInfo {
  std::string path;            ///< as given on the command line ("-" for standard input)
  SourceKind kind = SourceKind::RegularFile;
  MediaKind media = MediaKind::Unknown;
  std::optional<uint64_t> size; ///< unknown for pipes and compressed streams until read
  bool sequential = false;      ///< true when only readNext() can reach all bytes
  std::string compression;      ///< "gzip", "bzip2", "xz", "zstd" or empty
  uint32_t deviceSectorSize = 0; ///< logical sector size of a block device, 0 otherwise
};

/// A source of image bytes. Opened read-only; never written.
class ByteSource {
public:
  virtual ~ByteSource() = default;
  virtual const SourceInfo& info() const = 0;

  /// Reads up to out.size() bytes at `offset`. Returns the count read: less than asked only at the
  /// end of the input. Random-access sources are thread-safe here. Sequential sources serve only
  /// offsets inside their bounded prefix cache (see prefixLimit()) and fail with Unsupported beyond it.
  virtual Result<size_t> readAt(uint64_t offset, MutableByteView out) = 0;

  /// Reads the next bytes of a sequential pass from where the previous call stopped (starting at 0).
  /// Returns 0 at the end. One thread at a time.
  virtual Result<size_t> readNext(MutableByteView out) = 0;

  /// How many leading bytes readAt() can serve on a sequential source (0 for random-access ones).
  virtual uint64_t prefixLimit() const { return 0; }

  /// The input's size as the system reports it now, for sources whose size can change under the
  /// reader: a regular file (fstat) or a block device (BLKGETSIZE64). A device whose medium was
  /// removed or that was unplugged reports 0 bytes or fails; that also makes gone() true. nullopt
  /// when the source cannot tell (streams, memory) or asking failed.
  virtual std::optional<uint64_t> currentSize() { return std::nullopt; }

  /// True once the device reported that it is gone (ENODEV, ENXIO): retrying is pointless.
  bool gone() const { return gone_.load(std::memory_order_relaxed); }

  /// Digests of the bytes as stored, for compressed files (filled by the source while reading).
  /// Empty for other sources.
  /// Complete only after readNext() returned 0.
  virtual std::vector<hashing::Digest> containerDigests() const { return {}; }
  /// Bytes of the stored (compressed) file read so far; 0 for other sources.
  virtual uint64_t containerBytes() const { return 0; }

protected:
  std::atomic<bool> gone_{false};
};

/// Options for opening an input.
struct OpenOptions {
  /// Bytes of a sequential input kept in memory so metadata can be parsed before the pass.
  uint64_t sequentialPrefixBytes = uint64_t{32} << 20;
  /// Digests computed over the stored bytes of a compressed input while it is decompressed.
  std::vector<hashing::Algorithm> containerAlgorithms;
};

/// Opens `path` read-only (O_RDONLY, O_NOATIME where permitted): a regular file, a block device
/// (size from BLKGETSIZE64), "-" for standard input, a pipe, or a gzip/bzip2/xz/zstd-compressed
/// image (recognised by its magic bytes). Fails with Io (cannot open: the message names the cause),
/// InvalidArgument (a directory) or Malformed (an empty input).
Result<std::unique_ptr<ByteSource>> openSource(const std::string& path, const OpenOptions& options = {});

/// The Boost version this program was built with, e.g. "1.74.0".
std::string boostLibraryVersion();

} // namespace dv::analyzer
