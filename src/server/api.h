// The JSON API and static files, independent of the HTTP library.
//
// The transport (http_server.cpp) turns each HTTP request into a Request and
// writes back the Response; everything the API means lives here: routing,
// who the user is (the local user, or a login cookie with --auth), CSRF and
// origin checks, rate limits, sessions, turns, idempotency, reports and the
// static UI. Errors are JSON {"error": {"code", "message"}} with the status
// they name. The voice WebSocket (voice.h) goes through voice_access() for
// the same checks and apply_utterance() for the same turns.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "interview/engine.h"
#include "server/limits.h"
#include "server/server.h"
#include "store/store.h"

namespace spar::server {

struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // without the query
  std::string query;                           // after '?', undecoded
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string client_ip;
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string route;  // the route pattern, for metrics
};

// JSON text for the wire. Strings that are not valid UTF-8 (anything a
// client sent) come out with U+FFFD in place of the bad bytes instead of
// throwing.
std::string dump_json(const nlohmann::json& j);
// At most `max_bytes` of `s`, cut before a character that would not fit:
// the part of a client's input an error message quotes back.
std::string clip_utf8(const std::string& s, size_t max_bytes = 200);

Response json_response(int status, const nlohmann::json& j);
Response error_response(int status, const std::string& code, const std::string& message);
// A failure from the layers below, its status chosen by its ErrorCode (never
// its text): invalid 400, not_found 404, conflict and taken 409, unavailable
// 503 with Retry-After, corrupt, io and internal 500 with `what` ("store",
// "report") as the error code.
Response failure_response(const Error& e, const std::string& what);

// What one worker thread owns: an Interviewer and a database connection.
struct Worker {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<interview::Interviewer> iv;
  std::string local_user_id;  // single-user mode
};

// The caller of a request once authenticated.
struct Caller {
  std::string user_id;
  std::string user_name;
  std::string token_hash;  // "" in single-user mode
  std::string csrf;
};

// Who may open a session's voice WebSocket, and its settings.
struct VoiceAccess {
  Caller caller;
  std::string session_id;
  double thinking_time = 2.5;
};

class SpeechPool;

class Api {
 public:
  Api(Options o, const bank::Bank& bank);
  ~Api();
  Result<std::unique_ptr<Worker>> make_worker();
  // Answers one HTTP request on a worker thread (`w` is that thread's).
  // Never throws: a failure inside becomes a 500 and a log line.
  Response handle(const Request& r, Worker& w);
  Metrics& metrics() { return metrics_; }
  const Options& options() const { return o_; }
  const bank::Bank& bank() const { return bank_; }

  // The voice WebSocket's upgrade request (GET /api/v1/sessions/{id}/voice):
  // the checks of any API request (rate limit, Host and Origin, login, CSRF
  // token as the `csrf` query parameter with --auth), an Origin that is ours
  // when present (browsers always send one), and a session of the caller's that is not over. On
  // failure, the error response to send instead of upgrading.
  std::variant<Response, VoiceAccess> voice_access(const Request& r, Worker& w);
  // One answer or command applied to a session (`info` as just read from the
  // store, the caller's) and saved, as POST
  // .../answers does: 200 with {"version", "turn", "finished",
  // "seconds_left"}, or the error. if_match < 0 means no version check.
  Response apply_utterance(Worker& w, const Caller& c, const store::SessionInfo& info,
                           const interview::Utterance& u, const std::string& idempotency_key,
                           int64_t if_match);
  SpeechPool& speech() { return *speech_; }

 private:
  // The caller of an API request (single-user: the local user; --auth: the
  // login cookie, and the CSRF header on state-changing requests).
  std::variant<Response, Caller> authenticate(const Request& r, Worker& w,
                                              const std::string& csrf_given);
  Response route(const Request& r, Worker& w);
  Response api(const Request& r, Worker& w);
  std::optional<Response> check_origin(const Request& r) const;
  Response auth_route(const Request& r, Worker& w, const std::string& what);
  Response session_route(const Request& r, Worker& w, const Caller& c, const std::string& id,
                         const std::string& what);
  Response create_session(const Request& r, Worker& w, const Caller& c);
  Response list_sessions(Worker& w, const Caller& c);
  Response progress(Worker& w, const Caller& c);
  Response get_session(Worker& w, const std::string& id, const store::SessionInfo& info);
  Response answer(const Request& r, Worker& w, const Caller& c, const store::SessionInfo& info);
  Response end(Worker& w, const store::SessionInfo& info);
  Response report(const Request& r, Worker& w, const store::SessionInfo& info);
  Response static_file(const Request& r) const;

  Options o_;
  const bank::Bank& bank_;
  Metrics metrics_;
  std::unique_ptr<SpeechPool> speech_;
  RateLimiter ip_limiter_, user_limiter_, login_limiter_;
};

// Shared by the handlers (api.cpp, sessions_api.cpp).
nlohmann::json turn_json(const interview::Turn& t);
nlohmann::json last_turn(const interview::Session& s);
std::string query_param(const std::string& query, const std::string& name);
// 400 bad_thinking_time unless `seconds` is a thinking time voice sessions
// accept (0.5 to 30; NaN is refused).
std::optional<Response> bad_thinking_time(double seconds);
// "3", "\"3\"" and W/"3" all mean version 3; -1 when unparsable.
int64_t parse_version(std::string v);

}  // namespace spar::server
