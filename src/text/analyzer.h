// Analyzer: the text pipeline for one answer.
//
// validate UTF-8 -> tokenize (contractions expanded) -> numbers merged ->
// segmented into sentences and clauses -> stemmed -> lexicon concepts found ->
// negation scope and hedges marked. The result keeps byte offsets into the
// original so every piece of evidence can be quoted verbatim.
//
// An Analyzer owns a Stemmer and so is not thread-safe; the Lexicon and the
// word lists it reads are shared and immutable.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "text/lexicon.h"
#include "text/phrases.h"
#include "text/segmenter.h"
#include "text/stemmer.h"
#include "text/tokenizer.h"

namespace spar::text {

// One recognised word with its time in the audio (seconds).
struct WordTiming {
  std::string word;
  double start = 0;
  double end = 0;
  double confidence = 1;
};

struct Analysis {
  std::string text;                     // the original answer
  std::vector<Token> tokens;            // words and numbers, no punctuation
  std::vector<Occurrence> occurrences;  // sorted by first token
  std::vector<int> negators;            // token indices of negation words
  std::vector<int> hedges;              // token indices where a hedge starts
  int sentence_count = 0;
  bool timed = false;  // tokens carry start/stop times

  // The original text from token first to token last (inclusive).
  std::string quote(int first, int last) const;
  // The original text of the sentence holding token i, trimmed to max_words
  // words around it.
  std::string sentence_quote(int i, int max_words = 30) const;
};

// Largest answer the analyzer accepts; longer input is cut at a word boundary.
inline constexpr size_t kMaxAnswerBytes = 64 * 1024;

class Analyzer {
 public:
  // `words` (negators, hedges, discourse words) must outlive the analyzer.
  Analyzer(const Lexicon* lexicon, const AnalysisWords& words) : lexicon_(lexicon), words_(words) {}

  // Fails on invalid UTF-8 (naming the byte offset).
  Result<Analysis> analyze(std::string_view text, const std::vector<WordTiming>* timings = nullptr);

  Stemmer& stemmer() { return stemmer_; }
  const Lexicon* lexicon() const { return lexicon_; }

 private:
  const Lexicon* lexicon_;
  const AnalysisWords& words_;
  Stemmer stemmer_;
};

}  // namespace spar::text
