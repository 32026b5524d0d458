// Report: verdicts, exit status and provenance.
#include "report/Report.h"

#include <pwd.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include <pugixml.hpp>

#include "core/BuildInfo.h"
#include "hashing/Hasher.h"

namespace dv::report {

std::string_view verdictName(VerdictStatus s) {
  switch (s) {
  case VerdictStatus::Clean: return "clean";
  case VerdictStatus::Findings: return "findings";
  case VerdictStatus::Mismatch: return "mismatch";
  case VerdictStatus::Incomplete: return "incomplete";
  case VerdictStatus::Unreadable: return "unreadable";
  }
  return "unreadable";
}

Verdict computeVerdict(const InputReport& input, std::optional<Severity> failOn) {
  Verdict v;
  for (const Finding& f : input.findings) {
    switch (f.severity) {
    case Severity::Error: ++v.errors; break;
    case Severity::Warning: ++v.warnings; break;
    case Severity::Info: ++v.infos; break;
    }
  }
  const auto& pass = input.analysis.pass;
  if (input.analysis.sizeBytes == 0) {
    v.status = VerdictStatus::Unreadable;
    v.reason = pass.fatal ? pass.fatal.message() : "nothing could be read";
    return v;
  }
  if (input.comparison && input.comparison->mismatched() > 0) {
    v.status = VerdictStatus::Mismatch;
    v.reason = std::to_string(input.comparison->mismatched()) + " of " + std::to_string(input.comparison->items.size()) +
               " compared digests differ from the reference";
    return v;
  }
  if (pass.fatal || !pass.unreadable.empty()) {
    v.status = VerdictStatus::Incomplete;
    v.reason = pass.fatal ? "the read stopped early: " + pass.fatal.message()
                          : std::to_string(pass.unreadableSectors) + " sectors could not be read and were zero-filled";
    return v;
  }
  // An embedded checksum that differs is a verification failure of its own, never a mere finding.
  uint64_t embeddedMismatches = 0;
  std::string firstFile; // a per-file checksum (libisofs isofs.cx) names its file
  for (const auto& c : input.analysis.embeddedChecksums)
    if (c.status == analyzer::EmbeddedStatus::Mismatch) {
      ++embeddedMismatches;
      if (firstFile.empty() && !c.path.empty()) firstFile = c.path;
    }
  if (embeddedMismatches > 0) {
    v.status = VerdictStatus::Mismatch;
    v.reason = std::to_string(embeddedMismatches) + " of " + std::to_string(input.analysis.embeddedChecksums.size()) +
               " checksums embedded in the image differ from its data";
    if (!firstFile.empty()) v.reason += " (first differing file: " + firstFile + ")";
    return v;
  }
  bool failing = false;
  if (failOn) {
    for (const Finding& f : input.findings)
      if (f.severity >= *failOn) failing = true;
  }
  if (failing) {
    v.status = VerdictStatus::Findings;
    v.reason = "findings at or above the '" + std::string(severityName(*failOn)) + "' threshold";
  } else {
    v.status = VerdictStatus::Clean;
    v.reason = "read completely; no findings at or above the threshold";
  }
  return v;
}

uint64_t Comparison::mismatched() const {
  return static_cast<uint64_t>(std::count_if(items.begin(), items.end(), [](const ComparisonItem& i) { return !i.match; }));
}

int exitStatusOf(const Report& report) {
  int status = 0;
  for (const InputReport& in : report.inputs) {
    switch (in.verdict.status) {
    case VerdictStatus::Clean: break;
    case VerdictStatus::Unreadable: status = 2; break;
    default: status = std::max(status, 1); break;
    }
  }
  return status;
}

namespace {
std::string isoTimeNow() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}
} // namespace

std::string pugixmlVersion() {
  return std::to_string(PUGIXML_VERSION / 1000) + "." + std::to_string(PUGIXML_VERSION % 1000 / 10);
}

Provenance currentProvenance(const std::string& commandLine) {
  Provenance p;
  p.version = build::kVersion;
  p.gitCommit = build::kGitCommit;
  p.compiler = build::kCompiler;
  p.libraries = {{"Crypto++", hashing::cryptoLibraryVersion()},
                 {"Boost", analyzer::boostLibraryVersion()},
                 {"pugixml", pugixmlVersion()}};
  p.commandLine = commandLine;
  struct utsname u {};
  if (uname(&u) == 0) {
    p.osSysname = u.sysname;
    p.osRelease = u.release;
    p.osVersion = u.version;
    p.arch = u.machine;
    p.host = u.nodename;
  }
  p.uid = std::to_string(getuid());
  if (const passwd* pw = getpwuid(getuid())) p.username = pw->pw_name;
  p.startTime = isoTimeNow();
  return p;
}

void finishProvenance(Provenance& p, double elapsedSeconds) {
  p.endTime = isoTimeNow();
  p.elapsedSeconds = elapsedSeconds;
  rusage ru{};
  if (getrusage(RUSAGE_SELF, &ru) == 0) {
    p.userSeconds = static_cast<double>(ru.ru_utime.tv_sec) + static_cast<double>(ru.ru_utime.tv_usec) / 1e6;
    p.systemSeconds = static_cast<double>(ru.ru_stime.tv_sec) + static_cast<double>(ru.ru_stime.tv_usec) / 1e6;
    p.maxRssKiB = static_cast<uint64_t>(ru.ru_maxrss);
    p.minorFaults = static_cast<uint64_t>(ru.ru_minflt);
    p.majorFaults = static_cast<uint64_t>(ru.ru_majflt);
    p.swaps = static_cast<uint64_t>(ru.ru_nswap);
    p.blocksIn = static_cast<uint64_t>(ru.ru_inblock);
    p.blocksOut = static_cast<uint64_t>(ru.ru_oublock);
  }
}

} // namespace dv::report
