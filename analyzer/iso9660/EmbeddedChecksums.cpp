// EmbeddedChecksums: isomd5sum and libisofs checksum tags, found before the pass and verified in it.
#include "analyzer/iso9660/EmbeddedChecksums.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/ByteReader.h"

namespace dv::analyzer {
namespace {

constexpr uint64_t kApplicationUseOffset = 883; // ECMA-119 8.4.32: BP 884-1395
constexpr uint64_t kApplicationUseBytes = 512;
constexpr uint64_t kIsoMd5ReadBytes = 16 * kImageSectorBytes; // the tool's read size: fragment boundaries
constexpr size_t kFragmentDigits = 60;
constexpr unsigned kMaxDescriptors = 64;
constexpr uint64_t kTagScanFirst = 16;
constexpr uint64_t kTagScanLast = 100;   // superblock tags follow the descriptor set (session at 0 or 32)
constexpr unsigned kMaxTagHops = 8;

std::optional<uint64_t> number(std::string_view text) {
  uint64_t v = 0;
  if (text.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

bool isHex32(std::string_view s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

/// The first hex digit of a byte printed without leading zeros: how isomd5sum writes fragment sums.
char fragmentDigit(uint8_t b) {
  static constexpr char kHex[] = "0123456789abcdef";
  return b >= 16 ? kHex[b >> 4] : kHex[b];
}

std::string tagKind(const LibisofsTag& t) { return "libisofs " + t.type + " tag"; }

} // namespace

std::string_view embeddedStatusName(EmbeddedStatus s) {
  switch (s) {
  case EmbeddedStatus::Match: return "match";
  case EmbeddedStatus::Mismatch: return "mismatch";
  case EmbeddedStatus::Incomplete: return "incomplete";
  }
  return "incomplete";
}

std::optional<IsoMd5Sum> parseIsoMd5Sum(ByteView applicationUse) {
  // The tool reads the field as a C string of at most 511 characters and scans it for its keys.
  std::string text(applicationUse.begin(), applicationUse.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(applicationUse.size(), 511)));
  if (const size_t nul = text.find('\0'); nul != std::string::npos) text.resize(nul);
  auto valueAt = [&](size_t from) {
    const size_t semi = text.find(';', from);
    return std::string_view(text).substr(from, (semi == std::string::npos ? text.size() : semi) - from);
  };
  IsoMd5Sum out;
  bool haveMd5 = false, haveSkip = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const std::string_view rest = std::string_view(text).substr(i);
    if (rest.starts_with("ISO MD5SUM = ")) {
      out.md5 = std::string(valueAt(i + 13).substr(0, 32));
      haveMd5 = out.md5.size() == 32;
    } else if (rest.starts_with("SKIPSECTORS = ")) {
      if (auto v = number(valueAt(i + 14))) {
        out.skipSectors = *v;
        haveSkip = true;
      }
    } else if (rest.starts_with("RHLISOSTATUS=")) {
      if (auto v = number(valueAt(i + 13))) out.supported = static_cast<int>(std::min<uint64_t>(*v, 1));
    } else if (rest.starts_with("FRAGMENT SUMS = ")) {
      out.fragmentSums = std::string(valueAt(i + 16).substr(0, kFragmentDigits));
    } else if (rest.starts_with("FRAGMENT COUNT = ")) {
      if (auto v = number(valueAt(i + 17))) out.fragmentCount = *v;
    }
  }
  if (!haveMd5 || !haveSkip) return std::nullopt;
  if (out.fragmentSums.empty()) out.fragmentCount = 0;
  return out;
}

std::optional<LibisofsTag> parseLibisofsTag(ByteView block, uint64_t lba) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {"libisofs_sb_checksum_tag_v1 ", "superblock"},
      {"libisofs_tree_checksum_tag_v1 ", "tree"},
      {"libisofs_checksum_tag_v1 ", "session"},
      {"libisofs_rlsb32_checksum_tag_v1 ", "relocated superblock"}};
  const size_t limit = std::min<size_t>(block.size(), 1024);
  std::string text(block.begin(), block.begin() + static_cast<std::ptrdiff_t>(limit));
  const size_t newline = text.find('\n');
  if (newline == std::string::npos) return std::nullopt;
  text.resize(newline);
  LibisofsTag t;
  t.lba = lba;
  for (const auto& [prefix, type] : kTypes)
    if (text.starts_with(prefix)) t.type = type;
  if (t.type.empty()) return std::nullopt;
  auto field = [&](std::string_view key) -> std::optional<std::string_view> {
    std::string needle(1, ' ');
    needle.append(key);
    needle.push_back('=');
    const size_t at = text.find(needle);
    if (at == std::string::npos) return std::nullopt;
    const size_t from = at + needle.size();
    const size_t end = text.find(' ', from);
    return std::string_view(text).substr(from, (end == std::string::npos ? text.size() : end) - from);
  };
  auto pos = field("pos");
  auto start = field("range_start");
  auto size = field("range_size");
  auto md5 = field("md5");
  auto self = field("self");
  if (!pos || !start || !size || !md5 || !self) return std::nullopt;
  auto p = number(*pos), s = number(*start), z = number(*size);
  if (!p || !s || !z || !isHex32(*md5) || !isHex32(*self)) return std::nullopt;
  t.pos = *p;
  t.rangeStart = *s;
  t.rangeSize = *z;
  if (auto n = field("next")) t.next = number(*n);
  t.md5 = std::string(*md5);
  t.self = std::string(*self);
  // doc/checksums.txt: self covers the text up to and including the last digit of md5=.
  const size_t md5End = text.find(" md5=") + 5 + 32;
  const auto selfDigest = hashing::digestOf(hashing::Algorithm::Md5, ByteView(block.first(md5End)));
  t.selfValid = selfDigest.hex() == t.self;
  return t;
}

