// Deciding when a spoken answer is over.
//
// Candidates pause to think. The Endpointer runs an energy-based voice
// activity detector over the incoming audio and ends the turn only after a
// silence of `thinking_time` (2.5 s by default) following speech, so a two
// second pause in the middle of an answer does not cut it off. Saying "I'm
// done" ends the turn sooner: when the recogniser's partial hypothesis ends
// with a done phrase and a short silence follows. strip_done_phrase()
// removes the phrase from the answer before it is graded.
//
// The detector adapts to the background: a frame is speech when it is well
// above the tracked noise floor and above an absolute minimum level.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "speech/recognizer.h"

namespace spar::speech {

struct EndpointerConfig {
  double thinking_time = 2.5;         // seconds of silence after speech that end a turn
  double done_silence = 0.5;          // silence after "I'm done" that ends it
  double min_speech = 0.25;           // speech shorter than this (a cough) does not open a turn
  double speech_above_floor_db = 12;  // how far above the noise floor speech is
  double min_speech_dbfs = -50;       // and never quieter than this
  // Phrases that end the turn sooner ("i'm done"; bank/language/speech.yaml).
  std::vector<std::string> done_phrases;
};

enum class TurnState {
  Waiting,   // no speech yet
  Speaking,  // speech, or a pause shorter than the thinking time
  Ended,     // the turn is over
};

enum class EndReason { None, Silence, DonePhrase };

class Endpointer {
 public:
  explicit Endpointer(const EndpointerConfig& config = {});

  // Feeds 16 kHz mono PCM; returns the state after it.
  TurnState feed(std::span<const int16_t> pcm);
  // Tells the endpointer what the recogniser has heard so far.
  void note_hypothesis(std::string_view text);

  TurnState state() const { return state_; }
  EndReason reason() const { return reason_; }
  // Seconds of audio fed; seconds of silence since speech last stopped.
  double seconds() const { return double(frames_) * kFrameSeconds; }
  double silence() const { return double(silent_frames_) * kFrameSeconds; }
  // Time the last speech frame ended (the end of the answer), in seconds.
  double speech_end() const { return double(last_speech_frame_ + 1) * kFrameSeconds; }

  // Starts over for the next turn (the noise floor estimate is kept).
  void reset();

 private:
  static constexpr double kFrameSeconds = 0.01;
  void frame(double dbfs);
  EndpointerConfig config_;
  TurnState state_ = TurnState::Waiting;
  EndReason reason_ = EndReason::None;
  double floor_db_ = -60;
  bool floor_known_ = false;
  size_t frames_ = 0, speech_run_ = 0, silent_frames_ = 0, last_speech_frame_ = 0;
  bool done_heard_ = false;
  int16_t partial_[160] = {};
  size_t partial_n_ = 0;
};

// True when `text` ends with one of `phrases` ("... i'm done").
bool ends_with_done_phrase(std::string_view text, const std::vector<std::string>& phrases);

// Removes a trailing done phrase from a final hypothesis (text and words).
void strip_done_phrase(Hypothesis& h, const std::vector<std::string>& phrases);

}  // namespace spar::speech
