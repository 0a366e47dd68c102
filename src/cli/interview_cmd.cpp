// spar interview: the terminal interview, interactive or scripted (the
// spoken modes are in voice_cmd.cpp).
#include <fmt/core.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bank/loader.h"
#include "cli/commands.h"
#include "cli/interview_internal.h"
#include "cli/session_io.h"
#include "interview/engine.h"
#include "interview/summary.h"
#include "report/report.h"

namespace spar::cli {
namespace detail {

volatile std::sig_atomic_t g_interrupted = 0;
void on_sigint(int) {
  g_interrupted = 1;
}

nlohmann::json turns_json(const interview::Session& s) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& t : s.turns) {
    nlohmann::json j = {{"role", to_string(t.role)},
                        {"kind", to_string(t.kind)},
                        {"question", t.question},
                        {"text", t.text}};
    if (t.kind == interview::TurnKind::Probe || t.kind == interview::TurnKind::Challenge)
      j["probe"] = to_string(t.move);
    if (!t.stage.empty()) j["stage"] = t.stage;
    a.push_back(j);
  }
  return a;
}

nlohmann::json finish(OpenStore& db, interview::Interviewer& iv, const interview::Session& s,
                      bool announce) {
  nlohmann::json summary = nlohmann::json::object();
  auto rep = grade_and_report(db, iv, s, &summary);
  if (!rep) {
    std::cerr << "spar: " << rep.error() << "\n";
    return summary;
  }
  std::string path = html_report_path(db, s.id);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  std::ofstream html(path, std::ios::binary | std::ios::trunc);
  html << report::render_html(*rep);
  html.close();
  // The grades are stored either way; a report that could not be written is
  // said, not announced as written.
  const bool written = static_cast<bool>(html);
  if (!written)
    std::cerr << "spar: cannot write the HTML report to " << path
              << "; the session and its grades are saved\n";
  if (announce) {
    std::cout << "\n" << report::render_text(*rep);
    if (written) std::cout << "\nThe HTML report is at " << path << "\n";
    std::cout << "Session " << s.id << " is saved; see it again with: spar report " << s.id << "\n";
  }
  return summary;
}

}  // namespace detail

using detail::finish;
using detail::g_interrupted;
using detail::InterviewOptions;
using detail::on_sigint;
using detail::run_spoken_files;
using detail::run_voice;
using detail::Saver;
using detail::turns_json;

namespace {

std::vector<std::string> split_csv(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string x;
  while (std::getline(ss, x, ','))
    if (!x.empty()) out.push_back(x);
  return out;
}

int run_scripted(interview::Interviewer& iv, interview::Session s, const InterviewOptions& o,
                 OpenStore& db, Saver& saver) {
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
        !(j.contains("text") ? j["text"].is_string()
                             : j.contains("command") && j["command"].is_string())) {
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
    if (auto st = saver.save(s); !st) {
      std::cerr << "spar: " << st.error() << "\n";
      return 2;
    }
  }
  s = iv.end(std::move(s), "script");
  if (auto st = saver.save(s); !st) {
    std::cerr << "spar: " << st.error() << "\n";
    return 2;
  }
  auto summary = finish(db, iv, s, false);
  nlohmann::json out = {{"session", s.id}, {"turns", turns_json(s)}, {"report", summary}};
  if (o.format == "json") {
    std::cout << out.dump(2) << "\n";
  } else {
    for (const auto& t : s.turns)
      std::cout << (t.by_interviewer() ? "Interviewer: " : "You: ") << t.text << "\n\n";
    std::cout << interview::format_summary_text(out["report"]);
  }
  return 0;
}

int run_interactive(interview::Interviewer& iv, interview::Session s, OpenStore& db, Saver& saver) {
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
  std::cout << "spar mock interview (session " << s.id
            << "). Answer in as many lines as you like; an empty line ends your answer.\n"
               "Commands: /skip /hint /repeat /quit. Every turn is saved as you go.\n";
  size_t shown = s.turns.empty() ? 0 : s.turns.size() - 1;  // on resume: the last line only
  while (true) {
    for (; shown < s.turns.size(); ++shown)
      if (s.turns[shown].by_interviewer())
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
      if (auto st = saver.save(s); !st) std::cerr << "spar: " << st.error() << "\n";
      continue;
    }
    interview::Utterance u;
    u.at = elapsed();
    if (!answer.empty() && answer[0] == '/')
      u.command = answer.substr(1);
    else
      u.text = answer;
    auto next = iv.step(s, u);
    if (!next) {
      std::cout << "(" << next.error() << ")\n";
      continue;
    }
    s = std::move(*next);
    if (auto st = saver.save(s); !st) {
      std::cerr << "spar: could not save the turn: " << st.error() << "\n";
      return 2;
    }
    shown = std::min(shown, s.turns.size());
  }
  finish(db, iv, s, true);
  return 0;
}

}  // namespace

