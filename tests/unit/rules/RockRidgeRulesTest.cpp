// Tests of SUSP-*, RRIP-*, ZF-* and JOLIET-*: each rule fires on a crafted image and stays quiet on
// a well-formed one. Images are built with test::IsoBuilder and system use bytes written here.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "analyzer/iso9660/RockRidgeVolume.h"
#include "analyzer/sources/Inflate.h"
#include "analyzer/sources/MemorySource.h"
#include "tests/support/ExtImage.h"
#include "tests/support/TestPaths.h"
#include "tests/support/IsoBuilder.h"

namespace dv::rules {
namespace {

using test::describe;
using test::ofRule;

// System use entries, bytes as IEEE P1281/P1282 lay them out.
std::string both32(uint32_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 4; ++i) {
    s[static_cast<size_t>(i)] = static_cast<char>(v >> (8 * i));
    s[static_cast<size_t>(7 - i)] = static_cast<char>(v >> (8 * i));
  }
  return s;
}
std::string entry(std::string_view sig, std::string data, uint8_t version = 1) {
  std::string e(sig);
  e += static_cast<char>(4 + data.size());
  e += static_cast<char>(version);
  return e + data;
}
std::string sp(uint8_t check2 = 0xEF) { return entry("SP", std::string{'\xBE', static_cast<char>(check2), '\0'}); }
std::string er() {
  std::string d{10, 1, 1, 1};
  return entry("ER", d + "RRIP_1991A" + "D" + "S");
}
std::string px(uint32_t mode, uint32_t links = 1) { return entry("PX", both32(mode) + both32(links) + both32(0) + both32(0)); }
std::string nm(std::string_view name, uint8_t flags = 0) { return entry("NM", std::string(1, static_cast<char>(flags)) + std::string(name)); }
std::string sl(std::string_view component) {
  std::string d{0, 0, static_cast<char>(component.size())};
  return entry("SL", d + std::string(component));
}
std::string ce(uint32_t block, uint32_t offset, uint32_t length) { return entry("CE", both32(block) + both32(offset) + both32(length)); }
std::string cl(uint32_t block) { return entry("CL", both32(block)); }

constexpr uint32_t kDir = 040755, kFile = 0100644, kLink = 0120777;

/// A Rock Ridge volume: a directory with a long-named file and a symbolic link to it.
test::IsoBuilder rockRidge() {
  test::IsoBuilder b;
  b.directory("/DIR");
  b.file("/DIR/A.TXT;1", "alpha\n");
  b.file("/LINK.;1", "");
  b.systemUse("/.", sp() + er() + px(kDir, 3));
  b.systemUse("/..", px(kDir, 3));
  b.systemUse("/DIR", px(kDir, 2) + nm("dir"));
  b.systemUse("/DIR/.", px(kDir, 2));
  b.systemUse("/DIR/..", px(kDir, 3));
  b.systemUse("/DIR/A.TXT;1", px(kFile) + nm("a-long-name.txt"));
  b.systemUse("/LINK.;1", px(kLink) + nm("link") + sl("dir") + sl("a-long-name.txt"));
  return b;
}

std::vector<Finding> findings(const test::IsoBuilder& b, analyzer::ImageAnalysis* a = nullptr) {
  return test::catalogueFindings(b.build().bytes, a);
}

bool quiet(const std::vector<Finding>& f, std::initializer_list<std::string_view> prefixes, bool allowInfo = true) {
  for (const Finding& x : f)
    for (auto p : prefixes)
      if (x.ruleId.rfind(p, 0) == 0 && !(allowInfo && x.severity == Severity::Info)) return false;
  return true;
}

TEST(RockRidgeRules, QuietOnAWellFormedVolumeWithNamesAndALink) {
  analyzer::ImageAnalysis a;
  const auto f = findings(rockRidge(), &a);
  EXPECT_TRUE(quiet(f, {"SUSP-", "RRIP-", "ZF-"})) << describe(f);
  ASSERT_TRUE(a.rockRidge.present());
  EXPECT_EQ(a.rockRidge.version, "1.09");
  std::vector<std::string> paths = a.rockRidge.filePaths;
  std::sort(paths.begin(), paths.end());
  EXPECT_EQ(paths, (std::vector<std::string>{"/dir/a-long-name.txt", "/link"}));
  bool sawLink = false;
  for (const auto& [i, facts] : a.rockRidge.records)
    if (facts.symlinkTarget) {
      EXPECT_EQ(*facts.symlinkTarget, "dir/a-long-name.txt");
      sawLink = true;
    }
  EXPECT_TRUE(sawLink);
}

// The listing detail of readRockRidge (here for its image builders): the same names and links as
// the full read, without the attribute entries.
TEST(RockRidgeVolume, NamesDetailKeepsNamesAndLinksWithoutAttributes) {
  analyzer::MemorySource source(rockRidge().build().bytes);
  analyzer::iso9660::MetadataReader reader(source);
  const analyzer::iso9660::IsoVolume volume = analyzer::iso9660::parseIsoVolume(reader);
  const analyzer::ImageSectors image(source);
  const analyzer::RockRidgeVolume full = analyzer::readRockRidge(image, volume);
  const analyzer::RockRidgeVolume names = analyzer::readRockRidge(image, volume, analyzer::RockRidgeDetail::Names);
  ASSERT_TRUE(names.present());
  EXPECT_EQ(names.filePaths, full.filePaths);
  EXPECT_EQ(names.directoryPaths, full.directoryPaths);
  ASSERT_EQ(names.records.size(), full.records.size());
  size_t links = 0, fullPx = 0;
  for (size_t k = 0; k < names.records.size(); ++k) {
    const auto& [i, f] = names.records[k];
    EXPECT_EQ(i, full.records[k].first);
    EXPECT_EQ(f.alternateName, full.records[k].second.alternateName);
    EXPECT_EQ(f.symlinkTarget, full.records[k].second.symlinkTarget);
    EXPECT_EQ(f.entryCount, full.records[k].second.entries.size()); // entries are counted
    EXPECT_TRUE(f.entries.empty());                                  // but their headers are not kept
    EXPECT_FALSE(f.px);
    links += f.symlinkTarget ? 1 : 0;
    fullPx += full.records[k].second.px ? 1 : 0;
    EXPECT_EQ(names.facts(i), &f);
  }
  EXPECT_EQ(links, 1u);
  EXPECT_EQ(fullPx, full.records.size());
  EXPECT_EQ(names.facts(static_cast<uint32_t>(volume.tree.records.size())), nullptr);
}

TEST(RockRidgeRules, Susp001FiresOnWrongSpCheckBytes) {
  auto b = rockRidge();
  b.systemUse("/.", sp(0xEE) + er() + px(kDir, 3));
  const auto f = findings(b);
  EXPECT_FALSE(ofRule(f, "SUSP-001").empty()) << describe(f);
}

TEST(RockRidgeRules, Susp002FiresOnAnEntryShorterThanItsHeader) {
  auto b = rockRidge();
  b.systemUse("/DIR/A.TXT;1", px(kFile) + std::string("NM\x03\x01", 4));
  const auto f = ofRule(findings(b), "SUSP-002");
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].location.path, "/DIR/A.TXT;1");
}

