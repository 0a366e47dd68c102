#include "text/matcher.h"

#include <algorithm>
#include <array>

namespace spar::text {
namespace {

bool satisfies(const Term& t, const Occurrence& o) {
  if (o.negated != t.negated) return false;
  return std::find(t.concepts.begin(), t.concepts.end(), o.cid) != t.concepts.end();
}

int scope_key(const Rule& r, const Analysis& a, const Occurrence& o) {
  const Token& t = a.tokens[static_cast<size_t>(o.first)];
  switch (r.scope) {
    case Scope::Clause:
      return t.clause;
    case Scope::Sentence:
      return t.sentence;
    case Scope::Answer:
      return 0;
  }
  return 0;
}

bool usable(const Occurrence& o, Use use) {
  return use == Use::Any || (!o.reported && !o.shadowed);
}

// Ordered rules: the tightest window in one scope group where the terms occur
// in the order written, each after the previous one ends.
std::optional<RuleHit> match_ordered(const Rule& r, const Analysis& a, Use use) {
  std::optional<RuleHit> best;
  const auto& occ = a.occurrences;
  for (size_t s = 0; s < occ.size(); ++s) {
    if (!usable(occ[s], use) || !satisfies(r.all[0], occ[s])) continue;
    int key = scope_key(r, a, occ[s]);
    int last = occ[s].last;
    bool hedged = occ[s].hedged;
    size_t t = 1;
    for (size_t k = s + 1; k < occ.size() && t < r.all.size(); ++k) {
      const auto& o = occ[k];
      if (o.first <= last || !usable(o, use) || scope_key(r, a, o) != key) continue;
      if (!satisfies(r.all[t], o)) continue;
      last = o.last;
      hedged = hedged || o.hedged;
      ++t;
    }
    if (t < r.all.size()) continue;
    int span = last - occ[s].first + 1;
    if (r.max_span && span > r.max_span) continue;
    if (!best || span < best->last - best->first + 1)
      best = RuleHit{occ[s].first, last, r.credit, hedged};
  }
  return best;
}

}  // namespace

std::optional<RuleHit> match_rule(const Rule& r, const Analysis& a, Use use) {
  const size_t n = r.all.size();
  if (n == 0 || n > 16) return std::nullopt;
  for (const auto& u : r.unless)
    for (const auto& o : a.occurrences)
      if (satisfies(u, o)) return std::nullopt;
  if (r.ordered) return match_ordered(r, a, use);

  struct Event {
    int first, last, key;
    unsigned mask;
    bool hedged;
  };
  std::vector<Event> ev;
  for (const auto& o : a.occurrences) {
    if (!usable(o, use)) continue;
    unsigned mask = 0;
    for (size_t t = 0; t < n; ++t)
      if (satisfies(r.all[t], o)) mask |= 1u << t;
    if (mask) ev.push_back({o.first, o.last, scope_key(r, a, o), mask, o.hedged});
  }
  const unsigned full = (n == 32) ? ~0u : ((1u << n) - 1);
  std::optional<RuleHit> best;
  // Minimum window over events of one scope group (events are sorted by first).
  size_t g = 0;
  while (g < ev.size()) {
    size_t h = g;
    while (h < ev.size() && ev[h].key == ev[g].key) ++h;
    std::array<int, 16> count{};
    unsigned covered = 0;
    size_t l = g;
    for (size_t k = g; k < h; ++k) {
      for (size_t t = 0; t < n; ++t)
        if (ev[k].mask & (1u << t)) {
          if (count[t]++ == 0) covered |= 1u << t;
        }
      while (covered == full) {
        int first = ev[l].first;
        int last = 0;
        bool hedged = false;
        for (size_t q = l; q <= k; ++q) {
          last = std::max(last, ev[q].last);
          hedged = hedged || ev[q].hedged;
        }
        int span = last - first + 1;
        bool fits = r.max_span == 0 || span <= r.max_span;
        if (fits && (!best || span < best->last - best->first + 1))
          best = RuleHit{first, last, r.credit, hedged};
        for (size_t t = 0; t < n; ++t)
          if (ev[l].mask & (1u << t)) {
            if (--count[t] == 0) covered &= ~(1u << t);
          }
        ++l;
      }
    }
    g = h;
  }
  return best;
}

std::optional<RuleHit> match_any(const std::vector<Rule>& rules, const Analysis& a, Use use) {
  std::optional<RuleHit> best;
  for (const auto& r : rules) {
    auto h = match_rule(r, a, use);
    if (!h) continue;
    if (!best || h->credit > best->credit || (h->credit == best->credit && h->first < best->first))
      best = h;
  }
  return best;
}

}  // namespace spar::text
