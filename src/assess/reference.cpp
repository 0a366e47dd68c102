#include "assess/reference.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "assess/grader.h"

namespace spar::assess {

namespace {

// A derived point: terms are stems or "#<concept>" keys, with weights.
struct DerivedPoint {
  std::map<std::string, double> terms;
  double weight = 0;
  std::string text;
};

std::set<std::string> answer_keys(const text::Analysis& a, const text::PhraseList& stopwords) {
  std::set<std::string> keys;
  for (const auto& t : a.tokens)
    if (!stopwords.contains(t.text)) keys.insert(t.stem);
  for (const auto& o : a.occurrences)
    if (!o.negated) keys.insert("#" + std::to_string(o.cid));
  return keys;
}

std::vector<DerivedPoint> derive(const text::Analysis& ref, const std::set<std::string>& qwords,
                                 const text::PhraseList& stopwords, const ReferenceOptions& opt) {
  std::map<int, DerivedPoint> by_clause;
  // Tokens covered by a concept are represented by the concept, so a synonym
  // in the answer matches them.
  std::vector<int> concept_of(ref.tokens.size(), -1);
  for (const auto& o : ref.occurrences)
    for (int i = o.first; i <= o.last; ++i)
      if (concept_of[static_cast<size_t>(i)] < 0) concept_of[static_cast<size_t>(i)] = o.cid;
  for (size_t i = 0; i < ref.tokens.size(); ++i) {
    const auto& t = ref.tokens[i];
    if (stopwords.contains(t.text) && concept_of[i] < 0) continue;
    std::string key = concept_of[i] >= 0 ? "#" + std::to_string(concept_of[i]) : t.stem;
    double w = qwords.count(t.stem) ? opt.question_word_weight : 1.0;
    auto& p = by_clause[t.clause];
    p.terms[key] = std::max(p.terms[key], w);
  }
  std::vector<DerivedPoint> out;
  for (auto& [clause, p] : by_clause) {
    for (auto& [k, w] : p.terms) p.weight += w;
    if (p.weight < 0.9) continue;  // a clause of question words only
    int first = -1, last = -1;
    for (size_t i = 0; i < ref.tokens.size(); ++i)
      if (ref.tokens[i].clause == clause) {
        if (first < 0) first = static_cast<int>(i);
        last = static_cast<int>(i);
      }
    p.text = ref.quote(first, last);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

void calibrate_reference(Grade& g) {
  // A linear map from generic features to a 0..1 score, fitted once on the
  // SAF corpus (bench/grading/run.sh fits it with 5-fold cross-validation
  // grouped by question and reports the held-out numbers). Without it the
  // coverage of a short reference is systematically low: a fully correct
  // answer rarely repeats every content word of the reference.
  const auto& r = g.reasoning;
  double reasoning = (r.tradeoffs.score + r.justification.score + r.alternatives.score +
                      r.quantities.score + r.failure_modes.score + r.decision.score) /
                     18.0;
  double words = g.clarity.words;
  double v = -0.1244 * g.coverage + 0.8913 * std::sqrt(g.coverage) - 0.0171 * std::log1p(words) +
             0.1380 * reasoning - 0.4271 * (words < 3 ? 1.0 : 0.0) + 0.4234;
  if (words == 0) v = 0;
  g.score = std::round(std::clamp(v, 0.0, 1.0) * 1000) / 10;
  g.band = band_for(g.score);
}

Result<Grade> ReferenceGrader::grade(std::string_view question_text,
                                     const std::vector<std::string>& references,
                                     std::string_view answer) {
  if (references.empty()) return make_error("reference mode needs at least one reference answer");
  auto a = analyzer_.analyze(answer);
  if (!a) return make_error(a.error());
  auto qa = analyzer_.analyze(question_text);
  if (!qa) return make_error("question text: " + qa.error());
  const auto& words = language_.grading;
  std::set<std::string> qwords;
  for (const auto& t : qa->tokens)
    if (!words.stopwords.contains(t.text)) qwords.insert(t.stem);
  auto keys = answer_keys(*a, words.stopwords);

  std::optional<Grade> best;
  for (const auto& refText : references) {
    auto ref = analyzer_.analyze(refText);
    if (!ref) return make_error("reference answer: " + ref.error());
    auto points = derive(*ref, qwords, words.stopwords, opts_);
    Grade g;
    int n = 0;
    for (const auto& p : points) {
      double got = 0;
      for (const auto& [k, w] : p.terms)
        if (keys.count(k)) got += w;
      PointResult r;
      r.id = "ref-" + std::to_string(++n);
      r.text = p.text;
      r.weight = p.weight;
      double share = got / p.weight;
      r.credit = share;
      r.hit = share >= opts_.hit_threshold;
      g.points.push_back(std::move(r));
    }
    finish_grade(g, *a, words);
    calibrate_reference(g);
    if (!best || g.score > best->score) best = std::move(g);
  }
  return std::move(*best);
}

}  // namespace spar::assess
