// The bank's YAML loader and linter on arbitrary bytes: the first byte picks
// what the rest is (a knowledge question, a design problem, a lexicon file or
// the interviewer's lines); it is written to a file and loaded as
// `spar bank lint` would load it, on top of the shipped lexicon and lines.
// A question that loads is linted, and its samples graded.
//
// Checked: nothing crashes or throws; every problem names the file.
#include <fstream>

#include "assess/samples.h"
#include "bank/lint.h"
#include "bank/loader_internal.h"
#include "fuzz_common.h"
#include "text/stemmer.h"

using namespace spar;
namespace fs = std::filesystem;

namespace {

void check(const bank::Diagnostics& problems, const std::string& shown, std::string_view input) {
  for (const auto& p : problems)
    if (p.str().rfind(shown, 0) != 0) fuzz::fail("a problem without the file: " + p.str(), input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The shipped bank without its questions, so a question's rules can name
  // concepts and lint sees just the one question.
  static bank::Bank base = [] {
    bank::Bank b = fuzz::shipped_bank();
    b.questions.clear();
    b.by_id.clear();
    return b;
  }();
  if (size == 0) return 0;
  std::string_view input = fuzz::as_text(data, size);
  static const char* const kinds[] = {"api/fuzz.yaml", "design/fuzz.yaml", "lexicon/fuzz.yaml",
                                      "interviewer.yaml"};
  const int kind = data[0] % 4;
  fs::path file = fuzz::scratch_dir() / "bank" / kinds[kind];
  fs::create_directories(file.parent_path());
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(input.data() + 1, std::streamsize(size - 1));
  }
  const std::string shown = file.string();
  bank::Diagnostics problems;
  if (kind <= 1) {
    bank::detail::load_question(file, shown, kind == 0 ? "api" : "design", base, problems);
    check(problems, shown, input);
    if (!base.questions.empty()) {
      // Lint and sample checks report against the question's file too.
      auto lint = bank::lint_bank(base);
      check(lint, shown, input);
      auto samples = assess::check_samples(base);
      check(samples, shown, input);
      base.by_id.clear();
      base.questions.clear();
    }
  } else if (kind == 2) {
    bank::Bank b;
    bank::detail::load_lexicon_file(file, shown, b, problems);
    check(problems, shown, input);
    text::Stemmer stemmer;
    b.lexicon.compile(stemmer);
  } else {
    bank::Bank b;
    bank::detail::load_lines(file, shown, b, problems);
    check(problems, shown, input);
  }
  return 0;
}
