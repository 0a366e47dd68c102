// The spoken interview over a WebSocket: endpointing, streaming recognition,
// turns through the same path as typed answers, and the reply spoken back
// sentence by sentence.
#include "server/voice.h"

#include <algorithm>
#include <cmath>

namespace spar::server {
namespace {

double ms_since(std::chrono::steady_clock::time_point t) {
  auto d = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
  return std::round(d * 10) / 10;
}

// Audio kept from before speech is detected, so the recogniser hears the
// start of the first word (the detector needs a quarter second to decide).
constexpr size_t kPreRollSamples = speech::kSampleRate * 3 / 4;
// Partial transcripts are sent this often (seconds of audio).
constexpr double kPartialEvery = 0.3;

}  // namespace

SpeechPool::SpeechPool(const bank::Bank& bank, size_t max_recognizers, std::string voice)
    : bank_(bank), max_(std::max<size_t>(1, max_recognizers)), voice_(std::move(voice)) {}

Result<std::unique_ptr<speech::Recognizer>> SpeechPool::acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      auto r = std::move(idle_.back());
      idle_.pop_back();
      return r;
    }
    if (created_ >= max_) return std::unique_ptr<speech::Recognizer>();
    ++created_;
  }
  // Loading takes about a second: not under the lock.
  auto r = speech::Recognizer::create(bank_);
  if (!r) {
    std::lock_guard<std::mutex> lock(mu_);
    --created_;
    return make_error("speech recognition: " + r.error());
  }
  return std::move(*r);
}

void SpeechPool::release(std::unique_ptr<speech::Recognizer> r) {
  if (!r) return;
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(r));
}

Result<const speech::Synthesizer*> SpeechPool::synthesizer() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!tts_) {
    speech::SynthesizerConfig config;
    config.voice = voice_;
    config.respellings = bank_.respellings;
    config.pronunciations = bank_.pronunciations;
    auto t = speech::Synthesizer::create(config);
    if (!t) return make_error("speech synthesis: " + t.error());
    tts_ = std::move(*t);
  }
  return static_cast<const speech::Synthesizer*>(tts_.get());
}

Status SpeechPool::warm_up() {
  auto r = acquire();
  if (!r) return make_error(r.error());
  release(std::move(*r));
  auto t = synthesizer();
  if (!t) return make_error(t.error());
  return Ok{};
}

VoiceChannel::VoiceChannel(Api& api, SpeechPool& pool, VoiceAccess access, Sink sink)
    : api_(api), pool_(pool), access_(std::move(access)), sink_(std::move(sink)), endpointer_([&] {
        speech::EndpointerConfig c;
        c.thinking_time = access_.thinking_time;
        c.done_phrases = api_.bank().language.done_phrases;
        return c;
      }()) {
  api_.metrics().voice_opened();
}

VoiceChannel::~VoiceChannel() {
  close();
  api_.metrics().voice_closed();
}

void VoiceChannel::close() {
  pool_.release(std::move(rec_));
  sentences_.clear();
  ++speech_id_;
}

void VoiceChannel::error(const std::string& code, const std::string& message) {
  send({{"type", "error"}, {"code", code}, {"message", message}});
}

void VoiceChannel::open(Worker& w) {
  auto s = w.store->load(access_.session_id);
  auto info = w.store->info(access_.session_id);
  if (!s || !info) {
    error("closed", "the session could not be loaded: " + (s ? info.error() : s.error()));
    return;
  }
  finished_ = s->finished;
  auto turn = last_turn(*s);
  send({{"type", "ready"},
        {"version", info->version},
        {"turn", turn},
        {"finished", s->finished},
        {"seconds_left", s->seconds_left()},
        {"sample_rate", speech::kSampleRate}});
  if (turn.is_object()) speak(turn["text"].get<std::string>(), Clock::now(), nullptr);
}

void VoiceChannel::reset_answer() {
  endpointer_.reset();
  pool_.release(std::move(rec_));
  backlog_.clear();
  answer_samples_ = 0;
  last_partial_at_ = 0;
  last_partial_.clear();
  listening_sent_ = false;
  pending_end_ = false;
}

