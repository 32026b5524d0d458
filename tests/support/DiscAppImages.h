// DiscAppImages: small DVD-Video and BDMV trees for the disc application tests, built with
// IsoBuilder on a UDF bridge (ExtImage) with the files in layout order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dv::test {

/// A file of the tree: its ISO 9660 path as recorded ("/VIDEO_TS/VIDEO_TS.IFO;1") and its bytes.
struct TreeFile {
  std::string path;
  std::string data;
};

/// MPEG program stream packs: `sectors` sectors starting 00 00 01 BA; `scrambled` sets the PES
/// scrambling control bits (sector[0x14] & 0x30).
std::string dvdVob(size_t sectors, uint8_t seed, bool scrambled = false);
/// VIDEO_TS.IFO of 2 sectors (VMGI_MAT, TT_SRPT with one title in title set 1 at `vtsStart`).
std::string dvdVmgIfo(uint32_t lastSectorOfSet, uint32_t vtsStart, uint16_t titleSets = 1);
/// VTS_01_0.IFO of 1 sector whose title VOBs start at sector 1.
std::string dvdVtsIfo(uint32_t lastSectorOfSet);

/// A conforming DVD-Video tree in layout order: VIDEO_TS.IFO (2 sectors), VIDEO_TS.VOB (16),
/// VIDEO_TS.BUP, VTS_01_0.IFO (1), VTS_01_1.VOB (16), VTS_01_0.BUP.
std::vector<TreeFile> dvdFiles();
/// A BDMV tree: index.bdmv, MovieObject.bdmv, one playlist, one clip with its stream, BACKUP copies.
std::vector<TreeFile> bdFiles();
/// Builds the files in the given order under an ISO 9660 volume with a UDF bridge (nsr 0: none).
std::vector<uint8_t> discImage(const std::vector<TreeFile>& files, unsigned nsr, uint16_t udfRevision);

/// The file of `files` with `path`; aborts the test binary when absent.
TreeFile& fileAt(std::vector<TreeFile>& files, const std::string& path);

} // namespace dv::test
