// JsonValue: a small bounded JSON reader for reference reports and case files (hostile input).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Result.h"

namespace dv::report {

/// A parsed JSON value. Objects keep their members in document order.
struct JsonValue {
  enum class Type { Null, Bool, Number, String, Array, Object };
  Type type = Type::Null;
  bool boolean = false;
  double number = 0.0;
  std::optional<uint64_t> unsignedNumber; ///< set when the number is a non-negative integer that fits
  std::string text;
  std::vector<JsonValue> items;                          ///< Array
  std::vector<std::string> keys;  ///< Object: member names in document order
  std::vector<JsonValue> values;  ///< Object: member values, index for index with keys

  /// The member `key` of an object, or nullptr (also for non-objects).
  const JsonValue* find(std::string_view key) const;
  /// The string member `key`, or "" when absent or not a string.
  std::string string(std::string_view key) const;
  /// The unsigned integer member `key`, or nullopt.
  std::optional<uint64_t> uint(std::string_view key) const;
  bool isObject() const { return type == Type::Object; }
  bool isArray() const { return type == Type::Array; }
};

/// Limits of the reader: nesting depth and the number of values in the document.
struct JsonLimits {
  size_t maxDepth = 64;
  size_t maxValues = 20'000'000;
};

/// Parses `text` as one JSON document. Fails with Malformed (naming the byte offset) on bad syntax,
/// too deep nesting or too many values; never reads past `text`. Thread-safe.
Result<JsonValue> parseJson(std::string_view text, JsonLimits limits = {});

} // namespace dv::report
