#include "server/api.h"

#include <cctype>
#include <ctime>
#include <fstream>
#include <sstream>

#include "bank/stats.h"
#include "server/auth.h"
#include "server/log.h"
#include "server/static_files.h"
#include "server/voice.h"

namespace spar::server {
namespace {

// No inline scripts or styles anywhere in the UI, so the policy can forbid
// them; the page may not be framed (clickjacking).
constexpr const char* kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

bool has_header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return true;
  return false;
}

std::string host_part(const std::string& host_header) {
  if (!host_header.empty() && host_header[0] == '[') {
    auto e = host_header.find(']');
    return e == std::string::npos ? host_header : host_header.substr(0, e + 1);
  }
  return host_header.substr(0, host_header.find(':'));
}

bool state_changing(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// 429 with Retry-After when `key` has no token left in `limiter`.
std::optional<Response> over_limit(RateLimiter& limiter, const std::string& key,
                                   const std::string& message) {
  int retry = 0;
  if (limiter.take(key, std::chrono::steady_clock::now(), retry)) return std::nullopt;
  auto res = error_response(429, "rate_limited", message);
  res.headers.emplace_back("Retry-After", std::to_string(retry));
  res.route = "rate_limited";
  return res;
}

}  // namespace

std::string dump_json(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string clip_utf8(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t end = max_bytes;
  // Back up over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

Response json_response(int status, const nlohmann::json& j) {
  Response r;
  r.status = status;
  r.body = dump_json(j);
  return r;
}

Response error_response(int status, const std::string& code, const std::string& message) {
  return json_response(status, {{"error", {{"code", code}, {"message", message}}}});
}

Response failure_response(const Error& e, const std::string& what) {
  switch (e.code) {
    case ErrorCode::invalid:
      return error_response(400, "invalid", e.message);
    case ErrorCode::not_found:
      return error_response(404, "not_found", e.message);
    case ErrorCode::conflict:
    case ErrorCode::taken:
      return error_response(409, std::string(error_code_name(e.code)), e.message);
    case ErrorCode::unavailable: {
      auto res = error_response(503, "unavailable", e.message);
      res.headers.emplace_back("Retry-After", "1");
      return res;
    }
    case ErrorCode::corrupt:
    case ErrorCode::io:
    case ErrorCode::internal:
      break;
  }
  return error_response(500, what, e.message);
}

std::string query_param(const std::string& query, const std::string& name) {
  std::stringstream ss(query);
  std::string kv;
  while (std::getline(ss, kv, '&')) {
    auto eq = kv.find('=');
    if (kv.substr(0, eq) == name) return eq == std::string::npos ? "" : kv.substr(eq + 1);
  }
  return "";
}

Api::Api(Options o, const bank::Bank& bank)
    : o_(std::move(o)),
      bank_(bank),
      ip_limiter_(o_.limits.ip_rate, o_.limits.ip_burst),
      user_limiter_(o_.limits.user_rate, o_.limits.user_burst),
      login_limiter_(o_.limits.login_rate, o_.limits.login_burst) {
  if (o_.local_user.empty()) o_.local_user = "local";
  speech_ = std::make_unique<SpeechPool>(bank_, o_.limits.recognizers, o_.tts_voice);
}

Api::~Api() = default;

Result<std::unique_ptr<Worker>> Api::make_worker() {
  auto st = store::open_sqlite(o_.db_path);
  if (!st) return st.failure();
  auto w = std::make_unique<Worker>();
  w->store = std::move(*st);
  w->iv = std::make_unique<interview::Interviewer>(bank_);
  if (!o_.auth) {
    auto u = w->store->user(o_.local_user);
    if (!u) return u.failure();
    w->local_user_id = *u;
  }
  return w;
}

Response Api::handle(const Request& r, Worker& w) {
  auto t0 = std::chrono::steady_clock::now();
  Response res;
  // A bug must not take the server down: the client sees a plain 500, the
  // operator a log line naming the request.
  std::string failure;
  try {
    res = route(r, w);
  } catch (const std::exception& e) {
    failure = e.what();
  } catch (...) {
    failure = "unknown exception";
  }
  if (!failure.empty()) {
    log_line("internal error on " + clip_utf8(r.method, 16) + " " + clip_utf8(r.path) + ": " +
             failure);
    res = error_response(500, "internal", "internal error; it has been logged");
  }
  if (!has_header(res, "Content-Security-Policy")) {
    res.headers.emplace_back("Content-Security-Policy", kCsp);
    res.headers.emplace_back("X-Frame-Options", "DENY");
  }
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  res.headers.emplace_back("Referrer-Policy", "no-referrer");
  if (r.path.rfind("/api/", 0) == 0) res.headers.emplace_back("Cache-Control", "no-store");
  if (res.route.empty()) res.route = res.status == 404 ? "unknown" : "static";
  metrics_.request(res.route, res.status,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return res;
}

Response Api::route(const Request& r, Worker& w) {
  if (r.path == "/healthz") {
    Response res;
    res.content_type = "text/plain; charset=utf-8";
    res.body = "ok\n";
    res.route = "/healthz";
    return res;
  }
  // With accounts the server may face the internet; metrics are for the
  // machine's own scraper only.
  if (r.path == "/metrics" && (!o_.auth || is_loopback(r.client_ip))) {
    Response res;
    res.content_type = "text/plain; version=0.0.4; charset=utf-8";
    res.body = metrics_.render();
    res.route = "/metrics";
    return res;
  }
  if (auto res =
          over_limit(ip_limiter_, r.client_ip, "too many requests from this address; slow down"))
    return *res;
  if (auto bad = check_origin(r)) return *bad;
  if (r.body.size() > o_.limits.body_bytes)
    return error_response(
        413, "too_large",
        "the request body is larger than " + std::to_string(o_.limits.body_bytes) + " bytes");
  if (r.path.rfind("/api/", 0) == 0) return api(r, w);
  return static_file(r);
}

// Single-user mode has no login, so a page from another site must not be
// able to drive the API: the Host must be this server (no DNS rebinding) and
// a state-changing request must come from our own origin.
std::optional<Response> Api::check_origin(const Request& r) const {
  std::string host = r.header("host");
  if (!o_.auth) {
    std::string h = host_part(host);
    if (!(h == "localhost" || h == "127.0.0.1" || h == "[::1]" || h == o_.host))
      return error_response(403, "forbidden_host", "requests must be addressed to this machine");
  }
  std::string origin = r.header("origin");
  if (state_changing(r.method) && !origin.empty() && origin != "http://" + host &&
      origin != "https://" + host)
    return error_response(403, "forbidden_origin", "cross-origin requests are not allowed");
  return std::nullopt;
}

Response Api::api(const Request& r, Worker& w) {
  const std::string prefix = "/api/v1/";
  if (r.path.rfind(prefix, 0) != 0)
    return error_response(404, "not_found", "no such API: " + clip_utf8(r.path));
  std::string rest = r.path.substr(prefix.size());
  if (rest == "openapi.json") {
    Request f = r;
    f.path = "/openapi.json";
    auto res = static_file(f);
    res.route = "/api/v1/openapi.json";
    return res;
  }
  if (rest == "areas") {  // public, like the bank it comes from
    auto res = r.method == "GET" ? json_response(200, bank::areas_json(bank_.areas))
                                 : error_response(405, "method", "use GET");
    res.route = "/api/v1/areas";
    return res;
  }
  if (state_changing(r.method) && r.header("content-type").rfind("application/json", 0) != 0)
    return error_response(415, "unsupported_media_type", "send the body as application/json");
  if (rest.rfind("auth/", 0) == 0) {
    auto res = auth_route(r, w, rest.substr(5));
    res.route = "/api/v1/" + rest;
    return res;
  }
  auto who = authenticate(r, w, r.header("x-csrf-token"));
  if (auto* bad = std::get_if<Response>(&who)) return *bad;
  const Caller& c = std::get<Caller>(who);
  if (state_changing(r.method))
    if (auto res =
            over_limit(user_limiter_, c.user_id, "too many requests for this user; slow down"))
      return *res;
  if (rest == "sessions") {
    Response res;
    if (r.method == "POST")
      res = create_session(r, w, c);
    else if (r.method == "GET")
      res = list_sessions(w, c);
    else
      res = error_response(405, "method", "use GET or POST");
    res.route = "/api/v1/sessions";
    return res;
  }
  if (rest == "history") {
    auto res = r.method == "GET" ? progress(w, c) : error_response(405, "method", "use GET");
    res.route = "/api/v1/history";
    return res;
  }
  if (rest.rfind("sessions/", 0) == 0) {
    std::string tail = rest.substr(9);
    auto slash = tail.find('/');
    std::string id = tail.substr(0, slash);
    std::string what = slash == std::string::npos ? "" : tail.substr(slash + 1);
    auto res = session_route(r, w, c, id, what);
    res.route = "/api/v1/sessions/{id}" + (what.empty() ? "" : "/" + what);
    return res;
  }
  return error_response(404, "not_found", "no such API: " + clip_utf8(r.path));
}

std::variant<Response, Caller> Api::authenticate(const Request& r, Worker& w,
                                                 const std::string& csrf_given) {
  Caller c;
  if (!o_.auth) {
    c.user_id = w.local_user_id;
    c.user_name = o_.local_user;
    return c;
  }
  auto cookies = parse_cookies(r.header("cookie"));
  auto it = cookies.find(kSessionCookie);
  if (it == cookies.end()) return error_response(401, "unauthenticated", "log in first");
  c.token_hash = token_hash(it->second);
  auto t = w.store->token(c.token_hash, static_cast<int64_t>(std::time(nullptr)));
  if (!t) return failure_response(t.failure(), "store");
  if (!*t) return error_response(401, "unauthenticated", "your login has expired or was revoked");
  c.user_id = (*t)->user_id;
  c.user_name = (*t)->user_name;
  c.csrf = (*t)->csrf;
  if ((state_changing(r.method) || r.header("upgrade") != "") && !same_secret(csrf_given, c.csrf))
    return error_response(403, "csrf", "missing or wrong CSRF token");
  return c;
}

std::variant<Response, VoiceAccess> Api::voice_access(const Request& r, Worker& w) {
  auto fail = [&](Response res) {
    res.route = "/api/v1/sessions/{id}/voice";
    metrics_.request(res.route, res.status, 0);
    return res;
  };
  if (auto res =
          over_limit(ip_limiter_, r.client_ip, "too many requests from this address; slow down"))
    return fail(*res);
  // Browsers do not apply the same-origin policy to WebSockets, so a page
  // from another site could open one with the user's cookies. A browser
  // always sends Origin: when present it must be ours. (Programs that send
  // none are not a browser being abused, and still need the login cookie
  // and CSRF token with --auth.)
  std::string host = r.header("host"), origin = r.header("origin");
  if (!origin.empty() && origin != "http://" + host && origin != "https://" + host)
    return fail(error_response(403, "forbidden_origin",
                               "a voice connection must come from this server's own pages"));
  if (auto bad = check_origin(r)) return fail(*bad);
  const std::string prefix = "/api/v1/sessions/", suffix = "/voice";
  if (r.method != "GET" || r.path.rfind(prefix, 0) != 0 ||
      r.path.size() <= prefix.size() + suffix.size() ||
      r.path.compare(r.path.size() - suffix.size(), suffix.size(), suffix) != 0)
    return fail(error_response(404, "not_found", "no WebSocket at " + clip_utf8(r.path)));
  std::string id = r.path.substr(prefix.size(), r.path.size() - prefix.size() - suffix.size());
  auto who = authenticate(r, w, query_param(r.query, "csrf"));
  if (auto* bad = std::get_if<Response>(&who)) return fail(*bad);
  VoiceAccess a;
  a.caller = std::get<Caller>(who);
  a.session_id = id;
  auto info = w.store->info(id);
  if (!info || info->user != a.caller.user_id)
    return fail(error_response(404, "not_found", "no session with id '" + clip_utf8(id) + "'"));
  if (info->status == "finished")
    return fail(error_response(409, "finished", "this interview has ended"));
  std::string tt = query_param(r.query, "thinking_time");
  if (!tt.empty()) {
    char* end = nullptr;
    double v = std::strtod(tt.c_str(), &end);
    if (end == tt.c_str() || *end != '\0') v = -1;
    if (auto bad = bad_thinking_time(v)) return fail(*bad);
    a.thinking_time = v;
  }
  metrics_.request("/api/v1/sessions/{id}/voice", 101, 0);
  return a;
}

Response Api::auth_route(const Request& r, Worker& w, const std::string& what) {
  if (what == "me" && r.method == "GET") {
    if (!o_.auth) return json_response(200, {{"user", o_.local_user}, {"auth", false}});
    auto cookies = parse_cookies(r.header("cookie"));
    auto it = cookies.find(kSessionCookie);
    if (it == cookies.end()) return error_response(401, "unauthenticated", "log in first");
    auto t = w.store->token(token_hash(it->second), static_cast<int64_t>(std::time(nullptr)));
    if (!t) return failure_response(t.failure(), "store");
    if (!*t) return error_response(401, "unauthenticated", "your login has expired or was revoked");
    return json_response(200, {{"user", (*t)->user_name}, {"auth", true}, {"csrf", (*t)->csrf}});
  }
  if (!o_.auth)
    return error_response(404, "not_found",
                          "accounts are off: this server runs in single-user mode");
  if (r.method != "POST") return error_response(405, "method", "use POST");
  const bool secure = o_.secure_cookies;
  auto clear = [secure](Response res) {
    res.headers.emplace_back("Set-Cookie", session_cookie("", 0, secure));
    res.headers.emplace_back("Set-Cookie", csrf_cookie("", 0, secure));
    return res;
  };
  if (what == "logout") {
    auto cookies = parse_cookies(r.header("cookie"));
    auto it = cookies.find(kSessionCookie);
    if (it == cookies.end()) return error_response(401, "unauthenticated", "log in first");
    std::string h = token_hash(it->second);
    auto t = w.store->token(h, static_cast<int64_t>(std::time(nullptr)));
    if (!t) return failure_response(t.failure(), "store");
    if (!*t) return clear(error_response(401, "unauthenticated", "already logged out"));
    if (!same_secret(r.header("x-csrf-token"), (*t)->csrf))
      return error_response(403, "csrf", "missing or wrong X-CSRF-Token header");
    if (auto st = w.store->revoke_token(h); !st) return failure_response(st.failure(), "store");
    return clear(json_response(200, {{"ok", true}}));
  }
  if (what != "signup" && what != "login") return error_response(404, "not_found", "no such API");
  // Password guessing is slowed per address, well below the general limit.
  if (auto res =
          over_limit(login_limiter_, r.client_ip, "too many login attempts; wait and try again"))
    return *res;
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (!j.is_object() || !j.contains("name") || !j["name"].is_string() || !j.contains("password") ||
      !j["password"].is_string())
    return error_response(400, "bad_request",
                          "expected {\"name\": \"...\", \"password\": \"...\"}");
  std::string name = j["name"], password = j["password"];
  std::string user_id;
  if (what == "signup") {
    bool ok_name = !name.empty() && name.size() <= 64;
    for (char ch : name)
      ok_name = ok_name && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' ||
                            ch == '-' || ch == '.');
    if (!ok_name)
      return error_response(400, "bad_name", "a name is 1-64 letters, digits, '_', '-' or '.'");
    if (password.size() < 8 || password.size() > 1024)
      return error_response(400, "bad_password", "a password is 8 to 1024 characters");
    auto hash = hash_password(password);
    if (!hash) return error_response(500, "hash", hash.error());
    auto id = w.store->create_account(name, *hash);
    if (!id) {
      if (id.code() == ErrorCode::taken)
        return error_response(409, "name_taken", "that name is taken");
      return failure_response(id.failure(), "store");
    }
    user_id = *id;
  } else {
    auto acc = w.store->account(name);
    if (!acc) return failure_response(acc.failure(), "store");
    if (!*acc || !verify_password((*acc)->password_hash, password))
      return error_response(401, "bad_login", "wrong name or password");
    user_id = (*acc)->user_id;
  }
  std::string token = random_token(), csrf = random_token();
  if (auto st = w.store->add_token(token_hash(token), user_id, csrf,
                                   static_cast<int64_t>(std::time(nullptr)) + kTokenLifetimeS);
      !st)
    return failure_response(st.failure(), "store");
  auto res = json_response(what == "signup" ? 201 : 200, {{"user", name}, {"csrf", csrf}});
  res.headers.emplace_back("Set-Cookie", session_cookie(token, kTokenLifetimeS, secure));
  res.headers.emplace_back("Set-Cookie", csrf_cookie(csrf, kTokenLifetimeS, secure));
  return res;
}

Response Api::static_file(const Request& r) const {
  if (r.method != "GET" && r.method != "HEAD") return error_response(405, "method", "use GET");
  auto file = resolve_static(o_.web_dir, r.path);
  std::ifstream in;
  if (file) in.open(*file, std::ios::binary);
  if (!file || !in.is_open())
    return error_response(404, "not_found", "no such page: " + clip_utf8(r.path));
  std::ostringstream ss;
  ss << in.rdbuf();
  Response res;
  res.content_type = static_content_type(*file);
  res.body = ss.str();
  res.headers.emplace_back("Cache-Control", "no-cache");
  return res;
}

}  // namespace spar::server