TEST(RockRidgeRules, Susp003FiresOnAContinuationOutsideTheVolume) {
  auto b = rockRidge();
  b.systemUse("/DIR/A.TXT;1", px(kFile) + ce(99999, 0, 100));
  EXPECT_EQ(ofRule(findings(b), "SUSP-003").size(), 1U);
}

/// A volume whose file record continues in a CE area stored as the data of /CONT.BIN (at `block`).
test::IsoBuilder withContinuation(uint32_t block, const std::string& area, uint32_t ceLength) {
  auto b = rockRidge();
  b.file("/CONT.BIN;1", area + std::string(2048 - area.size(), '\0'));
  b.systemUse("/CONT.BIN;1", px(kFile) + nm("cont.bin"));
  b.systemUse("/DIR/A.TXT;1", px(kFile) + ce(block, 0, ceLength));
  return b;
}

TEST(RockRidgeRules, Susp004FiresOnAContinuationThatPointsToItself) {
  // The area's own CE points back at it; build once to learn where the file lands.
  const uint32_t block = withContinuation(0, ce(0, 0, 28), 28).build().extents.at("/CONT.BIN;1");
  const auto all = findings(withContinuation(block, ce(block, 0, 28), 28));
  const auto f = ofRule(all, "SUSP-004");
  ASSERT_EQ(f.size(), 1U) << describe(all);
  EXPECT_NE(f[0].message.find("points back"), std::string::npos);
}

