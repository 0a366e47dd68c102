// The SQLite store against real files: migrations, versions, crashes,
// concurrency and every bad input, with nothing saved ever lost.
#include "store/store.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "bank/loader.h"
#include "interview/engine.h"
#include "practice/practice.h"
#include "testing.h"

namespace spar::store {
namespace {

using testing::TempDir;

const bank::Bank& real_bank() {
  static bank::Bank b = std::move(bank::load_bank(testing::source_bank()).bank);
  return b;
}

interview::Session new_session(interview::Interviewer& iv, uint64_t seed = 1) {
  auto plan = interview::make_plan(
      real_bank(), {{}, bank::Level::Mid, 30, {"api.idempotency", "db.indexing"}, seed, {}});
  EXPECT_TRUE(plan);
  return iv.begin({{}, bank::Level::Mid, 30, seed}, *plan);
}

int64_t count(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

// A session as every spar so far has stored it (format 1), with a turn of
// every kind and every tag the interviewer writes; written by hand, not by
// to_json, so a change to the serialisation cannot hide itself.
const char* kOldTurns = R"json([
 {"role":"interviewer","kind":"question","question":"api.idempotency","probe":"","stage":"","text":"What does idempotent mean?","at":0},
 {"role":"candidate","kind":"answer","question":"api.idempotency","probe":"","stage":"","text":"same effect when repeated","at":9,
  "words":[{"word":"same","start":0.1,"end":0.4,"confidence":0.9}]},
 {"role":"interviewer","kind":"probe","question":"api.idempotency","probe":"idempotency-key","stage":"","text":"How would a client retry safely?","at":10},
 {"role":"candidate","kind":"what_do_you_mean","question":"api.idempotency","probe":"","stage":"","text":"what do you mean","at":12},
 {"role":"interviewer","kind":"clarification","question":"api.idempotency","probe":"rephrase","stage":"","text":"Put another way...","at":13},
 {"role":"candidate","kind":"empty","question":"api.idempotency","probe":"","stage":"","text":"","at":14},
 {"role":"interviewer","kind":"clarification","question":"api.idempotency","probe":"reprompt","stage":"","text":"Take your time.","at":15},
 {"role":"candidate","kind":"dont_know","question":"api.idempotency","probe":"","stage":"","text":"no idea","at":16},
 {"role":"interviewer","kind":"hint","question":"api.idempotency","probe":"hint","stage":"","text":"Think about keys.","at":17},
 {"role":"candidate","kind":"hint","question":"api.idempotency","probe":"","stage":"","text":"/hint","at":18},
 {"role":"interviewer","kind":"challenge","question":"api.idempotency","probe":"challenge:post-idempotent","stage":"","text":"Is POST idempotent?","at":19},
 {"role":"candidate","kind":"think","question":"api.idempotency","probe":"","stage":"","text":"let me think","at":20},
 {"role":"interviewer","kind":"wait","question":"api.idempotency","probe":"","stage":"","text":"Sure.","at":21},
 {"role":"candidate","kind":"repeat","question":"api.idempotency","probe":"","stage":"","text":"/repeat","at":22},
 {"role":"interviewer","kind":"probe","question":"api.idempotency","probe":"why","stage":"","text":"Why?","at":23},
 {"role":"candidate","kind":"skip","question":"api.idempotency","probe":"","stage":"","text":"/skip","at":24},
 {"role":"interviewer","kind":"transition","question":"design.url-shortener","probe":"","stage":"requirements","text":"Design a URL shortener.","at":25},
 {"role":"candidate","kind":"ask","question":"design.url-shortener","probe":"","stage":"requirements","text":"how many users?","at":26},
 {"role":"interviewer","kind":"clarification","question":"design.url-shortener","probe":"fact:users","stage":"requirements","text":"100 million.","at":27},
 {"role":"candidate","kind":"ask","question":"design.url-shortener","probe":"","stage":"requirements","text":"what colour?","at":28},
 {"role":"interviewer","kind":"clarification","question":"design.url-shortener","probe":"assume","stage":"requirements","text":"Assume what you like.","at":29},
 {"role":"interviewer","kind":"question","question":"design.url-shortener","probe":"stage:estimation","stage":"estimation","text":"Estimate.","at":30},
 {"role":"interviewer","kind":"probe","question":"design.url-shortener","probe":"estimate:writes","stage":"estimation","text":"How did you get that?","at":31},
 {"role":"interviewer","kind":"probe","question":"design.url-shortener","probe":"scale","stage":"deep-dives","text":"Now 10x.","at":32},
 {"role":"interviewer","kind":"probe","question":"design.url-shortener","probe":"adapt","stage":"deep-dives","text":"Does it still hold?","at":33},
 {"role":"candidate","kind":"stop","question":"design.url-shortener","probe":"","stage":"deep-dives","text":"let's stop","at":34},
 {"role":"interviewer","kind":"closing","question":"","probe":"","stage":"","text":"Thanks.","at":35}
])json";

std::string old_state(const nlohmann::json& turns) {
  nlohmann::json st = {{"id", "api.idempotency"},
                       {"design", false},
                       {"minutes", 5.0},
                       {"started", 0.0},
                       {"stage", 0},
                       {"stage_started", 0.0},
                       {"stage_probes", 0},
                       {"probes_asked", {"idempotency-key", "why"}},
                       {"flags_challenged", {"post-idempotent"}},
                       {"estimates_checked", nlohmann::json::array()},
                       {"hints", 1},
                       {"reprompts", 1},
                       {"constraint_injected", false},
                       {"adapt_checked", false},
                       {"constraint_turn", -1},
                       {"skipped", true},
                       {"done", true}};
  return nlohmann::json{{"format", 1},    {"id", "s-old"},    {"areas", {"api"}},
                        {"level", "mid"}, {"minutes", 30},    {"seed", 7},
                        {"current", 1},   {"states", {st}},   {"turns", turns},
                        {"clock", 35.0},  {"finished", true}, {"ended_by", "candidate"}}
      .dump();
}

// Writes the old session into a database at schema `version` (>= 1) with
// plain SQL, as that version's spar did: the state row (carrying the turns
// too, as before the transcript moved out of it), one row per turn, a grade.
void insert_old_session(sqlite3* db, const nlohmann::json& turns) {
  auto exec = [&](const std::string& sql) {
    char* err = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << err << sql;
  };
  auto quote = [](const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("''") : std::string(1, c);
    return q + "'";
  };
  exec(
      "INSERT INTO sessions (id, user_id, started_at, updated_at, areas, level, status, score, "
      "version, state) VALUES ('s-old', 'u-old', 1, 2, 'api', 'mid', 'finished', 40, 9, " +
      quote(old_state(turns)) + ")");
  for (size_t i = 0; i < turns.size(); ++i)
    exec("INSERT INTO turns (session_id, idx, role, kind, question, body, at) VALUES ('s-old', " +
         std::to_string(i) + ", " + quote(turns[i]["role"]) + ", " + quote(turns[i]["kind"]) +
         ", " + quote(turns[i]["question"]) + ", " + quote(turns[i].dump()) + ", " +
         std::to_string(turns[i]["at"].get<double>()) + ")");
  exec(
      "INSERT INTO grades (session_id, question, area, score, band, body, graded_at) VALUES "
      "('s-old', 'api.idempotency', 'api', 40, 'partial', '{\"points\": []}', 3)");
}

TEST(Store, CreatesMigratesAndRoundTrips) {
  TempDir dir;
  auto path = (dir / "nested/dirs/spar.db").string();
  auto st = open_sqlite(path);
  ASSERT_TRUE(st) << st.error();
  auto& store = **st;
  EXPECT_EQ(count(path, "SELECT MAX(version) FROM schema_version"), kSchemaVersion);
  auto user = store.user("ada");
  ASSERT_TRUE(user);
  EXPECT_EQ(*store.user("ada"), *user) << "a user is created once";
  interview::Interviewer iv(real_bank());
  auto s = new_session(iv);
  auto info = store.create_session(*user, s);
  ASSERT_TRUE(info) << info.error();
  EXPECT_EQ(info->version, 1);
  EXPECT_EQ(info->status, "active");
  interview::Utterance u;
  u.text = "idempotent means the same effect however many times";
  s = *iv.step(s, u);
  auto v = store.save(s, 1);
  ASSERT_TRUE(v) << v.error();
  EXPECT_EQ(*v, 2);
  auto back = store.load(s.id);
  ASSERT_TRUE(back);
  EXPECT_EQ(interview::to_json(*back), interview::to_json(s));
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM turns"), static_cast<int64_t>(s.turns.size()));
  auto list = store.list(*user);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, s.id);
}

