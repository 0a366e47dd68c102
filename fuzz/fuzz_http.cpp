// The HTTP request path: Api::handle with arbitrary methods, targets,
// headers and bodies, on a scratch SQLite database and the shipped bank, in
// single-user mode and with accounts (--auth).
//
// An input is one or more requests separated by a line "%%". Each request is
// written like HTTP/1.1 without the version: "METHOD TARGET", header lines
// "Name: value", an empty line, then the body. An input starting with the
// line "@auth" runs against the server with accounts. A GET with
// "Upgrade: websocket" goes to voice_access() as the transport sends it. Placeholders reach
// state an attacker would know: {sid} is the id of the last session a
// response named, {token} the login cookie's value and {csrf} the CSRF token
// (an account exists from the start; a signup or login replaces them).
//
// Checked: nothing crashes; no request gets a 500 (a bug: every failure has
// its own status); a JSON response is valid JSON; a static file served is a
// file of web/ (nothing outside it is ever served).
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "fuzz_common.h"
#include "server/api.h"
#include "server/auth.h"

using namespace spar;
namespace fs = std::filesystem;

namespace {

// The contents of every file under web/: what a static response may be.
std::set<std::string> web_files(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    out.insert(ss.str());
  }
  return out;
}

// One server configuration: its Api, one worker, and the placeholders' values.
struct Target {
  server::Options options;
  std::unique_ptr<server::Api> api;
  std::unique_ptr<server::Worker> worker;
  std::string sid, token, csrf, account;
  int runs = 0;

  explicit Target(bool auth) {
    options.auth = auth;
    options.db_path = (fuzz::scratch_dir() / (auth ? "auth.db" : "local.db")).string();
    options.web_dir = (fuzz::source_dir() / "web").string();
    options.tts_voice = "slt";
    // Rate limits would turn every request after the first hundred into a
    // 429; they have their own tests.
    auto& l = options.limits;
    l.ip_rate = l.ip_burst = l.user_rate = l.user_burst = l.login_rate = l.login_burst = 1e12;
    api = std::make_unique<server::Api>(options, fuzz::shipped_bank());
    reset();
  }

  // A fresh database now and then, so it stays small and listing stays fast.
  void reset() {
    worker.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(options.db_path + suffix);
    auto w = api->make_worker();
    if (!w) fuzz::fail("cannot open the scratch database: " + w.error(), "");
    worker = std::move(*w);
    sid.clear();
    account.clear();
    if (options.auth) {
      static const std::string hash = [] {
        auto h = server::hash_password("fuzz-password");
        if (!h) fuzz::fail("hash_password: " + h.error(), "");
        return *h;
      }();
      auto id = worker->store->create_account("fuzz", hash);
      if (!id) fuzz::fail("create_account: " + id.error(), "");
      account = *id;
    }
  }

  // Each input starts logged in afresh (an earlier input may have logged out).
  void start_input() {
    if (++runs % 2000 == 0) reset();
    sid.clear();
    token = csrf = "";
    if (!options.auth) return;
    token = server::random_token();
    csrf = server::random_token();
    auto st = worker->store->add_token(server::token_hash(token), account, csrf, int64_t(1) << 40);
    if (!st) fuzz::fail("add_token: " + st.error(), "");
  }
};

std::string substitute(std::string s, const Target& t) {
  const std::pair<const char*, const std::string*> vars[] = {
      {"{sid}", &t.sid}, {"{token}", &t.token}, {"{csrf}", &t.csrf}};
  for (const auto& [name, value] : vars)
    for (size_t at = s.find(name); at != std::string::npos; at = s.find(name, at + value->size()))
      s.replace(at, std::string_view(name).size(), *value);
  return s;
}

server::Request parse_request(std::string_view text, const Target& t) {
  server::Request r;
  r.client_ip = "127.0.0.1";
  size_t at = 0;
  auto line = [&]() -> std::optional<std::string_view> {
    if (at >= text.size()) return std::nullopt;
    size_t e = text.find('\n', at);
    if (e == std::string_view::npos) e = text.size();
    auto l = text.substr(at, e - at);
    at = e + 1;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
  };
  auto first = line().value_or("");
  auto sp = first.find(' ');
  r.method = std::string(first.substr(0, sp));
  std::string target =
      sp == std::string_view::npos ? "" : substitute(std::string(first.substr(sp + 1)), t);
  auto q = target.find('?');
  r.path = target.substr(0, q);
  r.query = q == std::string::npos ? "" : target.substr(q + 1);
  while (auto l = line()) {
    if (l->empty()) break;
    auto colon = l->find(':');
    std::string name(l->substr(0, colon));
    for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    std::string value;
    if (colon != std::string_view::npos) {
      value = std::string(l->substr(colon + 1));
      value.erase(0, value.find_first_not_of(' '));
    }
    r.headers[name] = substitute(value, t);
  }
  if (at < text.size()) r.body = substitute(std::string(text.substr(at)), t);
  return r;
}

void check(const server::Request& req, const server::Response& res, std::string_view input,
           Target& t) {
  static const std::set<std::string> web = web_files(fuzz::source_dir() / "web");
  if (res.status >= 500 && res.status != 503)
    fuzz::fail("status " + std::to_string(res.status) + " for " + req.method + " " + req.path +
                   ": " + res.body,
               input);
  if (res.content_type == "application/json") {
    auto j = nlohmann::json::parse(res.body, nullptr, false);
    if (j.is_discarded()) fuzz::fail("a JSON response that is not JSON: " + res.body, input);
    if (j.is_object() && j.contains("id") && j["id"].is_string()) t.sid = j["id"];
    if (j.is_object() && j.contains("csrf") && j["csrf"].is_string()) t.csrf = j["csrf"];
  }
  if (res.status == 200 && res.route == "static" && !web.count(res.body))
    fuzz::fail("served something that is not a file of web/: " + req.path, input);
  const std::string cookie = std::string(server::kSessionCookie) + "=";
  for (const auto& [k, v] : res.headers)
    if (k == "Set-Cookie" && v.rfind(cookie, 0) == 0 && v.size() > cookie.size() &&
        v[cookie.size()] != ';')
      t.token = v.substr(cookie.size(), v.find(';') - cookie.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool init = server::auth_init();
  static Target local(false), with_auth(true);
  (void)init;
  std::string_view input = fuzz::as_text(data, size);
  std::string_view rest = input;
  Target* t = &local;
  if (rest.rfind("@auth\n", 0) == 0) {
    t = &with_auth;
    rest.remove_prefix(6);
  }
  t->start_input();
  for (int n = 0; n < 8 && !rest.empty(); ++n) {
    size_t sep = rest.find("\n%%\n");
    auto one = rest.substr(0, sep);
    rest = sep == std::string_view::npos ? std::string_view() : rest.substr(sep + 4);
    auto req = parse_request(one, *t);
    // As the transport does: a WebSocket upgrade goes to voice_access().
    std::string upgrade = req.header("upgrade");
    for (char& c : upgrade) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (req.method == "GET" && upgrade == "websocket") {
      auto access = t->api->voice_access(req, *t->worker);
      if (auto* res = std::get_if<server::Response>(&access)) check(req, *res, input, *t);
      continue;
    }
    auto res = t->api->handle(req, *t->worker);
    check(req, res, input, *t);
  }
  return 0;
}
