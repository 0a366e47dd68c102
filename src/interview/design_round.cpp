#include "interview/design_round.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "text/numbers.h"

namespace spar::interview {

namespace {

const std::set<std::string>& question_stopwords() {
  static const std::set<std::string> s = {
      "a",    "an",    "the",  "is",    "are",  "do",   "does", "we",   "i",      "you",
      "it",   "to",    "of",   "for",   "in",   "on",   "how",  "what", "should", "can",
      "will", "there", "be",   "any",   "our",  "my",   "per",  "that", "this",   "need",
      "have", "has",   "with", "about", "many", "much", "by"};
  return s;
}

}  // namespace

const bank::Fact* match_fact(const bank::Question& q, const text::Analysis& question,
                             text::Stemmer& stemmer) {
  std::set<std::string> said;
  for (const auto& t : question.tokens) said.insert(t.stem);
  const bank::Fact* best = nullptr;
  double best_score = 0;
  for (const auto& f : q.facts) {
    for (const auto& phrase : f.ask) {
      auto stems = text::Lexicon::phrase_stems(phrase, stemmer);
      std::vector<std::string> content;
      for (const auto& s : stems)
        if (!s.empty() && !question_stopwords().count(s)) content.push_back(s);
      if (content.empty()) content = stems;
      int hit = 0;
      for (const auto& s : content) hit += said.count(s) ? 1 : 0;
      double score = content.empty() ? 0 : static_cast<double>(hit) / content.size();
      // Longer phrases that match fully are more specific.
      score += 0.01 * hit;
      if (score > best_score) {
        best_score = score;
        best = &f;
      }
    }
  }
  return best_score >= 0.66 ? best : nullptr;
}

std::vector<StatedQuantity> stated_quantities(const text::Analysis& a) {
  std::vector<StatedQuantity> out;
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    const auto& t = a.tokens[i];
    if (t.kind != text::TokenKind::Number || t.value <= 0) continue;
    if (!t.per.empty()) {
      double secs = text::seconds_per(t.per);
      if (secs > 0) out.push_back({t.value / secs, "rate", static_cast<int>(i)});
      continue;
    }
    static const std::set<std::string> sizes = {"b", "kb", "mb", "gb", "tb", "pb"};
    if (sizes.count(t.unit))
      out.push_back({t.value * text::unit_scale(t.unit), "bytes", static_cast<int>(i)});
  }
  return out;
}

std::pair<double, std::string> estimate_in_base_units(const bank::Estimate& e) {
  std::string u;
  for (char c : e.unit) u += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto has = [&](const char* s) { return u.find(s) != std::string::npos; };
  if (has("per second") || has("/s") || has("qps") || has("rps") || has("per sec") || has("/sec"))
    return {e.value, "rate"};
  if (has("per minute") || has("/min")) return {e.value / 60, "rate"};
  if (has("per hour") || has("/h")) return {e.value / 3600, "rate"};
  if (has("per day") || has("/day")) return {e.value / 86400, "rate"};
  static const std::pair<const char*, double> sizes[] = {{"pb", 1e15}, {"tb", 1e12}, {"gb", 1e9},
                                                         {"mb", 1e6},  {"kb", 1e3},  {"bytes", 1}};
  for (const auto& [name, scale] : sizes)
    if (u.rfind(name, 0) == 0 || has((std::string(" ") + name).c_str()))
      return {e.value * scale, has("per second") || has("/s") ? "" : "bytes"};
  return {0, ""};
}

std::optional<EstimateMiss> find_estimate_miss(const bank::Question& q, const text::Analysis& a,
                                               const std::vector<std::string>& already,
                                               text::Stemmer& stemmer) {
  for (const auto& s : stated_quantities(a)) {
    // Which estimate is this number about? Words from the estimate's name in
    // the same sentence ("writes", "storage", "redirects") decide; otherwise
    // the nearest reference of the same kind in log space.
    std::set<std::string> sentence;
    int sid = a.tokens[static_cast<size_t>(s.token)].sentence;
    for (const auto& t : a.tokens)
      if (t.sentence == sid) sentence.insert(t.stem);
    const bank::Estimate* chosen = nullptr;
    double chosen_ref = 0;
    int best_overlap = -1;
    double best_dist = 1e300;
    for (const auto& e : q.estimates) {
      auto [v, cat] = estimate_in_base_units(e);
      if (cat != s.category || v <= 0) continue;
      int overlap = 0;
      for (const auto& st : text::Lexicon::phrase_stems(e.name + " " + e.id, stemmer))
        if (!st.empty() && !question_stopwords().count(st) && sentence.count(st)) ++overlap;
      double d = std::fabs(std::log(s.value / v));
      if (overlap > best_overlap || (overlap == best_overlap && d < best_dist)) {
        best_overlap = overlap;
        best_dist = d;
        chosen = &e;
        chosen_ref = v;
      }
    }
    if (!chosen) continue;
    if (std::find(already.begin(), already.end(), chosen->id) != already.end()) continue;
    if (best_dist > std::log(chosen->tolerance))
      return EstimateMiss{chosen, s.value, chosen_ref, a.sentence_quote(s.token, 14)};
  }
  return std::nullopt;
}

bool mentions_scaling(const text::Analysis& a) {
  static const std::set<std::string> stems = {
      "shard",    "partit",    "replica",   "replic",   "cach",    "cache",  "queu",   "queue",
      "horizont", "autoscal",  "instanc",   "node",     "cluster", "region", "cdn",    "batch",
      "async",    "asynchron", "scale",     "scaleout", "balanc",  "kafka",  "redi",   "redis",
      "split",    "spread",    "distribut", "consist",  "hash",    "fleet",  "worker", "server"};
  for (const auto& t : a.tokens)
    if (stems.count(t.stem)) return true;
  return false;
}

}  // namespace spar::interview
