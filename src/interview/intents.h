// What the candidate means besides answering: "I don't know", "skip", "can
// you repeat that", "what do you mean by ...", "give me a hint", "let me
// think", "let's stop", or a clarifying question in a design round.
//
// The phrases are data (bank/language/intents.yaml). Recognised on short
// utterances only, so an answer that happens to contain "skip" ("we skip
// the cache") is still an answer.
#pragma once

#include <string>

#include "bank/model.h"
#include "text/analyzer.h"

namespace spar::interview {

enum class Intent { Answer, Empty, DontKnow, Skip, Repeat, WhatDoYouMean, Hint, Think, Stop, Ask };

struct DetectedIntent {
  Intent intent = Intent::Answer;
  std::string term;  // WhatDoYouMean: the term asked about
};

// `words` are the phrases of bank/language/intents.yaml.
DetectedIntent detect_intent(const text::Analysis& a, const bank::IntentWords& words);

const char* to_string(Intent i);
// The intent a request in bank/language/intents.yaml names ("dont_know");
// Answer for a name that is not one.
Intent request_intent(const std::string& name);

}  // namespace spar::interview
