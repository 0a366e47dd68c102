// A Session: the whole state of one mock interview as a plain value.
//
// It holds the plan, every turn said so far (append-only), per-question state
// (stage, probes asked, hints given) and the interview clock. It serialises to
// JSON and back losslessly, so it can be saved after every turn and resumed
// anywhere (another process, another server).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bank/model.h"
#include "common/result.h"
#include "text/analyzer.h"

namespace spar::interview {

// Interviewer turn kinds: question, probe, challenge, hint, clarification,
// transition, wait, closing. Candidate turn kinds: answer, command.
struct Turn {
  std::string role;  // "interviewer" or "candidate"
  std::string kind;
  std::string question;  // bank id the turn belongs to ("" for closing)
  std::string probe;     // probe id (bank id, or "why"/"scale"/"failure"/"estimate:ID"/...)
  std::string stage;     // design rounds: the stage this turn belongs to
  std::string text;
  double at = 0;                        // seconds since the session started
  std::vector<text::WordTiming> words;  // candidate turns from speech
};

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
// Fails with a message naming the field at fault.
Result<Session> session_from_json(const nlohmann::json& j);

}  // namespace spar::interview
