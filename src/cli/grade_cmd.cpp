// spar grade: grade an answer against a bank question (or a reference answer).
#include <fmt/core.h>

#include <iostream>

#include "assess/grader.h"
#include "bank/loader.h"
#include "cli/commands.h"
#include "common/file.h"

namespace spar::cli {
namespace {

struct GradeOptions {
  std::string question, answer, answer_file, batch, format = "text";
  bool answer_given = false;
};

void print_text(const bank::Question& q, const assess::Grade& g) {
  std::cout << fmt::format("{}: {:.0f}/100 ({})\n", q.id, g.score, bank::to_string(g.band));
  std::cout << "\nWhat you covered:\n";
  int n = 0;
  for (const auto& p : g.points)
    if (p.hit) std::cout << "  + " << p.text << "\n      you said: \"" << p.evidence << "\"\n", ++n;
  if (!n) std::cout << "  (nothing from the rubric yet)\n";
  std::cout << "\nWhat you missed:\n";
  n = 0;
  for (const auto& p : g.points)
    if (!p.hit) std::cout << "  - " << p.text << "\n", ++n;
  if (!n) std::cout << "  (nothing)\n";
  if (!g.red_flags.empty()) {
    std::cout << "\nWhat was wrong:\n";
    for (const auto& f : g.red_flags)
      std::cout << "  ! \"" << f.evidence << "\"\n      " << f.correction
                << (f.retracted ? " (you corrected this yourself)" : "") << "\n";
  }
  const auto& r = g.reasoning;
  std::cout << fmt::format(
      "\nReasoning (0-3): trade-offs {}, justification {}, alternatives {}, numbers {}, failure "
      "modes {}, decision {}\n",
      r.tradeoffs.score, r.justification.score, r.alternatives.score, r.quantities.score,
      r.failure_modes.score, r.decision.score);
  std::cout << fmt::format("Clarity (0-3): {} ({} words, {} fillers, {} hedges)\n", g.clarity.score,
                           g.clarity.words, g.clarity.fillers, g.clarity.hedges);
  for (const auto& note : g.notes) std::cout << "Note: " << note << "\n";
}

int run_single(const GradeOptions& o, const std::string& bank_dir) {
  // A problem elsewhere in the bank must not stop grading this question; it
  // is reported so it gets fixed.
  auto loaded = bank::load_bank(bank_dir);
  if (!loaded.problems.empty())
    std::cerr << "spar: warning: the bank has " << loaded.problems.size()
              << " problem(s); run 'spar bank lint' to see them\n";
  auto* bank = &loaded.bank;
  const auto* q = bank->find(o.question);
  if (!q) {
    std::cerr << "spar: no question with id '" << o.question << "' in the bank at " << bank_dir
              << "\n";
    return 2;
  }
  std::string answer = o.answer;
  if (!o.answer_file.empty()) {
    auto read = read_file_limited(o.answer_file, kMaxAnswerBytes, "an answer");
    if (!read) {
      std::cerr << "spar: cannot read answer file '" << o.answer_file << "': " << read.error()
                << "\n";
      return 2;
    }
    answer = std::move(*read);
  } else if (!o.answer_given) {
    auto read = read_stream_limited(std::cin, kMaxAnswerBytes, "an answer");
    if (!read) {
      std::cerr << "spar: standard input " << read.error() << "\n";
      return 2;
    }
    answer = std::move(*read);
  }
  assess::Grader grader(*bank);
  auto g = grader.grade(*q, answer);
  if (!g) {
    std::cerr << "spar: " << g.error() << "\n";
    return 2;
  }
  if (o.format == "json") {
    auto j = assess::to_json(*g);
    j["question"] = q->id;
    std::cout << j.dump(2) << "\n";
  } else {
    print_text(*q, *g);
  }
  return 0;
}

}  // namespace

int run_batch(const std::string& path, const std::string& bank_dir);

void register_grade(CLI::App& app, std::string& bank_flag, int& exit_code) {
  static GradeOptions o;
  auto* cmd = app.add_subcommand("grade", "grade an answer against a question's rubric");
  cmd->add_option("--question", o.question, "bank id, e.g. api.idempotency");
  cmd->add_option("--answer", o.answer, "the answer text (default: read standard input)")
      ->each([](const std::string&) { o.answer_given = true; });
  cmd->add_option("--answer-file", o.answer_file, "read the answer from a file");
  cmd->add_option("--batch", o.batch, "grade a JSONL file of answers");
  cmd->add_option("--format", o.format, "text or json (jsonl for --batch)")
      ->check(CLI::IsMember({"text", "json", "jsonl"}));
  cmd->callback([&bank_flag, &exit_code] {
    auto dir = resolve_bank_dir(bank_flag);
    if (!o.batch.empty()) {
      exit_code = run_batch(o.batch, dir);
      return;
    }
    if (o.question.empty()) {
      std::cerr << "spar grade: --question ID is required (or --batch FILE)\n";
      exit_code = 2;
      return;
    }
    exit_code = run_single(o, dir);
  });
}

}  // namespace spar::cli
