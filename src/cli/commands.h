// The spar command line: one registration function per command family.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>

namespace spar::cli {

// Where the bank lives: --bank, then $SPAR_BANK, then ./bank, then the
// source tree's bank (so a fresh build runs from anywhere).
std::string resolve_bank_dir(const std::string& flag);

// The database path: --db, then $SPAR_DB, then the XDG default.
std::string resolve_db_path(const std::string& flag);

// The local user's name for single-user use ($USER, else "local").
std::string local_user_name();

// Input limits, checked before reading (docs: README "Limits"): an answer
// (--answer-file, standard input) and one line of a --batch file (an answer
// plus its JSON). Directories and devices are refused by type.
inline constexpr std::size_t kMaxAnswerBytes = 1024 * 1024;
inline constexpr std::size_t kMaxBatchLineBytes = 2 * 1024 * 1024;

// Each register_* adds subcommands to app; `exit_code` receives the result.
void register_bank(CLI::App& app, std::string& bank_flag, int& exit_code);
void register_grade(CLI::App& app, std::string& bank_flag, int& exit_code);
void register_interview(CLI::App& app, std::string& bank_flag, std::string& db_flag,
                        int& exit_code);
void register_sessions(CLI::App& app, std::string& bank_flag, std::string& db_flag, int& exit_code);
void register_serve(CLI::App& app, std::string& bank_flag, std::string& db_flag, int& exit_code);
void register_speech(CLI::App& app, std::string& bank_flag, int& exit_code);

}  // namespace spar::cli
