// Phrase lists: the English words the text pipeline and the layers above it
// look for (negators, hedges, discourse words, reasoning cues, fillers). The
// words themselves are data (bank/language/*.yaml, docs/BANK.md); the bank
// loader fills these structs and passes them down, so nothing here knows
// where they came from.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "text/tokenizer.h"

namespace spar::text {

// A list of phrases, each one or more folded words ("but", "on the other
// hand"), looked up by first word so a scan costs one hash lookup per token.
class PhraseList {
 public:
  PhraseList() = default;
  // Each phrase is its words separated by single spaces.
  explicit PhraseList(const std::vector<std::string>& phrases);

  // Number of words of the first phrase (in list order) that starts at word
  // i, or 0 when none does.
  size_t match_at(const std::vector<Token>& tokens, size_t i) const;
  size_t match_at(const std::vector<std::string>& words, size_t i) const;
  // True when some phrase occurs anywhere in `words`.
  bool found_in(const std::vector<std::string>& words) const;
  // True when `word` is one of the one-word phrases.
  bool contains(const std::string& word) const;

  const std::vector<std::string>& phrases() const { return source_; }
  bool empty() const { return source_.empty(); }

 private:
  template <class WordAt>
  size_t match(size_t n, size_t i, const WordAt& word) const;
  std::vector<std::string> source_;
  std::unordered_map<std::string, std::vector<std::vector<std::string>>> by_first_;
};

// The words segmentation looks for (bank/language/analysis.yaml, segmentation).
struct SegmentWords {
  PhraseList clause_words;       // start a clause: "but", "because", "so"
  PhraseList clause_exceptions;  // "so far": a clause word that starts nothing here
  PhraseList sentence_phrases;   // "and then": always start a sentence
  PhraseList sentence_words;     // "first", "finally", "okay": start one unless after a count word
  PhraseList sentence_exceptions;   // "next to": not a start inside a sentence
  PhraseList count_words;           // "a second", "per second": a unit, not an ordinal
  PhraseList then_words;            // "then": a start unless a condition word came before
  PhraseList condition_words;       // "if", "when"
  PhraseList adjectives;            // "ok": a sentence word that can be an adjective ...
  PhraseList adjective_leads;       // ... after "is", "seems" ("a wildcard is ok")
  PhraseList long_sentence_breaks;  // "and", "or": where an over-long sentence is split
};

// The words the analyzer looks for (bank/language/analysis.yaml).
struct AnalysisWords {
  PhraseList negators;      // one word each: negates the next concept ("not", "without")
  PhraseList not_negating;  // "not only", "no matter": a negator that negates nothing
  PhraseList scope_stops;   // a negation does not reach across these ("we", "and", "if")
  PhraseList hedges;        // mark their clause as hedged ("maybe", "i think")
  SegmentWords segmentation;
};

}  // namespace spar::text