EmbeddedChecksumFacts findEmbeddedChecksums(const ImageSectors& image) {
  EmbeddedChecksumFacts out;
  // isomd5sum: the first primary descriptor of the set.
  for (unsigned i = 0; i < kMaxDescriptors; ++i) {
    auto sector = image.sector(16 + i);
    if (!sector) break;
    ByteReader in(*sector);
    const uint8_t type = in.u8At(0);
    if (type == 255 || in.stringAt(1, 5) != "CD001") break;
    if (type != 1) continue;
    if (auto sum = parseIsoMd5Sum(in.viewAt(kApplicationUseOffset, kApplicationUseBytes))) {
      sum->pvdLba = 16 + i;
      sum->volumeBytes = uint64_t{in.be32At(84)} * kImageSectorBytes; // the tool reads the big-endian half
      out.isoMd5 = *sum;
    }
    (void)in.takeError();
    break;
  }

  // libisofs: a superblock tag after the descriptor set, then the chain of next= addresses.
  std::set<uint64_t> visited;
  std::optional<uint64_t> next;
  for (uint64_t lba = kTagScanFirst; lba <= kTagScanLast && lba < image.sectorCount(); ++lba) {
    auto block = image.sector(lba);
    if (!block) break;
    auto tag = parseLibisofsTag(*block, lba);
    if (!tag || tag->pos != lba) continue; // a tag elsewhere than its pos is payload, not a tag
    visited.insert(lba);
    out.tags.push_back(*tag);
    if (tag->type == "superblock") {
      next = tag->next;
      break;
    }
  }
  for (unsigned hop = 0; next && hop < kMaxTagHops; ++hop) {
    const uint64_t lba = *next;
    next.reset();
    if (!visited.insert(lba).second) break;
    auto block = image.sector(lba);
    if (!block) break;
    auto tag = parseLibisofsTag(*block, lba);
    if (!tag || tag->pos != lba) break;
    out.tags.push_back(*tag);
    next = tag->next;
  }
  return out;
}

// ------------------------------------------------------------------------------------------------

/// One running MD5 from a range start, with snapshots at each covered end.
struct EmbeddedChecksumConsumer::Range {
  uint64_t start = 0;
  std::map<uint64_t, std::string> snapshots; ///< end -> digest hex, filled when reached
  uint64_t lastEnd = 0;
  std::unique_ptr<hashing::Hasher> hasher = hashing::makeHasher(hashing::Algorithm::Md5);
};

