// spar interview: the terminal interview, interactive or scripted.
#include <fmt/core.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bank/loader.h"
#include "cli/commands.h"
#include "interview/engine.h"
#include "interview/summary.h"

namespace spar::cli {
namespace {

struct InterviewOptions {
  std::string areas, level = "mid", questions, script, format = "text";
  int minutes = 30;
  uint64_t seed = 0;
  bool seed_given = false;
};

volatile std::sig_atomic_t g_interrupted = 0;
void on_sigint(int) { g_interrupted = 1; }

std::vector<std::string> split_csv(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string x;
  while (std::getline(ss, x, ','))
    if (!x.empty()) out.push_back(x);
  return out;
}

nlohmann::json turns_json(const interview::Session& s) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& t : s.turns) {
    nlohmann::json j = {{"role", t.role}, {"kind", t.kind}, {"question", t.question}, {"text", t.text}};
    if (t.kind == "probe" || t.kind == "challenge") j["probe"] = t.probe;
    if (!t.stage.empty()) j["stage"] = t.stage;
    a.push_back(j);
  }
  return a;
}

int run_scripted(interview::Interviewer& iv, interview::Session s, const InterviewOptions& o) {
  std::ifstream in(o.script, std::ios::binary);
  if (!in) {
    std::cerr << "spar: cannot read script '" << o.script << "'\n";
    return 2;
  }
  std::string line;
  int lineno = 0;
  while (!s.finished && std::getline(in, line)) {
    ++lineno;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() ||
        !(j.contains("text") ? j["text"].is_string() : j.contains("command") && j["command"].is_string())) {
      std::cerr << "spar: " << o.script << ":" << lineno
                << ": expected {\"text\": \"...\"} or {\"command\": \"skip|hint|repeat|quit\"}\n";
      return 2;
    }
    interview::Utterance u;
    u.text = j.value("text", "");
    u.command = j.value("command", "");
    auto next = iv.step(std::move(s), u);
    if (!next) {
      std::cerr << "spar: " << o.script << ":" << lineno << ": " << next.error() << "\n";
      return 2;
    }
    s = std::move(*next);
  }
  s = iv.end(std::move(s), "script");
  nlohmann::json out = {{"turns", turns_json(s)}, {"report", interview::summarize(s, iv)}};
  if (o.format == "json") {
    std::cout << out.dump(2) << "\n";
  } else {
    for (const auto& t : s.turns)
      std::cout << (t.role == "interviewer" ? "Interviewer: " : "You: ") << t.text << "\n\n";
    std::cout << interview::format_summary_text(out["report"]);
  }
  return 0;
}

int run_interactive(interview::Interviewer& iv, interview::Session s) {
  auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  // Ctrl-C ends the interview with a summary instead of killing it: the
  // handler only sets a flag, and the blocked read returns.
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: getline returns on Ctrl-C
  sigaction(SIGINT, &sa, nullptr);
  std::cout << "spar mock interview. Answer in as many lines as you like; an empty line ends your "
               "answer.\nCommands: /skip /hint /repeat /quit\n";
  size_t shown = 0;
  while (true) {
    for (; shown < s.turns.size(); ++shown)
      if (s.turns[shown].role == "interviewer")
        std::cout << "\nInterviewer: " << s.turns[shown].text << "\n";
    if (s.finished) break;
    int left = static_cast<int>(s.seconds_left() / 60 + 0.5);
    std::cout << fmt::format("[{} min left] > ", std::max(0, left)) << std::flush;
    std::string answer, line;
    bool eof = false;
    while (true) {
      if (!std::getline(std::cin, line)) {
        eof = true;
        break;
      }
      if (line.empty()) break;
      answer += (answer.empty() ? "" : "\n") + line;
      if (answer.size() == line.size() && line[0] == '/') break;  // a command ends the turn
    }
    if (g_interrupted || (eof && answer.empty())) {
      std::cout << "\n";
      s = iv.end(std::move(s), "candidate");
      continue;
    }
    interview::Utterance u;
    u.at = elapsed();
    if (!answer.empty() && answer[0] == '/') u.command = answer.substr(1);
    else u.text = answer;
    auto next = iv.step(s, u);
    if (!next) {
      std::cout << "(" << next.error() << ")\n";
      continue;
    }
    s = std::move(*next);
    shown = std::min(shown, s.turns.size());
  }
  std::cout << interview::format_summary_text(interview::summarize(s, iv));
  return 0;
}

}  // namespace

void register_interview(CLI::App& app, std::string& bank_flag, int& exit_code) {
  static InterviewOptions o;
  auto* cmd = app.add_subcommand("interview", "a mock interview in the terminal");
  cmd->add_option("--areas", o.areas, "comma-separated areas (api,db,cache,queue,conc,rel,sec,net,dist,design)");
  cmd->add_option("--level", o.level, "junior, mid or senior")->check(CLI::IsMember({"junior", "mid", "senior"}));
  cmd->add_option("--minutes", o.minutes, "interview length")->check(CLI::Range(1, 240));
  cmd->add_option("--questions", o.questions, "comma-separated question ids, asked in order");
  cmd->add_option("--seed", o.seed, "seed for a reproducible plan and phrasing")
      ->each([](const std::string&) { o.seed_given = true; });
  cmd->add_option("--script", o.script, "JSONL file of candidate turns ({\"text\": ...})");
  cmd->add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&bank_flag, &exit_code] {
    auto loaded = bank::load_bank(resolve_bank_dir(bank_flag));
    if (loaded.bank.questions.empty()) {
      std::cerr << "spar: the bank has no usable questions; run 'spar bank lint'\n";
      exit_code = 2;
      return;
    }
    if (!loaded.problems.empty())
      std::cerr << "spar: warning: the bank has " << loaded.problems.size()
                << " problem(s); run 'spar bank lint' to see them\n";
    interview::PlanRequest req;
    req.areas = split_csv(o.areas);
    req.level = *bank::parse_level(o.level);
    req.minutes = o.minutes;
    req.questions = split_csv(o.questions);
    req.seed = o.seed_given ? o.seed
                            : static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
    auto plan = interview::make_plan(loaded.bank, req);
    if (!plan) {
      std::cerr << "spar: " << plan.error() << "\n";
      exit_code = 2;
      return;
    }
    interview::Interviewer iv(loaded.bank);
    auto s = iv.begin({req.areas, req.level, req.minutes, req.seed}, *plan);
    exit_code = o.script.empty() ? run_interactive(iv, std::move(s)) : run_scripted(iv, std::move(s), o);
  });
}

}  // namespace spar::cli
