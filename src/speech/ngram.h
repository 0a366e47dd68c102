// A trigram language model built from sentences, written in ARPA format.
//
// Interpolated Kneser-Ney: each order discounts its counts by a constant
// (estimated from count-of-counts, n1 / (n1 + 2 n2)) and gives the freed mass
// to the next lower order, whose counts are continuation counts (in how many
// contexts a word appears) rather than raw counts. Unigrams are interpolated
// with a uniform distribution, so every word in the vocabulary has a
// probability. The ARPA file lists interpolated probabilities and the
// backoff weight of every context, which is what sphinx's reader expects:
// every bigram's first word and every trigram's first two words are listed.
#pragma once

#include <string>
#include <vector>

#include "speech/corpus.h"

namespace spar::speech {

struct NgramCounts {
  size_t unigrams = 0, bigrams = 0, trigrams = 0;
};

// ARPA text of a trigram model over `sentences` (<s> and </s> are added).
// Empty sentences are skipped; `counts` receives the n-gram counts.
std::string build_arpa(const std::vector<Sentence>& sentences, NgramCounts* counts = nullptr);

}  // namespace spar::speech
