// Store: where interviews live between turns, processes and machines.
//
// Users, sessions (with an optimistic version), the append-only list of
// turns, per-question grades and finished reports. Every save is one
// transaction; a stale version is refused, so two writers can never silently
// overwrite each other. The embedded implementation is SQLite (WAL); the SQL
// is kept portable so a PostgreSQL implementation can follow without
// changing callers.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "interview/plan.h"
#include "interview/session.h"

namespace spar::store {

// The schema version this build writes (see migrations in sqlite_schema.cpp).
inline constexpr int kSchemaVersion = 4;

struct SessionInfo {
  std::string id;
  std::string user;
  int64_t started_at = 0;  // unix seconds
  int64_t updated_at = 0;
  std::vector<std::string> areas;
  std::string level;
  std::string status;  // "active" or "finished"
  double score = -1;   // -1 until graded
  int64_t version = 0;
};

// A login token's owner and its CSRF secret (see server/auth.h).
struct TokenInfo {
  std::string user_id;
  std::string user_name;
  std::string csrf;
};

struct QuestionGrade {
  std::string question;
  std::string area;
  double score = 0;
  std::string band;
  nlohmann::json grade;  // assess::to_json shape plus summary fields
};

// Every failure carries an ErrorCode: not_found (no such session), conflict
// (stale version), taken (a name or idempotency key in use), corrupt (a row
// that fails its own checks), unavailable (the database is busy or locked),
// io (the file cannot be read or written); messages name the file and id.
class Store {
 public:
  virtual ~Store() = default;

  // The id of a user by name, created on first use.
  virtual Result<std::string> user(const std::string& name) = 0;

  // Saves a new session (its turns so far) for a user; returns its info.
  virtual Result<SessionInfo> create_session(const std::string& user_id,
                                             interview::Session& session) = 0;

  // Saves the session's new state and appends its turns not yet stored, in
  // one transaction, if the stored version is `expected_version`; returns
  // the new version. A stale version fails with ErrorCode::conflict, an
  // unknown id with not_found, a busy database with unavailable.
  virtual Result<int64_t> save(const interview::Session& session, int64_t expected_version) = 0;

  // Like save(), and in the same transaction records `response` under
  // (user_id, idem_key), so a retried request finds it and is applied once.
  // `request_hash` fingerprints the request, so a key reused for a different
  // request can be told apart from a retry (schema 4).
  // A key already recorded fails with ErrorCode::taken.
  virtual Result<int64_t> save_idempotent(const interview::Session& session,
                                          int64_t expected_version, const std::string& user_id,
                                          const std::string& idem_key, const std::string& response,
                                          const std::string& request_hash = "") = 0;
  // The response recorded under (user_id, idem_key) and its session id, if any.
  struct IdempotentResponse {
    std::string session_id;
    std::string response;
    std::string request_hash;  // "" for keys recorded before schema 4
  };
  virtual Result<std::optional<IdempotentResponse>> idempotent_response(
      const std::string& user_id, const std::string& idem_key) = 0;

  // Accounts (schema 3). A new account creates its user; a name already in
  // use (by an account or the local user) fails with ErrorCode::taken.
  virtual Result<std::string> create_account(const std::string& name,
                                             const std::string& password_hash) = 0;
  // The user id and password hash of an account, if it exists.
  struct Account {
    std::string user_id;
    std::string password_hash;
  };
  virtual Result<std::optional<Account>> account(const std::string& name) = 0;
  // Login tokens are stored only as hashes; revoke() deletes one.
  virtual Status add_token(const std::string& token_hash, const std::string& user_id,
                           const std::string& csrf, int64_t expires_at) = 0;
  virtual Result<std::optional<TokenInfo>> token(const std::string& token_hash, int64_t now) = 0;
  virtual Status revoke_token(const std::string& token_hash) = 0;

  virtual Result<interview::Session> load(const std::string& id) = 0;
  virtual Result<SessionInfo> info(const std::string& id) = 0;
  // A user's sessions, newest first.
  virtual Result<std::vector<SessionInfo>> list(const std::string& user_id) = 0;

  // Per-question grades and the session score, replacing earlier ones.
  virtual Status save_grades(const std::string& session_id,
                             const std::vector<QuestionGrade>& grades, double score) = 0;
  virtual Result<std::vector<QuestionGrade>> grades(const std::string& session_id) = 0;

  // What the planner needs: per question, when it was last asked, its last
  // score, whether points were missed, how often it was seen.
  virtual Result<std::vector<interview::HistoryEntry>> history(const std::string& user_id,
                                                               int64_t now) = 0;
};

// Opens (creating if absent) the SQLite store at path. Refuses, without
// touching the file, anything that is not a spar database, and databases
// from a newer schema. Creates parent directories.
Result<std::unique_ptr<Store>> open_sqlite(const std::string& path);

// The SQL of one migration (1-based), for tests that build older databases.
const char* migration_sql(int version);

// $SPAR_DB, else $XDG_DATA_HOME/spar/spar.db, else ~/.local/share/spar/spar.db.
std::string default_db_path();

}  // namespace spar::store
