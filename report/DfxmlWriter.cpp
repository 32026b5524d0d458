// DfxmlWriter: the report as DFXML (validates against ../shared/schema/dfxml/dfxml.xsd).
#include <algorithm>
#include <sstream>

#include <pugixml.hpp>

#include "analyzer/cd/CookedFiles.h"
#include "core/Text.h"
#include "report/CdReport.h"
#include "report/ExtensionSections.h"
#include "report/Writers.h"

namespace dv::report {
namespace {

using hashing::Algorithm;

void text(pugi::xml_node parent, const char* name, const std::string& value) {
  parent.append_child(name).text().set(utf8Safe(value).c_str());
}

void attr(pugi::xml_node node, const char* name, const std::string& value) {
  node.append_attribute(name).set_value(utf8Safe(value).c_str());
}

void attr(pugi::xml_node node, const char* name, uint64_t value) {
  node.append_attribute(name).set_value(std::to_string(value).c_str());
}

void hashdigest(pugi::xml_node parent, const hashing::Digest& d) {
  pugi::xml_node h = parent.append_child("hashdigest");
  attr(h, "type", std::string(hashing::dfxmlType(d.algorithm)));
  if (hashing::dfxmlType(d.algorithm) == "OTHER") attr(h, "dv:algorithm", std::string(hashing::algorithmName(d.algorithm)));
  h.text().set(d.hex().c_str());
}

std::string baseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void writeMetadata(pugi::xml_node root, const Report& r) {
  pugi::xml_node meta = root.append_child("metadata");
  text(meta, "dc:type", "Disc image verification report");
  if (r.verification) {
    const Verification& v = *r.verification;
    pugi::xml_node n = meta.append_child("dv:verification");
    attr(n, "reference", v.reference);
    attr(n, "reference_kind", v.referenceKind);
    attr(n, "reference_sha256", v.referenceSha256);
    attr(n, "compared", v.compared);
    attr(n, "matched", v.matched);
    attr(n, "mismatched", v.mismatched);
  }
  if (!r.signingKeyId.empty()) {
    pugi::xml_node sig = meta.append_child("dv:signature");
    attr(sig, "algorithm", std::string("ed25519"));
    attr(sig, "key_id", r.signingKeyId);
  }
  if (r.caseInfo.empty()) return;
  pugi::xml_node c = meta.append_child("dv:case");
  if (!r.caseInfo.caseId.empty()) text(c, "dv:case_id", r.caseInfo.caseId);
  if (!r.caseInfo.evidence.empty()) text(c, "dv:evidence", r.caseInfo.evidence);
  if (!r.caseInfo.examiner.empty()) text(c, "dv:examiner", r.caseInfo.examiner);
  if (!r.caseInfo.organization.empty()) text(c, "dv:organization", r.caseInfo.organization);
  if (!r.caseInfo.notes.empty()) text(c, "dv:notes", r.caseInfo.notes);
}

void writeCreator(pugi::xml_node root, const Provenance& p) {
  pugi::xml_node cr = root.append_child("creator");
  text(cr, "program", p.program);
  text(cr, "version", p.version + " (" + p.gitCommit + ")");
  pugi::xml_node be = cr.append_child("build_environment");
  text(be, "compiler", p.compiler);
  for (const Library& l : p.libraries) {
    pugi::xml_node lib = be.append_child("library");
    attr(lib, "name", l.name);
    attr(lib, "version", l.version);
  }
  pugi::xml_node ee = cr.append_child("execution_environment");
  text(ee, "os_sysname", p.osSysname);
  text(ee, "os_release", p.osRelease);
  text(ee, "os_version", p.osVersion);
  text(ee, "host", p.host);
  text(ee, "arch", p.arch);
  text(ee, "command_line", p.commandLine);
  text(ee, "uid", p.uid);
  text(ee, "username", p.username);
  text(ee, "start_time", p.startTime);
  for (const Library& l : p.libraries) {
    pugi::xml_node lib = cr.append_child("library");
    attr(lib, "name", l.name);
    attr(lib, "version", l.version);
  }
}

void writeFinding(pugi::xml_node parent, const Finding& f) {
  pugi::xml_node n = parent.append_child("dv:finding");
  attr(n, "rule", f.ruleId);
  attr(n, "severity", std::string(severityName(f.severity)));
  attr(n, "clause", f.clause);
  if (f.location.lba) attr(n, "lba", *f.location.lba);
  if (f.location.offset) attr(n, "offset", *f.location.offset);
  if (!f.location.path.empty()) attr(n, "path", f.location.path);
  if (!f.expected.empty()) attr(n, "expected", f.expected);
  if (!f.actual.empty()) attr(n, "actual", f.actual);
  n.text().set(utf8Safe(f.message).c_str());
}

void writeComparison(pugi::xml_node dio, const Comparison& c) {
  pugi::xml_node cmp = dio.append_child("dv:comparison");
  attr(cmp, "compared", static_cast<uint64_t>(c.items.size()));
  attr(cmp, "mismatched", c.mismatched());
  for (const ComparisonItem& i : c.items) {
    pugi::xml_node n = cmp.append_child("dv:compared");
    attr(n, "what", i.what);
    if (!i.name.empty()) attr(n, "name", i.name);
    if (i.offset) attr(n, "img_offset", *i.offset);
    if (i.length) attr(n, "len", *i.length);
    attr(n, "type", std::string(hashing::algorithmName(i.algorithm)));
    attr(n, "expected", i.expected);
    attr(n, "actual", i.actual);
    attr(n, "match", i.match ? std::string("1") : std::string("0"));
    for (const std::string& inside : i.inside) text(n, "dv:inside", inside);
  }
  for (const std::string& f : c.filesAdded) text(cmp, "dv:file_added", f);
  for (const std::string& f : c.filesRemoved) text(cmp, "dv:file_removed", f);
  for (const std::string& f : c.filesChanged) text(cmp, "dv:file_changed", f);
}

/// The primary ISO 9660 hierarchy as a DFXML volume of fileobjects (filename, filesize, image byte
/// runs, per-file digests), in the order fiwalk writes them.
void writeIsoFiles(pugi::xml_node dio, const analyzer::ImageAnalysis& a) {
  if (!a.iso.found || a.iso.tree.files.empty()) return;
  pugi::xml_node vol = dio.append_child("volume");
  attr(vol, "offset", uint64_t{0});
  vol.append_child("block_size").text().set(std::to_string(a.iso.blockSize).c_str());
  vol.append_child("ftype_str").text().set("iso9660");
  if (const auto* pvd = a.iso.pvd())
    vol.append_child("block_count").text().set(std::to_string(pvd->volumeSpaceSize.value()).c_str());
  for (size_t i = 0; i < a.iso.tree.files.size(); ++i) {
    const auto& f = a.iso.tree.files[i];
    pugi::xml_node fo = vol.append_child("fileobject");
    text(fo, "filename", bestFileName(a, i)); // Rock Ridge, else Joliet, else ISO 9660
    fo.append_child("filesize").text().set(std::to_string(f.size).c_str());
    writeFileAttributesDfxml(fo, a, i);
    // Without a Rock Ridge time, the recording date of the first directory record (9.1.5); it goes
    // last among the attributes, so only when no later one was written.
    bool later = false;
    for (const char* n : {"mtime", "ctime", "atime", "crtime", "seq", "dtime", "bkup_time", "link_target", "libmagic"})
      later = later || fo.child(n);
    if (!later && !f.sections.empty())
      if (auto t = a.iso.tree.records[f.sections.front()].record.recordingDateAndTime.isoText())
        fo.append_child("mtime").text().set(t->c_str());
    if (!f.runs.empty()) {
      pugi::xml_node runs = fo.append_child("byte_runs");
      for (const auto& run : f.runs) {
        pugi::xml_node br = runs.append_child("byte_run");
        attr(br, "file_offset", run.fileOffset);
        attr(br, "fs_offset", run.imageOffset); // the volume starts at image offset 0
        if (!a.isoInUserData) {
          attr(br, "img_offset", run.imageOffset);
        } else if (a.cd) {
          // A CD's volume lives in the user data of its sectors. A run is one byte range of the input
          // only when the input itself stores those sectors as 2048-byte user data back to back (an
          // .nrg or a dump of Mode 1/2048 sectors). In raw 2352-byte sectors the user data of each
          // sector sits between sync, header and EDC/ECC bytes, and in a .cue or .toc it lies in
          // another file than the input: no single img_offset is true there, so it is left out
          // (DFXML makes it optional); fs_offset and file_offset still place the run in the volume.
          if (auto at = analyzer::cd::inputOffsetOf(a.cd->disc, run.imageOffset, run.length)) attr(br, "img_offset", *at);
        }
        attr(br, "len", run.length);
      }
    }
    if (i < a.isoFileDigests.size()) {
      const auto& d = a.isoFileDigests[i];
      for (const hashing::Digest& h : d.digests) hashdigest(fo, h);
      if (!d.complete) attr(fo.append_child("dv:incomplete"), "note", d.note);
    }
    writeFileNamesDfxml(fo, a, i);
  }
}

/// The volumes of earlier sessions: one DFXML volume each, whose fileobjects say whether the newest
/// session replaced or dropped them (ECMA-119 names as recorded; no Rock Ridge or Joliet names).
void writeEarlierSessions(pugi::xml_node dio, const analyzer::ImageAnalysis& a) {
  for (const analyzer::EarlierSession& e : a.earlierSessions) {
    pugi::xml_node vol = dio.append_child("volume");
    attr(vol, "offset", static_cast<uint64_t>(std::max<int64_t>(e.startLba, 0)) * e.iso.blockSize);
    attr(vol, "dv:session", e.session);
    attr(vol, "dv:session_start_lba", static_cast<uint64_t>(std::max<int64_t>(e.startLba, 0)));
    attr(vol, "dv:superseded_by_session", e.newestSession);
    attr(vol, "dv:files_replaced", e.count(analyzer::Supersession::Replaced));
    attr(vol, "dv:files_dropped", e.count(analyzer::Supersession::Dropped));
    vol.append_child("block_size").text().set(std::to_string(e.iso.blockSize).c_str());
    vol.append_child("ftype_str").text().set("iso9660");
    if (const auto* pvd = e.iso.pvd())
      vol.append_child("block_count").text().set(std::to_string(pvd->volumeSpaceSize.value()).c_str());
    for (size_t i = 0; i < e.iso.tree.files.size(); ++i) {
      const auto& f = e.iso.tree.files[i];
      pugi::xml_node fo = vol.append_child("fileobject");
      text(fo, "filename", f.path);
      fo.append_child("filesize").text().set(std::to_string(f.size).c_str());
      if (!f.runs.empty()) {
        pugi::xml_node runs = fo.append_child("byte_runs");
        for (const auto& run : f.runs) {
          pugi::xml_node br = runs.append_child("byte_run");
          attr(br, "file_offset", run.fileOffset);
          attr(br, "img_offset", run.imageOffset);
          attr(br, "len", run.length);
        }
      }
      const auto fate = i < e.files.size() ? e.files[i] : analyzer::Supersession::Unchanged;
      pugi::xml_node n = fo.append_child("dv:session_file");
      attr(n, "status", std::string(analyzer::supersessionName(fate)));
      attr(n, "superseded", std::string(fate == analyzer::Supersession::Unchanged ? "0" : "1"));
      attr(n, "by_session", e.newestSession);
    }
  }
}

void writeInput(pugi::xml_node root, const InputReport& in, const std::string& failOn) {
  const analyzer::ImageAnalysis& a = in.analysis;
  const std::string file = baseName(a.source.path);
  pugi::xml_node dio = root.append_child("diskimageobject");

  pugi::xml_node v = dio.append_child("dv:verdict");
  attr(v, "status", std::string(verdictName(in.verdict.status)));
  attr(v, "errors", in.verdict.errors);
  attr(v, "warnings", in.verdict.warnings);
  attr(v, "infos", in.verdict.infos);
  attr(v, "fail_on", failOn);
  v.text().set(utf8Safe(in.verdict.reason).c_str());

  pugi::xml_node src = dio.append_child("dv:input");
  attr(src, "path", a.source.path);
  attr(src, "kind", std::string(analyzer::sourceKindName(a.source.kind)));
  attr(src, "media", std::string(analyzer::mediaKindName(a.source.media)));
  attr(src, "size", a.sizeBytes);
  if (!a.source.compression.empty()) attr(src, "compression", a.source.compression);

  for (const analyzer::ImageDigest& d : a.digests) {
    pugi::xml_node n = dio.append_child("dv:image_digest");
    attr(n, "type", std::string(hashing::algorithmName(d.digest.algorithm)));
    attr(n, "len", d.length);
    attr(n, "file", file);
    n.text().set(d.digest.hex().c_str());
  }
  for (const hashing::Digest& d : a.containerDigests) {
    pugi::xml_node n = dio.append_child("dv:container_digest");
    attr(n, "type", std::string(hashing::algorithmName(d.algorithm)));
    attr(n, "len", a.containerBytes);
    attr(n, "file", file);
    n.text().set(d.hex().c_str());
  }
  for (const ByteRange& u : a.pass.unreadable) {
    pugi::xml_node n = dio.append_child("dv:unreadable");
    attr(n, "img_offset", u.offset);
    attr(n, "len", u.length);
  }
  pugi::xml_node pass = dio.append_child("dv:read_pass");
  attr(pass, "complete", a.pass.complete() ? std::string("1") : std::string("0"));
  attr(pass, "bytes", a.sizeBytes);
  attr(pass, "unreadable_sectors", a.pass.unreadableSectors);
  attr(pass, "retried_reads", a.pass.retriedReads);
  if (a.pass.fatal) pass.text().set(utf8Safe(a.pass.fatal.message()).c_str());

  if (a.zeros.computed) {
    pugi::xml_node z = dio.append_child("dv:zero_sectors");
    attr(z, "sector_size", a.zeros.sectorSize);
    attr(z, "sectors", a.zeros.totalSectors);
    attr(z, "zero", a.zeros.zeroSectors);
    attr(z, "runs", a.zeros.runCount);
    attr(z, "runs_listed", static_cast<uint64_t>(a.zeros.runs.size()));
    for (const analyzer::ZeroRun& run : a.zeros.runs) {
      pugi::xml_node n = z.append_child("dv:zero_run");
      attr(n, "img_offset", run.firstSector * a.zeros.sectorSize);
      attr(n, "len", std::min(run.sectorCount * a.zeros.sectorSize, a.sizeBytes - run.firstSector * a.zeros.sectorSize));
    }
  }
  writeExtensionsDfxml(dio, a);
  for (const analyzer::Region& r : mapRegions(a)) {
    pugi::xml_node n = dio.append_child("dv:region");
    attr(n, "img_offset", r.offset);
    attr(n, "len", r.length);
    attr(n, "kind", std::string(analyzer::regionKindName(r.kind)));
    if (!r.group.empty()) attr(n, "group", r.group);
    n.text().set(utf8Safe(r.label).c_str());
  }
  for (const Finding& f : in.findings) writeFinding(dio, f);
  if (in.comparison) writeComparison(dio, *in.comparison);
  for (const auto& [rule, count] : in.suppressed) {
    pugi::xml_node n = dio.append_child("dv:suppressed");
    attr(n, "rule", rule);
    attr(n, "count", count);
  }

  if (!a.pieceSets.empty() && !a.pieceSets.front().pieces.empty()) {
    pugi::xml_node runs = dio.append_child("byte_runs");
    attr(runs, "dv:piece_size", a.pieceSets.front().pieceSize);
    const size_t n = a.pieceSets.front().pieces.size();
    for (size_t i = 0; i < n; ++i) {
      const auto& piece = a.pieceSets.front().pieces[i];
      pugi::xml_node br = runs.append_child("byte_run");
      attr(br, "img_offset", piece.offset);
      attr(br, "len", piece.length);
      for (const analyzer::PieceSet& set : a.pieceSets)
        if (i < set.pieces.size()) hashdigest(br, set.pieces[i].digest);
    }
  }
  dio.append_child("sector_size").text().set(std::to_string(a.zeros.sectorSize).c_str());
  if (a.cd) writeCdDfxml(dio, *a.cd);
  writeIsoFiles(dio, a);
  writeEarlierSessions(dio, a);
}

} // namespace

std::string toDfxml(const Report& r) {
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("dfxml");
  root.append_attribute("xmlns") = kDfxmlNamespace;
  root.append_attribute("xmlns:dc") = "http://purl.org/dc/elements/1.1/";
  root.append_attribute("xmlns:dv") = kDvNamespace;
  root.append_attribute("version") = kDfxmlVersion;

  writeMetadata(root, r);
  writeCreator(root, r.provenance);
  pugi::xml_node source = root.append_child("source");
  for (const InputReport& in : r.inputs) text(source, "image_filename", in.analysis.source.path);
  const std::string failOn = r.failOn ? std::string(severityName(*r.failOn)) : std::string("never");
  for (const InputReport& in : r.inputs) writeInput(root, in, failOn);

  const Provenance& p = r.provenance;
  pugi::xml_node ru = root.append_child("rusage");
  ru.append_child("utime").text().set(p.userSeconds);
  ru.append_child("stime").text().set(p.systemSeconds);
  ru.append_child("maxrss").text().set(static_cast<unsigned long long>(p.maxRssKiB));
  ru.append_child("minflt").text().set(static_cast<unsigned long long>(p.minorFaults));
  ru.append_child("majflt").text().set(static_cast<unsigned long long>(p.majorFaults));
  ru.append_child("nswap").text().set(static_cast<unsigned long long>(p.swaps));
  ru.append_child("inblock").text().set(static_cast<unsigned long long>(p.blocksIn));
  ru.append_child("oublock").text().set(static_cast<unsigned long long>(p.blocksOut));
  ru.append_child("clocktime").text().set(p.elapsedSeconds);
  pugi::xml_node prov = root.append_child("dv:provenance");
  attr(prov, "start_time", p.startTime);
  attr(prov, "end_time", p.endTime);

  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent | pugi::format_no_declaration, pugi::encoding_utf8);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + out.str();
}

} // namespace dv::report
