// `discverify ls` on the libcdio images of ../shared/corpus, read in place (label corpus).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "hashing/Hasher.h"
#include "report/JsonValue.h"
#include "tests/support/TestPaths.h"

namespace dv {
namespace {

std::string sha256OfFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  const std::string bytes = s.str();
  return hashing::digestOf(hashing::Algorithm::Sha256, ByteView(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size())) // NOLINT
      .hex();
}

TEST(LsCorpus, MultiExtentFileIsOneEntryOfSevenExtentsWithTheDigestOfItsBytes) {
  for (const char* name : {"multi_extent_8k.iso", "multi_extent_8k_joliet.iso"}) {
    const auto image = test::corpusFile(std::string("libcdio/") + name);
    const auto expected = test::corpusFile("libcdio/multi_extent_file");
    if (!image || !expected) GTEST_SKIP() << "../shared/corpus/libcdio/" << name << " is not available";
    std::string out;
    ASSERT_EQ(test::runCommand(test::binaryDir() + "/bin/discverify ls --long --progress never --format json '" + *image +
                                   "' 2>/dev/null",
                               &out),
              0)
        << name;
    auto doc = report::parseJson(out);
    ASSERT_TRUE(doc.has_value()) << out;
    size_t files = 0;
    for (const report::JsonValue& e : doc->find("entries")->items) {
      if (e.string("type") != "file") continue;
      ++files;
      EXPECT_EQ(e.string("path"), "/multi_extent_file") << name;
      EXPECT_EQ(e.string("iso_path"), "/MULTI_EXTENT_FILE.;1") << name;
      EXPECT_EQ(e.uint("size"), 54305u) << name;
      EXPECT_EQ(e.uint("extents"), 7u) << name;
      EXPECT_EQ(e.uint("lba"), 33u) << name; // isoinfo -l: the first section at block 33
      EXPECT_EQ(e.find("digests")->string("sha256"), sha256OfFile(*expected)) << name;
    }
    EXPECT_EQ(files, 1u) << name;
  }
}

} // namespace
} // namespace dv
