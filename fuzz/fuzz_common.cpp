#include "fuzz_common.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "bank/loader.h"

namespace spar::fuzz {

namespace fs = std::filesystem;

fs::path source_dir() {
  return SPAR_SOURCE_DIR;
}

const bank::Bank& shipped_bank() {
  static const bank::Bank b = [] {
    auto r = bank::load_bank_strict(source_dir() / "bank");
    if (!r) {
      std::fprintf(stderr, "fuzz: cannot load the shipped bank: %s\n", r.error().c_str());
      std::abort();
    }
    return std::move(*r);
  }();
  return b;
}

namespace {

struct Scratch {
  fs::path path;
  Scratch() {
    path = fs::temp_directory_path() / ("spar-fuzz-" + std::to_string(getpid()));
    fs::create_directories(path);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

const fs::path& scratch_dir() {
  static Scratch s;
  return s.path;
}

void fail(const std::string& what, std::string_view input) {
  std::fprintf(stderr, "fuzz: %s\ninput (%zu bytes): %.*s\n", what.c_str(), input.size(),
               static_cast<int>(std::min<size_t>(input.size(), 2000)), input.data());
  std::abort();
}

}  // namespace spar::fuzz
