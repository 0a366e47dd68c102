// The bank linter: everything the loader checks, plus content rules that
// keep questions complete and self-consistent:
// - every rubric point's rules fire on the question's own model answer, and
//   no red flag fires on it;
// - references resolve (see_also, probe targets);
// - knowledge questions: >= 5 points with a trade-off point, >= 1 red flag,
//   >= 3 probes (a why, a scale or failure, a missing-point probe), >= 2
//   alternative phrasings, a 120-250 word model answer, >= 2 samples;
// - design problems: the seven stages in order, >= 4 facts, >= 3 estimates
//   whose formulas agree with the facts, >= 2 scale and >= 2 failure probes,
//   a 400-900 word model walkthrough, strong/partial/weak samples.
#pragma once

#include <filesystem>

#include "bank/diagnostics.h"
#include "bank/model.h"

namespace spar::bank {

// Content checks on a loaded bank (does not repeat the loader's checks).
Diagnostics lint_bank(const Bank& bank);

}  // namespace spar::bank