TEST(Store, StaleVersionIsRefusedAndNothingIsLost) {
  TempDir dir;
  auto st = open_sqlite((dir / "spar.db").string());
  ASSERT_TRUE(st);
  interview::Interviewer iv(real_bank());
  auto s = new_session(iv);
  auto user = *(*st)->user("ada");
  ASSERT_TRUE((*st)->create_session(user, s));
  interview::Utterance u;
  u.text = "the client sends a unique key";
  auto a = *iv.step(s, u);
  ASSERT_TRUE((*st)->save(a, 1));
  u.text = "something else entirely";
  auto b = *iv.step(s, u);  // a second writer from the same starting point
  auto r = (*st)->save(b, 1);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("version conflict"), std::string::npos) << r.error();
  EXPECT_EQ(r.code(), ErrorCode::conflict);
  EXPECT_EQ(interview::to_json(*(*st)->load(s.id)), interview::to_json(a));
  auto fewer = (*st)->save(s, 2);
  ASSERT_FALSE(fewer);
  EXPECT_NE(fewer.error().find("refusing to lose turns"), std::string::npos);
}

TEST(Store, MigratesFromEveryEarlierVersion) {
  for (int from = 0; from < kSchemaVersion; ++from) {
    TempDir dir;
    auto path = (dir / "old.db").string();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE schema_version (version INTEGER NOT NULL)", nullptr, nullptr,
                 nullptr);
    for (int v = 1; v <= from; ++v) {
      ASSERT_EQ(sqlite3_exec(db, migration_sql(v), nullptr, nullptr, nullptr), SQLITE_OK);
      sqlite3_exec(db, ("INSERT INTO schema_version VALUES (" + std::to_string(v) + ")").c_str(),
                   nullptr, nullptr, nullptr);
    }
    const auto turns = nlohmann::json::parse(kOldTurns);
    if (from >= 1) {
      sqlite3_exec(db, "INSERT INTO users (id, name, created_at) VALUES ('u-old', 'old', 1)",
                   nullptr, nullptr, nullptr);
      insert_old_session(db, turns);
    }
    sqlite3_close(db);
    auto st = open_sqlite(path);
    ASSERT_TRUE(st) << "from version " << from << ": " << st.error();
    EXPECT_EQ(count(path, "SELECT MAX(version) FROM schema_version"), kSchemaVersion);
    EXPECT_EQ(count(path, "SELECT COUNT(*) FROM idempotency_keys"), 0);
    if (from >= 1) {
      EXPECT_EQ(*(*st)->user("old"), "u-old") << "data survives the migration";
      // The session stored by that version loads, every turn typed, and
      // writes back exactly the strings it was stored with.
      auto s = (*st)->load("s-old");
      ASSERT_TRUE(s) << "from version " << from << ": " << s.error();
      ASSERT_EQ(s->turns.size(), turns.size());
      EXPECT_EQ(s->turns[1].role, interview::Role::Candidate);
      EXPECT_EQ(s->turns[3].kind, interview::TurnKind::WhatDoYouMean);
      EXPECT_EQ(s->turns[10].move,
                (interview::Move{interview::Move::Kind::Challenge, "post-idempotent"}));
      EXPECT_EQ(s->turns[22].move, (interview::Move{interview::Move::Kind::Estimate, "writes"}));
      EXPECT_EQ(s->turns[1].words.size(), 1u);
      EXPECT_EQ(interview::to_json(*s)["turns"], turns);
      auto info = (*st)->info("s-old");
      ASSERT_TRUE(info);
      EXPECT_EQ(info->version, 9);
      EXPECT_EQ(info->score, 40);
    }
  }
}

