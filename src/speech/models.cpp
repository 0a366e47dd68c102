#include "speech/models.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>

#include "speech/dictionary.h"

namespace spar::speech {
namespace fs = std::filesystem;
namespace {

// Bump when the LM or dictionary builder changes what it writes.
constexpr const char* kBuilderVersion = "spar-speech-models-1";
constexpr int kKeepEntries = 4;  // cache entries kept (tests use several banks)

struct Hasher {
  uint64_t h = 1469598103934665603ULL;
  void add(std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xFF) * 1099511628211ULL;  // separator, so "ab"+"c" != "a"+"bc"
  }
  std::string hex() const {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
  }
};

Status write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(text.data(), std::streamsize(text.size()));
  out.close();
  if (!out) return make_error(p.string() + ": cannot write");
  return Ok{};
}

// Keeps the newest kKeepEntries cache entries.
void prune(const fs::path& cache, const fs::path& keep) {
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, fs::path>> entries;
  for (const auto& e : fs::directory_iterator(cache, ec))
    if (e.path().filename().string().rfind("lm-", 0) == 0 && e.path() != keep)
      entries.emplace_back(e.last_write_time(ec), e.path());
  std::sort(entries.begin(), entries.end(), [](auto& a, auto& b) { return a.first > b.first; });
  for (size_t i = kKeepEntries - 1; i < entries.size(); ++i) fs::remove_all(entries[i].second, ec);
}

}  // namespace

fs::path default_model_dir() {
  return SPAR_POCKETSPHINX_MODELDIR;
}

fs::path default_cache_dir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return fs::path(x) / "spar";
  if (const char* home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".cache" / "spar";
  return fs::temp_directory_path() / "spar-cache";
}

SpokenText lm_text(const bank::Bank& bank) {
  SpokenText all;
  for (const auto& piece : bank_corpus(bank)) {
    SpokenText t = spoken_sentences(piece);
    for (auto& s : t.sentences) all.sentences.push_back(std::move(s));
    all.acronyms.insert(t.acronyms.begin(), t.acronyms.end());
  }
  return all;
}

Result<ModelFiles> prepare_models(const bank::Bank& bank, const ModelOptions& opts) {
  ModelFiles m;
  const fs::path root = opts.model_dir.empty() ? default_model_dir() : opts.model_dir;
  m.acoustic = root / "en-us" / "en-us";
  m.generic_lm = root / "en-us" / "en-us.lm.bin";
  const fs::path cmudict = root / "en-us" / "cmudict-en-us.dict";
  std::error_code ec;
  for (const auto& p : {m.acoustic / "mdef", m.generic_lm, cmudict})
    if (!fs::is_regular_file(p, ec))
      return make_error(p.string() + ": missing (install pocketsphinx-en-us: scripts/setup.sh)");

  SpokenText text = lm_text(bank);
  Hasher h;
  h.add(kBuilderVersion);
  h.add(std::to_string(fs::file_size(cmudict, ec)));
  h.add(std::to_string(fs::last_write_time(cmudict, ec).time_since_epoch().count()));
  for (const auto& s : text.sentences) {
    for (const auto& w : s) h.add(w);
    h.add("\n");
  }
  for (const auto& a : text.acronyms) h.add(a);
  for (const auto& [w, p] : bank.pronunciations) h.add(w), h.add(p);
  m.key = h.hex();

  const fs::path cache = opts.cache_dir.empty() ? default_cache_dir() : opts.cache_dir;
  const fs::path entry = cache / ("lm-" + m.key);
  m.dictionary = entry / "spar.dict";
  m.domain_lm = entry / "bank.arpa";
  if (fs::is_regular_file(m.dictionary, ec) && fs::is_regular_file(m.domain_lm, ec)) return m;

  // Build: dictionary first, so words nobody can pronounce leave the LM.
  auto dict = Dictionary::load(cmudict);
  if (!dict) return make_error(dict.error());
  std::set<std::string> vocab, unpronounceable;
  for (const auto& s : text.sentences) vocab.insert(s.begin(), s.end());
  dict->complete(vocab, bank.pronunciations, text.acronyms, &unpronounceable);
  std::vector<Sentence> sentences;
  for (auto& s : text.sentences) {
    Sentence cur;
    for (auto& w : s) {
      if (!unpronounceable.count(w)) {
        cur.push_back(std::move(w));
      } else if (!cur.empty()) {
        sentences.push_back(std::move(cur));
        cur.clear();
      }
    }
    if (!cur.empty()) sentences.push_back(std::move(cur));
  }

  fs::create_directories(cache, ec);
  std::random_device rd;
  const fs::path tmp = cache / ("tmp-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(tmp, ec);
  if (ec) return make_error(cache.string() + ": cannot create the model cache: " + ec.message());
  auto st = write_text(tmp / "spar.dict", dict->text());
  if (st) st = write_text(tmp / "bank.arpa", build_arpa(sentences));
  if (!st) {
    fs::remove_all(tmp, ec);
    return make_error(st.error());
  }
  fs::rename(tmp, entry, ec);
  if (ec) {  // another process got there first: use its entry
    fs::remove_all(tmp, ec);
    if (!fs::is_regular_file(m.domain_lm, ec))
      return make_error(entry.string() + ": cannot store the built models");
  }
  prune(cache, entry);
  m.built = true;
  return m;
}

}  // namespace spar::speech
