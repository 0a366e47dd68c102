// Turn latency: from the endpoint decision (the recogniser's final
// hypothesis requested) to the first synthesised audio chunk of the
// interviewer's reply, including grading and the next-move decision.
// Answers: the samples of the required questions, synthesised with flite.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "bank/loader.h"
#include "interview/engine.h"
#include "speech/recognizer.h"
#include "speech/synthesizer.h"

int main() {
  using clock = std::chrono::steady_clock;
  auto loaded = spar::bank::load_bank(std::string(SPAR_SOURCE_DIR) + "/bank");
  const auto& bank = loaded.bank;
  auto rec = spar::speech::Recognizer::create(bank);
  spar::speech::SynthesizerConfig sc;
  sc.respellings = bank.respellings;
  sc.pronunciations = bank.pronunciations;
  auto tts = spar::speech::Synthesizer::create(sc);
  if (!rec || !tts) {
    std::fprintf(stderr, "speech setup failed\n");
    return 1;
  }
  spar::interview::Interviewer iv(bank);
  std::vector<double> ms;
  for (const char* id : {"api.idempotency", "db.indexing", "cache.redis", "conc.locks", "db.acid",
                         "queue.async-processing", "conc.rate-limiting", "db.deadlocks"}) {
    const auto* q = bank.find(id);
    for (const auto& sample : q->samples) {
      auto pcm = (*tts)->synthesize(sample.text);
      auto plan = spar::interview::make_plan(bank, {{}, spar::bank::Level::Mid, 30, {id}, 1, {}});
      auto s = iv.begin({{}, spar::bank::Level::Mid, 30, 1}, *plan);
      (void)(*rec)->start();
      (void)(*rec)->feed(*pcm);
      auto t0 = clock::now();  // the endpoint decision
      auto hyp = (*rec)->finish();
      spar::interview::Utterance u;
      u.text = hyp->text;
      u.words = hyp->words;
      auto next = iv.step(s, u);
      bool first = false;
      (void)(*tts)->speak(next->turns.back().text, [&](std::span<const int16_t>) {
        first = true;
        return false;  // stop after the first chunk: playback would start here
      });
      auto t1 = clock::now();
      if (first) ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
  }
  std::sort(ms.begin(), ms.end());
  std::printf("turns=%zu p50_ms=%.1f p95_ms=%.1f max_ms=%.1f\n", ms.size(), ms[ms.size() / 2],
              ms[ms.size() * 95 / 100], ms.back());
  return 0;
}