TEST(RockRidgeRules, ContinuationAreasAreFollowed) {
  const std::string area = nm("continued-name");
  const auto size = static_cast<uint32_t>(area.size());
  const uint32_t block = withContinuation(0, area, size).build().extents.at("/CONT.BIN;1");
  analyzer::ImageAnalysis a;
  const auto f = findings(withContinuation(block, area, size), &a);
  EXPECT_TRUE(quiet(f, {"SUSP-", "RRIP-"})) << describe(f);
  EXPECT_NE(std::find(a.rockRidge.filePaths.begin(), a.rockRidge.filePaths.end(), "/dir/continued-name"), a.rockRidge.filePaths.end());
}

TEST(RockRidgeRules, Susp005FiresOnInconsistentErLengths) {
  auto b = rockRidge();
  std::string d{10, 1, 1, 1};
  b.systemUse("/.", sp() + entry("ER", d + "RRIP_1991A" + "D" + "S" + "extra") + px(kDir, 3));
  EXPECT_EQ(ofRule(findings(b), "SUSP-005").size(), 1U);
}

TEST(RockRidgeRules, Rrip001FiresWithoutAnExtensionReference) {
  auto b = rockRidge();
  b.systemUse("/.", sp() + px(kDir, 3));
  const auto f = ofRule(findings(b), "RRIP-001");
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].severity, Severity::Warning);
}

TEST(RockRidgeRules, Rrip002FiresWhenPxByteOrdersDisagree) {
  auto b = rockRidge();
  std::string bad = px(kFile);
  bad[4 + 4] = '\x01'; // first byte of the big-endian half of st_mode
  b.systemUse("/DIR/A.TXT;1", bad + nm("a-long-name.txt"));
  const auto f = ofRule(findings(b), "RRIP-002");
  ASSERT_EQ(f.size(), 1U);
  EXPECT_NE(f[0].message.find("mode"), std::string::npos);
}

TEST(RockRidgeRules, Rrip003FiresOnADirectoryWhosePxSaysFile) {
  auto b = rockRidge();
  b.systemUse("/DIR", px(kFile) + nm("dir"));
  const auto f = ofRule(findings(b), "RRIP-003");
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].severity, Severity::Error);
}

TEST(RockRidgeRules, Rrip004FiresOnAnEmptyNm) {
  auto b = rockRidge();
  b.systemUse("/DIR/A.TXT;1", px(kFile) + nm(""));
  EXPECT_FALSE(ofRule(findings(b), "RRIP-004").empty());
}

TEST(RockRidgeRules, Rrip005FiresOnASymlinkEntryOfARegularFile) {
  auto b = rockRidge();
  b.systemUse("/DIR/A.TXT;1", px(kFile) + nm("a-long-name.txt") + sl("x"));
  EXPECT_EQ(ofRule(findings(b), "RRIP-005").size(), 1U);
}

