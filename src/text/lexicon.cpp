#include "text/lexicon.h"

#include <algorithm>

#include "text/numbers.h"
#include "text/stemmer.h"

namespace spar::text {

Status Lexicon::add(Concept c) {
  if (index_.count(c.id)) {
    const auto& prev = concepts_[static_cast<size_t>(index_[c.id])];
    return make_error("duplicate concept '" + c.id + "' (first defined at " + prev.source + ")");
  }
  index_[c.id] = static_cast<int>(concepts_.size());
  concepts_.push_back(std::move(c));
  return Ok{};
}

int Lexicon::find(std::string_view id) const {
  auto it = index_.find(std::string(id));
  return it == index_.end() ? -1 : it->second;
}

std::vector<std::string> Lexicon::phrase_stems(std::string_view phrase, Stemmer& stemmer) {
  std::vector<std::string> stems;
  size_t pos = 0;
  while (pos <= phrase.size()) {
    size_t gap = phrase.find("...", pos);
    std::string_view piece =
        phrase.substr(pos, gap == std::string_view::npos ? std::string_view::npos : gap - pos);
    auto toks = tokenize(piece);
    merge_numbers(toks);
    for (auto& t : toks) {
      if (t.kind == TokenKind::Punct) continue;
      if (t.kind == TokenKind::Word)
        stems.push_back(stemmer.stem(t.text));
      else
        stems.push_back(t.stem.empty() ? t.text : t.stem);
    }
    if (gap == std::string_view::npos) break;
    if (!stems.empty()) stems.push_back("");
    pos = gap + 3;
  }
  while (!stems.empty() && stems.back().empty()) stems.pop_back();
  return stems;
}

int Lexicon::intern(const std::string& stem) {
  auto [it, inserted] = stem_ids_.emplace(stem, static_cast<int>(stem_ids_.size()));
  return it->second;
}

namespace {
uint64_t pair_key(int a, int b) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}
}  // namespace

void Lexicon::compile(Stemmer& stemmer) {
  by_first_.clear();
  by_pair_.clear();
  stem_ids_.clear();
  for (int c = 0; c < size(); ++c) {
    std::vector<std::string> phrases = concepts_[static_cast<size_t>(c)].aliases;
    std::string from_id = concepts_[static_cast<size_t>(c)].id;
    std::replace(from_id.begin(), from_id.end(), '-', ' ');
    phrases.push_back(from_id);
    for (const auto& p : phrases) {
      auto stems = phrase_stems(p, stemmer);
      if (stems.empty()) continue;
      std::vector<int> ids;
      for (const auto& s : stems) ids.push_back(s.empty() ? kGap : intern(s));
      if (by_first_.size() < stem_ids_.size()) by_first_.resize(stem_ids_.size());
      bool pair = ids.size() >= 2 && ids[1] != kGap;
      auto& bucket =
          pair ? by_pair_[pair_key(ids[0], ids[1])] : by_first_[static_cast<size_t>(ids.front())];
      bool dup = std::any_of(bucket.begin(), bucket.end(),
                             [&](const Pattern& q) { return q.cid == c && q.stems == ids; });
      if (!dup) bucket.push_back(Pattern{std::move(ids), c});
    }
  }
  by_first_.resize(stem_ids_.size());
}

namespace {

// Matches pattern ids from index k against token ids from position i; returns
// the last matched token index or -1.
int match_from(const std::vector<int>& p, size_t k, const std::vector<int>& ids,
               const std::vector<Token>& t, size_t i, int gap) {
  if (k == p.size()) return static_cast<int>(i) - 1;
  if (p[k] == gap) {  // 0..3 tokens, same sentence
    for (size_t skip = 0; skip <= 3 && i + skip < t.size(); ++skip) {
      if (skip > 0 && t[i + skip].sentence != t[i].sentence) break;
      int r = match_from(p, k + 1, ids, t, i + skip, gap);
      if (r >= 0) return r;
    }
    return -1;
  }
  if (i >= t.size() || ids[i] != p[k]) return -1;
  return match_from(p, k + 1, ids, t, i + 1, gap);
}

}  // namespace

void Lexicon::find_occurrences(const std::vector<Token>& tokens,
                               std::vector<Occurrence>& out) const {
  std::vector<int> ids(tokens.size(), -1);
  for (size_t i = 0; i < tokens.size(); ++i) {
    auto it = stem_ids_.find(tokens[i].stem);
    if (it != stem_ids_.end()) ids[i] = it->second;
  }
  std::vector<std::pair<int, int>> best;  // (concept, last token)
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (ids[i] < 0) continue;
    best.clear();
    // Longest match per concept at this position.
    auto try_bucket = [&](const std::vector<Pattern>& bucket) {
      for (const auto& p : bucket) {
        int last = match_from(p.stems, 0, ids, tokens, i, kGap);
        if (last < 0) continue;
        auto b = std::find_if(best.begin(), best.end(), [&](auto& x) { return x.first == p.cid; });
        if (b == best.end())
          best.emplace_back(p.cid, last);
        else
          b->second = std::max(b->second, last);
      }
    };
    try_bucket(by_first_[static_cast<size_t>(ids[i])]);
    if (i + 1 < tokens.size() && ids[i + 1] >= 0)
      if (auto it = by_pair_.find(pair_key(ids[i], ids[i + 1])); it != by_pair_.end())
        try_bucket(it->second);
    if (best.empty()) continue;
    std::sort(best.begin(), best.end());
    for (auto [c, last] : best)
      out.push_back(Occurrence{c, static_cast<int>(i), last, false, false});
  }
}

}  // namespace spar::text
