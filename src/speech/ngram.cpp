#include "speech/ngram.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace spar::speech {
namespace {

constexpr int kBits = 21;  // word ids per key slot: two million words is plenty
constexpr uint64_t kMask = (1ULL << kBits) - 1;

uint64_t key2(uint64_t a, uint64_t b) {
  return a << kBits | b;
}
uint64_t key3(uint64_t a, uint64_t b, uint64_t c) {
  return a << (2 * kBits) | b << kBits | c;
}

struct Context {
  double sum = 0;    // total count of what follows
  double types = 0;  // distinct words that follow
};

// Absolute discount from count-of-counts (Ney et al.), kept in a sane range.
template <typename Map>
double discount(const Map& counts) {
  double n1 = 0, n2 = 0;
  for (const auto& [k, c] : counts) n1 += c == 1, n2 += c == 2;
  double d = n1 + 2 * n2 > 0 ? n1 / (n1 + 2 * n2) : 0.5;
  return std::clamp(d, 0.1, 0.9);
}

void append_line(std::string& out, double logp, const std::string& words, double bow,
                 bool has_bow) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", logp);
  out += buf;
  out += '\t';
  out += words;
  if (has_bow) {
    std::snprintf(buf, sizeof buf, "\t%.6f", bow);
    out += buf;
  }
  out += '\n';
}

}  // namespace

std::string build_arpa(const std::vector<Sentence>& sentences, NgramCounts* counts) {
  std::vector<std::string> words = {"<s>", "</s>"};
  std::unordered_map<std::string, uint32_t> ids = {{"<s>", 0}, {"</s>", 1}};
  std::unordered_map<uint64_t, uint32_t> c3, c2raw;
  std::vector<uint32_t> seq;
  for (const auto& s : sentences) {
    if (s.empty()) continue;
    seq.assign(1, 0);
    for (const auto& w : s) {
      auto [it, fresh] = ids.emplace(w, uint32_t(words.size()));
      if (fresh) words.push_back(w);
      seq.push_back(it->second);
    }
    seq.push_back(1);
    for (size_t i = 1; i < seq.size(); ++i) {
      ++c2raw[key2(seq[i - 1], seq[i])];
      if (i >= 2) ++c3[key3(seq[i - 2], seq[i - 1], seq[i])];
    }
  }
  const size_t V = words.size();

  // Continuation counts: bigram b c counts the distinct words before it;
  // bigrams starting a sentence have no left context and keep raw counts.
  std::unordered_map<uint64_t, uint32_t> cc2;
  for (const auto& [k, c] : c2raw)
    if ((k >> kBits) == 0) cc2[k] = c;
  for (const auto& [k, c] : c3) ++cc2[k & ((1ULL << (2 * kBits)) - 1)];
  std::vector<uint32_t> cc1(V, 0);
  for (const auto& [k, c] : c2raw) ++cc1[k & kMask];

  const double d3 = discount(c3), d2 = discount(cc2);
  double d1 = 0.5, total1 = 0, types1 = 0;
  {
    double n1 = 0, n2 = 0;
    for (uint32_t c : cc1) n1 += c == 1, n2 += c == 2, total1 += c, types1 += c > 0;
    if (n1 + 2 * n2 > 0) d1 = std::clamp(n1 / (n1 + 2 * n2), 0.1, 0.9);
  }

  std::vector<double> p1(V);
  const double uniform = d1 * types1 / total1 / double(V - 1);  // <s> is never predicted
  for (size_t w = 1; w < V; ++w) p1[w] = std::max(cc1[w] - d1, 0.0) / total1 + uniform;

  std::vector<Context> ctx2(V);
  for (const auto& [k, c] : cc2) ctx2[k >> kBits].sum += c, ctx2[k >> kBits].types += 1;
  std::unordered_map<uint64_t, Context> ctx3;
  for (const auto& [k, c] : c3) {
    auto& x = ctx3[k >> kBits];
    x.sum += c, x.types += 1;
  }
  auto bow2 = [&](uint64_t b) { return d2 * ctx2[b].types / ctx2[b].sum; };
  std::unordered_map<uint64_t, double> p2;
  p2.reserve(cc2.size());
  for (const auto& [k, c] : cc2) {
    uint64_t b = k >> kBits;
    p2[k] = std::max(c - d2, 0.0) / ctx2[b].sum + bow2(b) * p1[k & kMask];
  }

  // Deterministic output: n-grams sorted by word ids.
  std::vector<uint64_t> bigrams, trigrams;
  for (const auto& [k, c] : cc2) bigrams.push_back(k);
  for (const auto& [k, c] : c3) trigrams.push_back(k);
  std::sort(bigrams.begin(), bigrams.end());
  std::sort(trigrams.begin(), trigrams.end());

  std::string out;
  out.reserve(64 * (V + bigrams.size() + trigrams.size()));
  out += "\\data\\\nngram 1=" + std::to_string(V) + "\nngram 2=" + std::to_string(bigrams.size()) +
         "\nngram 3=" + std::to_string(trigrams.size()) + "\n\n\\1-grams:\n";
  for (size_t w = 0; w < V; ++w) {
    bool ctx = ctx2[w].sum > 0;
    append_line(out, w == 0 ? -99.0 : std::log10(p1[w]), words[w], ctx ? std::log10(bow2(w)) : 0,
                ctx);
  }
  out += "\n\\2-grams:\n";
  for (uint64_t k : bigrams) {
    auto it = ctx3.find(k);
    bool ctx = it != ctx3.end();
    double bow = ctx ? d3 * it->second.types / it->second.sum : 1;
    append_line(out, std::log10(p2[k]), words[k >> kBits] + " " + words[k & kMask], std::log10(bow),
                ctx);
  }
  out += "\n\\3-grams:\n";
  for (uint64_t k : trigrams) {
    uint64_t ab = k >> kBits, bc = k & ((1ULL << (2 * kBits)) - 1);
    const Context& x = ctx3[ab];
    double p = std::max(c3[k] - d3, 0.0) / x.sum + d3 * x.types / x.sum * p2[bc];
    append_line(out, std::log10(p),
                words[ab >> kBits] + " " + words[ab & kMask] + " " + words[k & kMask], 0, false);
  }
  out += "\n\\end\\\n";
  if (counts) *counts = {V, bigrams.size(), trigrams.size()};
  return out;
}

}  // namespace spar::speech
