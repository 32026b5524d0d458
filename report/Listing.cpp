// Listing: the entries of `discverify ls` and their text and JSON forms.
#include "report/Listing.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "core/Text.h"
#include "report/Json.h"

namespace dv::report {
namespace {

using analyzer::ImageAnalysis;
namespace iso = analyzer::iso9660;

/// The flags of a record (9.1.6) as words.
void addRecordFlags(const iso::DirectoryRecord& r, std::vector<std::string_view>& out) {
  if (r.isDirectory()) out.emplace_back("directory");
  if (r.isMultiExtent()) out.emplace_back("multi-extent");
  if (r.isAssociated()) out.emplace_back("associated");
  if (r.isHidden()) out.emplace_back("hidden");
  if (r.fileFlags & iso::flags::kRecord) out.emplace_back("record");
  if (r.fileFlags & iso::flags::kProtection) out.emplace_back("protection");
}

void addFlag(std::vector<std::string_view>& flags, std::string_view flag) {
  if (std::find(flags.begin(), flags.end(), flag) == flags.end()) flags.emplace_back(flag);
}

std::string joinFlags(const std::vector<std::string_view>& flags, bool skipDirectory) {
  std::string out;
  for (std::string_view f : flags) {
    if (skipDirectory && f == "directory") continue;
    if (!out.empty()) out += ',';
    out += f;
  }
  return out.empty() ? "-" : out;
}

/// Recording dates as text; consecutive records mostly share one date, so the last is remembered.
class DateText {
public:
  const std::optional<std::string>& operator()(const iso::RecordDateTime& d) {
    if (!valid_ || d.raw != last_.raw) {
      last_ = d;
      text_ = d.isoText();
      valid_ = true;
    }
    return text_;
  }

private:
  iso::RecordDateTime last_;
  std::optional<std::string> text_;
  bool valid_ = false;
};

/// Appends `s` padded with spaces to `width`, on the left (right-aligned) or on the right.
void pad(std::string& out, std::string_view s, size_t width, bool right) {
  if (right && s.size() < width) out.append(width - s.size(), ' ');
  out += s;
  if (!right && s.size() < width) out.append(width - s.size(), ' ');
}

/// The fixed columns of one listing line, padded in a local buffer and appended at once (a listing
/// has a line per file). A cell longer than its width widens it, as pad() does; the buffer holds
/// the longest line the cells can make.
class Columns {
public:
  void text(std::string_view s, size_t width, bool right) {
    const size_t n = std::min(s.size(), kCapacity - size_);
    const size_t fill = std::min(n < width ? width - n : 0, kCapacity - size_ - n);
    if (right) space(fill);
    std::copy_n(s.data(), n, buf_ + size_);
    size_ += n;
    if (!right) space(fill);
  }
  void number(uint64_t n, size_t width) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    text(std::string_view(digits, static_cast<size_t>(end - digits)), width, true);
  }
  void space(size_t n = 1) {
    n = std::min(n, kCapacity - size_);
    std::fill_n(buf_ + size_, n, ' ');
    size_ += n;
  }
  std::string_view view() const { return {buf_, size_}; }

private:
  static constexpr size_t kCapacity = 256; // 77 bytes of columns and every flag word joined
  char buf_[kCapacity];
  size_t size_ = 0;
};

/// A name for a terminal: valid UTF-8, and control characters (a newline, an escape sequence from
/// a hostile image) written as \xNN so that one entry stays one line and cannot drive the terminal.
void appendPrintable(std::string& out, std::string_view raw) {
  // Most names are printable ASCII, which needs neither repair nor escaping.
  if (std::all_of(raw.begin(), raw.end(), [](char c) { return c >= 0x20 && c < 0x7f; })) {
    out.append(raw);
    return;
  }
  const std::string safe = utf8Safe(raw);
  for (char c : safe) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
}

} // namespace

namespace {

/// bestFileName() and bestDirectoryName() as views into the analysis.
std::string_view bestFilePath(const ImageAnalysis& a, size_t file) {
  if (file < a.rockRidge.filePaths.size() && !a.rockRidge.filePaths[file].empty()) return a.rockRidge.filePaths[file];
  for (const auto& j : a.joliet)
    if (file < j.pathOfPrimaryFile.size() && !j.pathOfPrimaryFile[file].empty()) return j.pathOfPrimaryFile[file];
  return file < a.iso.tree.files.size() ? std::string_view(a.iso.tree.files[file].path) : std::string_view();
}

std::string_view bestDirectoryPath(const ImageAnalysis& a, size_t directory) {
  if (directory < a.rockRidge.directoryPaths.size() && !a.rockRidge.directoryPaths[directory].empty())
    return a.rockRidge.directoryPaths[directory];
  for (const auto& j : a.joliet)
    if (directory < j.pathOfPrimaryDirectory.size() && !j.pathOfPrimaryDirectory[directory].empty())
      return j.pathOfPrimaryDirectory[directory];
  return directory < a.iso.tree.directories.size() ? std::string_view(a.iso.tree.directories[directory].path)
                                                    : std::string_view();
}

} // namespace

