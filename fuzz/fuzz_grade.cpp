// The text analyser and the grader on arbitrary bytes: the first byte picks
// a question of the shipped bank and a mode (rubric grading, rubric grading
// with word timings as a transcript has, or reference mode against the
// question's model answer); the rest is the answer.
//
// Checked: nothing crashes or throws; invalid UTF-8 is an error, not a
// grade; a grade's score, coverage and clarity are in range and its JSON
// (quotes of the answer included) serialises.
#include <cmath>

#include "assess/grader.h"
#include "assess/reference.h"
#include "fuzz_common.h"

using namespace spar;

namespace {

void check(const assess::Grade& g, std::string_view input) {
  if (!(g.score >= 0 && g.score <= 100)) fuzz::fail("score out of range", input);
  if (!(g.coverage >= 0 && g.coverage <= 1)) fuzz::fail("coverage out of range", input);
  if (g.clarity.score < 0 || g.clarity.score > 3) fuzz::fail("clarity out of range", input);
  for (const auto& p : g.points)
    if (!(p.credit >= 0 && p.credit <= 1)) fuzz::fail("point credit out of range", input);
  try {
    (void)assess::to_json(g).dump();
  } catch (const std::exception& e) {
    fuzz::fail(std::string("grade JSON: ") + e.what(), input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bank::Bank& bank = fuzz::shipped_bank();
  static assess::Grader grader(bank);
  static assess::ReferenceGrader reference(bank);
  if (size == 0) return 0;
  std::string_view input = fuzz::as_text(data, size);
  const bank::Question& q = bank.questions[data[0] % bank.questions.size()];
  std::string_view answer = input.substr(1);
  switch ((data[0] >> 6) & 3) {
    case 0:
    case 1: {
      auto g = grader.grade(q, answer);
      if (g) check(*g, input);
      break;
    }
    case 2: {
      // Word timings as the recogniser gives them: one per word, some
      // missing or overlapping when the bytes say so.
      std::vector<text::WordTiming> timings;
      double t = 0;
      size_t i = 0;
      while (i < answer.size()) {
        size_t j = answer.find(' ', i);
        if (j == std::string_view::npos) j = answer.size();
        if (j > i) {
          uint8_t b = static_cast<uint8_t>(answer[i]);
          t += (b % 32) * 0.1;
          timings.push_back(
              {std::string(answer.substr(i, j - i)), t, t + (b % 7) * 0.1, (b % 11) / 10.0});
        }
        i = j + 1;
      }
      if (!timings.empty() && (data[0] & 1)) timings.pop_back();
      auto g = grader.grade(q, answer, &timings);
      if (g) check(*g, input);
      break;
    }
    default: {
      auto g = reference.grade(q.prompt, {q.model_answer}, answer);
      if (g) check(*g, input);
      break;
    }
  }
  return 0;
}
