// The end-of-interview summary: per question, the cumulative grade of all the
// candidate said on it (follow-ups included), the probes asked, and for design
// rounds a stage-by-stage breakdown. The full feedback report builds on this.
#pragma once

#include <nlohmann/json.hpp>

#include "interview/engine.h"

namespace spar::interview {

// {"score", "band", "questions": [{"id", "area", "score", "band", "skipped",
//  "points", "red_flags", "reasoning", "clarity", "probes", "stages"?}]}
nlohmann::json summarize(const Session& s, Interviewer& interviewer);

// A short readable summary for the terminal.
std::string format_summary_text(const nlohmann::json& summary);

}  // namespace spar::interview
