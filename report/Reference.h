// Reference: the digests an earlier report, another tool's DFXML or a hash list holds for an image.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ByteView.h"
#include "core/Result.h"
#include "hashing/Algorithm.h"

namespace dv::report {

/// What a reference digest covers.
enum class RefItemKind { Image, Piece, Track, File, DataFile };

/// "image", "piece", "track", "file", "data-file" (a .bin/.img a CD descriptor names).
std::string_view refItemKindName(RefItemKind k);

/// One expected digest.
struct RefDigest {
  hashing::Algorithm algorithm = hashing::Algorithm::Sha256;
  std::string hex; ///< lower case
};

/// Something the reference holds digests of: the whole image, a piece, a track or a file.
struct RefItem {
  RefItemKind kind = RefItemKind::Image;
  std::string name;            ///< file path, track name, or the image name
  std::vector<ByteRange> runs; ///< where its bytes lie in the image (pieces, tracks, files); in order
  std::optional<uint64_t> size;
  std::vector<RefDigest> digests;
  uint32_t trackNumber = 0; ///< tracks: the track's number (its content digest is compared by number)
};

/// Everything comparable in a reference.
struct Reference {
  std::string kind; ///< discverify-xml, discverify-json, dfxml, hashdeep-dfxml, hash-list, hashdeep-csv
  std::vector<RefItem> items;
  std::vector<std::string> notes; ///< what was ignored and why (lines for other files, unknown algorithms)
  /// True when the items include the reference's list of files (so files can be missing or new).
  bool listsFiles = false;
};

/// Limits on a reference: its size, the items kept and the byte runs per item.
struct ReferenceLimits {
  size_t maxBytes = size_t{512} << 20;
  size_t maxItems = 4'000'000;
  size_t maxRunsPerItem = 100'000;
};

/// Parses a reference of any supported kind for the image named `imageName` (matched by base name
/// against the names in hash lists and hashdeep DFXML). Fails with Malformed or Unsupported when the
/// text is none of the kinds; a reference with nothing for this image parses to no items. Thread-safe.
Result<Reference> parseReference(std::string_view text, std::string_view imageName, ReferenceLimits limits = {});

/// Reads a reference file of at most `maxBytes` bytes. Fails with Io (naming the cause) or
/// InvalidArgument when the file is larger.
Result<std::string> readReferenceFile(const std::string& path, size_t maxBytes = ReferenceLimits{}.maxBytes);

} // namespace dv::report