std::string bestDirectoryName(const ImageAnalysis& a, size_t directory) {
  return std::string(bestDirectoryPath(a, directory));
}

std::vector<ListEntry> listEntries(const ImageAnalysis& a, NameView view) {
  std::vector<ListEntry> out;
  if (!a.iso.found) return out;
  const iso::Hierarchy& tree = a.iso.tree;
  // The entries are put in order first as (kind, index, path) triples that point into the model;
  // each ListEntry is then built once, in its place.
  enum class Kind : uint8_t { Directory, Skipped, File };
  struct Item {
    Kind kind;
    uint32_t index;
    std::string_view path;
  };
  std::vector<Item> items;
  items.reserve(tree.directories.size() + tree.skipped.size() + tree.files.size());
  const bool best = view == NameView::Best;
  // Each directory followed by its files: the walk records a directory's files together, and
  // directories depth-first, so a flat tree comes out already in order and the sort below only checks.
  size_t nextFile = 0;
  for (size_t d = 0; d < tree.directories.size(); ++d) {
    items.push_back({Kind::Directory, static_cast<uint32_t>(d), best ? bestDirectoryPath(a, d) : tree.directories[d].path});
    for (; nextFile < tree.files.size() && tree.files[nextFile].directory == d; ++nextFile)
      items.push_back({Kind::File, static_cast<uint32_t>(nextFile), best ? bestFilePath(a, nextFile) : tree.files[nextFile].path});
  }
  for (; nextFile < tree.files.size(); ++nextFile)
    items.push_back({Kind::File, static_cast<uint32_t>(nextFile), best ? bestFilePath(a, nextFile) : tree.files[nextFile].path});
  // Directory records the walk did not follow (a loop, an extent already walked, outside the image).
  for (size_t k = 0; k < tree.skipped.size(); ++k)
    if (tree.skipped[k].record < tree.records.size())
      items.push_back({Kind::Skipped, static_cast<uint32_t>(k), tree.records[tree.skipped[k].record].path});

  // Tree order: paths compared component by component ("/A/X" right after "/A", before "/A.TXT"),
  // which is byte order once '/' sorts lowest (with NUL). Equal paths keep a fixed order:
  // directories, then directories not walked, then files, each in model order.
  auto treeLess = [](std::string_view x, std::string_view y) {
    auto rank = [](char c) { return c == '/' ? 0U : static_cast<unsigned>(static_cast<unsigned char>(c)); };
    for (;;) {
      const auto [ix, iy] = std::mismatch(x.begin(), x.end(), y.begin(), y.end());
      if (iy == y.end()) return false; // y is a prefix of x, or equal
      if (ix == x.end()) return true;  // x is a proper prefix of y
      if (rank(*ix) != rank(*iy)) return rank(*ix) < rank(*iy);
      // '/' against NUL: equal ranks, so the comparison goes on after them.
      x.remove_prefix(static_cast<size_t>(ix - x.begin()) + 1);
      y.remove_prefix(static_cast<size_t>(iy - y.begin()) + 1);
    }
  };
  auto itemLess = [&](const Item& x, const Item& y) {
    if (treeLess(x.path, y.path)) return true;
    if (treeLess(y.path, x.path)) return false;
    return std::pair(x.kind, x.index) < std::pair(y.kind, y.index);
  };
  if (!std::is_sorted(items.begin(), items.end(), itemLess)) std::sort(items.begin(), items.end(), itemLess);

  out.reserve(items.size());
  for (const Item& item : items) {
    ListEntry& e = out.emplace_back();
    e.path = item.path;
    if (item.kind == Kind::Directory) {
      const iso::DirectoryNode& node = tree.directories[item.index];
      e.isoPath = node.path;
      e.directory = true;
      e.size = node.dataLength;
      e.lba = node.extent;
      e.extents = 1;
      // The record naming the directory in its parent; for the root, its own "." record.
      const iso::RecordEntry* rec = nullptr;
      if (node.record && *node.record < tree.records.size()) rec = &tree.records[*node.record];
      else if (!node.records.empty() && node.records.front() < tree.records.size() &&
               tree.records[node.records.front()].record.isSelf())
        rec = &tree.records[node.records.front()];
      if (rec) {
        addRecordFlags(rec->record, e.flags);
        e.recorded = rec->record.recordingDateAndTime;
      }
      addFlag(e.flags, "directory");
      if (node.outsideImage) addFlag(e.flags, "outside-image");
    } else if (item.kind == Kind::Skipped) {
      const iso::RecordEntry& rec = tree.records[tree.skipped[item.index].record];
      e.isoPath = rec.path;
      e.directory = true;
      e.size = rec.record.dataLength.value();
      e.lba = rec.record.locationOfExtent.value();
      e.extents = 1;
      addRecordFlags(rec.record, e.flags);
      addFlag(e.flags, "directory");
      e.flags.emplace_back("not-walked");
      e.recorded = rec.record.recordingDateAndTime;
    } else {
      const size_t i = item.index;
      const iso::FileEntry& f = tree.files[i];
      e.isoPath = f.path;
      e.size = f.size;
      e.extents = f.sections.size();
      if (!f.sections.empty() && f.sections.front() < tree.records.size()) {
        const iso::RecordEntry& first = tree.records[f.sections.front()];
        e.lba = first.record.locationOfExtent.value();
        e.recorded = first.record.recordingDateAndTime;
        addRecordFlags(first.record, e.flags);
        if (const analyzer::SystemUseFacts* facts = a.rockRidge.facts(f.sections.front()); facts && facts->symlinkTarget) {
          e.flags.emplace_back("symlink");
          e.linkTarget = std::string_view(*facts->symlinkTarget);
        }
      }
      if (f.sections.size() > 1) addFlag(e.flags, "multi-extent");
      if (f.associated) addFlag(e.flags, "associated");
      if (f.interleaved) addFlag(e.flags, "interleaved");
      if (f.outsideImage()) addFlag(e.flags, "outside-image");
      if (i < a.isoFileDigests.size()) {
        e.digests = a.isoFileDigests[i].digests;
        e.hashComplete = a.isoFileDigests[i].complete;
      }
    }
  }
  return out;
}

