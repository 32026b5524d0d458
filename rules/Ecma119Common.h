// Helpers shared by the ECMA-119 rule files: locations, finding details, character sets.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analyzer/ImageAnalysis.h"
#include "core/Finding.h"

namespace dv::rules::ecma119 {

/// A location from an image byte offset (its LBA in 2048-byte sectors) and a path.
inline Location at(uint64_t offset, std::string path = {}) {
  return {.lba = offset / 2048, .offset = offset, .path = std::move(path)};
}

/// A finding detail without designated-initializer noise.
inline FindingDetail detail(FindingValue expected, FindingValue actual, std::string message,
                            std::optional<Severity> severity = std::nullopt) {
  return {.expected = std::move(expected), .actual = std::move(actual), .message = std::move(message),
          .severity = severity};
}

/// d-characters (ECMA-119 7.4.1, Annex A): A-Z, 0-9, _.
inline bool isDChar(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }
/// a-characters (7.4.1): d-characters, space and ! " % & ' ( ) * + , - . / : ; < = > ?
inline bool isAChar(unsigned char c) {
  if (isDChar(c) || c == ' ') return true;
  constexpr std::string_view kExtra = "!\"%&'()*+,-./:;<=>?";
  return kExtra.find(static_cast<char>(c)) != std::string_view::npos;
}

/// The byte offset of a descriptor field.
inline uint64_t fieldOffset(const analyzer::iso9660::VolumeDescriptor& d, BytePos p) {
  return d.sector * 2048 + p.offset();
}

/// True when the analysis holds a parsed ISO 9660 volume with a primary descriptor.
inline const analyzer::iso9660::VolumeDescriptor* primary(const analyzer::ImageAnalysis& a) {
  return a.isoParsed && a.iso.found ? a.iso.pvd() : nullptr;
}

/// File identifier split into NAME, EXT and VERSION (7.5.1); separators noted.
struct SplitIdentifier {
  std::string_view name, ext, version;
  bool hasDot = false;
  bool hasSemicolon = false;
};
inline SplitIdentifier splitIdentifier(std::string_view id) {
  SplitIdentifier s;
  std::string_view rest = id;
  if (auto semi = rest.rfind(';'); semi != std::string_view::npos) {
    s.hasSemicolon = true;
    s.version = rest.substr(semi + 1);
    rest = rest.substr(0, semi);
  }
  if (auto dot = rest.find('.'); dot != std::string_view::npos) {
    s.hasDot = true;
    s.ext = rest.substr(dot + 1);
    rest = rest.substr(0, dot);
  }
  s.name = rest;
  return s;
}

} // namespace dv::rules::ecma119
