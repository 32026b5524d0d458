// RockRidge: the SUSP entry walk with continuation areas, and the RRIP / zisofs entry parsers.
#include "analyzer/iso9660/RockRidge.h"

#include <algorithm>
#include <bit>
#include <set>

#include <fmt/format.h>

#include "core/ByteReader.h"

namespace dv::analyzer {
namespace {

using Kind = SuspDefect::Kind;

constexpr std::string_view kTimestampKinds[] = {"creation", "modification", "access", "attributes",
                                                "backup", "expiration", "effective"};

/// A two-character signature as one number, so that dispatching on it compares integers.
constexpr uint16_t sigCode(std::string_view sig) {
  return sig.size() == 2 ? static_cast<uint16_t>((static_cast<unsigned char>(sig[0]) << 8) | static_cast<unsigned char>(sig[1])) : 0;
}

bool knownSignature(uint16_t code) {
  static constexpr uint16_t kKnown[] = {sigCode("SP"), sigCode("CE"), sigCode("PD"), sigCode("ST"), sigCode("ER"),
                                        sigCode("ES"), sigCode("RR"), sigCode("PX"), sigCode("PN"), sigCode("SL"),
                                        sigCode("NM"), sigCode("CL"), sigCode("PL"), sigCode("RE"), sigCode("TF"),
                                        sigCode("SF"), sigCode("ZF"), sigCode("AL")};
  return std::find(std::begin(kKnown), std::end(kKnown), code) != std::end(kKnown);
}

/// The state that spans areas of one record: symlink and name assembly, and the CE of the area.
struct Walk {
  SystemUseFacts& out;
  const SuspLimits& limits;
  bool isRootSelf = false;
  bool slContinue = false;      ///< the last SL component had CONTINUE: no separator before the next
  bool slRootOnly = false;      ///< the target so far is only "/"
  struct Ce {
    BothEndian32 block, offset, length;
    uint64_t at = 0;
  };
  std::optional<Ce> ce;
  unsigned ceInArea = 0;
  // AAIP (AL): the component being assembled, and the name waiting for its value.
  std::string alComponent;
  std::optional<std::string> alName;
  size_t alBytes = 0;

  static constexpr size_t kMaxAttributeBytes = 64 * 1024; // per record; real lists are a few hundred bytes

  /// AAIP 2.0 name: a first byte 0x02 ... 0x06 stands for a namespace, 0x01 escapes the next byte.
  static std::string attributeName(const std::string& raw) {
    static constexpr const char* kNamespaces[] = {"", "", "system.", "user.", "isofs.", "trusted.", "security."};
    if (raw.empty()) return raw;
    const auto first = static_cast<unsigned char>(raw[0]);
    if (first > 0x06) return raw;
    std::string name(kNamespaces[first]); // 0x01 (escape) has an empty prefix
    name.append(raw, 1, std::string::npos);
    return name;
  }

  /// AAIP 2.0 AL: flags at BP 5, then component records (flags, length, bytes) as in RRIP SL.
  void attributeList(ByteReader& d) {
    size_t pos = 5;
    while (pos + 2 <= d.size()) {
      const uint8_t flags = d.u8At(pos);
      const size_t clen = d.u8At(pos + 1);
      if (pos + 2 + clen > d.size()) break; // a record that does not fit its entry: the rest is unusable
      alBytes += clen;
      if (alBytes > kMaxAttributeBytes) {
        out.attributesCut = true;
        return;
      }
      alComponent += d.stringAt(pos + 2, clen);
      pos += 2 + clen;
      if (flags & 0x01) continue; // the component goes on in the next record
      if (!alName) {
        alName = attributeName(alComponent);
      } else {
        out.attributes.emplace_back(std::move(*alName), std::move(alComponent));
        alName.reset();
      }
      alComponent.clear();
    }
  }

  void rrip(std::string_view sig, uint64_t at, std::string detail) { out.rripDefects.push_back({std::string(sig), at, std::move(detail)}); }

  void bothEndian(std::string_view sig, uint64_t at, const char* field, const BothEndian32& v) {
    if (!v.consistent()) rrip(sig, at, fmt::format("{} {}: little-endian {} and big-endian {} differ", sig, field, v.le, v.be));
  }

