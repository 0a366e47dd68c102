#include "testing.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "bank/loader.h"

namespace spar::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() /
          ("spar-test-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << text;
}

fs::path source_bank() {
  return fs::path(SPAR_SOURCE_DIR) / "bank";
}

const bank::Bank& shipped_bank() {
  static bank::Bank b = [] {
    auto r = bank::load_bank(source_bank());
    for (const auto& p : r.problems) ADD_FAILURE() << p.str();
    return std::move(r.bank);
  }();
  return b;
}

const bank::Language& shipped_language() {
  static bank::Language l = [] {
    bank::Diagnostics problems;
    auto r = bank::load_language(source_bank(), problems);
    for (const auto& p : problems) ADD_FAILURE() << p.str();
    return r;
  }();
  return l;
}

std::string make_example_bank(const fs::path& dir) {
  write_file(dir / "lexicon.yaml", read_file(source_bank() / "lexicon.yaml"));
  write_file(dir / "interviewer.yaml", read_file(source_bank() / "interviewer.yaml"));
  write_file(dir / "areas.yaml", read_file(source_bank() / "areas.yaml"));
  for (const auto& e : fs::directory_iterator(source_bank() / "language"))
    write_file(dir / "language" / e.path().filename(), read_file(e.path()));
  std::string q = read_file(source_bank() / "api" / "idempotency.yaml");
  write_file(dir / "api" / "idempotency.yaml", q);
  return q;
}

bool replace_in_file(const fs::path& p, const std::string& from, const std::string& to) {
  std::string s = read_file(p);
  auto at = s.find(from);
  if (at == std::string::npos) return false;
  s.replace(at, from.size(), to);
  write_file(p, s);
  return true;
}

RunResult run_spar(const std::string& args, const std::string& stdin_text, const std::string& env) {
  TempDir tmp;
  auto in = tmp / "stdin", out = tmp / "stdout", err = tmp / "stderr";
  write_file(in, stdin_text);
  std::string cmd = (env.empty() ? "" : "env " + env + " ") + std::string(SPAR_BINARY) + " " +
                    args + " <" + in.string() + " >" + out.string() + " 2>" + err.string();
  int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

}  // namespace spar::testing
