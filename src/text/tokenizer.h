// Tokenizer: splits an answer or a bank phrase into word, number and
// punctuation tokens, keeping byte offsets into the original text.
//
// Contractions are expanded ("isn't" -> "is" "not"), so negation is visible
// to the matcher; number forms ("4k", "ten x", "a million", "fifty
// milliseconds") become Number tokens with a value and a canonical unit (see
// numbers.h). Works on unpunctuated, uncapitalised speech transcripts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace spar::text {

enum class TokenKind { Word, Number, Punct };

struct Token {
  std::string text;  // folded form ("is", "not", "idempotent", "4000")
  std::string stem;  // Snowball stem for words; text for numbers
  size_t begin = 0;  // byte offsets of the source span in the original
  size_t end = 0;
  TokenKind kind = TokenKind::Word;
  // Number tokens: value and canonical unit ("", "x", "%", "ms", "s", "min",
  // "h", "day", "month", "year", "b", "kb", "mb", "gb", "tb", "pb", "qps").
  double value = 0;
  std::string unit;
  // Rate: "s", "min", "h", "day", "week", "month", "year" for "4k writes a
  // second", "10k qps", "100 million a day"; empty when not a rate.
  std::string per;
  // Punct tokens: true for sentence-ending marks (. ? ! ; newline).
  bool strong = false;
  // Filled by the segmenter.
  int sentence = 0;
  int clause = 0;
  // Filled from word timings when the text came from speech (seconds; <0 = unknown).
  double start = -1;
  double stop = -1;
};

// Splits text (valid UTF-8) into tokens; no stemming, no number merging.
std::vector<Token> tokenize(std::string_view original);

}  // namespace spar::text
