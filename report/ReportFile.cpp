// ReportFile: atomic report writes (temporary file + rename) and standard output.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "report/Writers.h"

namespace dv::report {
namespace {

Error writeAll(int fd, const std::string& content, const std::string& what) {
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error(ErrorCode::Io, what + ": cannot write: " + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  return {};
}

} // namespace

Error writeReportFile(const std::string& path, const std::string& content) {
  if (path == "-") return writeAll(STDOUT_FILENO, content, "standard output");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    // A device or a FIFO (/dev/null, a pipe to another tool): no temporary file can sit beside it.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return Error(ErrorCode::Io, path + ": cannot open for writing: " + std::strerror(errno));
    Error e = writeAll(fd, content, path);
    ::close(fd);
    return e;
  }
  std::string tmpl = path + ".tmp-XXXXXX";
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return Error(ErrorCode::Io, path + ": cannot create report: " + std::strerror(errno));
  Error e = writeAll(fd, content, path);
  (void)::fchmod(fd, 0644); // mkstemp makes 0600; a report is meant to be read by others
  if (!e && ::fsync(fd) != 0) e = Error(ErrorCode::Io, path + ": cannot flush report: " + std::strerror(errno));
  if (::close(fd) != 0 && !e) e = Error(ErrorCode::Io, path + ": cannot close report: " + std::strerror(errno));
  if (!e && ::rename(tmpl.c_str(), path.c_str()) != 0)
    e = Error(ErrorCode::Io, path + ": cannot rename report into place: " + std::strerror(errno));
  if (e) ::unlink(tmpl.c_str());
  return e;
}

} // namespace dv::report
