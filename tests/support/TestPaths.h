// TestPaths: where tests find the built program, the samples and ../shared.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dv::test {

/// The repository root.
std::string sourceDir();
/// The build directory (holds bin/discverify).
std::string binaryDir();
/// ../shared next to the repository, when present (a user's clone has none).
std::optional<std::string> sharedDir();
/// The path of ../shared/corpus/<relativePath> ("libcdio/isofs-m1.bin") when that file exists;
/// nullopt otherwise (no ../shared, or the file is absent). Read corpus files in place, never copy them.
std::optional<std::string> corpusFile(const std::string& relativePath);
/// A fresh empty directory under the build tree for one test; removed and recreated on each call.
std::string scratchDir(const std::string& name);
/// Runs a shell command; returns its exit status and fills `output` with its standard output.
int runCommand(const std::string& command, std::string* output = nullptr);

} // namespace dv::test

namespace dv::test {

/// What a measured child process did.
struct Measured {
  int status = -1;         ///< exit status, or -1 when killed by a signal
  double wallSeconds = 0;
  double cpuSeconds = 0;   ///< user + system time of the child (does not grow when the machine is busy)
  /// Peak resident set of the command, measured by GNU time when installed (a child forked from
  /// this process would count this process's pages too).
  uint64_t maxRssKiB = 0;
  std::string output;      ///< standard output
};

/// Runs `command` under /bin/sh, capturing standard output, wall time and peak RSS (wait4).
Measured runMeasured(const std::string& command);

} // namespace dv::test

/// In a test body: declares `var`, the path of ../shared/corpus/<relativePath>, or skips the test
/// saying which corpus file is not available.
#define DV_CORPUS_FILE_OR_SKIP(var, relativePath)                 \
  const std::string var##Relative = (relativePath);               \
  const auto var = ::dv::test::corpusFile(var##Relative);         \
  if (!var) GTEST_SKIP() << "../shared/corpus/" << var##Relative << " is not available"