TEST(Store, AStoredTurnOfUnknownKindIsAClearErrorAndStaysStored) {
  TempDir dir;
  auto path = (dir / "spar.db").string();
  { ASSERT_TRUE(open_sqlite(path)); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_exec(db, "INSERT INTO users (id, name, created_at) VALUES ('u-old', 'old', 1)", nullptr,
               nullptr, nullptr);
  auto turns = nlohmann::json::parse(kOldTurns);
  turns[5]["kind"] = "mumble";
  insert_old_session(db, turns);
  sqlite3_close(db);
  auto st = open_sqlite(path);
  ASSERT_TRUE(st) << st.error();
  auto s = (*st)->load("s-old");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().find("session s-old: session: turn 5: field 'kind': unknown kind 'mumble'"),
            std::string::npos)
      << s.error();
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM turns WHERE session_id = 's-old'"),
            static_cast<int64_t>(turns.size()))
      << "nothing stored is lost";
}

TEST(Store, NewerSchemaIsRefusedUntouched) {
  TempDir dir;
  auto path = (dir / "new.db").string();
  ASSERT_TRUE(open_sqlite(path));
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "INSERT INTO schema_version VALUES (99)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  std::string before = testing::read_file(path);
  auto st = open_sqlite(path);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().find("written by a newer spar (schema version 99"), std::string::npos)
      << st.error();
  EXPECT_EQ(testing::read_file(path), before);
}

