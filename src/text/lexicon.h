// Lexicon: domain concepts and the words and phrases that express them.
//
// A concept ("idempotency-key") has aliases ("idempotency key", "request id",
// "dedupe ... key"). Aliases are compiled to stem sequences, so "retries",
// "retried" and "retrying" all match the alias "retry"; "..." inside an alias
// skips up to three words. The concept id itself (hyphens as spaces) is always
// an alias. Immutable after compile(): safe to share between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "text/tokenizer.h"

namespace spar::text {

class Stemmer;

// One place where a concept was found in an answer (token indices, inclusive).
struct Occurrence {
  int cid = -1;  // concept index in the lexicon
  int first = 0;
  int last = 0;
  bool negated = false;  // inside a negation's scope ("not idempotent")
  bool hedged = false;   // in a clause with a hedge ("maybe", "I think")
  // Not asserted by the speaker: inside a described or refuted view ("people
  // think X", "unlike X", "X is a myth"). Misconceptions ignore these.
  bool reported = false;
  // Matched only as part of a longer phrase of another concept ("idempotency"
  // inside "idempotency key"), or through a word of another form than the
  // alias ("optional" for the alias "option"). Misconceptions ignore these.
  bool shadowed = false;
};

struct Concept {
  std::string id;
  std::vector<std::string> aliases;
  std::string source;  // file:line where it was defined, for messages
};

class Lexicon {
 public:
  // Adds a concept; fails if the id is taken.
  Status add(Concept c);
  // Index of a concept id, or -1.
  int find(std::string_view id) const;
  const Concept& concept_at(int i) const { return concepts_[static_cast<size_t>(i)]; }
  int size() const { return static_cast<int>(concepts_.size()); }

  // Compiles aliases to stem patterns; call once after the last add().
  void compile(Stemmer& stemmer);

  // Appends every concept occurrence in tokens (already stemmed), sorted by
  // first token. Overlapping occurrences of different concepts are all kept.
  void find_occurrences(const std::vector<Token>& tokens, std::vector<Occurrence>& out) const;

  // Stem sequence of a phrase, as aliases are compiled (for tests and tools).
  static std::vector<std::string> phrase_stems(std::string_view phrase, Stemmer& stemmer);

 private:
  // Patterns compare interned stem ids, not strings: matching runs once per
  // token of every answer, so it must be cheap.
  static constexpr int kGap = -2;  // 0..3 arbitrary tokens
  struct Pattern {
    std::vector<int> stems;
    int cid;
    std::vector<std::string> words;  // the alias's words (folded) when it has no gap
  };
  int intern(const std::string& stem);
  std::vector<Concept> concepts_;
  std::unordered_map<std::string, int> index_;
  std::unordered_map<std::string, int> stem_ids_;
  // Patterns of one word (or a word then a gap), by their first stem id; and
  // patterns of two or more words, by their first two ids, so a common first
  // word ("the", "no") does not make every occurrence of it try hundreds of
  // patterns.
  std::vector<std::vector<Pattern>> by_first_;
  std::unordered_map<uint64_t, std::vector<Pattern>> by_pair_;
};

}  // namespace spar::text
