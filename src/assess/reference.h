// Reference mode: grade an answer when a question has only a reference
// answer and no rubric.
//
// The reference is split into clauses; each clause with content becomes a
// derived rubric point whose terms are its content words (stemmed, with
// lexicon concepts standing in for their synonyms). Words the question itself
// uses are demoted, since repeating the question earns nothing. A point's
// credit is the weighted share of its terms the answer contains.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "assess/grade.h"
#include "bank/model.h"
#include "text/analyzer.h"

namespace spar::assess {

struct ReferenceOptions {
  double question_word_weight = 0.3;  // weight of a term the question already uses
  double hit_threshold = 0.5;         // share of a point's terms that makes it a hit
};

class ReferenceGrader {
 public:
  // Uses the bank's lexicon and language files; the bank must outlive it.
  explicit ReferenceGrader(const bank::Bank& bank, ReferenceOptions opts = {})
      : language_(bank.language), analyzer_(&bank.lexicon, bank.language.analysis), opts_(opts) {}

  // Grades `answer` against one or more reference answers (best is kept).
  Result<Grade> grade(std::string_view question_text, const std::vector<std::string>& references,
                      std::string_view answer);

 private:
  const bank::Language& language_;
  text::Analyzer analyzer_;
  ReferenceOptions opts_;
};

// Maps a reference-mode grade's coverage, length and reasoning to a score
// calibrated against human graders (see docs/BENCHMARKS.md).
void calibrate_reference(Grade& g);

}  // namespace spar::assess
