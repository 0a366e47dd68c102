#include "bank/lint.h"

#include <cmath>
#include <set>
#include <sstream>

#include "bank/formula.h"
#include "text/analyzer.h"
#include "text/word_count.h"

namespace spar::bank {

using text::word_count;

namespace {

void add(Diagnostics& out, const Loc& loc, const std::string& msg) {
  out.push_back({loc.file, loc.line, msg});
}

void lint_self_consistency(const Question& q, text::Analyzer& an, Diagnostics& out) {
  auto a = an.analyze(q.model_answer);
  if (!a) {
    add(out, q.loc, q.id + ": model answer: " + a.error());
    return;
  }
  for (const auto& p : q.points) {
    if (p.rules.empty()) continue;  // loader already reported it
    if (!text::match_any(p.rules, *a))
      add(out, p.loc,
          "point '" + p.id + "' does not fire on the model answer of " + q.id +
              " (fix its match rules or the model answer)");
  }
  for (const auto& f : q.red_flags) {
    if (auto h = text::match_any(f.rules, *a, text::Use::Asserted))
      add(out, f.loc,
          "red flag '" + f.id + "' fires on the model answer of " + q.id + ": \"" +
              a->quote(h->first, h->last) + "\"");
  }
}

void lint_knowledge(const Question& q, Diagnostics& out) {
  if (q.points.size() < 5)
    add(out, q.loc,
        q.id + ": has " + std::to_string(q.points.size()) + " points; needs at least 5");
  bool tradeoff = false;
  for (const auto& p : q.points) tradeoff = tradeoff || p.kind == PointKind::Tradeoff;
  if (!tradeoff) add(out, q.loc, q.id + ": needs a point of kind 'tradeoff'");
  if (q.red_flags.empty()) add(out, q.loc, q.id + ": needs at least 1 red flag");
  int why = 0, sf = 0, missing = 0;
  for (const auto& p : q.probes) {
    why += p.kind == ProbeKind::Why;
    sf += p.kind == ProbeKind::Scale || p.kind == ProbeKind::Failure;
    missing += p.kind == ProbeKind::Missing;
  }
  if (q.probes.size() < 3 || !why || !sf || !missing)
    add(out, q.loc,
        q.id +
            ": needs at least 3 probes including a 'why', a 'scale' or 'failure', and a "
            "'missing:POINT' probe");
  if (q.alternatives.size() < 2) add(out, q.loc, q.id + ": needs at least 2 alternative phrasings");
  int words = word_count(q.model_answer);
  if (words < 120 || words > 250)
    add(out, q.loc,
        q.id + ": model answer has " + std::to_string(words) + " words; must be 120-250");
  bool strong = false, lesser = false;
  for (const auto& s : q.samples) {
    strong = strong || s.band == Band::Strong;
    lesser = lesser || s.band == Band::Partial || s.band == Band::Weak;
  }
  if (q.samples.size() < 2 || !strong || !lesser)
    add(out, q.loc, q.id + ": needs at least 2 samples: a strong one and a partial or weak one");
}

void lint_design(const Question& q, Diagnostics& out) {
  const auto& order = design_stages();
  std::vector<std::string> ids;
  for (const auto& s : q.stages) ids.push_back(s.id);
  if (ids != order) {
    std::string want;
    for (const auto& s : order) want += (want.empty() ? "" : ", ") + s;
    add(out, q.loc, q.id + ": stages must be exactly, in order: " + want);
  }
  for (const auto& s : q.stages) {
    bool any = false;
    for (const auto& p : q.points) any = any || p.stage == s.id;
    if (!any) add(out, s.loc, q.id + ": stage '" + s.id + "' has no points");
  }
  if (q.facts.size() < 4) add(out, q.loc, q.id + ": needs at least 4 facts");
  if (q.estimates.size() < 3) add(out, q.loc, q.id + ": needs at least 3 estimates");
  int scale = 0, failure = 0;
  for (const auto& p : q.probes) {
    scale += p.kind == ProbeKind::Scale;
    failure += p.kind == ProbeKind::Failure;
  }
  if (scale < 2 || failure < 2)
    add(out, q.loc,
        q.id + ": needs at least 2 scale and 2 failure probes (has " + std::to_string(scale) +
            " and " + std::to_string(failure) + ")");
  int words = word_count(q.model_answer);
  if (words < 400 || words > 900)
    add(out, q.loc,
        q.id + ": model walkthrough has " + std::to_string(words) + " words; must be 400-900");
  std::set<Band> bands;
  for (const auto& s : q.samples) bands.insert(s.band);
  if (!bands.count(Band::Strong) || !bands.count(Band::Partial) || !bands.count(Band::Weak))
    add(out, q.loc, q.id + ": needs strong, partial and weak samples");

  // Estimates: formulas over facts (and earlier estimates) must agree with the stated value.
  std::map<std::string, double> names;
  for (const auto& f : q.facts)
    if (f.value) names[f.id] = *f.value;
  for (const auto& e : q.estimates) {
    if (!e.formula.empty()) {
      auto v = evaluate_formula(e.formula, [&](const std::string& n) -> std::optional<double> {
        auto it = names.find(n);
        if (it == names.end()) return std::nullopt;
        return it->second;
      });
      if (!v) {
        add(out, e.loc, "estimate '" + e.id + "': formula: " + v.error());
      } else if (std::fabs(*v - e.value) > 0.05 * std::max(std::fabs(e.value), 1e-9)) {
        std::ostringstream m;
        m << "estimate '" << e.id << "': formula gives " << *v << " but value is " << e.value;
        add(out, e.loc, m.str());
      }
    }
    names[e.id] = e.value;
  }
}

// Each red flag's not_when sentences: at least three, none firing the flag.
void lint_not_when(const Question& q, text::Analyzer& an, Diagnostics& out) {
  for (const auto& f : q.red_flags) {
    if (f.not_when.size() < 3)
      add(out, f.loc,
          "red flag '" + f.id + "' has " + std::to_string(f.not_when.size()) +
              " not_when sentence(s); needs at least 3 correct sentences it must not fire on");
    for (const auto& s : f.not_when) {
      auto a = an.analyze(s);
      if (!a) {
        add(out, f.not_when_loc, "red flag '" + f.id + "': not_when: " + a.error());
        continue;
      }
      if (auto h = text::match_any(f.rules, *a, text::Use::Asserted))
        add(out, f.not_when_loc,
            "red flag '" + f.id + "' fires on its own not_when sentence \"" + s + "\" at \"" +
                a->quote(h->first, h->last) + "\"");
    }
  }
}

// A correct text another question holds up as good: its model answer and its
// strong and solid samples.
struct GoodText {
  const Question* q;
  std::string what;
  text::Analysis a;
};

// No red flag may fire on another question's model answer or strong/solid
// samples: those are correct statements, so a flag firing there would call a
// correct candidate wrong.
void lint_cross(const Bank& bank, text::Analyzer& an, Diagnostics& out) {
  std::vector<GoodText> good;
  for (const auto& o : bank.questions) {
    if (auto a = an.analyze(o.model_answer)) good.push_back({&o, "model answer", std::move(*a)});
    for (const auto& s : o.samples) {
      if (s.band != Band::Strong && s.band != Band::Solid) continue;
      if (auto a = an.analyze(s.text))
        good.push_back(
            {&o,
             std::string(to_string(s.band)) + " sample (line " + std::to_string(s.loc.line) + ")",
             std::move(*a)});
    }
  }
  for (const auto& q : bank.questions)
    for (const auto& f : q.red_flags)
      for (const auto& g : good) {
        if (g.q == &q) continue;  // its own texts are checked above and by the band check
        if (auto h = text::match_any(f.rules, g.a, text::Use::Asserted)) {
          add(out, f.loc,
              "red flag '" + f.id + "' of " + q.id + " fires on the " + g.what + " of " + g.q->id +
                  ": \"" + g.a.quote(h->first, h->last) + "\"");
          break;
        }
      }
}

}  // namespace

Diagnostics lint_bank(const Bank& bank) {
  Diagnostics out;
  text::Analyzer an(&bank.lexicon, bank.language.analysis);
  lint_cross(bank, an, out);
  for (const auto& q : bank.questions) {
    lint_not_when(q, an, out);
    if (q.design)
      lint_design(q, out);
    else
      lint_knowledge(q, out);
    lint_self_consistency(q, an, out);
    for (const auto& s : q.see_also)
      if (!bank.find(s)) add(out, q.loc, q.id + ": see_also names unknown question '" + s + "'");
  }
  return out;
}

}  // namespace spar::bank
