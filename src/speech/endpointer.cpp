#include "speech/endpointer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

namespace spar::speech {
namespace {

constexpr size_t kFrameSamples = 160;  // 10 ms at 16 kHz
constexpr size_t kSpeechRun = 5;       // 50 ms of energy counts as speech, not a click

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '\'') {
      cur += char(std::tolower(static_cast<unsigned char>(c)));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// Number of trailing words of `words` that form a done phrase (0 if none).
size_t done_suffix(const std::vector<std::string>& words, const std::vector<std::string>& phrases) {
  for (const auto& phrase : phrases) {
    auto p = words_of(phrase);
    if (p.size() <= words.size() && std::equal(p.begin(), p.end(), words.end() - long(p.size())))
      return p.size();
  }
  return 0;
}

}  // namespace

Endpointer::Endpointer(const EndpointerConfig& config) : config_(config) {}

void Endpointer::reset() {
  state_ = TurnState::Waiting;
  reason_ = EndReason::None;
  frames_ = speech_run_ = silent_frames_ = last_speech_frame_ = 0;
  done_heard_ = false;
  partial_n_ = 0;
}

void Endpointer::frame(double dbfs) {
  // Noise floor: follows quiet frames down quickly, rises at most 0.5 dB/s
  // so that speech never becomes "the background".
  if (!floor_known_) {
    floor_db_ = dbfs, floor_known_ = true;
  } else if (dbfs < floor_db_) {
    floor_db_ = 0.7 * floor_db_ + 0.3 * dbfs;
  } else {
    floor_db_ += std::min(dbfs - floor_db_, 0.5) * 0.01;
  }
  floor_db_ = std::max(floor_db_, -90.0);
  const bool speech =
      dbfs > floor_db_ + config_.speech_above_floor_db && dbfs > config_.min_speech_dbfs;
  speech_run_ = speech ? speech_run_ + 1 : 0;
  const size_t min_run = state_ == TurnState::Waiting
                             ? std::max<size_t>(kSpeechRun, size_t(config_.min_speech * 100))
                             : kSpeechRun;
  if (speech_run_ >= min_run) {
    state_ = TurnState::Speaking;
    silent_frames_ = 0;
    last_speech_frame_ = frames_;
  } else if (state_ == TurnState::Speaking && !speech) {
    ++silent_frames_;
  }
  ++frames_;
  if (state_ != TurnState::Speaking) return;
  if (silence() >= config_.thinking_time) {
    state_ = TurnState::Ended, reason_ = EndReason::Silence;
  } else if (done_heard_ && silence() >= config_.done_silence) {
    state_ = TurnState::Ended, reason_ = EndReason::DonePhrase;
  }
}

TurnState Endpointer::feed(std::span<const int16_t> pcm) {
  for (int16_t s : pcm) {
    if (state_ == TurnState::Ended) break;
    partial_[partial_n_++] = s;
    if (partial_n_ < kFrameSamples) continue;
    double e = 0;
    for (size_t i = 0; i < kFrameSamples; ++i) e += double(partial_[i]) * partial_[i];
    partial_n_ = 0;
    double rms = std::sqrt(e / kFrameSamples) / 32768.0;
    frame(rms > 0 ? 20 * std::log10(rms) : -120);
  }
  return state_;
}

void Endpointer::note_hypothesis(std::string_view text) {
  done_heard_ = done_suffix(words_of(text), config_.done_phrases) > 0;
}

bool ends_with_done_phrase(std::string_view text, const std::vector<std::string>& phrases) {
  return done_suffix(words_of(text), phrases) > 0;
}

void strip_done_phrase(Hypothesis& h, const std::vector<std::string>& phrases) {
  std::vector<std::string> words;
  for (const auto& w : h.words) words.push_back(w.word);
  size_t n = done_suffix(words, phrases);
  if (n == 0) return;
  h.words.resize(h.words.size() - n);
  h.text.clear();
  for (const auto& w : h.words) h.text += (h.text.empty() ? "" : " ") + w.word;
}

}  // namespace spar::speech
