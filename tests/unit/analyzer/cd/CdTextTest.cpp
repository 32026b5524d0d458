// Tests of CD-TEXT: packs built in code decoded into disc and track text (strings split across
// packs, TAB repetition, ISO 8859-1), pack CRC failures by index, and packs reaching the disc model
// from a CUE CDTEXTFILE, a CloneCD [CDText] section and a Nero CDTX chunk.
#include "analyzer/cd/CdText.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "analyzer/cd/CdAnalysis.h"
#include "analyzer/formats/Nero.h"
#include "analyzer/sources/ByteSource.h"
#include "tests/support/CdTextBuilder.h"
#include "tests/support/TestPaths.h"

namespace dv::analyzer::cd {
namespace {

const std::vector<test::CdTextField> kAlbum = {
    {0x80, {"A Rather Long Album Title", "First Song", "Second Song With A Long Name"}},
    {0x81, {"The Performers", "\t", "Guest Singer"}},
};

TEST(CdText, DecodesTextSplitAcrossPacksPerTrack) {
  const auto packs = test::cdTextPacks(kAlbum);
  const CdTextDecoded d = decodeCdTextPacks(packs);
  EXPECT_EQ(d.facts.packs, packs.size() / 18);
  EXPECT_EQ(d.facts.crcFailures, 0u);
  EXPECT_EQ(d.facts.sequenceBreaks, 0u);
  EXPECT_EQ(d.facts.blocks, 1u);
  EXPECT_EQ(d.facts.characterCode, "iso-8859-1");
  EXPECT_EQ(d.disc.title, "A Rather Long Album Title");
  EXPECT_EQ(d.disc.performer, "The Performers");
  ASSERT_EQ(d.tracks.count(1), 1u);
  ASSERT_EQ(d.tracks.count(2), 1u);
  EXPECT_EQ(d.tracks.at(1).title, "First Song");
  EXPECT_EQ(d.tracks.at(2).title, "Second Song With A Long Name");
  EXPECT_EQ(d.tracks.at(1).performer, "The Performers") << "a TAB repeats the previous string";
  EXPECT_EQ(d.tracks.at(2).performer, "Guest Singer");
}

TEST(CdText, Iso8859TextBecomesUtf8) {
  const auto packs = test::cdTextPacks({{0x80, {"Caf\xE9", "Na\xEFve"}}});
  const CdTextDecoded d = decodeCdTextPacks(packs);
  EXPECT_EQ(d.disc.title, "Caf\xC3\xA9");
  EXPECT_EQ(d.tracks.at(1).title, "Na\xC3\xAFve");
}

TEST(CdText, DoubleByteTextIsCountedNotDecoded) {
  auto packs = test::cdTextPacks({{0x80, {"X", "Y"}}}, 0x80);
  const CdTextDecoded d = decodeCdTextPacks(packs);
  EXPECT_EQ(d.facts.characterCode, "ms-jis");
  EXPECT_EQ(d.disc.title, "");
}

TEST(CdText, CrcFailuresAreNamedByPack) {
  auto packs = test::cdTextPacks(kAlbum);
  EXPECT_EQ(decodeCdTextPacks(packs).facts.crcFailures, 0u);
  test::breakCdTextCrc(packs, 2);
  const CdTextDecoded d = decodeCdTextPacks(packs);
  EXPECT_EQ(d.facts.crcFailures, 1u);
  EXPECT_EQ(d.facts.crcFailurePacks, std::vector<uint32_t>{2});
  EXPECT_EQ(d.disc.title, "A Rather Long Album Title") << "text of a failing pack is still decoded";
}

/// Three language blocks: English (ISO 8859-1), German (ISO 8859-1) and Japanese (MS-JIS).
std::vector<uint8_t> threeLanguages() {
  const std::vector<uint8_t> languages = {0x09, 0x08, 0x69};
  auto packs = test::cdTextBlockPacks(kAlbum, 0, 0x00, languages);
  const auto german = test::cdTextBlockPacks({{0x80, {"Ein Album", "Erstes Lied", "Zweites Lied"}}, {0x81, {"Die Musiker"}}}, 1,
                                             0x00, languages, static_cast<uint8_t>(packs.size() / 18));
  packs.insert(packs.end(), german.begin(), german.end());
  const auto japanese = test::cdTextBlockPacks({{0x80, {"X", "Y"}}}, 2, 0x80, languages, static_cast<uint8_t>(packs.size() / 18));
  packs.insert(packs.end(), japanese.begin(), japanese.end());
  return packs;
}

TEST(CdText, DecodesEveryLanguageBlockWithItsLanguage) {
  const CdTextDecoded d = decodeCdTextPacks(threeLanguages());
  EXPECT_EQ(d.facts.blocks, 3u);
  EXPECT_EQ(d.facts.crcFailures, 0u);
  EXPECT_EQ(d.facts.sequenceBreaks, 0u);
  ASSERT_EQ(d.blocks.size(), 3u);
  EXPECT_EQ(d.blocks[0].block, 0u);
  EXPECT_EQ(d.blocks[0].languageCode, 0x09);
  EXPECT_EQ(d.blocks[0].language, "english");
  EXPECT_EQ(d.blocks[0].disc.title, "A Rather Long Album Title");
  EXPECT_EQ(d.blocks[1].block, 1u);
  EXPECT_EQ(d.blocks[1].language, "german");
  EXPECT_EQ(d.blocks[1].characterCode, "iso-8859-1");
  EXPECT_EQ(d.blocks[1].disc.title, "Ein Album");
  EXPECT_EQ(d.blocks[1].disc.performer, "Die Musiker");
  ASSERT_EQ(d.blocks[1].tracks.count(2), 1u);
  EXPECT_EQ(d.blocks[1].tracks.at(2).title, "Zweites Lied");
  EXPECT_EQ(d.blocks[2].language, "japanese");
  EXPECT_EQ(d.blocks[2].characterCode, "ms-jis");
  EXPECT_EQ(d.blocks[2].disc.title, "") << "double-byte text is not decoded";
  // The disc and track text stay the first language's.
  EXPECT_EQ(d.disc.title, "A Rather Long Album Title");
  EXPECT_EQ(d.tracks.at(2).title, "Second Song With A Long Name");
  EXPECT_EQ(d.facts.characterCode, "iso-8859-1");
}

// Every assigned code of EBU Tech 3264 has its name; the national range and the unassigned codes
// keep their numbers.
TEST(CdText, LanguageCodesAreNamed) {
  const std::vector<std::pair<uint8_t, std::string>> cases = {
      {0x01, "albanian"}, {0x2B, "walloon"}, {0x35, "national-0x35"}, {0x2C, "unknown-0x2c"},
      {0x44, "unknown-0x44"}, {0x45, "zulu"}, {0x56, "russian"}, {0x7F, "amharic"}, {0x80, "unknown-0x80"}};
  for (const auto& [code, name] : cases) {
    const std::vector<uint8_t> languages = {code};
    const CdTextDecoded d = decodeCdTextPacks(test::cdTextBlockPacks(kAlbum, 0, 0x00, languages));
    ASSERT_EQ(d.blocks.size(), 1u);
    EXPECT_EQ(d.blocks[0].languageCode, code);
    EXPECT_EQ(d.blocks[0].language, name) << "code 0x" << std::hex << int{code};
  }
}

TEST(CdText, ASingleBlockIsOneLanguageBlock) {
  const CdTextDecoded d = decodeCdTextPacks(test::cdTextPacks(kAlbum));
  ASSERT_EQ(d.blocks.size(), 1u);
  EXPECT_EQ(d.blocks[0].language, "english");
  EXPECT_EQ(d.blocks[0].tracks.at(1).title, "First Song");
}

TEST(CdText, CrcFailuresInALaterBlockAreNamedByPack) {
  auto packs = threeLanguages();
  const size_t firstGerman = test::cdTextPacks(kAlbum).size() / 18;
  test::breakCdTextCrc(packs, firstGerman);
  const CdTextDecoded d = decodeCdTextPacks(packs);
  EXPECT_EQ(d.facts.crcFailures, 1u);
  EXPECT_EQ(d.facts.crcFailurePacks, std::vector<uint32_t>{static_cast<uint32_t>(firstGerman)});
  EXPECT_EQ(d.blocks.at(1).disc.title, "Ein Album");
}

TEST(CdText, EveryBlockReachesTheDisc) {
  Disc disc;
  Track t;
  t.number = 1;
  disc.tracks.push_back(t);
  disc.cdTextPacks = threeLanguages();
  applyCdTextPacks(disc, "ccd");
  ASSERT_EQ(disc.cdTextBlocks.size(), 3u);
  EXPECT_EQ(disc.cdTextBlocks[1].tracks.at(1).title, "Erstes Lied");
  EXPECT_EQ(disc.tracks[0].cdText.title, "First Song");
}

TEST(CdText, SkipsTheFourByteHeaderAndCountsStrayBytes) {
  const auto packs = test::cdTextPacks(kAlbum);
  std::vector<uint8_t> withHeader = {static_cast<uint8_t>((packs.size() + 2) >> 8), static_cast<uint8_t>(packs.size() + 2), 0, 0};
  withHeader.insert(withHeader.end(), packs.begin(), packs.end());
  const CdTextDecoded d = decodeCdTextPacks(withHeader);
  EXPECT_EQ(d.facts.packs, packs.size() / 18);
  EXPECT_EQ(d.facts.extraBytes, 0u);
  EXPECT_EQ(d.tracks.at(1).title, "First Song");
  std::vector<uint8_t> stray = packs;
  stray.insert(stray.end(), {1, 2, 3, 4, 5, 6, 7});
  EXPECT_EQ(decodeCdTextPacks(stray).facts.extraBytes, 7u);
}

TEST(CdText, PacksNeverOverrideTheDescriptorsText) {
  Disc disc;
  Track t;
  t.number = 1;
  t.cdText.title = "From The Sheet";
  disc.tracks.push_back(t);
  t.number = 2;
  t.cdText = {};
  disc.tracks.push_back(t);
  disc.cdTextPacks = test::cdTextPacks(kAlbum);
  applyCdTextPacks(disc, "ccd");
  EXPECT_EQ(disc.tracks[0].cdText.title, "From The Sheet");
  EXPECT_EQ(disc.tracks[0].cdText.performer, "The Performers");
  EXPECT_EQ(disc.tracks[1].cdText.title, "Second Song With A Long Name");
  ASSERT_TRUE(disc.cdTextPackFacts);
  EXPECT_EQ(disc.cdTextPackFacts->source, "ccd");
  EXPECT_TRUE(disc.hasCdText);
}

void write(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::optional<Disc> describe(const std::string& path) {
  auto source = openSource(path);
  if (!source) return std::nullopt;
  return describeCdInput(path, **source);
}

TEST(CdText, CueCdTextFileFillsTheTracks) {
  const std::string dir = test::scratchDir("cdtext-cue");
  write(dir + "/audio.bin", std::vector<uint8_t>(600 * 2352, 0));
  auto packs = test::cdTextPacks(kAlbum);
  test::breakCdTextCrc(packs, 4);
  write(dir + "/audio.cdt", packs);
  std::ofstream(dir + "/audio.cue") << "CDTEXTFILE \"audio.cdt\"\nFILE \"audio.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
                                       "  TRACK 02 AUDIO\n    INDEX 01 00:04:00\n";
  const auto d = describe(dir + "/audio.cue");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->cdText.title, "A Rather Long Album Title");
  ASSERT_EQ(d->tracks.size(), 2u);
  EXPECT_EQ(d->tracks[0].cdText.title, "First Song");
  EXPECT_EQ(d->tracks[1].cdText.performer, "Guest Singer");
  ASSERT_TRUE(d->cdTextPackFacts);
  EXPECT_EQ(d->cdTextPackFacts->source, "cdtextfile");
  EXPECT_EQ(d->cdTextPackFacts->file, "audio.cdt");
  EXPECT_EQ(d->cdTextPackFacts->crcFailurePacks, std::vector<uint32_t>{4});

  std::ofstream(dir + "/missing.cue") << "CDTEXTFILE \"nothere.cdt\"\nFILE \"audio.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n";
  const auto m = describe(dir + "/missing.cue");
  ASSERT_TRUE(m);
  bool named = false;
  for (const auto& i : m->issues) named = named || (i.topic == "CUE-002" && i.message.find("nothere.cdt") != std::string::npos);
  EXPECT_TRUE(named);
}

TEST(CdText, CloneCdSectionFillsTheTracks) {
  const std::string dir = test::scratchDir("cdtext-ccd");
  write(dir + "/disc.img", std::vector<uint8_t>(600 * 2352, 0));
  const auto packs = test::cdTextPacks(kAlbum);
  std::ofstream ccd(dir + "/disc.ccd");
  ccd << "[CloneCD]\nVersion=3\n[Disc]\nTocEntries=5\nSessions=1\nDataTracksScrambled=0\nCDTextLength=" << packs.size()
      << "\n[CDText]\nEntries=" << packs.size() / 18 << "\n";
  for (size_t i = 0; i < packs.size() / 18; ++i) {
    ccd << "Entry " << i << "=";
    for (size_t k = 0; k < 18; ++k) {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%02x", packs[i * 18 + k]);
      ccd << hex << (k + 1 < 18 ? " " : "\n");
    }
  }
  ccd << "[Session 1]\nPreGapMode=0\nPreGapSubC=0\n"
         "[Entry 0]\nSession=1\nPoint=0xa0\nADR=0x01\nControl=0x00\nPMin=1\nPSec=0\nPFrame=0\nPLBA=4350\n"
         "[Entry 1]\nSession=1\nPoint=0xa1\nADR=0x01\nControl=0x00\nPMin=2\nPSec=0\nPFrame=0\nPLBA=8850\n"
         "[Entry 2]\nSession=1\nPoint=0xa2\nADR=0x01\nControl=0x00\nPMin=0\nPSec=10\nPFrame=0\nPLBA=600\n"
         "[Entry 3]\nSession=1\nPoint=0x01\nADR=0x01\nControl=0x00\nPMin=0\nPSec=2\nPFrame=0\nPLBA=0\n"
         "[Entry 4]\nSession=1\nPoint=0x02\nADR=0x01\nControl=0x00\nPMin=0\nPSec=6\nPFrame=0\nPLBA=300\n"
         "[TRACK 1]\nMODE=0\nINDEX 1=0\n[TRACK 2]\nMODE=0\nINDEX 1=300\n";
  ccd.close();
  const auto d = describe(dir + "/disc.ccd");
  ASSERT_TRUE(d);
  ASSERT_EQ(d->tracks.size(), 2u);
  EXPECT_EQ(d->cdText.title, "A Rather Long Album Title");
  EXPECT_EQ(d->tracks[1].cdText.title, "Second Song With A Long Name");
  ASSERT_TRUE(d->cdTextPackFacts);
  EXPECT_EQ(d->cdTextPackFacts->source, "ccd");
  EXPECT_EQ(d->cdTextPackFacts->crcFailures, 0u);
}

TEST(CdText, NeroCdtxChunkFillsTheTracks) {
  // The image data (one 10-sector audio track), then CUEX, DAOX, CDTX, END! and the NER5 footer.
  std::vector<uint8_t> v(10 * 2352, 0);
  const uint64_t first = v.size();
  auto be = [&](std::vector<uint8_t>& into, uint64_t x, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) into.push_back(static_cast<uint8_t>(x >> (8 * i)));
  };
  auto chunk = [&](const char* id, const std::vector<uint8_t>& body) {
    v.insert(v.end(), id, id + 4);
    be(v, body.size(), 4);
    v.insert(v.end(), body.begin(), body.end());
  };
  std::vector<uint8_t> cue;
  for (auto [idx, lba] : {std::pair<uint8_t, int32_t>{0, -150}, {1, 0}}) {
    cue.insert(cue.end(), {0x01, 0x01, idx, 0});
    be(cue, static_cast<uint32_t>(lba), 4);
  }
  chunk("CUEX", cue);
  std::vector<uint8_t> dao(22, 0);
  dao[20] = dao[21] = 1;
  dao.insert(dao.end(), 12, 0);
  be(dao, 2352, 2);
  dao.insert(dao.end(), {0x07, 0, 0, 0});
  be(dao, 0, 8);
  be(dao, 0, 8);
  be(dao, 10 * 2352, 8);
  chunk("DAOX", dao);
  chunk("CDTX", test::cdTextPacks({{0x80, {"Nero Disc", "Only Track"}}}));
  chunk("END!", {});
  v.insert(v.end(), {'N', 'E', 'R', '5'});
  be(v, first, 8);
  Disc d = formats::parseNero(v, v.size(), "disc.nrg");
  ASSERT_FALSE(d.cdTextPacks.empty());
  applyCdTextPacks(d, "nrg");
  ASSERT_EQ(d.tracks.size(), 1u);
  EXPECT_EQ(d.cdText.title, "Nero Disc");
  EXPECT_EQ(d.tracks[0].cdText.title, "Only Track");
}

} // namespace
} // namespace dv::analyzer::cd
