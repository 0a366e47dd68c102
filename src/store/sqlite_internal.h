// Internal to the SQLite store: the prepared-statement wrapper and the open
// database (plain SQL, errors, transactions, migrations), shared by the
// store's queries (sqlite_store.cpp) and its schema (sqlite_schema.cpp).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <mutex>
#include <string>

#include "common/result.h"

namespace spar::store::detail {

// What an SQLite result code means to callers: busy or locked is
// `unavailable` (retry later), a damaged file `corrupt`, a full disk, I/O or
// permission failure `io`, a broken constraint `conflict`, the rest `internal`.
ErrorCode code_for(int sqlite_rc);

// One mutex per database path for the writers of this process.
std::mutex& writer_mutex(const std::string& path);

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

// An open database and its path (for messages); closed on destruction.
class Connection {
 public:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~Connection() { sqlite3_close(db_); }

  Status exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      return make_error(code_for(sqlite3_extended_errcode(db_)), path_ + ": " + m);
    }
    return Ok{};
  }
  // The failure of the last SQLite call, coded by SQLite's result code.
  Error fail(const std::string& what) {
    return make_error(code_for(sqlite3_extended_errcode(db_)),
                      path_ + ": " + what + ": " + sqlite3_errmsg(db_));
  }

  // Runs fn inside BEGIN IMMEDIATE ... COMMIT (rolled back on failure).
  // Writers in this process take turns on a mutex first: SQLite's busy
  // handler would make the second one sleep 1, 2, 5 ... 100 ms and poll,
  // which under load was the server's p99. Other processes still meet the
  // busy handler.
  template <typename F>
  auto transaction(F&& fn) -> decltype(fn()) {
    std::lock_guard<std::mutex> writer(writer_mutex(path_));
    if (auto st = exec("BEGIN IMMEDIATE"); !st) return st.failure();
    auto r = fn();
    if (!r) {
      (void)exec("ROLLBACK");
      return r;
    }
    if (auto st = exec("COMMIT"); !st) {
      (void)exec("ROLLBACK");
      return st.failure();
    }
    return r;
  }

  // Brings the schema up to date (sqlite_schema.cpp).
  Status migrate();

 protected:
  sqlite3* db_;
  std::string path_;
};

// Refuses, before SQLite sees it, anything at path that is not an SQLite
// file spar can write, or a place where one can be created (creating parent
// directories). Returns whether the file exists.
Result<bool> check_file(const std::string& path);

// Refuses an SQLite database with tables that has no schema_version table.
Status check_tables(sqlite3* db, const std::string& path);

}  // namespace spar::store::detail
