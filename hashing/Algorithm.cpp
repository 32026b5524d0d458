// Algorithm names and parsing.
#include "hashing/Algorithm.h"

#include <algorithm>
#include <cctype>

namespace dv::hashing {

std::string_view algorithmName(Algorithm a) {
  switch (a) {
  case Algorithm::Md5: return "md5";
  case Algorithm::Sha1: return "sha1";
  case Algorithm::Sha256: return "sha256";
  case Algorithm::Sha512: return "sha512";
  case Algorithm::Sha3_256: return "sha3-256";
  case Algorithm::Blake2b: return "blake2b";
  case Algorithm::Crc32: return "crc32";
  }
  return "unknown";
}

std::string_view bsdLabel(Algorithm a) {
  switch (a) {
  case Algorithm::Md5: return "MD5";
  case Algorithm::Sha1: return "SHA1";
  case Algorithm::Sha256: return "SHA256";
  case Algorithm::Sha512: return "SHA512";
  case Algorithm::Sha3_256: return "SHA3-256";
  case Algorithm::Blake2b: return "BLAKE2b";
  case Algorithm::Crc32: return "CRC32";
  }
  return "UNKNOWN";
}

std::string_view dfxmlType(Algorithm a) {
  switch (a) {
  case Algorithm::Md5: return "MD5";
  case Algorithm::Sha1: return "SHA1";
  case Algorithm::Sha256: return "SHA256";
  case Algorithm::Sha512: return "SHA512";
  default: return "OTHER";
  }
}

size_t digestSize(Algorithm a) {
  switch (a) {
  case Algorithm::Md5: return 16;
  case Algorithm::Sha1: return 20;
  case Algorithm::Sha256: return 32;
  case Algorithm::Sha512: return 64;
  case Algorithm::Sha3_256: return 32;
  case Algorithm::Blake2b: return 64;
  case Algorithm::Crc32: return 4;
  }
  return 0;
}

std::vector<Algorithm> allAlgorithms() {
  return {Algorithm::Md5,      Algorithm::Sha1,    Algorithm::Sha256, Algorithm::Sha512,
          Algorithm::Sha3_256, Algorithm::Blake2b, Algorithm::Crc32};
}

std::optional<Algorithm> parseAlgorithm(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (c == '-' || c == '_') continue;
    key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (key == "md5") return Algorithm::Md5;
  if (key == "sha1") return Algorithm::Sha1;
  if (key == "sha256") return Algorithm::Sha256;
  if (key == "sha512") return Algorithm::Sha512;
  if (key == "sha3256") return Algorithm::Sha3_256;
  if (key == "blake2b" || key == "blake2b512") return Algorithm::Blake2b;
  if (key == "crc32") return Algorithm::Crc32;
  return std::nullopt;
}

Result<std::vector<Algorithm>> parseAlgorithmList(std::string_view list) {
  std::vector<Algorithm> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view item = list.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) {
      auto a = parseAlgorithm(item);
      if (!a)
        return Error(ErrorCode::InvalidArgument,
                     "unknown hash algorithm '" + std::string(item) +
                         "' (known: md5, sha1, sha256, sha512, sha3-256, blake2b, crc32)");
      if (std::find(out.begin(), out.end(), *a) == out.end()) out.push_back(*a);
    }
    start = comma + 1;
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace dv::hashing