void register_interview(CLI::App& app, std::string& bank_flag, std::string& db_flag,
                        int& exit_code) {
  static InterviewOptions o;
  auto* cmd = app.add_subcommand("interview", "a mock interview in the terminal");
  cmd->add_option("--areas", o.areas, "comma-separated area ids; 'spar bank areas' lists them");
  cmd->add_option("--level", o.level, "junior, mid or senior")
      ->check(CLI::IsMember({"junior", "mid", "senior"}));
  cmd->add_option("--minutes", o.minutes, "interview length")->check(CLI::Range(1, 240));
  cmd->add_option("--questions", o.questions, "comma-separated question ids, asked in order");
  cmd->add_option("--seed", o.seed, "seed for a reproducible plan and phrasing")
      ->each([](const std::string&) { o.seed_given = true; });
  cmd->add_option("--script", o.script, "JSONL file of candidate turns ({\"text\": ...})");
  cmd->add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--resume", o.resume, "continue a saved session where it stopped");
  cmd->add_option(
      "--answers-dir", o.answers_dir,
      "spoken interview from files: the candidate's turns are DIR/1.wav, DIR/2.wav, ...");
  cmd->add_option("--say-dir", o.say_dir,
                  "with --answers-dir: write the interviewer's lines as WAV files here");
  cmd->add_option("--voice-name", o.voice_name, "synthesis voice (slt, rms, kal, awb)");
  cmd->add_flag("--voice", o.voice, "speak and listen on the default audio device");
  cmd->add_option("--thinking-time", o.thinking_time, "seconds of silence that end a spoken answer")
      ->check(CLI::Range(0.5, 30.0));
  cmd->callback([&bank_flag, &db_flag, &exit_code] {
    auto loaded = bank::load_bank(resolve_bank_dir(bank_flag));
    if (loaded.bank.questions.empty()) {
      std::cerr << "spar: the bank has no usable questions; run 'spar bank lint'\n";
      exit_code = 2;
      return;
    }
    if (!loaded.problems.empty())
      std::cerr << "spar: warning: the bank has " << loaded.problems.size()
                << " problem(s); run 'spar bank lint' to see them\n";
    auto db = open_store(db_flag);
    if (!db) {
      std::cerr << "spar: " << db.error() << "\n";
      exit_code = 2;
      return;
    }
    interview::Interviewer iv(loaded.bank);
    interview::Session s;
    int64_t version = 0;
    if (!o.resume.empty()) {
      auto loaded_session = db->store->load(o.resume);
      auto info = db->store->info(o.resume);
      if (!loaded_session || !info) {
        std::cerr << "spar: " << (loaded_session ? info.error() : loaded_session.error()) << "\n";
        exit_code = 2;
        return;
      }
      if (info->user != db->user_id) {
        std::cerr << "spar: no session with id '" << o.resume << "' for this user\n";
        exit_code = 2;
        return;
      }
      if (loaded_session->finished) {
        std::cerr << "spar: session " << o.resume << " has already ended; see it with: spar report "
                  << o.resume << "\n";
        exit_code = 2;
        return;
      }
      s = std::move(*loaded_session);
      version = info->version;
      for (const auto& st : s.states)
        if (!loaded.bank.find(st.id)) {
          std::cerr << "spar: session " << o.resume << " uses question '" << st.id
                    << "', which is no longer in the bank\n";
          exit_code = 2;
          return;
        }
    } else {
      interview::PlanRequest req;
      req.areas = split_csv(o.areas);
      req.level = *bank::parse_level(o.level);
      req.minutes = o.minutes;
      req.questions = split_csv(o.questions);
      req.seed =
          o.seed_given
              ? o.seed
              : static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
      if (auto h = db->store->history(db->user_id, static_cast<int64_t>(std::time(nullptr))))
        req.history = *h;
      auto plan = interview::make_plan(loaded.bank, req);
      if (!plan) {
        std::cerr << "spar: " << plan.error() << "\n";
        exit_code = 2;
        return;
      }
      s = iv.begin({req.areas, req.level, req.minutes, req.seed}, *plan);
      auto created = db->store->create_session(db->user_id, s);
      if (!created) {
        std::cerr << "spar: " << created.error() << "\n";
        exit_code = 2;
        return;
      }
      version = created->version;
    }
    Saver saver{*db, version};
    if (!o.answers_dir.empty())
      exit_code = run_spoken_files(iv, std::move(s), o, *db, saver);
    else if (o.voice)
      exit_code = run_voice(iv, std::move(s), o, *db, saver);
    else if (!o.script.empty())
      exit_code = run_scripted(iv, std::move(s), o, *db, saver);
    else
      exit_code = run_interactive(iv, std::move(s), *db, saver);
  });
}

}  // namespace spar::cli
