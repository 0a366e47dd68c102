// What the candidate means besides answering: "I don't know", "skip", "can
// you repeat that", "what do you mean by ...", "give me a hint", "let me
// think", "let's stop", or a clarifying question in a design round.
//
// Recognised in plain words on short utterances only, so an answer that
// happens to contain "skip" ("we skip the cache") is still an answer.
#pragma once

#include <string>

#include "text/analyzer.h"

namespace spar::interview {

enum class Intent { Answer, Empty, DontKnow, Skip, Repeat, WhatDoYouMean, Hint, Think, Stop, Ask };

struct DetectedIntent {
  Intent intent = Intent::Answer;
  std::string term;  // WhatDoYouMean: the term asked about
};

DetectedIntent detect_intent(const text::Analysis& a);

const char* to_string(Intent i);

}  // namespace spar::interview
