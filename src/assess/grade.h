// What a grade is: the result of judging one answer against one question.
//
// Every judgement carries evidence: the span of the candidate's own words that
// earned a point, stated a misconception, showed a trade-off. Feedback quotes
// these spans, so a grade is explainable line by line.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bank/model.h"

namespace spar::assess {

struct PointResult {
  std::string id;
  std::string text;  // what a strong answer says (from the rubric)
  std::string stage;
  double weight = 1;
  bool hit = false;
  double credit = 0;     // 0..1
  std::string evidence;  // the candidate's words; empty when missed
};

// A misconception stated: a red flag that fired, or a wrong claim (id
// "claim:<claim id>", text and correction the fact as the bank states it).
struct RedFlagResult {
  std::string id;
  std::string text;
  std::string correction;
  std::string challenge;  // what the interviewer says back; empty = a generic line
  std::string evidence;
  bool hedged = false;     // stated with "maybe", "I think"...
  bool retracted = false;  // corrected by the candidate later in the answer
};

// A statement about one of the bank's facts, judged right or wrong.
struct ClaimResult {
  std::string id;
  bool right = false;
  std::string evidence;
  bool corrected = false;  // wrong, then stated right later in the answer
};

// One reasoning dimension: 0 (absent) to 3 (clear and repeated).
struct Dimension {
  int score = 0;
  std::vector<std::string> evidence;  // up to three quotes
};

struct Reasoning {
  Dimension tradeoffs, justification, alternatives, quantities, failure_modes, decision;
  // Mean of the six dimensions scaled to 0..1, with the best four counting
  // double: a strong answer need not touch every dimension.
  double normalized() const;
};

struct Clarity {
  int words = 0;
  int sentences = 0;
  int fillers = 0;
  int hedges = 0;
  double filler_rate = 0;  // fillers per word
  double mean_sentence_words = 0;
  bool rambling = false;
  double words_per_minute = -1;  // when word timings were given
  int long_pauses = -1;          // pauses >= 2 s, when timings were given
  std::vector<std::string> filler_examples, hedge_examples;
  int score = 3;  // 0..3
};

struct Grade {
  std::string question;  // bank id, or "" in reference mode
  double score = 0;      // 0..100
  bank::Band band = bank::Band::Weak;
  double coverage = 0;  // weighted share of rubric points earned, 0..1
  std::vector<PointResult> points;
  std::vector<RedFlagResult> red_flags;
  std::vector<ClaimResult> claims;  // every fact stated, right or wrong
  Reasoning reasoning;
  Clarity clarity;
  bool keyword_list = false;       // terms without statements connecting them
  std::vector<std::string> notes;  // why the score was capped or lowered
};

// Stable JSON shape (see docs/REPORT.md and `spar grade --format json`).
nlohmann::json to_json(const Grade& g);

// The band for a 0..100 score.
bank::Band band_for(double score);

}  // namespace spar::assess
