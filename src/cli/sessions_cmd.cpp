// spar sessions | report | history: what the store remembers.
#include <fmt/core.h>

#include <ctime>
#include <fstream>
#include <iostream>
#include <map>

#include "bank/loader.h"
#include "cli/commands.h"
#include "cli/session_io.h"
#include "practice/practice.h"
#include "report/report.h"

namespace spar::cli {
namespace {

std::string date_of(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", std::gmtime(&tt));
  return buf;
}

std::string csv(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s.empty() ? "all" : s;
}

int run_sessions(const std::string& db_flag, const std::string& format) {
  auto db = open_store(db_flag);
  if (!db) {
    std::cerr << "spar: " << db.error() << "\n";
    return 2;
  }
  auto list = db->store->list(db->user_id);
  if (!list) {
    std::cerr << "spar: " << list.error() << "\n";
    return 2;
  }
  if (format == "json") {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& s : *list)
      a.push_back({{"id", s.id},
                   {"started", s.started_at},
                   {"areas", s.areas},
                   {"level", s.level},
                   {"status", s.status},
                   {"score", s.score < 0 ? nlohmann::json(nullptr) : nlohmann::json(s.score)}});
    std::cout << a.dump(2) << "\n";
    return 0;
  }
  if (list->empty()) {
    std::cout << "No sessions yet. Start one with: spar interview\n";
    return 0;
  }
  std::cout << fmt::format("{:<12} {:<17} {:<24} {:<7} {:<9} {}\n", "id", "started", "areas",
                           "level", "status", "score");
  for (const auto& s : *list)
    std::cout << fmt::format("{:<12} {:<17} {:<24} {:<7} {:<9} {}\n", s.id, date_of(s.started_at),
                             csv(s.areas), s.level, s.status,
                             s.score < 0 ? "-" : fmt::format("{:.0f}", s.score));
  return 0;
}

int run_report(const std::string& bank_dir, const std::string& db_flag, const std::string& id,
               const std::string& format, const std::string& out) {
  auto db = open_store(db_flag);
  if (!db) {
    std::cerr << "spar: " << db.error() << "\n";
    return 2;
  }
  auto info = db->store->info(id);
  if (!info || info->user != db->user_id) {
    std::cerr << "spar: no session with id '" << id << "'\n";
    return 2;
  }
  auto s = db->store->load(id);
  if (!s) {
    std::cerr << "spar: " << s.error() << "\n";
    return 2;
  }
  auto loaded = bank::load_bank(bank_dir);
  for (const auto& st : s->states)
    if (st.started >= 0 && !loaded.bank.find(st.id)) {
      std::cerr << "spar: session " << id << " uses question '" << st.id
                << "', which is not in the bank at " << bank_dir << "\n";
      return 2;
    }
  interview::Interviewer iv(loaded.bank);
  auto rep = grade_and_report(*db, iv, *s);
  if (!rep) {
    std::cerr << "spar: " << rep.error() << "\n";
    return 2;
  }
  std::string text = format == "json"   ? rep->dump(2) + "\n"
                     : format == "md"   ? report::render_markdown(*rep)
                     : format == "html" ? report::render_html(*rep)
                                        : report::render_text(*rep);
  if (out.empty()) {
    std::cout << text;
    return 0;
  }
  std::ofstream f(out, std::ios::binary);
  if (!f || !(f << text)) {
    std::cerr << "spar: cannot write " << out << "\n";
    return 2;
  }
  std::cerr << "spar: wrote " << out << "\n";
  return 0;
}

int run_history(const std::string& bank_dir, const std::string& db_flag,
                const std::string& format) {
  auto db = open_store(db_flag);
  if (!db) {
    std::cerr << "spar: " << db.error() << "\n";
    return 2;
  }
  auto prog = practice::progress(*db->store, db->user_id);
  if (!prog) {
    std::cerr << "spar: " << prog.error() << "\n";
    return 2;
  }
  const auto& sessions = (*prog)["sessions"];
  const auto& repeated = (*prog)["missed_repeatedly"];
  if (format == "json") {
    std::cout << prog->dump(2) << "\n";
    return 0;
  }
  if (sessions.empty()) {
    std::cout << "No sessions yet. Start one with: spar interview\n";
    return 0;
  }
  std::cout << "Sessions over time:\n";
  for (const auto& s : sessions)
    std::cout << fmt::format(
        "  {}  {:<7} {}  {}\n", date_of(s["started"].get<int64_t>()), s["level"].get<std::string>(),
        s["score"].is_null() ? "  -" : fmt::format("{:3.0f}", s["score"].get<double>()),
        s["id"].get<std::string>());
  std::cout << "\nBy area (oldest to newest):\n";
  // Titles from the bank's areas file; an area it no longer lists shows its id.
  bank::Diagnostics problems;
  bank::Bank titles;
  titles.areas = bank::load_areas(bank_dir, problems);
  for (const auto& p : problems) std::cerr << "warning: " << p.str() << "\n";
  for (const auto& [area, pts] : (*prog)["areas"].items()) {
    std::string line;
    for (const auto& p : pts) line += fmt::format(" {:.0f}", p["score"].get<double>());
    std::cout << fmt::format("  {:<38}{}\n", titles.area_title(area), line);
  }
  if (!repeated.empty()) {
    std::cout << "\nMissed more than once:\n";
    for (const auto& r : repeated)
      std::cout << fmt::format("  {}x {}: {}\n", r["times"].get<int>(),
                               r["point"].get<std::string>(), r["text"].get<std::string>());
  }
  return 0;
}

}  // namespace

void register_sessions(CLI::App& app, std::string& bank_flag, std::string& db_flag,
                       int& exit_code) {
  static std::string sessions_format = "text", report_id, report_format = "text", report_out,
                     history_format = "text";
  auto* sessions = app.add_subcommand("sessions", "list your interview sessions");
  sessions->add_option("--format", sessions_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  sessions->callback(
      [&db_flag, &exit_code] { exit_code = run_sessions(db_flag, sessions_format); });

  auto* report = app.add_subcommand("report", "the feedback report of a session");
  report->add_option("id", report_id, "session id")->required();
  report->add_option("--format", report_format, "text, md, html or json")
      ->check(CLI::IsMember({"text", "md", "html", "json"}));
  report->add_option("-o,--output", report_out, "write to a file instead of standard output");
  report->callback([&bank_flag, &db_flag, &exit_code] {
    exit_code =
        run_report(resolve_bank_dir(bank_flag), db_flag, report_id, report_format, report_out);
  });

  auto* history =
      app.add_subcommand("history", "progress over time: scores, areas, repeated misses");
  history->add_option("--format", history_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  history->callback([&bank_flag, &db_flag, &exit_code] {
    exit_code = run_history(resolve_bank_dir(bank_flag), db_flag, history_format);
  });
}

}  // namespace spar::cli
