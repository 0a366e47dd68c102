// Streaming speech recognition with pocketsphinx, tuned to the bank.
//
// The decoder interpolates two language models: a trigram model of the
// bank's own text (so "idempotency key" and "read replica" are likely) and
// the generic English model (so everything else is still possible), over a
// dictionary that knows the bank's jargon (models.h). Audio is fed in small
// chunks as it arrives; partial() gives the best guess so far and finish()
// the final hypothesis with word timings and posterior confidences.
//
// A Recognizer is one decoder: use it from one thread at a time. Creating
// one loads the models (about a second); reuse it across utterances.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bank/model.h"
#include "speech/models.h"
#include "speech/wav.h"
#include "text/analyzer.h"
#include "text/result.h"

namespace spar::speech {

struct RecognizerConfig {
  ModelOptions models;
  // Interpolation weight of the bank LM; the generic LM gets the rest. 1
  // decodes with the bank LM alone (fastest, but words outside the bank's
  // text cannot be recognised). Chosen by measurement: docs/BENCHMARKS.md.
  double bank_weight = 0.7;
  // Search: wider beams are slower and, past a point, no more accurate.
  double beam = 1e-48;
  double wbeam = 7e-29;
  double pbeam = 1e-48;
  int maxhmmpf = 30000;
  double lw = 6.5;       // language weight
  bool fwdflat = false;  // second pass: small gain, about 40 % more time
  bool bestpath = true;  // lattice rescoring; also gives word confidences
  // Further pocketsphinx options as ("-name", "value") pairs, for experiments.
  std::vector<std::pair<std::string, std::string>> extra;
};

struct Hypothesis {
  std::string text;                     // words joined by spaces, lower case
  std::vector<text::WordTiming> words;  // seconds from the start of the utterance
  bool final = false;
};

class Recognizer {
 public:
  // Loads (building or reading the cache) the models for `bank`.
  static Result<std::unique_ptr<Recognizer>> create(const bank::Bank& bank,
                                                    const RecognizerConfig& config = {});
  ~Recognizer();
  Recognizer(const Recognizer&) = delete;
  Recognizer& operator=(const Recognizer&) = delete;

  // Begins an utterance (finish() ends it; start() also discards one in progress).
  Status start();
  // Feeds 16 kHz mono 16-bit PCM; any chunk size works, 20-100 ms is typical.
  Status feed(std::span<const int16_t> pcm);
  // Feeds a complete utterance at once (then call finish()). Cepstral mean
  // normalisation then uses the whole utterance instead of a running
  // estimate, which is more accurate when the audio is all there already.
  Status feed_whole(std::span<const int16_t> pcm);
  // The best hypothesis so far (timings yes, confidences not yet: all 1).
  Hypothesis partial();
  // Ends the utterance and returns the final hypothesis.
  Result<Hypothesis> finish();

  const ModelFiles& models() const { return models_; }
  // Seconds of audio fed in the current utterance.
  double fed_seconds() const { return double(fed_) / kSampleRate; }

 private:
  struct Impl;
  Recognizer() = default;
  Hypothesis read(bool final);
  std::unique_ptr<Impl> impl_;
  ModelFiles models_;
  size_t fed_ = 0;
  bool in_utt_ = false;
};

enum class FeedMode {
  Whole,   // each utterance at once (feed_whole): for recordings
  Stream,  // in 100 ms chunks, as live audio arrives (feed)
};

// Decodes a whole recording, splitting it at pauses into utterances of at
// most ~30 s (pocketsphinx slows down on very long ones). Timings are from
// the start of `pcm`.
Result<Hypothesis> transcribe(Recognizer& recognizer, std::span<const int16_t> pcm,
                              FeedMode mode = FeedMode::Whole);

}  // namespace spar::speech
