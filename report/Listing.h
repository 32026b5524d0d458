// Listing: the entries of `discverify ls` (directories and files of the primary ISO 9660 tree with
// their size, first block, extents, flags, date and digests), and their text and JSON forms.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/ImageAnalysis.h"

namespace dv::report {

/// The name a file of the primary tree is reported under: Rock Ridge, else Joliet, else ISO 9660.
std::string bestFileName(const analyzer::ImageAnalysis& a, size_t file);
/// The same for a directory of the primary tree ("/" for the root).
std::string bestDirectoryName(const analyzer::ImageAnalysis& a, size_t directory);

/// Which names a listing shows.
enum class NameView {
  Best,     ///< Rock Ridge, else Joliet, else ISO 9660 (as the reports do)
  Iso9660,  ///< the primary tree's identifiers as recorded (";1" versions kept)
};

/// One directory or file of the listing. Its views point into the analysis it was made from (and its flags at
/// static words): an entry is valid while that analysis lives.
struct ListEntry {
  std::string_view path;      ///< in the chosen view
  std::string_view isoPath;   ///< as recorded in the primary tree
  bool directory = false;
  uint64_t size = 0;          ///< data length (sum of the sections for a multi-extent file)
  std::optional<uint64_t> lba; ///< first logical block of the data; none for an empty file without one
  uint64_t extents = 0;       ///< directory records (sections) of the file; 1 for a directory
  std::vector<std::string_view> flags; ///< directory, multi-extent, associated, hidden, record, protection, interleaved, outside-image, symlink
  std::optional<analyzer::iso9660::RecordDateTime> recorded; ///< recording date of the (first) record
  std::optional<std::string_view> linkTarget; ///< Rock Ridge symbolic link target
  std::span<const hashing::Digest> digests; ///< per-file digests when they were computed
  bool hashComplete = true;   ///< every byte of the file was read and hashed
};

/// The directories (the root included) and files of the primary tree of `a`, in tree order (path
/// components compared one by one), pointing into `a`. Empty when no ISO 9660 volume was found.
/// Thread-safe.
std::vector<ListEntry> listEntries(const analyzer::ImageAnalysis& a, NameView view);
/// Entries point into the analysis, so a temporary one is refused.
std::vector<ListEntry> listEntries(const analyzer::ImageAnalysis&& a, NameView view) = delete;

/// One line per entry (type, size, first LBA, extents, date, flags, digests, path) under a header;
/// control characters in names are written as \xNN.
std::string listingText(const std::vector<ListEntry>& entries, const std::vector<hashing::Algorithm>& fileHashes);
/// A JSON document: {"input", "names", "file_hashes", "entries": [one object per entry]}; every
/// entry has the same keys (null where a value is absent).
std::string listingJson(const std::string& input, NameView view, const std::vector<ListEntry>& entries,
                        const std::vector<hashing::Algorithm>& fileHashes);

} // namespace dv::report
