// Commands: hash, analyze and rules.
#include "cli/Commands.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/ProgressBar.h"
#include "core/BuildInfo.h"
#include "core/Text.h"
#include "report/Json.h"
#include "report/Writers.h"
#include "rules/RuleRegistry.h"

namespace dv::cli {
namespace {

void complain(const std::string& message) { std::fprintf(stderr, "discverify: %s\n", message.c_str()); }

bool showProgress(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  return ::isatty(STDERR_FILENO) == 1;
}

/// Turns the read options into analysis options. Fails with a one-line message.
Result<analyzer::AnalyzeOptions> toAnalyzeOptions(const ReadOptions& o) {
  analyzer::AnalyzeOptions a;
  auto hashes = hashing::parseAlgorithmList(o.hashes);
  if (!hashes) return std::move(hashes).takeError();
  if (hashes->empty()) return Error(ErrorCode::InvalidArgument, "--hash needs at least one algorithm");
  a.imageHashes = *hashes;
  auto chunk = parseSize(o.chunkSize);
  if (!chunk || *chunk == 0) return Error(ErrorCode::InvalidArgument, "--chunk-size: '" + o.chunkSize + "' is not a size");
  a.pipeline.chunkSize = *chunk;
  a.pipeline.threads = o.threads;
  a.pipeline.readers = o.readers;
  a.pipeline.retries = o.retries;
  return a;
}

std::string baseName(const std::string& path) {
  if (path == "-") return "stdin";
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// Notes on standard error what a digest cannot say by itself.
void noteOnContent(const analyzer::ImageAnalysis& a) {
  const auto& p = a.pass;
  if (p.fatal) complain(p.fatal.message());
  if (!p.unreadable.empty())
    complain(a.source.path + ": incomplete: " + std::to_string(p.unreadableSectors) +
             " unreadable sectors were zero-filled in " + std::to_string(p.unreadable.size()) + " ranges");
  if (a.zeros.computed && a.zeros.totalSectors > 0 && a.zeros.zeroSectors * 2 > a.zeros.totalSectors)
    std::fprintf(stderr, "discverify: note: %s: %llu of %llu sectors (%llu%%) are all zeros\n", a.source.path.c_str(),
                 static_cast<unsigned long long>(a.zeros.zeroSectors), static_cast<unsigned long long>(a.zeros.totalSectors),
                 static_cast<unsigned long long>(a.zeros.zeroSectors * 100 / a.zeros.totalSectors));
}

} // namespace

std::string versionText() {
  report::Provenance p = report::currentProvenance("");
  std::string out = "discverify " + p.version + " (commit " + p.gitCommit + ", " + p.compiler + ")\n";
  for (const auto& l : p.libraries) out += "  " + l.name + " " + l.version + "\n";
  return out;
}

int runHash(const ReadOptions& o, const std::string& commandLine) {
  (void)commandLine;
  auto opts = toAnalyzeOptions(o);
  if (!opts) {
    complain(opts.error().message());
    return 2;
  }
  opts->pieceSize = 0; // `hash` prints whole-input digests only
  int status = 0;
  for (const std::string& input : o.inputs) {
    std::unique_ptr<ProgressBar> bar;
    if (showProgress(o.progress)) {
      bar = std::make_unique<ProgressBar>(baseName(input));
      opts->pipeline.progress = bar.get();
    }
    auto a = analyzer::analyzeImage(input, *opts);
    opts->pipeline.progress = nullptr;
    if (!a) {
      complain(a.error().message());
      status = 2;
      continue;
    }
    noteOnContent(*a);
    if (a->pass.fatal) {
      status = 2; // digests of a partial stream would look complete: print none
      continue;
    }
    for (const auto& d : a->digests)
      std::printf("%s (%s) = %s\n", std::string(hashing::bsdLabel(d.digest.algorithm)).c_str(), input.c_str(),
                  d.digest.hex().c_str());
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
      complain(input + ": cannot write the digests to standard output: " + std::strerror(errno));
      return 2;
    }
    if (!a->pass.complete()) status = std::max(status, 1);
  }
  return status;
}

int runAnalyze(const AnalyzeCommandOptions& o, const std::string& commandLine) {
  const auto started = std::chrono::steady_clock::now();
  auto opts = toAnalyzeOptions(o.read);
  if (!opts) {
    complain(opts.error().message());
    return 2;
  }
  auto piece = parseSize(o.pieceSize);
  if (!piece) {
    complain("--piece-size: '" + o.pieceSize + "' is not a size");
    return 2;
  }
  opts->pieceSize = *piece;
  auto pieceHashes = hashing::parseAlgorithmList(o.pieceHash);
  if (!pieceHashes || pieceHashes->empty()) {
    complain(pieceHashes ? "--piece-hash needs an algorithm" : pieceHashes.error().message());
    return 2;
  }
  opts->pieceHashes = *pieceHashes;
  if (!o.reportDir.empty()) {
    struct stat st {};
    if (::stat(o.reportDir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      complain("--report-dir: " + o.reportDir + " is not a directory");
      return 2;
    }
  }

  report::Report rep;
  rep.provenance = report::currentProvenance(commandLine);
  rep.caseInfo = o.caseInfo;
  rep.failOn = o.failOn == "never" ? std::nullopt : parseSeverity(o.failOn);
  const rules::RuleRegistry& catalogue = rules::catalogue();
  if (Error e = catalogue.validate()) {
    complain(e.message());
    return 2;
  }

  int status = 0;
  for (const std::string& input : o.read.inputs) {
    std::unique_ptr<ProgressBar> bar;
    if (showProgress(o.read.progress)) {
      bar = std::make_unique<ProgressBar>(baseName(input));
      opts->pipeline.progress = bar.get();
    }
    auto a = analyzer::analyzeImage(input, *opts);
    opts->pipeline.progress = nullptr;
    if (!a) {
      complain(a.error().message());
      status = 2;
      continue;
    }
    noteOnContent(*a);
    report::InputReport in;
    in.analysis = std::move(*a);
    FindingSink sink;
    catalogue.evaluate(in.analysis, sink);
    in.suppressed = sink.suppressed();
    in.findings = sink.takeSorted();
    in.verdict = report::computeVerdict(in, rep.failOn);
    if (in.analysis.pass.fatal && in.analysis.sizeBytes > 0 && in.analysis.source.sequential) status = 2;
    rep.inputs.push_back(std::move(in));
  }
  if (rep.inputs.empty()) return 2;
  report::finishProvenance(rep.provenance,
                           std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());

  // The human summary.
  for (const report::InputReport& in : rep.inputs) {
    const auto& a = in.analysis;
    std::fprintf(stderr, "%s: %s — %s (%s)\n", a.source.path.c_str(),
                 std::string(report::verdictName(in.verdict.status)).c_str(), humanBytes(a.sizeBytes).c_str(),
                 (std::to_string(in.verdict.errors) + " errors, " + std::to_string(in.verdict.warnings) + " warnings, " +
                  std::to_string(in.verdict.infos) + " notes")
                     .c_str());
    for (const auto& d : a.digests)
      std::fprintf(stderr, "  %-8s %s\n", std::string(hashing::bsdLabel(d.digest.algorithm)).c_str(), d.digest.hex().c_str());
  }

  struct Output {
    std::string path;
    std::string (*render)(const report::Report&);
  };
  std::vector<std::pair<std::string, std::string>> writes; // path, content
  auto emit = [&](const std::string& path, std::string (*render)(const report::Report&), const report::Report& r) {
    if (!path.empty()) writes.emplace_back(path, render(r));
  };
  emit(o.xml, report::toDfxml, rep);
  emit(o.json, report::toJson, rep);
  emit(o.html, report::toHtml, rep);
  if (!o.reportDir.empty()) {
    for (const report::InputReport& in : rep.inputs) {
      report::Report one = rep;
      one.inputs = {in};
      const std::string base = o.reportDir + "/" + baseName(in.analysis.source.path) + ".discverify.";
      emit(base + "xml", report::toDfxml, one);
      emit(base + "json", report::toJson, one);
      emit(base + "html", report::toHtml, one);
    }
  }
  for (const auto& [path, content] : writes) {
    if (Error e = report::writeReportFile(path, content)) {
      complain(e.message());
      return 2;
    }
    if (path != "-") std::fprintf(stderr, "  report: %s\n", path.c_str());
  }
  return std::max(status, report::exitStatusOf(rep));
}

int runRules(const std::string& format) {
  const rules::RuleRegistry& cat = rules::catalogue();
  if (Error e = cat.validate()) {
    complain(e.message());
    return 2;
  }
  if (format == "json") {
    report::JsonWriter j;
    j.beginArray();
    for (const auto& r : cat.rules()) {
      j.beginObject();
      j.value("id", r.info.id);
      j.value("severity", severityName(r.info.severity));
      j.value("clause", r.info.clause);
      j.value("summary", r.info.summary);
      j.endObject();
    }
    j.endArray();
    std::cout << j.str() << "\n";
  } else {
    for (const auto& r : cat.rules())
      std::printf("%-20s %-8s %-28s %s\n", std::string(r.info.id).c_str(), std::string(severityName(r.info.severity)).c_str(),
                  std::string(r.info.clause).c_str(), std::string(r.info.summary).c_str());
  }
  return std::fflush(stdout) == 0 ? 0 : 2;
}

} // namespace dv::cli
