// Which file under web/ a request path names, if any.
//
// The path is percent-decoded once and split on '/'; empty and "."
// segments are dropped, and a "..", a hidden name (leading '.'), a
// backslash, a NUL or any other control byte refuses it. What is left is
// joined onto web/, resolved with every symlink followed, and must still
// be a regular file inside the resolved web/ folder with an extension the
// UI uses. Anything else is "no such page": the caller answers 404 without
// saying which rule refused it. No exceptions; thread-safe (reads only the
// file system).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace spar::server {

// "/" means "/index.html". Returns the canonical path of the file to serve.
std::optional<std::filesystem::path> resolve_static(const std::string& web_dir,
                                                    const std::string& request_path);

// The Content-Type of a file resolve_static() accepted.
std::string static_content_type(const std::filesystem::path& file);

}  // namespace spar::server