bool VoiceChannel::ensure_recognizer() {
  if (rec_) return true;
  if (speech_broken_) return false;
  auto r = pool_.acquire();
  if (!r) {
    // Models missing or unreadable: say so once; typing still works.
    speech_broken_ = true;
    error("speech_unavailable", r.error() + "; type your answers instead");
    return false;
  }
  if (!*r) return false;  // all busy: keep buffering, try again on the next frame
  rec_ = std::move(*r);
  if (auto st = rec_->start(); !st) {
    error("speech_unavailable", st.error());
    pool_.release(std::move(rec_));
    return false;
  }
  (void)rec_->feed(backlog_);
  backlog_.clear();
  backlog_.shrink_to_fit();
  return true;
}

void VoiceChannel::audio(Worker& w, std::span<const int16_t> pcm) {
  if (finished_ || pcm.empty()) return;
  auto state = endpointer_.feed(pcm);
  if (pending_end_) {
    // The answer is over but every recogniser was busy: the incoming
    // frames (silence, or the next answer) wait in the backlog.
    backlog_.insert(backlog_.end(), pcm.begin(), pcm.end());
    return end_answer(w, "retry");
  }
  if (state == speech::TurnState::Waiting) {
    backlog_.insert(backlog_.end(), pcm.begin(), pcm.end());
    if (backlog_.size() > kPreRollSamples)
      backlog_.erase(backlog_.begin(), backlog_.end() - kPreRollSamples);
    return;
  }
  if (!listening_sent_) {
    listening_sent_ = true;
    send({{"type", "listening"}});
  }
  answer_samples_ += pcm.size();
  if (rec_) {
    (void)rec_->feed(pcm);
  } else {
    backlog_.insert(backlog_.end(), pcm.begin(), pcm.end());
    ensure_recognizer();
  }
  double heard = double(answer_samples_) / speech::kSampleRate;
  if (rec_ && heard - last_partial_at_ >= kPartialEvery) {
    last_partial_at_ = heard;
    auto h = rec_->partial();
    endpointer_.note_hypothesis(h.text);
    if (h.text != last_partial_) {
      last_partial_ = h.text;
      send({{"type", "partial"}, {"text", h.text}});
    }
  }
  if (state == speech::TurnState::Ended)
    end_answer(w,
               endpointer_.reason() == speech::EndReason::DonePhrase ? "done_phrase" : "silence");
  else if (heard >= api_.options().limits.answer_seconds)
    end_answer(w, "max_length");
}

void VoiceChannel::end_answer(Worker& w, const char* why) {
  if (!pending_end_) {
    endpoint_at_ = Clock::now();
    end_reason_ = why;
  }
  if (!listening_sent_ && !pending_end_) {
    reset_answer();
    return error("not_heard", "no speech was heard yet; answer out loud, or type your answer");
  }
  if (!ensure_recognizer()) {
    if (speech_broken_) return reset_answer();
    pending_end_ = true;
    return;
  }
  // Audio that arrived while waiting for a recogniser belongs to the answer.
  if (!backlog_.empty()) {
    (void)rec_->feed(backlog_);
    backlog_.clear();
  }
  auto t_rec = Clock::now();
  auto hyp = rec_->finish();
  nlohmann::json timings = {
      {"endpoint", end_reason_},
      {"decoder_wait_ms",
       std::round(std::chrono::duration<double, std::milli>(t_rec - endpoint_at_).count())},
      {"recognize_ms", ms_since(t_rec)},
      {"answer_seconds", double(answer_samples_) / speech::kSampleRate}};
  auto endpoint_at = endpoint_at_;
  reset_answer();
  if (!hyp) return error("recognition", hyp.error());
  speech::strip_done_phrase(*hyp, api_.bank().language.done_phrases);
  send({{"type", "final"}, {"text", hyp->text}});
  if (hyp->text.empty()) {
    error("not_heard", "no words were recognised; answer again, or type your answer");
    return;
  }
  interview::Utterance u;
  u.text = hyp->text;
  u.words = hyp->words;
  submit(w, u, std::move(timings), endpoint_at);
}

