// Design-round helpers: answering a clarifying question from the problem's
// facts, and checking a candidate's back-of-envelope numbers against the
// problem's reference estimates.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bank/model.h"
#include "text/analyzer.h"

namespace spar::interview {

// The fact a clarifying question asks about, or nullptr when none fits.
const bank::Fact* match_fact(const bank::Question& q, const text::Analysis& question,
                             text::Stemmer& stemmer);

// A number the candidate stated, in a unit comparable to an estimate.
struct StatedQuantity {
  double value = 0;      // in base units: per second for rates, bytes for sizes
  std::string category;  // "rate" or "bytes"
  int token = 0;         // where it was said
};

std::vector<StatedQuantity> stated_quantities(const text::Analysis& a);

// The base-unit value and category of a reference estimate ("" if its unit
// is not a rate or a size, so it is not checked automatically).
std::pair<double, std::string> estimate_in_base_units(const bank::Estimate& e);

struct EstimateMiss {
  const bank::Estimate* estimate = nullptr;
  double stated = 0;     // base units
  double reference = 0;  // base units
  std::string quote;     // the candidate's words
};

// The first stated number that is off from the reference estimate it is
// about (same category; named in the same sentence, else the nearest in log
// space) by more than that estimate's tolerance, skipping estimates already
// challenged.
std::optional<EstimateMiss> find_estimate_miss(const bank::Question& q, const text::Analysis& a,
                                               const std::vector<std::string>& already_checked,
                                               text::Stemmer& stemmer);

// True when an answer talks about scaling out (sharding, replicas, caches,
// queues, more instances...): used to check that a design adapts to a
// constraint change.
bool mentions_scaling(const text::Analysis& a);

}  // namespace spar::interview
