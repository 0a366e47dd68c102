// Interview sessions over the API: create, list, read, answer, end, report.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <limits>
#include <optional>
#include <random>
#include <sstream>

#include "practice/practice.h"
#include "report/report.h"
#include "server/api.h"
#include "server/auth.h"

namespace spar::server {
namespace {

Response not_found(const std::string& id) {
  return error_response(404, "not_found", "no session with id '" + clip_utf8(id) + "'");
}

nlohmann::json info_json(const store::SessionInfo& i) {
  nlohmann::json j = {
      {"id", i.id},          {"started_at", i.started_at}, {"updated_at", i.updated_at},
      {"areas", i.areas},    {"level", i.level},           {"status", i.status},
      {"version", i.version}};
  j["score"] = i.score < 0 ? nlohmann::json(nullptr) : nlohmann::json(i.score);
  return j;
}

// A list of names as a JSON array of strings or one comma-separated
// string; nullopt for anything else.
std::optional<std::vector<std::string>> string_list(const nlohmann::json& j) {
  std::vector<std::string> out;
  if (j.is_string()) {
    std::string s = j, x;
    for (char ch : s + ",") {
      if (ch == ',') {
        if (!x.empty()) out.push_back(x);
        x.clear();
      } else if (ch != ' ') {
        x += ch;
      }
    }
    return out;
  }
  if (!j.is_array()) return std::nullopt;
  for (const auto& e : j) {
    if (!e.is_string()) return std::nullopt;
    out.push_back(e);
  }
  return out;
}

// Field `name` of object `j` as a string: `fallback` when absent, nullopt
// when it is not a string.
std::optional<std::string> string_field(const nlohmann::json& j, const char* name,
                                        const std::string& fallback) {
  auto it = j.find(name);
  if (it == j.end()) return fallback;
  if (!it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// A whole number from lo to hi, checked before it is narrowed (a number
// past 2^32 must not wrap into range); nullopt otherwise.
std::optional<int> int_in(const nlohmann::json& v, int lo, int hi) {
  if (v.is_number_unsigned()) {
    auto u = v.get<uint64_t>();
    if (u < static_cast<uint64_t>(std::max(lo, 0)) || u > static_cast<uint64_t>(hi))
      return std::nullopt;
    return static_cast<int>(u);
  }
  if (!v.is_number_integer()) return std::nullopt;
  auto i = v.get<int64_t>();
  if (i < lo || i > hi) return std::nullopt;
  return static_cast<int>(i);
}

}  // namespace

int64_t parse_version(std::string v) {
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
    return -1;
  return std::stoll(v);
}

std::optional<Response> bad_thinking_time(double seconds) {
  if (seconds >= 0.5 && seconds <= 30) return std::nullopt;
  return error_response(400, "bad_thinking_time", "thinking_time is seconds from 0.5 to 30");
}

nlohmann::json turn_json(const interview::Turn& t) {
  nlohmann::json j = {{"role", to_string(t.role)},
                      {"kind", to_string(t.kind)},
                      {"question", t.question},
                      {"text", t.text}};
  if (!t.stage.empty()) j["stage"] = t.stage;
  return j;
}

nlohmann::json last_turn(const interview::Session& s) {
  for (auto it = s.turns.rbegin(); it != s.turns.rend(); ++it)
    if (it->by_interviewer())
      return {{"kind", to_string(it->kind)}, {"question", it->question}, {"text", it->text}};
  return nullptr;
}

Response Api::session_route(const Request& r, Worker& w, const Caller& c, const std::string& id,
                            const std::string& what) {
  auto info = w.store->info(id);
  // Someone else's session is indistinguishable from a missing one.
  if (!info || info->user != c.user_id) return not_found(id);
  if (what.empty() && r.method == "GET") return get_session(w, id, *info);
  if (what == "answers" && r.method == "POST") return answer(r, w, c, *info);
  if (what == "end" && r.method == "POST") return end(w, *info);
  if (what == "report" && r.method == "GET") return report(r, w, *info);
  return error_response(404, "not_found",
                        "no such API: " + clip_utf8(r.method, 16) + " " + clip_utf8(r.path));
}

Response Api::create_session(const Request& r, Worker& w, const Caller& c) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (!j.is_object()) return error_response(400, "bad_request", "the body must be a JSON object");
  interview::PlanRequest req;
  auto areas = string_list(j.value("areas", nlohmann::json::array()));
  if (!areas)
    return error_response(400, "bad_areas",
                          "areas is a list of area names or one comma-separated string");
  req.areas = *areas;
  auto level_name = string_field(j, "level", "mid");
  auto level = level_name ? bank::parse_level(*level_name) : std::nullopt;
  if (!level) return error_response(400, "bad_level", "level is junior, mid or senior");
  req.level = *level;
  auto minutes = int_in(j.value("minutes", nlohmann::json(30)), 1, 240);
  if (!minutes)
    return error_response(400, "bad_minutes", "minutes is a whole number from 1 to 240");
  req.minutes = *minutes;
  auto mode_name = string_field(j, "mode", "text");
  if (!mode_name || (*mode_name != "text" && *mode_name != "voice"))
    return error_response(400, "bad_mode", "mode is \"text\" or \"voice\"");
  const std::string& mode = *mode_name;
  double thinking_time = VoiceAccess{}.thinking_time;
  if (j.contains("thinking_time")) {
    auto& tt = j["thinking_time"];
    thinking_time = tt.is_number() ? tt.get<double>() : -1;
    if (auto bad = bad_thinking_time(thinking_time)) return *bad;
  }
  auto questions = string_list(j.value("questions", nlohmann::json::array()));
  if (!questions)
    return error_response(400, "bad_questions",
                          "questions is a list of question ids or one comma-separated string");
  req.questions = *questions;
  std::random_device rd;
  req.seed = (static_cast<uint64_t>(rd()) << 32) | rd();
  if (auto h = w.store->history(c.user_id, static_cast<int64_t>(std::time(nullptr))))
    req.history = *h;
  auto plan = interview::make_plan(bank_, req);
  if (!plan) return error_response(400, "bad_plan", plan.error());
  auto s = w.iv->begin({req.areas, req.level, req.minutes, req.seed}, *plan);
  auto created = w.store->create_session(c.user_id, s);
  if (!created) return failure_response(created.failure(), "store");
  metrics_.touch_session(s.id, false);
  nlohmann::json body = {{"id", s.id},
                         {"version", created->version},
                         {"turn", last_turn(s)},
                         {"finished", s.finished},
                         {"seconds_left", s.seconds_left()},
                         {"mode", mode}};
  // The spoken interview runs over this WebSocket (voice.h).
  if (mode == "voice") {
    std::ostringstream tt;
    tt << thinking_time;
    body["voice_url"] = "/api/v1/sessions/" + s.id + "/voice?thinking_time=" + tt.str();
  }
  auto res = json_response(201, body);
  res.headers.emplace_back("Location", "/api/v1/sessions/" + s.id);
  res.headers.emplace_back("ETag", "\"" + std::to_string(created->version) + "\"");
  return res;
}

Response Api::progress(Worker& w, const Caller& c) {
  auto p = practice::progress(*w.store, c.user_id);
  if (!p) return failure_response(p.failure(), "store");
  return json_response(200, *p);
}

Response Api::list_sessions(Worker& w, const Caller& c) {
  auto all = w.store->list(c.user_id);
  if (!all) return failure_response(all.failure(), "store");
  nlohmann::json a = nlohmann::json::array();
  for (const auto& i : *all) a.push_back(info_json(i));
  return json_response(200, {{"sessions", a}});
}

Response Api::get_session(Worker& w, const std::string& id, const store::SessionInfo& info) {
  auto s = w.store->load(id);
  if (!s) return failure_response(s.failure(), "store");
  nlohmann::json turns = nlohmann::json::array();
  for (const auto& t : s->turns) turns.push_back(turn_json(t));
  auto j = info_json(info);
  j["finished"] = s->finished;
  j["minutes"] = s->minutes;
  j["seconds_left"] = s->seconds_left();
  j["turns"] = turns;
  j["turn"] = last_turn(*s);
  auto res = json_response(200, j);
  res.headers.emplace_back("ETag", "\"" + std::to_string(info.version) + "\"");
  return res;
}

Response Api::answer(const Request& r, Worker& w, const Caller& c, const store::SessionInfo& info) {
  std::string key = r.header("idempotency-key");
  if (key.size() > 200)
    return error_response(400, "bad_idempotency_key", "Idempotency-Key is too long");
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  interview::Utterance u;
  if (j.is_object() && j.contains("text") && j["text"].is_string() && !j.contains("command")) {
    u.text = j["text"];
  } else if (j.is_object() && j.contains("command") && j["command"].is_string() &&
             !j.contains("text")) {
    u.command = j["command"];
  } else {
    return error_response(400, "bad_request",
                          "expected {\"text\": \"...\"} or {\"command\": \"skip|hint|repeat\"}");
  }
  std::string if_match = r.header("if-match");
  int64_t expected = -1;
  if (!if_match.empty()) {
    expected = parse_version(if_match);
    if (expected < 0) expected = std::numeric_limits<int64_t>::max();  // never matches: 409
  }
  return apply_utterance(w, c, info, u, key, expected);
}

Response Api::apply_utterance(Worker& w, const Caller& c, const store::SessionInfo& info,
                              const interview::Utterance& u, const std::string& key,
                              int64_t if_match) {
  auto t0 = std::chrono::steady_clock::now();
  // A retry of a request already applied gets the stored response again;
  // the same key on a different request is a client bug, not a retry.
  const std::string fingerprint =
      key.empty() ? "" : token_hash(info.id + '\x1f' + u.command + '\x1f' + u.text);
  auto replay = [&]() -> std::optional<Response> {
    if (key.empty()) return std::nullopt;
    auto prior = w.store->idempotent_response(c.user_id, key);
    if (!prior || !*prior) return std::nullopt;
    if ((*prior)->session_id != info.id)
      return error_response(409, "idempotency_key_reused",
                            "this Idempotency-Key was used for another session");
    if (!(*prior)->request_hash.empty() && (*prior)->request_hash != fingerprint)
      return error_response(422, "idempotency_key_mismatch",
                            "this Idempotency-Key was used for a different answer; send a new "
                            "key for a new answer");
    Response res;
    res.body = (*prior)->response;
    res.headers.emplace_back("Idempotent-Replayed", "true");
    return res;
  };
  if (auto res = replay()) return *res;
  if (u.command.empty() && u.text.find_first_not_of(" \t\r\n") == std::string::npos)
    return error_response(400, "empty_answer", "the answer is empty");
  if (!u.command.empty() && u.command != "skip" && u.command != "hint" && u.command != "repeat")
    return error_response(400, "bad_command", "command is skip, hint or repeat");
  if (if_match >= 0 && if_match != info.version)
    return error_response(
        409, "stale_version",
        "the session has changed (version " + std::to_string(info.version) + "); reload it");
  auto s = w.store->load(info.id);
  if (!s) return failure_response(s.failure(), "store");
  if (s->finished) return error_response(409, "finished", "this interview has ended");
  auto next = w.iv->step(std::move(*s), u);
  if (!next) {
    if (next.code() == ErrorCode::invalid) return error_response(400, "bad_answer", next.error());
    return failure_response(next.failure(), "interview");
  }
  nlohmann::json body = {{"version", info.version + 1},
                         {"turn", last_turn(*next)},
                         {"finished", next->finished},
                         {"seconds_left", next->seconds_left()}};
  auto saved = key.empty() ? w.store->save(*next, info.version)
                           : w.store->save_idempotent(*next, info.version, c.user_id, key,
                                                      dump_json(body), fingerprint);
  if (!saved) {
    // Lost a race: a duplicate of this request may have won it.
    if (auto res = replay()) return *res;
    if (saved.code() == ErrorCode::conflict)
      return error_response(409, "stale_version", "the session changed while answering; reload it");
    return failure_response(saved.failure(), "store");
  }
  metrics_.touch_session(info.id, next->finished);
  metrics_.turn(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  auto res = json_response(200, body);
  res.headers.emplace_back("ETag", "\"" + std::to_string(*saved) + "\"");
  return res;
}

Response Api::end(Worker& w, const store::SessionInfo& info) {
  auto s = w.store->load(info.id);
  if (!s) return failure_response(s.failure(), "store");
  store::SessionInfo now = info;
  if (!s->finished) {
    *s = w.iv->end(std::move(*s), "candidate");
    auto v = w.store->save(*s, info.version);
    if (!v) {
      if (v.code() == ErrorCode::conflict)
        return error_response(409, "stale_version", "the session changed; try again");
      return failure_response(v.failure(), "store");
    }
    now.version = *v;
  }
  metrics_.touch_session(info.id, true);
  auto rep = practice::report(*w.store, *w.iv, *s, now, true);
  if (!rep) return failure_response(rep.failure(), "report");
  return json_response(200, *rep);
}

Response Api::report(const Request& r, Worker& w, const store::SessionInfo& info) {
  std::string format = query_param(r.query, "format");
  if (format.empty()) format = "json";
  if (format != "json" && format != "html" && format != "md")
    return error_response(400, "bad_format", "format is json, html or md");
  auto s = w.store->load(info.id);
  if (!s) return failure_response(s.failure(), "store");
  if (!s->finished)
    return error_response(409, "not_finished", "the interview is still going; end it first");
  // Reading a report writes nothing, except the first time for a session
  // that ended by running out of questions or time (never sent to /end).
  auto rep = practice::report(*w.store, *w.iv, *s, info, info.score < 0);
  if (!rep) return failure_response(rep.failure(), "report");
  Response res;
  if (format == "json") return json_response(200, *rep);
  if (format == "md") {
    res.content_type = "text/markdown; charset=utf-8";
    res.body = report::render_markdown(*rep);
    return res;
  }
  // The HTML report is one self-contained file with inline CSS and no
  // scripts; it may be framed by our own report page only.
  res.content_type = "text/html; charset=utf-8";
  res.body = report::render_html(*rep);
  res.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                           "frame-ancestors 'self'; base-uri 'none'; form-action 'none'");
  res.headers.emplace_back("X-Frame-Options", "SAMEORIGIN");
  return res;
}

}  // namespace spar::server