void VoiceChannel::submit(Worker& w, const interview::Utterance& u, nlohmann::json timings,
                          Clock::time_point endpoint_at) {
  auto t0 = Clock::now();
  auto info = w.store->info(access_.session_id);
  if (!info) return error("closed", "the session could not be read: " + info.error());
  auto res = api_.apply_utterance(w, access_.caller, *info, u, "", -1);
  auto body = nlohmann::json::parse(res.body, nullptr, false);
  if (res.status != 200 || !body.is_object()) {
    std::string code = "turn", message = "the answer could not be applied";
    if (body.is_object() && body.contains("error")) {
      code = body["error"].value("code", code);
      message = body["error"].value("message", message);
    }
    return error(code, message);
  }
  timings["turn_ms"] = ms_since(t0);
  body["type"] = "turn";
  send(body);
  finished_ = body.value("finished", false);
  const auto& turn = body["turn"];
  if (turn.is_object()) speak(turn.value("text", ""), endpoint_at, std::move(timings));
}

void VoiceChannel::control(Worker& w, const std::string& message) {
  auto j = nlohmann::json::parse(message, nullptr, false);
  // Only a string `type` names a message; {"type": 1} is as unknown as "dance".
  std::string type;
  if (j.is_object() && j.contains("type") && j["type"].is_string()) type = j["type"];
  if (type == "barge_in") {
    // The candidate started talking over the interviewer: stop at once.
    if (!sentences_.empty()) {
      sentences_.clear();
      ++speech_id_;
      send({{"type", "speech_end"}, {"interrupted", true}});
    }
    return;
  }
  if (type == "done") return end_answer(w, "button");
  if (finished_ && (type == "text" || type == "command"))
    return error("finished", "this interview has ended");
  if (type == "text" && j.contains("text") && j["text"].is_string()) {
    reset_answer();  // typing replaces whatever was being said
    interview::Utterance u;
    u.text = j["text"];
    return submit(w, u, {{"endpoint", "typed"}}, Clock::now());
  }
  if (type == "command" && j.contains("command") && j["command"].is_string()) {
    reset_answer();
    interview::Utterance u;
    u.command = j["command"];
    return submit(w, u, {{"endpoint", "command"}}, Clock::now());
  }
  error("bad_message",
        "expected {\"type\": \"done\" | \"barge_in\" | \"text\" | \"command\", ...}, got: " +
            clip_utf8(message, 200));
}

void VoiceChannel::speak(const std::string& text, Clock::time_point endpoint_at,
                         nlohmann::json timings) {
  sentences_.clear();
  ++speech_id_;
  for (auto& s : speech::Synthesizer::sentences(text)) sentences_.push_back(std::move(s));
  send({{"type", "speech"}, {"text", text}, {"sentences", sentences_.size()}});
  endpoint_at_ = endpoint_at;
  timings_ = std::move(timings);
  first_chunk_pending_ = true;
  speak_next();
}

void VoiceChannel::speak_next() {
  if (sentences_.empty()) {
    send({{"type", "speech_end"}, {"interrupted", false}});
    return;
  }
  std::string sentence = std::move(sentences_.front());
  sentences_.pop_front();
  auto tts = pool_.synthesizer();
  if (!tts) {
    sentences_.clear();
    error("speech_unavailable", tts.error());
    send({{"type", "speech_end"}, {"interrupted", true}});
    return;
  }
  // Each chunk goes out as flite makes it (about 200 ms of audio), so the
  // first audio of a reply leaves before its first sentence is finished.
  auto st = (*tts)->speak(sentence, [&](std::span<const int16_t> pcm) {
    std::string bytes;
    bytes.reserve(pcm.size() * 2);
    for (int16_t v : pcm) {
      // 16-bit little-endian on the wire, as the browser reads it.
      auto u = static_cast<uint16_t>(v);
      bytes.push_back(static_cast<char>(u & 0xff));
      bytes.push_back(static_cast<char>(u >> 8));
    }
    sink_.binary(std::move(bytes));
    if (first_chunk_pending_) {
      first_chunk_pending_ = false;
      if (timings_.is_object()) {
        double total = ms_since(endpoint_at_);
        timings_["first_audio_ms"] = total;
        timings_["type"] = "timings";
        send(timings_);
        api_.metrics().voice_turn(total / 1000);
      }
    }
    return true;
  });
  if (!st) error("speech_unavailable", st.error());
  // Between sentences, messages already received (a barge-in) go first.
  sink_.defer([this, id = speech_id_] {
    if (id == speech_id_) speak_next();
  });
}

}  // namespace spar::server