TEST(Store, NonSqliteAndForeignFilesAreNeverOverwritten) {
  TempDir dir;
  auto text = (dir / "notes.db").string();
  testing::write_file(text, "these are my notes, not a database\n");
  auto st = open_sqlite(text);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().find("is not a spar database (not an SQLite file); it was left untouched"),
            std::string::npos);
  EXPECT_EQ(testing::read_file(text), "these are my notes, not a database\n");

  auto corrupt = (dir / "corrupt.db").string();
  std::string bytes = std::string("SQLite format 3") + '\0' + std::string(4000, '\x7f');
  testing::write_file(corrupt, bytes);
  auto c = open_sqlite(corrupt);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().find("left untouched"), std::string::npos) << c.error();
  EXPECT_EQ(c.code(), ErrorCode::corrupt);
  EXPECT_EQ(testing::read_file(corrupt), bytes);

  auto foreign = (dir / "other.db").string();
  sqlite3* db = nullptr;
  sqlite3_open(foreign.c_str(), &db);
  sqlite3_exec(db, "CREATE TABLE recipes (name TEXT)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto f = open_sqlite(foreign);
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().find("is an SQLite database but not spar's"), std::string::npos);
}

TEST(Store, ReadOnlyLocationsGiveClearErrors) {
  if (geteuid() == 0) {
    // root ignores permission bits; use a path under a regular file instead.
    TempDir dir;
    testing::write_file(dir / "file", "x");
    auto st = open_sqlite((dir / "file/spar.db").string());
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().find("cannot create directory"), std::string::npos) << st.error();
    auto ro = open_sqlite("/proc/spar-test/spar.db");
    ASSERT_FALSE(ro);
    EXPECT_FALSE(ro.error().empty());
    return;
  }
  TempDir dir;
  chmod(dir.path().c_str(), 0500);
  auto st = open_sqlite((dir / "spar.db").string());
  chmod(dir.path().c_str(), 0700);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().find("is not writable"), std::string::npos) << st.error();
}

