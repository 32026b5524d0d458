// discverify: verifies and analyzes optical-disc images and devices. Thin: options and dispatch.
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string_view>

#include <CLI/CLI.hpp>

#include "cli/Commands.h"

namespace {

std::string joinArgs(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    if (i) out += ' ';
    const std::string a = argv[i];
    const bool quote = a.empty() || a.find_first_of(" \t\"'$\\") != std::string::npos;
    out += quote ? "'" + a + "'" : a;
  }
  return out;
}

void addReadOptions(CLI::App& cmd, dv::cli::ReadOptions& o) {
  cmd.add_option("inputs", o.inputs, "Image files, block devices, or - for standard input")->required();
  cmd.add_option("--hash", o.hashes, "Whole-image digests: md5,sha1,sha256,sha512,sha3-256,blake2b,crc32")
      ->capture_default_str();
  cmd.add_option("--threads", o.threads, "Worker threads (default: one per core)");
  cmd.add_option("--readers", o.readers, "Reader threads (default: 1 for discs, rotating disks and streams)");
  cmd.add_option("--chunk-size", o.chunkSize, "Bytes per read, e.g. 4MiB")->capture_default_str();
  cmd.add_option("--retries", o.retries, "Extra attempts for a failing read")->capture_default_str();
  cmd.add_option("--progress", o.progress, "Progress on standard error: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
}

/// The report, exit status, case and signing options of analyze and verify.
template <class Options> void addReportOptions(CLI::App& cmd, Options& o, const char* failOnHelp) {
  cmd.add_option("--xml", o.xml, "Write the DFXML report to FILE (- for standard output)");
  cmd.add_option("--json", o.json, "Write the JSON report to FILE (- for standard output)");
  cmd.add_option("--html", o.html, "Write the HTML report to FILE (- for standard output)");
  cmd.add_option("--report-dir", o.reportDir, "Write all three reports as DIR/<input>.discverify.{xml,json,html}");
  cmd.add_option("--fail-on", o.failOn, failOnHelp)->check(CLI::IsMember({"error", "warning", "info", "never"}))->capture_default_str();
  cmd.add_option("--case", o.caseInfo.caseId, "Case identifier");
  cmd.add_option("--evidence", o.caseInfo.evidence, "Evidence item identifier");
  cmd.add_option("--examiner", o.caseInfo.examiner, "Examiner name");
  cmd.add_option("--organization", o.caseInfo.organization, "Organization");
  cmd.add_option("--notes", o.caseInfo.notes, "Free-text notes");
  cmd.add_option("--case-file", o.caseFile, "Case metadata as JSON (case, evidence, examiner, organization, notes); options override it");
  cmd.add_option("--sign", o.signKey, "Sign the XML and JSON reports with this Ed25519 secret key (writes <report>.sig)");
}

/// The subcommand named on the command line: the first argument that is not an option, since the
/// top level takes only flags. Empty when there is none.
std::string_view namedCommand(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (argv[i][0] != '-') return argv[i];
  return {};
}

} // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  try {
    CLI::App app{"discverify: verifies and analyzes optical-disc images and devices"};
    app.require_subcommand(0, 1);
    bool version = false;
    app.add_flag("--version", version, "Print version, commit and library versions");
    // Every subcommand is declared (the top-level help lists them), but only the one named gets its
    // options: building all of them was a quarter of the start-up time of a short command like ls.
    const std::string_view named = namedCommand(argc, argv);
    auto wanted = [&](std::string_view name) { return named == name; };

    dv::cli::ReadOptions hashOpts;
    CLI::App* hash = app.add_subcommand("hash", "Print the digests of each input as BSD-style lines");
    if (wanted("hash")) addReadOptions(*hash, hashOpts);

    dv::cli::AnalyzeCommandOptions an;
    CLI::App* analyze = app.add_subcommand("analyze", "Read each input once: digests, pieces, checks, reports");
    if (wanted("analyze")) {
      addReadOptions(*analyze, an.read);
      analyze->add_option("--piece-size", an.pieceSize, "Piecewise hash size (0 turns pieces off)")->capture_default_str();
      analyze->add_option("--piece-hash", an.pieceHash, "Piecewise hash algorithms")->capture_default_str();
      analyze->add_option("--file-hash", an.fileHash, "Per-file digests of the ISO 9660 files, or none")->capture_default_str();
      analyze->add_option("--track-hash", an.trackHash, "Content digests of CD tracks (user data, PCM); --hash covers the data files as stored")
          ->capture_default_str();
      addReportOptions(*analyze, an, "Findings that make the exit status 1: error, warning, info, never");
    }

    dv::cli::VerifyCommandOptions ver;
    CLI::App* verify = app.add_subcommand(
        "verify", "Re-read an image once and compare it with an earlier report, a DFXML file or a hash list");
    if (wanted("verify")) {
      addReadOptions(*verify, ver.read);
      verify->add_option("--against", ver.against,
                         "Reference: a discverify XML/JSON report, DFXML (fiwalk, hashdeep -d), md5sum/sha*sum/rhash "
                         "lines or hashdeep CSV")
          ->required();
      addReportOptions(*verify, ver, "Findings that also make the exit status 1: error, warning, info, never");
    }

    dv::cli::LsCommandOptions lsOpts;
    CLI::App* ls = app.add_subcommand("ls", "List the directories and files of the ISO 9660 volume");
    if (wanted("ls")) {
      ls->add_option("input", lsOpts.input, "Image file, block device, or - for standard input")->required();
      ls->add_flag("-l,--long", lsOpts.longListing, "Add per-file digests (reads the image once)");
      ls->add_option("--file-hash", lsOpts.fileHash, "Per-file digests of --long, e.g. sha256,md5")->capture_default_str();
      ls->add_option("--format", lsOpts.format, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
      ls->add_option("--names", lsOpts.names, "best (Rock Ridge, else Joliet, else ISO 9660) or iso9660 (as recorded, with ;1)")
          ->check(CLI::IsMember({"best", "iso9660"}))
          ->capture_default_str();
      ls->add_option("--threads", lsOpts.threads, "Worker threads of --long (default: one per core)");
      ls->add_option("--progress", lsOpts.progress, "Progress of --long on standard error: auto, always, never")
          ->check(CLI::IsMember({"auto", "always", "never"}))
          ->capture_default_str();
    }

    std::string keyPrefix = "discverify";
    CLI::App* keygen = app.add_subcommand("keygen", "Make an Ed25519 key pair for signing reports (PREFIX.key, PREFIX.pub)");
    if (wanted("keygen")) {
      keygen->add_option("--out", keyPrefix, "Path prefix of the key files")->capture_default_str();
    }

    std::string checkPath, checkKey, checkSig;
    CLI::App* checkReport = app.add_subcommand("check-report", "Check a signed report: exit 0 valid, 1 invalid");
    if (wanted("check-report")) {
      checkReport->add_option("report", checkPath, "The XML or JSON report")->required();
      checkReport->add_option("--key", checkKey, "The public key file (.pub)")->required();
      checkReport->add_option("--signature", checkSig, "The signature file (default: REPORT.sig)");
    }

    std::string rulesFormat = "text";
    CLI::App* rules = app.add_subcommand("rules", "List the rule catalogue (id, severity, clause, summary)");
    if (wanted("rules")) {
      rules->add_option("--format", rulesFormat, "text or json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    }

    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      const int code = app.exit(e);
      return code == 0 ? 0 : 2;
    }
    if (version) {
      std::cout << dv::cli::versionText();
      return 0;
    }
    const std::string commandLine = joinArgs(argc, argv);
    if (hash->parsed()) return dv::cli::runHash(hashOpts, commandLine);
    if (analyze->parsed()) return dv::cli::runAnalyze(an, commandLine);
    if (verify->parsed()) return dv::cli::runVerify(ver, commandLine);
    if (ls->parsed()) return dv::cli::runLs(lsOpts);
    if (keygen->parsed()) return dv::cli::runKeygen(keyPrefix);
    if (checkReport->parsed()) return dv::cli::runCheckReport(checkPath, checkKey, checkSig);
    if (rules->parsed()) return dv::cli::runRules(rulesFormat);
    std::cerr << app.help();
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "discverify: internal error: %s\n", e.what());
    return 2;
  } catch (...) {
    std::fprintf(stderr, "discverify: internal error\n");
    return 2;
  }
}
