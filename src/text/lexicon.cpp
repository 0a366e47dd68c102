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
      std::vector<std::string> words;
      if (std::find(ids.begin(), ids.end(), kGap) == ids.end()) {
        auto toks = tokenize(p);
        for (const auto& t : toks)
          if (t.kind != TokenKind::Punct) words.push_back(t.text);
        if (words.size() != ids.size()) words.clear();
      }
      bool dup = std::any_of(bucket.begin(), bucket.end(), [&](const Pattern& q) {
        return q.cid == c && q.stems == ids && q.words == words;
      });
      if (!dup) bucket.push_back(Pattern{std::move(ids), c, std::move(words)});
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

// The part of speech a derivational suffix gives a word: 'n' (noun: "-ency",
// "-ity", "-tion"), 'a' (adjective: "-ent", "-al", "-ive") or 0 (unknown).
char word_form(const std::string& w) {
  auto ends = [&](std::string_view s) {
    return w.size() >= s.size() + 2 && w.compare(w.size() - s.size(), s.size(), s) == 0;
  };
  for (std::string_view s :
       {"ency", "ancy", "ence", "ance", "ness", "ity", "ment", "tion", "sion", "ism"})
    if (ends(s)) return 'n';
  for (std::string_view s : {"ent", "ant", "ive", "ous", "al", "ic", "able", "ible", "ful", "less"})
    if (ends(s)) return 'a';
  return 0;
}

// A one-word alias matches a word of another part of speech with the same
// stem ("option" and "optional", "idempotent" and "idempotency").
bool other_form(const std::string& alias, const std::string& word) {
  if (alias.empty() || alias == word) return false;
  char a = word_form(alias), b = word_form(word);
  return a && b && a != b;
}

}  // namespace

void Lexicon::find_occurrences(const std::vector<Token>& tokens,
                               std::vector<Occurrence>& out) const {
  std::vector<int> ids(tokens.size(), -1);
  for (size_t i = 0; i < tokens.size(); ++i) {
    auto it = stem_ids_.find(tokens[i].stem);
    if (it != stem_ids_.end()) ids[i] = it->second;
  }
  struct Best {
    int cid, last;
    bool other_form;  // every one-word alias that matched here has another word form
    bool operator<(const Best& o) const { return cid < o.cid; }
  };
  std::vector<Best> best;
  const size_t before = out.size();
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (ids[i] < 0) continue;
    best.clear();
    // Longest match per concept at this position.
    auto try_bucket = [&](const std::vector<Pattern>& bucket) {
      for (const auto& p : bucket) {
        int last = match_from(p.stems, 0, ids, tokens, i, kGap);
        if (last < 0) continue;
        bool form = false;
        if (static_cast<size_t>(last) + 1 - i == p.words.size())
          for (size_t w = 0; w < p.words.size() && !form; ++w)
            form = other_form(p.words[w], tokens[i + w].text);
        auto b = std::find_if(best.begin(), best.end(), [&](auto& x) { return x.cid == p.cid; });
        if (b == best.end()) {
          best.push_back({p.cid, last, form});
        } else if (last > b->last) {
          b->last = last;
          b->other_form = form;
        } else if (last == b->last) {
          b->other_form = b->other_form && form;
        }
      }
    };
    try_bucket(by_first_[static_cast<size_t>(ids[i])]);
    if (i + 1 < tokens.size() && ids[i + 1] >= 0)
      if (auto it = by_pair_.find(pair_key(ids[i], ids[i + 1])); it != by_pair_.end())
        try_bucket(it->second);
    if (best.empty()) continue;
    std::sort(best.begin(), best.end());
    for (const auto& b : best) {
      Occurrence o{b.cid, static_cast<int>(i), b.last};
      o.shadowed = b.other_form;
      out.push_back(o);
    }
  }
  // An occurrence strictly inside a longer one of another concept is shadowed.
  for (size_t k = before; k < out.size(); ++k) {
    auto& o = out[k];
    for (size_t m = before; m < out.size() && out[m].first <= o.first; ++m) {
      const auto& l = out[m];
      // Only a word that opens a compound of two or three words is shadowed
      // ("idempotency" in "idempotency key"): a longer phrase is a statement
      // and keeps its parts.
      auto statement = [&] {  // "offset is fast" states something; keep its parts
        for (int t = l.first; t <= l.last; ++t) {
          const std::string& w = tokens[static_cast<size_t>(t)].text;
          if (w == "is" || w == "are" || w == "was" || w == "were" || w == "be" || w == "does" ||
              w == "do" || w == "not" || w == "never" || w == "makes" || w == "make")
            return true;
        }
        return false;
      };
      if (l.cid != o.cid && l.first == o.first && o.first == o.last && l.last > o.last &&
          l.last - l.first <= 2 && !statement()) {
        o.shadowed = true;
        break;
      }
    }
  }
}

}  // namespace spar::text
