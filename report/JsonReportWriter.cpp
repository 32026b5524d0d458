// JsonReportWriter: the report as JSON, with the same content as the DFXML.
#include <algorithm>

#include "analyzer/cd/CookedFiles.h"
#include "core/Text.h"
#include "report/Json.h"
#include "report/CdReport.h"
#include "report/ExtensionSections.h"
#include "report/Writers.h"

namespace dv::report {
namespace {

void writeDigest(JsonWriter& j, const hashing::Digest& d, std::optional<uint64_t> length = std::nullopt) {
  j.beginObject();
  j.value("algorithm", hashing::algorithmName(d.algorithm));
  if (length) j.value("length", *length);
  j.value("hex", d.hex());
  j.endObject();
}

void writeFinding(JsonWriter& j, const Finding& f) {
  j.beginObject();
  j.value("rule", f.ruleId);
  j.value("severity", severityName(f.severity));
  j.value("clause", f.clause);
  j.value("summary", f.summary);
  if (f.location.lba) j.value("lba", *f.location.lba);
  if (f.location.offset) j.value("offset", *f.location.offset);
  if (!f.location.path.empty()) j.value("path", f.location.path);
  if (!f.expected.empty()) j.value("expected", f.expected);
  if (!f.actual.empty()) j.value("actual", f.actual);
  j.value("message", f.message);
  j.endObject();
}

void writeNames(JsonWriter& j, std::string_view key, const std::vector<std::string>& names) {
  j.beginArray(key);
  for (const std::string& n : names) j.element(n);
  j.endArray();
}

void writeComparison(JsonWriter& j, const Comparison& c) {
  j.beginObject("comparison");
  j.beginArray("items");
  for (const ComparisonItem& i : c.items) {
    j.beginObject();
    j.value("what", i.what);
    if (!i.name.empty()) j.value("name", i.name);
    if (i.offset) j.value("offset", *i.offset);
    if (i.length) j.value("length", *i.length);
    j.value("algorithm", hashing::algorithmName(i.algorithm));
    j.value("expected", i.expected);
    j.value("actual", i.actual);
    j.value("match", i.match);
    if (!i.inside.empty()) writeNames(j, "inside", i.inside);
    j.endObject();
  }
  j.endArray();
  writeNames(j, "files_added", c.filesAdded);
  writeNames(j, "files_removed", c.filesRemoved);
  writeNames(j, "files_changed", c.filesChanged);
  j.endObject();
}

/// The files of the primary ISO 9660 hierarchy: path, size, image byte runs, digests.
void writeIsoFiles(JsonWriter& j, const analyzer::ImageAnalysis& a) {
  if (!a.iso.found || a.iso.tree.files.empty()) return;
  j.beginArray("files");
  for (size_t i = 0; i < a.iso.tree.files.size(); ++i) {
    const auto& f = a.iso.tree.files[i];
    j.beginObject();
    j.value("path", bestFileName(a, i)); // Rock Ridge, else Joliet, else ISO 9660
    j.value("size", f.size);
    j.beginArray("byte_runs");
    for (const auto& run : f.runs) {
      j.beginObject();
      if (!a.isoInUserData) {
        j.value("offset", run.imageOffset);
      } else {
        // A CD's volume is in the user data of its sectors: "offset" (in the input) only where one
        // range of the input holds the run, as img_offset in the DFXML; fs_offset is LBA * 2048.
        if (a.cd)
          if (auto at = analyzer::cd::inputOffsetOf(a.cd->disc, run.imageOffset, run.length)) j.value("offset", *at);
        j.value("fs_offset", run.imageOffset);
      }
      j.value("length", run.length);
      j.value("file_offset", run.fileOffset);
      j.endObject();
    }
    j.endArray();
    j.beginArray("digests");
    if (i < a.isoFileDigests.size())
      for (const hashing::Digest& d : a.isoFileDigests[i].digests) writeDigest(j, d);
    j.endArray();
    if (i < a.isoFileDigests.size() && !a.isoFileDigests[i].complete) j.value("incomplete", a.isoFileDigests[i].note);
    j.endObject();
  }
  j.endArray();
}

/// The earlier sessions' volumes and the fate of each of their files in the newest volume.
void writeEarlierSessions(JsonWriter& j, const analyzer::ImageAnalysis& a) {
  if (a.earlierSessions.empty()) return;
  j.beginArray("earlier_sessions");
  for (const analyzer::EarlierSession& e : a.earlierSessions) {
    j.beginObject();
    j.value("session", uint64_t{e.session});
    j.value("start_lba", static_cast<uint64_t>(std::max<int64_t>(e.startLba, 0)));
    j.value("superseded_by_session", uint64_t{e.newestSession});
    j.value("files_replaced", e.count(analyzer::Supersession::Replaced));
    j.value("files_dropped", e.count(analyzer::Supersession::Dropped));
    j.beginArray("files");
    for (size_t i = 0; i < e.iso.tree.files.size(); ++i) {
      const auto& f = e.iso.tree.files[i];
      j.beginObject();
      j.value("path", f.path);
      j.value("size", f.size);
      j.value("lba", f.runs.empty() ? uint64_t{0} : f.runs.front().lba);
      j.value("status", analyzer::supersessionName(i < e.files.size() ? e.files[i] : analyzer::Supersession::Unchanged));
      j.endObject();
    }
    j.endArray();
    j.endObject();
  }
  j.endArray();
}

void writeInput(JsonWriter& j, const InputReport& in) {
  const analyzer::ImageAnalysis& a = in.analysis;
  j.beginObject();
  j.beginObject("verdict");
  j.value("status", verdictName(in.verdict.status));
  j.value("errors", in.verdict.errors);
  j.value("warnings", in.verdict.warnings);
  j.value("infos", in.verdict.infos);
  j.value("reason", in.verdict.reason);
  j.endObject();
  j.beginObject("input");
  j.value("path", a.source.path);
  j.value("kind", analyzer::sourceKindName(a.source.kind));
  j.value("media", analyzer::mediaKindName(a.source.media));
  j.value("size", a.sizeBytes);
  if (!a.source.compression.empty()) j.value("compression", a.source.compression);
  j.endObject();
  j.beginArray("digests");
  for (const auto& d : a.digests) writeDigest(j, d.digest, d.length);
  j.endArray();
  if (!a.containerDigests.empty()) {
    j.beginArray("container_digests");
    for (const auto& d : a.containerDigests) writeDigest(j, d, a.containerBytes);
    j.endArray();
  }
  j.beginObject("read_pass");
  j.value("complete", a.pass.complete());
  j.value("bytes", a.sizeBytes);
  j.value("unreadable_sectors", a.pass.unreadableSectors);
  j.value("retried_reads", a.pass.retriedReads);
  if (a.pass.fatal) j.value("error", a.pass.fatal.message());
  j.beginArray("unreadable");
  for (const ByteRange& u : a.pass.unreadable) {
    j.beginObject();
    j.value("offset", u.offset);
    j.value("length", u.length);
    j.endObject();
  }
  j.endArray();
  j.endObject();
  if (a.zeros.computed) {
    j.beginObject("zero_sectors");
    j.value("sector_size", uint64_t{a.zeros.sectorSize});
    j.value("sectors", a.zeros.totalSectors);
    j.value("zero", a.zeros.zeroSectors);
    j.value("runs", a.zeros.runCount);
    j.beginArray("listed_runs");
    for (const auto& run : a.zeros.runs) {
      j.beginObject();
      j.value("offset", run.firstSector * a.zeros.sectorSize);
      j.value("length", std::min(run.sectorCount * a.zeros.sectorSize, a.sizeBytes - run.firstSector * a.zeros.sectorSize));
      j.endObject();
    }
    j.endArray();
    j.endObject();
  }
  writeExtensionsJson(j, a);
  const auto regions = mapRegions(a);
  if (!regions.empty()) {
    j.beginArray("regions");
    for (const analyzer::Region& r : regions) {
      j.beginObject();
      j.value("offset", r.offset);
      j.value("length", r.length);
      j.value("kind", analyzer::regionKindName(r.kind));
      j.value("label", r.label);
      if (!r.group.empty()) j.value("group", r.group);
      j.endObject();
    }
    j.endArray();
  }
  j.beginArray("findings");
  for (const Finding& f : in.findings) writeFinding(j, f);
  j.endArray();
  if (!in.suppressed.empty()) {
    j.beginObject("suppressed_findings");
    for (const auto& [rule, count] : in.suppressed) j.value(rule, count);
    j.endObject();
  }
  j.beginArray("pieces");
  for (const analyzer::PieceSet& set : a.pieceSets) {
    j.beginObject();
    j.value("algorithm", hashing::algorithmName(set.algorithm));
    j.value("piece_size", set.pieceSize);
    j.beginArray("pieces");
    for (const auto& p : set.pieces) {
      j.beginObject();
      j.value("offset", p.offset);
      j.value("length", p.length);
      j.value("hex", p.digest.hex());
      j.endObject();
    }
    j.endArray();
    j.endObject();
  }
  j.endArray();
  if (in.analysis.cd) writeCdJson(j, *in.analysis.cd);
  writeIsoFiles(j, in.analysis);
  writeEarlierSessions(j, in.analysis);
  if (in.comparison) writeComparison(j, *in.comparison);
  j.endObject();
}

} // namespace

std::string toJson(const Report& r) {
  JsonWriter j;
  j.beginObject();
  j.value("format", "discverify-report");
  j.value("format_version", 1);
  const Provenance& p = r.provenance;
  j.beginObject("case");
  j.value("case_id", r.caseInfo.caseId);
  j.value("evidence", r.caseInfo.evidence);
  j.value("examiner", r.caseInfo.examiner);
  j.value("organization", r.caseInfo.organization);
  j.value("notes", r.caseInfo.notes);
  j.endObject();
  j.value("fail_on", r.failOn ? std::string(severityName(*r.failOn)) : std::string("never"));
  if (r.verification) {
    const Verification& v = *r.verification;
    j.beginObject("verification");
    j.value("reference", v.reference);
    j.value("reference_kind", v.referenceKind);
    j.value("reference_sha256", v.referenceSha256);
    j.value("compared", v.compared);
    j.value("matched", v.matched);
    j.value("mismatched", v.mismatched);
    j.endObject();
  }
  if (!r.signingKeyId.empty()) {
    j.beginObject("signature");
    j.value("algorithm", "ed25519");
    j.value("key_id", r.signingKeyId);
    j.endObject();
  }
  j.beginArray("inputs");
  for (const InputReport& in : r.inputs) writeInput(j, in);
  j.endArray();
  j.beginObject("provenance");
  j.value("program", p.program);
  j.value("version", p.version);
  j.value("git_commit", p.gitCommit);
  j.value("compiler", p.compiler);
  j.beginArray("libraries");
  for (const Library& l : p.libraries) {
    j.beginObject();
    j.value("name", l.name);
    j.value("version", l.version);
    j.endObject();
  }
  j.endArray();
  j.value("command_line", p.commandLine);
  j.value("host", p.host);
  j.value("os", p.osSysname + " " + p.osRelease);
  j.value("arch", p.arch);
  j.value("username", p.username);
  j.value("start_time", p.startTime);
  j.value("end_time", p.endTime);
  j.value("elapsed_seconds", p.elapsedSeconds);
  j.value("max_rss_kib", p.maxRssKiB);
  j.endObject();
  j.endObject();
  return j.str();
}

} // namespace dv::report
