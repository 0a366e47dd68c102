// The design-round policy: after an answer, check that the design adapted to
// a constraint change, check stated estimates, challenge a misconception,
// probe the stage's missed points, inject the constraint change in the
// deep dives, then advance to the next stage or finish the round.
#include <algorithm>

#include "interview/design_round.h"
#include "interview/engine.h"
#include "interview/engine_internal.h"

namespace spar::interview {

using detail::contains;

void Interviewer::design_answer(Session& s, const bank::Question& q, const text::Analysis& a,
                                const assess::Grade& g) {
  auto& st = s.states[s.current];
  const auto& stages = bank::design_stages();
  const std::string stage = stages[static_cast<size_t>(std::min(st.stage, 6))];

  // Did the answer after a constraint change adapt the design?
  if (st.constraint_injected && !st.adapt_checked) {
    st.adapt_checked = true;
    if (!mentions_scaling(a)) {
      say(s, TurnKind::Probe, line(s, "adapt_check", {}), Move::probe("adapt"));
      return;
    }
  }
  // Back-of-envelope numbers far from the reference.
  if (auto miss = find_estimate_miss(q, a, st.estimates_checked, grader_.analyzer().stemmer())) {
    st.estimates_checked.push_back(miss->estimate->id);
    say(s, TurnKind::Probe, line(s, "estimate_check", with_quote(miss->quote)),
        {Move::Kind::Estimate, miss->estimate->id});
    return;
  }
  if (challenge(s, q, g)) return;
  double stage_minutes = 5;
  for (const auto& sd : q.stages)
    if (sd.id == stage && sd.minutes > 0) stage_minutes = sd.minutes;
  bool stage_time_left = s.clock - st.stage_started < stage_minutes * 60 * 1.5;
  bool question_time_left = s.clock - st.started < st.minutes * 60 * 1.2 && s.seconds_left() > 0;
  if (stage_time_left && question_time_left && st.stage_probes < 1) {
    std::vector<const assess::PointResult*> missed;
    for (const auto& p : g.points)
      if (!p.hit && p.stage == stage) missed.push_back(&p);
    std::stable_sort(missed.begin(), missed.end(),
                     [](auto* x, auto* y) { return x->weight > y->weight; });
    for (const auto* m : missed)
      for (const auto& p : q.probes)
        if (p.kind == bank::ProbeKind::Missing && p.target == m->id && ask_probe(s, p)) {
          ++st.stage_probes;
          return;
        }
  }
  if (stage == "deep-dives" && question_time_left) {
    if (!st.constraint_injected) {
      // The constraint change: prefer a scale probe that says "10x".
      const bank::Probe* pick = nullptr;
      for (const auto& p : q.probes)
        if (p.kind == bank::ProbeKind::Scale && !contains(st.probes_asked, p.id) &&
            (!pick || p.ask.find("10") != std::string::npos ||
             p.ask.find("ten") != std::string::npos))
          pick = &p;
      st.constraint_injected = true;
      st.constraint_turn = static_cast<int>(s.turns.size());
      if (pick)
        ask_probe(s, *pick);
      else
        say(s, TurnKind::Probe, line(s, "scale", {}), Move::probe("scale")),
            st.probes_asked.push_back("scale");
      return;
    }
    if (st.stage_probes < 2) {
      for (const auto& p : q.probes)
        if (p.kind == bank::ProbeKind::Failure && ask_probe(s, p)) {
          st.stage_probes = 2;
          return;
        }
    }
  }
  // Advance to the next stage, or finish the round.
  ++st.stage;
  st.stage_probes = 0;
  st.stage_started = s.clock;
  if (st.stage >= static_cast<int>(stages.size()) || !question_time_left) {
    st.stage = static_cast<int>(stages.size()) - 1;
    move_on(s, g.band >= bank::Band::Solid ? "next_after_strong" : "next_after_partial");
    return;
  }
  say(s, TurnKind::Question, line(s, "stage_" + stages[static_cast<size_t>(st.stage)], {}),
      {Move::Kind::Stage, stages[static_cast<size_t>(st.stage)]});
}

}  // namespace spar::interview
