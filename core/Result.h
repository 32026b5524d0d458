// Result<T>: a value or an Error, with the shape of std::expected so C++23 is a rename.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "core/Error.h"

namespace dv {

/// Holds either a T or an Error. Accessing the wrong alternative is a bug (asserted).
template <typename T> class [[nodiscard]] Result {
public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) { assert(std::get<1>(v_)); } // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(v_); }
  const T& value() const& { assert(has_value()); return std::get<0>(v_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(v_)); }
  const Error& error() const { assert(!has_value()); return std::get<1>(v_); }
  Error takeError() && { assert(!has_value()); return std::get<1>(std::move(v_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  template <typename U> T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
  }

private:
  std::variant<T, Error> v_;
};

} // namespace dv
