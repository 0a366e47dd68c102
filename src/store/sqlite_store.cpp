#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>

#include "store/store.h"

namespace fs = std::filesystem;

namespace spar::store {
namespace {

// Versioned migrations, applied in order inside one transaction each. Keep
// the SQL portable (TEXT, INTEGER, REAL; no SQLite-only syntax) so the same
// statements run on PostgreSQL.
const char* const kMigrations[] = {
    // 1: users, sessions with an optimistic version, append-only turns, grades.
    R"sql(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  started_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  areas TEXT NOT NULL,
  level TEXT NOT NULL,
  status TEXT NOT NULL,
  score REAL,
  version INTEGER NOT NULL,
  state TEXT NOT NULL);
CREATE INDEX sessions_by_user ON sessions(user_id, started_at);
CREATE TABLE turns (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  role TEXT NOT NULL,
  kind TEXT NOT NULL,
  question TEXT NOT NULL,
  body TEXT NOT NULL,
  at REAL NOT NULL,
  PRIMARY KEY (session_id, idx));
CREATE TABLE grades (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  question TEXT NOT NULL,
  area TEXT NOT NULL,
  score REAL NOT NULL,
  band TEXT NOT NULL,
  body TEXT NOT NULL,
  graded_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, question));
)sql",
    // 2: idempotency keys for retried API submissions; grades by question
    // for the planner's history.
    R"sql(
CREATE TABLE idempotency_keys (
  user_id TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  session_id TEXT NOT NULL,
  response TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, idem_key));
CREATE INDEX grades_by_question ON grades(question);
)sql",
    // 3: accounts for `spar serve --auth` (password hashes are Argon2id
    // strings) and login tokens, stored only as hashes so a copied database
    // cannot be used to log in.
    R"sql(
CREATE TABLE accounts (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL);
CREATE TABLE auth_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL);
CREATE INDEX auth_tokens_by_user ON auth_tokens(user_id);
)sql",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion);

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

