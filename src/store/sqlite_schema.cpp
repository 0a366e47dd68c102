// The spar database on disk: the schema migrations, bringing a database up to
// date, and the checks that refuse, without touching it, anything that is not
// a spar database.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "store/sqlite_internal.h"
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
    // 4: the fingerprint of the request an idempotency key was first used
    // for, so reusing the key for a different answer is refused (422)
    // instead of silently answered with the first one's response.
    R"sql(
ALTER TABLE idempotency_keys ADD COLUMN request_hash TEXT NOT NULL DEFAULT '';
)sql",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion);

}  // namespace

const char* migration_sql(int version) {
  if (version < 1 || version > kSchemaVersion) return nullptr;
  return kMigrations[version - 1];
}

namespace detail {

ErrorCode code_for(int sqlite_rc) {
  switch (sqlite_rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorCode::unavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return ErrorCode::corrupt;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_NOMEM:
      return ErrorCode::io;
    case SQLITE_CONSTRAINT:
      return ErrorCode::conflict;
    default:
      return ErrorCode::internal;
  }
}

std::mutex& writer_mutex(const std::string& path) {
  static std::mutex guard;
  static std::map<std::string, std::unique_ptr<std::mutex>> by_path;
  std::lock_guard<std::mutex> lock(guard);
  auto& m = by_path[path];
  if (!m) m = std::make_unique<std::mutex>();
  return *m;
}

Status Connection::migrate() {
  if (auto st = exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"); !st)
    return st;
  int64_t version = 0;
  {
    Stmt q(db_, "SELECT MAX(version) FROM schema_version");
    // A failed read must not look like an empty database (it would rerun
    // every migration).
    if (q.step() != SQLITE_ROW) return fail("reading the schema version");
    if (!q.null(0)) version = q.integer(0);
  }
  if (version > kSchemaVersion)
    return make_error(ErrorCode::invalid, path_ + " was written by a newer spar (schema version " +
                                              std::to_string(version) +
                                              "; this build knows up to " +
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
      return make_error(r.code(),
                        "migrating to schema version " + std::to_string(v + 1) + ": " + r.error());
  }
  return Ok{};
}

Result<bool> check_file(const std::string& path) {
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
      return make_error(ErrorCode::io,
                        path + " is read-only; spar needs to write to it (check its permissions)");
  } else {
    fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    fs::create_directories(dir, ec);
    if (ec)
      return make_error(ErrorCode::io,
                        "cannot create directory " + dir.string() + ": " + ec.message());
    if (access(dir.c_str(), W_OK) != 0)
      return make_error(ErrorCode::io, "cannot create " + path + ": directory " + dir.string() +
                                           " is not writable");
  }
  return exists;
}

Status check_tables(sqlite3* db, const std::string& path) {
  Stmt q(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
  int rc;
  bool any = false, ours = false;
  while ((rc = q.step()) == SQLITE_ROW) {
    any = true;
    ours = ours || q.text(0) == "schema_version";
  }
  if (rc != SQLITE_DONE)
    return make_error(ErrorCode::corrupt, path + " cannot be read as a database (" +
                                              std::string(sqlite3_errmsg(db)) +
                                              "); it was left untouched");
  if (any && !ours)
    return make_error(path + " is an SQLite database but not spar's; it was left untouched");
  return Ok{};
}

}  // namespace detail
}  // namespace spar::store
