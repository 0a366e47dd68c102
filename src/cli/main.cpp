// spar: a mock interviewer for backend engineers that you talk to.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"

namespace spar::cli {

std::string resolve_bank_dir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("SPAR_BANK"); env && *env) return env;
  std::error_code ec;
  if (std::filesystem::is_regular_file("bank/lexicon.yaml", ec)) return "bank";
  return SPAR_DEFAULT_BANK;
}

}  // namespace spar::cli

int main(int argc, char** argv) {
  CLI::App app{"spar: a mock interviewer for backend engineers that you talk to"};
  app.require_subcommand(1);
  std::string bank_flag;
  app.add_option("--bank", bank_flag, "question bank directory (default: $SPAR_BANK or ./bank)");
  int exit_code = 0;
  spar::cli::register_bank(app, bank_flag, exit_code);
  spar::cli::register_grade(app, bank_flag, exit_code);
  spar::cli::register_interview(app, bank_flag, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
