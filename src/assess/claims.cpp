#include "assess/claims.h"

#include <algorithm>

namespace spar::assess {
namespace {

bool has(const std::vector<int>& v, int c) {
  return std::find(v.begin(), v.end(), c) != v.end();
}

// Claims look past shadowing (checked per statement below) but never count
// what is only described or refuted.
bool asserted(const text::Occurrence& o) {
  return !o.reported;
}

// A shadowed occurrence (inside a longer phrase of another concept) counts
// only when that phrase holds the whole statement: "offset is cheap" names
// both the subject and the value; "idempotency key" says nothing about POST.
bool stands(const text::Occurrence& o, const text::Occurrence& other,
            const std::vector<text::Occurrence>& occ) {
  if (!o.shadowed) return true;
  int lo = std::min(o.first, other.first), hi = std::max(o.last, other.last);
  for (const auto& c : occ)
    if (c.cid != o.cid && c.first <= lo && c.last >= hi) return true;
  return false;
}

// Words that carry a subject into the next clause: "JWTs are stateless and
// they are encrypted".
bool refers_back(const std::string& w) {
  return w == "it" || w == "they" || w == "its" || w == "their" || w == "them" || w == "this" ||
         w == "that" || w == "these" || w == "those";
}

}  // namespace

ClaimIndex::ClaimIndex(const bank::Bank& bank) : bank_(bank) {
  for (const auto& c : bank_.claims)
    for (int s : c.subject) by_subject_[s].push_back(&c);
}

std::vector<ClaimVerdict> ClaimIndex::find(const text::Analysis& a) const {
  std::vector<ClaimVerdict> out;
  if (by_subject_.empty()) return out;
  const auto& occ = a.occurrences;
  const auto& T = a.tokens;
  auto clause_of = [&](const text::Occurrence& o) {
    return T[static_cast<size_t>(o.first)].clause;
  };
  for (size_t si = 0; si < occ.size(); ++si) {
    const auto& s = occ[si];
    auto it = by_subject_.find(s.cid);
    if (it == by_subject_.end() || !asserted(s)) continue;
    const int clause = clause_of(s);
    // The window: the subject's clause, and the next clause of the same
    // sentence when it refers back to the subject with a pronoun.
    int last_clause = clause;
    for (size_t t = static_cast<size_t>(s.last) + 1; t < T.size(); ++t) {
      if (T[t].clause == clause) continue;
      if (T[t].sentence == T[static_cast<size_t>(s.first)].sentence) {
        int next = T[t].clause;
        for (size_t u = t; u < T.size() && T[u].clause == next; ++u)
          if (refers_back(T[u].text)) {
            last_clause = next;
            break;
          }
      }
      break;
    }
    for (const bank::Claim* c : it->second) {
      // The same claim's subject said again in this window: judge once.
      bool repeated = false;
      for (size_t p = si; p-- > 0 && clause_of(occ[p]) == clause;)
        repeated = repeated || (has(c->subject, occ[p].cid) && asserted(occ[p]));
      if (repeated) continue;
      // Candidate values: after the subject in the window, or just before it
      // in its clause ("column order matters in a composite index"). A value
      // followed straight by another concept modifies that concept ("an
      // encrypted TLS connection") and is skipped; a value past another
      // subject of the same claim belongs to that subject.
      std::vector<const text::Occurrence*> attrs, values;
      for (size_t k = 0; k < occ.size(); ++k) {
        const auto& o = occ[k];
        int cl = clause_of(o);
        if (cl < clause || cl > last_clause || !asserted(o)) continue;
        if (has(c->attribute, o.cid)) attrs.push_back(&o);
        if (o.first >= s.first && o.last <= s.last) continue;  // inside the subject
        if (!has(c->right, o.cid) && !has(c->wrong, o.cid)) continue;
        if (o.last < s.first && (cl != clause || s.first - o.last > 4)) continue;
        bool modifies = false;
        for (size_t m = k + 1; m < occ.size() && occ[m].first <= o.last + 1; ++m)
          if (occ[m].first == o.last + 1 && !has(c->right, occ[m].cid) &&
              !has(c->wrong, occ[m].cid) && !has(c->attribute, occ[m].cid) &&
              !has(c->subject, occ[m].cid))
            modifies = true;
        if (modifies) continue;
        bool other_subject = false;
        for (const auto& p : occ)
          other_subject = other_subject || (p.first > s.last && p.last < o.first &&
                                            has(c->subject, p.cid) && asserted(p));
        if (!other_subject) values.push_back(&o);
      }
      if (values.empty() || (!c->attribute.empty() && attrs.empty())) continue;
      // The value nearest the attribute when the claim has one, else nearest
      // the subject (values after it first).
      auto gap = [](const text::Occurrence& x, const text::Occurrence& y) {
        return x.last < y.first ? y.first - x.last : (y.last < x.first ? x.first - y.last : 0);
      };
      const text::Occurrence* v = nullptr;
      int best = 1 << 30;
      for (const auto* o : values) {
        if (!stands(*o, s, occ) || !stands(s, *o, occ)) continue;
        int d;
        if (!attrs.empty()) {
          d = 1 << 30;
          for (const auto* at : attrs) d = std::min(d, gap(*o, *at));
        } else {
          d = o->first > s.last ? o->first - s.last : 1000 + (s.first - o->last);
        }
        if (d < best) {
          best = d;
          v = o;
        }
      }
      if (!v) continue;
      bool right_value = has(c->right, v->cid);
      ClaimVerdict verdict;
      verdict.claim = c;
      verdict.right = right_value != v->negated;
      verdict.hedged = v->hedged || s.hedged;
      verdict.first = std::min(s.first, v->first);
      verdict.last = std::max(s.last, v->last);
      out.push_back(verdict);
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ClaimVerdict& x, const ClaimVerdict& y) { return x.first < y.first; });
  return out;
}

}  // namespace spar::assess
