// Sentence and clause segmentation that works on unpunctuated speech.
//
// Speech transcripts have no punctuation and no capitals, so boundaries also
// come from discourse words ("so", "and then", "first", "finally"), clause
// words ("but", "because", "which", "although") and, when word timings are
// given, pauses. Over-long sentences are split at the next clause boundary so
// a rambling answer does not become one giant window.
#pragma once

#include <vector>

#include "text/phrases.h"
#include "text/tokenizer.h"

namespace spar::text {

struct SegmenterOptions {
  double sentence_pause = 1.0;  // seconds of silence that end a sentence
  double clause_pause = 0.5;
  int max_sentence_tokens = 40;
};

// Assigns sentence and clause numbers and drops punctuation tokens; `words`
// are the discourse and clause words (bank/language/analysis.yaml).
void segment(std::vector<Token>& tokens, const SegmentWords& words,
             const SegmenterOptions& opts = {});

}  // namespace spar::text
