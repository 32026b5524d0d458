// Algorithm: the digest algorithms discverify computes, with their names in every output format.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Result.h"

namespace dv::hashing {

/// Every supported digest algorithm, in the order reports list them.
enum class Algorithm { Md5, Sha1, Sha256, Sha512, Sha3_256, Blake2b, Crc32 };

/// Lower-case name used on the command line and in report attributes: "md5", "sha3-256", "blake2b".
std::string_view algorithmName(Algorithm a);
/// The label of BSD-style digest lines (`MD5 (file) = ...`): "MD5", "SHA256", "SHA3-256", "BLAKE2b", "CRC32".
std::string_view bsdLabel(Algorithm a);
/// The DFXML hashdigest type: "MD5", "SHA1", "SHA256", "SHA512", or "OTHER" for the rest.
std::string_view dfxmlType(Algorithm a);
/// Digest size in bytes.
size_t digestSize(Algorithm a);
/// Parses a name (case-insensitive; also "sha-256", "sha3_256", "blake2b-512"); nullopt when unknown.
std::optional<Algorithm> parseAlgorithm(std::string_view name);
/// Parses a comma-separated list; duplicates are dropped and the result is in enum order.
/// Fails with InvalidArgument naming the unknown entry.
Result<std::vector<Algorithm>> parseAlgorithmList(std::string_view list);
/// Every algorithm, in enum order.
std::vector<Algorithm> allAlgorithms();

} // namespace dv::hashing
