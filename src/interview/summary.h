// The end-of-interview summary: per question, the cumulative grade of all the
// candidate said on it (follow-ups included), the probes asked, and for design
// rounds a stage-by-stage breakdown. The full feedback report builds on this.
#pragma once

#include <map>
#include <nlohmann/json.hpp>

#include "interview/engine.h"

namespace spar::interview {

// The cumulative grade of every question asked (by index into s.states),
// for callers that need them more than once (the summary and the report).
using Grades = std::map<size_t, assess::Grade>;
Grades grade_all(const Session& s, Interviewer& interviewer);

// {"score", "band", "questions": [{"id", "area", "score", "band", "skipped",
//  "points", "red_flags", "reasoning", "clarity", "probes", "stages"?}]}
// `grades`, when given, are grade_all(s, ...) and are not computed again.
nlohmann::json summarize(const Session& s, Interviewer& interviewer,
                         const Grades* grades = nullptr);

// A short readable summary for the terminal.
std::string format_summary_text(const nlohmann::json& summary);

}  // namespace spar::interview
