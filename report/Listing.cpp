// Listing: the entries of `discverify ls` and their text and JSON forms.
#include "report/Listing.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/Text.h"
#include "report/Json.h"

namespace dv::report {
namespace {

using analyzer::ImageAnalysis;
namespace iso = analyzer::iso9660;

/// Tree order: paths compared component by component, so "/A/X" follows "/A" before "/A.TXT".
bool treeBefore(const std::string& a, const std::string& b) {
  auto key = [](char c) { return c == '/' ? 0 : static_cast<int>(static_cast<unsigned char>(c)) + 1; };
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [&](char x, char y) { return key(x) < key(y); });
}

/// The flags of a record (9.1.6) as words.
void addRecordFlags(const iso::DirectoryRecord& r, std::vector<std::string>& out) {
  if (r.isDirectory()) out.emplace_back("directory");
  if (r.isMultiExtent()) out.emplace_back("multi-extent");
  if (r.isAssociated()) out.emplace_back("associated");
  if (r.isHidden()) out.emplace_back("hidden");
  if (r.fileFlags & iso::flags::kRecord) out.emplace_back("record");
  if (r.fileFlags & iso::flags::kProtection) out.emplace_back("protection");
}

void addFlag(std::vector<std::string>& flags, const char* flag) {
  if (std::find(flags.begin(), flags.end(), flag) == flags.end()) flags.emplace_back(flag);
}

std::string joinFlags(const std::vector<std::string>& flags, bool skipDirectory) {
  std::string out;
  for (const std::string& f : flags) {
    if (skipDirectory && f == "directory") continue;
    if (!out.empty()) out += ',';
    out += f;
  }
  return out.empty() ? "-" : out;
}

} // namespace

std::string bestDirectoryName(const ImageAnalysis& a, size_t directory) {
  if (directory < a.rockRidge.directoryPaths.size() && !a.rockRidge.directoryPaths[directory].empty())
    return a.rockRidge.directoryPaths[directory];
  for (const auto& j : a.joliet)
    if (directory < j.pathOfPrimaryDirectory.size() && !j.pathOfPrimaryDirectory[directory].empty())
      return j.pathOfPrimaryDirectory[directory];
  return directory < a.iso.tree.directories.size() ? a.iso.tree.directories[directory].path : std::string();
}

std::vector<ListEntry> listEntries(const ImageAnalysis& a, NameView view) {
  std::vector<ListEntry> out;
  if (!a.iso.found) return out;
  const iso::Hierarchy& tree = a.iso.tree;
  out.reserve(tree.directories.size() + tree.files.size() + tree.skipped.size());

  for (size_t d = 0; d < tree.directories.size(); ++d) {
    const iso::DirectoryNode& node = tree.directories[d];
    ListEntry e;
    e.isoPath = node.path;
    e.path = view == NameView::Best ? bestDirectoryName(a, d) : node.path;
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
      e.date = rec->record.recordingDateAndTime.isoText();
    }
    addFlag(e.flags, "directory");
    if (node.outsideImage) addFlag(e.flags, "outside-image");
    out.push_back(std::move(e));
  }
  // Directory records the walk did not follow (a loop, an extent already walked, outside the image).
  for (const iso::SkippedDirectory& s : tree.skipped) {
    if (s.record >= tree.records.size()) continue;
    const iso::RecordEntry& rec = tree.records[s.record];
    ListEntry e;
    e.isoPath = rec.path;
    e.path = rec.path;
    e.directory = true;
    e.size = rec.record.dataLength.value();
    e.lba = rec.record.locationOfExtent.value();
    e.extents = 1;
    addRecordFlags(rec.record, e.flags);
    addFlag(e.flags, "directory");
    e.flags.emplace_back("not-walked");
    e.date = rec.record.recordingDateAndTime.isoText();
    out.push_back(std::move(e));
  }
  for (size_t i = 0; i < tree.files.size(); ++i) {
    const iso::FileEntry& f = tree.files[i];
    ListEntry e;
    e.isoPath = f.path;
    e.path = view == NameView::Best ? bestFileName(a, i) : f.path;
    e.size = f.size;
    e.extents = f.sections.size();
    if (!f.sections.empty() && f.sections.front() < tree.records.size()) {
      const iso::RecordEntry& first = tree.records[f.sections.front()];
      e.lba = first.record.locationOfExtent.value();
      e.date = first.record.recordingDateAndTime.isoText();
      addRecordFlags(first.record, e.flags);
      if (const analyzer::SystemUseFacts* facts = a.rockRidge.facts(f.sections.front()); facts && facts->symlinkTarget) {
        e.flags.emplace_back("symlink");
        e.linkTarget = facts->symlinkTarget;
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
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const ListEntry& x, const ListEntry& y) { return treeBefore(x.path, y.path); });
  return out;
}

std::string listingText(const std::vector<ListEntry>& entries, const std::vector<hashing::Algorithm>& fileHashes) {
  std::string out = fmt::format("{:<4} {:>13} {:>10} {:>3} {:<25} {:<16}", "type", "size", "lba", "ext", "date", "flags");
  for (hashing::Algorithm alg : fileHashes) {
    const size_t width = hashing::digestSize(alg) * 2;
    out += fmt::format(" {:<{}}", hashing::algorithmName(alg), width);
  }
  out += " path\n";
  for (const ListEntry& e : entries) {
    out += fmt::format("{:<4} {:>13} {:>10} {:>3} {:<25} {:<16}", e.directory ? "d" : "-", e.size,
                       e.lba ? std::to_string(*e.lba) : std::string("-"), e.extents, e.date.value_or("-"),
                       joinFlags(e.flags, true));
    for (size_t k = 0; k < fileHashes.size(); ++k) {
      const size_t width = hashing::digestSize(fileHashes[k]) * 2;
      std::string cell = "-";
      if (!e.directory && k < e.digests.size()) cell = e.hashComplete ? e.digests[k].hex() : "incomplete";
      out += fmt::format(" {:<{}}", cell, width);
    }
    out += ' ';
    out += utf8Safe(e.path);
    if (e.linkTarget) out += " -> " + utf8Safe(*e.linkTarget);
    out += '\n';
  }
  return out;
}

std::string listingJson(const std::string& input, NameView view, const std::vector<ListEntry>& entries,
                        const std::vector<hashing::Algorithm>& fileHashes) {
  JsonWriter j;
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
    for (const std::string& f : e.flags) j.element(f);
    j.endArray();
    if (e.date) j.value("date", *e.date);
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
  return j.str() + "\n";
}

} // namespace dv::report
