// The grader: judges one answer against a question's rubric.
//
// It matches rubric points and red flags (negation-aware, with the span of the
// answer that earned each hit), reads reasoning and clarity, and combines them
// into a 0-100 score and a band. A keyword list without statements scores low;
// a confidently stated misconception caps the score below `solid`.
//
// Cost: one pass over the answer plus one rule match per point; no I/O. A
// Grader is not thread-safe (it owns a stemmer); make one per thread. The Bank
// must outlive it.
#pragma once

#include <string_view>
#include <vector>

#include "assess/claims.h"
#include "assess/grade.h"
#include "bank/model.h"
#include "common/result.h"
#include "text/analyzer.h"

namespace spar::assess {

// Answers longer than this are graded on their first kMaxAnswerBytes bytes,
// with a note saying so.
inline constexpr size_t kMaxAnswerBytes = text::kMaxAnswerBytes;

class Grader {
 public:
  explicit Grader(const bank::Bank& bank);

  // Fails on invalid UTF-8. An empty or filler-only answer is a valid weak
  // grade with a note, not an error.
  Result<Grade> grade(const bank::Question& q, std::string_view answer,
                      const std::vector<text::WordTiming>* timings = nullptr);

  // Grades an answer already analysed (the interviewer analyses once).
  Grade grade(const bank::Question& q, const text::Analysis& a);

  text::Analyzer& analyzer() { return analyzer_; }
  const bank::Bank& bank() const { return bank_; }

 private:
  const bank::Bank& bank_;
  text::Analyzer analyzer_;
  ClaimIndex claims_;
};

// Combines coverage, reasoning and penalties into the final score; shared by
// rubric and reference modes; `words` come from bank/language/grading.yaml.
void finish_grade(Grade& g, const text::Analysis& a, const bank::GradingWords& words);

}  // namespace spar::assess