/// The isomd5sum sum: application-use bytes as spaces, fragments checked at 32 KiB boundaries.
struct EmbeddedChecksumConsumer::IsoMd5State {
  IsoMd5Sum sum;
  uint64_t total = 0;           ///< bytes covered
  ByteRange blanked;
  uint64_t fed = 0;
  uint64_t previousFragment = 0;
  uint64_t lastGoodEnd = 0;     ///< end of the read after which the last fragment check passed
  std::optional<uint64_t> badFragment; ///< the first fragment whose sum differs (later ones follow)
  ByteRange badRange;           ///< the bytes between the last good check and the bad one
  std::string digest;
  std::unique_ptr<hashing::Hasher> hasher = hashing::makeHasher(hashing::Algorithm::Md5);
};

EmbeddedChecksumConsumer::EmbeddedChecksumConsumer(EmbeddedChecksumFacts facts) : facts_(std::move(facts)) {
  if (facts_.isoMd5) {
    isoMd5_ = std::make_unique<IsoMd5State>();
    isoMd5_->sum = *facts_.isoMd5;
    const uint64_t skip = facts_.isoMd5->skipSectors * kImageSectorBytes;
    isoMd5_->total = facts_.isoMd5->volumeBytes > skip ? facts_.isoMd5->volumeBytes - skip : 0;
    isoMd5_->blanked = {facts_.isoMd5->pvdLba * kImageSectorBytes + kApplicationUseOffset, kApplicationUseBytes};
  }
  for (const LibisofsTag& t : facts_.tags) {
    uint64_t start = 0, size = 0, end = 0;
    if (!checkedMul(t.rangeStart, kImageSectorBytes, start) || !checkedMul(t.rangeSize, kImageSectorBytes, size) ||
        !checkedAdd(start, size, end))
      continue;
    auto it = std::find_if(ranges_.begin(), ranges_.end(), [&](const auto& r) { return r->start == start; });
    if (it == ranges_.end()) {
      ranges_.push_back(std::make_unique<Range>());
      ranges_.back()->start = start;
      it = ranges_.end() - 1;
    }
    (*it)->snapshots.emplace(end, std::string());
    (*it)->lastEnd = std::max((*it)->lastEnd, end);
  }
}

EmbeddedChecksumConsumer::~EmbeddedChecksumConsumer() = default;

void EmbeddedChecksumConsumer::consume(const Chunk& chunk) {
  const uint64_t begin = chunk.offset;
  const uint64_t end = chunk.offset + chunk.data.size();
  for (auto& r : ranges_) {
    uint64_t pos = std::max(begin, r->start);
    const uint64_t stop = std::min(end, r->lastEnd);
    // Feed up to each snapshot point inside this chunk, then take the snapshot.
    while (pos < stop) {
      auto snap = r->snapshots.upper_bound(pos);
      const uint64_t until = std::min(stop, snap == r->snapshots.end() ? stop : snap->first);
      r->hasher->update(chunk.data.subspan(static_cast<size_t>(pos - begin), static_cast<size_t>(until - pos)));
      pos = until;
      if (snap != r->snapshots.end() && pos == snap->first) snap->second = r->hasher->snapshot().hex();
    }
  }
  if (!isoMd5_) return;
  IsoMd5State& s = *isoMd5_;
  uint64_t pos = std::max(begin, s.fed);
  const uint64_t stop = std::min(end, s.total);
  while (pos < stop) {
    // Feed one tool-sized read at a time so the fragment checks fall where the tool makes them.
    const uint64_t bufferStart = pos - pos % kIsoMd5ReadBytes;
    const uint64_t bufferEnd = std::min(bufferStart + kIsoMd5ReadBytes, s.total);
    const uint64_t until = std::min(stop, bufferEnd);
    std::vector<uint8_t> part(chunk.data.begin() + static_cast<std::ptrdiff_t>(pos - begin),
                              chunk.data.begin() + static_cast<std::ptrdiff_t>(until - begin));
    for (uint64_t b = std::max(pos, s.blanked.offset); b < std::min(until, s.blanked.end()); ++b) part[b - pos] = ' ';
    s.hasher->update(part);
    pos = until;
    s.fed = pos;
    if (pos != bufferEnd || s.sum.fragmentCount == 0) continue;
    const uint64_t fragmentBytes = s.total / (s.sum.fragmentCount + 1);
    if (fragmentBytes == 0) continue;
    const uint64_t fragment = bufferStart / fragmentBytes;
    if (fragment == s.previousFragment) continue;
    s.previousFragment = fragment;
    const size_t digits = kFragmentDigits / s.sum.fragmentCount;
    if (fragment == 0 || fragment > s.sum.fragmentCount || digits == 0) continue;
    if (s.badFragment) continue; // the sums are cumulative: every later fragment differs too
    const auto d = s.hasher->snapshot();
    const size_t first = (fragment - 1) * digits;
    bool good = true;
    for (size_t i = 0; i < std::min<size_t>(digits, d.bytes.size()); ++i)
      if (first + i >= s.sum.fragmentSums.size() || fragmentDigit(d.bytes[i]) != s.sum.fragmentSums[first + i]) good = false;
    if (good) {
      s.lastGoodEnd = bufferEnd;
    } else {
      s.badFragment = fragment;
      s.badRange = {s.lastGoodEnd, bufferEnd - s.lastGoodEnd};
    }
  }
  if (s.fed == s.total && s.digest.empty()) s.digest = s.hasher->snapshot().hex();
}

