#include "text/segmenter.h"

#include <string>

namespace spar::text {
namespace {

// "a second", "per second", "one second", "10 seconds": the unit, not an
// ordinal. `prev` is the token before (already moved to the output).
bool is_time_context(const Token* prev, const SegmentWords& words) {
  if (!prev) return false;
  return prev->kind == TokenKind::Number || words.count_words.contains(prev->text);
}

}  // namespace

void segment(std::vector<Token>& toks, const SegmentWords& words, const SegmenterOptions& opts) {
  std::vector<Token> out;
  out.reserve(toks.size());
  int sentence = 0, clause = 0;
  int in_sentence = 0;
  bool pending_sentence = false, pending_clause = false;
  bool saw_if = false;
  auto new_sentence = [&] {
    if (in_sentence > 0) {
      ++sentence;
      ++clause;
      in_sentence = 0;
      saw_if = false;
    }
  };
  auto new_clause = [&] {
    if (in_sentence > 0) ++clause;
  };
  for (size_t i = 0; i < toks.size(); ++i) {
    Token& t = toks[i];
    if (t.kind == TokenKind::Punct) {
      if (t.strong)
        pending_sentence = true;
      else
        pending_clause = true;
      continue;
    }
    const std::string& w = t.text;
    // Pauses from word timings.
    if (!out.empty() && t.start >= 0 && out.back().stop >= 0) {
      double gap = t.start - out.back().stop;
      if (gap >= opts.sentence_pause)
        pending_sentence = true;
      else if (gap >= opts.clause_pause)
        pending_clause = true;
    }
    bool discourse = false;
    const Token* prev = out.empty() ? nullptr : &out.back();
    if (t.kind == TokenKind::Word) {
      // "then" opens a sentence unless an "if" came before it, or it ends the
      // "and then" that just opened this one.
      if (words.then_words.contains(w) && !saw_if) {
        bool after_opening =
            prev && prev->sentence == sentence && in_sentence == 1 &&
            words.sentence_phrases.match_at(std::vector<std::string>{prev->text, w}, 0) == 2;
        discourse = !after_opening;
      }
      if (words.sentence_phrases.match_at(toks, i)) discourse = true;
      if (words.sentence_words.contains(w) && !is_time_context(prev, words) &&
          (in_sentence == 0 || !words.sentence_exceptions.match_at(toks, i)))
        discourse = true;
      // "a wildcard is ok for public data": an adjective, not a new start.
      if (words.adjectives.contains(w) && prev && prev->sentence == sentence &&
          words.adjective_leads.contains(prev->text))
        discourse = false;
      if (words.condition_words.contains(w)) saw_if = true;
    }
    if (pending_sentence || discourse) {
      new_sentence();
    } else if (pending_clause || (t.kind == TokenKind::Word && words.clause_words.contains(w) &&
                                  !words.clause_exceptions.match_at(toks, i))) {
      new_clause();
    } else if (in_sentence >= opts.max_sentence_tokens && t.kind == TokenKind::Word &&
               words.long_sentence_breaks.contains(w)) {
      new_sentence();
    }
    pending_sentence = pending_clause = false;
    t.sentence = sentence;
    t.clause = clause;
    ++in_sentence;
    out.push_back(std::move(t));
  }
  toks = std::move(out);
}

}  // namespace spar::text
