// The interviewer: decides what to say next, one candidate turn at a time.
//
// Pure logic over a Session value: no I/O, no clock reads (time comes in with
// each utterance or is estimated from its length), deterministic for a given
// seed. After each answer it grades everything the candidate has said on the
// current question, then picks the next move:
//   1. a stated misconception -> challenge it;
//   2. a strong answer -> acknowledge and move on (senior: one scale or
//      failure probe first);
//   3. an important point missing -> the probe written for it;
//   4. a claim without a reason -> "why?";
//   5. senior -> scale and failure probes;
//   otherwise move on. Probes per question are bounded by level and time;
// the same probe is never asked twice. Design rounds walk the stages in
// order, answer clarifying questions from the problem's facts, check stated
// estimates, and inject a constraint change ("now traffic is 10x").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "assess/grader.h"
#include "bank/model.h"
#include "interview/intents.h"
#include "interview/plan.h"
#include "interview/session.h"

namespace spar::interview {

struct Utterance {
  std::string text;
  std::vector<text::WordTiming> words;  // from speech, when spoken
  std::string command;                  // "skip", "hint", "repeat", "quit" (buttons, /commands)
  double at = -1;                       // seconds since start; -1 = estimate from length
};

struct SessionConfig {
  std::vector<std::string> areas;
  bank::Level level = bank::Level::Mid;
  int minutes = 30;
  uint64_t seed = 1;
};

class Interviewer {
 public:
  // The bank must outlive the Interviewer. Not thread-safe (owns a Grader).
  explicit Interviewer(const bank::Bank& bank);

  // A new session from a plan, with the interviewer's first line said.
  Session begin(const SessionConfig& config, const std::vector<PlannedQuestion>& plan);

  // Appends the candidate's turn and the interviewer's reply (the new last
  // turn). Fails on a finished session, an unknown command, invalid UTF-8, or
  // a session whose questions are not in the bank.
  Result<Session> step(Session s, const Utterance& u);

  // Ends the session early (script ran out, Ctrl-D, a closed browser tab)
  // with the interviewer's closing line. A finished session is returned as is.
  Session end(Session s, const std::string& why);

  // Everything the candidate said on question i, joined for grading.
  std::string answer_text(const Session& s, size_t i) const;
  // Word timings of those turns, when every one was spoken.
  std::vector<text::WordTiming> answer_timings(const Session& s, size_t i) const;
  // The cumulative grade of question i. Fails with not_found when the
  // question is not in the bank and corrupt when what the candidate said
  // cannot be graded (it was validated when said, so the session was changed).
  Result<assess::Grade> grade_question(const Session& s, size_t i);

  const bank::Bank& bank() const { return bank_; }
  assess::Grader& grader() { return grader_; }

 private:
  struct Vars {
    std::string prompt, quote, hint, answer;
  };
  static Vars with_prompt(std::string v);
  static Vars with_quote(std::string v);
  static Vars with_hint(std::string v);
  static Vars with_answer(std::string v);
  std::string line(const Session& s, const std::string& key, const Vars& v) const;
  void say(Session& s, TurnKind kind, const std::string& text, Move move = {});
  void ask_current(Session& s, const std::string& key);
  void move_on(Session& s, const std::string& key);
  void close(Session& s, const std::string& key, const std::string& why);
  Status give_hint(Session& s, const bank::Question& q);
  void repeat(Session& s, const bank::Question& q);
  // The policies after an answer; `g` is the question's grade including it.
  void knowledge_answer(Session& s, const bank::Question& q, const text::Analysis& a,
                        const assess::Grade& g);
  void design_answer(Session& s, const bank::Question& q, const text::Analysis& a,
                     const assess::Grade& g);
  bool ask_probe(Session& s, const bank::Probe& p);
  // Challenges the first stated, unretracted misconception not challenged yet.
  bool challenge(Session& s, const bank::Question& q, const assess::Grade& g);
  int probe_budget(const Session& s) const;
  std::string opening(const Session& s, const bank::Question& q) const;

  const bank::Bank& bank_;
  assess::Grader grader_;
};

}  // namespace spar::interview
