// JsonWriter: a small streaming JSON writer (objects keep insertion order; strings are made valid UTF-8).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dv::report {

/// Writes JSON text with two-space indentation. Calls must nest properly (asserted).
class JsonWriter {
public:
  void beginObject(std::string_view key = {});
  void endObject();
  void beginArray(std::string_view key = {});
  void endArray();
  void value(std::string_view key, std::string_view s);
  void value(std::string_view key, const char* s) { value(key, std::string_view(s)); }
  void value(std::string_view key, const std::string& s) { value(key, std::string_view(s)); }
  void value(std::string_view key, uint64_t n);
  void value(std::string_view key, int n);
  void value(std::string_view key, double d);
  void value(std::string_view key, bool b);
  void null(std::string_view key);
  /// An array element (key empty) that is a string.
  void element(std::string_view s) { value({}, s); }
  const std::string& str() const { return out_; }
  /// Makes room for `bytes` of text in one allocation.
  void reserve(size_t bytes) { out_.reserve(bytes); }
  /// The text written so far, moved out (the writer is left empty).
  std::string take() { return std::move(out_); }

private:
  void prefix(std::string_view key);
  void newline();

  std::string out_;
  std::vector<bool> first_; ///< per open container: nothing written yet
};

/// The JSON string literal of `s`, with quotes.
std::string jsonQuote(std::string_view s);

} // namespace dv::report
