#include "speech/dictionary.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <sstream>

#include "speech/flite_internal.h"

extern "C" {
#include <flite.h>
cst_lexicon* cmu_lex_init(void);
}

namespace spar::speech {
namespace {

// The phone set of pocketsphinx's en-us acoustic model.
bool known_phone(const std::string& p) {
  static const std::set<std::string> phones = {
      "AA", "AE", "AH", "AO", "AW", "AY", "B",  "CH", "D", "DH", "EH", "ER", "EY",
      "F",  "G",  "HH", "IH", "IY", "JH", "K",  "L",  "M", "N",  "NG", "OW", "OY",
      "P",  "R",  "S",  "SH", "T",  "TH", "UH", "UW", "V", "W",  "Y",  "Z",  "ZH"};
  return phones.count(p) > 0;
}

std::string base_word(const std::string& w) {
  auto paren = w.find('(');
  return paren == std::string::npos ? w : w.substr(0, paren);
}

}  // namespace

Result<Dictionary> Dictionary::load(const std::filesystem::path& cmudict) {
  std::ifstream in(cmudict);
  if (!in) return make_error(cmudict.string() + ": cannot open the pronunciation dictionary");
  Dictionary d;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    auto sp = line.find(' ');
    if (line.empty() || line[0] == '#' || sp == std::string::npos) continue;
    // Comments after '#' appear in some cmudict releases.
    std::string phones = line.substr(sp + 1);
    if (auto hash = phones.find('#'); hash != std::string::npos) phones.erase(hash);
    while (!phones.empty() && std::isspace(static_cast<unsigned char>(phones.back())))
      phones.pop_back();
    d.prons_[base_word(line.substr(0, sp))].push_back(phones);
  }
  if (d.prons_.empty())
    return make_error(cmudict.string() + ": no pronunciations in " + std::to_string(n) + " lines");
  return d;
}

const std::vector<std::string>* Dictionary::find(const std::string& word) const {
  auto it = prons_.find(word);
  return it == prons_.end() ? nullptr : &it->second;
}

bool Dictionary::add(const std::string& word, const std::string& phones) {
  auto& v = prons_[word];
  if (std::find(v.begin(), v.end(), phones) != v.end()) return false;
  v.push_back(phones);
  return true;
}

std::vector<std::string> Dictionary::complete(const std::set<std::string>& vocab,
                                              const std::map<std::string, std::string>& lexicon,
                                              const std::set<std::string>& acronyms,
                                              std::set<std::string>* unpronounceable) {
  std::vector<std::string> added;
  for (const auto& [w, phones] : lexicon)
    if (add(w, phones)) added.push_back(w);
  for (const auto& w : vocab) {
    if (has(w)) continue;
    bool ok = false;
    if (acronyms.count(w)) ok = add(w, spelled_pronunciation(w));
    // An unknown word in capitals may still be said as a word ("CORS").
    if (std::string p = flite_pronunciation(w); !p.empty() && (!ok || w.size() >= 4))
      ok = add(w, p) || ok;
    if (!ok && w.size() <= 4 && std::all_of(w.begin(), w.end(), [](char c) {
          return std::isalpha(static_cast<unsigned char>(c));
        }))
      ok = add(w, spelled_pronunciation(w));
    if (ok)
      added.push_back(w);
    else if (unpronounceable)
      unpronounceable->insert(w);
  }
  return added;
}

std::string Dictionary::text() const {
  std::vector<const std::string*> words;
  words.reserve(prons_.size());
  for (const auto& [w, v] : prons_) words.push_back(&w);
  std::sort(words.begin(), words.end(), [](auto* a, auto* b) { return *a < *b; });
  std::string out;
  out.reserve(prons_.size() * 24);
  for (const auto* w : words) {
    const auto& v = prons_.at(*w);
    for (size_t i = 0; i < v.size(); ++i)
      out += *w + (i ? "(" + std::to_string(i + 1) + ")" : "") + " " + v[i] + "\n";
  }
  return out;
}

std::string spelled_pronunciation(const std::string& word) {
  static const char* letters[] = {"EY",
                                  "B IY",
                                  "S IY",
                                  "D IY",
                                  "IY",
                                  "EH F",
                                  "JH IY",
                                  "EY CH",
                                  "AY",
                                  "JH EY",
                                  "K EY",
                                  "EH L",
                                  "EH M",
                                  "EH N",
                                  "OW",
                                  "P IY",
                                  "K Y UW",
                                  "AA R",
                                  "EH S",
                                  "T IY",
                                  "Y UW",
                                  "V IY",
                                  "D AH B AH L Y UW",
                                  "EH K S",
                                  "W AY",
                                  "Z IY"};
  std::string out;
  for (char c : word) {
    if (!std::isalpha(static_cast<unsigned char>(c))) continue;
    out += (out.empty() ? "" : " ") +
           std::string(letters[std::tolower(static_cast<unsigned char>(c)) - 'a']);
  }
  return out;
}

std::string flite_pronunciation(const std::string& word) {
  auto lock = detail::flite_lock();
  static cst_lexicon* lex = cmu_lex_init();
  cst_val* phones = lex_lookup(lex, word.c_str(), nullptr, nullptr);
  std::string out;
  bool ok = true;
  for (const cst_val* p = phones; p; p = val_cdr(p)) {
    std::string ph = val_string(val_car(p));
    while (!ph.empty() && std::isdigit(static_cast<unsigned char>(ph.back()))) ph.pop_back();
    for (char& c : ph) c = char(std::toupper(static_cast<unsigned char>(c)));
    if (ph == "AX") ph = "AH";
    if (ph == "PAU") continue;
    if (!known_phone(ph)) ok = false;
    out += (out.empty() ? "" : " ") + ph;
  }
  if (phones) delete_val(phones);
  return ok ? out : "";
}

}  // namespace spar::speech
