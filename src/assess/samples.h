// Keeps content and grader honest with each other: every sample answer in the
// bank must grade into the band its author stated.
#pragma once

#include "bank/diagnostics.h"
#include "bank/model.h"

namespace spar::assess {

// One diagnostic per sample whose grade lands outside its stated band.
bank::Diagnostics check_samples(const bank::Bank& bank);

}  // namespace spar::assess
