// spar: a mock interviewer for backend engineers that you talk to.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "store/store.h"

namespace spar::cli {

std::string resolve_bank_dir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("SPAR_BANK"); env && *env) return env;
  std::error_code ec;
  if (std::filesystem::is_regular_file("bank/lexicon.yaml", ec)) return "bank";
  return SPAR_DEFAULT_BANK;
}

std::string resolve_db_path(const std::string& flag) {
  return flag.empty() ? store::default_db_path() : flag;
}

std::string local_user_name() {
  const char* u = std::getenv("USER");
  return u && *u ? u : "local";
}

}  // namespace spar::cli

int main(int argc, char** argv) {
  CLI::App app{"spar: a mock interviewer for backend engineers that you talk to"};
  app.require_subcommand(1);
  std::string bank_flag;
  app.add_option("--bank", bank_flag, "question bank directory (default: $SPAR_BANK or ./bank)");
  std::string db_flag;
  app.add_option("--db", db_flag,
                 "database file (default: $SPAR_DB or ~/.local/share/spar/spar.db)");
  int exit_code = 0;
  spar::cli::register_bank(app, bank_flag, exit_code);
  spar::cli::register_grade(app, bank_flag, exit_code);
  spar::cli::register_interview(app, bank_flag, db_flag, exit_code);
  spar::cli::register_sessions(app, bank_flag, db_flag, exit_code);
  spar::cli::register_serve(app, bank_flag, db_flag, exit_code);
  spar::cli::register_speech(app, bank_flag, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
