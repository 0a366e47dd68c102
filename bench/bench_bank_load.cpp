// Loading and validating a bank of 1,000 question files: copies of the
// shipped api.idempotency under 1,000 ids, plus the shipped lexicon.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "assess/samples.h"
#include "bank/lint.h"
#include "bank/loader.h"

namespace fs = std::filesystem;

namespace {

fs::path make_bank(int n) {
  fs::path dir = fs::temp_directory_path() / "spar-bench-bank";
  fs::remove_all(dir);
  fs::create_directories(dir / "api");
  std::string src = std::string(SPAR_SOURCE_DIR) + "/bank";
  fs::copy_file(src + "/lexicon.yaml", dir / "lexicon.yaml");
  fs::copy_file(src + "/interviewer.yaml", dir / "interviewer.yaml");
  fs::copy_file(src + "/areas.yaml", dir / "areas.yaml");
  if (fs::is_directory(src + "/lexicon")) fs::copy(src + "/lexicon", dir / "lexicon");
  fs::copy(src + "/language", dir / "language");
  std::ifstream in(src + "/api/idempotency.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  for (int i = 0; i < n; ++i) {
    std::string t = text;
    std::string id = "api.generated-" + std::to_string(i);
    t.replace(t.find("api.idempotency"), 15, id);
    std::ofstream(dir / "api" / ("generated-" + std::to_string(i) + ".yaml")) << t;
  }
  return dir;
}

void BM_LoadBank(benchmark::State& state) {
  auto dir = make_bank(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto r = spar::bank::load_bank(dir);
    if (!r.problems.empty()) state.SkipWithError(r.problems[0].str().c_str());
    benchmark::DoNotOptimize(r);
  }
  state.counters["files"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_LoadBank)->Arg(1000)->Unit(benchmark::kMillisecond)->MinTime(3.0);

void BM_LoadAndLintBank(benchmark::State& state) {
  auto dir = make_bank(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto r = spar::bank::load_bank(dir);
    auto lint = spar::bank::lint_bank(r.bank);
    auto samples = spar::assess::check_samples(r.bank);
    benchmark::DoNotOptimize(lint);
    benchmark::DoNotOptimize(samples);
  }
  state.counters["files"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_LoadAndLintBank)->Arg(1000)->Unit(benchmark::kMillisecond)->MinTime(3.0);

}  // namespace

BENCHMARK_MAIN();
