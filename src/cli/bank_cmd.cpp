// spar bank lint | stats | areas | show
#include <fmt/core.h>

#include <algorithm>
#include <iostream>
#include <set>
#include <sstream>

#include "assess/samples.h"
#include "bank/lint.h"
#include "bank/loader.h"
#include "bank/stats.h"
#include "cli/commands.h"

namespace spar::cli {
namespace {

std::string wrap(const std::string& text, size_t width, const std::string& indent) {
  std::string out, line;
  std::istringstream in(text);
  std::string w;
  while (in >> w) {
    if (!line.empty() && line.size() + 1 + w.size() > width) {
      out += indent + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + w;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

int run_lint(const std::string& dir) {
  auto loaded = bank::load_bank(dir);
  auto problems = loaded.problems;
  auto content = bank::lint_bank(loaded.bank);
  problems.insert(problems.end(), content.begin(), content.end());
  auto samples = assess::check_samples(loaded.bank);
  problems.insert(problems.end(), samples.begin(), samples.end());
  for (const auto& p : problems) std::cout << p.str() << "\n";
  std::set<std::string> files;
  for (const auto& p : problems) files.insert(p.file);
  if (problems.empty()) {
    std::cerr << fmt::format(
        "bank {}: {} questions, {} design problems, no problems\n", dir,
        loaded.bank.questions.size() - std::count_if(loaded.bank.questions.begin(),
                                                     loaded.bank.questions.end(),
                                                     [](const auto& q) { return q.design; }),
        std::count_if(loaded.bank.questions.begin(), loaded.bank.questions.end(),
                      [](const auto& q) { return q.design; }));
    return 0;
  }
  std::cerr << fmt::format("bank {}: {} problem(s) in {} file(s)\n", dir, problems.size(),
                           files.size());
  return 1;
}

void print_question(const bank::Bank& bank, const bank::Question& q) {
  std::string levels;
  for (auto l : q.levels) levels += (levels.empty() ? "" : ", ") + std::string(bank::to_string(l));
  std::cout << q.id << "  [" << bank.area_title(q.area) << " / " << q.topic << "; " << levels
            << "]\n\n";
  std::cout << wrap(q.prompt, 78, "  ") << "\n";
  if (!q.alternatives.empty()) {
    std::cout << "Also asked as:\n";
    for (const auto& a : q.alternatives) std::cout << wrap("- " + a, 78, "  ");
    std::cout << "\n";
  }
  for (const auto& f : q.facts)
    std::cout << (f.id == q.facts.front().id ? "Facts:\n" : "") << wrap("- " + f.answer, 78, "  ");
  if (!q.facts.empty()) std::cout << "\n";
  for (const auto& e : q.estimates)
    std::cout << (e.id == q.estimates.front().id ? "Estimates:\n" : "")
              << wrap(fmt::format("- {}: {:g} {} ({})", e.name, e.value, e.unit, e.explain), 78,
                      "  ");
  if (!q.estimates.empty()) std::cout << "\n";
  std::string stage;
  std::cout << "Rubric:\n";
  for (const auto& p : q.points) {
    if (p.stage != stage) {
      stage = p.stage;
      std::cout << "  [" << stage << "]\n";
    }
    std::cout << wrap(fmt::format("- ({:g}) {}: {}", p.weight, p.id, p.text), 78, "  ");
  }
  std::cout << "\nRed flags:\n";
  for (const auto& f : q.red_flags)
    std::cout << wrap("- \"" + f.text + "\" -> " + f.correction, 78, "  ");
  std::cout << "\nProbes:\n";
  for (const auto& p : q.probes)
    std::cout << wrap(fmt::format("- [{}{}] {}", bank::to_string(p.kind),
                                  p.target.empty() ? "" : ":" + p.target, p.ask),
                      78, "  ");
  std::cout << "\nModel answer:\n" << wrap(q.model_answer, 78, "  ");
  std::cout << "\nSamples: " << q.samples.size() << " (";
  for (size_t i = 0; i < q.samples.size(); ++i)
    std::cout << (i ? ", " : "") << bank::to_string(q.samples[i].band);
  std::cout << ")\n";
  if (!q.see_also.empty()) {
    std::cout << "See also:";
    for (const auto& s : q.see_also) std::cout << " " << s;
    std::cout << "\n";
  }
}

}  // namespace

void register_bank(CLI::App& app, std::string& bank_flag, int& exit_code) {
  auto* bank_cmd = app.add_subcommand("bank", "inspect and check the question bank");
  bank_cmd->require_subcommand(1);

  auto* lint = bank_cmd->add_subcommand("lint", "report every problem in a bank; exit 1 if any");
  static std::string lint_dir_s;
  auto* lint_dir = &lint_dir_s;
  lint->add_option("dir", *lint_dir, "bank directory");
  lint->callback([&bank_flag, &exit_code, lint_dir] {
    exit_code = run_lint(resolve_bank_dir(lint_dir->empty() ? bank_flag : *lint_dir));
  });

  auto* stats = bank_cmd->add_subcommand("stats", "counts per area, level, points, probes, ...");
  static std::string format_s = "text";
  auto* format = &format_s;
  stats->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  stats->callback([&bank_flag, &exit_code, format] {
    auto dir = resolve_bank_dir(bank_flag);
    auto loaded = bank::load_bank(dir);
    for (const auto& p : loaded.problems) std::cerr << "warning: " << p.str() << "\n";
    auto s = bank::bank_stats(loaded.bank);
    if (*format == "json")
      std::cout << s.dump(2) << "\n";
    else
      std::cout << bank::format_stats_text(s, loaded.bank);
    exit_code = 0;
  });

  auto* areas = bank_cmd->add_subcommand("areas", "the areas' ids and titles (bank/areas.yaml)");
  static std::string areas_format_s = "text";
  auto* areas_format = &areas_format_s;
  areas->add_option("--format", *areas_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  areas->callback([&bank_flag, &exit_code, areas_format] {
    auto dir = resolve_bank_dir(bank_flag);
    bank::Diagnostics problems;
    auto list = bank::load_areas(dir, problems);
    for (const auto& p : problems) std::cerr << p.str() << "\n";
    if (!problems.empty()) {
      exit_code = 1;
      return;
    }
    if (*areas_format == "json") {
      std::cout << bank::areas_json(list).dump(2) << "\n";
    } else {
      for (const auto& a : list) std::cout << fmt::format("{:<8}{}\n", a.id, a.title);
    }
    exit_code = 0;
  });

  auto* show = bank_cmd->add_subcommand("show", "print one question readably");
  static std::string id_s;
  auto* id = &id_s;
  show->add_option("id", *id, "question id, e.g. api.idempotency")->required();
  show->callback([&bank_flag, &exit_code, id] {
    auto loaded = bank::load_bank(resolve_bank_dir(bank_flag));
    const auto* q = loaded.bank.find(*id);
    if (!q) {
      std::cerr << "spar: no question with id '" << *id << "' in the bank\n";
      exit_code = 2;
      return;
    }
    print_question(loaded.bank, *q);
    exit_code = 0;
  });
}

}  // namespace spar::cli
