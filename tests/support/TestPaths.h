// TestPaths: where tests find the built program, the samples and ../shared.
#pragma once

#include <optional>
#include <string>

namespace dv::test {

/// The repository root.
std::string sourceDir();
/// The build directory (holds bin/discverify).
std::string binaryDir();
/// ../shared next to the repository, when present (a user's clone has none).
std::optional<std::string> sharedDir();
/// A fresh empty directory under the build tree for one test; removed and recreated on each call.
std::string scratchDir(const std::string& name);
/// Runs a shell command; returns its exit status and fills `output` with its standard output.
int runCommand(const std::string& command, std::string* output = nullptr);

} // namespace dv::test
