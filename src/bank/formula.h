// Arithmetic over named values, for checking design-problem estimates
// against their facts: "new_links_per_month / (30 * 86400)".
//
// Grammar: + - * / ^, parentheses, numbers (1e6, 2.5), and snake_case names.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "common/result.h"

namespace spar::bank {

// Looks up a name; nullopt if unknown.
using NameLookup = std::function<std::optional<double>(const std::string&)>;

Result<double> evaluate_formula(const std::string& formula, const NameLookup& lookup);

}  // namespace spar::bank
