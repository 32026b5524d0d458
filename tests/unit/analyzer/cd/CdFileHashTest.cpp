// Per-file digests of a CD's ISO 9660 volume, computed in the pass over the data files: a raw
// MODE1/2352 .bin (with and without its .cue) gives every file the digest the .iso gives it; a
// short .bin leaves the files it cuts off incomplete; zero-filled ranges mark the files over them.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "analyzer/ImageAnalysis.h"
#include "analyzer/cd/CookedFiles.h"
#include "analyzer/cd/Sector.h"
#include "hashing/Hasher.h"
#include "tests/support/FaultySource.h"
#include "tests/support/IsoBuilder.h"
#include "tests/support/TestPaths.h"

namespace dv::analyzer::cd {
namespace {

void write(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::string pattern(size_t n, uint32_t seed) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) {
    seed = seed * 1103515245u + 12345u;
    s[i] = static_cast<char>(seed >> 24);
  }
  return s;
}

std::vector<uint8_t> encodeRaw(const std::vector<uint8_t>& iso) {
  std::vector<uint8_t> raw(iso.size() / 2048 * kRawSectorSize);
  for (size_t i = 0; i < iso.size() / 2048; ++i)
    encodeMode1(MutableByteView(raw.data() + i * kRawSectorSize, kRawSectorSize), static_cast<int32_t>(i),
                ByteView(iso.data() + i * 2048, 2048));
  return raw;
}

/// Path -> (SHA-256, complete) of every file of the analysis.
std::map<std::string, std::pair<std::string, bool>> fileDigests(const ImageAnalysis& a) {
  std::map<std::string, std::pair<std::string, bool>> out;
  for (size_t i = 0; i < a.iso.tree.files.size() && i < a.isoFileDigests.size(); ++i) {
    const FileDigest& d = a.isoFileDigests[i];
    out[a.iso.tree.files[i].path] = {d.digests.empty() ? "" : d.digests.front().hex(), d.complete};
  }
  return out;
}

test::BuiltIso sampleIso() {
  return test::IsoBuilder()
      .directory("/DOCS")
      .file("/DOCS/A.TXT;1", std::string(5000, 'a'))
      .file("/B.TXT;1", "bee")
      .file("/C.BIN;1", pattern(300000, 7))
      .file("/DOCS/D.BIN;1", pattern(70001, 9))
      .build();
}

AnalyzeOptions smallChunks() {
  AnalyzeOptions o;
  o.imageHashes = {hashing::Algorithm::Sha256};
  o.pipeline.chunkSize = 7 * kRawSectorSize; // many chunks: files cross chunk ends
  o.pipeline.threads = 2;
  return o;
}

TEST(CdFileHash, RawBinAndCueGiveEveryFileTheIsosDigest) {
  const auto iso = sampleIso();
  const std::string dir = test::scratchDir("cd-file-hash");
  write(dir + "/disc.iso", iso.bytes);
  write(dir + "/disc.bin", encodeRaw(iso.bytes));
  std::ofstream(dir + "/disc.cue") << "FILE \"disc.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n";

  auto fromIso = analyzeImage(dir + "/disc.iso", smallChunks());
  ASSERT_TRUE(fromIso);
  const auto want = fileDigests(*fromIso);
  ASSERT_EQ(want.size(), 4u);
  EXPECT_EQ(want.at("/B.TXT;1").first, hashing::digestOf(hashing::Algorithm::Sha256, ByteView(reinterpret_cast<const uint8_t*>("bee"), 3)).hex());
  for (const char* input : {"/disc.cue", "/disc.bin"}) { // the data in another file; the input itself
    auto a = analyzeImage(dir + input, smallChunks());
    ASSERT_TRUE(a);
    ASSERT_TRUE(a->cd) << input;
    EXPECT_TRUE(a->isoInUserData);
    EXPECT_EQ(a->fileHashAlgorithms, std::vector<hashing::Algorithm>{hashing::Algorithm::Sha256});
    EXPECT_EQ(fileDigests(*a), want) << input;
  }
}

TEST(CdFileHash, FileHashNoneTurnsThemOff) {
  const auto iso = sampleIso();
  const std::string dir = test::scratchDir("cd-file-hash-none");
  write(dir + "/disc.bin", encodeRaw(iso.bytes));
  std::ofstream(dir + "/disc.cue") << "FILE \"disc.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n";
  AnalyzeOptions o = smallChunks();
  o.fileHashes.clear();
  auto a = analyzeImage(dir + "/disc.cue", o);
  ASSERT_TRUE(a && a->iso.found);
  EXPECT_TRUE(a->isoFileDigests.empty());
  EXPECT_TRUE(a->fileHashAlgorithms.empty());
}

TEST(CdFileHash, ShortBinLeavesTheFilesItCutsOffIncomplete) {
  const auto iso = sampleIso();
  const std::string dir = test::scratchDir("cd-file-hash-short");
  auto full = analyzeImage((write(dir + "/disc.iso", iso.bytes), dir + "/disc.iso"), smallChunks());
  ASSERT_TRUE(full);
  // The last file by LBA loses its last sectors (and the raw bytes of half a sector).
  const iso9660::FileEntry* last = nullptr;
  for (const auto& f : full->iso.tree.files)
    if (!last || f.runs.front().imageOffset > last->runs.front().imageOffset) last = &f;
  ASSERT_NE(last, nullptr);
  ASSERT_GT(last->size, 4096u);
  const uint64_t cutSector = last->runs.front().lba + 1;
  auto raw = encodeRaw(iso.bytes);
  raw.resize(static_cast<size_t>(cutSector * kRawSectorSize + 1000));
  write(dir + "/disc.bin", raw);
  std::ofstream(dir + "/disc.cue") << "FILE \"disc.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n";
  auto a = analyzeImage(dir + "/disc.cue", smallChunks());
  ASSERT_TRUE(a && a->iso.found);
  const auto want = fileDigests(*full);
  const auto got = fileDigests(*a);
  ASSERT_EQ(got.size(), want.size());
  for (const auto& [path, d] : got) {
    if (path == last->path) {
      EXPECT_FALSE(d.second) << path << " lost its last sectors";
      EXPECT_NE(d.first, want.at(path).first);
    } else {
      EXPECT_EQ(d, want.at(path)) << path;
    }
  }
  for (size_t i = 0; i < a->iso.tree.files.size(); ++i)
    if (a->iso.tree.files[i].path == last->path) {
      EXPECT_NE(a->isoFileDigests[i].note.find("the readable part is hashed"), std::string::npos) << a->isoFileDigests[i].note;
    }
}

TEST(CdFileHash, AnUnreadableSectorOfAnIsoMarksTheFileOverItIncomplete) {
  const auto iso = sampleIso();
  auto clean = analyzeSource(*iso.source(), smallChunks());
  ASSERT_TRUE(clean && clean->iso.found);
  const iso9660::FileEntry* big = nullptr;
  for (const auto& f : clean->iso.tree.files)
    if (f.path == "/C.BIN;1") big = &f;
  ASSERT_NE(big, nullptr);
  test::FaultySource faulty(iso.bytes);
  faulty.addBadSector(big->runs.front().lba + 3); // file data only: the metadata reads still succeed
  AnalyzeOptions o = smallChunks();
  o.pipeline.retries = 0;
  auto a = analyzeSource(faulty, o);
  ASSERT_TRUE(a && a->iso.found);
  ASSERT_EQ(a->pass.unreadableSectors, 1u);
  const auto want = fileDigests(*clean);
  for (const auto& [path, d] : fileDigests(*a)) {
    if (path == "/C.BIN;1") {
      EXPECT_FALSE(d.second) << "zero-filled bytes are not the file's";
    } else {
      EXPECT_EQ(d, want.at(path)) << path;
    }
  }
}

TEST(CdFileHash, ZeroFilledRangesMarkTheFilesOverThem) {
  std::vector<FileDigest> results(3);
  for (auto& r : results) {
    r.digests.push_back(hashing::digestOf(hashing::Algorithm::Sha256, {}));
    r.complete = true;
  }
  const std::vector<FileLayout> layouts{{{{0, 4096}}}, {{{8192, 100}, {20480, 4096}}}, {{{40960, 2048}}}};
  markZeroFilled(results, layouts, {{22528, 2048}, {1 << 20, 2048}});
  EXPECT_TRUE(results[0].complete);
  EXPECT_FALSE(results[1].complete); // its second run holds the zero-filled sector
  EXPECT_NE(results[1].note.find("zero-filled"), std::string::npos);
  EXPECT_TRUE(results[2].complete);
}

TEST(CdFileHash, UnreadableBytesOfADataFileMapToItsUserDataSectors) {
  Disc d;
  DataFile f;
  f.found = true;
  d.files.push_back(f);
  Track t;
  t.mode = TrackMode::Mode1;
  t.startLba = 0;
  t.sectors = 100;
  t.fragments.push_back({.firstLba = 0, .sectors = 100, .file = 0, .offset = 0, .sectorSize = 2352, .mainSize = 2352});
  d.tracks.push_back(t);
  // Bytes inside sectors 2 and 3 of the file: user-data sectors 2 and 3.
  const auto r = cookedRangesOf(d, 0, {{2 * 2352 + 100, 2352}});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].offset, 2u * 2048);
  EXPECT_EQ(r[0].length, 2u * 2048);
  EXPECT_TRUE(cookedRangesOf(d, 1, {{0, 2352}}).empty());
}

