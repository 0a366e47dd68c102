// Shared helpers for spar's tests: temporary bank directories built from the
// project's own example files, and running the real spar binary.
#pragma once

#include <filesystem>
#include <string>

namespace spar::testing {

// A fresh temporary directory, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& rel) const { return path_ / rel; }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, const std::string& text);

// Copies the areas, the shared lexicon, the language files and
// api.idempotency into dir/ as a minimal, lint-clean bank; returns the text of
// the question file.
std::string make_example_bank(const std::filesystem::path& dir);

// Replaces the first occurrence of `from` in the file (the test fails loudly
// through the returned false if it is absent).
bool replace_in_file(const std::filesystem::path& p, const std::string& from,
                     const std::string& to);

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs the spar binary with arguments (shell-quoted by the caller), with
// optional environment assignments ("NAME=value ...") in front.
RunResult run_spar(const std::string& args, const std::string& stdin_text = "",
                   const std::string& env = "");

// The source tree's bank directory.
std::filesystem::path source_bank();

}  // namespace spar::testing

#include "bank/model.h"

namespace spar::testing {

// The shipped bank, loaded once; every load problem is a test failure.
const bank::Bank& shipped_bank();

// The shipped bank's language files only (bank/language), loaded once.
const bank::Language& shipped_language();

}  // namespace spar::testing
