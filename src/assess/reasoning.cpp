#include "assess/reasoning.h"

#include <algorithm>
#include <array>
#include <functional>

namespace spar::assess {
namespace {

using text::Analysis;
using text::Token;
using text::TokenKind;

struct Found {
  int count = 0;
  std::vector<int> at;  // token indices
};

// Counts sentences (not words) holding a marker, so one long sentence with
// three "but"s is one trade-off.
Found scan(const Analysis& a, const text::PhraseList& cues,
           const std::function<bool(size_t)>& accept = nullptr) {
  Found f;
  int last_sentence = -1;
  const auto& t = a.tokens;
  for (size_t i = 0; i < t.size(); ++i) {
    if (!cues.match_at(t, i)) continue;
    if (accept && !accept(i)) continue;
    if (t[i].sentence == last_sentence) continue;
    last_sentence = t[i].sentence;
    ++f.count;
    f.at.push_back(static_cast<int>(i));
  }
  return f;
}

bool sentence_has_concept(const Analysis& a, int sentence) {
  for (const auto& o : a.occurrences)
    if (a.tokens[static_cast<size_t>(o.first)].sentence == sentence) return true;
  return false;
}

Dimension make(const Analysis& a, const Found& f, int per_point) {
  Dimension d;
  d.score = std::min(3, (f.count + per_point - 1) / per_point);
  for (size_t k = 0; k < f.at.size() && k < 3; ++k)
    d.evidence.push_back(a.sentence_quote(f.at[k], 25));
  return d;
}

}  // namespace

double Reasoning::normalized() const {
  std::array<int, 6> s = {tradeoffs.score,  justification.score, alternatives.score,
                          quantities.score, failure_modes.score, decision.score};
  std::sort(s.begin(), s.end(), std::greater<int>());
  double top = s[0] + s[1] + s[2] + s[3];
  double rest = s[4] + s[5];
  return (2 * top + rest) / (2 * 12 + 6);
}

Reasoning read_reasoning(const Analysis& a, const bank::GradingWords& words) {
  Reasoning r;
  const auto& t = a.tokens;
  // A trade-off or justification counts when the sentence carries content.
  auto with_content = [&](size_t i) { return sentence_has_concept(a, t[i].sentence); };
  r.tradeoffs = make(a, scan(a, words.tradeoff, with_content), 1);
  r.justification = make(a, scan(a, words.justification, with_content), 1);
  // "over" counts only as "X over Y" choices: "prefer ... over", "chose ... over".
  auto alt_ok = [&](size_t i) {
    if (!words.alternative_after_choice.contains(t[i].text)) return true;
    for (size_t k = i; k > 0 && k + 6 > i; --k)
      if (words.choice_words.contains(t[k - 1].text)) return true;
    return false;
  };
  r.alternatives = make(a, scan(a, words.alternative, alt_ok), 1);
  Found nums;
  int last_sentence = -1;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].kind != TokenKind::Number) continue;
    if (t[i].sentence == last_sentence) continue;
    last_sentence = t[i].sentence;
    ++nums.count;
    nums.at.push_back(static_cast<int>(i));
  }
  r.quantities = make(a, nums, 1);
  r.failure_modes = make(a, scan(a, words.failure), 1);
  r.decision = make(a, scan(a, words.decision), 1);
  return r;
}

bool is_keyword_list(const Analysis& a, const bank::GradingWords& words) {
  const auto& t = a.tokens;
  if (t.size() < 6) return false;
  int function = 0;
  for (const auto& tok : t) function += words.function_words.contains(tok.text) ? 1 : 0;
  double ratio = static_cast<double>(function) / static_cast<double>(t.size());
  // Connected prose runs at 35-55 % function words; a list of terms under 15 %.
  return ratio < 0.15 && a.occurrences.size() * 3 >= t.size();
}

Clarity read_clarity(const Analysis& a, double coverage, const bank::GradingWords& words) {
  Clarity c;
  const auto& t = a.tokens;
  c.words = static_cast<int>(t.size());
  c.sentences = a.sentence_count;
  for (size_t i = 0; i < t.size(); ++i) {
    // "um", "you know"; "like" as a filler ("so like we shard") but not as a
    // word ("looks like", "like a queue").
    bool filler = words.fillers.match_at(t, i) > 0;
    if (words.sometimes.contains(t[i].text)) {
      bool starts = i == 0 || t[i - 1].sentence != t[i].sentence;
      if (starts || words.filler_after.contains(t[i - 1].text)) {
        filler = true;
      } else if (!words.ordinary_after.contains(t[i - 1].text)) {
        std::string next = i + 1 < t.size() ? t[i + 1].text : "";
        if (!words.ordinary_before.contains(next)) filler = true;
      }
    }
    if (filler) {
      ++c.fillers;
      if (c.filler_examples.size() < 3)
        c.filler_examples.push_back(a.sentence_quote(static_cast<int>(i), 12));
    }
  }
  c.hedges = static_cast<int>(a.hedges.size());
  for (size_t k = 0; k < a.hedges.size() && k < 3; ++k)
    c.hedge_examples.push_back(a.sentence_quote(a.hedges[k], 12));
  c.filler_rate = c.words ? static_cast<double>(c.fillers) / c.words : 0;
  c.mean_sentence_words = c.sentences ? static_cast<double>(c.words) / c.sentences : 0;
  c.rambling = c.words >= 150 && coverage * 100.0 / c.words < 0.25;
  if (a.timed && !t.empty() && t.back().stop > t.front().start && t.front().start >= 0) {
    double minutes = (t.back().stop - t.front().start) / 60.0;
    c.words_per_minute = minutes > 0 ? c.words / minutes : -1;
    c.long_pauses = 0;
    for (size_t i = 1; i < t.size(); ++i)
      if (t[i].start >= 0 && t[i - 1].stop >= 0 && t[i].start - t[i - 1].stop >= 2.0)
        ++c.long_pauses;
  }
  int score = 3;
  if (c.filler_rate > 0.05) --score;
  if (c.filler_rate > 0.10) --score;
  if (c.mean_sentence_words > 35) --score;
  if (c.rambling) --score;
  if (c.sentences > 0 && static_cast<double>(c.hedges) / c.sentences > 0.5) --score;
  if (c.words_per_minute > 0 && (c.words_per_minute < 90 || c.words_per_minute > 200)) --score;
  c.score = std::max(0, score);
  return c;
}

}  // namespace spar::assess
