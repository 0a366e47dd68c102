// Reading how an answer reasons (trade-offs, justification, alternatives,
// numbers, failure modes, a decision) and how clearly it is said (fillers,
// hedges, sentence length, rambling, pace and pauses when timed).
//
// Works on an Analysis from the text layer: no rubric needed, so it applies
// to knowledge answers, design walkthroughs and reference mode alike.
#pragma once

#include "assess/grade.h"
#include "bank/model.h"
#include "text/analyzer.h"

namespace spar::assess {

// `words` are the cues, fillers and function words of
// bank/language/grading.yaml.
Reasoning read_reasoning(const text::Analysis& a, const bank::GradingWords& words);

// `coverage` (0..1) lets rambling be judged: many words, little covered.
Clarity read_clarity(const text::Analysis& a, double coverage, const bank::GradingWords& words);

// True when the answer reads as a list of terms: concept-dense with almost no
// function words or verbs to connect them.
bool is_keyword_list(const text::Analysis& a, const bank::GradingWords& words);

}  // namespace spar::assess
