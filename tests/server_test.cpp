// spar serve against a real server on an ephemeral loopback port with a real
// SQLite file: the whole text interview, idempotent retries, versions,
// limits, accounts, CSRF and isolation between users.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <filesystem>
#include <thread>

#include "server_client.h"

namespace spar::server {
namespace {

using test::Client;
using test::json;
using test::real_bank;
using test::Reply;
namespace beast = test::beast;
namespace http = test::http;
namespace net = test::net;

class ServerTest : public test::ServerFixture {
 protected:
  json new_session(Client& c) {
    auto r = c.post("/api/v1/sessions", {{"areas", {"api"}},
                                         {"level", "mid"},
                                         {"minutes", 20},
                                         {"mode", "text"},
                                         {"questions", {"api.idempotency", "db.indexing"}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.j();
  }
  size_t turns(Client& c, const std::string& id) {
    auto r = c.get("/api/v1/sessions/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.j()["turns"].size();
  }
};

TEST_F(ServerTest, WholeTextInterviewCreateAnswerEndReport) {
  start_server(false);
  auto c = client();
  auto health = c.get("/healthz");
  EXPECT_EQ(health.status, 200);
  auto created = new_session(c);
  std::string id = created["id"];
  EXPECT_EQ(created["version"], 1);
  EXPECT_EQ(created["turn"]["question"], "api.idempotency");
  EXPECT_FALSE(created["turn"]["text"].get<std::string>().empty());
  auto a =
      c.post("/api/v1/sessions/" + id + "/answers",
             {{"text",
               "An idempotency key sent by the client lets the server store the first response "
               "and return it again on a retry, so the payment is applied once."}});
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.j()["version"], 2);
  EXPECT_FALSE(a.j()["turn"]["text"].get<std::string>().empty());
  for (const char* cmd : {"hint", "repeat", "skip"}) {
    auto r = c.post("/api/v1/sessions/" + id + "/answers", {{"command", cmd}});
    EXPECT_EQ(r.status, 200) << cmd << ": " << r.body;
  }
  auto got = c.get("/api/v1/sessions/" + id);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.j()["version"], 5);
  EXPECT_FALSE(got.j()["finished"]);
  EXPECT_GE(got.j()["turns"].size(), 9u);
  EXPECT_EQ(c.get("/api/v1/sessions/" + id + "/report").status, 409) << "no report before the end";
  auto ended = c.post("/api/v1/sessions/" + id + "/end", json::object());
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_TRUE(ended.j().is_object());
  auto html = c.get("/api/v1/sessions/" + id + "/report?format=html");
  EXPECT_EQ(html.status, 200);
  EXPECT_NE(html.headers["content-type"].find("text/html"), std::string::npos);
  EXPECT_NE(html.body.find("<html"), std::string::npos);
  EXPECT_EQ(c.get("/api/v1/sessions/" + id + "/report?format=md").status, 200);
  EXPECT_EQ(c.get("/api/v1/sessions/" + id + "/report?format=pdf").status, 400);
  auto list = c.get("/api/v1/sessions");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.j()["sessions"].size(), 1u);
  EXPECT_EQ(list.j()["sessions"][0]["id"], id);
  EXPECT_EQ(list.j()["sessions"][0]["status"], "finished");
  EXPECT_EQ(c.post("/api/v1/sessions/" + id + "/answers", {{"text", "more"}}).status, 409);
  auto missing = c.get("/api/v1/sessions/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.j()["error"]["code"], "not_found");
}

// The history page's data: every session with its score once graded, the
// per-area trend, and points missed in more than one session. An interview
// that ran out of questions (never sent to /end) is graded when its report
// is first read; reading it again writes nothing new.
TEST_F(ServerTest, HistoryHasScoresTrendsAndRepeatedMisses) {
  start_server(false);
  auto c = client();
  EXPECT_EQ(c.get("/api/v1/history").j()["sessions"].size(), 0u);
  std::vector<std::string> ids;
  for (int i = 0; i < 2; ++i) {
    auto r = c.post("/api/v1/sessions", {{"questions", "api.idempotency"}, {"minutes", 10}});
    ASSERT_EQ(r.status, 201) << r.body;
    std::string id = r.j()["id"];
    ids.push_back(id);
    // Skipping until the plan runs out finishes the interview by itself.
    for (int k = 0; k < 10; ++k) {
      auto a = c.post("/api/v1/sessions/" + id + "/answers", {{"command", "skip"}});
      ASSERT_EQ(a.status, 200) << a.body;
      if (a.j()["finished"].get<bool>()) break;
    }
    EXPECT_EQ(c.get("/api/v1/sessions/" + id).j()["status"], "finished");
  }
  auto before = c.get("/api/v1/history").j();
  EXPECT_TRUE(before["sessions"][0]["score"].is_null()) << "not graded before a report";
  for (const auto& id : ids) ASSERT_EQ(c.get("/api/v1/sessions/" + id + "/report").status, 200);
  auto h = c.get("/api/v1/history");
  ASSERT_EQ(h.status, 200) << h.body;
  auto j = h.j();
  ASSERT_EQ(j["sessions"].size(), 2u);
  EXPECT_EQ(j["sessions"][0]["score"], 0);
  EXPECT_EQ(j["areas"]["api"].size(), 2u);
  ASSERT_FALSE(j["missed_repeatedly"].empty());
  EXPECT_EQ(j["missed_repeatedly"][0]["times"], 2);
  EXPECT_EQ(j["missed_repeatedly"][0]["point"].get<std::string>().rfind("api.idempotency/", 0), 0u);
  EXPECT_EQ(c.get("/api/v1/sessions/" + ids[0] + "/report").status, 200);
  EXPECT_EQ(c.get("/api/v1/history").j(), j) << "reading a report again changes nothing";
}

// One source for area titles: the API serves bank/areas.yaml, which `spar
// bank areas` prints too (cli_test) and the start page shows (tests/e2e).
TEST_F(ServerTest, AreasAreTheBanksInItsOrder) {
  start_server(true);  // with accounts: the list is public all the same
  auto c = client();
  auto r = c.get("/api/v1/areas");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto areas = r.j()["areas"];
  ASSERT_EQ(areas.size(), real_bank().areas.size());
  for (size_t i = 0; i < areas.size(); ++i) {
    EXPECT_EQ(areas[i]["id"], real_bank().areas[i].id);
    EXPECT_EQ(areas[i]["title"], real_bank().areas[i].title);
  }
  EXPECT_EQ(areas[1]["title"], "Databases and SQL");
  EXPECT_EQ(c.post("/api/v1/areas", json::object()).status, 405);
}

TEST_F(ServerTest, SecurityHeadersStaticUiAndMetrics) {
  start_server(false);
  auto c = client();
  auto page = c.get("/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.headers["content-security-policy"].find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(page.headers["content-security-policy"].find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(page.headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(c.get("/../CMakeLists.txt").status, 404);
  EXPECT_EQ(c.get("/api/v1/openapi.json").j()["openapi"].get<std::string>().substr(0, 2), "3.");
  EXPECT_EQ(c.get("/healthz").body, "ok\n");
  auto m = c.get("/metrics");
  EXPECT_NE(m.body.find("spar_http_requests_total{route=\"/healthz\""), std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("spar_turn_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.body.find("spar_active_sessions"), std::string::npos);
  // Single-user mode: another site's page cannot drive the API.
  EXPECT_EQ(c.send("POST", "/api/v1/sessions", "{}", {{"Origin", "http://evil.example"}}).status,
            403);
  EXPECT_EQ(c.send("POST", "/api/v1/sessions", "{}", {{"Content-Type", "text/plain"}}).status, 415);
  EXPECT_EQ(c.send("GET", "/api/v1/sessions", "", {{"Host", "evil.example:8080"}}).status, 403);
}

// No path reaches a file outside web/: absolute paths, dot-dot in any
// spelling, encoded slashes and backslashes, NUL, hidden files, files of
// kinds the UI does not have, and symlinks that lead out of the folder.
TEST_F(ServerTest, StaticFilesNeverLeaveTheWebFolder) {
  namespace fs = std::filesystem;
  fs::create_directories(dir_ / "web" / "css");
  fs::create_directories(dir_ / "outside");
  testing::write_file(dir_ / "web" / "index.html", "<html>home</html>");
  testing::write_file(dir_ / "web" / "css" / "app.css", "body{}");
  testing::write_file(dir_ / "web" / "notes.txt", "not a UI file");
  testing::write_file(dir_ / "web" / ".hidden.js", "hidden");
  testing::write_file(dir_ / "outside" / "secret.js", "SECRET");
  fs::create_symlink(dir_ / "outside" / "secret.js", dir_ / "web" / "leak.js");
  fs::create_symlink(dir_ / "outside", dir_ / "web" / "out");
  fs::create_symlink("/etc/passwd", dir_ / "web" / "passwd.html");
  fs::create_symlink(dir_ / "web" / "css" / "app.css", dir_ / "web" / "same.css");
  web_dir_ = (dir_ / "web").string();
  start_server(false);
  auto c = client();
  // A session, so the database has its -wal file with other users' answers.
  ASSERT_EQ(c.post("/api/v1/sessions", json::object()).status, 201);
  std::string db = (dir_ / "spar.db").string();
  ASSERT_TRUE(fs::exists(db + "-wal"));

  EXPECT_EQ(c.get("/").body, "<html>home</html>");
  EXPECT_EQ(c.get("/index.html").status, 200);
  EXPECT_EQ(c.get("/%69ndex.html").status, 200) << "an encoded letter is still the name";
  EXPECT_EQ(c.get("/./css//app.css").body, "body{}");
  EXPECT_EQ(c.get("/same.css").body, "body{}") << "a symlink within web/ is fine";
  EXPECT_EQ(c.get("/css/app.css").headers["content-type"], "text/css; charset=utf-8");

  for (const std::string& target : std::vector<std::string>{
           "//etc/passwd",
           "//proc/self/environ",
           "/" + db + "-wal",
           "/" + db,
           "/%2fetc/passwd",
           "/%2Fetc%2Fpasswd",
           "/..%2f..%2fCMakeLists.txt",
           "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
           "/%2E%2E/outside/secret.js",
           "/css/../../outside/secret.js",
           "/..\\outside\\secret.js",
           "/%5c..%5coutside%5csecret.js",
           "/css%5c..%5c..%5coutside%5csecret.js",
           "/index.html%00.js",
           "/%00",
           "/%",
           "/%zz",
           "/notes.txt",
           "/.hidden.js",
           "/%2ehidden.js",
           "/leak.js",
           "/out/secret.js",
           "/passwd.html",
           "/css",
           "/nope.html",
       }) {
    auto r = test::raw_exchange(srv_->port(), "GET " + target +
                                                  " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                  "Connection: close\r\n\r\n");
    EXPECT_EQ(r.status, 404) << target << ": " << r.body;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << target;
  }
  // A NUL byte on the wire is not a path at all.
  auto nul = test::raw_exchange(
      srv_->port(), std::string("GET /index.html\0.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 46));
  EXPECT_NE(nul.status, 200);
}

// Bytes that are not UTF-8, in a plain path or in an upgrade request before
// login (which took the whole server down), get a JSON 404; an echoed path
// is cut on a character boundary.
TEST_F(ServerTest, InvalidUtf8InThePathIsA404NotACrash) {
  start_server(true);
  auto get = [&](const std::string& target, const std::string& extra = "") {
    return test::raw_exchange(srv_->port(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                                extra + "Connection: close\r\n\r\n");
  };
  const std::string upgrade =
      "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
      "Sec-WebSocket-Key: c3BhciB0ZXN0IG5vbmNlIQ==\r\n";
  for (const std::string& target :
       {std::string("/\xff"), std::string("/api/v1/sessions/\xff\xfe/voice"),
        std::string("/api/v1/\xc3"), std::string("/\xed\xa0\x80.html")}) {
    for (const std::string& extra : {std::string(), upgrade}) {
      auto r = get(target, extra);
      EXPECT_TRUE(r.status == 404 || r.status == 401) << r.status << " " << r.body;
      EXPECT_TRUE(r.j().is_object()) << r.body;
      EXPECT_EQ(get("/healthz").status, 200) << "the server is still up";
    }
  }
  // A 2-byte character straddling the 200-byte cut of the echoed path.
  std::string path = "/" + std::string(198, 'a') + "\xc3\xa9" + std::string(50, 'b');
  auto r = get(path);
  ASSERT_EQ(r.status, 404);
  std::string message = r.j()["error"]["message"];
  EXPECT_EQ(message.find("\xef\xbf\xbd"), std::string::npos) << "no character was split";
  EXPECT_EQ(message.find('b'), std::string::npos) << "the echo is clipped";
}

// Fields of the wrong type or out of range are 400 with a code naming the
// field, and create nothing (they were 500s, and minutes wrapped at 2^32).
TEST_F(ServerTest, NewSessionFieldsAreTypeAndRangeChecked) {
  start_server(false);
  auto c = client();
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"level", 3}}, "bad_level"},
      {{{"level", nullptr}}, "bad_level"},
      {{{"level", "principal"}}, "bad_level"},
      {{{"mode", 1}}, "bad_mode"},
      {{{"mode", {"voice"}}}, "bad_mode"},
      {{{"minutes", 4294967326u}}, "bad_minutes"},
      {{{"minutes", 18446744073709551615u}}, "bad_minutes"},
      {{{"minutes", -4294967266}}, "bad_minutes"},
      {{{"minutes", 0}}, "bad_minutes"},
      {{{"minutes", 241}}, "bad_minutes"},
      {{{"minutes", 30.5}}, "bad_minutes"},
      {{{"minutes", "30"}}, "bad_minutes"},
      {{{"areas", {1, 2}}}, "bad_areas"},
      {{{"areas", {{"api", true}}}}, "bad_areas"},
      {{{"questions", 7}}, "bad_questions"},
      {{{"questions", {"api.idempotency", nullptr}}}, "bad_questions"},
  };
  for (const auto& [body, code] : cases) {
    auto r = c.post("/api/v1/sessions", body);
    EXPECT_EQ(r.status, 400) << body.dump() << ": " << r.body;
    EXPECT_EQ(r.j()["error"]["code"], code) << body.dump();
  }
  EXPECT_TRUE(c.get("/api/v1/sessions").j()["sessions"].empty());
  auto ok = c.post("/api/v1/sessions", {{"minutes", 240}, {"areas", "api, db"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(c.get("/api/v1/sessions/" + ok.j()["id"].get<std::string>()).j()["minutes"], 240);
}

// Framing errors are answered with a status before the connection closes
// (they were closed with no answer), and the server keeps serving.
TEST_F(ServerTest, MalformedHttpGetsAStatusAndAClose) {
  start_server(false);
  const std::string head =
      "POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: application/json\r\n";
  const std::vector<std::pair<std::string, int>> cases = {
      {head + "Content-Length: 99999999999999999999999\r\n\r\n{}", 400},
      {head + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400},
      {head + "Content-Length: 2, 3\r\n\r\n{}", 400},
      {head + "Content-Length: -2\r\n\r\n{}", 400},
      {head + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400},
      {head + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400},
      {head + "Transfer-Encoding: gzip\r\n\r\n{}", 400},
      {head + "Content-Length: 20000000\r\n\r\n{}", 413},
      {head + "X-Pad: " + std::string(20 * 1024, 'a') + "\r\n\r\n", 431},
      {"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Nul: a" + std::string(1, '\0') + "b\r\n\r\n",
       400},
      {"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Name: x\r\n\r\n", 400},
      {"GET /index.html" + std::string(1, '\0') + ".js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400},
      {"GET\r\n\r\n", 400},
      {"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n", 400},
  };
  for (const auto& [bytes, status] : cases) {
    auto r = test::raw_exchange(srv_->port(), bytes);
    EXPECT_EQ(r.status, status) << bytes.substr(0, 120);
    EXPECT_EQ(r.headers["connection"], "close") << bytes.substr(0, 120);
    EXPECT_TRUE(r.j().is_object()) << r.body;
  }
  EXPECT_EQ(client().get("/healthz").status, 200);
  EXPECT_TRUE(client().get("/api/v1/sessions").j()["sessions"].empty()) << "nothing was created";
  EXPECT_NE(client().get("/metrics").body.find("route=\"malformed\",status=\"431\""),
            std::string::npos);
}

// At the connection cap a new connection is answered 503 at once, and the
// server serves again as soon as a connection closes.
TEST_F(ServerTest, ConnectionCapAnswers503) {
  Limits l;
  l.connections = 3;
  start_server(false, l);
  net::io_context ioc;
  std::vector<std::unique_ptr<beast::tcp_stream>> idle;
  for (int i = 0; i < 3; ++i) {
    idle.push_back(std::make_unique<beast::tcp_stream>(ioc));
    idle.back()->connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), srv_->port()));
  }
  auto busy = client().get("/healthz");
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.j()["error"]["code"], "busy");
  EXPECT_EQ(busy.headers["retry-after"], "1");
  idle.pop_back();
  int status = 0;
  for (int i = 0; i < 100 && status != 200; ++i) {
    status = client().get("/healthz").status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status, 200) << "a freed place is used again";
  idle.clear();
  std::string m;
  for (int i = 0; i < 100 && m.empty(); ++i) {
    auto r = client().get("/metrics");
    if (r.status == 200) m = r.body;
  }
  EXPECT_EQ(m.find("spar_connections_refused_total 0"), std::string::npos) << m;
}

// Out of file descriptors, accept fails (EMFILE): the server logs it, waits
// and accepts again once descriptors are free (it used to stop accepting
// for good, silently).
TEST_F(ServerTest, AcceptSurvivesRunningOutOfFileDescriptors) {
  Limits l;
  l.connections = 100000;  // the cap would refuse before the descriptors run out
  start_server(false, l);
  auto c = client();
  ASSERT_EQ(c.get("/healthz").status, 200);
  test::StderrLog log;
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  rlimit low = saved;
  low.rlim_cur = 256;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  // Every descriptor this process may have is taken, then one is freed for
  // a client: the server cannot accept its connection.
  std::vector<int> filler;
  for (int fd; (fd = ::open("/dev/null", O_RDONLY)) >= 0;) filler.push_back(fd);
  ASSERT_FALSE(filler.empty());
  ::close(filler.back());
  filler.pop_back();
  int sock = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(srv_->port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  bool logged = log.wait_for("accept failed");
  for (int fd : filler) ::close(fd);
  ::close(sock);
  setrlimit(RLIMIT_NOFILE, &saved);
  EXPECT_TRUE(logged) << log.text();
  int status = 0;
  for (int i = 0; i < 20 && status != 200; ++i)
    status = test::raw_exchange(srv_->port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 5)
                 .status;
  EXPECT_EQ(status, 200) << "accepting again";
  EXPECT_TRUE(log.wait_for("accepting again")) << log.text();
  EXPECT_EQ(c.get("/metrics").body.find("spar_accept_errors_total 0"), std::string::npos);
}

TEST_F(ServerTest, IdempotencyKeyAppliesATurnOnce) {
  start_server(false);
  auto c = client();
  std::string id = new_session(c)["id"];
  size_t before = turns(c, id);
  json answer = {{"text", "the server stores the response under the key"}};
  auto a = c.post("/api/v1/sessions/" + id + "/answers", answer, {{"Idempotency-Key", "k-1"}});
  auto b = c.post("/api/v1/sessions/" + id + "/answers", answer, {{"Idempotency-Key", "k-1"}});
  ASSERT_EQ(a.status, 200) << a.body;
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(turns(c, id), before + 2) << "one candidate turn and one reply, not two of each";
  auto other = c.post("/api/v1/sessions/" + id + "/answers", answer, {{"Idempotency-Key", "k-2"}});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(turns(c, id), before + 4);
  // The same key for a different answer is refused, and nothing is saved.
  auto reused = c.post("/api/v1/sessions/" + id + "/answers",
                       {{"text", "a different answer entirely"}}, {{"Idempotency-Key", "k-2"}});
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_EQ(reused.j()["error"]["code"], "idempotency_key_mismatch");
  EXPECT_EQ(turns(c, id), before + 4);
}

TEST_F(ServerTest, DuplicateSubmissionsAtOnceAreAppliedOnce) {
  start_server(false);
  auto c = client();
  std::string id = new_session(c)["id"];
  size_t before = turns(c, id);
  std::vector<Reply> replies(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < replies.size(); ++i)
    threads.emplace_back([&, i] {
      Client mine(srv_->port());
      replies[i] = mine.post("/api/v1/sessions/" + id + "/answers", {{"text", "a key per request"}},
                             {{"Idempotency-Key", "same"}});
    });
  for (auto& t : threads) t.join();
  for (const auto& r : replies) {
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, replies[0].body);
  }
  EXPECT_EQ(turns(c, id), before + 2);
}

TEST_F(ServerTest, StopClosesIdleConnectionsAndFinishes) {
  start_server(false);
  net::io_context ioc;
  beast::tcp_stream idle(ioc);
  idle.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), srv_->port()));
  auto c = client();
  EXPECT_EQ(c.get("/healthz").status, 200);
  srv_->stop();
  srv_->wait();  // returns although a client is still connected
  srv_.reset();
  char b;
  beast::error_code ec;
  idle.socket().read_some(net::buffer(&b, 1), ec);
  EXPECT_TRUE(ec) << "the idle connection was closed";
}

TEST_F(ServerTest, StaleIfMatchIsAConflict) {
  start_server(false);
  auto c = client();
  std::string id = new_session(c)["id"];
  auto ok =
      c.post("/api/v1/sessions/" + id + "/answers", {{"text", "first"}}, {{"If-Match", "\"1\""}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  size_t n = turns(c, id);
  auto stale =
      c.post("/api/v1/sessions/" + id + "/answers", {{"text", "second"}}, {{"If-Match", "1"}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.j()["error"]["code"], "stale_version");
  EXPECT_EQ(turns(c, id), n);
}

TEST_F(ServerTest, BurstIsRateLimitedWithRetryAfter) {
  Limits l;
  l.ip_rate = 0.5;
  l.ip_burst = 5;
  start_server(false, l);
  auto c = client();
  int limited = 0;
  std::string retry;
  for (int i = 0; i < 12; ++i) {
    auto r = c.get("/api/v1/sessions");
    if (r.status == 429) {
      ++limited;
      retry = r.headers["retry-after"];
      EXPECT_EQ(r.j()["error"]["code"], "rate_limited");
    }
  }
  EXPECT_GE(limited, 1);
  EXPECT_FALSE(retry.empty());
  EXPECT_GE(std::stoi(retry), 1);
}

TEST_F(ServerTest, OversizeBodyIsRefusedAndNothingSaved) {
  start_server(false);
  auto c = client();
  std::string id = new_session(c)["id"];
  size_t n = turns(c, id);
  auto big =
      c.post("/api/v1/sessions/" + id + "/answers", {{"text", std::string(200 * 1024, 'a')}});
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(big.j()["error"]["code"], "too_large");
  EXPECT_EQ(turns(c, id), n);
}

TEST_F(ServerTest, OversizeNewSessionCreatesNothing) {
  start_server(false);
  auto c = client();
  json big = {{"areas", {"api"}},
              {"questions", std::vector<std::string>(20000, "api.idempotency")}};
  EXPECT_EQ(c.post("/api/v1/sessions", big).status, 413);
  EXPECT_TRUE(c.get("/api/v1/sessions").j()["sessions"].empty());
}

TEST_F(ServerTest, SilentClientIsDisconnected) {
  Limits l;
  l.read_timeout_s = 1;
  start_server(false, l);
  net::io_context ioc;
  beast::tcp_stream slow(ioc);
  slow.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), srv_->port()));
  std::string partial = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";  // never finished
  net::write(slow.socket(), net::buffer(partial));
  char b;
  beast::error_code ec;
  slow.socket().read_some(net::buffer(&b, 1), ec);  // returns once the server hangs up
  EXPECT_TRUE(ec);
}

TEST_F(ServerTest, LoginAttemptsAreRateLimited) {
  Limits l;
  l.login_rate = 0.01;
  l.login_burst = 3;
  start_server(true, l);
  auto c = client();
  int limited = 0;
  for (int i = 0; i < 6; ++i) {
    auto r = c.post("/api/v1/auth/login",
                    {{"name", "nobody"}, {"password", "guess " + std::to_string(i)}});
    if (r.status == 429)
      ++limited;
    else
      EXPECT_EQ(r.status, 401);
  }
  EXPECT_EQ(limited, 3);
}

TEST_F(ServerTest, AccountsAreIsolatedCsrfCheckedAndLogoutRevokes) {
  start_server(true);
  auto anon = client();
  EXPECT_EQ(anon.get("/api/v1/sessions").status, 401);
  auto ada = client(), bob = client();
  auto su = ada.post("/api/v1/auth/signup", {{"name", "ada"}, {"password", "correct horse"}});
  ASSERT_EQ(su.status, 201) << su.body;
  EXPECT_NE(su.headers["set-cookie"].find("HttpOnly"), std::string::npos);
  EXPECT_NE(su.headers["set-cookie"].find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(ada.post("/api/v1/auth/signup", {{"name", "ada"}, {"password", "another one"}}).status,
            409);
  ada.csrf = su.j()["csrf"];
  ASSERT_EQ(
      bob.post("/api/v1/auth/signup", {{"name", "bob"}, {"password", "battery staple"}}).status,
      201);
  EXPECT_EQ(
      client().post("/api/v1/auth/login", {{"name", "bob"}, {"password", "wrong password"}}).status,
      401);
  auto bl = bob.post("/api/v1/auth/login", {{"name", "bob"}, {"password", "battery staple"}});
  ASSERT_EQ(bl.status, 200);
  bob.csrf = bl.j()["csrf"];

  std::string id = new_session(ada)["id"];
  // Bob sees nothing of Ada's: 404, never the data.
  EXPECT_EQ(bob.get("/api/v1/sessions/" + id).status, 404);
  EXPECT_EQ(bob.post("/api/v1/sessions/" + id + "/answers", {{"text", "mine now"}}).status, 404);
  EXPECT_EQ(bob.post("/api/v1/sessions/" + id + "/end", json::object()).status, 404);
  EXPECT_EQ(bob.get("/api/v1/sessions/" + id + "/report").status, 404);
  EXPECT_TRUE(bob.get("/api/v1/sessions").j()["sessions"].empty());
  EXPECT_EQ(ada.get("/api/v1/sessions").j()["sessions"].size(), 1u);

  // CSRF: the cookie alone is not enough for a state-changing request.
  std::string token = ada.csrf;
  ada.csrf.clear();
  EXPECT_EQ(ada.post("/api/v1/sessions/" + id + "/answers", {{"text", "x"}}).status, 403);
  ada.csrf = std::string(token.size(), '0');
  EXPECT_EQ(ada.post("/api/v1/sessions/" + id + "/answers", {{"text", "x"}}).status, 403);
  ada.csrf = token;
  EXPECT_EQ(ada.post("/api/v1/sessions/" + id + "/answers", {{"text", "keys"}}).status, 200);

  // Logout revokes the token on the server, not just the cookie.
  auto old_cookies = ada.cookies;
  EXPECT_EQ(ada.post("/api/v1/auth/logout", json::object()).status, 200);
  ada.cookies = old_cookies;
  EXPECT_EQ(ada.get("/api/v1/sessions").status, 401);
  EXPECT_EQ(ada.get("/api/v1/auth/me").status, 401);
}

TEST(ServeOptions, NonLoopbackWithoutAuthRefusesToStart) {
  Options o;
  o.host = "0.0.0.0";
  auto st = check_options(o);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().find("--auth"), std::string::npos);
  o.auth = true;
  EXPECT_TRUE(check_options(o));
  EXPECT_TRUE(is_loopback("127.0.0.1"));
  EXPECT_TRUE(is_loopback("::1"));
  EXPECT_FALSE(is_loopback("192.168.1.10"));
  testing::TempDir dir;
  auto r = testing::run_spar("--db " + (dir / "x.db").string() + " serve --host 0.0.0.0 --port 0");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("without --auth"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace spar::server
