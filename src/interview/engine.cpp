#include "interview/engine.h"

#include <algorithm>
#include <sstream>

#include "interview/design_round.h"
#include "interview/engine_internal.h"
#include "text/word_count.h"

namespace spar::interview::detail {

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace spar::interview::detail

namespace spar::interview {

namespace {

uint64_t mix(uint64_t x) {
  // splitmix64: a cheap, well-distributed hash for picking phrasings.
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// The candidate's turn kind for what they meant.
TurnKind turn_kind(Intent i) {
  switch (i) {
    case Intent::Answer:
      return TurnKind::Answer;
    case Intent::Empty:
      return TurnKind::Empty;
    case Intent::DontKnow:
      return TurnKind::DontKnow;
    case Intent::Skip:
      return TurnKind::Skip;
    case Intent::Repeat:
      return TurnKind::Repeat;
    case Intent::WhatDoYouMean:
      return TurnKind::WhatDoYouMean;
    case Intent::Hint:
      return TurnKind::Hint;
    case Intent::Think:
      return TurnKind::Think;
    case Intent::Stop:
      return TurnKind::Stop;
    case Intent::Ask:
      return TurnKind::Ask;
  }
  return TurnKind::Answer;
}

}  // namespace

using detail::contains;

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

void Interviewer::say(Session& s, TurnKind kind, const std::string& text, Move move) {
  Turn t;
  t.role = Role::Interviewer;
  t.kind = kind;
  t.text = text;
  t.move = std::move(move);
  t.at = s.clock;
  if (const auto* st = s.current_state()) {
    t.question = kind == TurnKind::Closing ? "" : st->id;
    if (st->design && kind != TurnKind::Closing)
      t.stage = bank::design_stages()[static_cast<size_t>(std::min(st->stage, 6))];
  }
  s.turns.push_back(std::move(t));
  // The interviewer speaks at about 160 words a minute.
  s.clock += text::word_count(text) / 2.7;
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
  say(s, key == "first_question" ? TurnKind::Question : TurnKind::Transition,
      line(s, key, with_prompt(opening(s, *q))));
}

void Interviewer::close(Session& s, const std::string& key, const std::string& why) {
  if (s.current < s.states.size()) s.states[s.current].done = true;
  say(s, TurnKind::Closing, line(s, key, {}));
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
  say(s, TurnKind::Probe, p.ask, Move::probe(p.id));
  return true;
}

Status Interviewer::give_hint(Session& s, const bank::Question& q) {
  auto& st = s.states[s.current];
  std::string hint;
  if (static_cast<size_t>(st.hints) < q.hints.size()) {
    hint = q.hints[static_cast<size_t>(st.hints)];
  } else {
    // No written hint left: point at the most valuable point not yet earned,
    // by its first clause, without reciting the whole answer.
    auto g = grade_question(s, s.current);
    if (!g) return g.failure();
    const assess::PointResult* best = nullptr;
    for (const auto& p : g->points)
      if (!p.hit && (!best || p.weight > best->weight)) best = &p;
    std::string t = best ? best->text : q.points.front().text;
    auto cut = t.find_first_of(",;:");
    hint = "Think about this: " + t.substr(0, cut) + (cut == std::string::npos ? "" : ".");
  }
  ++st.hints;
  say(s, TurnKind::Hint, line(s, "hint", with_hint(hint)), {Move::Kind::Hint, ""});
  return Ok{};
}

void Interviewer::repeat(Session& s, const bank::Question& q) {
  // Repeat the last thing that asked something.
  for (auto it = s.turns.rbegin(); it != s.turns.rend(); ++it) {
    if (!it->by_interviewer()) continue;
    if (it->kind == TurnKind::Question || it->kind == TurnKind::Transition) {
      say(s, TurnKind::Question, line(s, "repeat", with_prompt(q.prompt)));
      return;
    }
    if (it->follow_up()) {
      std::string text = it->text;
      Move move = it->move;
      TurnKind kind = it->kind;
      say(s, kind, line(s, "repeat", with_prompt(text)), std::move(move));
      return;
    }
  }
  say(s, TurnKind::Question, line(s, "repeat", with_prompt(q.prompt)));
}

std::string Interviewer::answer_text(const Session& s, size_t i) const {
  std::string out;
  const auto& id = s.states[i].id;
  for (const auto& t : s.turns)
    if (t.role == Role::Candidate && t.question == id && t.kind == TurnKind::Answer) {
      if (!out.empty()) out += "\n";
      out += t.text;
    }
  return out;
}

std::vector<text::WordTiming> Interviewer::answer_timings(const Session& s, size_t i) const {
  std::vector<text::WordTiming> out;
  const auto& id = s.states[i].id;
  for (const auto& t : s.turns)
    if (t.role == Role::Candidate && t.question == id && t.kind == TurnKind::Answer) {
      if (t.words.empty()) return {};
      out.insert(out.end(), t.words.begin(), t.words.end());
    }
  return out;
}

Result<assess::Grade> Interviewer::grade_question(const Session& s, size_t i) {
  const auto* q = bank_.find(s.states[i].id);
  if (!q)
    return make_error(ErrorCode::not_found,
                      "session " + s.id + ": question '" + s.states[i].id + "' is not in the bank");
  std::string text = answer_text(s, i);
  auto timings = answer_timings(s, i);
  auto g = grader_.grade(*q, text, timings.empty() ? nullptr : &timings);
  // Answers are validated when they are said, so a failure here means the
  // session was changed since; an empty grade would silently score it 0.
  if (!g)
    return make_error(ErrorCode::corrupt, "session " + s.id + ": the answer to question " + q->id +
                                              " cannot be graded: " + g.error());
  return g;
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
  if (!analysis) return analysis.failure();
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
    d = detect_intent(a, bank_.language.intents);
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
  ct.role = Role::Candidate;
  ct.kind = turn_kind(d.intent);
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
      if (auto hinted = give_hint(s, *q); !hinted) return hinted.failure();
      return s;
    case Intent::Think:
      say(s, TurnKind::Wait, line(s, "wait", {}));
      return s;
    case Intent::Empty:
      if (st.reprompts < 1) {
        ++st.reprompts;
        say(s, TurnKind::Clarification, line(s, "reprompt_empty", {}), {Move::Kind::Reprompt, ""});
      } else {
        move_on(s, "next_after_partial");
      }
      return s;
    case Intent::DontKnow:
      if (st.hints == 0) {
        if (auto hinted = give_hint(s, *q); !hinted) return hinted.failure();
      } else {
        move_on(s, "idk_after_hint");
      }
      return s;
    case Intent::WhatDoYouMean:
    case Intent::Ask: {
      if (q->design) {
        if (const auto* f = match_fact(*q, a, grader_.analyzer().stemmer())) {
          say(s, TurnKind::Clarification, line(s, "fact", with_answer(f->answer)),
              {Move::Kind::Fact, f->id});
        } else {
          say(s, TurnKind::Clarification, line(s, "clarify_unknown", {}), {Move::Kind::Assume, ""});
        }
      } else {
        int asked = 0;
        for (const auto& t : s.turns)
          if (t.by_interviewer() && t.question == q->id && t.move.kind == Move::Kind::Rephrase)
            ++asked;
        std::string alt =
            q->alternatives.empty()
                ? q->prompt
                : q->alternatives[static_cast<size_t>(asked) % q->alternatives.size()];
        say(s, TurnKind::Clarification, line(s, "rephrase", with_prompt(alt)),
            {Move::Kind::Rephrase, ""});
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
  auto g = grade_question(s, s.current);
  if (!g) return g.failure();
  if (q->design)
    design_answer(s, *q, a, *g);
  else
    knowledge_answer(s, *q, a, *g);
  return s;
}

bool Interviewer::challenge(Session& s, const bank::Question& /*q*/, const assess::Grade& g) {
  auto& st = s.states[s.current];
  for (const auto& f : g.red_flags) {
    if (f.retracted || contains(st.flags_challenged, f.id)) continue;
    st.flags_challenged.push_back(f.id);
    std::string text = f.challenge;
    if (text.empty()) text = line(s, "challenge", with_quote(f.evidence));
    say(s, TurnKind::Challenge, text, {Move::Kind::Challenge, f.id});
    return true;
  }
  return false;
}

}  // namespace spar::interview
