#include "text/analyzer.h"

#include <algorithm>
#include <unordered_set>

#include "text/normalize.h"
#include "text/numbers.h"

namespace spar::text {

namespace {

// How far a negation reaches forward, in tokens, inside its clause (fillers
// such as "um" or "you know" are not counted).
constexpr int kNegationReach = 4;

bool is_pronoun(const std::string& w) {
  static const std::unordered_set<std::string> s = {"you", "we", "i", "they", "it", "he", "she"};
  return s.count(w) > 0;
}

// Words that carry no content in speech; negation reaches across them.
bool is_filler_at(const std::vector<Token>& t, size_t i) {
  static const std::unordered_set<std::string> one = {
      "um", "uh", "er", "erm", "uhm", "hmm", "mm", "like", "ah", "oh", "eh", "well", "basically"};
  const std::string& w = t[i].text;
  if (one.count(w)) return true;
  auto at = [&](size_t k) -> const std::string& {
    static const std::string empty;
    return k < t.size() ? t[k].text : empty;
  };
  if ((w == "you" && at(i + 1) == "know") || (w == "i" && at(i + 1) == "mean")) return true;
  if ((w == "know" && i > 0 && at(i - 1) == "you") || (w == "mean" && i > 0 && at(i - 1) == "i"))
    return true;
  return false;
}

// Does the negator at token i reach token target? It does within
// kNegationReach content words of the same sentence, unless a clause word
// ("and", "but", "so") or a pronoun opening a new clause ("no, we cache it")
// comes between; a clause break only made by fillers ("don't, um, index") or
// a pronoun inside the clause ("don't let it grow") does not stop it.
bool negation_reaches(const std::vector<Token>& T, size_t i, size_t target,
                      const AnalysisWords& lists) {
  if (T[target].sentence != T[i].sentence) return false;
  int words = 0;
  for (size_t k = i + 1; k < target; ++k) {
    const std::string& w = T[k].text;
    if (is_filler_at(T, k)) continue;
    if (lists.scope_stops.contains(w) && !is_pronoun(w)) return false;
    if (is_pronoun(w)) {
      size_t prev = k - 1;
      while (prev > i && is_filler_at(T, prev)) --prev;
      bool opens = T[k].clause != T[prev].clause || (prev == i && T[i].text == "no");
      if (opens) return false;
    }
    ++words;
  }
  if (words + 1 > kNegationReach) return false;
  // A clause break is crossed only where fillers made it.
  for (size_t k = i + 1; k <= target; ++k)
    if (T[k].clause != T[k - 1].clause && !is_filler_at(T, k) && !is_filler_at(T, k - 1))
      return false;
  return true;
}

// "each kind of data", "a sort of queue": a noun, not a hedge.
bool noun_not_hedge(const std::vector<Token>& t, size_t i) {
  static const std::unordered_set<std::string> determiners = {
      "a",     "an",    "the",  "each",  "every", "this",    "that",  "one",
      "any",   "some",  "what", "which", "same",  "another", "other", "all",
      "these", "those", "no",   "right", "wrong", "first",   "new",   "different"};
  const std::string& w = t[i].text;
  return (w == "sort" || w == "kind") && i + 1 < t.size() && t[i + 1].text == "of" && i > 0 &&
         determiners.count(t[i - 1].text) > 0;
}

// Views the speaker describes or refutes rather than asserts: "people think
// X", "the idea that X", "unlike X", "X is a myth", "a common mistake is X".
// Marks every occurrence in such a span as reported.
void mark_reported(Analysis& a, const AnalysisWords& words) {
  const auto& T = a.tokens;
  if (T.empty()) return;
  // A clause holding one of these words describes a view to reject.
  static const std::unordered_set<std::string> whole_clause = {
      "myth",    "myths",     "misconception",    "misconceptions", "fallacy",
      "mistake", "mistakes",  "misunderstanding", "wrong",          "false",
      "untrue",  "incorrect", "pitfall",          "trap",           "misleading"};
  // Verbs of belief: with a third party before them, the rest of the clause
  // is what that party believes.
  static const std::unordered_set<std::string> belief = {
      "think",   "thinks",   "thought",  "believe",  "believes",  "assume",  "assumes",
      "say",     "says",     "claim",    "claims",   "expect",    "expects", "imagine",
      "confuse", "confuses", "thinking", "assuming", "believing", "mix",     "suppose"};
  static const std::unordered_set<std::string> third = {
      "people",     "many",      "some",       "folks",     "others",  "everyone", "beginners",
      "juniors",    "newcomers", "might",      "tempting",  "easy",    "common",   "naive",
      "candidates", "devs",      "developers", "engineers", "someone", "one"};
  // Forward cues with a short reach ("unlike modulo hashing").
  auto contrast_at = [&](size_t i) -> int {  // cue length in tokens, or 0
    const std::string& w = T[i].text;
    auto n = [&](size_t k) -> const std::string& {
      static const std::string empty;
      return i + k < T.size() ? T[i + k].text : empty;
    };
    if (w == "unlike") return 1;
    if ((w == "rather" && n(1) == "than") || (w == "contrary" && n(1) == "to") ||
        (w == "as" && n(1) == "opposed" && n(2) == "to"))
      return w == "as" ? 3 : 2;
    if ((w == "idea" || w == "assumption" || w == "belief" || w == "notion") && n(1) == "that")
      return 2;
    // "to make a POST safe to retry": a property still to be built.
    if ((w == "to" || w == "order") && (n(1) == "make" || n(1) == "making")) return 2;
    return 0;
  };
  // A consequence said of what came before in the clause ("in-memory timers
  // would lose every job", "two phase commit does not work here"): what came
  // before is a rejected option, not a recommendation.
  static const std::unordered_set<std::string> harm = {
      "lose",     "loses",    "losing",   "break",     "breaks",    "broke",  "waste",  "wastes",
      "wasting",  "remap",    "remaps",   "overload",  "overloads", "hurt",   "hurts",  "leak",
      "leaks",    "corrupt",  "corrupts", "bloat",     "bloats",    "stall",  "stalls", "defeats",
      "explodes", "lopsided", "fragile",  "dangerous", "risky",     "unsafe", "slows",  "compete",
      "competes", "blocks",   "starves",  "hammers",   "floods",    "misses"};
  static const std::unordered_set<std::string> denied = {
      "work",  "works",  "help",       "helps",    "atomic",   "safe",       "enough", "sufficient",
      "exist", "exists", "possible",   "true",     "correct",  "guaranteed", "fix",    "fixes",
      "solve", "solves", "prevent",    "prevents", "protect",  "protects",   "stop",   "stops",
      "mean",  "means",  "substitute", "replace",  "replaces", "imply",      "implies"};
  auto negated_before = [&](size_t i) {
    for (size_t b = i; b > 0 && i - b < 3; --b)
      if (words.negators.contains(T[b - 1].text) && T[b - 1].clause == T[i].clause) return true;
    return false;
  };
  auto consequence_at = [&](size_t i) {
    const std::string& w = T[i].text;
    auto n = [&](size_t k) -> const std::string& {
      static const std::string empty;
      return i + k < T.size() ? T[i + k].text : empty;
    };
    if (harm.count(w)) return !negated_before(i);
    if (denied.count(w)) return negated_before(i);
    if (w == "too" && (n(1) == "slow" || n(1) == "much" || n(1) == "long" || n(1) == "many" ||
                       n(1) == "expensive" || n(1) == "far"))
      return true;
    if ((w == "let" || w == "lets") && n(1) == "us") {
      const std::string& who = n(2);
      if (who == "anyone" || who == "attackers" || who == "two" || who == "2" || who == "both")
        return true;
    }
    if ((w == "lets" || w == "allows" || w == "let") &&
        (n(1) == "anyone" || n(1) == "attackers" || n(1) == "two" || n(1) == "2" ||
         n(1) == "both" || (n(1) == "an" && n(2) == "attacker")))
      return true;
    if ((w == "separate" || w == "different" || w == "distinct") &&
        (n(1) == "from" || n(2) == "from"))
      return true;
    return false;
  };
  std::vector<char> mark(T.size(), 0);
  auto mark_clause = [&](int clause) {
    for (size_t k = 0; k < T.size(); ++k)
      if (T[k].clause == clause) mark[k] = 1;
  };
  for (size_t i = 0; i < T.size(); ++i) {
    const std::string& w = T[i].text;
    if (whole_clause.count(w)) {
      mark_clause(T[i].clause);
      // "That's a myth." also rejects the clause before it.
      size_t f = i;
      while (f > 0 && T[f - 1].clause == T[i].clause) --f;
      bool refers_back = f + 1 < T.size() && (T[f].text == "that" || T[f].text == "this") &&
                         (T[f + 1].text == "is" || T[f + 1].text == "was");
      if (refers_back && f > 0) mark_clause(T[f - 1].clause);
      continue;
    }
    if (belief.count(w)) {
      bool by_third = false;
      for (size_t b = i; b > 0 && i - b < 3; --b)
        by_third = by_third || (third.count(T[b - 1].text) && T[b - 1].clause == T[i].clause);
      // "the fallacy is thinking X" is caught above; "thinking that X" alone is
      // ambiguous and left asserted.
      if (by_third)
        for (size_t k = i + 1; k < T.size() && T[k].clause == T[i].clause; ++k) mark[k] = 1;
      continue;
    }
    if (consequence_at(i)) {
      for (size_t b = i; b > 0 && T[b - 1].clause == T[i].clause; --b) mark[b - 1] = 1;
      continue;
    }
    if (int len = contrast_at(i)) {
      size_t end = std::min(T.size(), i + static_cast<size_t>(len) + 5);
      for (size_t k = i + static_cast<size_t>(len); k < end && T[k].clause == T[i].clause; ++k)
        mark[k] = 1;
    }
  }
  for (auto& o : a.occurrences)
    if (mark[static_cast<size_t>(o.first)]) o.reported = true;
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
    if (words_.hedges.match_at(T, i) && !noun_not_hedge(T, i))
      a.hedges.push_back(static_cast<int>(i));
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
    // Claim words (concept ids starting "c-", bank/lexicon/claims.yaml) are
    // negated on the way but do not stop the negation: "does not send an
    // idempotency key" still negates the key.
    while (k < a.occurrences.size()) {
      int target = a.occurrences[k].first;
      if (!negation_reaches(T, i, static_cast<size_t>(target), words_)) break;
      bool claim_words_only = true;
      for (; k < a.occurrences.size() && a.occurrences[k].first == target; ++k) {
        a.occurrences[k].negated = true;
        claim_words_only =
            claim_words_only && lexicon_->concept_at(a.occurrences[k].cid).id.rfind("c-", 0) == 0;
      }
      if (!claim_words_only) break;
    }
  }
  // Negation after the thing denied: "dirty reads never happen", "lost
  // updates do not occur".
  for (int n : a.negators) {
    size_t i = static_cast<size_t>(n);
    size_t v = i + 1;
    while (v < T.size() && v <= i + 2 && (T[v].text == "really" || T[v].text == "ever")) ++v;
    if (v >= T.size()) continue;
    const std::string& w = T[v].text;
    if (w != "happen" && w != "happens" && w != "occur" && w != "occurs" && w != "exist" &&
        w != "exists")
      continue;
    for (auto& o : a.occurrences)
      if (o.last < n && n - o.last <= 3 && T[static_cast<size_t>(o.last)].clause == T[i].clause)
        o.negated = true;
  }
  mark_reported(a, words_);
  // Hedges colour every occurrence in their clause.
  for (int h : a.hedges) {
    int clause = T[static_cast<size_t>(h)].clause;
    for (auto& o : a.occurrences)
      if (T[static_cast<size_t>(o.first)].clause == clause) o.hedged = true;
  }
  return a;
}

}  // namespace spar::text
