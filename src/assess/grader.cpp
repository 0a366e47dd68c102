#include "assess/grader.h"

#include <algorithm>
#include <cmath>

#include "assess/reasoning.h"

namespace spar::assess {

bank::Band band_for(double score) {
  if (score >= 75) return bank::Band::Strong;
  if (score >= 55) return bank::Band::Solid;
  if (score >= 30) return bank::Band::Partial;
  return bank::Band::Weak;
}

Grader::Grader(const bank::Bank& bank)
    : bank_(bank), analyzer_(&bank.lexicon, bank.language.analysis), claims_(bank) {}

Result<Grade> Grader::grade(const bank::Question& q, std::string_view answer,
                            const std::vector<text::WordTiming>* timings) {
  auto a = analyzer_.analyze(answer, timings);
  if (!a) return make_error(a.error());
  Grade g = grade(q, *a);
  if (answer.size() > kMaxAnswerBytes)
    g.notes.push_back("the answer was longer than " + std::to_string(kMaxAnswerBytes / 1024) +
                      " KiB; only the first " + std::to_string(kMaxAnswerBytes / 1024) +
                      " KiB were graded");
  return g;
}

namespace {

// A misconception counts as taken back when a later sentence starts a
// correction ("actually no", "sorry", "scratch that", "wait").
bool retracted_after(const text::Analysis& a, int last_token, const bank::GradingWords& words) {
  const auto& t = a.tokens;
  for (size_t i = static_cast<size_t>(last_token) + 1; i < t.size(); ++i) {
    // "sorry" and "wait" correct only where they open a clause ("wait, no"),
    // not inside one ("we never wait").
    bool opens =
        i == 0 || t[i - 1].clause != t[i].clause || words.opener_leads.contains(t[i - 1].text);
    if (words.retraction_phrases.match_at(t, i) ||
        (words.retraction_openers.contains(t[i].text) && opens))
      return t[i].sentence - t[static_cast<size_t>(last_token)].sentence <= 2;
  }
  return false;
}

}  // namespace

namespace {

// Taking a statement back later in the answer: "I was wrong", "you're
// right", "I stand corrected", "let me correct that".
bool corrected_after(const text::Analysis& a, int last_token) {
  const auto& t = a.tokens;
  auto at = [&](size_t k) -> const std::string& {
    static const std::string empty;
    return k < t.size() ? t[k].text : empty;
  };
  for (size_t i = static_cast<size_t>(last_token) + 1; i < t.size(); ++i) {
    const std::string& w = t[i].text;
    if ((w == "i" && (at(i + 1) == "was" || at(i + 1) == "am") && at(i + 2) == "wrong") ||
        (w == "you" && at(i + 1) == "are" && at(i + 2) == "right") ||
        (w == "stand" && at(i + 1) == "corrected") ||
        (w == "take" && at(i + 1) == "that" && at(i + 2) == "back") ||
        (w == "let" && at(i + 1) == "me" && at(i + 2) == "correct") || w == "misspoke")
      return true;
  }
  return false;
}

// A copy of the analysis without the concepts said inside these token spans
// (the wrong statements).
text::Analysis without_spans(const text::Analysis& a,
                             const std::vector<std::pair<int, int>>& spans) {
  text::Analysis b = a;
  std::erase_if(b.occurrences, [&](const text::Occurrence& o) {
    for (auto [first, last] : spans)
      if (o.first <= last && o.last >= first) return true;
    return false;
  });
  return b;
}

}  // namespace

Grade Grader::grade(const bank::Question& q, const text::Analysis& a) {
  Grade g;
  g.question = q.id;
  // Misconceptions first: a sentence stating one earns no credit.
  for (const auto& f : q.red_flags) {
    auto h = text::match_any(f.rules, a, text::Use::Asserted);
    if (!h) continue;
    RedFlagResult r;
    r.id = f.id;
    r.text = f.text;
    r.correction = f.correction;
    r.challenge = f.challenge;
    r.evidence = a.sentence_quote(h->first, 30);
    r.hedged = h->hedged;
    r.retracted =
        retracted_after(a, h->last, bank_.language.grading) || corrected_after(a, h->last);
    g.red_flags.push_back(std::move(r));
  }
  std::vector<std::pair<int, int>> wrong_spans;
  auto verdicts = claims_.find(a);
  for (size_t i = 0; i < verdicts.size(); ++i) {
    const auto& v = verdicts[i];
    ClaimResult c;
    c.id = v.claim->id;
    c.right = v.right;
    c.evidence = a.sentence_quote(v.first, 30);
    if (!v.right) {
      // Stated right later in the answer, or taken back: corrected.
      for (size_t j = i + 1; j < verdicts.size(); ++j)
        c.corrected = c.corrected || (verdicts[j].claim == v.claim && verdicts[j].right);
      c.corrected = c.corrected || corrected_after(a, v.last);
      if (!c.corrected) wrong_spans.emplace_back(v.first, v.last);
      bool listed = false;
      for (const auto& f : g.red_flags) listed = listed || f.id == "claim:" + c.id;
      if (!listed) {
        RedFlagResult r;
        r.id = "claim:" + c.id;
        r.text = v.claim->text;
        r.correction = v.claim->text;
        r.challenge = v.claim->challenge;
        r.evidence = c.evidence;
        r.hedged = v.hedged;
        r.retracted = c.corrected;
        g.red_flags.push_back(std::move(r));
      }
    }
    g.claims.push_back(std::move(c));
  }
  const text::Analysis* graded = &a;
  text::Analysis cleaned;
  if (!wrong_spans.empty()) {
    cleaned = without_spans(a, wrong_spans);
    graded = &cleaned;
  }
  for (const auto& p : q.points) {
    PointResult r;
    r.id = p.id;
    r.text = p.text;
    r.stage = p.stage;
    r.weight = p.weight;
    if (auto h = text::match_any(p.rules, *graded)) {
      r.hit = true;
      // A hedged statement earns most, not all, of the credit.
      r.credit = h->credit * (h->hedged ? 0.85 : 1.0);
      r.evidence = a.sentence_quote(h->first, 30);
    }
    g.points.push_back(std::move(r));
  }
  finish_grade(g, a, bank_.language.grading);
  return g;
}

void finish_grade(Grade& g, const text::Analysis& a, const bank::GradingWords& words) {
  double total = 0, earned = 0;
  for (const auto& p : g.points) {
    total += p.weight;
    earned += p.weight * p.credit;
  }
  g.coverage = total > 0 ? earned / total : 0;
  g.reasoning = read_reasoning(a, words);
  g.clarity = read_clarity(a, g.coverage, words);
  g.keyword_list = is_keyword_list(a, words);

  // Coverage carries the score; reasoning adds up to a fifth. Coverage is
  // eased with a square root-ish curve so a solid answer that covers two
  // thirds of a demanding senior rubric is not called partial.
  double cov = std::pow(g.coverage, 0.8);
  double score = 100.0 * (0.8 * cov + 0.2 * g.reasoning.normalized() * std::min(1.0, cov * 2));
  if (g.clarity.score <= 1) score -= 5;
  if (a.tokens.empty()) {
    g.notes.push_back("the answer was empty");
  } else if (g.clarity.fillers == g.clarity.words) {
    g.notes.push_back("the answer contained only filler words");
  }
  if (g.keyword_list) {
    score = std::min(score, 25.0);
    g.notes.push_back(
        "the answer lists terms without statements connecting them; say what each does and why");
  }
  for (const auto& f : g.red_flags) {
    if (f.retracted) continue;
    if (f.hedged) {
      score -= 10;
    } else {
      score = std::min(score, 50.0);
      g.notes.push_back("capped: a misconception was stated with confidence (" + f.id + ")");
    }
  }
  g.score = std::clamp(std::round(score * 10) / 10, 0.0, 100.0);
  g.band = band_for(g.score);
}

}  // namespace spar::assess
