// The spar command line: one registration function per command family.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace spar::cli {

// Where the bank lives: --bank, then $SPAR_BANK, then ./bank, then the
// source tree's bank (so a fresh build runs from anywhere).
std::string resolve_bank_dir(const std::string& flag);

// Each register_* adds subcommands to app; `exit_code` receives the result.
void register_bank(CLI::App& app, std::string& bank_flag, int& exit_code);
void register_grade(CLI::App& app, std::string& bank_flag, int& exit_code);
void register_interview(CLI::App& app, std::string& bank_flag, int& exit_code);

}  // namespace spar::cli