// A prepared statement; finalised on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &st_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  Stmt& bind(int i, const std::string& v) {
    sqlite3_bind_text(st_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind(int i, int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Stmt& bind(int i, double v) {
    sqlite3_bind_double(st_, i, v);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE, or an error code.
  int step() { return rc_ = sqlite3_step(st_); }
  std::string text(int c) const {
    auto* p = sqlite3_column_text(st_, c);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(st_, c)))
             : std::string();
  }
  int64_t integer(int c) const { return sqlite3_column_int64(st_, c); }
  double real(int c) const { return sqlite3_column_double(st_, c); }
  bool null(int c) const { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
  std::string error() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
  int rc_;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteStore() override { sqlite3_close(db_); }

  Status exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      return make_error(path_ + ": " + m);
    }
    return Ok{};
  }
  Error fail(const std::string& what) {
    return make_error(path_ + ": " + what + ": " + sqlite3_errmsg(db_));
  }

  // Runs fn inside BEGIN IMMEDIATE ... COMMIT (rolled back on failure).
  template <typename F>
  auto transaction(F&& fn) -> decltype(fn()) {
    if (auto st = exec("BEGIN IMMEDIATE"); !st) return make_error(st.error());
    auto r = fn();
    if (!r) {
      (void)exec("ROLLBACK");
      return r;
    }
    if (auto st = exec("COMMIT"); !st) {
      (void)exec("ROLLBACK");
      return make_error(st.error());
    }
    return r;
  }

  Status migrate() {
    if (auto st = exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"); !st)
      return st;
    int64_t version = 0;
    {
      Stmt q(db_, "SELECT MAX(version) FROM schema_version");
      if (q.step() == SQLITE_ROW && !q.null(0)) version = q.integer(0);
    }
    if (version > kSchemaVersion)
      return make_error(path_ + " was written by a newer spar (schema version " +
                        std::to_string(version) + "; this build knows up to " +
                        std::to_string(kSchemaVersion) +
                        "). Upgrade spar; the database was left untouched.");
    for (int64_t v = version; v < kSchemaVersion; ++v) {
      auto r = transaction([&]() -> Status {
        if (auto st = exec(kMigrations[v]); !st) return st;
        Stmt ins(db_, "INSERT INTO schema_version (version) VALUES (?)");
        ins.bind(1, v + 1);
        if (ins.step() != SQLITE_DONE) return fail("recording schema version");
        return Ok{};
      });
      if (!r)
        return make_error("migrating to schema version " + std::to_string(v + 1) + ": " +
                          r.error());
    }
    return Ok{};
  }

  Result<std::string> user(const std::string& name) override {
    return transaction([&]() -> Result<std::string> {
      Stmt q(db_, "SELECT id FROM users WHERE name = ?");
      q.bind(1, name);
      if (q.step() == SQLITE_ROW) return q.text(0);
      std::string id = "u-" + random_id();
      Stmt ins(db_, "INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)");
      ins.bind(1, id).bind(2, name).bind(3, now_seconds());
      if (ins.step() != SQLITE_DONE) return fail("creating user");
      return id;
    });
  }

  Status append_turns(const interview::Session& s, int64_t from) {
    for (size_t i = static_cast<size_t>(from); i < s.turns.size(); ++i) {
      const auto& t = s.turns[i];
      nlohmann::json body = to_json(s)["turns"][i];
      Stmt ins(db_,
               "INSERT INTO turns (session_id, idx, role, kind, question, body, at) VALUES (?, ?, "
               "?, ?, ?, ?, ?)");
      ins.bind(1, s.id)
          .bind(2, static_cast<int64_t>(i))
          .bind(3, t.role)
          .bind(4, t.kind)
          .bind(5, t.question)
          .bind(6, body.dump())
          .bind(7, t.at);
      if (ins.step() != SQLITE_DONE) return fail("appending turn");
    }
    return Ok{};
  }

  Result<SessionInfo> create_session(const std::string& user_id, interview::Session& s) override {
    if (s.id.empty()) s.id = random_id();
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
          .bind(8, to_json(s).dump());
      if (ins.step() != SQLITE_DONE) return fail("creating session");
      if (auto st = append_turns(s, 0); !st) return make_error(st.error());
      return int64_t{1};
    });
    if (!r) return make_error(r.error());
    return info(s.id);
  }

  Result<int64_t> save(const interview::Session& s, int64_t expected) override {
    return transaction([&]() -> Result<int64_t> { return save_locked(s, expected); });
  }

  Result<int64_t> save_idempotent(const interview::Session& s, int64_t expected,
                                  const std::string& user_id, const std::string& key,
                                  const std::string& response) override {
    return transaction([&]() -> Result<int64_t> {
      Stmt q(db_, "SELECT session_id FROM idempotency_keys WHERE user_id = ? AND idem_key = ?");
      q.bind(1, user_id).bind(2, key);
      if (q.step() == SQLITE_ROW)
        return make_error("idempotency key '" + key + "' was already used");
      auto v = save_locked(s, expected);
      if (!v) return v;
      // Retries come within minutes; a week of keys is plenty and keeps the table small.
      Stmt old(db_, "DELETE FROM idempotency_keys WHERE user_id = ? AND created_at < ?");
      old.bind(1, user_id).bind(2, now_seconds() - 7 * 24 * 3600);
      if (old.step() != SQLITE_DONE) return fail("pruning idempotency keys");
      Stmt ins(db_,
               "INSERT INTO idempotency_keys (user_id, idem_key, session_id, response, created_at) "
               "VALUES (?, ?, ?, ?, ?)");
      ins.bind(1, user_id).bind(2, key).bind(3, s.id).bind(4, response).bind(5, now_seconds());
      if (ins.step() != SQLITE_DONE) return fail("recording idempotency key");
      return v;
    });
  }

  Result<std::optional<IdempotentResponse>> idempotent_response(const std::string& user_id,
                                                                const std::string& key) override {
    Stmt q(db_,
           "SELECT session_id, response FROM idempotency_keys WHERE user_id = ? AND idem_key = ?");
    q.bind(1, user_id).bind(2, key);
    int rc = q.step();
    if (rc == SQLITE_ROW)
      return std::optional<IdempotentResponse>(IdempotentResponse{q.text(0), q.text(1)});
    if (rc != SQLITE_DONE) return fail("reading idempotency key");
    return std::optional<IdempotentResponse>();
  }

  Result<std::string> create_account(const std::string& name,
                                     const std::string& password_hash) override {
    return transaction([&]() -> Result<std::string> {
      Stmt q(db_, "SELECT id FROM users WHERE name = ?");
      q.bind(1, name);
      if (q.step() == SQLITE_ROW) return make_error("the name '" + name + "' is taken");
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
  Result<int64_t> save_locked(const interview::Session& s, int64_t expected) {
    {
      Stmt q(db_, "SELECT version FROM sessions WHERE id = ?");
      q.bind(1, s.id);
      if (q.step() != SQLITE_ROW) return make_error("no session with id '" + s.id + "'");
      int64_t version = q.integer(0);
      if (version != expected)
        return make_error("version conflict on session " + s.id + ": expected " +
                          std::to_string(expected) + ", stored " + std::to_string(version));
      Stmt c(db_, "SELECT COUNT(*) FROM turns WHERE session_id = ?");
      c.bind(1, s.id);
      c.step();
      int64_t stored = c.integer(0);
      if (stored > static_cast<int64_t>(s.turns.size()))
        return make_error("session " + s.id +
                          " has fewer turns than stored; refusing to lose turns");
      if (auto st = append_turns(s, stored); !st) return make_error(st.error());
      Stmt up(
          db_,
          "UPDATE sessions SET state = ?, status = ?, updated_at = ?, version = ? WHERE id = ?");
      up.bind(1, to_json(s).dump())
          .bind(2, std::string(s.finished ? "finished" : "active"))
          .bind(3, now_seconds())
          .bind(4, version + 1)
          .bind(5, s.id);
      if (up.step() != SQLITE_DONE) return fail("saving session");
      return version + 1;
    }
  }

  Result<interview::Session> load(const std::string& id) override {
    Stmt q(db_, "SELECT state FROM sessions WHERE id = ?");
    q.bind(1, id);
    int rc = q.step();
    if (rc != SQLITE_ROW) {
      if (rc == SQLITE_DONE) return make_error("no session with id '" + id + "' in " + path_);
      return fail("loading session");
    }
    auto j = nlohmann::json::parse(q.text(0), nullptr, false);
    if (j.is_discarded()) return make_error(path_ + ": session " + id + " has corrupt state");
    auto s = interview::session_from_json(j);
    if (!s) return make_error(path_ + ": session " + id + ": " + s.error());
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
    if (rc == SQLITE_DONE) return make_error("no session with id '" + id + "' in " + path_);
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

 private:
  sqlite3* db_;
  std::string path_;
};

}  // namespace

const char* migration_sql(int version) {
  if (version < 1 || version > kSchemaVersion) return nullptr;
  return kMigrations[version - 1];
}

std::string default_db_path() {
  if (const char* e = std::getenv("SPAR_DB"); e && *e) return e;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x)
    return std::string(x) + "/spar/spar.db";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/spar/spar.db";
}

Result<std::unique_ptr<Store>> open_sqlite(const std::string& path) {
  std::error_code ec;
  fs::path p(path);
  bool exists = fs::exists(p, ec);
  if (exists) {
    if (fs::is_directory(p, ec)) return make_error(path + " is a directory, not a database file");
    if (fs::file_size(p, ec) > 0) {
      // Anything that is not an SQLite file is refused before SQLite sees it,
      // so it can never be overwritten.
      char header[16] = {};
      std::ifstream in(p, std::ios::binary);
      in.read(header, 16);
      if (in.gcount() < 16 || std::string(header, 15) != "SQLite format 3")
        return make_error(path +
                          " is not a spar database (not an SQLite file); it was left untouched");
    }
    if (access(path.c_str(), W_OK) != 0)
      return make_error(path + " is read-only; spar needs to write to it (check its permissions)");
  } else {
    fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    fs::create_directories(dir, ec);
    if (ec) return make_error("cannot create directory " + dir.string() + ": " + ec.message());
    if (access(dir.c_str(), W_OK) != 0)
      return make_error("cannot create " + path + ": directory " + dir.string() +
                        " is not writable");
  }
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | (exists ? 0 : SQLITE_OPEN_CREATE) | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string m = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return make_error("cannot open " + path + ": " + m);
  }
  auto store = std::make_unique<SqliteStore>(db, path);
  sqlite3_busy_timeout(db, 5000);
  // An existing SQLite file must be spar's (or empty) before anything is written.
  {
    Stmt q(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
    int rc;
    bool any = false, ours = false;
    while ((rc = q.step()) == SQLITE_ROW) {
      any = true;
      ours = ours || q.text(0) == "schema_version";
    }
    if (rc != SQLITE_DONE)
      return make_error(path + " cannot be read as a database (" + std::string(sqlite3_errmsg(db)) +
                        "); it was left untouched");
    if (any && !ours)
      return make_error(path + " is an SQLite database but not spar's; it was left untouched");
  }
  if (auto st = store->exec("PRAGMA journal_mode=WAL"); !st) return make_error(st.error());
  if (auto st = store->exec("PRAGMA foreign_keys=ON"); !st) return make_error(st.error());
  if (auto st = store->exec("PRAGMA synchronous=NORMAL"); !st) return make_error(st.error());
  if (auto st = store->migrate(); !st) return make_error(st.error());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace spar::store
