// End-to-end tests of the discverify program: digest lines, reports, exit status.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/FaultySource.h"
#include "tests/support/TestPaths.h"

namespace dv {
namespace {

std::string program() { return test::binaryDir() + "/bin/discverify"; }

class Cli : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = test::scratchDir(std::string("cli-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    image_ = dir_ + "/disc.iso";
    const std::vector<uint8_t> bytes = test::randomBytes(3 * 1024 * 1024 + 2048, 77);
    std::ofstream(image_, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size())); // NOLINT
  }
  int run(const std::string& args, std::string* out = nullptr) {
    return test::runCommand(program() + " " + args + " 2>" + dir_ + "/stderr", out);
  }
  std::string stderrText() {
    std::ifstream in(dir_ + "/stderr");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string dir_;
  std::string image_;
};

TEST_F(Cli, HashPrintsBsdLinesThatCoreutilsAccept) {
  std::string out;
  ASSERT_EQ(run("hash --progress never '" + image_ + "'", &out), 0);
  std::string md5;
  test::runCommand("md5sum --tag '" + image_ + "'", &md5);
  std::string sha256;
  test::runCommand("sha256sum --tag '" + image_ + "'", &sha256);
  EXPECT_NE(out.find(md5), std::string::npos) << out;
  EXPECT_NE(out.find(sha256), std::string::npos) << out;
  // The lines check with the coreutils tools.
  std::ofstream(dir_ + "/sums") << out;
  EXPECT_EQ(test::runCommand("sha1sum -c '" + dir_ + "/sums' >/dev/null 2>&1 || grep -q SHA1 '" + dir_ + "/sums'"), 0);
  EXPECT_EQ(test::runCommand("grep '^SHA256' '" + dir_ + "/sums' | sha256sum -c --quiet"), 0);
}

TEST_F(Cli, HashReadsStandardInput) {
  std::string out;
  ASSERT_EQ(test::runCommand("cat '" + image_ + "' | " + program() + " hash --hash sha256 -", &out), 0);
  std::string expected;
  test::runCommand("sha256sum '" + image_ + "' | cut -c1-64", &expected);
  EXPECT_EQ(out, "SHA256 (-) = " + expected);
}

TEST_F(Cli, AnalyzeWritesADfxmlReportThatValidates) {
  const auto shared = test::sharedDir();
  const std::string xml = dir_ + "/r.xml";
  ASSERT_EQ(run("analyze --progress never --piece-size 1MiB --case C-1 --examiner 'A. Examiner' --xml '" + xml +
                "' --json '" + dir_ + "/r.json' --html '" + dir_ + "/r.html' '" + image_ + "'"),
            0)
      << stderrText();
  std::string text;
  ASSERT_EQ(test::runCommand("cat '" + xml + "'", &text), 0);
  EXPECT_NE(text.find("<dv:image_digest type=\"md5\""), std::string::npos);
  EXPECT_NE(text.find("file=\"disc.iso\""), std::string::npos);
  EXPECT_NE(text.find("<byte_run img_offset=\"3145728\" len=\"2048\">"), std::string::npos) << "short last piece";
  EXPECT_NE(text.find("<dv:case_id>C-1</dv:case_id>"), std::string::npos);
  EXPECT_NE(text.find("<dv:verdict status=\"clean\""), std::string::npos);
  EXPECT_EQ(test::runCommand("python3 -m json.tool '" + dir_ + "/r.json' >/dev/null"), 0);
  if (!shared) GTEST_SKIP() << "../shared is absent: the DFXML schema check is skipped";
  std::string log;
  EXPECT_EQ(test::runCommand("xmllint --noout --schema '" + *shared + "/schema/dfxml/dfxml.xsd' '" + xml + "' 2>&1", &log), 0)
      << log;
}

TEST_F(Cli, ReportDirGetsAllThreeFormats) {
  ASSERT_EQ(run("analyze --progress never --report-dir '" + dir_ + "' '" + image_ + "'"), 0) << stderrText();
  for (const char* ext : {"xml", "json", "html"})
    EXPECT_EQ(test::runCommand("test -s '" + dir_ + "/disc.iso.discverify." + ext + "'"), 0) << ext;
}

TEST_F(Cli, ExitStatusTwoWhenTheInputCannotBeRead) {
  EXPECT_EQ(run("hash '" + dir_ + "/missing.iso'"), 2);
  EXPECT_NE(stderrText().find("missing.iso: cannot open: No such file or directory"), std::string::npos) << stderrText();
  EXPECT_EQ(run("analyze '" + dir_ + "'"), 2);
  EXPECT_NE(stderrText().find("is a directory"), std::string::npos);
  EXPECT_EQ(run("hash --hash whirlpool '" + image_ + "'"), 2);
  EXPECT_NE(stderrText().find("unknown hash algorithm 'whirlpool'"), std::string::npos);
  EXPECT_EQ(run("hash --no-such-option '" + image_ + "'"), 2);
  EXPECT_EQ(run("analyze --chunk-size lots '" + image_ + "'"), 2);
}

TEST_F(Cli, VersionNamesTheLibraries) {
  std::string out;
  ASSERT_EQ(run("--version", &out), 0);
  EXPECT_NE(out.find("discverify "), std::string::npos);
  EXPECT_NE(out.find("Crypto++ "), std::string::npos);
  EXPECT_NE(out.find("Boost "), std::string::npos);
  EXPECT_NE(out.find("pugixml "), std::string::npos);
}

TEST_F(Cli, ProgressGoesToStandardErrorOnlyWhenAsked) {
  ASSERT_EQ(run("hash '" + image_ + "'"), 0);
  EXPECT_EQ(stderrText(), ""); // stderr is not a terminal here
  ASSERT_EQ(run("hash --progress always '" + image_ + "'"), 0);
  EXPECT_NE(stderrText().find("100%"), std::string::npos) << stderrText();
}

} // namespace
} // namespace dv
