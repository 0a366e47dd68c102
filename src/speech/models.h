// The files the recogniser needs, built from the bank and cached.
//
// The acoustic model, cmudict and the generic English LM come from the
// pocketsphinx-en-us package. The bank LM (a trigram model of the bank's
// text, see ngram.h) and the dictionary (cmudict completed for the bank's
// words, see dictionary.h) are built on first use and cached under
// $XDG_CACHE_HOME/spar (or ~/.cache/spar), keyed by a hash of everything
// they are built from, so editing the bank rebuilds them and nothing else
// does. Cache entries are written to a temporary directory and renamed into
// place, so concurrent spar processes never see half a model.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "bank/model.h"
#include "common/result.h"
#include "speech/corpus.h"
#include "speech/ngram.h"

namespace spar::speech {

struct ModelOptions {
  std::filesystem::path model_dir;  // pocketsphinx's model directory; empty = the package's
  std::filesystem::path cache_dir;  // empty = default_cache_dir()
};

struct ModelFiles {
  std::filesystem::path acoustic;    // HMM directory
  std::filesystem::path dictionary;  // generated sphinx dictionary
  std::filesystem::path domain_lm;   // the bank's trigram LM (ARPA)
  std::filesystem::path generic_lm;  // the package's English LM
  std::string key;                   // hash of the inputs (names the cache entry)
  bool built = false;                // built now rather than found in the cache
};

std::filesystem::path default_model_dir();
std::filesystem::path default_cache_dir();

// The LM's sentences for a bank, as spoken words (the bank corpus normalised).
SpokenText lm_text(const bank::Bank& bank);

// Finds or builds the models for `bank`. Errors name the missing file or the
// cache directory that could not be written.
Result<ModelFiles> prepare_models(const bank::Bank& bank, const ModelOptions& opts = {});

}  // namespace spar::speech
