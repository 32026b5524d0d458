// ISO 9660 checks on ../shared/corpus/libcdio (skipped when absent): a clean volume, a multi-extent
// file hashed in the pass, and the depth finding of a deep tree.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "analyzer/ImageAnalysis.h"
#include "hashing/Hasher.h"
#include "rules/RuleRegistry.h"
#include "tests/support/TestPaths.h"

namespace dv::analyzer {
namespace {

#define CORPUS_OR_SKIP(var, name) DV_CORPUS_FILE_OR_SKIP(var, "libcdio/" name)

std::vector<Finding> ecmaFindings(const ImageAnalysis& a) {
  FindingSink sink;
  rules::catalogue().evaluate(a, sink);
  std::vector<Finding> out;
  for (const Finding& f : sink.findings())
    if (f.ruleId.rfind("ECMA119-", 0) == 0) out.push_back(f);
  return out;
}

ImageAnalysis analyzed(const std::string& path) {
  AnalyzeOptions o;
  o.imageHashes = {hashing::Algorithm::Md5};
  o.pieceSize = 0;
  auto a = analyzeImage(path, o);
  EXPECT_TRUE(a);
  return a ? std::move(*a) : ImageAnalysis{};
}

TEST(Iso9660Corpus, CopyingIsACleanVolumeWithOneFile) {
  CORPUS_OR_SKIP(path, "copying.iso");
  const ImageAnalysis a = analyzed(*path);
  ASSERT_TRUE(a.iso.found);
  EXPECT_EQ(a.iso.tree.files.size(), 1u);
  for (const Finding& f : ecmaFindings(a)) EXPECT_NE(f.severity, Severity::Error) << f.ruleId << ": " << f.message;
}

TEST(Iso9660Corpus, MultiExtentFileIsOneFileHashedInThePass) {
  CORPUS_OR_SKIP(path, "multi_extent_8k.iso");
  CORPUS_OR_SKIP(expected, "multi_extent_file");
  const ImageAnalysis a = analyzed(*path);
  std::ifstream in(*expected, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  const std::string bytes = s.str();
  const std::string want =
      hashing::digestOf(hashing::Algorithm::Sha256, ByteView(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size())) // NOLINT
          .hex();
  bool seen = false;
  for (size_t i = 0; i < a.iso.tree.files.size(); ++i) {
    const auto& f = a.iso.tree.files[i];
    if (f.sections.size() < 2) continue;
    seen = true;
    EXPECT_EQ(f.size, 54305u);
    EXPECT_EQ(f.sections.size(), 7u);
    EXPECT_EQ(a.isoFileDigests.at(i).digests.at(0).hex(), want);
  }
  EXPECT_TRUE(seen);
  for (const Finding& f : ecmaFindings(a)) EXPECT_NE(f.severity, Severity::Error) << f.ruleId << ": " << f.message;
}

TEST(Iso9660Corpus, DeepDirectoryGivesNoErrorsAndStaysWithinDepth8ViaRelocation) {
  CORPUS_OR_SKIP(path, "deep-directory.iso");
  const ImageAnalysis a = analyzed(*path);
  ASSERT_TRUE(a.iso.found);
  // Rock Ridge relocation keeps the ISO 9660 tree at 8 levels at most: no LVL-001 for it, and the
  // deep files are reached through the relocated directories.
  for (const Finding& f : ecmaFindings(a)) EXPECT_NE(f.severity, Severity::Error) << f.ruleId << ": " << f.message;
  EXPECT_LE(a.iso.tree.maxDepthSeen, 8u);
}

} // namespace
} // namespace dv::analyzer
