// spar serve: the web UI and JSON API (see docs/API.md).
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "bank/loader.h"
#include "cli/commands.h"
#include "server/server.h"
#include "speech/synthesizer.h"

namespace spar::cli {
namespace {

// --web is not a flag yet: $SPAR_WEB, then ./web, then the source tree's.
std::string resolve_web_dir() {
  if (const char* env = std::getenv("SPAR_WEB"); env && *env) return env;
  std::error_code ec;
  if (std::filesystem::is_regular_file("web/index.html", ec)) return "web";
  return SPAR_DEFAULT_WEB;
}

}  // namespace

void register_serve(CLI::App& app, std::string& bank_flag, std::string& db_flag, int& exit_code) {
  static server::Options o;
  auto* cmd = app.add_subcommand("serve", "the web UI and JSON API");
  cmd->add_option("--host", o.host, "address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", o.port, "port (default 8080; 0 = any free port)");
  cmd->add_flag("--auth", o.auth, "accounts and login; required on a non-loopback address");
  cmd->add_flag("--secure-cookies", o.secure_cookies,
                "mark cookies Secure (when a TLS-terminating proxy serves spar over HTTPS)");
  cmd->add_option("--voice", o.tts_voice, "the interviewer's voice: slt, rms, kal or awb")
      ->check(CLI::IsMember(speech::Synthesizer::voices()));
  cmd->add_option("--threads", o.limits.threads, "worker threads (default 2)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--recognizers", o.limits.recognizers,
                  "speech decoders shared by voice interviews (default 2, ~1 s to load each)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--max-connections", o.limits.connections,
                  "open connections beyond which new ones get 503 (default: the file-descriptor "
                  "limit less 64, at most 10000)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--ip-rate", o.limits.ip_rate,
                  "requests per second per client address (default 20; burst 5x)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--user-rate", o.limits.user_rate,
                  "answers and other writes per second per user (default 10; burst 5x)")
      ->check(CLI::PositiveNumber);
  cmd->callback([&bank_flag, &db_flag, &exit_code] {
    o.limits.ip_burst = 5 * o.limits.ip_rate;
    o.limits.user_burst = 5 * o.limits.user_rate;
    o.warm_speech = true;
    o.db_path = resolve_db_path(db_flag);
    o.web_dir = resolve_web_dir();
    o.local_user = local_user_name();
    if (auto st = server::check_options(o); !st) {
      std::cerr << "spar: " << st.error() << "\n";
      exit_code = 2;
      return;
    }
    auto loaded = bank::load_bank(resolve_bank_dir(bank_flag));
    if (loaded.bank.questions.empty()) {
      std::cerr << "spar: the bank has no usable questions; run 'spar bank lint'\n";
      exit_code = 2;
      return;
    }
    // Block the stop signals before any thread starts, so every server
    // thread inherits the mask and only sigwait below receives them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    auto srv = server::start(o, loaded.bank);
    if (!srv) {
      std::cerr << "spar: " << srv.error() << "\n";
      exit_code = 2;
      return;
    }
    std::string host = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
    std::cout << "spar is serving "
              << (o.auth ? "(accounts on)" : "(single user: " + o.local_user + ")") << " at http://"
              << host << ":" << (*srv)->port() << "/\n"
              << "Open that address in a browser. Database: " << o.db_path << ". Ctrl-C stops.\n"
              << std::flush;
    int sig = 0;
    sigwait(&set, &sig);
    std::cout << "spar: stopping (finishing requests in flight)\n" << std::flush;
    (*srv)->stop();
    (*srv)->wait();
  });
}

}  // namespace spar::cli
