// The pronunciation dictionary the recogniser decodes with.
//
// cmudict (shipped with pocketsphinx) plus, for every word the language
// model can produce that cmudict lacks: the bank lexicon's ARPAbet
// pronunciation when it has one, else the letters spelled out for a word
// written in capitals ("TLS"), else flite's letter-to-sound rules. Lexicon
// pronunciations that differ from cmudict's are added as variants. The
// result is a sphinx dictionary file ("word PH ON ES", "word(2) ...").
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.h"

namespace spar::speech {

class Dictionary {
 public:
  // Reads a cmudict-format file; the error names the file.
  static Result<Dictionary> load(const std::filesystem::path& cmudict);

  bool has(const std::string& word) const { return prons_.count(word) > 0; }
  const std::vector<std::string>* find(const std::string& word) const;
  size_t size() const { return prons_.size(); }

  // Adds a pronunciation (ARPAbet, upper case, no stress digits) unless the
  // word already has exactly it. Returns true if it was added.
  bool add(const std::string& word, const std::string& phones);

  // Ensures every word in `vocab` can be decoded, in the order described
  // above. Returns the words that got a pronunciation this way; words that
  // none of the sources can pronounce end up in `unpronounceable`.
  std::vector<std::string> complete(const std::set<std::string>& vocab,
                                    const std::map<std::string, std::string>& lexicon,
                                    const std::set<std::string>& acronyms,
                                    std::set<std::string>* unpronounceable = nullptr);

  // The dictionary in sphinx format, words sorted.
  std::string text() const;

 private:
  std::unordered_map<std::string, std::vector<std::string>> prons_;
};

// Letter-to-sound through flite's US English lexicon (CMU phones, no stress);
// empty when flite has nothing for the word.
std::string flite_pronunciation(const std::string& word);

// The word spelled letter by letter ("tls" -> "T IY EH L EH S").
std::string spelled_pronunciation(const std::string& word);

}  // namespace spar::speech
