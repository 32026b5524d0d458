// FileResolver: finds the data files a CD descriptor names (next to the descriptor, tolerating the
// letter case and directory prefixes that sheets written on other systems carry).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dv::analyzer::formats {

/// A resolved data file.
struct FileStat {
  std::string path;
  uint64_t size = 0;
};

/// Resolves names written in a descriptor to files. Implementations are read-only.
class FileResolver {
public:
  virtual ~FileResolver() = default;
  /// The file `name` denotes, or nullopt when it does not exist.
  virtual std::optional<FileStat> resolve(std::string_view name) const = 0;
};

/// Resolves names relative to a directory: the exact name, then the base name after any '/' or '\',
/// then a case-insensitive match of that base name in the directory.
class DirectoryResolver final : public FileResolver {
public:
  explicit DirectoryResolver(std::string directory) : directory_(std::move(directory)) {}
  std::optional<FileStat> resolve(std::string_view name) const override;

private:
  std::string directory_;
};

/// A resolver over a fixed table of names and sizes, for tests and fuzzing.
class TableResolver final : public FileResolver {
public:
  void add(std::string name, uint64_t size) { files_[std::move(name)] = size; }
  std::optional<FileStat> resolve(std::string_view name) const override;

private:
  std::map<std::string, uint64_t, std::less<>> files_;
};

/// The directory part of a path ("." when there is none).
std::string directoryOf(const std::string& path);
/// The file name without directory and extension.
std::string stemOf(const std::string& path);
/// The extension, lower case, without the dot ("cue"), or empty.
std::string extensionOf(const std::string& path);

} // namespace dv::analyzer::formats