TEST(Store, TwoProcessesWritingAtOnceBothSucceed) {
  TempDir dir;
  auto path = (dir / "shared.db").string();
  ASSERT_TRUE(open_sqlite(path));
  testing::write_file(
      dir / "script.jsonl",
      "{\"text\": \"idempotent means the same effect\"}\n{\"text\": \"a unique key per request\"}\n"
      "{\"text\": \"indexes speed up reads\"}\n{\"text\": \"but slow down writes\"}\n");
  std::vector<pid_t> kids;
  for (int k = 0; k < 4; ++k) {
    pid_t pid = fork();
    if (pid == 0) {
      std::string cmd =
          std::string(SPAR_BINARY) + " --bank " + testing::source_bank().string() + " --db " +
          path + " interview --questions api.idempotency,db.indexing --seed " + std::to_string(k) +
          " --script " + (dir / "script.jsonl").string() + " --format json >/dev/null 2>&1";
      _exit(std::system(cmd.c_str()) == 0 ? 0 : 1);
    }
    kids.push_back(pid);
  }
  for (pid_t pid : kids) {
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM sessions"), 4);
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM sessions WHERE status = 'finished'"), 4);
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "ok");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST(Store, KillDashNineThenResumeLosesNoTurn) {
  TempDir dir;
  auto path = (dir / "spar.db").string();
  std::vector<std::string> answers = {
      "idempotent means the same effect no matter how many retries",
      "the client sends a unique idempotency key",
      "the server stores the key with the response in one transaction",
      "indexes speed up reads but every write must update them"};
  int to_child[2];
  ASSERT_EQ(pipe(to_child), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(to_child[0], 0);
    close(to_child[1]);
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    execl(SPAR_BINARY, SPAR_BINARY, "--bank", testing::source_bank().c_str(), "--db", path.c_str(),
          "interview", "--questions", "api.idempotency,db.indexing", "--seed", "11",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(to_child[0]);
  auto wait_for_turns = [&](int64_t n) {
    for (int i = 0; i < 400; ++i) {
      if (count(path, "SELECT COUNT(*) FROM turns") >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  };
  ASSERT_TRUE(wait_for_turns(1));
  for (int k = 0; k < 2; ++k) {
    std::string a = answers[static_cast<size_t>(k)] + "\n\n";
    ASSERT_EQ(write(to_child[1], a.data(), a.size()), static_cast<ssize_t>(a.size()));
    ASSERT_TRUE(wait_for_turns(1 + 2 * (k + 1)));
  }
  // Half an answer typed, then the process is killed.
  std::string partial = "half an answer that is never finished";
  (void)!write(to_child[1], partial.data(), partial.size());
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(to_child[1]);
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM turns"), 5);
  std::string id;
  {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT id FROM sessions", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    id = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
  }
  std::string rest;
  for (size_t k = 2; k < answers.size(); ++k)
    rest += nlohmann::json{{"text", answers[k]}}.dump() + "\n";
  testing::write_file(dir / "rest.jsonl", rest);
  auto resumed = testing::run_spar("--bank " + testing::source_bank().string() + " --db " + path +
                                   " interview --resume " + id + " --script " +
                                   (dir / "rest.jsonl").string() + " --format json");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  auto j = nlohmann::json::parse(resumed.out);
  EXPECT_EQ(j["session"], id);
  // The uninterrupted run with the same seed and answers says the same things.
  std::string all;
  for (const auto& a : answers) all += nlohmann::json{{"text", a}}.dump() + "\n";
  testing::write_file(dir / "all.jsonl", all);
  auto straight = testing::run_spar(
      "--bank " + testing::source_bank().string() + " --db " + (dir / "other.db").string() +
      " interview --questions api.idempotency,db.indexing --seed 11 --script " +
      (dir / "all.jsonl").string() + " --format json");
  ASSERT_EQ(straight.exit_code, 0) << straight.err;
  auto k = nlohmann::json::parse(straight.out);
  ASSERT_EQ(j["turns"].size(), k["turns"].size());
  for (size_t i = 0; i < j["turns"].size(); ++i) {
    EXPECT_EQ(j["turns"][i]["text"], k["turns"][i]["text"]) << "turn " << i;
    EXPECT_EQ(j["turns"][i]["kind"], k["turns"][i]["kind"]) << "turn " << i;
  }
  int candidate = 0;
  for (const auto& t : j["turns"]) candidate += t["role"] == "candidate";
  EXPECT_EQ(candidate, 4) << "no candidate turn was lost";
}

TEST(Store, IdempotentSaveRecordsTheResponseWithTheTurn) {
  TempDir dir;
  auto path = (dir / "spar.db").string();
  auto st = open_sqlite(path);
  ASSERT_TRUE(st) << st.error();
  auto& store = **st;
  auto user = *store.user("ada");
  interview::Interviewer iv(real_bank());
  auto s = new_session(iv);
  ASSERT_TRUE(store.create_session(user, s));
  interview::Utterance u;
  u.text = "a unique key per request";
  auto next = *iv.step(s, u);
  auto v = store.save_idempotent(next, 1, user, "k1", "{\"version\":2}", "fingerprint-1");
  ASSERT_TRUE(v) << v.error();
  EXPECT_EQ(*v, 2);
  auto got = store.idempotent_response(user, "k1");
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->session_id, s.id);
  EXPECT_EQ((*got)->response, "{\"version\":2}");
  EXPECT_EQ((*got)->request_hash, "fingerprint-1");
  EXPECT_FALSE(*store.idempotent_response(user, "k2"));
  EXPECT_FALSE(*store.idempotent_response("someone-else", "k1")) << "keys are per user";
  // The same key again is refused and changes nothing, even at the right version.
  auto again = store.save_idempotent(*iv.step(next, u), 2, user, "k1", "{}");
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().find("idempotency key"), std::string::npos);
  EXPECT_EQ(again.code(), ErrorCode::taken);
  EXPECT_EQ(store.info(s.id)->version, 2);
  // A stale version records no key.
  EXPECT_FALSE(store.save_idempotent(next, 1, user, "k3", "{}"));
  EXPECT_FALSE(*store.idempotent_response(user, "k3"));
}

TEST(Store, AccountsAndRevocableTokens) {
  TempDir dir;
  auto st = open_sqlite((dir / "spar.db").string());
  ASSERT_TRUE(st) << st.error();
  auto& store = **st;
  auto id = store.create_account("ada", "$argon2id$fake");
  ASSERT_TRUE(id) << id.error();
  EXPECT_FALSE(store.create_account("ada", "x"));
  ASSERT_TRUE(store.user("local"));
  EXPECT_FALSE(store.create_account("local", "x")) << "an existing user's name is taken";
  auto acc = store.account("ada");
  ASSERT_TRUE(acc && *acc);
  EXPECT_EQ((*acc)->user_id, *id);
  EXPECT_FALSE(*store.account("local")) << "the local user has no password";
  ASSERT_TRUE(store.add_token("h1", *id, "c1", 2000000000));
  auto t = store.token("h1", 1000);
  ASSERT_TRUE(t && *t);
  EXPECT_EQ((*t)->user_name, "ada");
  EXPECT_EQ((*t)->csrf, "c1");
  EXPECT_FALSE(*store.token("h1", 2000000001)) << "expired";
  ASSERT_TRUE(store.revoke_token("h1"));
  EXPECT_FALSE(*store.token("h1", 1000));
}

// A fresh database at dir/spar.db holding one new session of user "ada".
struct StoredSession {
  TempDir dir;
  std::string path = (dir / "spar.db").string();
  std::unique_ptr<Store> store;
  interview::Interviewer iv{real_bank()};
  interview::Session s;

  StoredSession() {
    auto st = open_sqlite(path);
    EXPECT_TRUE(st) << st.error();
    if (st) store = std::move(*st);
    s = new_session(iv);
    if (store) {
      EXPECT_TRUE(store->create_session(*store->user("ada"), s));
    }
  }
  // Changes the file behind the store's back, as another program could.
  void tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  interview::Session answered(const std::string& text) {
    interview::Utterance u;
    u.text = text;
    auto next = iv.step(s, u);
    EXPECT_TRUE(next) << next.error();
    return next ? *next : s;
  }
};

// Callers (the server's statuses, the CLI's messages) branch on these codes,
// never on message text.
TEST(Store, FailuresCarryCodesCallersBranchOn) {
  StoredSession t;
  ASSERT_TRUE(t.store);
  auto& store = *t.store;
  ASSERT_TRUE(store.create_account("bea", "$argon2id$fake"));
  auto dup = store.create_account("bea", "x");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.code(), ErrorCode::taken);
  EXPECT_NE(dup.error().find("'bea' is taken"), std::string::npos) << dup.error();

  EXPECT_EQ(store.load("nope").code(), ErrorCode::not_found);
  EXPECT_EQ(store.info("nope").code(), ErrorCode::not_found);
  auto unsaved = store.save(new_session(t.iv, 2), 1);
  ASSERT_FALSE(unsaved);
  EXPECT_EQ(unsaved.code(), ErrorCode::not_found);

  auto stale = store.save(t.s, 7);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.code(), ErrorCode::conflict);

  t.tamper("UPDATE sessions SET state = '{not json' WHERE id = '" + t.s.id + "'");
  auto corrupt = store.load(t.s.id);
  ASSERT_FALSE(corrupt);
  EXPECT_EQ(corrupt.code(), ErrorCode::corrupt);
  EXPECT_NE(corrupt.error().find("session " + t.s.id + " has corrupt state"), std::string::npos);
}

// A grade row that is not JSON used to come back as a "discarded" value and
// read as a grade with no points; now it names the session and question.
TEST(Store, CorruptGradeRowIsReportedNotSkipped) {
  StoredSession t;
  ASSERT_TRUE(t.store);
  auto& store = *t.store;
  ASSERT_TRUE(
      store.save_grades(t.s.id, {{"api.idempotency", "api", 50, "partial", {{"points", {}}}}}, 50));
  ASSERT_TRUE(store.grades(t.s.id));
  t.tamper("UPDATE grades SET body = 'garbage'");
  auto g = store.grades(t.s.id);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.code(), ErrorCode::corrupt);
  EXPECT_NE(g.error().find("the grade of api.idempotency"), std::string::npos) << g.error();
}

