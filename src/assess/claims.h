// Claims: finding statements that give a subject's attribute a value, and
// judging each right or wrong against the bank's facts (bank/claims/).
//
// "Postgres defaults to serializable", "by default postgres runs
// transactions as serializable" and "out of the box postgres gives you
// serializable isolation" all give the claim pg-default-isolation the wrong
// value serializable, whatever else the sentence says. A value that is
// negated flips ("postgres does not default to read committed" is wrong);
// a value only described or refuted ("people think postgres is
// serializable") states nothing.
#pragma once

#include <unordered_map>
#include <vector>

#include "bank/model.h"
#include "text/analyzer.h"

namespace spar::assess {

struct ClaimVerdict {
  const bank::Claim* claim = nullptr;
  bool right = false;
  bool hedged = false;
  int first = 0;  // token span of the statement
  int last = 0;
};

// The bank's claims indexed by subject concept; build once, share freely.
class ClaimIndex {
 public:
  explicit ClaimIndex(const bank::Bank& bank);
  // Every statement about a claim in the answer, in order.
  std::vector<ClaimVerdict> find(const text::Analysis& a) const;

 private:
  const bank::Bank& bank_;
  std::unordered_map<int, std::vector<const bank::Claim*>> by_subject_;
};

}  // namespace spar::assess
