// Internal to spar interview: what the typed modes (interview_cmd.cpp) and the
// spoken modes (voice_cmd.cpp) share.
#pragma once

#include <csignal>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/session_io.h"
#include "interview/engine.h"

namespace spar::cli::detail {

struct InterviewOptions {
  std::string areas, level = "mid", questions, script, format = "text", resume, answers_dir,
                     say_dir, voice_name = "slt";
  bool voice = false;
  double thinking_time = 2.5;
  int minutes = 30;
  uint64_t seed = 0;
  bool seed_given = false;
};

// Set by on_sigint (Ctrl-C).
extern volatile std::sig_atomic_t g_interrupted;
void on_sigint(int);

// The transcript for JSON output.
nlohmann::json turns_json(const interview::Session& s);

// Commits the session after every turn, so killing the process loses at
// most the utterance being typed.
struct Saver {
  OpenStore& db;
  int64_t version;
  Status save(const interview::Session& s) {
    auto v = db.store->save(s, version);
    if (!v) return make_error(v.error());
    version = *v;
    return Ok{};
  }
};

// Grades, stores and renders the finished session; returns the interview
// summary (per-question grades) for JSON output.
nlohmann::json finish(OpenStore& db, interview::Interviewer& iv, const interview::Session& s,
                      bool announce);

// The spoken modes (voice_cmd.cpp): --answers-dir (with --say-dir) and --voice.
int run_spoken_files(interview::Interviewer& iv, interview::Session s, const InterviewOptions& o,
                     OpenStore& db, Saver& saver);
int run_voice(interview::Interviewer& iv, interview::Session s, const InterviewOptions& o,
              OpenStore& db, Saver& saver);

}  // namespace spar::cli::detail
