// CdTextBuilder: CD-TEXT packs for tests.
#include "tests/support/CdTextBuilder.h"

#include <algorithm>

#include "analyzer/cd/Subchannel.h"

namespace dv::test {
namespace {

void seal(std::vector<uint8_t>& packs, size_t start) {
  const uint16_t crc = static_cast<uint16_t>(~analyzer::cd::crc16Q(ByteView(packs.data() + start, 16)));
  packs[start + 16] = static_cast<uint8_t>(crc >> 8);
  packs[start + 17] = static_cast<uint8_t>(crc);
}

} // namespace

std::vector<uint8_t> cdTextPacks(const std::vector<CdTextField>& fields, uint8_t characterCode) {
  return cdTextBlockPacks(fields, 0, characterCode, {0x09});
}

std::vector<uint8_t> cdTextBlockPacks(const std::vector<CdTextField>& fields, uint8_t block, uint8_t characterCode,
                                      const std::vector<uint8_t>& languages, uint8_t firstSequence) {
  std::vector<uint8_t> out;
  uint8_t sequence = firstSequence;
  const uint8_t blockBits = static_cast<uint8_t>((block & 0x07) << 4);
  uint8_t lastTrack = 0;
  std::vector<uint8_t> counts(16, 0);
  for (const auto& [type, strings] : fields) {
    // The text of every string in order, each ending with a NUL; per byte, the string (track) it
    // belongs to and its position in that string.
    std::vector<uint8_t> text;
    std::vector<std::pair<uint8_t, uint8_t>> owner;
    for (size_t track = 0; track < strings.size(); ++track) {
      for (size_t k = 0; k <= strings[track].size(); ++k) {
        text.push_back(k < strings[track].size() ? static_cast<uint8_t>(strings[track][k]) : 0);
        owner.emplace_back(static_cast<uint8_t>(track), static_cast<uint8_t>(std::min<size_t>(k, 15)));
      }
      lastTrack = std::max(lastTrack, static_cast<uint8_t>(track));
    }
    for (size_t at = 0; at < text.size(); at += 12) {
      const size_t start = out.size();
      out.resize(start + 18, 0);
      out[start] = type;
      out[start + 1] = owner[at].first;
      out[start + 2] = sequence++;
      out[start + 3] = static_cast<uint8_t>(blockBits | owner[at].second); // block, single-byte, character position
      for (size_t k = 0; k < 12 && at + k < text.size(); ++k) out[start + 4 + k] = text[at + k];
      seal(out, start);
      ++counts[type & 0x0F];
    }
  }
  counts[0x0F] = 3;
  // Size information: character code, first and last track, copyright, pack counts per type, last
  // sequence number per block, language codes (MMC Annex J).
  std::vector<uint8_t> info(36, 0);
  info[0] = characterCode;
  info[1] = 1;
  info[2] = lastTrack;
  for (size_t t = 0; t < 16; ++t) info[4 + t] = counts[t];
  info[20 + (block & 0x07)] = static_cast<uint8_t>(sequence + 2);
  for (size_t k = 0; k < languages.size() && k < 8; ++k) info[28 + k] = languages[k];
  for (uint8_t n = 0; n < 3; ++n) {
    const size_t start = out.size();
    out.resize(start + 18, 0);
    out[start] = 0x8F;
    out[start + 1] = n;
    out[start + 2] = sequence++;
    out[start + 3] = blockBits;
    std::copy_n(info.begin() + 12 * n, 12, out.begin() + static_cast<std::ptrdiff_t>(start + 4));
    seal(out, start);
  }
  return out;
}

void breakCdTextCrc(std::vector<uint8_t>& packs, size_t index) { packs.at(index * 18 + 17) ^= 0x5A; }

} // namespace dv::test
