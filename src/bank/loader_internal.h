// Internal to the bank loader: what the per-file loaders (questions, the
// lexicon, interviewer lines) and the directory walk in loader.cpp share.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <optional>
#include <string>

#include "bank/diagnostics.h"
#include "bank/model.h"

namespace spar::bank::detail {

// Reads and parses a YAML file; reports syntax errors with their line.
std::optional<YAML::Node> parse_file(const std::filesystem::path& p, const std::string& shown,
                                     Diagnostics& out);

// bank/lexicon.yaml and bank/lexicon/*.yaml: concepts, pronunciations,
// respellings (lexicon_loader.cpp).
void load_lexicon_file(const std::filesystem::path& p, const std::string& shown, Bank& bank,
                       Diagnostics& out);

// bank/interviewer.yaml: the interviewer's lines (lines_loader.cpp).
void load_lines(const std::filesystem::path& p, const std::string& shown, Bank& bank,
                Diagnostics& out);

// bank/areas.yaml: area ids and titles (areas_loader.cpp).
void load_areas(const std::filesystem::path& p, const std::string& shown, Bank& bank,
                Diagnostics& out);

// bank/language/*.yaml: the words the analyzer, grader, interviewer and
// endpointer look for (language_loader.cpp).
void load_language(const std::filesystem::path& dir, const std::string& shown_dir, Bank& bank,
                   Diagnostics& out);
// bank/claims/*.yaml: shared checkable facts (claims_loader.cpp).
void load_claims(const std::filesystem::path& p, const std::string& shown, Bank& bank,
                 Diagnostics& out);

// One question or design problem file (question_loader.cpp).
void load_question(const std::filesystem::path& p, const std::string& shown,
                   const std::string& dir_area, Bank& bank, Diagnostics& out);

}  // namespace spar::bank::detail
