#include "common/result.h"

namespace spar {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid:
      return "invalid";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::taken:
      return "taken";
    case ErrorCode::corrupt:
      return "corrupt";
    case ErrorCode::unavailable:
      return "unavailable";
    case ErrorCode::io:
      return "io";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

}  // namespace spar
