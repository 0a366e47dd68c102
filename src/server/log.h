// The server's log: one line per event on stderr, prefixed with the UTC
// time, for what an operator must see (a handler that failed, accept
// failing for lack of file descriptors, the connection cap reached).
// Thread-safe: a line is written whole, never interleaved with another.
#pragma once

#include <string_view>

namespace spar::server {

void log_line(std::string_view message);

}  // namespace spar::server
