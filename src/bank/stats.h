// Bank statistics: counts per area and level, and of points, probes, red
// flags, samples and design problems.
#pragma once

#include <nlohmann/json.hpp>

#include "bank/model.h"

namespace spar::bank {

nlohmann::json bank_stats(const Bank& bank);

// A readable rendering of stats for the terminal.
std::string format_stats_text(const nlohmann::json& stats);

}  // namespace spar::bank
