#include "assess/reasoning.h"

#include <algorithm>
#include <array>
#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace spar::assess {
namespace {

using text::Analysis;
using text::Token;
using text::TokenKind;

// Multi-word markers, written as folded words separated by spaces, indexed
// by their first word so a scan costs one hash lookup per token.
struct Markers {
  std::unordered_map<std::string, std::vector<std::vector<std::string>>> by_first;
};

Markers split(std::initializer_list<const char*> phrases) {
  Markers m;
  for (auto* p : phrases) {
    std::vector<std::string> words;
    std::string w;
    for (const char* c = p; *c; ++c) {
      if (*c == ' ') {
        if (!w.empty()) words.push_back(w);
        w.clear();
      } else {
        w += *c;
      }
    }
    if (!w.empty()) words.push_back(w);
    m.by_first[words.front()].push_back(words);
  }
  return m;
}

bool marker_at(const std::vector<Token>& t, size_t i, const Markers& ms, size_t* len = nullptr) {
  auto it = ms.by_first.find(t[i].text);
  if (it == ms.by_first.end()) return false;
  for (const auto& m : it->second) {
    if (i + m.size() > t.size()) continue;
    bool ok = true;
    for (size_t k = 1; k < m.size() && ok; ++k) ok = t[i + k].text == m[k];
    if (ok) {
      if (len) *len = m.size();
      return true;
    }
  }
  return false;
}

const Markers& tradeoff_markers() {
  static const Markers m =
      split({"but",        "however",           "downside", "downsides",   "drawback",  "drawbacks",
             "the cost",   "at the cost",       "costs",    "trade off",   "tradeoff",  "tradeoffs",
             "trade offs", "on the other hand", "whereas",  "in exchange", "the price", "penalty",
             "overhead",   "at the expense",    "cons",     "the catch",   "although",  "though"});
  return m;
}
const Markers& justification_markers() {
  static const Markers m = split(
      {"because",    "so that",      "which means",  "that means", "this means", "that is why",
       "that's why", "the reason",   "in order to",  "otherwise",  "since",      "due to",
       "therefore",  "which is why", "as a result",  "thus",       "hence",      "cause",
       "so we",      "so it",        "so you",       "so the",     "which lets", "which gives",
       "to avoid",   "to prevent",   "to make sure", "to ensure"});
  return m;
}
const Markers& alternative_markers() {
  static const Markers m = split({"instead of",      "rather than",    "alternatively",
                                  "another option",  "other option",   "or we could",
                                  "or you could",    "versus",         "vs",
                                  "compared to",     "compared with",  "another approach",
                                  "other approach",  "either",         "could also",
                                  "the alternative", "an alternative", "as opposed to",
                                  "unlike",          "option is",      "over",
                                  "prefer"});
  return m;
}
const Markers& failure_markers() {
  static const Markers m =
      split({"fail",       "fails",       "failed",    "failure",     "failures",    "failing",
             "crash",      "crashes",     "crashed",   "goes down",   "go down",     "went down",
             "is down",    "outage",      "outages",   "timeout",     "timeouts",    "times out",
             "time out",   "dies",        "die",       "dead",        "lost",        "lose",
             "loses",      "losing",      "partition", "partitioned", "unavailable", "unreachable",
             "corrupt",    "corrupted",   "breaks",    "broken",      "what if",     "retry",
             "retries",    "fallback",    "fall back", "degrade",     "degrades",    "overload",
             "overloaded", "split brain", "stale",     "restart",     "restarts",    "duplicate",
             "duplicates", "race",        "deadlock"});
  return m;
}
const Markers& decision_markers() {
  static const Markers m = split({"i would",
                                  "i will",
                                  "we would",
                                  "we will",
                                  "i would go",
                                  "i would choose",
                                  "i would pick",
                                  "i would use",
                                  "i recommend",
                                  "i would recommend",
                                  "my choice",
                                  "i prefer",
                                  "i would prefer",
                                  "we should",
                                  "i chose",
                                  "i choose",
                                  "let us use",
                                  "let us go",
                                  "i go with",
                                  "i would start",
                                  "my pick",
                                  "i pick",
                                  "i'd",
                                  "the right choice",
                                  "the best choice",
                                  "i decided",
                                  "we go with",
                                  "default to",
                                  "go with"});
  return m;
}

struct Found {
  int count = 0;
  std::vector<int> at;  // token indices
};

// Counts sentences (not words) holding a marker, so one long sentence with
// three "but"s is one trade-off.
Found scan(const Analysis& a, const Markers& ms,
           const std::function<bool(size_t, size_t)>& accept = nullptr) {
  Found f;
  int last_sentence = -1;
  const auto& t = a.tokens;
  for (size_t i = 0; i < t.size(); ++i) {
    size_t len = 0;
    if (!marker_at(t, i, ms, &len)) continue;
    if (accept && !accept(i, len)) continue;
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

const std::unordered_set<std::string>& function_words() {
  static const std::unordered_set<std::string> s = {
      "the",   "a",     "an",   "is",    "are",     "was",    "were", "be",   "been", "to",
      "of",    "in",    "on",   "for",   "it",      "that",   "this", "we",   "you",  "i",
      "they",  "if",    "when", "so",    "because", "and",    "but",  "with", "by",   "as",
      "at",    "then",  "can",  "will",  "would",   "should", "do",   "does", "not",  "have",
      "has",   "which", "what", "there", "its",     "from",   "or",   "your", "our",  "each",
      "one",   "their", "them", "into",  "than",    "only",   "just", "also", "how",  "why",
      "more",  "any",   "same", "every", "all",     "no",     "need", "use",  "make", "get",
      "means", "could", "might"};
  return s;
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

Reasoning read_reasoning(const Analysis& a) {
  Reasoning r;
  const auto& t = a.tokens;
  // A trade-off or justification counts when the sentence carries content.
  auto with_content = [&](size_t i, size_t) { return sentence_has_concept(a, t[i].sentence); };
  r.tradeoffs = make(a, scan(a, tradeoff_markers(), with_content), 1);
  r.justification = make(a, scan(a, justification_markers(), with_content), 1);
  // "over" counts only as "X over Y" choices: "prefer ... over", "chose ... over".
  auto alt_ok = [&](size_t i, size_t) {
    if (t[i].text != "over" && t[i].text != "prefer") return true;
    if (t[i].text == "prefer") return true;
    for (size_t k = i; k > 0 && k + 6 > i; --k)
      if (t[k - 1].text == "prefer" || t[k - 1].text == "choose" || t[k - 1].text == "pick")
        return true;
    return false;
  };
  r.alternatives = make(a, scan(a, alternative_markers(), alt_ok), 1);
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
  r.failure_modes = make(a, scan(a, failure_markers()), 1);
  r.decision = make(a, scan(a, decision_markers()), 1);
  return r;
}

bool is_keyword_list(const Analysis& a) {
  const auto& t = a.tokens;
  if (t.size() < 6) return false;
  int function = 0;
  for (const auto& tok : t) function += function_words().count(tok.text) ? 1 : 0;
  double ratio = static_cast<double>(function) / static_cast<double>(t.size());
  // Connected prose runs at 35-55 % function words; a list of terms under 15 %.
  return ratio < 0.15 && a.occurrences.size() * 3 >= t.size();
}

Clarity read_clarity(const Analysis& a, double coverage) {
  Clarity c;
  const auto& t = a.tokens;
  c.words = static_cast<int>(t.size());
  c.sentences = a.sentence_count;
  static const std::unordered_set<std::string> pure = {"um",  "uh", "er",        "erm",      "uhm",
                                                       "hmm", "ah", "basically", "literally"};
  static const std::unordered_set<std::string> like_ok_prev = {
      "would", "look",  "looks",     "seem",    "seems",    "sound", "sounds",
      "feel",  "feels", "something", "things",  "anything", "is",    "are",
      "more",  "not",   "much",      "exactly", "just",     "very"};
  for (size_t i = 0; i < t.size(); ++i) {
    const std::string& w = t[i].text;
    bool filler = pure.count(w) > 0;
    if (w == "you" && i + 1 < t.size() && t[i + 1].text == "know") filler = true;
    if (w == "i" && i + 1 < t.size() && t[i + 1].text == "mean") filler = true;
    static const std::unordered_set<std::string> like_filler_prev = {
        "so", "and", "but", "um", "uh", "er", "then", "because", "just", "it's", "was"};
    bool starts = i == 0 || t[i - 1].sentence != t[i].sentence;
    if (w == "like" && (starts || like_filler_prev.count(t[i - 1].text))) {
      filler = true;
    } else if (w == "like" && !like_ok_prev.count(t[i - 1].text)) {
      std::string next = i + 1 < t.size() ? t[i + 1].text : "";
      if (next != "a" && next != "an" && next != "the" && next != "this" && next != "that" &&
          next != "it" && next != "how" && next != "when")
        filler = true;
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
