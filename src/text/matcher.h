// Match rules: when does an answer express a rubric point or a misconception?
//
// A rule lists terms that must all occur within one window (a clause, a
// sentence, the whole answer, optionally at most N tokens apart). A term is
// any-of a set of concepts, either asserted ("idempotent") or negated
// ("!idempotent": the concept inside a negation, as in "POST is not
// idempotent"). An asserted term never matches a negated occurrence, so "I
// would not use a cache" does not earn a caching point. `unless` terms veto
// the rule when they occur anywhere in the answer. The bank's YAML syntax for
// rules is documented in docs/BANK.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "text/analyzer.h"

namespace spar::text {

struct Term {
  std::vector<int> concepts;  // any of these
  bool negated = false;
};

enum class Scope { Clause, Sentence, Answer };

struct Rule {
  std::vector<Term> all;
  Scope scope = Scope::Sentence;
  int max_span = 0;  // max tokens from first to last matched term; 0 = scope only
  std::vector<Term> unless;
  double credit = 1.0;
  bool ordered = false;  // the terms occur in the order written ("401 ... not-allowed")
};

// What a match may use. A misconception needs the speaker to assert it, so
// red flags skip reported ("people think X") and shadowed occurrences.
enum class Use { Any, Asserted };

struct RuleHit {
  int first = 0;  // token span of the evidence (inclusive)
  int last = 0;
  double credit = 1.0;
  bool hedged = false;
};

// The tightest window where the rule holds, or nullopt.
std::optional<RuleHit> match_rule(const Rule& rule, const Analysis& a, Use use = Use::Any);

// The best hit among rules (highest credit, then earliest), or nullopt.
std::optional<RuleHit> match_any(const std::vector<Rule>& rules, const Analysis& a,
                                 Use use = Use::Any);

}  // namespace spar::text
