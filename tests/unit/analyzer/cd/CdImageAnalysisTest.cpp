// End to end through analyzeImage: a raw MODE1/2352 .bin with its .cue gives the .iso's content
// digest and the same ISO 9660 volume, read through the cooked user-data source.
#include <gtest/gtest.h>

#include <fstream>

#include "analyzer/ImageAnalysis.h"
#include "analyzer/cd/Sector.h"
#include "hashing/Hasher.h"
#include "tests/support/IsoBuilder.h"
#include "tests/support/TestPaths.h"

namespace dv::analyzer::cd {
namespace {

void write(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

TEST(CdImageAnalysis, RawBinCueMatchesTheIso) {
  const auto iso = test::IsoBuilder().directory("/DOCS").file("/DOCS/A.TXT;1", std::string(5000, 'a')).file("/B.TXT;1", "bee").build();
  std::vector<uint8_t> raw(iso.bytes.size() / 2048 * kRawSectorSize);
  for (size_t i = 0; i < iso.bytes.size() / 2048; ++i)
    encodeMode1(MutableByteView(raw.data() + i * kRawSectorSize, kRawSectorSize), static_cast<int32_t>(i),
                ByteView(iso.bytes.data() + i * 2048, 2048));
  const std::string dir = test::scratchDir("cd-image-analysis");
  write(dir + "/disc.bin", raw);
  std::ofstream(dir + "/disc.cue") << "FILE \"disc.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n";
  write(dir + "/disc.iso", iso.bytes);

  AnalyzeOptions o;
  o.imageHashes = {hashing::Algorithm::Sha256};
  auto fromCue = analyzeImage(dir + "/disc.cue", o);
  auto fromIso = analyzeImage(dir + "/disc.iso", o);
  ASSERT_TRUE(fromCue && fromIso);
  ASSERT_TRUE(fromCue->cd);
  EXPECT_FALSE(fromIso->cd); // a plain .iso is the ISO analysis's
  ASSERT_EQ(fromCue->cd->content.size(), 1u);
  EXPECT_EQ(fromCue->cd->content[0].digests[0], fromIso->digests[0].digest);
  EXPECT_EQ(fromCue->cd->files[0].digests[0], hashing::digestOf(hashing::Algorithm::Sha256, raw));
  ASSERT_TRUE(fromCue->iso.found);
  ASSERT_TRUE(fromIso->iso.found);
  EXPECT_EQ(fromCue->iso.tree.files.size(), fromIso->iso.tree.files.size());
  EXPECT_EQ(fromCue->iso.tree.files.size(), 2u);

  // The same bytes without a descriptor: detected as raw 2352, same content digest.
  auto fromRaw = analyzeImage(dir + "/disc.bin", o);
  ASSERT_TRUE(fromRaw && fromRaw->cd);
  EXPECT_EQ(fromRaw->cd->disc.format, "raw");
  EXPECT_EQ(fromRaw->cd->content[0].digests[0], fromIso->digests[0].digest);
  EXPECT_TRUE(fromRaw->iso.found);
}

} // namespace
} // namespace dv::analyzer::cd