TEST(CdFileHash, ImageOffsetOnlyWhereTheInputStoresUserDataBackToBack) {
  Disc d;
  d.descriptorPath = "/x/disc.nrg";
  DataFile f;
  f.found = true;
  f.path = "/x/disc.nrg";
  d.files.push_back(f);
  Track t;
  t.mode = TrackMode::Mode1;
  t.sectors = 100;
  t.fragments.push_back({.firstLba = 0, .sectors = 100, .file = 0, .offset = 307200, .sectorSize = 2048, .mainSize = 2048,
                         .layout = SectorLayout::User});
  d.tracks.push_back(t);
  EXPECT_EQ(inputOffsetOf(d, 20 * 2048 + 5, 4000), 307200u + 20 * 2048 + 5);
  EXPECT_FALSE(inputOffsetOf(d, 99 * 2048, 4096)) << "runs past the fragment's end";
  d.tracks[0].fragments[0].sectorSize = d.tracks[0].fragments[0].mainSize = 2352;
  d.tracks[0].fragments[0].layout = SectorLayout::Raw;
  EXPECT_FALSE(inputOffsetOf(d, 20 * 2048, 2048)) << "raw sectors interleave the user data";
  d.tracks[0].fragments[0] = {.firstLba = 0, .sectors = 100, .file = 0, .offset = 0, .sectorSize = 2048, .mainSize = 2048,
                              .layout = SectorLayout::User};
  d.files[0].path = "/x/disc.iso"; // a .cue's data file is not the input
  EXPECT_FALSE(inputOffsetOf(d, 0, 2048));
}

} // namespace
} // namespace dv::analyzer::cd
