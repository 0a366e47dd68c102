// Feedback reports: what a candidate reads after an interview.
//
// build_report() turns a finished (or interrupted) session into a report
// model (stable JSON, documented in docs/REPORT.md): per question the score
// and band, covered points with the candidate's own words, missed points with
// what a strong answer says, misconceptions with corrections, reasoning and
// clarity with quoted examples, the follow-ups asked and how they went, and an
// outline of a stronger answer; per session the overall and per-area scores,
// the three most valuable things to improve (with questions to practise),
// design-stage breakdowns and the trend over past sessions. Renderers turn
// the model into text, Markdown or one self-contained HTML file.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "interview/engine.h"
#include "interview/summary.h"

namespace spar::report {

struct PastSession {
  std::string id;
  int64_t started_at = 0;
  double score = 0;
  std::map<std::string, double> areas;  // per-area score
};

struct ReportContext {
  std::string session_id;
  int64_t started_at = 0;
  std::vector<PastSession> past;  // earlier sessions of the same user, oldest first
};

// `grades` are interview::grade_all(s, ...). Fails (corrupt) when a reply
// to a follow-up cannot be graded.
Result<nlohmann::json> build_report(const interview::Session& s, interview::Interviewer& iv,
                                    const ReportContext& ctx, const interview::Grades& grades);

std::string render_text(const nlohmann::json& report);
std::string render_markdown(const nlohmann::json& report);
// One self-contained file: inline CSS and SVG, no scripts, no network.
std::string render_html(const nlohmann::json& report);

}  // namespace spar::report
