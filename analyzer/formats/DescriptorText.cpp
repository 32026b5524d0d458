// DescriptorText: tokens, MSF values and session building for the text descriptors.
#include "analyzer/formats/DescriptorText.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace dv::analyzer::formats {

std::vector<Token> tokenize(std::string_view line, std::string_view comment) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if (!comment.empty() && line.substr(i, comment.size()) == comment) break;
    if (c == '"') {
      const size_t close = line.find('"', i + 1);
      const size_t end = close == std::string_view::npos ? line.size() : close;
      out.push_back({std::string(line.substr(i + 1, end - i - 1)), true});
      i = close == std::string_view::npos ? line.size() : close + 1;
      continue;
    }
    size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r' && line[j] != '\n' &&
           (comment.empty() || line.substr(j, comment.size()) != comment))
      ++j;
    out.push_back({std::string(line.substr(i, j - i)), false});
    i = j;
  }
  return out;
}

std::optional<uint64_t> parseDecimal(std::string_view s, uint64_t max) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > max) return std::nullopt;
  return v;
}

MsfText parseMsfText(std::string_view text) {
  MsfText r;
  const size_t a = text.find(':');
  const size_t b = a == std::string_view::npos ? a : text.find(':', a + 1);
  if (b == std::string_view::npos || text.find(':', b + 1) != std::string_view::npos) {
    r.problem = MsfProblem::Syntax;
    return r;
  }
  auto m = parseDecimal(text.substr(0, a), 100000);
  auto s = parseDecimal(text.substr(a + 1, b - a - 1), 100000);
  auto f = parseDecimal(text.substr(b + 1), 100000);
  if (!m || !s || !f) {
    r.problem = MsfProblem::Syntax;
    return r;
  }
  r.frames = static_cast<int64_t>((*m * 60 + *s) * 75 + *f);
  if (*f >= 75) r.problem = MsfProblem::Frames;
  else if (*s >= 60) r.problem = MsfProblem::Seconds;
  return r;
}

std::string msfProblemText(std::string_view text, MsfProblem p) {
  const std::string t(text);
  switch (p) {
  case MsfProblem::Syntax: return "'" + t + "' is not a time mm:ss:ff";
  case MsfProblem::Seconds: return "'" + t + "': seconds must be below 60";
  case MsfProblem::Frames: return "'" + t + "': frames must be below 75";
  case MsfProblem::None: break;
  }
  return t;
}

bool sameWord(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool validIsrc(std::string_view isrc) {
  if (isrc.size() != 12) return false;
  for (size_t i = 0; i < 5; ++i)
    if (!std::isalnum(static_cast<unsigned char>(isrc[i]))) return false;
  return allDigits(isrc.substr(5));
}

void buildSessions(cd::Disc& disc) {
  std::map<uint32_t, cd::Session> sessions;
  for (const cd::Track& t : disc.tracks) {
    auto [it, fresh] = sessions.try_emplace(t.session);
    cd::Session& s = it->second;
    if (fresh) {
      s.number = t.session;
      s.firstTrack = s.lastTrack = t.number;
    }
    s.firstTrack = std::min(s.firstTrack, t.number);
    s.lastTrack = std::max(s.lastTrack, t.number);
  }
  disc.sessions.clear();
  for (auto& [n, s] : sessions) disc.sessions.push_back(s);
}

void addIssue(cd::Disc& disc, std::string topic, uint32_t line, std::string message, bool minor, std::string expected,
              std::string actual) {
  // A hostile descriptor can repeat one mistake on every line: keep a bounded list.
  if (disc.issues.size() >= 10000) return;
  cd::SheetIssue i;
  i.topic = std::move(topic);
  i.minor = minor;
  i.line = line;
  i.message = std::move(message);
  i.expected = std::move(expected);
  i.actual = std::move(actual);
  disc.issues.push_back(std::move(i));
}

} // namespace dv::analyzer::formats
