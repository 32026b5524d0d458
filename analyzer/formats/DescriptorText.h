// DescriptorText: shared pieces of the text descriptor parsers (CUE, TOC, CCD): tokens, MSF
// values, and the building of a track's addresses from its stored and generated runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/cd/Disc.h"

namespace dv::analyzer::formats {

/// Descriptors larger than this are not text descriptors (a CUE sheet of 99 tracks is a few KiB).
inline constexpr uint64_t kMaxDescriptorBytes = uint64_t{4} << 20;

/// One token of a line: its text (quotes removed) and whether it was quoted.
struct Token {
  std::string text;
  bool quoted = false;
};

/// Splits a line into tokens at blanks; "double quoted" strings are one token. `comment` starts a
/// comment to the end of the line when found outside quotes (empty: no comments).
std::vector<Token> tokenize(std::string_view line, std::string_view comment = {});

/// Why an MSF text did not parse.
enum class MsfProblem { None, Syntax, Seconds, Frames };

/// An MSF written in decimal text ("mm:ss:ff"; minutes may exceed 99 where the format allows).
struct MsfText {
  int64_t frames = 0;
  MsfProblem problem = MsfProblem::None;
};

/// Parses "m:s:f" (each part decimal digits). Seconds >= 60 and frames >= 75 are reported but the
/// frame count is still computed from the parts.
MsfText parseMsfText(std::string_view text);

/// A description of the MSF problem for messages ("frame 100 is not below 75").
std::string msfProblemText(std::string_view text, MsfProblem p);

/// Case-insensitive equality of ASCII words.
bool sameWord(std::string_view a, std::string_view b);
/// The text upper-cased (ASCII).
std::string upper(std::string_view s);
/// Whether every character is a decimal digit (and there is at least one).
bool allDigits(std::string_view s);
/// Parses a decimal unsigned number; nullopt when not all digits or above `max`.
std::optional<uint64_t> parseDecimal(std::string_view s, uint64_t max = UINT64_MAX);

/// Whether an ISRC has the form CCOOOYYSSSSS: 5 alphanumerics then 7 digits.
bool validIsrc(std::string_view isrc);

/// Fills each session's first/last track from the tracks' session numbers.
void buildSessions(cd::Disc& disc);

/// Adds an issue to the disc.
void addIssue(cd::Disc& disc, std::string topic, uint32_t line, std::string message, bool minor = false,
              std::string expected = {}, std::string actual = {});

} // namespace dv::analyzer::formats
