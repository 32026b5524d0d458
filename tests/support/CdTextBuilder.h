// CdTextBuilder: CD-TEXT packs built in code (MMC Annex J layout) for tests of the decoder and of the
// descriptors that carry packs (CloneCD [CDText], Nero CDTX, a CUE CDTEXTFILE).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dv::test {

/// One text pack type (0x80 title, 0x81 performer, ...) and its strings: [0] the disc, [n] track n.
using CdTextField = std::pair<uint8_t, std::vector<std::string>>;

/// Block 0 packs of `fields` (strings as bytes, each NUL-terminated, split into 12-byte pack
/// payloads), then the three size-information packs (0x8F) with `characterCode`; sequence numbers
/// from 0, each pack with its CRC-16.
std::vector<uint8_t> cdTextPacks(const std::vector<CdTextField>& fields, uint8_t characterCode = 0x00);

/// One language block: what cdTextPacks builds, in block `block` (0-7), its size information
/// naming `languages` (the language code of blocks 0, 1, ...), sequence numbers from `firstSequence`.
/// Blocks built this way are concatenated for a multi-language disc.
std::vector<uint8_t> cdTextBlockPacks(const std::vector<CdTextField>& fields, uint8_t block, uint8_t characterCode,
                                      const std::vector<uint8_t>& languages, uint8_t firstSequence = 0);

/// Rewrites the CRC of pack `index` of `packs` so that it no longer verifies.
void breakCdTextCrc(std::vector<uint8_t>& packs, size_t index);

} // namespace dv::test
