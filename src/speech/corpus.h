// The words a candidate is likely to say, as the recogniser will hear them.
//
// spoken_sentences() turns written bank text into what would be spoken:
// lower case, one sentence per vector, digits read out ("10x" -> "ten x",
// "99.9%" -> "ninety nine point nine percent", "4k" -> "four thousand"),
// symbols said ("&" -> "and"), hyphens and slashes split. The same function
// normalises benchmark references, so they and the language model agree.
//
// bank_corpus() collects the bank text a language model is built from:
// prompts, alternatives, hints, rubric points, red flags, probes, model
// answers, samples, design facts and lexicon aliases.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bank/model.h"

namespace spar::speech {

using Sentence = std::vector<std::string>;

struct SpokenText {
  std::vector<Sentence> sentences;
  std::set<std::string> acronyms;  // words written in capitals ("TLS"), lower-cased
};

SpokenText spoken_sentences(std::string_view text);

// All words of spoken_sentences(text), joined by single spaces.
std::string spoken_words(std::string_view text);

// "42" -> "forty two"; "7" with ordinal -> "seventh". Up to 999 trillion.
std::string number_words(unsigned long long n, bool ordinal = false);

// The bank's text, one entry per piece (a prompt, an answer, ...), and the
// phrases that end a spoken turn ("i'm done"), so the LM always has them.
std::vector<std::string> bank_corpus(const bank::Bank& bank);

}  // namespace spar::speech
