// Reference: readers for discverify XML/JSON reports, DFXML (fiwalk, hashdeep -d) and hash lists
// (md5sum/sha*sum GNU and BSD lines, rhash/SFV, hashdeep CSV). All input is untrusted: sizes capped,
// traversal iterative, nothing sized by a count read from the text.
#include "report/Reference.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <map>

#include <pugixml.hpp>

#include "report/JsonValue.h"

namespace dv::report {

std::string_view refItemKindName(RefItemKind k) {
  switch (k) {
  case RefItemKind::Image: return "image";
  case RefItemKind::Piece: return "piece";
  case RefItemKind::Track: return "track";
  case RefItemKind::File: return "file";
  case RefItemKind::DataFile: return "data-file";
  }
  return "image";
}

namespace {

using hashing::Algorithm;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool isHex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

std::string_view baseName(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::optional<uint64_t> toUint(std::string_view s) {
  s = trim(s);
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

/// The algorithm of a DFXML hashdigest type or a digest label ("MD5", "SHA256", "sha3-256").
std::optional<Algorithm> algorithmOf(std::string_view label) { return hashing::parseAlgorithm(trim(label)); }

/// The algorithm a bare hex digest of this length most likely has (GNU *sum lines carry no label).
std::optional<Algorithm> algorithmByLength(size_t hexChars) {
  switch (hexChars) {
  case 8: return Algorithm::Crc32;
  case 32: return Algorithm::Md5;
  case 40: return Algorithm::Sha1;
  case 64: return Algorithm::Sha256;
  case 128: return Algorithm::Sha512;
  default: return std::nullopt;
  }
}

bool validDigest(const RefDigest& d) { return isHex(d.hex) && d.hex.size() == 2 * hashing::digestSize(d.algorithm); }

// ---------------------------------------------------------------- XML

std::string_view localName(const char* name) {
  std::string_view n(name);
  const size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node n, std::string_view local) {
  for (pugi::xml_node c : n.children())
    if (c.type() == pugi::node_element && localName(c.name()) == local) return c;
  return {};
}

std::optional<RefDigest> hashdigestOf(pugi::xml_node h) {
  std::string type = h.attribute("type").as_string();
  if (lower(type) == "other") type = h.attribute("dv:algorithm").as_string();
  auto alg = algorithmOf(type);
  if (!alg) return std::nullopt;
  RefDigest d{*alg, lower(trim(h.child_value()))};
  if (!validDigest(d)) return std::nullopt;
  return d;
}

/// Byte runs with image offsets of `runs` (fiwalk writes img_offset; fs_offset alone is not enough).
std::vector<ByteRange> runsOf(pugi::xml_node runs, const ReferenceLimits& limits) {
  std::vector<ByteRange> out;
  for (pugi::xml_node br : runs.children()) {
    if (br.type() != pugi::node_element || localName(br.name()) != "byte_run") continue;
    auto off = toUint(br.attribute("img_offset").as_string());
    auto len = toUint(br.attribute("len").as_string());
    if (!off || !len || out.size() >= limits.maxRunsPerItem) return {};
    out.push_back({*off, *len});
  }
  return out;
}

void addFileObject(pugi::xml_node fo, std::string_view imageName, bool ours, Reference& ref, const ReferenceLimits& limits) {
  RefItem item;
  item.name = trim(child(fo, "filename").child_value());
  item.size = toUint(child(fo, "filesize").child_value());
  for (pugi::xml_node c : fo.children())
    if (c.type() == pugi::node_element && localName(c.name()) == "hashdigest")
      if (auto d = hashdigestOf(c)) item.digests.push_back(*d);
  if (pugi::xml_node runs = child(fo, "byte_runs")) item.runs = runsOf(runs, limits);
  if (item.runs.empty() && baseName(item.name) == baseName(imageName)) {
    item.kind = RefItemKind::Image; // hashdeep -d: the image file itself
  } else if (item.runs.empty() && ours && !item.name.empty() && !item.digests.empty()) {
    // A file of a CD's volume: its bytes are no range of the input, so it is compared by its name
    // with the digests the pass computes.
    item.kind = RefItemKind::File;
    ref.listsFiles = true;
  } else if (item.runs.empty()) {
    ref.notes.push_back("no image byte runs for " + item.name + ": not comparable");
    return;
  } else {
    item.kind = RefItemKind::File;
    ref.listsFiles = true;
  }
  if (item.digests.empty() && item.kind == RefItemKind::Image) return;
  ref.items.push_back(std::move(item));
}

Result<Reference> parseXml(std::string_view text, std::string_view imageName, const ReferenceLimits& limits) {
  pugi::xml_document doc;
  const pugi::xml_parse_result ok = doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!ok)
    return Error(ErrorCode::Malformed, std::string("xml at byte 0x") + std::to_string(ok.offset) + ": " + ok.description());
  Reference ref;
  pugi::xml_node root = doc.document_element();
  const bool ours = std::string_view(root.attribute("xmlns:dv").as_string()) == "urn:discverify:1";
  ref.kind = ours ? "discverify-xml" : "dfxml";
  // Depth-first walk with an explicit stack: a hostile document cannot exhaust the call stack.
  std::vector<pugi::xml_node> stack{root};
  while (!stack.empty() && ref.items.size() < limits.maxItems) {
    pugi::xml_node n = stack.back();
    stack.pop_back();
    const std::string_view name = localName(n.name());
    if (name == "image_digest") {
      auto alg = algorithmOf(n.attribute("type").as_string());
      RefItem item;
      item.kind = RefItemKind::Image;
      item.name = n.attribute("file").as_string();
      item.size = toUint(n.attribute("len").as_string());
      if (alg) {
        RefDigest d{*alg, lower(trim(n.child_value()))};
        if (validDigest(d)) item.digests.push_back(d);
      }
      if (!item.digests.empty()) ref.items.push_back(std::move(item));
      continue;
    }
    if (name == "fileobject") {
      addFileObject(n, imageName, ours, ref, limits);
      continue;
    }
    if (name == "data_file") { // a CD descriptor's data file with the digests of its stored bytes
      RefItem item;
      item.kind = RefItemKind::DataFile;
      item.name = n.attribute("name").as_string();
      item.size = toUint(n.attribute("size").as_string());
      for (pugi::xml_node c : n.children())
        if (localName(c.name()) == "hashdigest")
          if (auto d = hashdigestOf(c)) item.digests.push_back(*d);
      if (!item.digests.empty() && !item.name.empty()) ref.items.push_back(std::move(item));
      continue;
    }
    if (name == "partitionobject") {
      RefItem item;
      item.kind = RefItemKind::Track;
      auto number = toUint(child(n, "partition_index").child_value());
      item.trackNumber = number && *number < 100 ? static_cast<uint32_t>(*number) : 0;
      item.name = "track " + std::to_string(item.trackNumber);
      for (pugi::xml_node c : n.children())
        if (localName(c.name()) == "hashdigest")
          if (auto d = hashdigestOf(c)) item.digests.push_back(*d);
      if (pugi::xml_node runs = child(n, "byte_runs")) {
        // A CD track: its content digest sits in the byte_run of type dv:track_content.
        for (pugi::xml_node br : runs.children())
          if (localName(br.name()) == "byte_run" && std::string_view(br.attribute("type").as_string()) == "dv:track_content")
            for (pugi::xml_node h : br.children())
              if (localName(h.name()) == "hashdigest")
                if (auto d = hashdigestOf(h)) item.digests.push_back(*d);
        if (item.trackNumber == 0) item.runs = runsOf(runs, limits);
      }
      if (!item.digests.empty() && (item.trackNumber > 0 || !item.runs.empty())) ref.items.push_back(std::move(item));
      // A partition holds volumes and files of its own.
    }
    if (name == "byte_runs" && localName(n.parent().name()) == "diskimageobject") {
      for (pugi::xml_node br : n.children()) {
        if (localName(br.name()) != "byte_run" || ref.items.size() >= limits.maxItems) continue;
        auto off = toUint(br.attribute("img_offset").as_string());
        auto len = toUint(br.attribute("len").as_string());
        if (!off || !len) continue;
        RefItem item;
        item.kind = RefItemKind::Piece;
        item.runs.push_back({*off, *len});
        for (pugi::xml_node h : br.children())
          if (localName(h.name()) == "hashdigest")
            if (auto d = hashdigestOf(h)) item.digests.push_back(*d);
        if (!item.digests.empty()) ref.items.push_back(std::move(item));
      }
      continue;
    }
    std::vector<pugi::xml_node> kids;
    for (pugi::xml_node c : n.children())
      if (c.type() == pugi::node_element) kids.push_back(c);
    stack.insert(stack.end(), kids.rbegin(), kids.rend()); // keep document order
  }
  // A hashdeep DFXML lists files on disk: keep only the image's own entry.
  if (!ours && !ref.items.empty() &&
      std::all_of(ref.items.begin(), ref.items.end(), [](const RefItem& i) { return i.kind == RefItemKind::Image; }))
    ref.kind = "hashdeep-dfxml";
  return ref;
}

// ---------------------------------------------------------------- JSON

std::vector<RefDigest> jsonDigests(const JsonValue* arr) {
  std::vector<RefDigest> out;
  if (!arr || !arr->isArray()) return out;
  for (const JsonValue& d : arr->items) {
    auto alg = algorithmOf(d.string("algorithm"));
    if (!alg) continue;
    RefDigest dg{*alg, lower(d.string("hex"))};
    if (validDigest(dg)) out.push_back(dg);
  }
  return out;
}

std::vector<ByteRange> jsonRuns(const JsonValue* arr, const ReferenceLimits& limits) {
  std::vector<ByteRange> out;
  if (!arr || !arr->isArray()) return out;
  for (const JsonValue& r : arr->items) {
    auto off = r.uint("offset");
    auto len = r.uint("length");
    if (!off || !len || out.size() >= limits.maxRunsPerItem) return {};
    out.push_back({*off, *len});
  }
  return out;
}

Result<Reference> parseJsonReport(std::string_view text, std::string_view imageName, const ReferenceLimits& limits) {
  auto doc = parseJson(text);
  if (!doc) return std::move(doc).takeError();
  if (doc->string("format") != "discverify-report")
    return Error(ErrorCode::Unsupported, "json is not a discverify report (no \"format\": \"discverify-report\")");
  Reference ref;
  ref.kind = "discverify-json";
  const JsonValue* inputs = doc->find("inputs");
  if (!inputs || !inputs->isArray()) return ref;
  const JsonValue* chosen = nullptr;
  for (const JsonValue& in : inputs->items) {
    const JsonValue* info = in.find("input");
    if (info && baseName(info->string("path")) == baseName(imageName)) chosen = &in;
  }
  if (!chosen && inputs->items.size() == 1) chosen = &inputs->items.front();
  if (!chosen) {
    ref.notes.push_back("the report has no input named " + std::string(baseName(imageName)));
    return ref;
  }
  RefItem image;
  image.kind = RefItemKind::Image;
  image.name = chosen->find("input") ? chosen->find("input")->string("path") : "";
  image.digests = jsonDigests(chosen->find("digests"));
  if (!image.digests.empty()) ref.items.push_back(image);
  if (const JsonValue* sets = chosen->find("pieces"); sets && sets->isArray()) {
    std::map<std::pair<uint64_t, uint64_t>, size_t> byRange; // one item per range, all its algorithms
    for (const JsonValue& set : sets->items) {
      auto alg = algorithmOf(set.string("algorithm"));
      const JsonValue* pieces = set.find("pieces");
      if (!alg || !pieces || !pieces->isArray()) continue;
      for (const JsonValue& p : pieces->items) {
        auto off = p.uint("offset");
        auto len = p.uint("length");
        RefDigest d{*alg, lower(p.string("hex"))};
        if (!off || !len || !validDigest(d) || ref.items.size() >= limits.maxItems) continue;
        auto [it, fresh] = byRange.try_emplace({*off, *len}, ref.items.size());
        if (fresh) {
          RefItem item;
          item.kind = RefItemKind::Piece;
          item.runs.push_back({*off, *len});
          ref.items.push_back(std::move(item));
        }
        ref.items[it->second].digests.push_back(d);
      }
    }
  }
  // A CD input: the digests of its data files and of each track's content.
  if (const JsonValue* cd = chosen->find("cd"); cd && cd->isObject()) {
    if (const JsonValue* files = cd->find("files"); files && files->isArray())
      for (const JsonValue& f : files->items) {
        RefItem item;
        item.kind = RefItemKind::DataFile;
        item.name = f.string("name");
        item.size = f.uint("size");
        item.digests = jsonDigests(f.find("digests"));
        if (!item.name.empty() && !item.digests.empty() && ref.items.size() < limits.maxItems) ref.items.push_back(std::move(item));
      }
    if (const JsonValue* tracks = cd->find("tracks"); tracks && tracks->isArray())
      for (const JsonValue& t : tracks->items) {
        RefItem item;
        item.kind = RefItemKind::Track;
        auto number = t.uint("number");
        if (!number || *number == 0 || *number > 99) continue;
        item.trackNumber = static_cast<uint32_t>(*number);
        item.name = "track " + std::to_string(item.trackNumber);
        if (const JsonValue* content = t.find("content")) item.digests = jsonDigests(content->find("digests"));
        if (!item.digests.empty() && ref.items.size() < limits.maxItems) ref.items.push_back(std::move(item));
      }
  }
  // Tracks and files, when the report has them: name/path, byte runs and digests.
  for (const auto& [key, kind] : {std::pair{"tracks", RefItemKind::Track}, std::pair{"files", RefItemKind::File}}) {
    const JsonValue* arr = chosen->find(key);
    if (!arr || !arr->isArray()) continue;
    if (kind == RefItemKind::File) ref.listsFiles = true;
    for (const JsonValue& f : arr->items) {
      if (ref.items.size() >= limits.maxItems) break;
      RefItem item;
      item.kind = kind;
      item.name = f.string(kind == RefItemKind::File ? "path" : "name");
      item.size = f.uint("size");
      item.runs = jsonRuns(f.find("byte_runs"), limits);
      item.digests = jsonDigests(f.find("digests"));
      if (!item.runs.empty() || !item.digests.empty()) ref.items.push_back(std::move(item));
    }
  }
  return ref;
}

// ---------------------------------------------------------------- hash lists

struct ListEntry {
  std::string name;
  RefDigest digest;
};

/// One line of md5sum/sha*sum (GNU or --tag BSD style), rhash, or SFV; nullopt when it is none.
std::optional<ListEntry> parseListLine(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.front() == '#' || line.front() == ';') return std::nullopt;
  if (line.front() == '\\') line.remove_prefix(1); // GNU: the name has escapes; we compare base names only
  // BSD: "SHA256 (name) = hex"
  if (const size_t open = line.find(" ("); open != std::string_view::npos) {
    const size_t close = line.rfind(") = ");
    if (close != std::string_view::npos && close > open) {
      auto alg = algorithmOf(line.substr(0, open));
      RefDigest d{alg.value_or(Algorithm::Md5), lower(trim(line.substr(close + 4)))};
      if (alg && validDigest(d)) return ListEntry{std::string(line.substr(open + 2, close - open - 2)), d};
      return std::nullopt;
    }
  }
  // GNU: "hex  name" or "hex *name"
  const size_t space = line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string_view first = line.substr(0, space);
  std::string_view rest = line.substr(space + 1);
  if (isHex(first) && first.size() >= 32) {
    if (!rest.empty() && (rest.front() == ' ' || rest.front() == '*')) rest.remove_prefix(1);
    auto alg = algorithmByLength(first.size());
    if (!alg) return std::nullopt;
    return ListEntry{std::string(rest), {*alg, lower(first)}};
  }
  // SFV (rhash's default): "name CRC32"
  const size_t last = line.rfind(' ');
  std::string_view crc = line.substr(last + 1);
  if (crc.size() == 8 && isHex(crc)) return ListEntry{std::string(trim(line.substr(0, last))), {Algorithm::Crc32, lower(crc)}};
  return std::nullopt;
}

std::vector<std::string_view> splitCsv(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    const size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

template <typename F> void forEachLine(std::string_view text, F&& f) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    f(line);
    start = end + 1;
  }
}

/// Keeps the entries for `imageName`: base name matches, or a name of "-" (stdin), or a list that
/// names one file only.
Reference entriesForImage(const std::vector<ListEntry>& entries, std::string_view imageName, std::string kind) {
  Reference ref;
  ref.kind = std::move(kind);
  std::vector<std::string> names;
  for (const ListEntry& e : entries)
    if (std::find(names.begin(), names.end(), e.name) == names.end()) names.push_back(e.name);
  RefItem image;
  image.kind = RefItemKind::Image;
  image.name = std::string(baseName(imageName));
  for (const ListEntry& e : entries) {
    const bool match = baseName(e.name) == baseName(imageName) || e.name == "-" || names.size() == 1;
    if (match) image.digests.push_back(e.digest);
  }
  if (names.size() == 1 && baseName(names.front()) != baseName(imageName) && names.front() != "-")
    ref.notes.push_back("the list names " + names.front() + " only; compared it with " + std::string(baseName(imageName)));
  if (image.digests.empty() && !entries.empty())
    ref.notes.push_back("the list has " + std::to_string(entries.size()) + " digests, none for " +
                        std::string(baseName(imageName)));
  if (!image.digests.empty()) ref.items.push_back(std::move(image));
  return ref;
}

Reference parseHashdeepCsv(std::string_view text, std::string_view imageName, const ReferenceLimits& limits) {
  std::vector<std::string> columns;
  std::vector<ListEntry> entries;
  forEachLine(text, [&](std::string_view line) {
    if (line.starts_with("%%%% size,")) {
      columns.clear();
      for (auto c : splitCsv(line.substr(5))) columns.emplace_back(trim(c));
      return;
    }
    if (line.empty() || line.starts_with("%%%%") || line.starts_with("##") || columns.empty()) return;
    auto fields = splitCsv(line);
    // The file name is the last column and may itself contain commas.
    if (fields.size() < columns.size() || entries.size() >= limits.maxItems) return;
    std::string name(fields[columns.size() - 1]);
    for (size_t i = columns.size(); i < fields.size(); ++i) name += "," + std::string(fields[i]);
    for (size_t i = 0; i + 1 < columns.size(); ++i) {
      auto alg = algorithmOf(columns[i]);
      if (!alg) continue;
      RefDigest d{*alg, lower(trim(fields[i]))};
      if (validDigest(d)) entries.push_back({name, d});
    }
  });
  return entriesForImage(entries, imageName, "hashdeep-csv");
}

} // namespace

