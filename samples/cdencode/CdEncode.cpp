// dv-cdencode: writes raw 2352-byte CD sectors from cooked user data with discverify's own sector
// encoder (sync, header, EDC, P/Q ECC), for the sample images of samples/make-samples.sh.
//
//   dv-cdencode mode1 <in> <out> [lba]            2048-byte sectors -> raw Mode 1
//   dv-cdencode mode1sub <in> <out> [lba]         raw Mode 1 + 96 bytes of interleaved sub-channel
//                                                 (P, and Q with position and CRC): 2448 per sector
//   dv-cdencode xa <in> <out> <form2-sectors> [lba] 2048-byte sectors -> raw Mode 2 XA Form 1,
//                                                 followed by that many Form 2 sectors
//   dv-cdencode sub <img> <out> [catalog]         a CloneCD-style .sub for a file of 2352-byte sectors
//                                                 of track 1 from LBA 0: 96 linear bytes per sector,
//                                                 Q = position (ADR 1), or the 13-digit catalog
//                                                 number (ADR 2) in sectors whose LBA ends in 50
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "analyzer/cd/Sector.h"
#include "analyzer/cd/Subchannel.h"
#include "core/Lba.h"

namespace cd = dv::analyzer::cd;

namespace {

// The Q block of a sector of track 1 at `lba` (§1.7): ADR 1 position, or ADR 2 with `catalog`.
std::array<uint8_t, 12> qBlock(int32_t lba, uint8_t control, const std::string& catalog = {}) {
  std::array<uint8_t, 12> q{};
  const dv::Msf rel = dv::msfFromFrames(lba).value_or(dv::Msf{});
  const dv::Msf abs = dv::msfFromLba(lba).value_or(dv::Msf{});
  if (catalog.size() == 13) {
    q[0] = static_cast<uint8_t>(control << 4 | 0x02);
    for (size_t n = 0; n < 13; ++n) {
      const auto digit = static_cast<uint8_t>(catalog[n] - '0');
      q[1 + n / 2] = static_cast<uint8_t>(q[1 + n / 2] | (n % 2 == 0 ? digit << 4 : digit));
    }
  } else {
    q[0] = static_cast<uint8_t>(control << 4 | 0x01);
    q[1] = 0x01;
    q[2] = 0x01;
    q[3] = dv::toBcd(rel.minute);
    q[4] = dv::toBcd(rel.second);
    q[5] = dv::toBcd(rel.frame);
    q[7] = dv::toBcd(abs.minute);
    q[8] = dv::toBcd(abs.second);
  }
  q[9] = dv::toBcd(abs.frame);
  const auto crc = static_cast<uint16_t>(~cd::crc16Q(dv::ByteView(q.data(), 10)));
  q[10] = static_cast<uint8_t>(crc >> 8);
  q[11] = static_cast<uint8_t>(crc & 0xFF);
  return q;
}

// A .sub for the 2352-byte sectors in `img`: linear P-W, Q from qBlock(), P zero.
int writeSub(const char* img, const char* path, const std::string& catalog) {
  std::ifstream in(img, std::ios::binary);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!in || !out) {
    std::fprintf(stderr, "dv-cdencode: cannot read %s or write %s\n", img, path);
    return 2;
  }
  std::vector<uint8_t> sector(cd::kRawSectorSize);
  for (int32_t lba = 0; in.read(reinterpret_cast<char*>(sector.data()), static_cast<std::streamsize>(sector.size())); ++lba) {
    const uint8_t control = cd::hasSync(sector) ? 0x4 : 0x0;
    const auto q = qBlock(lba, control, lba % 100 == 50 ? catalog : std::string());
    std::vector<uint8_t> block(cd::kSubchannelSize, 0);
    std::copy(q.begin(), q.end(), block.begin() + 12);
    out.write(reinterpret_cast<const char*>(block.data()), static_cast<std::streamsize>(block.size()));
  }
  return out ? 0 : 2;
}

// The 96 interleaved sub-channel bytes of a sector of track 1 at `lba`: Q = ADR 1 position (§1.7).
std::vector<uint8_t> subchannel(int32_t lba) {
  const auto q = qBlock(lba, 0x4);
  std::vector<uint8_t> out(96, 0);
  for (size_t i = 0; i < 12; ++i)
    for (size_t j = 0; j < 8; ++j)
      if ((q[i] >> (7 - j)) & 1) out[8 * i + j] = static_cast<uint8_t>(out[8 * i + j] | 0x40);
  return out;
}

int usage() {
  std::fprintf(stderr, "usage: dv-cdencode mode1|mode1sub <in> <out> [lba] | xa <in> <out> <form2-sectors> [lba] | "
                       "sub <img> <out> [catalog]\n");
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 4) return usage();
  const std::string kind = argv[1];
  if (kind == "sub") return writeSub(argv[2], argv[3], argc > 4 ? argv[4] : "");
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "dv-cdencode: cannot read %s\n", argv[2]);
    return 2;
  }
  std::vector<uint8_t> user{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  user.resize((user.size() + cd::kUserDataSize - 1) / cd::kUserDataSize * cd::kUserDataSize, 0);
  long form2 = 0;
  int lbaArg = 4;
  if (kind == "xa") {
    if (argc < 5) return usage();
    form2 = std::strtol(argv[4], nullptr, 10);
    lbaArg = 5;
  } else if (kind != "mode1" && kind != "mode1sub") {
    return usage();
  }
  int32_t lba = argc > lbaArg ? static_cast<int32_t>(std::strtol(argv[lbaArg], nullptr, 10)) : 0;
  std::ofstream out(argv[3], std::ios::binary | std::ios::trunc);
  std::vector<uint8_t> sector(cd::kRawSectorSize);
  for (size_t off = 0; off < user.size(); off += cd::kUserDataSize, ++lba) {
    const dv::ByteView data(user.data() + off, cd::kUserDataSize);
    if (kind == "xa") cd::encodeMode2Form1(sector, lba, {0, 0, 0x08, 0}, data); // submode: data
    else cd::encodeMode1(sector, lba, data);
    out.write(reinterpret_cast<const char*>(sector.data()), static_cast<std::streamsize>(sector.size()));
    if (kind == "mode1sub") {
      const auto sub = subchannel(lba);
      out.write(reinterpret_cast<const char*>(sub.data()), static_cast<std::streamsize>(sub.size()));
    }
  }
  std::vector<uint8_t> payload(cd::kForm2UserSize);
  for (long i = 0; i < form2; ++i, ++lba) {
    for (size_t k = 0; k < payload.size(); ++k) payload[k] = static_cast<uint8_t>((k * 13 + static_cast<size_t>(i)) & 0xFF);
    cd::encodeMode2Form2(sector, lba, {1, 1, 0x64, 0}, payload); // submode: audio, real-time, Form 2
    out.write(reinterpret_cast<const char*>(sector.data()), static_cast<std::streamsize>(sector.size()));
  }
  if (!out) {
    std::fprintf(stderr, "dv-cdencode: cannot write %s\n", argv[3]);
    return 2;
  }
  return 0;
}