TEST(RockRidgeRules, Rrip006FiresOnAChildLinkToItsOwnDirectory) {
  auto b = rockRidge();
  b.file("/DIR/DEEP.;1", "");
  b.systemUse("/DIR/DEEP.;1", px(kDir, 2) + nm("deep") + cl(0));
  const uint32_t dirExtent = b.build().extents.at("/DIR");
  b.systemUse("/DIR/DEEP.;1", px(kDir, 2) + nm("deep") + cl(dirExtent));
  const auto f = ofRule(findings(b), "RRIP-006");
  ASSERT_EQ(f.size(), 1U);
  EXPECT_NE(f[0].message.find("own directory"), std::string::npos);
}

TEST(RockRidgeRules, ZfRulesFireOnABadEntryAndAFileWithoutMagic) {
  auto b = rockRidge();
  const std::string zf = entry("ZF", std::string("xx\x04\x0f", 4) + both32(6));
  b.systemUse("/DIR/A.TXT;1", px(kFile) + nm("a-long-name.txt") + zf);
  const auto f = findings(b);
  EXPECT_EQ(ofRule(f, "ZF-001").size(), 1U) << describe(f);
  EXPECT_EQ(ofRule(f, "ZF-002").size(), 1U) << describe(f);
}

/// A zisofs file (32 KiB blocks) of `size` bytes of text: header, pointers, zlib blocks. `mangle`
/// may change each compressed block (block number, bytes) before it is laid out.
std::string zisofsFile(uint32_t size, const std::function<void(size_t, std::vector<uint8_t>&)>& mangle = {}) {
  std::string plain(size, '\0');
  for (size_t i = 0; i < size; ++i) plain[i] = "zisofs sample text "[i % 19];
  const size_t blocks = (size + 32767) / 32768;
  std::string out = std::string("\x37\xE4\x53\x96\xC9\xDB\xD6\x07", 8);
  for (int i = 0; i < 4; ++i) out += static_cast<char>(size >> (8 * i));
  out += std::string("\x04\x0f\0\0", 4);
  std::vector<std::string> data;
  for (size_t k = 0; k < blocks; ++k) {
    const size_t n = std::min<size_t>(32768, size - k * 32768);
    const auto* from = reinterpret_cast<const uint8_t*>(plain.data() + k * 32768); // NOLINT: text as bytes
    auto z = analyzer::deflateZlib({from, n});
    std::vector<uint8_t> bytes = z ? *z : std::vector<uint8_t>{};
    if (mangle) mangle(k, bytes);
    data.emplace_back(bytes.begin(), bytes.end());
  }
  uint32_t at = static_cast<uint32_t>(16 + 4 * (blocks + 1));
  auto le32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>(v >> (8 * i));
  };
  for (const auto& d : data) {
    le32(at);
    at += static_cast<uint32_t>(d.size());
  }
  le32(at);
  for (const auto& d : data) out += d;
  return out;
}

std::string zf(uint32_t size) { return entry("ZF", std::string("pz\x04\x0f", 4) + both32(size)); }

test::IsoBuilder zisofsVolume(const std::string& file, uint32_t size) {
  auto b = rockRidge();
  b.file("/Z.TXT;1", file);
  b.systemUse("/Z.TXT;1", px(kFile) + nm("z.txt") + zf(size));
  return b;
}

TEST(RockRidgeRules, Zf002QuietWhenEveryBlockInflatesToItsSize) {
  analyzer::ImageAnalysis a;
  const auto f = findings(zisofsVolume(zisofsFile(100000), 100000), &a);
  EXPECT_TRUE(quiet(f, {"ZF-"})) << describe(f);
  ASSERT_EQ(a.rockRidge.zisofs.size(), 1U);
  EXPECT_EQ(a.rockRidge.zisofs[0].blocksChecked, 4U);
  EXPECT_EQ(a.rockRidge.zisofs[0].badBlocks, 0U);
  EXPECT_FALSE(a.rockRidge.zisofs[0].blocksCut);
}

