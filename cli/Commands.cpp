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
#include <set>
#include <type_traits>
#include <utility>

#include "cli/HeapTuning.h"
#include "cli/ProgressBar.h"
#include "core/BuildInfo.h"
#include "core/Text.h"
#include "report/Json.h"
#include "report/Listing.h"
#include "report/Reference.h"
#include "report/Signing.h"
#include "report/Verify.h"
#include "report/Writers.h"
#include "rules/RuleRegistry.h"

namespace dv::cli {
namespace {

/// Keeps `value` alive, undestroyed, until the process ends. Used for the model of `ls`, which the
/// CLI prints and then exits: freeing its ~10^5 allocations one by one took a tenth of the run on a
/// 10,000-file image, and the kernel takes the memory back at exit in one go. The holder stays
/// reachable through a static pointer, so leak checkers do not report it. CLI only: library code
/// always frees what it allocates.
template <class T> void keepUntilExit(T&& value) {
  static auto* kept = new std::vector<std::shared_ptr<void>>();
  kept->push_back(std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
}

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

bool isDirectory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

/// Writes the reports asked for; complains and fails on the first that cannot be written.
/// With a signing key, the XML and JSON reports get a detached signature <report>.sig.
Error writeReports(const report::Report& rep, const std::string& xml, const std::string& json, const std::string& html,
                   const std::string& reportDir, const hashing::SigningKey* key) {
  std::vector<std::pair<std::string, std::string>> writes; // path, content
  Error signError;
  auto emit = [&](const std::string& path, std::string (*render)(const report::Report&), const report::Report& r) {
    if (path.empty()) return;
    writes.emplace_back(path, render(r));
    if (!key || render == report::toHtml) return;
    if (path == "-") {
      complain("note: a report written to standard output is not signed");
      return;
    }
    auto sig = report::signatureFileFor(*key, writes.back().second);
    if (!sig) signError = sig.error();
    else writes.emplace_back(path + ".sig", *sig);
  };
  emit(xml, report::toDfxml, rep);
  emit(json, report::toJson, rep);
  emit(html, report::toHtml, rep);
  if (!reportDir.empty()) {
    for (const report::InputReport& in : rep.inputs) {
      report::Report one = rep;
      one.inputs = {in};
      const std::string base = reportDir + "/" + baseName(in.analysis.source.path) + ".discverify.";
      emit(base + "xml", report::toDfxml, one);
      emit(base + "json", report::toJson, one);
      emit(base + "html", report::toHtml, one);
    }
  }
  if (signError) {
    complain(signError.message());
    return signError;
  }
  for (const auto& [path, content] : writes) {
    if (Error e = report::writeReportFile(path, content)) {
      complain(e.message());
      return e;
    }
    if (path != "-") std::fprintf(stderr, "  report: %s\n", path.c_str());
  }
  return {};
}

/// Fills the case metadata (case file, then the options over it) and loads the signing key.
Error prepareReport(report::Report& rep, const report::CaseInfo& options, const std::string& caseFile,
                    const std::string& signKey, std::optional<hashing::SigningKey>& key) {
  report::CaseInfo info;
  if (!caseFile.empty()) {
    auto c = report::readCaseFile(caseFile);
    if (!c) return std::move(c).takeError().context("--case-file");
    info = *c;
  }
  rep.caseInfo = report::mergeCaseInfo(info, options);
  if (!signKey.empty()) {
    auto k = report::readSecretKeyFile(signKey);
    if (!k) return std::move(k).takeError().context("--sign");
    key = *k;
    rep.signingKeyId = hashing::keyIdOf(k->publicKey);
  }
  return {};
}

} // namespace

int runKeygen(const std::string& prefix) {
  auto id = report::writeNewKeyPair(prefix);
  if (!id) {
    complain(id.error().message());
    return 2;
  }
  std::printf("key id %s\n  secret key: %s.key (keep it private)\n  public key: %s.pub\n", id->c_str(), prefix.c_str(),
              prefix.c_str());
  return std::fflush(stdout) == 0 ? 0 : 2;
}

int runCheckReport(const std::string& reportPath, const std::string& publicKey, const std::string& signature) {
  const std::string sigPath = signature.empty() ? reportPath + ".sig" : signature;
  auto check = report::checkReportSignature(reportPath, sigPath, publicKey);
  if (!check) {
    complain(check.error().message());
    return 2;
  }
  if (check->valid) {
    std::printf("%s: %s\n", reportPath.c_str(), check->message.c_str());
    return std::fflush(stdout) == 0 ? 0 : 2;
  }
  complain(reportPath + ": INVALID: " + check->message);
  return 1;
}

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
  if (o.fileHash == "none") {
    opts->fileHashes.clear();
  } else {
    auto fileHashes = hashing::parseAlgorithmList(o.fileHash);
    if (!fileHashes || fileHashes->empty()) {
      complain(fileHashes ? "--file-hash needs an algorithm or none" : fileHashes.error().message());
      return 2;
    }
    opts->fileHashes = *fileHashes;
  }
  // Both digest scopes of a CD track are always in the report: its data file as stored (--hash)
  // and its content (--track-hash), so there is no "none" here.
  auto trackHashes = hashing::parseAlgorithmList(o.trackHash);
  if (!trackHashes || trackHashes->empty()) {
    complain(trackHashes ? "--track-hash needs an algorithm" : trackHashes.error().message());
    return 2;
  }
  opts->trackHashes = *trackHashes;
  if (!o.reportDir.empty() && !isDirectory(o.reportDir)) {
    complain("--report-dir: " + o.reportDir + " is not a directory");
    return 2;
  }

