// Result<T>: the one error type that crosses layer boundaries in spar.
//
// A function that can fail returns Result<T> (or Status); the caller sees the
// failure in the signature, branches on its ErrorCode (never on message
// text) and shows the message, which names the file, line, field or id at
// fault. Exceptions never cross a layer boundary.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace spar {

// What kind of failure, for callers that act differently on each (the server
// maps these to HTTP statuses, the CLI to its messages and exit codes).
enum class ErrorCode {
  invalid,      // the input (a file, a field, an argument) is malformed or out of range
  not_found,    // no such id, name, file or row
  conflict,     // the thing changed under the caller (a stale session version)
  taken,        // a name or id that must be unique is already in use
  corrupt,      // stored data fails its own checks (bad JSON in a row, a broken file)
  unavailable,  // a resource is busy or locked; retrying later may succeed
  io,           // reading or writing a file or the database failed
  internal,     // a bug or an unexpected state in spar itself
};

// The code's name as written in logs and JSON ("not_found", ...).
std::string_view error_code_name(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::invalid;
  std::string message;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error e) : v_(std::move(e)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  // The failure's message, its code, or both (to pass it on unchanged).
  const std::string& error() const { return std::get<1>(v_).message; }
  ErrorCode code() const { return std::get<1>(v_).code; }
  const Error& failure() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void> stand-in.
struct Ok {};
using Status = Result<Ok>;

inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

// A failure without a specific code is `invalid`: most of spar's errors are
// about input (a bank file, an answer, a request field) the caller can fix.
inline Error make_error(std::string message) {
  return make_error(ErrorCode::invalid, std::move(message));
}

}  // namespace spar