// Another process holding the write lock past the busy timeout (5 s) makes a
// save fail as `unavailable` (the server answers 503 with Retry-After), and
// the session is unchanged.
TEST(Store, LockedDatabaseIsUnavailableAndNothingIsLost) {
  StoredSession t;
  ASSERT_TRUE(t.store);
  auto next = t.answered("a unique key per request");
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(t.path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto busy = t.store->save(next, 1);
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.code(), ErrorCode::unavailable) << busy.error();
  EXPECT_EQ(t.store->info(t.s.id)->version, 1);
  EXPECT_TRUE(t.store->save(next, 1)) << "the lock is gone, the same save succeeds";
}

// Ending an interview whose answers cannot be graded fails before anything
// is written: the grades stored earlier stay, no 0 score replaces them.
TEST(Practice, UngradableSessionSavesNothingAndKeepsEarlierGrades) {
  StoredSession t;
  ASSERT_TRUE(t.store);
  auto& store = *t.store;
  auto s = t.iv.end(t.answered("the client sends an idempotency key and the server stores it"),
                    "script");
  auto info = store.info(s.id);
  ASSERT_TRUE(info);
  auto first = practice::report(store, t.iv, s, *info, true);
  ASSERT_TRUE(first) << first.error();
  auto before = store.grades(s.id);
  ASSERT_TRUE(before);
  ASSERT_FALSE(before->empty());
  const double score = store.info(s.id)->score;
  EXPECT_GE(score, 0) << "graded";

  for (auto& turn : s.turns)
    if (turn.role == interview::Role::Candidate) turn.text += " \xc3";
  auto again = practice::report(store, t.iv, s, *info, true);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.code(), ErrorCode::corrupt);
  EXPECT_NE(again.error().find("cannot be graded"), std::string::npos) << again.error();
  EXPECT_EQ(store.info(s.id)->score, score);
  auto after = store.grades(s.id);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), before->size());
  EXPECT_EQ((*after)[0].grade, (*before)[0].grade);
}

}  // namespace
}  // namespace spar::store
