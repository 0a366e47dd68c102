// Grading speed: ~150-word answers against api.idempotency's 6-point rubric,
// with the bank and lexicon compiled once. Reports answers/s per core and the
// latency distribution (p50, p99) of single gradings.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <sstream>
#include <vector>

#include "assess/grader.h"
#include "bank/loader.h"

namespace {

const spar::bank::Bank& bank() {
  static spar::bank::Bank b = [] {
    auto r = spar::bank::load_bank(std::string(SPAR_SOURCE_DIR) + "/bank");
    return std::move(r.bank);
  }();
  return b;
}

std::vector<std::string> answers(const spar::bank::Question& q) {
  // Answers of about 150 words: the samples and the model answer, each
  // padded or cut to 150 words by cycling its own words.
  std::vector<std::string> out;
  std::vector<std::string> sources;
  for (const auto& s : q.samples) sources.push_back(s.text);
  sources.push_back(q.model_answer);
  for (const auto& src : sources) {
    std::istringstream in(src);
    std::vector<std::string> w;
    std::string x;
    while (in >> x) w.push_back(x);
    std::string a;
    for (size_t k = 0; k < 150; ++k) a += (k ? " " : "") + w[k % w.size()];
    out.push_back(a);
  }
  return out;
}

void BM_GradeAnswer(benchmark::State& state) {
  const auto* q = bank().find("api.idempotency");
  spar::assess::Grader grader(bank());
  auto texts = answers(*q);
  size_t i = 0, words = 0;
  std::vector<double> lat;
  for (auto _ : state) {
    const auto& t = texts[i++ % texts.size()];
    auto t0 = std::chrono::steady_clock::now();
    auto g = grader.grade(*q, t);
    auto t1 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(g);
    lat.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    words += static_cast<size_t>(g->clarity.words);
  }
  std::sort(lat.begin(), lat.end());
  state.counters["answers_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["p50_us"] = lat[lat.size() / 2];
  state.counters["p99_us"] = lat[lat.size() * 99 / 100];
  state.counters["mean_words"] =
      static_cast<double>(words) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_GradeAnswer)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
