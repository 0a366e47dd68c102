// Speech synthesis: text to 16 kHz mono PCM with flite, in-process.
//
// Text is spoken sentence by sentence and each sentence's audio is handed to
// the caller as soon as it exists, so playback can start while the rest is
// still being synthesised. Before synthesis the bank's respellings are
// applied ("JSON" -> "jay-son"), because flite spells out or mangles jargon.
// Voices: slt (default, female), rms (male), kal (male, diphone), awb.
// flite is not thread-safe: synthesis is serialised across the process.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "speech/wav.h"

namespace spar::speech {

struct SynthesizerConfig {
  std::string voice = "slt";
  std::map<std::string, std::string> respellings;          // word -> how to say it (bank lexicon)
  std::map<std::string, std::string> pronunciations = {};  // word -> ARPAbet (bank lexicon)
};

class Synthesizer {
 public:
  static Result<std::unique_ptr<Synthesizer>> create(const SynthesizerConfig& config);
  ~Synthesizer();

  // Fails naming the word when a pronunciation has phones flite lacks.
  // The voices create() accepts.
  static const std::vector<std::string>& voices();

  // The text flite will be given: respellings applied to whole words,
  // matched without regard to case.
  std::string prepare(std::string_view text) const;

  // The phones flite says for `text` (after respellings), upper case, no
  // stress, pauses left out: "R EH D IH S". For checking pronunciations.
  std::string phones(std::string_view text) const;

  // The sentences of `text`, in order, as they will be synthesised.
  static std::vector<std::string> sentences(std::string_view text);

  // Synthesises sentence by sentence; `on_chunk` gets the PCM as it is made
  // (about 200 ms at a time with the streaming voices slt, rms and awb; a
  // whole sentence at a time with kal) and may return false to stop early.
  // It runs while flite is locked: it should only copy or queue the audio.
  Status speak(std::string_view text,
               const std::function<bool(std::span<const int16_t>)>& on_chunk) const;

  // All of `text` as one buffer.
  Result<Pcm> synthesize(std::string_view text) const;

 private:
  struct Voice;
  explicit Synthesizer(const SynthesizerConfig& c, Voice* v);
  SynthesizerConfig config_;
  Voice* voice_;                               // registered once per process, never freed
  std::map<std::string, std::string> folded_;  // lower-cased respelling keys
};

}  // namespace spar::speech
