// English Snowball (Porter2) stemmer from Debian's libstemmer, with a cache.
//
// Not thread-safe: each thread owns its own Stemmer (the underlying
// sb_stemmer keeps per-call state).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sb_stemmer;

namespace spar::text {

class Stemmer {
 public:
  Stemmer();
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  // Returns the stem of a folded, lower-case word.
  const std::string& stem(const std::string& word);

 private:
  sb_stemmer* impl_;
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace spar::text
