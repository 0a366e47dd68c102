#include "text/analyzer.h"

#include <algorithm>

#include "text/normalize.h"
#include "text/numbers.h"

namespace spar::text {

namespace {

// How far a negation reaches forward, in tokens, inside its clause.
constexpr int kNegationReach = 4;

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
  segment(toks, words_.segmentation);
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
    if (words_.hedges.match_at(T, i)) a.hedges.push_back(static_cast<int>(i));
    // "not only", "no matter": a negator that negates nothing.
    if (!words_.negators.contains(T[i].text) || words_.not_negating.match_at(T, i)) continue;
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
      stopped = stopped || words_.scope_stops.contains(T[static_cast<size_t>(t)].text);
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
