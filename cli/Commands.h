// Commands: the subcommands of discverify and their options.
#pragma once

#include <string>
#include <vector>

#include "analyzer/ImageAnalysis.h"
#include "report/Report.h"

namespace dv::cli {

/// Options shared by every command that reads an input.
struct ReadOptions {
  std::vector<std::string> inputs;
  std::string hashes = "md5,sha1,sha256";
  unsigned threads = 0;
  unsigned readers = 0;
  std::string chunkSize = "4MiB";
  unsigned retries = 2;
  std::string progress = "auto"; ///< auto | always | never
};

/// Options of `analyze`.
struct AnalyzeCommandOptions {
  ReadOptions read;
  std::string pieceSize = "64MiB";
  std::string pieceHash = "sha256";
  std::string fileHash = "sha256"; ///< per-file digests of the ISO 9660 files; "none" turns them off
  std::string trackHash = "sha256"; ///< content digests of CD tracks (never empty)
  std::string xml, json, html, reportDir;
  std::string failOn = "error";
  report::CaseInfo caseInfo;
  std::string caseFile;
  std::string signKey; ///< secret key file: sign the XML and JSON reports
};

/// `discverify hash`: BSD-style digest lines on standard output. Returns the exit status.
int runHash(const ReadOptions& o, const std::string& commandLine);
/// `discverify analyze`: the pass, the rules and the reports. Returns the exit status.
int runAnalyze(const AnalyzeCommandOptions& o, const std::string& commandLine);
/// Options of `verify`.
struct VerifyCommandOptions {
  ReadOptions read;
  std::string against;
  std::string xml, json, html, reportDir;
  std::string failOn = "never";
  report::CaseInfo caseInfo;
  std::string caseFile;
  std::string signKey;
};

/// `discverify verify INPUT --against REF`: re-reads INPUT once and compares every digest REF holds.
/// Returns 0 when all match, 1 on a mismatch, 2 when REF holds nothing comparable or cannot be read.
int runVerify(const VerifyCommandOptions& o, const std::string& commandLine);
/// Options of `ls`.
struct LsCommandOptions {
  std::string input;
  bool longListing = false;        ///< per-file digests, computed in one pass over the image
  std::string fileHash = "sha256"; ///< the digests of --long
  std::string format = "text";     ///< text | json
  std::string names = "best";      ///< best (Rock Ridge > Joliet > ISO 9660) | iso9660 (as recorded)
  unsigned threads = 0;
  std::string progress = "auto";
};

/// `discverify ls INPUT`: the directories and files of the ISO 9660 volume. Without --long only the
/// metadata is read. Returns 0 when listed, 1 when the input has no ISO 9660 volume, the walk was cut
/// short or a file could not be hashed whole, 2 when the input cannot be read or an option is bad.
int runLs(const LsCommandOptions& o);
/// `discverify keygen`: writes PREFIX.key and PREFIX.pub. Returns the exit status.
int runKeygen(const std::string& prefix);
/// `discverify check-report`: 0 when the signature is valid, 1 when not, 2 when a file cannot be read.
int runCheckReport(const std::string& reportPath, const std::string& publicKey, const std::string& signature);
/// `discverify rules`: the catalogue as text or JSON. Returns the exit status.
int runRules(const std::string& format);
/// The text of --version.
std::string versionText();

} // namespace dv::cli
