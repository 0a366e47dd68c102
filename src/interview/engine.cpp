#include "interview/engine.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "bank/lint.h"
#include "interview/design_round.h"

namespace spar::interview {

namespace {

uint64_t mix(uint64_t x) {
  // splitmix64: a cheap, well-distributed hash for picking phrasings.
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

}  // namespace

Interviewer::Vars Interviewer::with_prompt(std::string v) {
  Vars x;
  x.prompt = std::move(v);
  return x;
}
Interviewer::Vars Interviewer::with_quote(std::string v) {
  Vars x;
  x.quote = std::move(v);
  return x;
}
Interviewer::Vars Interviewer::with_hint(std::string v) {
  Vars x;
  x.hint = std::move(v);
  return x;
}
Interviewer::Vars Interviewer::with_answer(std::string v) {
  Vars x;
  x.answer = std::move(v);
  return x;
}

Interviewer::Interviewer(const bank::Bank& bank) : bank_(bank), grader_(bank) {}

std::string Interviewer::line(const Session& s, const std::string& key, const Vars& v) const {
  auto it = bank_.lines.find(key);
  std::string t;
  if (it == bank_.lines.end() || it->second.empty()) {
    t = "{prompt}";  // the loader guarantees required keys; stay usable anyway
  } else {
    uint64_t h = mix(s.seed ^ mix(s.turns.size() + 1) ^ std::hash<std::string>{}(key));
    t = it->second[h % it->second.size()];
  }
  t = replace_all(t, "{prompt}", v.prompt);
  t = replace_all(t, "{quote}", v.quote);
  t = replace_all(t, "{hint}", v.hint);
  t = replace_all(t, "{answer}", v.answer);
  // Tidy whitespace left by empty placeholders.
  std::string out;
  for (char c : t)
    if (!(c == ' ' && (out.empty() || out.back() == ' '))) out += c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void Interviewer::say(Session& s, const std::string& kind, const std::string& text,
                      const std::string& probe) {
  Turn t;
  t.role = "interviewer";
  t.kind = kind;
  t.text = text;
  t.probe = probe;
  t.at = s.clock;
  if (const auto* st = s.current_state()) {
    t.question = kind == "closing" ? "" : st->id;
    if (st->design && kind != "closing")
      t.stage = bank::design_stages()[static_cast<size_t>(std::min(st->stage, 6))];
  }
  s.turns.push_back(std::move(t));
  // The interviewer speaks at about 160 words a minute.
  s.clock += bank::word_count(text) / 2.7;
}

std::string Interviewer::opening(const Session& s, const bank::Question& q) const {
  if (!q.design) return q.prompt;
  return q.prompt + " " + line(s, "stage_requirements", {});
}

void Interviewer::ask_current(Session& s, const std::string& key) {
  auto& st = s.states[s.current];
  const auto* q = bank_.find(st.id);
  st.started = s.clock;
  st.stage = 0;
  st.stage_started = s.clock;
  say(s, key == "first_question" ? "question" : "transition",
      line(s, key, with_prompt(opening(s, *q))));
}

void Interviewer::close(Session& s, const std::string& key, const std::string& why) {
  if (s.current < s.states.size()) s.states[s.current].done = true;
  say(s, "closing", line(s, key, {}));
  s.finished = true;
  s.ended_by = why;
}

void Interviewer::move_on(Session& s, const std::string& key) {
  s.states[s.current].done = true;
  if (s.current + 1 >= s.states.size()) {
    close(s, "closing", "plan");
    return;
  }
  if (s.seconds_left() <= 0) {
    close(s, "closing", "time");
    return;
  }
  ++s.current;
  ask_current(s, key);
}

int Interviewer::probe_budget(const Session& s) const {
  int budget = s.level == bank::Level::Junior ? 1 : s.level == bank::Level::Mid ? 2 : 3;
  const auto& st = s.states[s.current];
  if (s.seconds_left() <= 0) return 0;
  if (s.seconds_left() < 0.25 * s.minutes * 60) budget = std::min(budget, 1);
  if (st.started >= 0 && s.clock - st.started > st.minutes * 60 * 1.5) budget = 0;
  return budget;
}

bool Interviewer::ask_probe(Session& s, const bank::Probe& p) {
  auto& st = s.states[s.current];
  if (contains(st.probes_asked, p.id)) return false;
  st.probes_asked.push_back(p.id);
  say(s, "probe", p.ask, p.id);
  return true;
}

void Interviewer::give_hint(Session& s, const bank::Question& q) {
  auto& st = s.states[s.current];
  std::string hint;
  if (static_cast<size_t>(st.hints) < q.hints.size()) {
    hint = q.hints[static_cast<size_t>(st.hints)];
  } else {
    // No written hint left: point at the most valuable point not yet earned,
    // by its first clause, without reciting the whole answer.
    auto g = grade_question(s, s.current);
    const assess::PointResult* best = nullptr;
    for (const auto& p : g.points)
      if (!p.hit && (!best || p.weight > best->weight)) best = &p;
    std::string t = best ? best->text : q.points.front().text;
    auto cut = t.find_first_of(",;:");
    hint = "Think about this: " + t.substr(0, cut) + (cut == std::string::npos ? "" : ".");
  }
  ++st.hints;
  say(s, "hint", line(s, "hint", with_hint(hint)), "hint");
}

void Interviewer::repeat(Session& s, const bank::Question& q) {
  // Repeat the last thing that asked something.
  for (auto it = s.turns.rbegin(); it != s.turns.rend(); ++it) {
    if (it->role != "interviewer") continue;
    if (it->kind == "question" || it->kind == "transition") {
      say(s, "question", line(s, "repeat", with_prompt(q.prompt)));
      return;
    }
    if (it->kind == "probe" || it->kind == "challenge" || it->kind == "hint") {
      std::string text = it->text, probe = it->probe, kind = it->kind;
      say(s, kind, line(s, "repeat", with_prompt(text)), probe);
      return;
    }
  }
  say(s, "question", line(s, "repeat", with_prompt(q.prompt)));
}

std::string Interviewer::answer_text(const Session& s, size_t i) const {
  std::string out;
  const auto& id = s.states[i].id;
  for (const auto& t : s.turns)
    if (t.role == "candidate" && t.question == id && t.kind == "answer") {
      if (!out.empty()) out += "\n";
      out += t.text;
    }
  return out;
}

std::vector<text::WordTiming> Interviewer::answer_timings(const Session& s, size_t i) const {
  std::vector<text::WordTiming> out;
  const auto& id = s.states[i].id;
  for (const auto& t : s.turns)
    if (t.role == "candidate" && t.question == id && t.kind == "answer") {
      if (t.words.empty()) return {};
      out.insert(out.end(), t.words.begin(), t.words.end());
    }
  return out;
}

assess::Grade Interviewer::grade_question(const Session& s, size_t i) {
  const auto* q = bank_.find(s.states[i].id);
  std::string text = answer_text(s, i);
  auto timings = answer_timings(s, i);
  auto g = grader_.grade(*q, text, timings.empty() ? nullptr : &timings);
  // Stored answers were validated when they were said.
  return g ? *g : assess::Grade{};
}

Session Interviewer::begin(const SessionConfig& c, const std::vector<PlannedQuestion>& plan) {
  Session s;
  s.areas = c.areas;
  s.level = c.level;
  s.minutes = c.minutes;
  s.seed = c.seed;
  for (const auto& p : plan) {
    QuestionState st;
    st.id = p.id;
    st.design = p.design;
    st.minutes = p.minutes;
    s.states.push_back(st);
  }
  if (s.states.empty()) {
    close(s, "closing", "plan");
    return s;
  }
  ask_current(s, "first_question");
  return s;
}

Session Interviewer::end(Session s, const std::string& why) {
  if (!s.finished) close(s, why == "candidate" ? "closing_early" : "closing", why);
  return s;
}

Result<Session> Interviewer::step(Session s, const Utterance& u) {
  if (s.finished) return make_error("the interview has already ended");
  if (s.current >= s.states.size()) return make_error("session has no current question");
  const auto* q = bank_.find(s.states[s.current].id);
  if (!q) return make_error("question '" + s.states[s.current].id + "' is not in the bank");
  auto analysis = grader_.analyzer().analyze(u.text, u.words.empty() ? nullptr : &u.words);
  if (!analysis) return make_error(analysis.error());
  const auto& a = *analysis;

  DetectedIntent d;
  if (!u.command.empty()) {
    static const std::map<std::string, Intent> commands = {{"skip", Intent::Skip},
                                                           {"hint", Intent::Hint},
                                                           {"repeat", Intent::Repeat},
                                                           {"quit", Intent::Stop},
                                                           {"stop", Intent::Stop}};
    auto it = commands.find(u.command);
    if (it == commands.end())
      return make_error("unknown command '" + u.command + "' (skip, hint, repeat, quit)");
    d.intent = it->second;
  } else {
    d = detect_intent(a);
  }
  // Knowledge questions have no facts to ask about: a question back is a
  // request to rephrase, unless it is simply an answer phrased as a question.
  if (d.intent == Intent::Ask && !q->design) {
    auto g = grader_.grade(*q, a);
    d.intent = g.coverage > 0 ? Intent::Answer : Intent::WhatDoYouMean;
  }

  // The candidate's turn and the clock.
  if (u.at >= 0)
    s.clock = std::max(s.clock, u.at);
  else
    s.clock += 8 + static_cast<double>(a.tokens.size()) / 2.5;  // think, then ~150 wpm
  Turn ct;
  ct.role = "candidate";
  ct.kind = d.intent == Intent::Answer ? "answer" : to_string(d.intent);
  ct.question = q->id;
  ct.text = u.command.empty() ? u.text : "/" + u.command;
  ct.at = s.clock;
  ct.words = u.words;
  auto& st = s.states[s.current];
  if (st.design) ct.stage = bank::design_stages()[static_cast<size_t>(std::min(st.stage, 6))];
  s.turns.push_back(std::move(ct));

  switch (d.intent) {
    case Intent::Stop:
      close(s, "closing_early", "candidate");
      return s;
    case Intent::Skip:
      st.skipped = true;
      move_on(s, "next_after_skip");
      return s;
    case Intent::Repeat:
      repeat(s, *q);
      return s;
    case Intent::Hint:
      give_hint(s, *q);
      return s;
    case Intent::Think:
      say(s, "wait", line(s, "wait", {}));
      return s;
    case Intent::Empty:
      if (st.reprompts < 1) {
        ++st.reprompts;
        say(s, "clarification", line(s, "reprompt_empty", {}), "reprompt");
      } else {
        move_on(s, "next_after_partial");
      }
      return s;
    case Intent::DontKnow:
      if (st.hints == 0)
        give_hint(s, *q);
      else
        move_on(s, "idk_after_hint");
      return s;
    case Intent::WhatDoYouMean:
    case Intent::Ask: {
      if (q->design) {
        if (const auto* f = match_fact(*q, a, grader_.analyzer().stemmer())) {
          say(s, "clarification", line(s, "fact", with_answer(f->answer)), "fact:" + f->id);
        } else {
          say(s, "clarification", line(s, "clarify_unknown", {}), "assume");
        }
      } else {
        int asked = 0;
        for (const auto& t : s.turns)
          if (t.role == "interviewer" && t.question == q->id && t.probe == "rephrase") ++asked;
        std::string alt =
            q->alternatives.empty()
                ? q->prompt
                : q->alternatives[static_cast<size_t>(asked) % q->alternatives.size()];
        say(s, "clarification", line(s, "rephrase", with_prompt(alt)), "rephrase");
      }
      return s;
    }
    case Intent::Answer:
      break;
  }
  if (s.seconds_left() <= 0) {
    close(s, "closing", "time");
    return s;
  }
  if (q->design)
    design_answer(s, *q, a);
  else
    knowledge_answer(s, *q, a);
  return s;
}

bool Interviewer::challenge(Session& s, const bank::Question& q, const assess::Grade& g) {
  auto& st = s.states[s.current];
  for (const auto& f : g.red_flags) {
    if (f.retracted || contains(st.flags_challenged, f.id)) continue;
    st.flags_challenged.push_back(f.id);
    std::string text;
    for (const auto& rf : q.red_flags)
      if (rf.id == f.id && !rf.challenge.empty()) text = rf.challenge;
    if (text.empty()) text = line(s, "challenge", with_quote(f.evidence));
    say(s, "challenge", text, "challenge:" + f.id);
    return true;
  }
  return false;
}

void Interviewer::knowledge_answer(Session& s, const bank::Question& q, const text::Analysis& a) {
  auto& st = s.states[s.current];
  auto g = grade_question(s, s.current);

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
      say(s, "clarification", line(s, "reprompt_offtopic", with_prompt(q.prompt)), "reprompt");
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
    say(s, "probe", line(s, key, {}), key);
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

void Interviewer::design_answer(Session& s, const bank::Question& q, const text::Analysis& a) {
  auto& st = s.states[s.current];
  const auto& stages = bank::design_stages();
  const std::string stage = stages[static_cast<size_t>(std::min(st.stage, 6))];
  auto g = grade_question(s, s.current);

  // Did the answer after a constraint change adapt the design?
  if (st.constraint_injected && !st.adapt_checked) {
    st.adapt_checked = true;
    if (!mentions_scaling(a)) {
      say(s, "probe", line(s, "adapt_check", {}), "adapt");
      return;
    }
  }
  // Back-of-envelope numbers far from the reference.
  if (auto miss = find_estimate_miss(q, a, st.estimates_checked, grader_.analyzer().stemmer())) {
    st.estimates_checked.push_back(miss->estimate->id);
    say(s, "probe", line(s, "estimate_check", with_quote(miss->quote)),
        "estimate:" + miss->estimate->id);
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
        say(s, "probe", line(s, "scale", {}), "scale"), st.probes_asked.push_back("scale");
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
  say(s, "question", line(s, "stage_" + stages[static_cast<size_t>(st.stage)], {}),
      "stage:" + stages[static_cast<size_t>(st.stage)]);
}

}  // namespace spar::interview