void EmbeddedChecksumConsumer::finish(uint64_t totalBytes) {
  if (isoMd5_) {
    const IsoMd5State& s = *isoMd5_;
    EmbeddedChecksum c;
    c.kind = "isomd5sum";
    c.lba = s.sum.pvdLba;
    c.covered = {0, s.total};
    c.expected = s.sum.md5;
    std::transform(c.expected.begin(), c.expected.end(), c.expected.begin(), [](char ch) { return static_cast<char>(std::tolower(static_cast<unsigned char>(ch))); });
    c.computed = s.fed == s.total ? s.digest : std::string();
    if (c.computed.empty()) {
      // The tool reads what there is and compares: a short image fails its check.
      c.status = EmbeddedStatus::Mismatch;
      c.detail = fmt::format("image ends at 0x{:x}, before the covered end 0x{:x}", totalBytes, s.total);
    } else {
      c.status = c.computed == c.expected ? EmbeddedStatus::Match : EmbeddedStatus::Mismatch;
    }
    // The whole-image sum decides. The fragment sums only say where a difference lies, and only
    // when each fragment spans at least one of the tool's reads: on smaller images the tool skips
    // fragments and its own check fails on intact data.
    const uint64_t fragmentBytes = s.sum.fragmentCount ? s.total / (s.sum.fragmentCount + 1) : 0;
    const bool fragmentsUsable = fragmentBytes >= kIsoMd5ReadBytes;
    if (s.badFragment && c.status == EmbeddedStatus::Mismatch && fragmentsUsable)
      c.detail = fmt::format("fragment {} of {} differs: the change lies in bytes 0x{:x}-0x{:x}", *s.badFragment,
                             s.sum.fragmentCount, s.badRange.offset, s.badRange.end() - 1);
    else if (s.badFragment && c.status == EmbeddedStatus::Match)
      c.detail = fragmentsUsable ? "the MD5 matches but a fragment sum does not"
                                 : "the MD5 matches; the fragment sums cannot be checked on an image this small "
                                   "(checkisomd5 reports a failure here)";
    results_.push_back(std::move(c));
  }
  for (const LibisofsTag& t : facts_.tags) {
    EmbeddedChecksum c;
    c.kind = tagKind(t);
    c.lba = t.lba;
    c.covered = {t.rangeStart * kImageSectorBytes, t.rangeSize * kImageSectorBytes};
    c.expected = t.md5;
    for (const auto& r : ranges_)
      if (r->start == c.covered.offset)
        if (auto it = r->snapshots.find(c.covered.end()); it != r->snapshots.end()) c.computed = it->second;
    if (c.computed.empty() && c.covered.length == 0) c.computed = hashing::digestOf(hashing::Algorithm::Md5, {}).hex();
    if (c.computed.empty()) {
      c.status = EmbeddedStatus::Mismatch;
      c.detail = fmt::format("image ends at 0x{:x}, before the covered end 0x{:x}", totalBytes, c.covered.end());
    } else {
      c.status = c.computed == c.expected ? EmbeddedStatus::Match : EmbeddedStatus::Mismatch;
    }
    if (!t.selfValid) {
      c.status = EmbeddedStatus::Mismatch;
      c.detail = "the tag's own self= checksum does not match its text";
    }
    results_.push_back(std::move(c));
  }
}

} // namespace dv::analyzer
