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

/// One digest compared by `verify`: what it covers, the expected and the recomputed value.
struct ComparisonItem {
  std::string what; ///< image, piece, track, file
  std::string name; ///< file path or track name; empty for the image and pieces
  std::optional<uint64_t> offset;
  std::optional<uint64_t> length;
  hashing::Algorithm algorithm = hashing::Algorithm::Sha256;
  std::string expected;
  std::string actual; ///< empty when the bytes could not be read (outside the image, unreadable)
  bool match = false;
  std::vector<std::string> inside; ///< for a differing range: the files and structures whose bytes lie there
};

/// The outcome of comparing one input with a reference.
struct Comparison {
  std::vector<ComparisonItem> items; ///< in reference order
  std::vector<std::string> filesAdded;   ///< in the image, not in the reference
  std::vector<std::string> filesRemoved; ///< in the reference, not in the image
  std::vector<std::string> filesChanged;
  uint64_t mismatched() const;
};

/// What `verify` compared against: the reference file and its kind.
struct Verification {
  std::string reference;       ///< the path given with --against
  std::string referenceKind;   ///< discverify-xml, dfxml, hash-list, ...
  std::string referenceSha256; ///< of the reference file's bytes
  uint64_t compared = 0;
  uint64_t matched = 0;
  uint64_t mismatched = 0;
};

/// A file of the image as the HTML report lists it (path, size, where it starts, digests).
struct FileRow {
  std::string path;
  uint64_t size = 0;
  std::optional<uint64_t> offset; ///< image byte offset of its first byte
  std::vector<hashing::Digest> digests;
  bool complete = true; ///< every byte was read and hashed
};

/// One analysed input.
struct InputReport {
  analyzer::ImageAnalysis analysis;
  std::optional<Comparison> comparison; ///< set by `verify`
  std::vector<FileRow> files;           ///< filled by collectFiles() from the file-system model
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
  std::optional<Verification> verification; ///< set by `verify`
  std::string signingKeyId; ///< the Ed25519 key id the XML and JSON reports are signed with, or empty
};

/// Reads case metadata from a JSON file: {"case": ..., "evidence": ..., "examiner": ...,
/// "organization": ..., "notes": ...} ("case_id" is accepted for "case"). Unknown keys are ignored.
/// Fails with Io or Malformed naming the file.
Result<CaseInfo> readCaseFile(const std::string& path);
/// `base` with every non-empty field of `overrides` replacing its own.
CaseInfo mergeCaseInfo(CaseInfo base, const CaseInfo& overrides);

/// The verdict of an input: unreadable (nothing read), mismatch (a compared digest differs),
/// incomplete (unreadable ranges or a pass that stopped), findings (at or above failOn), else clean.
Verdict computeVerdict(const InputReport& input, std::optional<Severity> failOn);

/// The files of the analysis for the report listing, in path order (empty when no file system was parsed).
std::vector<FileRow> collectFiles(const analyzer::ImageAnalysis& analysis);

/// The regions of the sector map: the analysis's own regions plus those implied by other facts
/// (system area, El Torito catalog and boot images), sorted by offset then kind. Deterministic.
std::vector<analyzer::Region> mapRegions(const analyzer::ImageAnalysis& analysis);

/// The sector map of a CD input (cue, toc, ccd, nrg, mds, raw dump): tracks and pregaps in disc
/// address space (byte offset = LBA × 2352), and the data session's ISO 9660 structures and files
/// at the sectors holding them. Empty for other inputs.
std::vector<analyzer::Region> discRegions(const analyzer::ImageAnalysis& analysis);

/// Exit status for a set of verdicts: 0 all clean, 1 findings/mismatch/incomplete, 2 unreadable.
int exitStatusOf(const Report& report);

/// Fills the run-dependent provenance: host, OS, user, start time (now), libraries of this build.
Provenance currentProvenance(const std::string& commandLine);
/// Sets end time, elapsed and resource usage at the end of a run.
void finishProvenance(Provenance& p, double elapsedSeconds);

/// The pugixml version, e.g. "1.13".
std::string pugixmlVersion();

} // namespace dv::report
