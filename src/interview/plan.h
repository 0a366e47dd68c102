// Planning an interview: which questions, in which order, with what time.
//
// Deterministic for a given seed. Questions match the level and areas; a
// design round is included for mid and senior levels when time allows. With
// history, questions seen recently are avoided, questions whose points were
// missed come back after a spacing interval (1, 3, 7, 14 days), and weak
// areas weigh more.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bank/model.h"
#include "common/result.h"

namespace spar::interview {

// What the planner knows about one question from past sessions.
struct HistoryEntry {
  std::string question;
  double days_ago = 0;  // since it was last asked
  double score = 0;     // 0..100 last time
  bool missed_points = false;
  int times_seen = 1;
};

struct PlanRequest {
  std::vector<std::string> areas;  // empty = all areas
  bank::Level level = bank::Level::Mid;
  int minutes = 30;
  std::vector<std::string> questions;  // explicit ids: used as given, in order
  uint64_t seed = 1;
  std::vector<HistoryEntry> history;
};

struct PlannedQuestion {
  std::string id;
  bool design = false;
  double minutes = 0;
};

// Fails on unknown areas or ids, or when nothing matches the request.
Result<std::vector<PlannedQuestion>> make_plan(const bank::Bank& bank, const PlanRequest& req);

// The spacing interval (days) after a question has been missed n times.
double spacing_days(int times_seen);

}  // namespace spar::interview