Result<std::string> readReferenceFile(const std::string& path, size_t maxBytes) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Error(ErrorCode::Io, path + ": cannot open the reference: " + std::strerror(errno));
  std::string out;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (out.size() + n > maxBytes) {
      std::fclose(f);
      return Error(ErrorCode::InvalidArgument, path + ": the reference is larger than 0x" + std::to_string(maxBytes) + " bytes");
    }
    out.append(buf, n);
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Error(ErrorCode::Io, path + ": cannot read the reference");
  return out;
}

Result<Reference> parseReference(std::string_view text, std::string_view imageName, ReferenceLimits limits) {
  if (text.size() > limits.maxBytes)
    return Error(ErrorCode::InvalidArgument, "reference is larger than 0x" + std::to_string(limits.maxBytes) + " bytes");
  std::string_view body = text;
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3); // UTF-8 byte order mark
  const std::string_view head = trim(body.substr(0, 256));
  if (head.starts_with("<")) return parseXml(body, imageName, limits);
  if (head.starts_with("{")) return parseJsonReport(body, imageName, limits);
  if (head.starts_with("%%%% HASHDEEP")) return parseHashdeepCsv(body, imageName, limits);
  std::vector<ListEntry> entries;
  size_t badLines = 0;
  forEachLine(body, [&](std::string_view line) {
    if (entries.size() >= limits.maxItems) return;
    if (auto e = parseListLine(line)) entries.push_back(std::move(*e));
    else if (!trim(line).empty() && trim(line).front() != '#' && trim(line).front() != ';') ++badLines;
  });
  if (entries.empty())
    return Error(ErrorCode::Unsupported,
                 "reference is not a discverify report, DFXML, hashdeep CSV or a hash list (md5sum, sha256sum, rhash)");
  Reference ref = entriesForImage(entries, imageName, "hash-list");
  if (badLines) ref.notes.push_back(std::to_string(badLines) + " lines were not digest lines and were skipped");
  return ref;
}

} // namespace dv::report
