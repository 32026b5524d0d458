// JsonWriter: streaming JSON output.
#include "report/Json.h"

#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/Text.h"

namespace dv::report {

namespace {

/// True when `s` needs neither UTF-8 repair nor escaping: printable ASCII without '"' and '\\'.
bool plainAscii(std::string_view s) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
  }
  return true;
}

/// Appends the JSON string literal of `raw`; most keys and names take the copy-free path.
void appendQuoted(std::string& out, std::string_view raw) {
  if (plainAscii(raw)) {
    out.push_back('"');
    out.append(raw);
    out.push_back('"');
  } else {
    out += jsonQuote(raw);
  }
}

} // namespace

std::string jsonQuote(std::string_view raw) {
  const std::string s = utf8Safe(raw);
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    case '\r': out += "\\r"; break;
    default:
      if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else {
        out.push_back(ch);
      }
    }
  }
  out += "\"";
  return out;
}

void JsonWriter::newline() {
  out_.push_back('\n');
  out_.append(first_.size() * 2, ' ');
}

void JsonWriter::prefix(std::string_view key) {
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
    newline();
  }
  if (!key.empty()) {
    appendQuoted(out_, key);
    out_ += ": ";
  }
}

void JsonWriter::beginObject(std::string_view key) {
  prefix(key);
  out_.push_back('{');
  first_.push_back(true);
}

void JsonWriter::endObject() {
  assert(!first_.empty());
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty) newline();
  out_.push_back('}');
  if (first_.empty()) out_.push_back('\n');
}

void JsonWriter::beginArray(std::string_view key) {
  prefix(key);
  out_.push_back('[');
  first_.push_back(true);
}

void JsonWriter::endArray() {
  assert(!first_.empty());
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty) newline();
  out_.push_back(']');
}

void JsonWriter::value(std::string_view key, std::string_view s) {
  prefix(key);
  appendQuoted(out_, s);
}

void JsonWriter::value(std::string_view key, uint64_t n) {
  prefix(key);
  char buf[24];
  out_.append(buf, static_cast<size_t>(std::to_chars(buf, buf + sizeof buf, n).ptr - buf));
}

void JsonWriter::value(std::string_view key, int n) {
  prefix(key);
  out_ += std::to_string(n);
}

void JsonWriter::value(std::string_view key, double d) {
  prefix(key);
  if (!std::isfinite(d)) {
    out_ += "null";
    return;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", d);
  out_ += buf;
}

void JsonWriter::value(std::string_view key, bool b) {
  prefix(key);
  out_ += b ? "true" : "false";
}

void JsonWriter::null(std::string_view key) {
  prefix(key);
  out_ += "null";
}

} // namespace dv::report
