// Tests of the report writers: findings order, determinism, and agreement of the three formats.
#include <gtest/gtest.h>

#include <fstream>

#include "analyzer/cd/CdText.h"
#include "hashing/Hasher.h"
#include "report/Writers.h"
#include "tests/support/CdTextBuilder.h"
#include "tests/support/DiscAppImages.h"
#include "tests/support/ExtImage.h"
#include "tests/support/TestPaths.h"

namespace dv::report {
namespace {

Finding finding(const char* rule, Severity s, std::optional<uint64_t> lba, const char* message) {
  Finding f;
  f.ruleId = rule;
  f.severity = s;
  f.clause = "ECMA-119 8.4";
  f.summary = "summary of " + std::string(rule);
  f.location.lba = lba;
  if (lba) f.location.offset = *lba * 2048;
  f.location.path = lba ? "/DIR/FILE.TXT;1" : "";
  f.message = message;
  f.expected = "1";
  f.actual = "2";
  return f;
}

/// A report with digests, pieces and findings in the order a rule pass could emit them.
Report sampleReport() {
  Report r;
  r.provenance.version = "0.0.0";
  r.provenance.startTime = "2026-01-01T00:00:00Z";
  r.caseInfo.caseId = "C-17 <\"&'>";
  r.caseInfo.examiner = "Examiner Ö";
  InputReport in;
  auto& a = in.analysis;
  a.source.path = "disc.iso";
  const std::vector<uint8_t> bytes(8192, 0x41);
  a.sizeBytes = bytes.size();
  for (auto alg : {hashing::Algorithm::Md5, hashing::Algorithm::Sha256})
    a.digests.push_back({hashing::digestOf(alg, ByteView(bytes)), bytes.size()});
  analyzer::PieceSet set;
  set.pieceSize = 4096;
  for (uint64_t off = 0; off < bytes.size(); off += 4096)
    set.pieces.push_back({off, 4096, hashing::digestOf(hashing::Algorithm::Sha256, ByteView(bytes).subspan(off, 4096))});
  a.pieceSets.push_back(set);
  FindingSink sink;
  std::vector<Finding> raw = {finding("ECMA119-PVD-002", Severity::Warning, 16, "warning at 16"),
                              finding("ECMA119-DIR-001", Severity::Error, 20, "error at 20 <b>"),
                              finding("ECMA119-PVD-001", Severity::Error, 16, "error at 16"),
                              finding("ECMA119-VDS-001", Severity::Info, std::nullopt, "image-level note"),
                              finding("ECMA119-PVD-003", Severity::Error, std::nullopt, "image-level error")};
  std::stable_sort(raw.begin(), raw.end(), findingBefore);
  in.findings = raw;
  in.verdict = computeVerdict(in, Severity::Error);
  r.inputs.push_back(std::move(in));
  return r;
}

TEST(ReportWriters, FindingsAreSortedBySeverityThenLocation) {
  const Report r = sampleReport();
  const auto& f = r.inputs[0].findings;
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[0].ruleId, "ECMA119-PVD-003"); // image-level errors lead
  EXPECT_EQ(f[1].ruleId, "ECMA119-PVD-001");
  EXPECT_EQ(f[2].ruleId, "ECMA119-DIR-001");
  EXPECT_EQ(f[3].ruleId, "ECMA119-PVD-002");
  EXPECT_EQ(f[4].ruleId, "ECMA119-VDS-001");
  const std::string xml = toDfxml(r);
  EXPECT_LT(xml.find("ECMA119-PVD-003"), xml.find("ECMA119-PVD-001"));
  EXPECT_LT(xml.find("ECMA119-DIR-001"), xml.find("ECMA119-PVD-002"));
  const std::string json = toJson(r);
  EXPECT_LT(json.find("ECMA119-PVD-001"), json.find("ECMA119-DIR-001"));
}

TEST(ReportWriters, SameModelGivesByteIdenticalOutput) {
  const Report r = sampleReport();
  EXPECT_EQ(toDfxml(r), toDfxml(sampleReport()));
  EXPECT_EQ(toJson(r), toJson(sampleReport()));
  EXPECT_EQ(toHtml(r), toHtml(sampleReport()));
}

TEST(ReportWriters, CaseMetadataIsInEveryFormat) {
  const Report r = sampleReport();
  EXPECT_NE(toDfxml(r).find("C-17 &lt;\"&amp;'&gt;"), std::string::npos);
  EXPECT_NE(toJson(r).find("\"case_id\": \"C-17 <\\\"&'>\""), std::string::npos);
  EXPECT_NE(toHtml(r).find("C-17 &lt;&quot;&amp;'&gt;"), std::string::npos);
  EXPECT_NE(toHtml(r).find("Examiner Ö"), std::string::npos);
}

TEST(ReportWriters, ThreeFormatsAgreeAndValidate) {
  if (test::runCommand("python3 -c 'import sys' 2>/dev/null") != 0) GTEST_SKIP() << "python3 is not installed";
  const std::string dir = test::scratchDir("report-agree");
  const Report r = sampleReport();
  ASSERT_FALSE(writeReportFile(dir + "/r.xml", toDfxml(r)));
  ASSERT_FALSE(writeReportFile(dir + "/r.json", toJson(r)));
  ASSERT_FALSE(writeReportFile(dir + "/r.html", toHtml(r)));
  std::string out;
  const int status = test::runCommand("python3 " + test::sourceDir() + "/tests/golden/reportcheck.py agree --xml " + dir +
                                          "/r.xml --json " + dir + "/r.json --html " + dir + "/r.html 2>&1",
                                      &out);
  EXPECT_EQ(status, 0) << out;
}

/// A report of a DVD-Video tree (flagged VOB sectors) and of a BDMV tree.
Report discApplicationReport(bool bd) {
  Report r;
  r.provenance.version = "0.0.0";
  r.provenance.startTime = "2026-01-01T00:00:00Z";
  auto dvd = test::dvdFiles();
  test::fileAt(dvd, "/VIDEO_TS/VTS_01_1.VOB;1").data = test::dvdVob(16, 2, true);
  InputReport in;
  in.findings = test::catalogueFindings(bd ? test::discImage(test::bdFiles(), 3, 0x0250) : test::discImage(dvd, 2, 0x0102), &in.analysis);
  in.analysis.source.path = "disc.iso";
  in.files = collectFiles(in.analysis);
  in.verdict = computeVerdict(in, Severity::Error);
  r.inputs.push_back(std::move(in));
  return r;
}

TEST(ReportWriters, DiscApplicationSectionInEveryFormat) {
  for (bool bd : {false, true}) {
  const Report r = discApplicationReport(bd);
  const std::string xml = toDfxml(r), json = toJson(r), html = toHtml(r);
  if (bd) {
    EXPECT_NE(xml.find("<dv:disc_application kind=\"bdmv\">"), std::string::npos);
    EXPECT_NE(json.find("\"bdmv\""), std::string::npos);
    EXPECT_NE(html.find("Disc application: Blu-ray (BDMV)"), std::string::npos);
  } else {
    EXPECT_NE(xml.find("<dv:disc_application kind=\"dvd-video\">"), std::string::npos);
    EXPECT_NE(xml.find("css_sectors=\"16\""), std::string::npos);
    EXPECT_NE(json.find("\"identifier\": \"DVDVIDEO-VTS\""), std::string::npos);
    EXPECT_NE(html.find("Disc application: DVD-Video"), std::string::npos);
  }
  if (test::runCommand("python3 -c 'import sys' 2>/dev/null") != 0) GTEST_SKIP() << "python3 is not installed";
  const std::string dir = test::scratchDir(bd ? "report-bdmv" : "report-dvd");
  ASSERT_FALSE(writeReportFile(dir + "/r.xml", xml));
  ASSERT_FALSE(writeReportFile(dir + "/r.json", json));
  ASSERT_FALSE(writeReportFile(dir + "/r.html", html));
  std::string out;
  const int status = test::runCommand("python3 " + test::sourceDir() + "/tests/golden/reportcheck.py agree --xml " + dir +
                                          "/r.xml --json " + dir + "/r.json --html " + dir + "/r.html 2>&1",
                                      &out);
  EXPECT_EQ(status, 0) << out;
  }
}

/// Writes the XML and JSON reports to a scratch directory and checks them against the DFXML schema
/// and the JSON schema (reportcheck.py validate).
void expectValidReports(const std::string& name, const std::string& xml, const std::string& json) {
  const std::string dir = test::scratchDir(name);
  ASSERT_FALSE(writeReportFile(dir + "/r.xml", xml));
  ASSERT_FALSE(writeReportFile(dir + "/r.json", json));
  std::string out;
  const int status = test::runCommand("python3 " + test::sourceDir() + "/tests/golden/reportcheck.py validate " + dir + "/r.xml " +
                                          dir + "/r.json 2>&1",
                                      &out);
  EXPECT_EQ(status, 0) << out;
}

TEST(ReportWriters, EarlierSessionFilesCarryTheirFateInEveryFormat) {
  Report r = sampleReport();
  analyzer::EarlierSession e;
  e.session = 1;
  e.startLba = 32;
  e.newestSession = 2;
  e.iso.found = true;
  for (const char* path : {"/A.TXT;1", "/B.TXT;1", "/C.TXT;1"}) {
    analyzer::iso9660::FileEntry f;
    f.path = path;
    f.size = 4;
    f.runs.push_back({55, 55 * 2048, 0, 4, 4});
    e.iso.tree.files.push_back(f);
  }
  e.files = {analyzer::Supersession::Unchanged, analyzer::Supersession::Replaced, analyzer::Supersession::Dropped};
  r.inputs[0].analysis.earlierSessions.push_back(e);
  const std::string xml = toDfxml(r), json = toJson(r), html = toHtml(r);
  EXPECT_NE(xml.find("dv:session=\"1\""), std::string::npos);
  EXPECT_NE(xml.find("<filename>/B.TXT;1</filename>"), std::string::npos);
  EXPECT_NE(xml.find("<dv:session_file status=\"replaced\" superseded=\"1\" by_session=\"2\" />"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<dv:session_file status=\"dropped\" superseded=\"1\" by_session=\"2\" />"), std::string::npos);
  EXPECT_NE(json.find("\"status\": \"dropped\""), std::string::npos);
  EXPECT_NE(json.find("\"files_replaced\": 1"), std::string::npos);
  EXPECT_NE(html.find("Files superseded by a later session"), std::string::npos);
  EXPECT_NE(html.find("dropped by session 2"), std::string::npos);
  EXPECT_EQ(html.find("unchanged by session"), std::string::npos) << "unchanged files are not listed as superseded";
  if (test::runCommand("python3 -c 'import sys' 2>/dev/null") != 0) GTEST_SKIP() << "python3 is not installed";
  expectValidReports("report-sessions", xml, json);
}

TEST(ReportWriters, EveryCdTextLanguageBlockIsReportedInEveryFormat) {
  Report r = sampleReport();
  analyzer::cd::CdAnalysis cd;
  cd.disc.format = "ccd";
  analyzer::cd::Track t;
  t.number = 1;
  t.mode = analyzer::cd::TrackMode::Audio;
  t.sectors = 300;
  cd.disc.tracks.push_back(t);
  const std::vector<uint8_t> languages = {0x09, 0x08};
  cd.disc.cdTextPacks = test::cdTextBlockPacks({{0x80, {"Album", "Song"}}}, 0, 0x00, languages);
  const auto german = test::cdTextBlockPacks({{0x80, {"Platte", "Lied"}}}, 1, 0x00, languages,
                                             static_cast<uint8_t>(cd.disc.cdTextPacks.size() / 18));
  cd.disc.cdTextPacks.insert(cd.disc.cdTextPacks.end(), german.begin(), german.end());
  analyzer::cd::applyCdTextPacks(cd.disc, "ccd");
  r.inputs[0].analysis.cd = cd;
  const std::string xml = toDfxml(r), json = toJson(r), html = toHtml(r);
  EXPECT_NE(xml.find("<dv:cd_text_block block=\"1\" language_code=\"8\" language=\"german\" character_code=\"iso-8859-1\">"),
            std::string::npos) << xml;
  EXPECT_NE(xml.find("<dv:cd_text_entry track=\"1\" title=\"Lied\" />"), std::string::npos) << xml;
  EXPECT_NE(json.find("\"language\": \"german\""), std::string::npos);
  EXPECT_NE(json.find("\"title\": \"Platte\""), std::string::npos);
  EXPECT_NE(html.find("Block 1: german (iso-8859-1)"), std::string::npos);
  EXPECT_NE(html.find("<td>Lied</td>"), std::string::npos);
  if (test::runCommand("python3 -c 'import sys' 2>/dev/null") != 0) GTEST_SKIP() << "python3 is not installed";
  expectValidReports("report-cdtext", xml, json);
}

} // namespace
} // namespace dv::report
