// Number understanding for spoken and typed answers.
//
// Turns "4k", "10x", "ten x", "a million", "two hundred thousand", "1.5
// million", "three terabytes", "fifty milliseconds", "99.9%" and "40k qps"
// into Number tokens with a value, a canonical unit and, for rates, the time
// base. Unit words stay in the stream as words, so they can still match
// lexicon concepts.
#pragma once

#include <vector>

#include "text/tokenizer.h"

namespace spar::text {

// Rewrites tokens in place, merging number words into single Number tokens.
void merge_numbers(std::vector<Token>& tokens);

// Seconds in one unit of a time base ("s", "min", "h", "day", ...); 0 if unknown.
double seconds_per(const std::string& per);

// Multiplier from a unit to its base (bytes for sizes, seconds for times,
// 1 for others); 0 if the unit is not convertible.
double unit_scale(const std::string& unit);

}  // namespace spar::text
