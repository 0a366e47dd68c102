#include <sqlite3.h>

#include <cstdlib>
#include <ctime>
#include <random>

#include "store/sqlite_internal.h"
#include "store/store.h"

namespace spar::store {
namespace {

using detail::Connection;
using detail::Stmt;

int64_t now_seconds() {
  return static_cast<int64_t>(std::time(nullptr));
}

std::string random_id() {
  std::random_device rd;
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 10; ++i) s += hex[rd() % 16];
  return s;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b < s.size()) {
    size_t e = s.find(',', b);
    if (e == std::string::npos) e = s.size();
    if (e > b) out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

// A session as stored: the transcript goes row by row into `turns` (only the
// new ones on each save) and the rest of the state into one column, so a
// turn writes a few kilobytes however long the interview has been.
struct Serialized {
  nlohmann::json turns;  // to_json(s)["turns"]
  std::string rest;      // to_json(s) without "turns", as text
};

Serialized serialize(const interview::Session& s) {
  auto j = to_json(s);
  Serialized out;
  out.turns = std::move(j["turns"]);
  j.erase("turns");
  out.rest = j.dump();
  return out;
}

class SqliteStore final : public Store, public Connection {
 public:
  using Connection::Connection;

  Result<std::string> user(const std::string& name) override {
    return transaction([&]() -> Result<std::string> {
      Stmt q(db_, "SELECT id FROM users WHERE name = ?");
      q.bind(1, name);
      int rc = q.step();
      if (rc == SQLITE_ROW) return q.text(0);
      if (rc != SQLITE_DONE) return fail("looking up user");
      std::string id = "u-" + random_id();
      Stmt ins(db_, "INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)");
      ins.bind(1, id).bind(2, name).bind(3, now_seconds());
      if (ins.step() != SQLITE_DONE) return fail("creating user");
      return id;
    });
  }

  // `turns` is to_json(s)["turns"], made by the caller before the transaction.
  Status append_turns(const interview::Session& s, const nlohmann::json& turns, int64_t from) {
    for (size_t i = static_cast<size_t>(from); i < s.turns.size(); ++i) {
      const auto& t = s.turns[i];
      const nlohmann::json& body = turns[i];
      Stmt ins(db_,
               "INSERT INTO turns (session_id, idx, role, kind, question, body, at) VALUES (?, ?, "
               "?, ?, ?, ?, ?)");
      ins.bind(1, s.id)
          .bind(2, static_cast<int64_t>(i))
          .bind(3, std::string(to_string(t.role)))
          .bind(4, std::string(to_string(t.kind)))
          .bind(5, t.question)
          .bind(6, body.dump())
          .bind(7, t.at);
      if (ins.step() != SQLITE_DONE) return fail("appending turn");
    }
    return Ok{};
  }

  Result<SessionInfo> create_session(const std::string& user_id, interview::Session& s) override {
    if (s.id.empty()) s.id = random_id();
    const Serialized state = serialize(s);
    auto r = transaction([&]() -> Result<int64_t> {
      Stmt ins(
          db_,
          "INSERT INTO sessions (id, user_id, started_at, updated_at, areas, level, status, score, "
          "version, state) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 1, ?)");
      int64_t now = now_seconds();
      ins.bind(1, s.id)
          .bind(2, user_id)
          .bind(3, now)
          .bind(4, now)
          .bind(5, join(s.areas))
          .bind(6, std::string(bank::to_string(s.level)))
          .bind(7, std::string(s.finished ? "finished" : "active"))
          .bind(8, state.rest);
      if (ins.step() != SQLITE_DONE) return fail("creating session");
      if (auto st = append_turns(s, state.turns, 0); !st) return st.failure();
      return int64_t{1};
    });
    if (!r) return r.failure();
    return info(s.id);
  }

  // The session is serialised before the write transaction starts, so the
  // database stays locked only for the SQL itself.
  Result<int64_t> save(const interview::Session& s, int64_t expected) override {
    const Serialized state = serialize(s);
    return transaction([&]() -> Result<int64_t> { return save_locked(s, state, expected); });
  }

  Result<int64_t> save_idempotent(const interview::Session& s, int64_t expected,
                                  const std::string& user_id, const std::string& key,
                                  const std::string& response,
                                  const std::string& request_hash) override {
    const Serialized state = serialize(s);
    return transaction([&]() -> Result<int64_t> {
      Stmt q(db_, "SELECT session_id FROM idempotency_keys WHERE user_id = ? AND idem_key = ?");
      q.bind(1, user_id).bind(2, key);
      int rc = q.step();
      if (rc == SQLITE_ROW)
        return make_error(ErrorCode::taken, "idempotency key '" + key + "' was already used");
      if (rc != SQLITE_DONE) return fail("reading idempotency key");
      auto v = save_locked(s, state, expected);
      if (!v) return v;
      // Retries come within minutes; a week of keys is plenty and keeps the table small.
      Stmt old(db_, "DELETE FROM idempotency_keys WHERE user_id = ? AND created_at < ?");
      old.bind(1, user_id).bind(2, now_seconds() - 7 * 24 * 3600);
      if (old.step() != SQLITE_DONE) return fail("pruning idempotency keys");
      Stmt ins(db_,
               "INSERT INTO idempotency_keys (user_id, idem_key, session_id, response, created_at, "
               "request_hash) VALUES (?, ?, ?, ?, ?, ?)");
      ins.bind(1, user_id).bind(2, key).bind(3, s.id).bind(4, response).bind(5, now_seconds());
      ins.bind(6, request_hash);
      if (ins.step() != SQLITE_DONE) return fail("recording idempotency key");
      return v;
    });
  }

  Result<std::optional<IdempotentResponse>> idempotent_response(const std::string& user_id,
                                                                const std::string& key) override {
    Stmt q(db_,
           "SELECT session_id, response, request_hash FROM idempotency_keys "
           "WHERE user_id = ? AND idem_key = ?");
    q.bind(1, user_id).bind(2, key);
    int rc = q.step();
    if (rc == SQLITE_ROW)
      return std::optional<IdempotentResponse>(IdempotentResponse{q.text(0), q.text(1), q.text(2)});
    if (rc != SQLITE_DONE) return fail("reading idempotency key");
    return std::optional<IdempotentResponse>();
  }

  Result<std::string> create_account(const std::string& name,
                                     const std::string& password_hash) override {
    return transaction([&]() -> Result<std::string> {
      Stmt q(db_, "SELECT id FROM users WHERE name = ?");
      q.bind(1, name);
      int rc = q.step();
      if (rc == SQLITE_ROW) return make_error(ErrorCode::taken, "the name '" + name + "' is taken");
      if (rc != SQLITE_DONE) return fail("looking up user");
      std::string id = "u-" + random_id();
      Stmt ins(db_, "INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)");
      ins.bind(1, id).bind(2, name).bind(3, now_seconds());
      if (ins.step() != SQLITE_DONE) return fail("creating user");
      Stmt acc(db_, "INSERT INTO accounts (user_id, password_hash, created_at) VALUES (?, ?, ?)");
      acc.bind(1, id).bind(2, password_hash).bind(3, now_seconds());
      if (acc.step() != SQLITE_DONE) return fail("creating account");
      return id;
    });
  }

  Result<std::optional<Account>> account(const std::string& name) override {
    Stmt q(db_,
           "SELECT a.user_id, a.password_hash FROM accounts a JOIN users u ON u.id = a.user_id "
           "WHERE u.name = ?");
    q.bind(1, name);
    int rc = q.step();
    if (rc == SQLITE_ROW) return std::optional<Account>(Account{q.text(0), q.text(1)});
    if (rc != SQLITE_DONE) return fail("reading account");
    return std::optional<Account>();
  }

  Status add_token(const std::string& token_hash, const std::string& user_id,
                   const std::string& csrf, int64_t expires_at) override {
    Stmt purge(db_, "DELETE FROM auth_tokens WHERE user_id = ? AND expires_at <= ?");
    purge.bind(1, user_id).bind(2, now_seconds());
    if (purge.step() != SQLITE_DONE) return fail("removing expired login tokens");
    Stmt ins(db_,
             "INSERT INTO auth_tokens (token_hash, user_id, csrf, created_at, expires_at) "
             "VALUES (?, ?, ?, ?, ?)");
    ins.bind(1, token_hash)
        .bind(2, user_id)
        .bind(3, csrf)
        .bind(4, now_seconds())
        .bind(5, expires_at);
    if (ins.step() != SQLITE_DONE) return fail("saving login token");
    return Ok{};
  }

  Result<std::optional<TokenInfo>> token(const std::string& token_hash, int64_t now) override {
    Stmt q(db_,
           "SELECT t.user_id, u.name, t.csrf FROM auth_tokens t JOIN users u ON u.id = t.user_id "
           "WHERE t.token_hash = ? AND t.expires_at > ?");
    q.bind(1, token_hash).bind(2, now);
    int rc = q.step();
    if (rc == SQLITE_ROW)
      return std::optional<TokenInfo>(TokenInfo{q.text(0), q.text(1), q.text(2)});
    if (rc != SQLITE_DONE) return fail("reading login token");
    return std::optional<TokenInfo>();
  }

  Status revoke_token(const std::string& token_hash) override {
    Stmt del(db_, "DELETE FROM auth_tokens WHERE token_hash = ?");
    del.bind(1, token_hash);
    if (del.step() != SQLITE_DONE) return fail("revoking login token");
    return Ok{};
  }

  // save() without its own transaction.
  Result<int64_t> save_locked(const interview::Session& s, const Serialized& state,
                              int64_t expected) {
    {
      Stmt q(db_, "SELECT version FROM sessions WHERE id = ?");
      q.bind(1, s.id);
      int rc = q.step();
      if (rc == SQLITE_DONE)
        return make_error(ErrorCode::not_found, "no session with id '" + s.id + "'");
      if (rc != SQLITE_ROW) return fail("reading session version");
      int64_t version = q.integer(0);
      if (version != expected)
        return make_error(ErrorCode::conflict, "version conflict on session " + s.id +
                                                   ": expected " + std::to_string(expected) +
                                                   ", stored " + std::to_string(version));
      Stmt c(db_, "SELECT COUNT(*) FROM turns WHERE session_id = ?");
      c.bind(1, s.id);
      if (c.step() != SQLITE_ROW) return fail("counting turns");
      int64_t stored = c.integer(0);
      if (stored > static_cast<int64_t>(s.turns.size()))
        return make_error(
            ErrorCode::conflict,
            "session " + s.id + " has fewer turns than stored; refusing to lose turns");
      if (auto st = append_turns(s, state.turns, stored); !st) return st.failure();
      Stmt up(
          db_,
          "UPDATE sessions SET state = ?, status = ?, updated_at = ?, version = ? WHERE id = ?");
      up.bind(1, state.rest)
          .bind(2, std::string(s.finished ? "finished" : "active"))
          .bind(3, now_seconds())
          .bind(4, version + 1)
          .bind(5, s.id);
      if (up.step() != SQLITE_DONE) return fail("saving session");
      return version + 1;
    }
  }

  // The state row and the turns are read in one snapshot, so a save
  // committed in between cannot pair one version's state with another's turns.
  Result<interview::Session> load(const std::string& id) override {
    if (auto st = exec("BEGIN"); !st) return st.failure();
    auto r = load_snapshot(id);
    // A read transaction left open would make this connection's next BEGIN fail.
    if (auto st = exec("COMMIT"); !st) {
      (void)exec("ROLLBACK");
      if (r) return st.failure();
    }
    return r;
  }

  Result<interview::Session> load_snapshot(const std::string& id) {
    Stmt q(db_, "SELECT state FROM sessions WHERE id = ?");
    q.bind(1, id);
    int rc = q.step();
    if (rc != SQLITE_ROW) {
      if (rc == SQLITE_DONE)
        return make_error(ErrorCode::not_found, "no session with id '" + id + "' in " + path_);
      return fail("loading session");
    }
    auto j = nlohmann::json::parse(q.text(0), nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return make_error(ErrorCode::corrupt, path_ + ": session " + id + " has corrupt state");
    // The transcript lives in the turns table (states written before this
    // change also carry a copy; the table is the one kept up to date).
    nlohmann::json turns = nlohmann::json::array();
    Stmt t(db_, "SELECT body FROM turns WHERE session_id = ? ORDER BY idx");
    t.bind(1, id);
    while ((rc = t.step()) == SQLITE_ROW) {
      auto body = nlohmann::json::parse(t.text(0), nullptr, false);
      if (body.is_discarded())
        return make_error(ErrorCode::corrupt, path_ + ": session " + id + " has a corrupt turn " +
                                                  std::to_string(turns.size()));
      turns.push_back(std::move(body));
    }
    if (rc != SQLITE_DONE) return fail("loading turns");
    j["turns"] = std::move(turns);
    auto s = interview::session_from_json(j);
    if (!s) return make_error(ErrorCode::corrupt, path_ + ": session " + id + ": " + s.error());
    return s;
  }

  SessionInfo row(const Stmt& q) {
    SessionInfo i;
    i.id = q.text(0);
    i.user = q.text(1);
    i.started_at = q.integer(2);
    i.updated_at = q.integer(3);
    i.areas = split(q.text(4));
    i.level = q.text(5);
    i.status = q.text(6);
    i.score = q.null(7) ? -1 : q.real(7);
    i.version = q.integer(8);
    return i;
  }

  Result<SessionInfo> info(const std::string& id) override {
    Stmt q(db_,
           "SELECT id, user_id, started_at, updated_at, areas, level, status, score, version "
           "FROM sessions WHERE id = ?");
    q.bind(1, id);
    int rc = q.step();
    if (rc == SQLITE_ROW) return row(q);
    if (rc == SQLITE_DONE)
      return make_error(ErrorCode::not_found, "no session with id '" + id + "' in " + path_);
    return fail("reading session");
  }

  Result<std::vector<SessionInfo>> list(const std::string& user_id) override {
    Stmt q(db_,
           "SELECT id, user_id, started_at, updated_at, areas, level, status, score, version "
           "FROM sessions WHERE user_id = ? ORDER BY started_at DESC, updated_at DESC");
    q.bind(1, user_id);
    std::vector<SessionInfo> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) out.push_back(row(q));
    if (rc != SQLITE_DONE) return fail("listing sessions");
    return out;
  }

  Status save_grades(const std::string& id, const std::vector<QuestionGrade>& grades,
                     double score) override {
    return transaction([&]() -> Status {
      Stmt del(db_, "DELETE FROM grades WHERE session_id = ?");
      del.bind(1, id);
      if (del.step() != SQLITE_DONE) return fail("replacing grades");
      for (const auto& g : grades) {
        Stmt ins(db_,
                 "INSERT INTO grades (session_id, question, area, score, band, body, graded_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?)");
        ins.bind(1, id)
            .bind(2, g.question)
            .bind(3, g.area)
            .bind(4, g.score)
            .bind(5, g.band)
            .bind(6, g.grade.dump())
            .bind(7, now_seconds());
        if (ins.step() != SQLITE_DONE) return fail("saving grade");
      }
      Stmt up(db_, "UPDATE sessions SET score = ? WHERE id = ?");
      up.bind(1, score).bind(2, id);
      if (up.step() != SQLITE_DONE) return fail("saving score");
      return Ok{};
    });
  }

  Result<std::vector<QuestionGrade>> grades(const std::string& id) override {
    Stmt q(
        db_,
        "SELECT question, area, score, band, body FROM grades WHERE session_id = ? ORDER BY rowid");
    q.bind(1, id);
    std::vector<QuestionGrade> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
      QuestionGrade g;
      g.question = q.text(0);
      g.area = q.text(1);
      g.score = q.real(2);
      g.band = q.text(3);
      g.grade = nlohmann::json::parse(q.text(4), nullptr, false);
      if (!g.grade.is_object())
        return make_error(ErrorCode::corrupt, path_ + ": session " + id + ": the grade of " +
                                                  g.question + " is not a JSON object");
      out.push_back(std::move(g));
    }
    if (rc != SQLITE_DONE) return fail("reading grades");
    return out;
  }

  Result<std::vector<interview::HistoryEntry>> history(const std::string& user_id,
                                                       int64_t now) override {
    Stmt q(db_,
           "SELECT g.question, s.started_at, g.score, g.body FROM grades g JOIN sessions s "
           "ON s.id = g.session_id WHERE s.user_id = ? ORDER BY s.started_at");
    q.bind(1, user_id);
    std::map<std::string, interview::HistoryEntry> by_q;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
      auto& h = by_q[q.text(0)];
      bool first = h.question.empty();
      h.question = q.text(0);
      h.days_ago = static_cast<double>(now - q.integer(1)) / 86400.0;
      h.score = q.real(2);
      auto body = nlohmann::json::parse(q.text(3), nullptr, false);
      bool missed = false;
      if (body.is_object() && body.contains("points"))
        for (const auto& p : body["points"]) missed = missed || !p.value("hit", false);
      h.missed_points = missed;
      h.times_seen = first ? 1 : h.times_seen + 1;
    }
    if (rc != SQLITE_DONE) return fail("reading history");
    std::vector<interview::HistoryEntry> out;
    for (auto& [k, v] : by_q) out.push_back(v);
    return out;
  }
};

}  // namespace

std::string default_db_path() {
  if (const char* e = std::getenv("SPAR_DB"); e && *e) return e;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x)
    return std::string(x) + "/spar/spar.db";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/spar/spar.db";
}

Result<std::unique_ptr<Store>> open_sqlite(const std::string& path) {
  auto exists = detail::check_file(path);
  if (!exists) return exists.failure();
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | (*exists ? 0 : SQLITE_OPEN_CREATE) | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string m = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return make_error(ErrorCode::io, "cannot open " + path + ": " + m);
  }
  auto store = std::make_unique<SqliteStore>(db, path);
  sqlite3_busy_timeout(db, 5000);
  // An existing SQLite file must be spar's (or empty) before anything is written.
  if (auto st = detail::check_tables(db, path); !st) return st.failure();
  if (auto st = store->exec("PRAGMA journal_mode=WAL"); !st) return st.failure();
  if (auto st = store->exec("PRAGMA foreign_keys=ON"); !st) return st.failure();
  if (auto st = store->exec("PRAGMA synchronous=NORMAL"); !st) return st.failure();
  if (auto st = store->migrate(); !st) return st.failure();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace spar::store
