// Shared by the libFuzzer targets in fuzz/: the shipped bank, loaded once per
// process, and a scratch directory removed when the process exits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "bank/model.h"

namespace spar::fuzz {

// The source tree's bank; a load problem aborts (the fuzzers need it whole).
const bank::Bank& shipped_bank();
std::filesystem::path source_dir();

// A directory for this process's files (databases, YAML files), removed at exit.
const std::filesystem::path& scratch_dir();

// Stops the fuzzer with a message: the target's own checks failing.
[[noreturn]] void fail(const std::string& what, std::string_view input);

// The fuzz input as a string.
inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace spar::fuzz
