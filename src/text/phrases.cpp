#include "text/phrases.h"

namespace spar::text {

PhraseList::PhraseList(const std::vector<std::string>& phrases) : source_(phrases) {
  for (const auto& p : phrases) {
    std::vector<std::string> words;
    std::string w;
    for (char c : p) {
      if (c == ' ') {
        if (!w.empty()) words.push_back(w);
        w.clear();
      } else {
        w += c;
      }
    }
    if (!w.empty()) words.push_back(w);
    if (!words.empty()) by_first_[words.front()].push_back(std::move(words));
  }
}

template <class WordAt>
size_t PhraseList::match(size_t n, size_t i, const WordAt& word) const {
  if (i >= n) return 0;
  auto it = by_first_.find(word(i));
  if (it == by_first_.end()) return 0;
  for (const auto& p : it->second) {
    if (i + p.size() > n) continue;
    bool ok = true;
    for (size_t k = 1; k < p.size() && ok; ++k) ok = word(i + k) == p[k];
    if (ok) return p.size();
  }
  return 0;
}

size_t PhraseList::match_at(const std::vector<Token>& t, size_t i) const {
  return match(t.size(), i, [&](size_t k) -> const std::string& { return t[k].text; });
}

size_t PhraseList::match_at(const std::vector<std::string>& w, size_t i) const {
  return match(w.size(), i, [&](size_t k) -> const std::string& { return w[k]; });
}

bool PhraseList::found_in(const std::vector<std::string>& words) const {
  for (size_t i = 0; i < words.size(); ++i)
    if (match_at(words, i)) return true;
  return false;
}

bool PhraseList::contains(const std::string& word) const {
  auto it = by_first_.find(word);
  if (it == by_first_.end()) return false;
  for (const auto& p : it->second)
    if (p.size() == 1) return true;
  return false;
}

}  // namespace spar::text
