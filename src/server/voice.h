// The spoken interview over one WebSocket per session, independent of the
// transport.
//
// The browser sends the microphone as binary messages of 16 kHz mono 16-bit
// little-endian PCM, and control messages as JSON text. The server answers
// with JSON text messages and, for the interviewer's speech, binary messages
// of 16 kHz mono PCM, about 200 ms each as flite makes them, so playback
// starts before the first sentence is even finished:
//
//   in   (binary)                                   microphone PCM
//   in   {"type":"done"}                            "I'm done" button: end the answer now
//   in   {"type":"text","text":"..."}               a typed answer
//   in   {"type":"command","command":"skip|hint|repeat"}
//   in   {"type":"barge_in"}                        the candidate talked over the
//                                                   interviewer: stop sending its speech
//   out  {"type":"ready","version","turn","finished","seconds_left","sample_rate"}
//   out  {"type":"speech","text","sentences"}       the interviewer starts speaking;
//                                                   binary messages follow
//   out  (binary)                                   a piece of its speech
//   out  {"type":"speech_end","interrupted"}
//   out  {"type":"listening"}                       speech detected, an answer has started
//   out  {"type":"partial","text"}                  the transcript so far
//   out  {"type":"final","text"}                    the transcript of the whole answer
//   out  {"type":"turn","version","turn","finished","seconds_left"}
//   out  {"type":"timings", ...}                    where the turn's time went (ms)
//   out  {"type":"error","code","message"}          the connection stays open unless
//                                                   the code is "closed"
//
// A VoiceChannel runs its handlers one at a time (the transport serialises
// them on the connection's strand); recognisers come from a shared pool and
// are held only while an answer is being spoken, so idle connections cost a
// few kilobytes.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "server/api.h"
#include "speech/endpointer.h"
#include "speech/recognizer.h"
#include "speech/synthesizer.h"

namespace spar::server {

// The speech engines shared by every voice connection: recognisers (one
// decoder each, created on demand up to a maximum, then reused) and the
// synthesiser (flite serialises synthesis itself). Thread-safe.
class SpeechPool {
 public:
  SpeechPool(const bank::Bank& bank, size_t max_recognizers, std::string voice);
  // A free recogniser, creating one (about a second) while under the
  // maximum; null when all are busy. Errors name what failed to load.
  Result<std::unique_ptr<speech::Recognizer>> acquire();
  void release(std::unique_ptr<speech::Recognizer> r);
  Result<const speech::Synthesizer*> synthesizer();
  // Loads one recogniser and the synthesiser now, so the first answer
  // does not wait for them.
  Status warm_up();

 private:
  const bank::Bank& bank_;
  size_t max_;
  std::string voice_;
  std::mutex mu_;
  std::vector<std::unique_ptr<speech::Recognizer>> idle_;
  size_t created_ = 0;
  std::unique_ptr<speech::Synthesizer> tts_;
};

class VoiceChannel {
 public:
  struct Sink {
    std::function<void(std::string)> text;    // a JSON text message
    std::function<void(std::string)> binary;  // a binary message
    // Runs `f` later on the connection's strand, after messages already
    // received: how long speech yields to a barge-in between sentences.
    std::function<void(std::function<void()>)> defer;
  };
  VoiceChannel(Api& api, SpeechPool& pool, VoiceAccess access, Sink sink);
  ~VoiceChannel();

  // Sends "ready" and speaks the interviewer's current line.
  void open(Worker& w);
  void audio(Worker& w, std::span<const int16_t> pcm);
  void control(Worker& w, const std::string& message);
  // The connection is closing: gives back the recogniser.
  void close();

 private:
  using Clock = std::chrono::steady_clock;
  void send(const nlohmann::json& j) { sink_.text(dump_json(j)); }
  void error(const std::string& code, const std::string& message);
  // Takes a recogniser from the pool and feeds it the audio buffered while
  // none was free. False when none is free yet.
  bool ensure_recognizer();
  void end_answer(Worker& w, const char* why);
  void submit(Worker& w, const interview::Utterance& u, nlohmann::json timings,
              Clock::time_point endpoint_at);
  void speak(const std::string& text, Clock::time_point endpoint_at, nlohmann::json timings);
  void speak_next();
  void reset_answer();

  Api& api_;
  SpeechPool& pool_;
  VoiceAccess access_;
  Sink sink_;
  speech::Endpointer endpointer_;
  std::unique_ptr<speech::Recognizer> rec_;
  std::vector<int16_t> backlog_;  // audio of this answer not yet fed to a recogniser
  size_t answer_samples_ = 0;
  double last_partial_at_ = 0;
  std::string last_partial_;
  bool listening_sent_ = false;
  bool pending_end_ = false;    // the answer ended while every recogniser was busy
  bool speech_broken_ = false;  // the recogniser could not be loaded
  bool finished_ = false;
  std::string end_reason_;
  // The reply being spoken, a sentence per deferred step.
  std::deque<std::string> sentences_;
  uint64_t speech_id_ = 0;
  bool first_chunk_pending_ = false;
  Clock::time_point endpoint_at_;
  nlohmann::json timings_;
};

}  // namespace spar::server