  void entry(std::string_view sig, ByteReader& d, uint64_t at, bool firstOfRecord, bool inContinuation) {
    const size_t len = d.size();
    const uint16_t code = sigCode(sig);
    if (limits.namesOnly && (code == sigCode("PX") || code == sigCode("PN") || code == sigCode("TF") ||
                             code == sigCode("SF") || code == sigCode("AL") || code == sigCode("ZF")))
      return;
    if (code == sigCode("SP")) {
      const bool valid = len == 7 && d.u8At(3) == 1 && d.u8At(4) == 0xBE && d.u8At(5) == 0xEF;
      if (!isRootSelf || !firstOfRecord || inContinuation) {
        out.suspDefects.push_back({Kind::SpMisplaced, at, "SP outside the first entry of the root directory's \".\" record"});
      } else {
        out.hasSp = true;
        out.spLenSkp = len >= 7 ? d.u8At(6) : 0;
      }
      if (!valid)
        out.suspDefects.push_back({Kind::SpMalformed, at,
                                   fmt::format("SP length {}, version {}, check bytes {:02x} {:02x} (expected 7, 1, be ef)", len,
                                               d.u8At(3), len > 4 ? d.u8At(4) : 0, len > 5 ? d.u8At(5) : 0)});
    } else if (code == sigCode("CE")) {
      ++ceInArea;
      if (ceInArea > 1) out.suspDefects.push_back({Kind::CeTwice, at, "more than one CE in one area"});
      if (len != 28) {
        out.suspDefects.push_back({Kind::CeLength, at, fmt::format("CE length {} (expected 28)", len)});
        return;
      }
      Ce c{d.bothEndian32At(4), d.bothEndian32At(12), d.bothEndian32At(20), at};
      if (!c.block.consistent() || !c.offset.consistent() || !c.length.consistent())
        out.suspDefects.push_back({Kind::CeBothEndian, at, "CE both-byte fields disagree between their halves"});
      if (!ce) ce = c;
    } else if (code == sigCode("ER")) {
      ExtensionReference er;
      er.length = static_cast<uint8_t>(len);
      if (len >= 8) {
        er.lenId = d.u8At(4);
        er.lenDes = d.u8At(5);
        er.lenSrc = d.u8At(6);
        er.extVersion = d.u8At(7);
        if (d.fits(8, size_t{er.lenId} + er.lenDes + er.lenSrc)) {
          er.identifier = d.stringAt(8, er.lenId);
          er.descriptor = d.stringAt(8 + size_t{er.lenId}, er.lenDes);
          er.source = d.stringAt(8 + size_t{er.lenId} + er.lenDes, er.lenSrc);
        }
      }
      out.extensions.push_back(std::move(er));
    } else if (code == sigCode("ES")) {
      if (len >= 5) out.extensionSequences.push_back(d.u8At(4));
    } else if (code == sigCode("RR")) {
      if (len != 5) rrip(sig, at, fmt::format("RR length {} (expected 5)", len));
      if (len >= 5) out.rrFlags = d.u8At(4);
    } else if (code == sigCode("PX")) {
      if (len != 36 && len != 44) rrip(sig, at, fmt::format("PX length {} (expected 36 or 44)", len));
      if (len < 36) return;
      PosixAttributes px;
      px.length = static_cast<uint8_t>(len);
      px.mode = d.bothEndian32At(4);
      px.links = d.bothEndian32At(12);
      px.uid = d.bothEndian32At(20);
      px.gid = d.bothEndian32At(28);
      if (len >= 44) px.serial = d.bothEndian32At(36);
      bothEndian(sig, at, "mode", px.mode);
      bothEndian(sig, at, "links", px.links);
      bothEndian(sig, at, "uid", px.uid);
      bothEndian(sig, at, "gid", px.gid);
      if (px.serial) bothEndian(sig, at, "serial", *px.serial);
      out.px = px;
    } else if (code == sigCode("PN")) {
      if (len != 20) rrip(sig, at, fmt::format("PN length {} (expected 20)", len));
      if (len < 20) return;
      out.pn = std::make_pair(d.bothEndian32At(4), d.bothEndian32At(12));
      bothEndian(sig, at, "device high", out.pn->first);
      bothEndian(sig, at, "device low", out.pn->second);
    } else if (code == sigCode("SL")) {
      if (len < 5) {
        rrip(sig, at, fmt::format("SL length {} leaves no room for flags", len));
        return;
      }
      std::string& target = out.symlinkTarget ? *out.symlinkTarget : out.symlinkTarget.emplace();
      size_t pos = 5;
      while (pos < len) {
        if (pos + 2 > len || pos + 2 + d.u8At(pos + 1) > len) {
          out.symlinkMalformed = true;
          rrip(sig, at, "SL component record runs past its entry");
          break;
        }
        const uint8_t flags = d.u8At(pos);
        const uint8_t clen = d.u8At(pos + 1);
        std::string part;
        if (flags & 0x02) part = ".";
        else if (flags & 0x04) part = "..";
        else if (flags & 0x08) part = "/";
        else if (flags & 0x10) part = "/"; // volume root: the mount point, shown as /
        else if (flags & 0x20) part = "";  // host name: nothing portable to show
        else part = d.stringAt(pos + 2, clen);
        if (part == "/") {
          if (target.empty()) {
            target = "/";
            slRootOnly = true;
          }
        } else {
          if (!target.empty() && !slContinue && !slRootOnly) target += '/';
          target += part;
          slRootOnly = false;
        }
        slContinue = (flags & 0x01) != 0;
        pos += 2 + size_t{clen};
      }
    } else if (code == sigCode("NM")) {
      if (len < 5) {
        rrip(sig, at, fmt::format("NM length {} leaves no room for flags", len));
        return;
      }
      const uint8_t flags = d.u8At(4);
      ++out.nmEntries;
      out.nmFlags = static_cast<uint8_t>(out.nmFlags | flags);
      if (len == 5 && (flags & 0x06) == 0) out.nmEmptyEntry = true;
      std::string& name = out.alternateName ? *out.alternateName : out.alternateName.emplace();
      if ((flags & 0x06) == 0) {
        const ByteView part = d.viewAt(5, len - 5);
        name.append(reinterpret_cast<const char*>(part.data()), part.size());
      }
    } else if (code == sigCode("CL") || code == sigCode("PL")) {
      if (len != 12) rrip(sig, at, fmt::format("{} length {} (expected 12)", sig, len));
      if (len < 12) return;
      const BothEndian32 v = d.bothEndian32At(4);
      bothEndian(sig, at, "location", v);
      (code == sigCode("CL") ? out.childLink : out.parentLink) = v.value();
    } else if (code == sigCode("RE")) {
      if (len != 4) rrip(sig, at, fmt::format("RE length {} (expected 4)", len));
      out.relocated = true;
    } else if (code == sigCode("TF")) {
      if (len < 5) {
        rrip(sig, at, fmt::format("TF length {} leaves no room for flags", len));
        return;
      }
      const uint8_t flags = d.u8At(4);
      const bool longForm = (flags & 0x80) != 0;
      const size_t size = longForm ? 17 : 7;
      const size_t count = static_cast<size_t>(std::popcount(static_cast<unsigned>(flags & 0x7F)));
      if (len != 5 + count * size) rrip(sig, at, fmt::format("TF length {} (expected {} for flags {:02x})", len, 5 + count * size, flags));
      size_t pos = 5;
      out.timestamps.reserve(out.timestamps.size() + count);
      for (unsigned bit = 0; bit < 7; ++bit) {
        if (!(flags & (1U << bit))) continue;
        if (pos + size > len) break;
        RrTimestamp t;
        t.kind = std::string(kTimestampKinds[bit]);
        t.longForm = longForm;
        if (longForm) t.longTime = iso9660::digitDateTimeOf(d.viewAt(pos, size));
        else t.shortTime = iso9660::recordDateTimeOf(d.viewAt(pos, size));
        out.timestamps.push_back(t);
        pos += size;
      }
    } else if (code == sigCode("SF")) {
      if (len != 12 && len != 21) rrip(sig, at, fmt::format("SF length {} (expected 12 or 21)", len));
      out.sfLength = static_cast<uint8_t>(len);
    } else if (code == sigCode("AL")) {
      if (len >= 5 && !out.attributesCut) attributeList(d);
    } else if (code == sigCode("ZF")) {
      ZisofsEntry z;
      z.length = static_cast<uint8_t>(len);
      z.version = d.u8At(3);
      if (len >= 16) {
        z.algorithm = d.stringAt(4, 2);
        z.headerSizeDiv4 = d.u8At(6);
        z.log2BlockSize = d.u8At(7);
        z.uncompressedSize = d.bothEndian32At(8);
      }
      out.zf = z;
    }
    (void)d.takeError(); // every read above is guarded by the entry length
  }
};

} // namespace

std::optional<std::string> RrTimestamp::isoText() const { return longForm ? longTime.isoText() : shortTime.isoText(); }

bool isRockRidgeIdentifier(std::string_view id) { return id == "RRIP_1991A" || id == "IEEE_P1282" || id == "IEEE_1282"; }

SystemUseFacts parseSystemUse(ByteView su, uint64_t suOffset, uint32_t skip, bool isRootSelf,
                              const ContinuationReader& readArea, const SuspLimits& limits) {
  SystemUseFacts out;
  parseSystemUse(out, su, suOffset, skip, isRootSelf, readArea, limits);
  return out;
}

void parseSystemUse(SystemUseFacts& out, ByteView su, uint64_t suOffset, uint32_t skip, bool isRootSelf,
                    const ContinuationReader& readArea, const SuspLimits& limits) {
  if (!limits.namesOnly) out.entries.reserve(4); // a Rock Ridge record mostly holds PX, TF and NM (and RR before 1.12)
  Walk w{out, limits};
  w.isRootSelf = isRootSelf;
  std::vector<uint8_t> owned;
  ByteView area = skip < su.size() ? su.subspan(skip) : ByteView{};
  uint64_t areaOffset = suOffset + skip;
  bool inContinuation = false;
  bool first = true;
  std::set<std::pair<uint32_t, uint32_t>> visited;

  for (;;) {
    size_t pos = 0;
    w.ce.reset();
    w.ceInArea = 0;
    while (area.size() - pos >= 4) {
      const ByteView rest = area.subspan(pos);
      // Zero bytes after the last entry are padding (the record's pad byte, a zero-filled area).
      if (std::all_of(rest.begin(), rest.end(), [](uint8_t b) { return b == 0; })) break;
      const std::string_view sig(reinterpret_cast<const char*>(rest.data()), 2); // raw bytes, as recorded
      const uint8_t len = rest[2];
      const uint8_t version = rest[3];
      const uint64_t at = areaOffset + pos;
      if (len < 4) {
        out.suspDefects.push_back({Kind::ShortEntry, at, fmt::format("entry '{}' has length {}", sig, len)});
        break;
      }
      if (len > rest.size()) {
        out.suspDefects.push_back({Kind::Overrun, at, fmt::format("entry '{}' of length {} runs past its area ({} bytes left)", sig, len, rest.size())});
        break;
      }
      ++out.entryCount;
      if (!limits.namesOnly && out.entries.size() < limits.maxEntries)
        out.entries.push_back({{sig[0], sig[1]}, len, version, at, inContinuation});
      if (version != 1 && knownSignature(sigCode(sig)))
        out.suspDefects.push_back({Kind::Version, at, fmt::format("entry '{}' has version {}", sig, version)});
      ByteReader d(rest.first(len));
      w.entry(sig, d, at, first, inContinuation);
      first = false;
      pos += len;
      if (sigCode(sig) == sigCode("ST")) break;
    }
    if (!w.ce) break;
    const Walk::Ce ce = *w.ce;
    const uint32_t block = ce.block.value(), offset = ce.offset.value(), length = ce.length.value();
    if (++out.continuationHops > limits.maxHops) {
      out.suspDefects.push_back({Kind::CeHopLimit, ce.at, fmt::format("CE chain longer than {} areas", limits.maxHops)});
      break;
    }
    if (!visited.insert({block, offset}).second) {
      out.suspDefects.push_back({Kind::CeLoop, ce.at, fmt::format("CE points back to block {} offset {}", block, offset)});
      break;
    }
    if (uint64_t{offset} + length > limits.blockSize) {
      out.suspDefects.push_back({Kind::CeCrossesBlock, ce.at, fmt::format("CE area {}+{} crosses its block of {} bytes", offset, length, limits.blockSize)});
      break;
    }
    if (limits.volumeBlocks != 0 && block >= limits.volumeBlocks) {
      out.suspDefects.push_back({Kind::CeOutside, ce.at, fmt::format("CE block {} is outside the volume of {} blocks", block, limits.volumeBlocks)});
      break;
    }
    auto bytes = readArea(block, offset, length);
    if (!bytes) {
      out.suspDefects.push_back({Kind::CeOutside, ce.at, "CE area cannot be read: " + bytes.error().message()});
      break;
    }
    owned = std::move(*bytes);
    area = owned;
    areaOffset = uint64_t{block} * limits.blockSize + offset;
    inContinuation = true;
  }
}

} // namespace dv::analyzer
