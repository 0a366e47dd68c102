// spar serve: the HTTP server behind the web UI and the JSON API.
//
// start() binds, loads nothing itself (the bank is passed in, loaded once and
// shared read-only), and runs the API on a small pool of worker threads, each
// with its own Interviewer (not thread-safe) and its own database connection.
// stop() stops accepting, lets in-flight requests finish and closes idle
// connections; wait() returns once every worker has exited. Beast and Asio
// stay inside http_server.cpp so the rest of spar never compiles them.
#pragma once

#include <memory>
#include <string>

#include "bank/model.h"
#include "common/result.h"

namespace spar::server {

struct Limits {
  size_t body_bytes = 64 * 1024;  // larger request bodies are refused with 413
  double ip_rate = 20;            // token bucket per client address: tokens/s
  double ip_burst = 100;          //   and bucket size
  double user_rate = 10;          // per signed-in (or local) user, for writes
  double user_burst = 50;
  double login_rate = 0.2;  // signup and login attempts per client address
  double login_burst = 10;
  int read_timeout_s = 30;  // a client that sends nothing for this long is dropped
  int threads = 2;
  size_t recognizers = 2;       // speech decoders shared by voice sessions (~1 s to load each)
  double answer_seconds = 600;  // a spoken answer ends here
  size_t ws_message_bytes = 64 * 1024;  // larger WebSocket messages close the connection
  // Open connections (HTTP and WebSocket) beyond which a new one is answered
  // 503 and closed. 0: the file-descriptor limit less a reserve for the
  // database, models and logs (RLIMIT_NOFILE - 64, at most 10,000).
  size_t connections = 0;
  // On stop, a voice socket whose close frame cannot be delivered (a
  // client that stopped reading) is dropped after this long.
  double stop_grace_s = 2;
};

struct Options {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 = any free port (tests)
  std::string db_path;
  std::string web_dir;            // static files of the UI
  bool auth = false;              // accounts, login and CSRF; required off loopback
  bool secure_cookies = false;    // served over HTTPS (by a TLS-terminating proxy): Secure cookies
  std::string local_user;         // the user of single-user mode
  std::string tts_voice = "slt";  // flite voice of the interviewer
  bool warm_speech = false;       // load the speech engines at start, not on the first answer
  Limits limits;
};

// Refuses options that would be unsafe: a non-loopback host without --auth.
Status check_options(const Options& o);

bool is_loopback(const std::string& host);

class Server {
 public:
  virtual ~Server() = default;
  // The bound port (useful with port 0).
  virtual unsigned short port() const = 0;
  // Graceful: no new connections, in-flight requests finish. Thread-safe and
  // async-signal-unsafe (call it from a normal thread or an Asio handler).
  virtual void stop() = 0;
  // Blocks until every worker thread has exited.
  virtual void wait() = 0;
};

// The bank must outlive the server.
Result<std::unique_ptr<Server>> start(const Options& o, const bank::Bank& bank);

}  // namespace spar::server
