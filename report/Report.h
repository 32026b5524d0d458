// Report: the one model every report format is written from (provenance, case, inputs, verdicts).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/ImageAnalysis.h"
#include "core/Finding.h"

namespace dv::report {

/// Case metadata given on the command line.
struct CaseInfo {
  std::string caseId;
  std::string evidence;
  std::string examiner;
  std::string organization;
  std::string notes;
  bool empty() const {
    return caseId.empty() && evidence.empty() && examiner.empty() && organization.empty() && notes.empty();
  }
};

/// A library and its version.
struct Library {
  std::string name;
  std::string version;
};

/// What produced the report, where and when. The only part of a report that changes between two
/// runs with the same input and options.
struct Provenance {
  std::string program = "discverify";
  std::string version;
  std::string gitCommit;
  std::string compiler;
  std::vector<Library> libraries;
  std::string commandLine;
  std::string host;
  std::string osSysname;
  std::string osRelease;
  std::string osVersion;
  std::string arch;
  std::string username;
  std::string uid;
  std::string startTime; ///< ISO 8601, UTC
  std::string endTime;
  double elapsedSeconds = 0.0;
  double userSeconds = 0.0;
  double systemSeconds = 0.0;
  uint64_t maxRssKiB = 0;
  uint64_t minorFaults = 0;
  uint64_t majorFaults = 0;
  uint64_t swaps = 0;
  uint64_t blocksIn = 0;
  uint64_t blocksOut = 0;
};

/// The outcome for one input.
enum class VerdictStatus { Clean, Findings, Mismatch, Incomplete, Unreadable };

/// "clean", "findings", "mismatch", "incomplete", "unreadable".
std::string_view verdictName(VerdictStatus s);

/// The verdict with the finding counts behind it.
struct Verdict {
  VerdictStatus status = VerdictStatus::Clean;
  uint64_t errors = 0;
  uint64_t warnings = 0;
  uint64_t infos = 0;
  std::string reason; ///< one sentence: why this status
};

/// One analysed input.
struct InputReport {
  analyzer::ImageAnalysis analysis;
  std::vector<Finding> findings;            ///< sorted with findingBefore
  std::map<std::string, uint64_t> suppressed; ///< findings dropped per rule past the cap
  Verdict verdict;
};

/// The whole report.
struct Report {
  Provenance provenance;
  CaseInfo caseInfo;
  std::optional<Severity> failOn = Severity::Error; ///< nullopt = never
  std::vector<InputReport> inputs;
};

/// The verdict of an input: unreadable (nothing read), incomplete (unreadable ranges or a pass that
/// stopped), findings (at or above failOn), else clean.
Verdict computeVerdict(const InputReport& input, std::optional<Severity> failOn);

/// Exit status for a set of verdicts: 0 all clean, 1 findings/mismatch/incomplete, 2 unreadable.
int exitStatusOf(const Report& report);

/// Fills the run-dependent provenance: host, OS, user, start time (now), libraries of this build.
Provenance currentProvenance(const std::string& commandLine);
/// Sets end time, elapsed and resource usage at the end of a run.
void finishProvenance(Provenance& p, double elapsedSeconds);

/// The pugixml version, e.g. "1.13".
std::string pugixmlVersion();

} // namespace dv::report
