// Streaming speech recognition with pocketsphinx, tuned to the bank.
//
// The decoder uses a trigram model of the bank's own text (so "idempotency
// key" and "read replica" are likely), optionally interpolated with the
// generic English model (so words the bank never uses stay possible), over a
// dictionary that knows the bank's jargon (models.h). Audio is fed in small
// chunks as it arrives; partial() gives the best guess so far and finish()
// the final hypothesis with word timings and posterior confidences.
//
// A Recognizer is one decoder: use it from one thread at a time. Creating
// one loads the models (about a second); reuse it across utterances.
#pragma once

#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "bank/model.h"
#include "common/result.h"
#include "speech/models.h"
#include "speech/wav.h"
#include "text/analyzer.h"

namespace spar::speech {

struct RecognizerConfig {
  ModelOptions models;
  // Interpolation weight of the bank LM against the generic English LM
  // (ngram_model_set_init). 1 decodes with the bank LM alone. Measured on
  // 64 held-out sentences x 2 voices (docs/BENCHMARKS.md, "Speech"): mixing
  // in the generic LM at 0.9 or 0.7 changed WER by under a point and tripled
  // decoding time (CPU RTF 0.07 -> 0.21-0.25), so the default is the bank LM
  // alone. Lower it when answers stray far from the bank's vocabulary.
  double bank_weight = 1.0;
  // Search (pocketsphinx defaults): on the tuning sentences, narrower beams
  // (1e-40, maxhmmpf 10000) cost 4-10 points of WER; wider ones (1e-60)
  // gained nothing.
  double beam = 1e-48;
  double wbeam = 7e-29;
  double pbeam = 1e-48;
  int maxhmmpf = 30000;
  double lw = 6.5;       // language weight
  bool fwdflat = false;  // second pass: no gain measured, about 50 % more time
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
  std::set<std::string> jargon_;  // words with bank pronunciations ("mysql")
  size_t fed_ = 0;
  bool in_utt_ = false;
};

// The dictionary has both "mysql" and "my" + "sql" with the same phones, and
// the LM sometimes prefers the pair: joins adjacent words whose concatenation
// is in `jargon` (the bank's pronunciation entries) when one of them is short,
// so "my sql" reads "mysql" but "thread pool" stays two words. finish() and
// partial() already do this.
void join_jargon(Hypothesis& h, const std::set<std::string>& jargon);

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
