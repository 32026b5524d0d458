// Resource budgets against hostile claims: an image whose counts and sizes claim far more than its
// bytes hold must end in findings, in under 2 s of CPU time and 256 MiB, whatever it claims.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/IsoBuilder.h"
#include "tests/support/TestPaths.h"

namespace dv {
namespace {

constexpr double kMaxSeconds = 2.0;
constexpr uint64_t kMaxRssKiB = 256u * 1024u;
constexpr uint64_t kBlock = 2048;
constexpr int kChainDepth = 1500;

void writeFile(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// Sanitizer runtimes add shadow memory, redzones and a quarantine of freed blocks, and slow every
// instruction: the budgets are those of the shipped build, so only the Release run asserts them.
constexpr bool kBudgetsApply = false;
#else
constexpr bool kBudgetsApply = true;
#endif

/// Runs `discverify analyze` on `input`, checks the budget (Release builds), that the report is
/// complete and, when `ruleId` is not empty, that it is reported.
void expectFindingsWithinBudget(const std::string& dir, const std::string& input, const std::string& ruleId,
                                const std::string& options = "") {
  const std::string xml = dir + "/report.xml";
  const test::Measured m = test::runMeasured(test::binaryDir() + "/bin/discverify analyze --progress never " + options +
                                             " --xml '" + xml + "' '" + input + "' 2>/dev/null");
  ASSERT_NE(m.status, -1) << "killed by a signal";
  EXPECT_LE(m.status, 1) << "exit status";
  std::printf("[budget] %s: %.3f s wall, %.3f s CPU, %llu KiB\n", input.c_str(), m.wallSeconds, m.cpuSeconds,
              static_cast<unsigned long long>(m.maxRssKiB));
  if (kBudgetsApply) {
    // CPU time, not wall time: the budget is the work the input costs, and a shared machine's load
    // stretches wall time without saying anything about the program.
    EXPECT_LT(m.cpuSeconds, kMaxSeconds);
    EXPECT_LT(m.maxRssKiB, kMaxRssKiB);
  }
  const std::string report = readFile(xml);
  EXPECT_NE(report.find("<dv:verdict"), std::string::npos) << "no verdict in " << xml;
  if (!ruleId.empty()) {
    EXPECT_NE(report.find("rule=\"" + ruleId + "\""), std::string::npos) << ruleId << " missing from " << xml;
  }
}

std::string both32(uint32_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 4; ++i) {
    s[static_cast<size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFFu);
    s[static_cast<size_t>(7 - i)] = static_cast<char>((v >> (8 * i)) & 0xFFu);
  }
  return s;
}

/// A SUSP CE entry (28 bytes) naming the continuation area at (block, offset, length).
std::string ceEntry(uint32_t block, uint32_t offset, uint32_t length) {
  return std::string("CE\x1c\x01", 4) + both32(block) + both32(offset) + both32(length);
}

TEST(ClaimBudget, DirectoryClaimingFourGiBOfRecords) {
  const std::string dir = test::scratchDir("claim-records");
  test::IsoBuilder b;
  b.file("/A.TXT;1", "a");
  test::BuiltIso iso = b.build();
  // The root's data length claims 0xFFFFF800 bytes of records (about 2^32 / 34 x 34-byte records).
  iso.putBoth32(iso.record("/") + 10, 0xFFFFF800u, 0xFFFFF800u);
  iso.putBoth32(iso.selfOffsets.at("/") + 10, 0xFFFFF800u, 0xFFFFF800u);
  writeFile(dir + "/image.iso", iso.bytes);
  expectFindingsWithinBudget(dir, dir + "/image.iso", "");
}

TEST(ClaimBudget, FourGiBPathTable) {
  const std::string dir = test::scratchDir("claim-path-table");
  test::IsoBuilder b;
  b.file("/A.TXT;1", "a");
  test::BuiltIso iso = b.build();
  iso.putBoth32(iso.pvdOffset + 132, 0xFFFFFFFFu, 0xFFFFFFFFu);
  writeFile(dir + "/image.iso", iso.bytes);
  expectFindingsWithinBudget(dir, dir + "/image.iso", "ECMA119-PVD-006");
}

TEST(ClaimBudget, DirectoryChainDeeperThanTheWalkLimitAndPathTableChainOfAHundredThousand) {
  const std::string dir = test::scratchDir("claim-depth");
  test::IsoBuilder b;
  std::string path;
  for (int i = 0; i < kChainDepth; ++i) path += "/D";
  b.directory(path);
  // The path tables, rewritten after the volume, claim a chain 100,000 deep: entry n's parent is
  // entry n - 1 (numbers past 65,535 wrap, as their 16-bit field does).
  constexpr uint32_t kClaimedDepth = 100000;
  constexpr uint32_t kEntryBytes = 10; // 8 + a one-byte identifier + padding
  const uint32_t tableBlocks = (kClaimedDepth * kEntryBytes + 2047) / 2048;
  b.trailingSectors = 2 * tableBlocks;
  test::BuiltIso iso = b.build();
  const uint32_t total = static_cast<uint32_t>(iso.bytes.size() / kBlock);
  const uint32_t typeL = total - 2 * tableBlocks;
  const uint32_t typeM = total - tableBlocks;
  const uint32_t rootExtent = iso.extents.at("/");
  for (uint32_t n = 0; n < kClaimedDepth; ++n) {
    const uint16_t parent = static_cast<uint16_t>(n == 0 ? 1 : n);
    const uint64_t l = uint64_t{typeL} * kBlock + uint64_t{n} * kEntryBytes;
    const uint64_t m = uint64_t{typeM} * kBlock + uint64_t{n} * kEntryBytes;
    iso.put8(l, 1);
    iso.putLe32(l + 2, rootExtent);
    iso.putLe16(l + 6, parent);
    iso.put8(l + 8, n == 0 ? 0 : 'D');
    iso.put8(m, 1);
    iso.putBe32(m + 2, rootExtent);
    iso.putBe16(m + 6, parent);
    iso.put8(m + 8, n == 0 ? 0 : 'D');
  }
  iso.putBoth32(iso.pvdOffset + 80, total, total);
  iso.putBoth32(iso.pvdOffset + 132, kClaimedDepth * kEntryBytes, kClaimedDepth * kEntryBytes);
  iso.putLe32(iso.pvdOffset + 140, typeL);
  iso.putLe32(iso.pvdOffset + 144, 0);
  iso.putBe32(iso.pvdOffset + 148, typeM);
  iso.putBe32(iso.pvdOffset + 152, 0);
  writeFile(dir + "/image.iso", iso.bytes);
  expectFindingsWithinBudget(dir, dir + "/image.iso", "ECMA119-DR-012");
}

/// Writes a real chain of `depth` directories: each extent holds ".", ".." and one child "D" whose
/// extent is the next one, so only the walk's depth limit stops it (no extent repeats). The image
/// lives in this function only: the measured run's peak RSS would otherwise include this process's
/// pages (ru_maxrss of a forked child counts them until its exec).
void writeDirectoryChain(const std::string& path, uint32_t depth) {
  test::IsoBuilder b;
  b.directory("/D");
  b.trailingSectors = depth;
  test::BuiltIso iso = b.build();
  const uint32_t total = static_cast<uint32_t>(iso.bytes.size() / kBlock);
  const uint32_t first = total - depth;
  iso.putBoth32(iso.pvdOffset + 80, total, total);
  iso.putBoth32(iso.record("/D") + 2, first, first);
  const auto putRecord = [&](uint64_t at, uint32_t extent, uint8_t id) {
    iso.put8(at, 34);
    iso.putBoth32(at + 2, extent, extent);
    iso.putBoth32(at + 10, static_cast<uint32_t>(kBlock), static_cast<uint32_t>(kBlock));
    iso.put8(at + 25, 2); // directory
    iso.putBoth16(at + 28, 1, 1);
    iso.put8(at + 32, 1);
    iso.put8(at + 33, id);
  };
  for (uint32_t n = 0; n < depth; ++n) {
    const uint32_t self = first + n;
    const uint64_t at = uint64_t{self} * kBlock;
    putRecord(at, self, 0);
    putRecord(at + 34, n == 0 ? iso.extents.at("/") : self - 1, 1);
    if (n + 1 < depth) putRecord(at + 68, self + 1, 'D');
  }
  writeFile(path, iso.bytes);
}

TEST(ClaimBudget, RealDirectoryChainAHundredThousandDeep) {
  const std::string dir = test::scratchDir("claim-real-depth");
  writeDirectoryChain(dir + "/image.iso", 100000);
  // 200 MiB of directories: one whole-image digest keeps the budget about the walk, not about
  // hashing speed (which tests/bench measures).
  expectFindingsWithinBudget(dir, dir + "/image.iso", "ECMA119-DR-012", "--hash md5 --piece-size 0");
  std::remove((dir + "/image.iso").c_str());
}

TEST(ClaimBudget, ContinuationChainOfAMillionEntries) {
  const std::string dir = test::scratchDir("claim-ce");
  test::IsoBuilder b;
  b.file("/A.TXT;1", "a");
  // Each area holds 73 CE entries, each pointing to another area: 13,700 areas hold 1,000,100
  // entries. A reader that followed every hop would read every area, and one that followed every
  // entry would be quadratic.
  constexpr uint32_t kCeAreas = 13700;
  b.trailingSectors = kCeAreas;
  // The record's own system use: SP, then a CE into the first trailing block (patched below).
  b.systemUse("/.", std::string("SP\x07\x01\xbe\xef\x00", 7) + ceEntry(0, 0, 0));
  test::BuiltIso iso = b.build();
  const uint32_t first = static_cast<uint32_t>(iso.bytes.size() / kBlock) - kCeAreas;
  const uint32_t total = static_cast<uint32_t>(iso.bytes.size() / kBlock);
  iso.putBoth32(iso.pvdOffset + 80, total, total);
  const uint64_t su = iso.selfOffsets.at("/") + 34; // "." has a one-byte identifier: 33 + 1
  iso.putBytes(su + 7, ceEntry(first, 0, 28 * 73));
  for (uint32_t a = 0; a < kCeAreas; ++a) {
    for (uint32_t e = 0; e < 73; ++e) {
      const uint32_t next = first + (a + 1 + e) % kCeAreas;
      iso.putBytes((uint64_t{first} + a) * kBlock + e * 28, ceEntry(next, 0, 28 * 73));
    }
  }
  writeFile(dir + "/image.iso", iso.bytes);
  expectFindingsWithinBudget(dir, dir + "/image.iso", "SUSP-004");
}

TEST(ClaimBudget, CueSheetWithAHundredThousandTracks) {
  const std::string dir = test::scratchDir("claim-cue");
  ASSERT_EQ(test::runCommand("truncate -s " + std::to_string(2352 * 75) + " '" + dir + "/disc.bin'"), 0);
  std::ofstream cue(dir + "/disc.cue", std::ios::trunc);
  cue << "FILE \"disc.bin\" BINARY\n";
  for (int t = 1; t <= 100000; ++t) {
    // Short lines keep the sheet under the 4 MiB a descriptor may have (a larger one is not probed).
    char line[80];
    std::snprintf(line, sizeof line, "TRACK %d AUDIO\nINDEX 01 %d:%d:%d\n", t, t / 4500 % 100, t / 75 % 60, t % 75);
    cue << line;
  }
  cue.close();
  expectFindingsWithinBudget(dir, dir + "/disc.cue", "CUE-001");
}

} // namespace
} // namespace dv
