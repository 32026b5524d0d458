// `discverify ls`: the listing of an image built in code, as text and JSON, with and without --long.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "hashing/Hasher.h"
#include "report/JsonValue.h"
#include "tests/support/IsoBuilder.h"
#include "tests/support/TestPaths.h"

namespace dv {
namespace {

std::string program() { return test::binaryDir() + "/bin/discverify"; }

std::string both32(uint32_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 4; ++i) {
    s[static_cast<size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
    s[static_cast<size_t>(7 - i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
  }
  return s;
}
std::string px(uint32_t mode) { return std::string("PX\x24\x01", 4) + both32(mode) + both32(1) + both32(0) + both32(0); }
std::string nm(const std::string& name) {
  return std::string("NM", 2) + static_cast<char>(5 + name.size()) + std::string("\x01\x00", 2) + name;
}
const std::string kSp("SP\x07\x01\xBE\xEF\x00", 7);
const std::string kEr = std::string("ER\x12\x01\x0A\x00\x00\x01", 8) + "RRIP_1991A";

std::string sha256(const std::string& s) {
  return hashing::digestOf(hashing::Algorithm::Sha256, ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size())).hex();
}
std::string md5(const std::string& s) {
  return hashing::digestOf(hashing::Algorithm::Md5, ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size())).hex();
}

std::vector<std::vector<std::string>> rows(const std::string& text) {
  std::vector<std::vector<std::string>> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::vector<std::string> row;
    std::string w;
    while (words >> w) row.push_back(w);
    out.push_back(row);
  }
  return out;
}

class Ls : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = test::scratchDir(std::string("ls-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    test::IsoBuilder b;
    b.directory("/DIR");
    b.file("/DIR/DATA.BIN;1", data_);
    b.file("/DIR/BIG.BIN;1", big_, {.sectionSize = 4096});
    b.file("/README.TXT;1", readme_);
    b.file("/HIDDEN.TXT;1", "hidden\n", {.fileFlags = 0x01});
    b.systemUse("/.", kSp + px(040755) + kEr);
    b.systemUse("/DIR", px(040755) + nm("dir"));
    b.systemUse("/DIR/DATA.BIN;1", px(0100644) + nm("data.bin"));
    b.systemUse("/README.TXT;1", px(0100644) + nm("readme.txt"));
    iso_ = b.build();
    image_ = dir_ + "/disc.iso";
    std::ofstream(image_, std::ios::binary)
        .write(reinterpret_cast<const char*>(iso_.bytes.data()), static_cast<std::streamsize>(iso_.bytes.size())); // NOLINT
  }
  int run(const std::string& args, std::string* out) {
    return test::runCommand(program() + " " + args + " 2>" + dir_ + "/stderr", out);
  }
  std::string stderrText() {
    std::ifstream in(dir_ + "/stderr");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string lba(const std::string& path) const { return std::to_string(iso_.extents.at(path)); }

  std::string dir_;
  std::string image_;
  test::BuiltIso iso_;
  const std::string data_ = std::string(5000, 'd');
  const std::string big_ = std::string(2 * 4096 + 10, 'b'); // three sections: 4096, 4096, 10
  const std::string readme_ = "read me\n";
};

TEST_F(Ls, ListsTheTreeWithSizesBlocksExtentsAndRockRidgeNames) {
  std::string out;
  ASSERT_EQ(run("ls '" + image_ + "'", &out), 0) << stderrText();
  const auto r = rows(out);
  ASSERT_EQ(r.size(), 7u) << out; // header, "/", /DIR and its two files, the two files of the root
  EXPECT_EQ(r[0], (std::vector<std::string>{"type", "size", "lba", "ext", "date", "flags", "path"}));
  // type size lba ext date flags path; tree order (bytes compared, a directory before what it holds).
  const std::vector<std::vector<std::string>> expected{
      {"d", "2048", lba("/"), "1", "-", "/"},
      {"-", "7", lba("/HIDDEN.TXT;1"), "1", "hidden", "/HIDDEN.TXT"},
      {"d", "2048", lba("/DIR"), "1", "-", "/dir"},
      {"-", std::to_string(big_.size()), lba("/DIR/BIG.BIN;1"), "3", "multi-extent", "/dir/BIG.BIN"},
      {"-", "5000", lba("/DIR/DATA.BIN;1"), "1", "-", "/dir/data.bin"},
      {"-", std::to_string(readme_.size()), lba("/README.TXT;1"), "1", "-", "/readme.txt"},
  };
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& row = r[i + 1];
    ASSERT_EQ(row.size(), 7u) << out;
    EXPECT_EQ(row[0], expected[i][0]) << out;
    EXPECT_EQ(row[1], expected[i][1]) << out;
    EXPECT_EQ(row[2], expected[i][2]) << out;
    EXPECT_EQ(row[3], expected[i][3]) << out;
    EXPECT_EQ(row[5], expected[i][4]) << out;
    EXPECT_EQ(row[6], expected[i][5]) << out;
    EXPECT_EQ(row[4].substr(0, 4), "2024") << "the recording date of the record: " << out;
  }
}

TEST_F(Ls, ShowsTheRecordedNamesOnRequest) {
  std::string out;
  ASSERT_EQ(run("ls --names iso9660 '" + image_ + "'", &out), 0) << stderrText();
  for (const char* path : {"/DIR\n", "/DIR/BIG.BIN;1\n", "/DIR/DATA.BIN;1\n", "/HIDDEN.TXT;1\n", "/README.TXT;1\n"})
    EXPECT_NE(out.find(std::string(" ") + path), std::string::npos) << path << "\n" << out;
  EXPECT_EQ(out.find("readme.txt"), std::string::npos) << out;
}

TEST_F(Ls, JsonHasOneObjectPerEntryWithStableKeys) {
  std::string out;
  ASSERT_EQ(run("ls --format json '" + image_ + "'", &out), 0) << stderrText();
  auto doc = report::parseJson(out);
  ASSERT_TRUE(doc.has_value()) << doc.error().message() << "\n" << out;
  EXPECT_EQ(doc->string("names"), "best");
  const report::JsonValue* entries = doc->find("entries");
  ASSERT_TRUE(entries && entries->isArray());
  ASSERT_EQ(entries->items.size(), 6u);
  const std::vector<std::string> keys{"path", "iso_path", "type", "size", "lba", "extents", "flags",
                                      "date", "link_target", "digests", "hash_complete"};
  for (const report::JsonValue& e : entries->items) EXPECT_EQ(e.keys, keys) << e.string("path");
  const report::JsonValue& big = entries->items[3];
  EXPECT_EQ(big.string("path"), "/dir/BIG.BIN");
  EXPECT_EQ(big.string("iso_path"), "/DIR/BIG.BIN;1");
  EXPECT_EQ(big.string("type"), "file");
  EXPECT_EQ(big.uint("size"), big_.size());
  EXPECT_EQ(big.uint("lba"), iso_.extents.at("/DIR/BIG.BIN;1"));
  EXPECT_EQ(big.uint("extents"), 3u);
  ASSERT_TRUE(big.find("flags") && !big.find("flags")->items.empty());
  EXPECT_EQ(big.find("flags")->items.front().text, "multi-extent");
  EXPECT_TRUE(big.find("digests")->keys.empty()) << "no digests without --long";
  EXPECT_EQ(entries->items[2].string("path"), "/dir");
  EXPECT_EQ(entries->items[2].string("type"), "directory");
  EXPECT_EQ(entries->items[2].find("flags")->items.front().text, "directory");
}

TEST_F(Ls, LongAddsTheDigestsOfEachFilesBytes) {
  std::string out;
  ASSERT_EQ(run("ls --long --progress never --file-hash sha256,md5 --format json '" + image_ + "'", &out), 0)
      << stderrText();
  auto doc = report::parseJson(out);
  ASSERT_TRUE(doc.has_value()) << out;
  const std::map<std::string, std::string> content{
      {"/dir/BIG.BIN", big_}, {"/dir/data.bin", data_}, {"/HIDDEN.TXT", "hidden\n"}, {"/readme.txt", readme_}};
  size_t files = 0;
  for (const report::JsonValue& e : doc->find("entries")->items) {
    if (e.string("type") != "file") continue;
    ++files;
    const std::string& bytes = content.at(e.string("path"));
    EXPECT_EQ(e.find("digests")->string("sha256"), sha256(bytes)) << e.string("path");
    EXPECT_EQ(e.find("digests")->string("md5"), md5(bytes)) << e.string("path");
  }
  EXPECT_EQ(files, 4u);
  // The text form carries the same digests in their columns.
  ASSERT_EQ(run("ls -l --progress never '" + image_ + "'", &out), 0) << stderrText();
  EXPECT_NE(out.find(sha256(big_) + " /dir/BIG.BIN\n"), std::string::npos) << out;
  EXPECT_NE(out.find(sha256(readme_) + " /readme.txt\n"), std::string::npos) << out;
}

TEST_F(Ls, ADirectoryLoopGivesAPartialListingAndStatusOne) {
  test::IsoBuilder b;
  b.directory("/DIR");
  b.directory("/DIR/SUB");
  b.file("/DIR/SUB/NOTE.TXT;1", "note\n");
  test::BuiltIso iso = b.build();
  const uint32_t root = iso.extents.at("/");
  iso.putBoth32(iso.record("/DIR/SUB") + 2, root, root); // SUB's extent is the root's: a loop
  const std::string path = dir_ + "/loop.iso";
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(iso.bytes.data()), static_cast<std::streamsize>(iso.bytes.size())); // NOLINT
  std::string out;
  EXPECT_EQ(run("ls --format json '" + path + "'", &out), 1);
  EXPECT_NE(stderrText().find("the listing is partial"), std::string::npos) << stderrText();
  auto doc = report::parseJson(out);
  ASSERT_TRUE(doc.has_value()) << out;
  std::vector<std::string> paths;
  for (const report::JsonValue& e : doc->find("entries")->items) paths.push_back(e.string("path"));
  EXPECT_EQ(paths, (std::vector<std::string>{"/", "/DIR", "/DIR/SUB"}));
  const report::JsonValue& sub = doc->find("entries")->items.back();
  EXPECT_EQ(sub.find("flags")->items.back().text, "not-walked");
  EXPECT_EQ(sub.uint("lba"), root);
}

TEST_F(Ls, ReadsStandardInput) {
  std::string fromFile, fromPipe;
  ASSERT_EQ(run("ls '" + image_ + "'", &fromFile), 0) << stderrText();
  ASSERT_EQ(test::runCommand("cat '" + image_ + "' | " + program() + " ls -", &fromPipe), 0);
  EXPECT_EQ(fromPipe, fromFile);
}

TEST_F(Ls, InputWithoutAVolumeIsNamedAndUnreadableInputIsStatusTwo) {
  const std::string other = dir_ + "/random.bin";
  std::ofstream(other, std::ios::binary) << std::string(40 * 2048, 'x');
  std::string out;
  EXPECT_EQ(run("ls '" + other + "'", &out), 1);
  EXPECT_NE(stderrText().find("no ISO 9660 volume found"), std::string::npos) << stderrText();
  EXPECT_EQ(out, "");
  EXPECT_EQ(run("ls '" + dir_ + "/absent.iso'", &out), 2);
  EXPECT_EQ(run("ls --long --file-hash nonsense '" + image_ + "'", &out), 2);
}

} // namespace
} // namespace dv
