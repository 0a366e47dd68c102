// A Session: the whole state of one mock interview as a plain value.
//
// It holds the plan, every turn said so far (append-only), per-question state
// (stage, probes asked, hints given) and the interview clock. It serialises to
// JSON and back losslessly, so it can be saved after every turn and resumed
// anywhere (another process, another server).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bank/model.h"
#include "common/result.h"
#include "text/analyzer.h"

namespace spar::interview {

// Who said a turn.
enum class Role { Interviewer, Candidate };

// What a turn is. The interviewer's: Question, Probe, Challenge, Hint,
// Clarification, Transition, Wait, Closing. The candidate's: Answer, or what
// they meant instead of answering (interview/intents.h): Empty, DontKnow,
// Skip, Repeat, WhatDoYouMean, Hint (asked for one), Think, Stop, Ask.
enum class TurnKind {
  Question,
  Probe,
  Challenge,
  Hint,
  Clarification,
  Transition,
  Wait,
  Closing,
  Answer,
  Empty,
  DontKnow,
  Skip,
  Repeat,
  WhatDoYouMean,
  Think,
  Stop,
  Ask,
};

// What an interviewer's line was for, beyond its kind: which probe it asked,
// which misconception it challenged, which fact it gave. Stored as one tag
// string, as it always was: "" (nothing in particular), a probe id (the
// bank's, or the interviewer's own "why", "scale", "adapt"),
// "estimate:ID", "challenge:FLAG", "fact:ID", "stage:STAGE", "hint",
// "reprompt", "assume", "rephrase". Every string reads back to itself.
struct Move {
  enum class Kind {
    None,
    Probe,      // id: a bank probe, or the interviewer's "why"/"scale"/"adapt"
    Estimate,   // id: the estimate checked
    Challenge,  // id: the red flag challenged
    Fact,       // id: the design fact given
    Stage,      // id: the design stage opened
    Hint,
    Reprompt,  // an empty or off-topic answer asked again
    Assume,    // a design question the facts do not answer: "assume what you like"
    Rephrase,  // a knowledge question asked in other words
  };
  Kind kind = Kind::None;
  std::string id;

  static Move probe(std::string id) { return {Kind::Probe, std::move(id)}; }
  bool operator==(const Move&) const = default;
};

struct Turn {
  Role role = Role::Interviewer;
  TurnKind kind = TurnKind::Question;
  std::string question;  // bank id the turn belongs to ("" for closing)
  Move move;             // interviewer turns: what the line was for
  std::string stage;     // design rounds: the stage this turn belongs to
  std::string text;
  double at = 0;                        // seconds since the session started
  std::vector<text::WordTiming> words;  // candidate turns from speech

  bool by_interviewer() const { return role == Role::Interviewer; }
  // A follow-up on the current question: a probe, challenge or hint.
  bool follow_up() const {
    return role == Role::Interviewer &&
           (kind == TurnKind::Probe || kind == TurnKind::Challenge || kind == TurnKind::Hint);
  }
};

// The stored strings ("interviewer", "what_do_you_mean", "estimate:users").
const char* to_string(Role r);
const char* to_string(TurnKind k);
std::string to_string(const Move& m);
std::optional<Role> parse_role(std::string_view s);
std::optional<TurnKind> parse_turn_kind(std::string_view s);
Move parse_move(std::string_view s);  // never fails: any other string is a probe id

struct QuestionState {
  std::string id;
  bool design = false;
  double minutes = 0;   // time budget for this question
  double started = -1;  // clock when first asked; -1 = not yet
  int stage = 0;        // design: index into bank::design_stages()
  double stage_started = 0;
  int stage_probes = 0;  // probes asked in the current stage
  std::vector<std::string> probes_asked;
  std::vector<std::string> flags_challenged;
  std::vector<std::string> estimates_checked;
  int hints = 0;
  int reprompts = 0;
  bool constraint_injected = false;
  bool adapt_checked = false;
  int constraint_turn = -1;  // index of the constraint-change turn
  bool skipped = false;
  bool done = false;
};

struct Session {
  std::string id;                  // assigned by the store; "" before
  std::vector<std::string> areas;  // empty = all
  bank::Level level = bank::Level::Mid;
  int minutes = 30;
  uint64_t seed = 1;
  size_t current = 0;  // index into states
  std::vector<QuestionState> states;
  std::vector<Turn> turns;
  double clock = 0;  // seconds since start
  bool finished = false;
  std::string ended_by;  // "plan", "time", "candidate"

  const QuestionState* current_state() const {
    return current < states.size() ? &states[current] : nullptr;
  }
  double seconds_left() const { return minutes * 60.0 - clock; }
};

nlohmann::json to_json(const Session& s);
// Fails with a message naming the field at fault ("session: turn 3: field
// 'kind': unknown kind 'foo'").
Result<Session> session_from_json(const nlohmann::json& j);

}  // namespace spar::interview
