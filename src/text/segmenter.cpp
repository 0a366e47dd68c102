#include "text/segmenter.h"

#include <string>
#include <unordered_set>

namespace spar::text {
namespace {

const std::unordered_set<std::string>& clause_words() {
  static const std::unordered_set<std::string> s = {
      "but",     "because",   "although", "though", "whereas", "while", "which",
      "however", "otherwise", "unless",   "since",  "cause",   "yet",   "whereby"};
  return s;
}

// "a second", "per second", "one second", "10 seconds": the unit, not an
// ordinal. `prev` is the token before (already moved to the output).
bool is_time_context(const Token* prev) {
  if (!prev) return false;
  return prev->kind == TokenKind::Number || prev->text == "a" || prev->text == "per" ||
         prev->text == "one" || prev->text == "each" || prev->text == "every" ||
         prev->text == "the" || prev->text == "in";
}

}  // namespace

void segment(std::vector<Token>& toks, const SegmenterOptions& opts) {
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
    const std::string next = i + 1 < toks.size() ? toks[i + 1].text : std::string();
    // Pauses from word timings.
    if (!out.empty() && t.start >= 0 && out.back().stop >= 0) {
      double gap = t.start - out.back().stop;
      if (gap >= opts.sentence_pause)
        pending_sentence = true;
      else if (gap >= opts.clause_pause)
        pending_clause = true;
    }
    bool discourse = false;
    if (t.kind == TokenKind::Word) {
      bool after_and = !out.empty() && out.back().text == "and" &&
                       out.back().sentence == sentence && in_sentence == 1;
      if (w == "then" && !saw_if && !after_and) discourse = true;
      if (w == "and" && (next == "then" || next == "so" || next == "also")) discourse = true;
      if ((w == "first" || w == "firstly" || w == "secondly" || w == "thirdly" || w == "finally" ||
           w == "lastly" || w == "okay" || w == "ok" || w == "alright" || w == "anyway" ||
           w == "next" || w == "also" || w == "additionally" || w == "second" || w == "third") &&
          !is_time_context(out.empty() ? nullptr : &out.back()) &&
          (w != "next" || in_sentence == 0 || next != "to"))
        discourse = true;
      if ((w == "ok" || w == "okay") && !out.empty() && out.back().sentence == sentence) {
        // "a wildcard is ok for public data": an adjective, not a new start.
        static const std::unordered_set<std::string> before_adjective = {
            "is",     "be",        "are",     "was",     "were",     "seems", "sounds",
            "fine",   "perfectly", "totally", "usually", "probably", "not",   "it's",
            "that's", "also",      "still",   "be",      "generally"};
        if (before_adjective.count(out.back().text)) discourse = false;
      }
      if (w == "second" || w == "third" || w == "first") {
        // Ordinals only start a sentence where they open one ("second we
        // shard"); "the first request" and "a second" are ordinary words.
        if (is_time_context(out.empty() ? nullptr : &out.back())) discourse = false;
      }
      if (w == "if" || w == "when") saw_if = true;
    }
    if (pending_sentence || discourse) {
      new_sentence();
    } else if (pending_clause || (t.kind == TokenKind::Word && clause_words().count(w)) ||
               (w == "so" && next != "far" && next != "much" && next != "many")) {
      new_clause();
    } else if (in_sentence >= opts.max_sentence_tokens && t.kind == TokenKind::Word &&
               (w == "and" || w == "or")) {
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
