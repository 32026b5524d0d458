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

std::optional<std::string> corpusFile(const std::string& relativePath) {
  const auto shared = sharedDir();
  if (!shared) return std::nullopt;
  const std::filesystem::path path = std::filesystem::path(*shared) / "corpus" / relativePath;
  if (!std::filesystem::is_regular_file(path)) return std::nullopt;
  return path.string();
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

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>

namespace dv::test {

Measured runMeasured(const std::string& command) {
  Measured m;
  // ru_maxrss of a child forked from this process counts this process's pages until the child's
  // exec, so a large test process would inflate every figure. GNU time, exec'd first, forks the
  // command from its own small image and reports the command's peak alone.
  const bool viaTime = ::access("/usr/bin/time", X_OK) == 0;
  char usageFile[] = "/tmp/dv-usage-XXXXXX";
  const int usageFd = viaTime ? ::mkstemp(usageFile) : -1;
  if (usageFd >= 0) ::close(usageFd);
  int pipeFds[2];
  if (::pipe(pipeFds) != 0) return m;
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipeFds[1], STDOUT_FILENO);
    ::close(pipeFds[0]);
    ::close(pipeFds[1]);
    if (usageFd >= 0)
      ::execl("/usr/bin/time", "time", "-q", "-f", "%M %U %S", "-o", usageFile, "/bin/sh", "-c", command.c_str(),
              static_cast<char*>(nullptr));
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(pipeFds[1]);
  char buf[4096];
  ssize_t n;
  while ((n = ::read(pipeFds[0], buf, sizeof buf)) > 0) m.output.append(buf, static_cast<size_t>(n));
  ::close(pipeFds[0]);
  int status = 0;
  rusage ru{};
  if (pid > 0 && ::wait4(pid, &status, 0, &ru) == pid) {
    m.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    m.maxRssKiB = static_cast<uint64_t>(ru.ru_maxrss);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    m.cpuSeconds = seconds(ru.ru_utime) + seconds(ru.ru_stime);
  }
  m.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (usageFd >= 0) {
    unsigned long long kib = 0;
    double user = 0, system = 0;
    if (FILE* f = std::fopen(usageFile, "r")) {
      if (std::fscanf(f, "%llu %lf %lf", &kib, &user, &system) == 3) {
        m.maxRssKiB = kib;
        m.cpuSeconds = user + system;
      }
      std::fclose(f);
    }
    std::remove(usageFile);
  }
  return m;
}

} // namespace dv::test
