// DiscAppImages: DVD-Video and BDMV trees for tests.
#include "tests/support/DiscAppImages.h"

#include <cstdlib>

#include "tests/support/ExtImage.h"
#include "tests/support/IsoBuilder.h"

namespace dv::test {
namespace {

void be16(std::string& b, size_t o, uint16_t v) {
  b[o] = static_cast<char>(v >> 8);
  b[o + 1] = static_cast<char>(v);
}
void be32(std::string& b, size_t o, uint32_t v) {
  for (size_t i = 0; i < 4; ++i) b[o + i] = static_cast<char>(v >> (8 * (3 - i)));
}

/// A BDMV database file: type, version, start addresses, padding to `size`.
std::string bdmvFile(const char* type, std::vector<uint32_t> addresses, size_t size) {
  std::string b(size, '\0');
  b.replace(0, 4, type);
  b.replace(4, 4, "0200");
  for (size_t k = 0; k < addresses.size(); ++k) be32(b, 8 + 4 * k, addresses[k]);
  for (size_t i = 8 + 4 * addresses.size(); i < size; ++i) b[i] = static_cast<char>(i * 13);
  return b;
}

/// BDAV source packets: 4-byte header, then a TS packet starting 47h.
std::string m2ts(size_t units) {
  std::string b(units * 6144, '\0');
  for (size_t p = 0; p < b.size(); p += 192) {
    b[p + 4] = 0x47;
    for (size_t i = 5; i < 192; ++i) b[p + i] = static_cast<char>(p + i);
  }
  return b;
}

} // namespace

std::string dvdVob(size_t sectors, uint8_t seed, bool scrambled) {
  std::string b(sectors * 2048, '\0');
  for (size_t s = 0; s < sectors; ++s) {
    const size_t o = s * 2048;
    b[o + 2] = 0x01;
    b[o + 3] = static_cast<char>(0xBA);
    b[o + 4] = 0x44;
    for (size_t k = 14; k < 2048; ++k) b[o + k] = static_cast<char>(k * 7 + s + seed);
    b[o + 0x14] = static_cast<char>((static_cast<uint8_t>(b[o + 0x14]) & 0xCF) | (scrambled ? 0x10 : 0));
  }
  return b;
}

std::string dvdVmgIfo(uint32_t lastSectorOfSet, uint32_t vtsStart, uint16_t titleSets) {
  std::string b(2 * 2048, '\0');
  b.replace(0, 12, "DVDVIDEO-VMG");
  be32(b, 0x0C, lastSectorOfSet);
  be32(b, 0x1C, 1);
  b[0x21] = 0x11;
  be16(b, 0x26, 1);
  be16(b, 0x28, 1);
  b[0x2A] = 1;
  be16(b, 0x3E, titleSets);
  b.replace(0x40, 10, "DISCVERIFY");
  be32(b, 0x80, 0x3FF);
  be32(b, 0xC0, 2); // menu VOBS right after the 2-sector IFO
  be32(b, 0xC4, 1); // TT_SRPT in sector 1
  const size_t t = 2048;
  be16(b, t, 1);
  be32(b, t + 4, 8 + 12 - 1);
  b[t + 8] = 0x3C;
  b[t + 9] = 1;
  be16(b, t + 10, 1);
  b[t + 14] = 1;
  b[t + 15] = 1;
  be32(b, t + 16, vtsStart);
  return b;
}

std::string dvdVtsIfo(uint32_t lastSectorOfSet) {
  std::string b(2048, '\0');
  b.replace(0, 12, "DVDVIDEO-VTS");
  be32(b, 0x0C, lastSectorOfSet);
  be32(b, 0x1C, 0);
  b[0x21] = 0x11;
  be32(b, 0x80, 0x3FF);
  be32(b, 0xC4, 1); // VTSTT_VOBS after the 1-sector IFO
  return b;
}

std::vector<TreeFile> dvdFiles() {
  const std::string vmg = dvdVmgIfo(2 + 16 + 2 - 1, 2 + 16 + 2);
  const std::string vts = dvdVtsIfo(1 + 16 + 1 - 1);
  return {{"/VIDEO_TS/VIDEO_TS.IFO;1", vmg},         {"/VIDEO_TS/VIDEO_TS.VOB;1", dvdVob(16, 1)},
          {"/VIDEO_TS/VIDEO_TS.BUP;1", vmg},         {"/VIDEO_TS/VTS_01_0.IFO;1", vts},
          {"/VIDEO_TS/VTS_01_1.VOB;1", dvdVob(16, 2)}, {"/VIDEO_TS/VTS_01_0.BUP;1", vts}};
}

std::vector<TreeFile> bdFiles() {
  const std::string index = bdmvFile("INDX", {0x28, 0}, 120);
  const std::string movie = bdmvFile("MOBJ", {0}, 100);
  const std::string playlist = bdmvFile("MPLS", {0x3A, 0x90, 0}, 200);
  const std::string clip = bdmvFile("HDMV", {}, 160);
  return {{"/BDMV/INDEX.BDMV;1", index},
          {"/BDMV/MOVIEOBJECT.BDMV;1", movie},
          {"/BDMV/PLAYLIST/00000.MPLS;1", playlist},
          {"/BDMV/CLIPINF/00000.CLPI;1", clip},
          {"/BDMV/STREAM/00000.M2TS;1", m2ts(2)},
          {"/BDMV/BACKUP/INDEX.BDMV;1", index},
          {"/BDMV/BACKUP/MOVIEOBJECT.BDMV;1", movie},
          {"/BDMV/BACKUP/PLAYLIST/00000.MPLS;1", playlist},
          {"/BDMV/BACKUP/CLIPINF/00000.CLPI;1", clip}};
}

std::vector<uint8_t> discImage(const std::vector<TreeFile>& files, unsigned nsr, uint16_t udfRevision) {
  IsoBuilder b;
  for (const TreeFile& f : files) b.file(f.path, f.data);
  if (nsr != 0) {
    b.afterTerminators = ExtImage::udfRecognitionSectors(nsr);
    b.trailingSectors = 300; // room for the anchor at 256, the descriptor sequences and the last anchor
  }
  const BuiltIso built = b.build();
  if (nsr == 0) return built.bytes;
  ExtImage img(built.bytes);
  img.udfVolume(nsr, udfRevision, img.sectors() - 40);
  return img.bytes();
}

TreeFile& fileAt(std::vector<TreeFile>& files, const std::string& path) {
  for (TreeFile& f : files)
    if (f.path == path) return f;
  std::abort();
}

} // namespace dv::test