TEST(RockRidgeRules, Zf002FiresOnACorruptBlock) {
  const auto file = zisofsFile(100000, [](size_t k, std::vector<uint8_t>& b) {
    if (k == 2) b[b.size() / 2] ^= 0x5A;
  });
  const auto f = ofRule(findings(zisofsVolume(file, 100000)), "ZF-002");
  ASSERT_EQ(f.size(), 1U) << describe(f);
  EXPECT_NE(f[0].actual.find("1 of 4 blocks fail; block 2:"), std::string::npos) << f[0].actual;
  EXPECT_EQ(f[0].location.path, "/Z.TXT;1");
}

TEST(RockRidgeRules, Zf002FiresOnABlockThatInflatesShortOrLong) {
  // Block 0 holds only 1000 bytes; the last block (100000 - 3 x 32768 = 1696 bytes) holds 32768.
  const auto file = zisofsFile(100000, [](size_t k, std::vector<uint8_t>& b) {
    std::vector<uint8_t> text(k == 0 ? 1000 : 32768, 'x');
    if (k == 0 || k == 3) b = *analyzer::deflateZlib(text);
  });
  analyzer::ImageAnalysis a;
  const auto f = ofRule(findings(zisofsVolume(file, 100000), &a), "ZF-002");
  ASSERT_EQ(f.size(), 1U) << describe(f);
  ASSERT_EQ(a.rockRidge.zisofs.size(), 1U);
  EXPECT_EQ(a.rockRidge.zisofs[0].badBlocks, 2U);
  EXPECT_EQ(a.rockRidge.zisofs[0].firstBadBlock, 0U);
  EXPECT_NE(a.rockRidge.zisofs[0].firstBadReason.find("instead of 0x8000"), std::string::npos) << a.rockRidge.zisofs[0].firstBadReason;
}

TEST(RockRidgeRules, Zf002OnAMkzftreeImage) {
  if (test::runCommand("command -v mkzftree >/dev/null && command -v genisoimage >/dev/null") != 0)
    GTEST_SKIP() << "mkzftree (zisofs-tools) or genisoimage not installed";
  const std::string dir = test::scratchDir("zisofs-mkzftree");
  ASSERT_EQ(test::runCommand("rm -rf " + dir + "/in " + dir + "/out && mkdir -p " + dir + "/in && seq 1 40000 | sed 's/$/ zisofs line/' > " +
                             dir + "/in/big.txt && mkzftree " + dir + "/in " + dir + "/out && genisoimage -quiet -R -z -o " + dir +
                             "/z.iso " + dir + "/out 2>/dev/null"),
            0);
  analyzer::ImageAnalysis a;
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  std::vector<uint8_t> bytes = read(dir + "/z.iso");
  auto f = test::catalogueFindings(bytes, &a);
  EXPECT_TRUE(quiet(f, {"ZF-"})) << describe(f);
  ASSERT_EQ(a.rockRidge.zisofs.size(), 1U);
  const auto& z = a.rockRidge.zisofs[0];
  EXPECT_GT(z.blocksChecked, 10U);
  EXPECT_EQ(z.badBlocks, 0U);
  // One byte changed inside block 3's compressed data.
  const auto& run = a.iso.tree.files[z.file].runs.front();
  bytes[run.imageOffset + z.pointers[3] + 20] ^= 0x33;
  f = ofRule(test::catalogueFindings(bytes), "ZF-002");
  ASSERT_EQ(f.size(), 1U) << describe(f);
  EXPECT_NE(f[0].actual.find("block 3:"), std::string::npos) << f[0].actual;
}

// Joliet ---------------------------------------------------------------------------------------

std::string ucs2(std::string_view ascii) {
  std::string s;
  for (char c : ascii) {
    s += '\0';
    s += c;
  }
  return s;
}

/// Joliet names: the lower-case form of the ISO name, with ";1" for files.
std::string jolietName(const std::string& iso) {
  std::string n = iso;
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ucs2(n);
}

test::IsoBuilder joliet() {
  test::IsoBuilder b;
  b.directory("/DIR");
  b.file("/DIR/A.TXT;1", "alpha\n");
  b.file("/B.TXT;1", "beta\n");
  test::SupplementaryTree t;
  t.escapeSequences[0] = 0x25;
  t.escapeSequences[1] = 0x2F;
  t.escapeSequences[2] = 0x45;
  t.encodeName = jolietName;
  b.supplementary.push_back(t);
  return b;
}

