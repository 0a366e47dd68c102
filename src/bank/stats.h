// Bank statistics: counts per area and level, and of points, probes, red
// flags, samples and design problems.
#pragma once

#include <nlohmann/json.hpp>

#include "bank/model.h"

namespace spar::bank {

nlohmann::json bank_stats(const Bank& bank);

// {"areas": [{"id", "title"}, ...]} in the bank's order: what `spar bank
// areas --format json` prints and GET /api/v1/areas returns.
nlohmann::json areas_json(const std::vector<Area>& areas);

// A readable rendering of stats for the terminal.
std::string format_stats_text(const nlohmann::json& stats, const Bank& bank);

}  // namespace spar::bank
