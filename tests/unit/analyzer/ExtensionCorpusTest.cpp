// Corpus tests of Joliet, Rock Ridge and UDF on libcdio's public images, read in place from
// ../shared/corpus/libcdio (skipped when absent): what its README says a correct analyzer sees.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "analyzer/ImageAnalysis.h"
#include "rules/RuleRegistry.h"
#include "tests/support/TestPaths.h"

namespace dv::analyzer {
namespace {

#define CORPUS_OR_SKIP(var, name) DV_CORPUS_FILE_OR_SKIP(var, "libcdio/" name)

ImageAnalysis analyze(const std::string& path) {
  AnalyzeOptions o;
  o.imageHashes = {hashing::Algorithm::Sha256};
  o.pieceSize = 0;
  auto a = analyzeImage(path, o);
  EXPECT_TRUE(a) << (a ? "" : a.error().message());
  return a ? std::move(*a) : ImageAnalysis{};
}

std::vector<Finding> errorsOf(const ImageAnalysis& a, std::string_view prefix) {
  FindingSink sink;
  rules::catalogue().evaluate(a, sink);
  std::vector<Finding> out;
  for (const Finding& f : sink.findings())
    if (f.severity == Severity::Error && f.ruleId.rfind(prefix, 0) == 0) out.push_back(f);
  return out;
}

std::string digestOfFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  const std::string bytes = s.str();
  return hashing::digestOf(hashing::Algorithm::Sha256, ByteView(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size())).hex(); // NOLINT
}

TEST(ExtensionCorpus, JolietImageHasAJolietTreeAlongsideThePrimary) {
  CORPUS_OR_SKIP(path, "joliet.iso");
  const ImageAnalysis a = analyze(*path);
  ASSERT_EQ(a.joliet.size(), 1U);
  EXPECT_EQ(a.joliet[0].level, 3);
  EXPECT_EQ(a.joliet[0].tree.files.size(), a.iso.tree.files.size());
  EXPECT_FALSE(a.rockRidge.present());
  EXPECT_TRUE(errorsOf(a, "JOLIET-").empty());
  for (const auto& p : a.joliet[0].pathOfPrimaryFile) EXPECT_FALSE(p.empty());
}

TEST(ExtensionCorpus, CopyingRrHasRockRidgeNamesAndAttributes) {
  CORPUS_OR_SKIP(path, "copying-rr.iso");
  const ImageAnalysis a = analyze(*path);
  ASSERT_TRUE(a.rockRidge.present());
  EXPECT_TRUE(errorsOf(a, "RRIP-").empty());
  EXPECT_TRUE(errorsOf(a, "SUSP-").empty());
  bool copying = false;
  for (const auto& p : a.rockRidge.filePaths) copying = copying || p == "/COPYING";
  EXPECT_TRUE(copying);
  size_t withPx = 0;
  for (const auto& [i, f] : a.rockRidge.records) withPx += f.px ? 1 : 0;
  EXPECT_GT(withPx, 0U);
}

TEST(ExtensionCorpus, DeepDirectoryFilesAtDepth8And14MatchTheirReferences) {
  CORPUS_OR_SKIP(path, "deep-directory.iso");
  CORPUS_OR_SKIP(ref1, "deep_directory1_file");
  CORPUS_OR_SKIP(ref2, "deep_directory2_file");
  const ImageAnalysis a = analyze(*path);
  ASSERT_TRUE(a.rockRidge.present());
  EXPECT_TRUE(errorsOf(a, "RRIP-006").empty());
  std::map<std::string, std::string> byName; // Rock Ridge path -> digest
  for (size_t i = 0; i < a.iso.tree.files.size(); ++i)
    if (i < a.isoFileDigests.size() && !a.isoFileDigests[i].digests.empty())
      byName[a.rockRidge.filePaths[i]] = a.isoFileDigests[i].digests.front().hex();
  std::string at8, at14;
  for (const auto& [p, d] : byName) {
    if (p.ends_with("/8/8.txt")) at8 = d;
    if (p.ends_with("/14/14.txt")) at14 = d;
  }
  ASSERT_FALSE(at8.empty()) << "no .../8/8.txt in the Rock Ridge view";
  ASSERT_FALSE(at14.empty()) << "no .../14/14.txt in the Rock Ridge view (relocation not grafted?)";
  EXPECT_EQ(at8, digestOfFile(*ref1));
  EXPECT_EQ(at14, digestOfFile(*ref2));
}

TEST(ExtensionCorpus, TestUdf1IsABridgeWithJolietAndRockRidge) {
  CORPUS_OR_SKIP(path, "test-udf1.iso");
  const ImageAnalysis a = analyze(*path);
  EXPECT_TRUE(a.udf.hasUdf());
  EXPECT_TRUE(a.udf.iso9660);
  EXPECT_FALSE(a.joliet.empty());
  EXPECT_TRUE(a.rockRidge.present());
  EXPECT_TRUE(errorsOf(a, "UDF-").empty());
}

TEST(ExtensionCorpus, Udf102IsPureUdf) {
  CORPUS_OR_SKIP(path, "udf102.iso");
  const ImageAnalysis a = analyze(*path);
  EXPECT_TRUE(a.udf.hasUdf());
  EXPECT_FALSE(a.udf.iso9660);
  EXPECT_EQ(a.udf.revisionText(), "1.02");
  EXPECT_TRUE(errorsOf(a, "UDF-").empty());
}

} // namespace
} // namespace dv::analyzer