/// Writes the SVD's text fields as UCS-2 spaces, as Joliet wants them.
std::vector<uint8_t> withUcs2Fields(test::BuiltIso iso) {
  const uint64_t s = iso.svdOffsets.at(0);
  const std::pair<uint64_t, size_t> fields[] = {{8, 32}, {40, 32}, {190, 128}, {318, 128}, {446, 128},
                                                {574, 128}, {702, 37}, {739, 37}, {776, 37}};
  for (const auto& [off, len] : fields)
    for (size_t i = 0; i + 1 < len; i += 2) {
      iso.put8(s + off + i, 0x00);
      iso.put8(s + off + i + 1, 0x20);
    }
  return iso.bytes;
}

TEST(JolietRules, QuietOnAWellFormedJolietVolume) {
  analyzer::ImageAnalysis a;
  const auto f = test::catalogueFindings(withUcs2Fields(joliet().build()), &a);
  EXPECT_TRUE(quiet(f, {"JOLIET-"}, false)) << describe(f);
  ASSERT_EQ(a.joliet.size(), 1U);
  EXPECT_EQ(a.joliet[0].level, 3);
  EXPECT_EQ(a.joliet[0].tree.files.size(), 2U);
  bool sawName = false;
  for (const auto& file : a.joliet[0].tree.files) sawName = sawName || file.path == "/dir/a.txt;1";
  EXPECT_TRUE(sawName);
}

TEST(JolietRules, Joliet001FiresOnBytesAfterTheEscapeSequence) {
  auto b = joliet();
  b.supplementary[0].escapeSequences[5] = 1;
  EXPECT_EQ(ofRule(test::catalogueFindings(withUcs2Fields(b.build())), "JOLIET-001").size(), 1U);
}

TEST(JolietRules, Joliet002FiresOnAsciiTextFields) {
  const auto f = ofRule(test::catalogueFindings(joliet().build().bytes), "JOLIET-002");
  EXPECT_FALSE(f.empty());
}

TEST(JolietRules, Joliet003FiresOnAnOddLengthAndAForbiddenUnit) {
  auto b = joliet();
  b.supplementary[0].encodeName = [](const std::string& n) {
    if (n == "B.TXT;1") return ucs2("b*.txt;1");
    if (n == "A.TXT;1") return ucs2("a.txt;1") + "x";
    return jolietName(n);
  };
  const auto f = ofRule(test::catalogueFindings(withUcs2Fields(b.build())), "JOLIET-003");
  ASSERT_EQ(f.size(), 2U) << describe(f);
  bool error = false, warning = false;
  for (const auto& x : f) (x.severity == Severity::Error ? error : warning) = true;
  EXPECT_TRUE(error && warning);
}

TEST(JolietRules, Joliet004FiresOnANameOver64Characters) {
  auto b = joliet();
  b.supplementary[0].encodeName = [](const std::string& n) {
    return n == "B.TXT;1" ? ucs2(std::string(70, 'b') + ".txt;1") : jolietName(n);
  };
  EXPECT_EQ(ofRule(test::catalogueFindings(withUcs2Fields(b.build())), "JOLIET-004").size(), 1U);
}

TEST(JolietRules, Joliet005ReportsFilesInOneTreeOnly) {
  // A file whose primary record points elsewhere than its Joliet record.
  auto built = joliet().build();
  const uint64_t rec = built.record("/B.TXT;1");
  built.putBoth32(rec + 2, 40, 40);
  const auto f = ofRule(test::catalogueFindings(withUcs2Fields(built)), "JOLIET-005");
  ASSERT_EQ(f.size(), 2U) << describe(f); // one in each tree only
  EXPECT_EQ(f[0].severity, Severity::Info);
}

} // namespace
} // namespace dv::rules
