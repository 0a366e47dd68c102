// The knowledge-question policy: after an answer, challenge a misconception,
// probe a missed point, ask why, push a senior candidate on scale and
// failure, or move on.
#include <algorithm>
#include <set>

#include "interview/engine.h"
#include "interview/engine_internal.h"

namespace spar::interview {

using detail::contains;

void Interviewer::knowledge_answer(Session& s, const bank::Question& q, const text::Analysis& a,
                                   const assess::Grade& g) {
  auto& st = s.states[s.current];

  // Off topic: nothing in this answer touches the question's concepts.
  std::set<int> concepts;
  for (const auto& p : q.points)
    for (const auto& r : p.rules)
      for (const auto& t : r.all) concepts.insert(t.concepts.begin(), t.concepts.end());
  bool on_topic = false;
  for (const auto& o : a.occurrences) on_topic = on_topic || concepts.count(o.cid);
  if (!on_topic && g.coverage == 0 && a.tokens.size() >= 3) {
    if (st.reprompts < 1) {
      ++st.reprompts;
      say(s, TurnKind::Clarification, line(s, "reprompt_offtopic", with_prompt(q.prompt)),
          {Move::Kind::Reprompt, ""});
    } else {
      move_on(s, "next_after_partial");
    }
    return;
  }

  // 1. A misconception stated: challenge it, once per red flag.
  if (challenge(s, q, g)) return;
  int asked =
      static_cast<int>(st.probes_asked.size()) + static_cast<int>(st.flags_challenged.size());
  int budget = probe_budget(s) - asked;
  bool strong = g.band == bank::Band::Strong;
  auto probe_of_kind = [&](bank::ProbeKind k) -> const bank::Probe* {
    for (const auto& p : q.probes)
      if (p.kind == k && !contains(st.probes_asked, p.id)) return &p;
    return nullptr;
  };
  auto template_probe = [&](const std::string& key) {
    if (contains(st.probes_asked, key)) return false;
    st.probes_asked.push_back(key);
    say(s, TurnKind::Probe, line(s, key, {}), Move::probe(key));
    return true;
  };
  if (budget > 0) {
    if (strong) {
      // 2. Strong: move on; a senior candidate is pushed on scale or failure first.
      if (s.level == bank::Level::Senior) {
        for (auto k : {bank::ProbeKind::Scale, bank::ProbeKind::Failure})
          if (const auto* p = probe_of_kind(k); p && ask_probe(s, *p)) return;
      }
    } else {
      // 3. The most valuable missing point that has a probe written for it.
      std::vector<const assess::PointResult*> missed;
      for (const auto& p : g.points)
        if (!p.hit) missed.push_back(&p);
      std::stable_sort(missed.begin(), missed.end(),
                       [](auto* x, auto* y) { return x->weight > y->weight; });
      for (const auto* m : missed)
        for (const auto& p : q.probes)
          if (p.kind == bank::ProbeKind::Missing && p.target == m->id && ask_probe(s, p)) return;
      // Otherwise any written probe whose good reply covers a missed point.
      for (const auto* m : missed)
        for (const auto& p : q.probes)
          if (contains(p.covers, m->id) && ask_probe(s, p)) return;
      // A probe about something the candidate just mentioned.
      for (const auto& p : q.probes) {
        if (p.kind != bank::ProbeKind::Mentions) continue;
        int c = bank_.lexicon.find(p.target);
        for (const auto& o : a.occurrences)
          if (o.cid == c && !o.negated && ask_probe(s, p)) return;
      }
      // 4. Claims without reasons: why?
      bool claims = std::any_of(g.points.begin(), g.points.end(), [](auto& p) { return p.hit; });
      if (claims && g.reasoning.justification.score == 0) {
        if (const auto* p = probe_of_kind(bank::ProbeKind::Why); p && ask_probe(s, *p)) return;
        if (template_probe("why")) return;
      }
      // 5. Senior: scale and failure.
      if (s.level == bank::Level::Senior) {
        for (auto k : {bank::ProbeKind::Scale, bank::ProbeKind::Failure})
          if (const auto* p = probe_of_kind(k); p && ask_probe(s, *p)) return;
      }
    }
  }
  move_on(s, g.band >= bank::Band::Solid ? "next_after_strong" : "next_after_partial");
}

}  // namespace spar::interview
