// FileResolver: name resolution for the data files of CD descriptors.
#include "analyzer/formats/FileResolver.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace dv::analyzer::formats {
namespace {

std::optional<FileStat> statFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return FileStat{path, static_cast<uint64_t>(st.st_size)};
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view baseName(std::string_view name) {
  const size_t cut = name.find_last_of("/\\");
  return cut == std::string_view::npos ? name : name.substr(cut + 1);
}

} // namespace

std::optional<FileStat> DirectoryResolver::resolve(std::string_view name) const {
  if (name.empty()) return std::nullopt;
  const std::string exact = name.front() == '/' ? std::string(name) : directory_ + "/" + std::string(name);
  if (auto s = statFile(exact)) return s;
  const std::string base(baseName(name));
  if (base.empty()) return std::nullopt;
  if (auto s = statFile(directory_ + "/" + base)) return s;
  // Sheets made on case-insensitive systems often differ from the file in letter case only.
  std::error_code ec;
  const std::string want = lower(base);
  size_t seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(directory_, ec)) {
    if (++seen > 100000) break; // a bounded look, not a crawl
    if (lower(entry.path().filename().string()) == want)
      if (auto s = statFile(entry.path().string())) return s;
  }
  return std::nullopt;
}

std::optional<FileStat> TableResolver::resolve(std::string_view name) const {
  auto it = files_.find(name);
  if (it == files_.end()) it = files_.find(baseName(name));
  if (it == files_.end()) return std::nullopt;
  return FileStat{it->first, it->second};
}

std::string directoryOf(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string stemOf(const std::string& path) {
  std::string base(baseName(path));
  const size_t dot = base.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

std::string extensionOf(const std::string& path) {
  const std::string base(baseName(path));
  const size_t dot = base.find_last_of('.');
  return dot == std::string::npos ? std::string() : lower(base.substr(dot + 1));
}

} // namespace dv::analyzer::formats