  report::Report rep;
  rep.provenance = report::currentProvenance(commandLine);
  std::optional<hashing::SigningKey> key;
  if (Error e = prepareReport(rep, o.caseInfo, o.caseFile, o.signKey, key)) {
    complain(e.message());
    return 2;
  }
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
    in.files = report::collectFiles(in.analysis);
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

  if (Error e = writeReports(rep, o.xml, o.json, o.html, o.reportDir, key ? &*key : nullptr)) return 2;
  return std::max(status, report::exitStatusOf(rep));
}

int runVerify(const VerifyCommandOptions& o, const std::string& commandLine) {
  const auto started = std::chrono::steady_clock::now();
  if (o.read.inputs.size() != 1) {
    complain("verify takes one input (got " + std::to_string(o.read.inputs.size()) + ")");
    return 2;
  }
  const std::string& input = o.read.inputs.front();
  if (!o.reportDir.empty() && !isDirectory(o.reportDir)) {
    complain("--report-dir: " + o.reportDir + " is not a directory");
    return 2;
  }
  auto base = toAnalyzeOptions(o.read);
  if (!base) {
    complain(base.error().message());
    return 2;
  }
  report::Report rep;
  std::optional<hashing::SigningKey> key;
  if (Error e = prepareReport(rep, o.caseInfo, o.caseFile, o.signKey, key)) {
    complain(e.message());
    return 2;
  }
  auto text = report::readReferenceFile(o.against);
  if (!text) {
    complain(text.error().message());
    return 2;
  }
  auto ref = report::parseReference(*text, input == "-" ? "-" : baseName(input));
  if (!ref) {
    complain(o.against + ": " + ref.error().message());
    return 2;
  }
  for (const std::string& note : ref->notes) complain("note: " + o.against + ": " + note);
  if (report::comparableDigests(*ref) == 0) {
    complain(o.against + ": nothing to compare: the reference (" + ref->kind + ") holds no digest of " +
             baseName(input) + " (whole image, pieces, tracks or files with byte runs)");
    return 2;
  }
  analyzer::AnalyzeOptions opts = report::analyzeOptionsFor(*ref, *base);
  std::unique_ptr<ProgressBar> bar;
  if (showProgress(o.read.progress)) {
    bar = std::make_unique<ProgressBar>(baseName(input));
    opts.pipeline.progress = bar.get();
  }
  auto a = analyzer::analyzeImage(input, opts);
  bar.reset();
  if (!a) {
    complain(a.error().message());
    return 2;
  }
  noteOnContent(*a);

  rep.provenance = report::currentProvenance(commandLine);
  rep.failOn = o.failOn == "never" ? std::nullopt : parseSeverity(o.failOn);
  report::InputReport in;
  in.analysis = std::move(*a);
  in.files = report::collectFiles(in.analysis);
  const rules::RuleRegistry& catalogue = rules::catalogue();
  if (Error e = catalogue.validate()) {
    complain(e.message());
    return 2;
  }
  FindingSink sink;
  catalogue.evaluate(in.analysis, sink);
  in.suppressed = sink.suppressed();
  in.findings = sink.takeSorted();
  // File, track and odd-sized piece digests are recomputed from their byte ranges.
  std::unique_ptr<analyzer::ByteSource> source;
  if (auto s = analyzer::openSource(input); s && !(*s)->info().sequential) source = std::move(*s);
  in.comparison = report::compareWithReference(*ref, in.analysis, source.get());
  in.verdict = report::computeVerdict(in, rep.failOn);

  report::Verification v;
  v.reference = o.against;
  v.referenceKind = ref->kind;
  v.referenceSha256 = hashing::digestOf(hashing::Algorithm::Sha256,
                                        ByteView(reinterpret_cast<const uint8_t*>(text->data()), text->size())).hex();
  v.compared = in.comparison->items.size();
  v.mismatched = in.comparison->mismatched();
  v.matched = v.compared - v.mismatched;
  rep.verification = v;
  const report::Comparison cmp = *in.comparison;
  const std::string verdict(report::verdictName(in.verdict.status));
  rep.inputs.push_back(std::move(in));
  report::finishProvenance(rep.provenance,
                           std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());

  std::fprintf(stderr, "%s: %s against %s (%s): %llu of %llu digests match\n", input.c_str(), verdict.c_str(),
               o.against.c_str(), ref->kind.c_str(), static_cast<unsigned long long>(v.matched),
               static_cast<unsigned long long>(v.compared));
  size_t shown = 0;
  std::set<std::string> said; // one line per differing item, not per algorithm
  for (const report::ComparisonItem& c : cmp.items) {
    if (c.match || !said.insert(report::describeMismatch(c)).second) continue;
    if (++shown > 50) {
      std::fprintf(stderr, "  ... and %llu more (see the report)\n", static_cast<unsigned long long>(v.mismatched - 50));
      break;
    }
    std::fprintf(stderr, "  %s\n", report::describeMismatch(c).c_str());
  }
  for (const std::string& f : cmp.filesChanged) std::fprintf(stderr, "  changed: %s\n", f.c_str());
  for (const std::string& f : cmp.filesRemoved) std::fprintf(stderr, "  removed: %s\n", f.c_str());
  for (const std::string& f : cmp.filesAdded) std::fprintf(stderr, "  added: %s\n", f.c_str());
  if (Error e = writeReports(rep, o.xml, o.json, o.html, o.reportDir, key ? &*key : nullptr)) return 2;
  return report::exitStatusOf(rep);
}

int runLs(const LsCommandOptions& o) {
  prepareHeapForMetadata(64ul << 20);
  // A listing builds its model in this thread and exits: its allocations need no bookkeeping.
  if (!o.longListing) useArenaForMetadata(128ul << 20);
  analyzer::AnalyzeOptions opts;
  if (o.longListing) {
    auto fileHashes = hashing::parseAlgorithmList(o.fileHash);
    if (!fileHashes || fileHashes->empty()) {
      complain(fileHashes ? "--file-hash needs an algorithm" : fileHashes.error().message());
      return 2;
    }
    opts.fileHashes = *fileHashes;
    // The pass feeds only the files' hashers: no whole-image digests, pieces or zero census.
    opts.imageHashes.clear();
    opts.trackHashes.clear();
    opts.pieceSize = 0;
    opts.zeroCensus = false;
    opts.pipeline.threads = o.threads;
  }
  std::unique_ptr<ProgressBar> bar;
  if (o.longListing && showProgress(o.progress)) {
    bar = std::make_unique<ProgressBar>(baseName(o.input));
    opts.pipeline.progress = bar.get();
  }
  opts.metadataDetail = o.names == "iso9660" ? analyzer::MetadataDetail::Identifiers : analyzer::MetadataDetail::Names;
  auto a = o.longListing ? analyzer::analyzeImage(o.input, opts) : analyzer::readMetadata(o.input, opts);
  bar.reset();
  if (!a) {
    complain(a.error().message());
    return 2;
  }
  if (o.longListing && a->pass.fatal && a->sizeBytes == 0) {
    complain(a->pass.fatal.message());
    return 2;
  }
  if (!a->iso.found) {
    complain(o.input + ": no ISO 9660 volume found (no \"CD001\" descriptor at sector 16): nothing to list");
    return 1;
  }
  const report::NameView view = o.names == "iso9660" ? report::NameView::Iso9660 : report::NameView::Best;
  std::vector<report::ListEntry> entries = report::listEntries(*a, view);
  const std::string text = o.format == "json" ? report::listingJson(o.input, view, entries, a->fileHashAlgorithms)
                                              : report::listingText(entries, a->fileHashAlgorithms);
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    if (errno == EPIPE) return 0; // the reader closed the pipe (| head): not an error
    complain(o.input + ": cannot write the listing to standard output: " + std::strerror(errno));
    return 2;
  }
  int status = 0;
  const auto& tree = a->iso.tree;
  if (!tree.walked || !tree.skipped.empty() || tree.depthLimitHit || tree.recordLimitHit || tree.budgetHit) {
    complain(o.input + ": the directory tree could not be walked whole (see discverify analyze): the listing is partial");
    status = 1;
  }
  size_t incomplete = 0;
  for (const report::ListEntry& e : entries)
    if (!e.directory && !e.hashComplete) ++incomplete;
  if (incomplete > 0) {
    complain(o.input + ": " + std::to_string(incomplete) + " files could not be hashed whole (marked incomplete)");
    status = 1;
  }
  if (o.longListing && a->pass.fatal) status = 2;
  keepUntilExit(std::move(entries));
  keepUntilExit(std::move(*a));
  return status;
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
