// TestPaths: locations of test inputs and a small command runner.
#include "tests/support/TestPaths.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace dv::test {

std::string sourceDir() { return DV_SOURCE_DIR; }
std::string binaryDir() { return DV_BINARY_DIR; }

std::optional<std::string> sharedDir() {
  // DV_SHARED_DIR wins; else the nearest ../shared above the checkout (a worktree may sit deeper).
  if (const char* env = std::getenv("DV_SHARED_DIR"); env && std::filesystem::is_directory(env)) return std::string(env);
  std::filesystem::path dir = std::filesystem::path(DV_SOURCE_DIR);
  for (int up = 0; up < 3 && dir.has_parent_path(); ++up) {
    dir = dir.parent_path();
    if (std::filesystem::is_directory(dir / "shared" / "spec")) return (dir / "shared").string();
  }
  return std::nullopt;
}

std::string scratchDir(const std::string& name) {
  const std::filesystem::path p = std::filesystem::path(DV_BINARY_DIR) / "test-scratch" / name;
  std::filesystem::remove_all(p);
  std::filesystem::create_directories(p);
  return p.string();
}

int runCommand(const std::string& command, std::string* output) {
  FILE* f = ::popen(command.c_str(), "r");
  if (!f) return -1;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    if (output) output->append(buf, n);
  const int status = ::pclose(f);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace dv::test
