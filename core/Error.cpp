// Error: names of the codes and context chaining.
#include "core/Error.h"

namespace dv {

std::string_view errorCodeName(ErrorCode code) {
  switch (code) {
  case ErrorCode::None: return "none";
  case ErrorCode::Io: return "io";
  case ErrorCode::Truncated: return "truncated";
  case ErrorCode::Malformed: return "malformed";
  case ErrorCode::Unsupported: return "unsupported";
  case ErrorCode::InvalidArgument: return "invalid argument";
  case ErrorCode::Cancelled: return "cancelled";
  case ErrorCode::Internal: return "internal";
  }
  return "unknown";
}

Error Error::context(std::string_view where) && {
  message_ = std::string(where) + ": " + message_;
  return std::move(*this);
}

Error Error::context(std::string_view where) const& {
  return Error(code_, std::string(where) + ": " + message_);
}

} // namespace dv
