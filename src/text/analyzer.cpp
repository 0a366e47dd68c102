#include "text/analyzer.h"

#include <algorithm>
#include <unordered_set>

#include "text/normalize.h"
#include "text/numbers.h"

namespace spar::text {

bool is_negator(const std::string& w) {
  static const std::unordered_set<std::string> s = {
      "not", "no",     "never",   "without", "nothing", "none",     "neither",
      "nor", "nobody", "nowhere", "avoid",   "avoids",  "avoiding", "instead"};
  return s.count(w) > 0;
}

namespace {

// How far a negation reaches forward, in tokens, inside its clause.
constexpr int kNegationReach = 4;

bool scope_stop(const std::string& w) {
  static const std::unordered_set<std::string> s = {"you",  "we",  "i",   "they", "it",
                                                    "he",   "she", "and", "or",   "if",
                                                    "then", "so",  "but", "when", "while"};
  return s.count(w) > 0;
}

bool negation_blocked(const std::vector<Token>& t, size_t i) {
  // "not only", "not just", "no matter", "no doubt", "never mind": not negations.
  if (i + 1 >= t.size()) return false;
  const std::string& w = t[i].text;
  const std::string& n = t[i + 1].text;
  return (w == "not" && (n == "only" || n == "just")) ||
         (w == "no" && (n == "matter" || n == "doubt")) || (w == "never" && n == "mind");
}

// Multi-word hedges start at the returned index; single words too.
bool is_hedge_at(const std::vector<Token>& t, size_t i) {
  static const std::unordered_set<std::string> one = {"maybe", "perhaps",    "probably", "possibly",
                                                      "might", "presumably", "guess"};
  const std::string& w = t[i].text;
  if (one.count(w)) return true;
  auto next = [&](size_t k) -> const std::string& {
    static const std::string empty;
    return i + k < t.size() ? t[i + k].text : empty;
  };
  if (w == "i" &&
      (next(1) == "think" || next(1) == "guess" || next(1) == "believe" || next(1) == "suppose"))
    return true;
  if ((w == "sort" || w == "kind") && next(1) == "of") return true;
  if (w == "not" && next(1) == "sure") return true;
  return false;
}

}  // namespace

std::string Analysis::quote(int first, int last) const {
  if (tokens.empty() || first < 0 || last < first) return {};
  size_t b = tokens[static_cast<size_t>(first)].begin;
  size_t e =
      tokens[static_cast<size_t>(std::min<int>(last, static_cast<int>(tokens.size()) - 1))].end;
  return text.substr(b, e - b);
}

std::string Analysis::sentence_quote(int i, int max_words) const {
  if (tokens.empty()) return {};
  int s = tokens[static_cast<size_t>(i)].sentence;
  int b = i, e = i;
  while (b > 0 && tokens[static_cast<size_t>(b - 1)].sentence == s && e - b + 1 < max_words) --b;
  while (e + 1 < static_cast<int>(tokens.size()) &&
         tokens[static_cast<size_t>(e + 1)].sentence == s && e - b + 1 < max_words)
    ++e;
  return quote(b, e);
}

Result<Analysis> Analyzer::analyze(std::string_view text, const std::vector<WordTiming>* timings) {
  if (auto bad = find_invalid_utf8(text); bad != std::string_view::npos)
    return make_error("answer is not valid UTF-8 (bad byte at offset " + std::to_string(bad) + ")");
  Analysis a;
  if (text.size() > kMaxAnswerBytes) {
    size_t cut = kMaxAnswerBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
  }
  a.text = std::string(text);
  auto toks = tokenize(a.text);
  // Word timings align with whitespace-separated words of the transcript.
  if (timings && !timings->empty()) {
    std::vector<std::pair<size_t, size_t>> words;  // byte spans
    size_t i = 0;
    while (i < a.text.size()) {
      while (i < a.text.size() && std::isspace(static_cast<unsigned char>(a.text[i]))) ++i;
      size_t b = i;
      while (i < a.text.size() && !std::isspace(static_cast<unsigned char>(a.text[i]))) ++i;
      if (i > b) words.emplace_back(b, i);
    }
    size_t w = 0;
    for (auto& t : toks) {
      while (w < words.size() && words[w].second <= t.begin) ++w;
      if (w < words.size() && w < timings->size()) {
        t.start = (*timings)[w].start;
        t.stop = (*timings)[w].end;
      }
    }
    a.timed = words.size() == timings->size();
  }
  merge_numbers(toks);
  // Numbers keep their timing from the first word they span.
  segment(toks);
  for (auto& t : toks) {
    if (t.kind == TokenKind::Word) {
      t.stem = stemmer_.stem(t.text);
    }  // numbers already carry their canonical stem (numbers.cpp)
  }
  a.tokens = std::move(toks);
  a.sentence_count = a.tokens.empty() ? 0 : a.tokens.back().sentence + 1;
  if (lexicon_) lexicon_->find_occurrences(a.tokens, a.occurrences);

  // Negation: a negator reaches forward to the first concept occurrence within
  // kNegationReach tokens in its clause.
  const auto& T = a.tokens;
  for (size_t i = 0; i < T.size(); ++i) {
    if (is_hedge_at(T, i)) a.hedges.push_back(static_cast<int>(i));
    if (!is_negator(T[i].text) || negation_blocked(T, i)) continue;
    // A negator inside a multi-word alias ("no session state", "neither safe
    // nor idempotent") is part of that concept, but it still negates the
    // next concept other than the alias itself: "neither safe nor
    // idempotent" negates both, "does not need a lock" negates the lock.
    a.negators.push_back(static_cast<int>(i));
    const int at = static_cast<int>(i);
    size_t k = 0;
    while (k < a.occurrences.size() && a.occurrences[k].first <= at) ++k;
    if (k >= a.occurrences.size()) continue;
    int target = a.occurrences[k].first;
    if (target - static_cast<int>(i) > kNegationReach) continue;
    if (T[static_cast<size_t>(target)].clause != T[i].clause) continue;
    bool stopped = false;
    for (int t = static_cast<int>(i) + 1; t < target; ++t)
      stopped = stopped || scope_stop(T[static_cast<size_t>(t)].text);
    if (stopped) continue;
    for (; k < a.occurrences.size() && a.occurrences[k].first == target; ++k)
      a.occurrences[k].negated = true;
  }
  // Hedges colour every occurrence in their clause.
  for (int h : a.hedges) {
    int clause = T[static_cast<size_t>(h)].clause;
    for (auto& o : a.occurrences)
      if (T[static_cast<size_t>(o.first)].clause == clause) o.hedged = true;
  }
  return a;
}

}  // namespace spar::text
