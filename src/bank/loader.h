// Loading a bank directory: bank/areas.yaml, bank/language/*.yaml,
// bank/lexicon.yaml (+ bank/lexicon/*.yaml), bank/interviewer.yaml, then one
// YAML file per question (bank/<area>/<slug>.yaml) and per design problem
// (bank/design/<slug>.yaml).
//
// Loading never throws and never stops at the first problem: every problem is
// reported as a Diagnostic ("path:line: message") and the broken item is left
// out, so a linter can list them all and the rest of the bank stays usable.
#pragma once

#include <filesystem>

#include "bank/diagnostics.h"
#include "bank/model.h"
#include "common/result.h"

namespace spar::bank {

struct LoadResult {
  Bank bank;
  Diagnostics problems;
};

LoadResult load_bank(const std::filesystem::path& dir);

// Loads only the language files (bank/language/*.yaml) of the bank at `dir`,
// for tools and tests that need the words but no questions.
Language load_language(const std::filesystem::path& dir, Diagnostics& problems);

// Loads only the areas (bank/areas.yaml) of the bank at `dir`, for commands
// that print area titles without needing the questions.
std::vector<Area> load_areas(const std::filesystem::path& dir, Diagnostics& problems);

// Loads and fails with the first few problems if there are any.
Result<Bank> load_bank_strict(const std::filesystem::path& dir);

}  // namespace spar::bank
