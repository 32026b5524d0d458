// Error: an operational failure (I/O, unsupported input, bad option), returned up to the CLI.
#pragma once

#include <string>
#include <string_view>

namespace dv {

/// The few error codes; the most specific one wins.
enum class ErrorCode { None, Io, Truncated, Malformed, Unsupported, InvalidArgument, Cancelled, Internal };

/// Lower-case name of an error code ("io", "truncated", ...).
std::string_view errorCodeName(ErrorCode code);

/// An operational failure. A default-constructed Error means "no error" and converts to false.
class [[nodiscard]] Error {
public:
  Error() = default;
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  explicit operator bool() const { return code_ != ErrorCode::None; }

  /// Prefixes the message with where it happened: "primary volume descriptor: <message>".
  Error context(std::string_view where) &&;
  Error context(std::string_view where) const&;

private:
  ErrorCode code_ = ErrorCode::None;
  std::string message_;
};

} // namespace dv
