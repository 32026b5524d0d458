// CdText: decoding CD-TEXT packs (MMC Annex J "CD-TEXT", Red Book lead-in R-W sub-channel): 18-byte
// packs (type 0x80-0x8F, track, sequence, block/character position, 12 text bytes, CRC-16), text
// strings split across packs, one string per track, and the size information of each block.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analyzer/cd/Disc.h"
#include "core/ByteView.h"

namespace dv::analyzer::cd {

inline constexpr size_t kCdTextPackSize = 18;
/// The most CD-TEXT bytes read: 8 blocks of at most 256 packs, and a 4-byte header.
inline constexpr size_t kMaxCdTextBytes = 8 * 256 * kCdTextPackSize + 4;

/// The text of every language block present, the text of block 0 (the first language) by track
/// (0 = the disc), and the facts of the packs.
struct CdTextDecoded {
  CdText disc;
  std::map<uint32_t, CdText> tracks;
  std::vector<CdTextBlock> blocks; ///< in block order, only blocks with packs
  CdTextPackFacts facts;
};

/// Decodes `bytes`: whole packs, after a 4-byte READ TOC/PMA/ATIP header when the length says there
/// is one (cdrdao .cdt files and drive responses carry it). Packs whose CRC fails are still decoded
/// (their failure is a fact). Double-byte text (MS-JIS) is counted, not decoded. Never fails.
CdTextDecoded decodeCdTextPacks(ByteView bytes);

/// Decodes disc.cdTextPacks (when present) into disc.cdTextPackFacts and fills the CD-TEXT fields of
/// the disc and its tracks that the descriptor left empty. `source` names where the packs came from.
void applyCdTextPacks(Disc& disc, const std::string& source);

} // namespace dv::analyzer::cd
