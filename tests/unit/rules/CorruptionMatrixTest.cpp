// The crafted-corruption matrix: single-field corruptions of one clean image (ISO 9660 + Rock Ridge
// + El Torito), each of which must give the right rule id at the right place, and must not appear
// in the clean image. The last one (a flipped bit inside a file) is caught by verify.
#include <gtest/gtest.h>

#include <cctype>
#include <cstring>
#include <fstream>
#include <functional>

#include "tests/support/ExtImage.h"
#include "tests/support/IsoBuilder.h"
#include "tests/support/TestPaths.h"

namespace dv {
namespace {

using test::BuiltIso;

std::string both32(uint32_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 4; ++i) {
    s[static_cast<size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
    s[static_cast<size_t>(7 - i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
  }
  return s;
}

std::string px(uint32_t mode, uint32_t nlink) {
  return std::string("PX\x24\x01", 4) + both32(mode) + both32(nlink) + both32(0) + both32(0);
}

std::string nm(const std::string& name) {
  return std::string("NM", 2) + static_cast<char>(5 + name.size()) + std::string("\x01\x00", 2) + name;
}

const std::string kSp("SP\x07\x01\xBE\xEF\x00", 7);
const std::string kEr = std::string("ER\x12\x01\x0A\x00\x00\x01", 8) + "RRIP_1991A";

constexpr uint32_t kDirMode = 040755;
constexpr uint32_t kFileMode = 0100644;

/// The clean image, and where its parts are.
struct Clean {
  BuiltIso iso;
  uint32_t catalogLba = 0;
  uint32_t bootImageLba = 0;
};

Clean buildClean() {
  test::IsoBuilder b;
  b.directory("/DIR");
  b.directory("/DIR/SUB");
  b.file("/README.TXT;1", "discverify corruption matrix\n");
  b.file("/DIR/DATA.BIN;1", std::string(3 * 2048 + 100, 'd'));
  b.file("/DIR/OTHER.BIN;1", std::string(2048, 'o'));
  b.file("/DIR/SUB/NOTE.TXT;1", "note\n");
  b.file("/BOOT.CAT;1", std::string(2048, '\0'));
  b.file("/BOOT.IMG;1", std::string(2048, 'b'));
  b.systemUse("/.", kSp + px(kDirMode, 3) + kEr);
  b.systemUse("/DIR", px(kDirMode, 3) + nm("dir"));
  b.systemUse("/DIR/.", px(kDirMode, 3));
  b.systemUse("/DIR/SUB", px(kDirMode, 2) + nm("sub"));
  b.systemUse("/DIR/SUB/.", px(kDirMode, 2));
  b.systemUse("/README.TXT;1", px(kFileMode, 1) + nm("readme.txt"));
  b.systemUse("/DIR/DATA.BIN;1", px(kFileMode, 1) + nm("data.bin"));
  b.systemUse("/DIR/OTHER.BIN;1", px(kFileMode, 1) + nm("other.bin"));
  b.systemUse("/DIR/SUB/NOTE.TXT;1", px(kFileMode, 1) + nm("note.txt"));
  b.systemUse("/BOOT.CAT;1", px(kFileMode, 1) + nm("boot.cat"));
  b.systemUse("/BOOT.IMG;1", px(kFileMode, 1) + nm("boot.img"));
  // El Torito boot record at sector 17 (right after the PVD); the catalog address is set below.
  std::vector<uint8_t> br(2048, 0);
  br[0] = 0;
  std::memcpy(br.data() + 1, "CD001", 5);
  br[6] = 1;
  std::memcpy(br.data() + 7, "EL TORITO SPECIFICATION", 23);
  b.extraDescriptors.push_back(br);

  Clean c{b.build()};
  c.catalogLba = c.iso.extents.at("/BOOT.CAT;1");
  c.bootImageLba = c.iso.extents.at("/BOOT.IMG;1");
  const uint64_t brOffset = 17 * 2048;
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(c.iso.bytes.data() + brOffset + 7), 23), // NOLINT
            "EL TORITO SPECIFICATION");
  c.iso.putLe32(brOffset + 71, c.catalogLba);
  // Validation entry (platform 0, checksum making the word sum zero) and a no-emulation entry.
  const uint64_t cat = uint64_t{c.catalogLba} * 2048;
  c.iso.put8(cat, 1);
  c.iso.put8(cat + 0x1E, 0x55);
  c.iso.put8(cat + 0x1F, 0xAA);
  uint16_t sum = 0;
  for (int w = 0; w < 16; ++w)
    sum = static_cast<uint16_t>(sum + (c.iso.bytes[cat + 2 * static_cast<uint64_t>(w)] |
                                       (c.iso.bytes[cat + 2 * static_cast<uint64_t>(w) + 1] << 8)));
  c.iso.putLe16(cat + 0x1C, static_cast<uint16_t>(0x10000 - sum));
  c.iso.put8(cat + 32, 0x88);
  c.iso.put8(cat + 33, 0);
  c.iso.putLe16(cat + 32 + 6, 4);
  c.iso.putLe32(cat + 32 + 8, c.bootImageLba);
  return c;
}

bool fires(const std::vector<Finding>& fs, const std::string& rule, std::optional<uint64_t> lba) {
  for (const Finding& f : fs)
    if (f.ruleId == rule && (!lba || f.location.lba == lba)) return true;
  return false;
}

struct Case {
  std::string name;
  std::string rule;
  std::function<std::optional<uint64_t>(Clean&)> corrupt; ///< returns the LBA the finding must name
};

std::vector<Case> cases() {
  using P = BytePos;
  const uint64_t pvd = 16 * 2048;
  return {
      {"identifier", "ECMA119-VDS-001",
       [=](Clean& c) { c.iso.putBytes(pvd + 1, "CD002"); return std::optional<uint64_t>(16); }},
      {"volume space size halves", "ECMA119-ENC-001",
       [=](Clean& c) { c.iso.putBe32(pvd + 84, c.iso.volumeSpaceSize + 7); return std::optional<uint64_t>(16); }},
      {"logical block size", "ECMA119-PVD-004",
       [=](Clean& c) { c.iso.putBoth16(pvd + 128, 1000, 1000); return std::optional<uint64_t>(16); }},
      {"path table size", "ECMA119-ENC-001",
       [=](Clean& c) { c.iso.putBe32(pvd + 136, c.iso.pathTableSize + 2); return std::optional<uint64_t>(16); }},
      {"root extent", "ECMA119-PVD-008",
       [=](Clean& c) { c.iso.putBoth32(pvd + 156 + 2, 0x7FFFFF, 0x7FFFFF); return std::optional<uint64_t>(16); }},
      {"L path table entry", "ECMA119-PT-005",
       [=](Clean& c) {
         // Record 2 of the L table: its extent (7.3.1) no longer matches the M table.
         const uint64_t rec2 = uint64_t{c.iso.typeLPathTable} * 2048 + 10;
         c.iso.putLe32(rec2 + 2, c.iso.extents.at("/DIR") + 1);
         // Two copies disagree and neither says which is right: the finding names the pair.
         return std::optional<uint64_t>();
       }},
      {"M path table entry", "ECMA119-PT-005",
       [=](Clean& c) {
         const uint64_t rec2 = uint64_t{c.iso.typeMPathTable} * 2048 + 10;
         c.iso.putBe32(rec2 + 2, c.iso.extents.at("/DIR") + 1);
         return std::optional<uint64_t>(c.iso.typeMPathTable);
       }},
      {"directory extent in both path tables", "ECMA119-PT-006",
       [=](Clean& c) {
         const uint32_t wrong = c.iso.extents.at("/DIR") + 1;
         c.iso.putLe32(uint64_t{c.iso.typeLPathTable} * 2048 + 10 + 2, wrong);
         c.iso.putBe32(uint64_t{c.iso.typeMPathTable} * 2048 + 10 + 2, wrong);
         return std::optional<uint64_t>();
       }},
      {"directory cycle", "ECMA119-DR-012",
       [=](Clean& c) {
         const uint32_t root = c.iso.extents.at("/");
         c.iso.putBoth32(c.iso.recordField("/DIR/SUB", P{3, 10}), root, root);
         return std::optional<uint64_t>();
       }},
      {"extent past the end", "ECMA119-DR-004",
       [=](Clean& c) {
         c.iso.putBoth32(c.iso.recordField("/DIR/OTHER.BIN;1", P{3, 10}), 0x00100000, 0x00100000);
         return std::optional<uint64_t>();
       }},
      {"data length halves", "ECMA119-ENC-001",
       [=](Clean& c) {
         c.iso.putBe32(c.iso.recordField("/README.TXT;1", P{11, 18}) + 4, 99999);
         return std::optional<uint64_t>();
       }},
      {"record length 250", "ECMA119-DR-003",
       [=](Clean& c) {
         // DATA.BIN's record now swallows the records that follow it in /DIR: the directory's
         // sector no longer ends in zeros after its last record.
         c.iso.put8(c.iso.record("/DIR/DATA.BIN;1"), 250);
         return std::optional<uint64_t>(c.iso.extents.at("/DIR"));
       }},
      {"non-zero padding", "ECMA119-PVD-002",
       [=](Clean& c) { c.iso.put8(pvd + 1500, 0x41); return std::optional<uint64_t>(16); }},
      {"missing terminator", "ECMA119-VDS-002",
       [=](Clean& c) {
         // The terminator sits after the PVD and the boot record: overwrite its type and signature.
         c.iso.putBytes(18 * 2048, std::string(7, '\0'));
         return std::optional<uint64_t>();
       }},
      {"truncated image", "ECMA119-PVD-003",
       [=](Clean& c) {
         c.iso.bytes.resize(c.iso.bytes.size() - 2 * 2048);
         return std::optional<uint64_t>(16);
       }},
      {"two files sharing an extent", "ECMA119-DR-017",
       [=](Clean& c) {
         const uint32_t data = c.iso.extents.at("/DIR/DATA.BIN;1");
         c.iso.putBoth32(c.iso.recordField("/DIR/OTHER.BIN;1", P{3, 10}), data, data);
         return std::optional<uint64_t>();
       }},
      {"month 13 in a record date", "ECMA119-DR-009",
       [=](Clean& c) { c.iso.put8(c.iso.recordField("/README.TXT;1", P{19, 25}) + 1, 13); return std::optional<uint64_t>(); }},
      {"malformed descriptor date", "ECMA119-PVD-010",
       [=](Clean& c) { c.iso.putBytes(pvd + 813 + 4, "1X"); return std::optional<uint64_t>(16); }},
      {"Rock Ridge SP check bytes", "SUSP-001",
       [=](Clean& c) {
         const uint64_t su = c.iso.selfOffsets.at("/") + 34; // root "." record: LEN_FI 1, no padding
         c.iso.put8(su + 4, 0xBA);
         return std::optional<uint64_t>();
       }},
      {"PX byte orders", "RRIP-002",
       [=](Clean& c) {
         // The README record: 33 + LEN_FI 12 + 1 padding, then PX; st_mode's big-endian half.
         const uint64_t su = c.iso.record("/README.TXT;1") + 33 + 12 + 1;
         c.iso.putBe32(su + 4 + 4, 0100600);
         return std::optional<uint64_t>();
       }},
      {"NM length 0", "RRIP-004",
       [=](Clean& c) {
         const uint64_t su = c.iso.record("/README.TXT;1") + 33 + 12 + 1 + 36;
         c.iso.put8(su + 2, 5); // an NM entry holding no name bytes
         return std::optional<uint64_t>();
       }},
      {"El Torito checksum", "ELTORITO-004",
       [=](Clean& c) { c.iso.put8(uint64_t{c.catalogLba} * 2048 + 0x1C, 0x12); return std::optional<uint64_t>(c.catalogLba); }},
      {"El Torito key byte", "ELTORITO-003",
       [=](Clean& c) { c.iso.put8(uint64_t{c.catalogLba} * 2048 + 0x1E, 0x54); return std::optional<uint64_t>(c.catalogLba); }},
      {"boot image past the end", "ELTORITO-006",
       [=](Clean& c) { c.iso.putLe32(uint64_t{c.catalogLba} * 2048 + 32 + 8, 0x00200000); return std::optional<uint64_t>(); }},
  };
}

class CorruptionMatrix : public ::testing::TestWithParam<size_t> {};

TEST_P(CorruptionMatrix, GivesTheRightRuleAtTheRightPlace) {
  const std::vector<Case> all = cases();
  const Case& k = all[GetParam()];
  Clean clean = buildClean();
  const std::vector<Finding> before = test::catalogueFindings(clean.iso.bytes);
  Clean bad = clean;
  const std::optional<uint64_t> lba = k.corrupt(bad);
  const std::vector<Finding> after = test::catalogueFindings(bad.iso.bytes);
  EXPECT_FALSE(fires(before, k.rule, std::nullopt)) << k.name << ": " << k.rule << " already in the clean image\n"
                                                      << test::describe(before);
  EXPECT_TRUE(fires(after, k.rule, lba)) << k.name << ": expected " << k.rule
                                         << (lba ? " at LBA " + std::to_string(*lba) : std::string()) << "\n"
                                         << test::describe(after);
}

INSTANTIATE_TEST_SUITE_P(SingleFieldCorruptions, CorruptionMatrix, ::testing::Range<size_t>(0, 24),
                         [](const ::testing::TestParamInfo<size_t>& param) {
                           std::string n = cases()[param.param].name;
                           for (char& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

TEST(CorruptionMatrix, ACleanImageHasNoErrors) {
  const Clean clean = buildClean();
  const std::vector<Finding> fs = test::catalogueFindings(clean.iso.bytes);
  for (const Finding& f : fs) EXPECT_NE(f.severity, Severity::Error) << test::describe({f});
}

// The 25th corruption: one bit flipped inside a file is caught by verify against the clean report,
// naming the file.
TEST(CorruptionMatrix, AFlippedBitInsideAFileIsCaughtByVerify) {
  const std::string dir = test::scratchDir("matrix-verify");
  const Clean clean = buildClean();
  auto write = [&](const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size())); // NOLINT
  };
  write(dir + "/clean.iso", clean.iso.bytes);
  std::vector<uint8_t> flipped = clean.iso.bytes;
  const uint64_t at = uint64_t{clean.iso.extents.at("/DIR/DATA.BIN;1")} * 2048 + 3000;
  flipped[at] ^= 0x10;
  write(dir + "/flipped.iso", flipped);
  const std::string cli = test::binaryDir() + "/bin/discverify";
  ASSERT_EQ(test::runCommand(cli + " analyze --progress never --piece-size 8KiB --fail-on never --xml '" + dir +
                             "/clean.xml' '" + dir + "/clean.iso' 2>/dev/null"),
            0);
  std::string out;
  const int status = test::runCommand(cli + " verify --progress never '" + dir + "/flipped.iso' --against '" + dir +
                                          "/clean.xml' 2>&1",
                                      &out);
  EXPECT_EQ(status, 1) << out;
  std::string lower = out;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_NE(lower.find("changed: /dir/data.bin"), std::string::npos) << out;
  EXPECT_EQ(test::runCommand(cli + " verify --progress never '" + dir + "/clean.iso' --against '" + dir +
                             "/clean.xml' >/dev/null 2>&1"),
            0);
}

} // namespace
} // namespace dv
