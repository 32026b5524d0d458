// JsonValue: a recursive-descent JSON reader (RFC 8259) with a depth and a value budget.
#include "report/JsonValue.h"

#include <charconv>
#include <cstdlib>

#include "core/Text.h"

namespace dv::report {

const JsonValue* JsonValue::find(std::string_view key) const {
  if (type != Type::Object) return nullptr;
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return &values[i];
  return nullptr;
}

std::string JsonValue::string(std::string_view key) const {
  const JsonValue* v = find(key);
  return v && v->type == Type::String ? v->text : std::string();
}

std::optional<uint64_t> JsonValue::uint(std::string_view key) const {
  const JsonValue* v = find(key);
  return v && v->type == Type::Number ? v->unsignedNumber : std::nullopt;
}

namespace {

class Parser {
public:
  Parser(std::string_view text, JsonLimits limits) : s_(text), limits_(limits) {}

  Result<JsonValue> document() {
    JsonValue v;
    skipSpace();
    if (Error e = value(v, 0)) return e;
    skipSpace();
    if (pos_ != s_.size()) return fail("text after the JSON value");
    return v;
  }

private:
  Error fail(std::string_view what) const {
    return Error(ErrorCode::Malformed, "json at byte 0x" + hex(pos_) + ": " + std::string(what));
  }
  void skipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Error value(JsonValue& out, size_t depth) {
    if (depth > limits_.maxDepth) return fail("nesting too deep");
    if (++values_ > limits_.maxValues) return fail("too many values");
    if (pos_ >= s_.size()) return fail("unexpected end");
    const char c = s_[pos_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      out.type = JsonValue::Type::String;
      return string(out.text);
    }
    if (literal("true")) {
      out.type = JsonValue::Type::Bool;
      out.boolean = true;
      return {};
    }
    if (literal("false")) {
      out.type = JsonValue::Type::Bool;
      return {};
    }
    if (literal("null")) return {};
    return number(out);
  }

  Error object(JsonValue& out, size_t depth) {
    out.type = JsonValue::Type::Object;
    ++pos_;
    skipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return {};
    }
    for (;;) {
      skipSpace();
      if (pos_ >= s_.size() || s_[pos_] != '"') return fail("expected a member name");
      std::string key;
      if (Error e = string(key)) return e;
      skipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':') return fail("expected ':'");
      ++pos_;
      skipSpace();
      JsonValue v;
      if (Error e = value(v, depth + 1)) return e;
      out.keys.push_back(std::move(key));
      out.values.push_back(std::move(v));
      skipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') {
        ++pos_;
        return {};
      }
      return fail("expected ',' or '}'");
    }
  }

  Error array(JsonValue& out, size_t depth) {
    out.type = JsonValue::Type::Array;
    ++pos_;
    skipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return {};
    }
    for (;;) {
      skipSpace();
      JsonValue v;
      if (Error e = value(v, depth + 1)) return e;
      out.items.push_back(std::move(v));
      skipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') {
        ++pos_;
        return {};
      }
      return fail("expected ',' or ']'");
    }
  }

  std::optional<uint32_t> hex4() {
    if (s_.size() - pos_ < 4) return std::nullopt;
    uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i) {
      const char c = s_[pos_ + i];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
      else return std::nullopt;
    }
    pos_ += 4;
    return v;
  }

  Error string(std::string& out) {
    ++pos_; // opening quote
    for (;;) {
      if (pos_ >= s_.size()) return fail("unterminated string");
      const char c = s_[pos_++];
      if (c == '"') return {};
      if (static_cast<unsigned char>(c) < 0x20) return fail("control character in a string");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= s_.size()) return fail("unterminated escape");
      const char e = s_[pos_++];
      switch (e) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        auto cp = hex4();
        if (!cp) return fail("bad \\u escape");
        uint32_t code = *cp;
        // A high surrogate must be followed by a low one (RFC 8259 7); a lone one becomes U+FFFD.
        if (code >= 0xD800 && code < 0xDC00 && s_.substr(pos_, 2) == "\\u") {
          pos_ += 2;
          auto low = hex4();
          if (!low) return fail("bad \\u escape");
          code = (*low >= 0xDC00 && *low < 0xE000) ? 0x10000 + ((code - 0xD800) << 10) + (*low - 0xDC00) : 0xFFFD;
        } else if (code >= 0xD800 && code < 0xE000) {
          code = 0xFFFD;
        }
        appendUtf8(out, code);
        break;
      }
      default: return fail("bad escape");
      }
    }
  }

  Error number(JsonValue& out) {
    const size_t start = pos_;
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    bool integral = true;
    size_t digits = 0;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_, ++digits;
    if (digits == 0) return fail("unexpected character");
    if (pos_ < s_.size() && s_[pos_] == '.') {
      integral = false;
      ++pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      integral = false;
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    }
    const std::string literalText(s_.substr(start, pos_ - start));
    out.type = JsonValue::Type::Number;
    out.number = std::strtod(literalText.c_str(), nullptr);
    if (integral && literalText[0] != '-') {
      uint64_t v = 0;
      const char* end = literalText.data() + literalText.size();
      auto [p, ec] = std::from_chars(literalText.data(), end, v);
      if (ec == std::errc() && p == end) out.unsignedNumber = v; // too large: no integer value
    }
    return {};
  }

  std::string_view s_;
  JsonLimits limits_;
  size_t pos_ = 0;
  size_t values_ = 0;
};

} // namespace

Result<JsonValue> parseJson(std::string_view text, JsonLimits limits) { return Parser(text, limits).document(); }

} // namespace dv::report
