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
// Questions no longer in the bank are left out; an answer that cannot be
// graded fails the whole call (see Interviewer::grade_question) rather than
// scoring 0.
using Grades = std::map<size_t, assess::Grade>;
Result<Grades> grade_all(const Session& s, Interviewer& interviewer);

// {"score", "band", "questions": [{"id", "area", "score", "band", "skipped",
//  "points", "red_flags", "reasoning", "clarity", "probes", "stages"?}]}
// `grades` are grade_all(s, ...).
nlohmann::json summarize(const Session& s, Interviewer& interviewer, const Grades& grades);

// A short readable summary for the terminal.
std::string format_summary_text(const nlohmann::json& summary);

}  // namespace spar::interview
