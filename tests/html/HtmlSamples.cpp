// HtmlSamples: writes the HTML reports the screenshot and render tests look at, from models built in
// code: a clean data disc, one with findings and unreadable sectors, a mixed-mode CD with audio
// tracks, and a disc with 10,000 files.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "hashing/Hasher.h"
#include "report/Writers.h"

namespace {

using namespace dv;
using analyzer::Region;
using analyzer::RegionKind;

hashing::Digest digestOfText(hashing::Algorithm a, const std::string& text) {
  return hashing::digestOf(a, ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

report::Provenance provenance(const std::string& command) {
  report::Provenance p;
  p.version = "0.1.0";
  p.gitCommit = "3f2c9a1b7d40";
  p.compiler = "GNU 12.2.0";
  p.libraries = {{"Crypto++", "8.7.0"}, {"Boost", "1.74.0"}, {"pugixml", "1.13"}};
  p.commandLine = command;
  p.host = "forensic-ws-04";
  p.osSysname = "Linux";
  p.osRelease = "6.1.0-27-amd64";
  p.arch = "x86_64";
  p.username = "examiner";
  p.uid = "1000";
  p.startTime = "2026-11-23T14:02:11Z";
  p.endTime = "2026-11-23T14:02:19Z";
  p.elapsedSeconds = 7.84;
  p.userSeconds = 9.12;
  p.systemSeconds = 0.61;
  p.maxRssKiB = 48212;
  return p;
}

/// A data disc: system area, descriptors, path tables, directories, files in `dirs`, trailing zeros.
report::InputReport dataDisc(const std::string& path, uint64_t sectors, const std::vector<std::string>& dirs,
                             size_t files, uint64_t fileSectors) {
  report::InputReport in;
  auto& a = in.analysis;
  a.source.path = path;
  a.source.kind = analyzer::SourceKind::RegularFile;
  a.source.media = analyzer::MediaKind::SolidState;
  a.sizeBytes = sectors * 2048;
  for (auto alg : {hashing::Algorithm::Md5, hashing::Algorithm::Sha1, hashing::Algorithm::Sha256})
    a.digests.push_back({digestOfText(alg, path), a.sizeBytes});
  a.systemArea.volumeSpaceSize = static_cast<uint32_t>(sectors);
  a.regions.push_back({32768, 3 * 2048, RegionKind::VolumeDescriptors, "Volume descriptor set (PVD, SVD, terminator)", ""});
  a.regions.push_back({19 * 2048, 4 * 2048, RegionKind::PathTable, "Path tables (L, M)", ""});
  a.regions.push_back({23 * 2048, 6 * 2048, RegionKind::Directory, "Directory extents", ""});
  uint64_t lba = 29;
  for (size_t i = 0; i < files && lba < sectors; ++i) {
    const std::string& dir = dirs[i * dirs.size() / files]; // a directory's files lie together, as writers place them
    const uint64_t len = (1 + (i * 7919) % fileSectors) * 2048 - (i * 31) % 2048;
    const std::string file = dir + "/FILE" + std::to_string(i) + (i % 3 ? ".DAT" : ".TXT");
    a.regions.push_back({lba * 2048, len, RegionKind::FileData, file, dir});
    report::FileRow row;
    row.path = file;
    row.size = len;
    row.offset = lba * 2048;
    row.digests.push_back(digestOfText(hashing::Algorithm::Sha256, file));
    in.files.push_back(row);
    lba += (len + 2047) / 2048;
  }
  a.zeros.computed = true;
  a.zeros.totalSectors = sectors;
  a.zeros.runs.push_back({0, 16});
  a.zeros.zeroSectors = 16;
  if (lba + 150 < sectors) {
    a.zeros.runs.push_back({lba + 16, sectors - lba - 16});
    a.zeros.zeroSectors += sectors - lba - 16;
  }
  a.zeros.runCount = a.zeros.runs.size();
  analyzer::PieceSet set;
  set.pieceSize = uint64_t{64} << 20;
  for (uint64_t off = 0; off < a.sizeBytes; off += set.pieceSize) {
    const uint64_t len = std::min(set.pieceSize, a.sizeBytes - off);
    set.pieces.push_back({off, len, digestOfText(hashing::Algorithm::Sha256, path + std::to_string(off))});
  }
  a.pieceSets.push_back(set);
  std::sort(in.files.begin(), in.files.end(), [](const auto& x, const auto& y) { return x.path < y.path; });
  return in;
}

Finding finding(const char* rule, Severity s, const char* clause, std::optional<uint64_t> lba, std::string path,
                std::string message, std::string expected = "", std::string actual = "") {
  Finding f;
  f.ruleId = rule;
  f.severity = s;
  f.clause = clause;
  f.summary = message;
  f.location.lba = lba;
  if (lba) f.location.offset = *lba * 2048;
  f.location.path = std::move(path);
  f.message = std::move(message);
  f.expected = std::move(expected);
  f.actual = std::move(actual);
  return f;
}

void write(const std::string& path, const report::Report& r) {
  if (dv::Error e = report::writeReportFile(path, report::toHtml(r))) {
    std::fprintf(stderr, "%s\n", e.message().c_str());
    std::exit(2);
  }
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: dv_html_samples OUTDIR\n");
    return 2;
  }
  const std::string out = argv[1];

  {
    report::Report r;
    r.provenance = provenance("discverify analyze ARCHIVE_2019_07.iso --report-dir reports --case 2026-0042");
    r.caseInfo = {"2026-0042", "EV-0042-03 (DVD-R, silver, hand-labelled \"backup 2019\")", "Dana Whitfield",
                  "Northbridge Digital Forensics Laboratory", "Image acquired with ddrescue from the original disc."};
    r.signingKeyId = "0d4fc8aefb956243";
    r.inputs.push_back(dataDisc("evidence/ARCHIVE_2019_07.iso", 180000, {"/DOCS", "/PHOTOS", "/MAIL"}, 180, 800));
    r.inputs.back().verdict = report::computeVerdict(r.inputs.back(), Severity::Error);
    write(out + "/clean.html", r);
  }
  {
    report::Report r;
    r.provenance = provenance("discverify analyze damaged.iso --html damaged.html --fail-on warning");
    r.failOn = Severity::Warning;
    r.caseInfo.caseId = "2026-0107";
    r.caseInfo.examiner = "R. Okafor";
    report::InputReport in = dataDisc("damaged.iso", 52000, {"/SETUP", "/DATA", "/MANUAL"}, 60, 600);
    in.analysis.pass.unreadable = {{uint64_t{30100} * 2048, 48 * 2048}, {uint64_t{30410} * 2048, 16 * 2048}};
    in.analysis.pass.unreadableSectors = 64;
    in.findings = {
        finding("ECMA119-PVD-005", Severity::Error, "ECMA-119 8.4.8", 16, "", "image is shorter than the volume it declares",
                "53248", "52000"),
        finding("ECMA119-DIR-007", Severity::Error, "ECMA-119 9.1.3", 27, "/DATA/FILE17.DAT;1",
                "file extent ends past the image end"),
        finding("ECMA119-PT-003", Severity::Warning, "ECMA-119 9.4", 19, "",
                "type L and type M path tables disagree", "12 entries", "11 entries"),
        finding("ECMA119-DIR-012", Severity::Warning, "ECMA-119 9.1.6", 25, "/SETUP/FILE3.TXT;1",
                "recording date has a month of 13", "1-12", "13"),
        finding("ECMA119-PVD-011", Severity::Info, "ECMA-119 8.4.26", 16, "",
                "volume expiration date is set", "", "2031-01-01"),
    };
    std::stable_sort(in.findings.begin(), in.findings.end(), findingBefore);
    in.verdict = report::computeVerdict(in, Severity::Warning);
    r.inputs.push_back(std::move(in));
    write(out + "/findings.html", r);
  }
  {
    report::Report r;
    r.provenance = provenance("discverify analyze enhanced_cd.cue --html enhanced_cd.html");
    report::InputReport in;
    auto& a = in.analysis;
    a.source.path = "enhanced_cd.cue";
    a.source.media = analyzer::MediaKind::SolidState;
    const uint64_t trackSectors[] = {18120, 21040, 15660, 24010, 19870, 9000};
    uint64_t lba = 0;
    for (size_t t = 0; t < std::size(trackSectors); ++t) {
      const bool data = t + 1 == std::size(trackSectors);
      if (t) a.regions.push_back({lba * 2048, 150 * 2048, RegionKind::Pregap, "Pregap of track " + std::to_string(t + 1), ""});
      if (t) lba += 150;
      char label[64];
      std::snprintf(label, sizeof label, "Track %02zu (%s)", t + 1, data ? "data, mode 2" : "audio");
      a.regions.push_back({lba * 2048, trackSectors[t] * 2048, RegionKind::Track, label, data ? "data" : "audio"});
      lba += trackSectors[t];
    }
    a.sizeBytes = lba * 2352;
    for (auto& reg : a.regions) { // raw CD sectors: 2352 bytes each
      reg.offset = reg.offset / 2048 * 2352;
      reg.length = reg.length / 2048 * 2352;
    }
    a.zeros.sectorSize = 2352;
    for (auto alg : {hashing::Algorithm::Md5, hashing::Algorithm::Sha1, hashing::Algorithm::Sha256})
      a.digests.push_back({digestOfText(alg, "cd"), a.sizeBytes});
    a.zeros.computed = true;
    a.zeros.totalSectors = lba;
    in.verdict = report::computeVerdict(in, Severity::Error);
    r.inputs.push_back(std::move(in));
    write(out + "/audio.html", r);
  }
  {
    report::Report r;
    r.provenance = provenance("discverify analyze software_archive.iso --html software_archive.html");
    r.caseInfo.organization = "State Archive, Digital Preservation Unit";
    r.caseInfo.evidence = "ACC-2025-0193";
    r.inputs.push_back(dataDisc("software_archive.iso", 2200000,
                                {"/APPS", "/DOCS", "/DRIVERS", "/FONTS", "/ISOLINUX", "/SOURCE", "/TOOLS"}, 10000, 200));
    r.inputs.back().verdict = report::computeVerdict(r.inputs.back(), Severity::Error);
    write(out + "/files10k.html", r);
  }
  return 0;
}
