#include "text/stemmer.h"

#include <libstemmer.h>

#include <stdexcept>

namespace spar::text {

Stemmer::Stemmer() : impl_(sb_stemmer_new("english", nullptr)) {
  // Only fails when libstemmer was built without English: a broken install.
  if (!impl_) throw std::runtime_error("libstemmer has no English stemmer");
}

Stemmer::~Stemmer() {
  sb_stemmer_delete(impl_);
}

const std::string& Stemmer::stem(const std::string& word) {
  auto it = cache_.find(word);
  if (it != cache_.end()) return it->second;
  const sb_symbol* s = sb_stemmer_stem(impl_, reinterpret_cast<const sb_symbol*>(word.data()),
                                       static_cast<int>(word.size()));
  std::string r = s ? std::string(reinterpret_cast<const char*>(s),
                                  static_cast<size_t>(sb_stemmer_length(impl_)))
                    : word;
  // Bound the cache: answers can contain unbounded junk vocabulary.
  if (cache_.size() > 200000) cache_.clear();
  return cache_.emplace(word, std::move(r)).first->second;
}

}  // namespace spar::text