std::string listingText(const std::vector<ListEntry>& entries, const std::vector<hashing::Algorithm>& fileHashes) {
  // Columns: type 4, size 13, lba 10, ext 3, date 25, flags 16, one per digest, then the path.
  std::string out;
  out.reserve((entries.size() + 1) * (100 + 65 * fileHashes.size()));
  DateText dateText;
  auto row = [&](std::string_view type, std::string_view size, std::string_view lba, std::string_view ext,
                 std::string_view date, std::string_view flags) {
    pad(out, type, 4, false);
    out += ' ';
    pad(out, size, 13, true);
    out += ' ';
    pad(out, lba, 10, true);
    out += ' ';
    pad(out, ext, 3, true);
    out += ' ';
    pad(out, date, 25, false);
    out += ' ';
    pad(out, flags, 16, false);
  };
  row("type", "size", "lba", "ext", "date", "flags");
  for (hashing::Algorithm alg : fileHashes) {
    out += ' ';
    pad(out, hashing::algorithmName(alg), hashing::digestSize(alg) * 2, false);
  }
  out += " path\n";
  for (const ListEntry& e : entries) {
    Columns c;
    c.text(e.directory ? "d" : "-", 4, false);
    c.space();
    c.number(e.size, 13);
    c.space();
    if (e.lba) c.number(*e.lba, 10);
    else c.text("-", 10, true);
    c.space();
    c.number(e.extents, 3);
    c.space();
    const std::optional<std::string>* date = e.recorded ? &dateText(*e.recorded) : nullptr;
    c.text(date && *date ? std::string_view(**date) : std::string_view("-"), 25, false);
    c.space();
    c.text(joinFlags(e.flags, true), 16, false);
    out += c.view();
    for (size_t k = 0; k < fileHashes.size(); ++k) {
      std::string cell = "-";
      if (!e.directory && k < e.digests.size()) cell = e.hashComplete ? e.digests[k].hex() : "incomplete";
      out += ' ';
      pad(out, cell, hashing::digestSize(fileHashes[k]) * 2, false);
    }
    out += ' ';
    appendPrintable(out, e.path);
    if (e.linkTarget) {
      out += " -> ";
      appendPrintable(out, *e.linkTarget);
    }
    out += '\n';
  }
  return out;
}

std::string listingJson(const std::string& input, NameView view, const std::vector<ListEntry>& entries,
                        const std::vector<hashing::Algorithm>& fileHashes) {
  JsonWriter j;
  j.reserve((entries.size() + 1) * (400 + 100 * fileHashes.size())); // ~330 bytes an entry without digests
  DateText dateText;
  j.beginObject();
  j.value("input", input);
  j.value("names", view == NameView::Best ? "best" : "iso9660");
  j.beginArray("file_hashes");
  for (hashing::Algorithm alg : fileHashes) j.element(hashing::algorithmName(alg));
  j.endArray();
  j.beginArray("entries");
  for (const ListEntry& e : entries) {
    j.beginObject();
    j.value("path", e.path);
    j.value("iso_path", e.isoPath);
    j.value("type", e.directory ? "directory" : "file");
    j.value("size", e.size);
    if (e.lba) j.value("lba", *e.lba);
    else j.null("lba");
    j.value("extents", e.extents);
    j.beginArray("flags");
    for (std::string_view f : e.flags) j.element(f);
    j.endArray();
    const std::optional<std::string>* date = e.recorded ? &dateText(*e.recorded) : nullptr;
    if (date && *date) j.value("date", **date);
    else j.null("date");
    if (e.linkTarget) j.value("link_target", *e.linkTarget);
    else j.null("link_target");
    j.beginObject("digests");
    if (e.hashComplete)
      for (const hashing::Digest& d : e.digests) j.value(hashing::algorithmName(d.algorithm), d.hex());
    j.endObject();
    j.value("hash_complete", e.directory || fileHashes.empty() ? true : e.hashComplete);
    j.endObject();
  }
  j.endArray();
  j.endObject();
  std::string text = j.take();
  text += '\n';
  return text;
}

} // namespace dv::report
