// Reading a whole input with a size limit that is checked before reading.
//
// spar reads answers, bank files, batch files and recordings whole. Without a
// limit, a path that names /dev/zero (or a link to it), a FIFO that never
// ends, or standard input redirected from one is read until memory runs out.
// These functions refuse directories and devices by their type, refuse a
// regular file by its size before reading a byte, and stop reading a pipe or
// terminal one byte past the limit.
//
// Messages say what is wrong ("is a directory, not a file", "is larger than
// 1 MiB (the limit for an answer)") without the path; callers put the path or
// the diagnostic's file in front.
#pragma once

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <string>

#include "common/result.h"

namespace spar {

// "1 MiB", "4 MiB", "111 MiB", "512 bytes": a limit as shown in messages.
std::string format_size(std::size_t bytes);

// The bytes of a regular file or a FIFO of at most max_bytes. Fails with
// not_found (no such path), invalid (a directory, a device or socket, or too
// large: `what` names the limit, e.g. "an answer") or io (unreadable).
Result<std::string> read_file_limited(const std::filesystem::path& path, std::size_t max_bytes,
                                      const std::string& what);

// At most max_bytes from a stream (standard input); invalid when there are more.
Result<std::string> read_stream_limited(std::istream& in, std::size_t max_bytes,
                                        const std::string& what);

// Refuses, by its type, what cannot be an input file: a missing path
// (not_found), a directory or a device, socket (invalid). Regular files and
// FIFOs pass. For inputs read line by line (batch files, scripts).
Status check_input_file(const std::filesystem::path& path);

}  // namespace spar
