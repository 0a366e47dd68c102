// Test helpers for spar serve: the shipped bank, a small blocking HTTP/1.1
// client (one connection per request) that keeps cookies and the CSRF token,
// and a server started on an ephemeral loopback port with a fresh SQLite file.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "bank/loader.h"
#include "server/server.h"
#include "testing.h"

namespace spar::server::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using json = nlohmann::json;

inline const bank::Bank& real_bank() {
  static bank::Bank b = std::move(bank::load_bank(testing::source_bank()).bank);
  return b;
}

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; Set-Cookie values joined by '\n'
  std::string body;
  json j() const { return json::parse(body, nullptr, false); }
};

// A small HTTP/1.1 client: one connection per request.
class Client {
 public:
  explicit Client(unsigned short port) : port_(port) {}
  std::map<std::string, std::string> cookies;  // sent with every request
  std::string csrf;                            // sent as X-CSRF-Token when set

  Reply send(const std::string& method, const std::string& target, const std::string& body = "",
             std::map<std::string, std::string> headers = {}) {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
    if (!body.empty() || method == "POST") req.set(http::field::content_type, "application/json");
    std::string c;
    for (const auto& [k, v] : cookies) c += (c.empty() ? "" : "; ") + k + "=" + v;
    if (!c.empty()) req.set(http::field::cookie, c);
    if (!csrf.empty()) req.set("X-CSRF-Token", csrf);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buf;
    http::response_parser<http::string_body> parser;
    parser.body_limit(16 * 1024 * 1024);
    http::read(stream, buf, parser);
    auto res = parser.release();
    Reply r;
    r.status = res.result_int();
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      auto& v = r.headers[name];
      v += (v.empty() ? "" : "\n") + std::string(f.value());
      if (name == "set-cookie") {
        std::string kv(f.value());
        kv = kv.substr(0, kv.find(';'));
        auto eq = kv.find('=');
        if (eq != std::string::npos) cookies[kv.substr(0, eq)] = kv.substr(eq + 1);
      }
    }
    r.body = res.body();
    beast::error_code ec;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
    return r;
  }
  Reply get(const std::string& target) { return send("GET", target); }
  Reply post(const std::string& target, const json& body,
             std::map<std::string, std::string> h = {}) {
    return send("POST", target, body.dump(), std::move(h));
  }

 private:
  unsigned short port_;
};

// Sends `bytes` as they are on a new connection and reads until the server
// closes it (or `timeout_s` passes): the status of the first response, 0
// when none came. For requests no well-behaved client would send.
inline Reply raw_exchange(unsigned short port, const std::string& bytes, int timeout_s = 10) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  beast::error_code ec;
  net::write(stream.socket(), net::buffer(bytes), ec);
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
  beast::flat_buffer buf;
  http::response_parser<http::string_body> parser;
  stream.expires_after(std::chrono::seconds(timeout_s));
  http::read(stream, buf, parser, ec);
  Reply r;
  if (!parser.is_header_done()) return r;
  auto res = parser.release();
  r.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    r.headers[name] = std::string(f.value());
  }
  r.body = res.body();
  return r;
}

// Redirects this process's stderr (the server's log) into a pipe while it
// lives, so a test can wait for a log line.
class StderrLog {
 public:
  StderrLog() {
    saved_ = ::dup(STDERR_FILENO);
    if (::pipe(fds_) == 0) {
      ::fcntl(fds_[0], F_SETFL, O_NONBLOCK);
      ::dup2(fds_[1], STDERR_FILENO);
    }
  }
  ~StderrLog() {
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
    ::close(fds_[0]);
    ::close(fds_[1]);
  }
  // Reads the log until it contains `text`; false if it has not after
  // `polls` waits of 100 ms (a guard against hanging, not a time limit).
  bool wait_for(const std::string& text, int polls = 300) {
    for (int i = 0; i < polls && text_.find(text) == std::string::npos; ++i) {
      pollfd p{fds_[0], POLLIN, 0};
      ::poll(&p, 1, 100);
      char buf[4096];
      ssize_t n;
      while ((n = ::read(fds_[0], buf, sizeof buf)) > 0) text_.append(buf, static_cast<size_t>(n));
    }
    return text_.find(text) != std::string::npos;
  }
  const std::string& text() const { return text_; }

 private:
  int saved_ = -1;
  int fds_[2] = {-1, -1};
  std::string text_;
};

// A server on 127.0.0.1:<any port> with a fresh database in a temp dir.
class ServerFixture : public ::testing::Test {
 protected:
  void start_server(bool auth, Limits limits = {}) {
    Options o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.db_path = (dir_ / "spar.db").string();
    o.web_dir = web_dir_.empty() ? std::string(SPAR_SOURCE_DIR) + "/web" : web_dir_;
    o.auth = auth;
    o.local_user = "tester";
    o.limits = limits;
    auto s = start(o, real_bank());
    ASSERT_TRUE(s) << s.error();
    srv_ = std::move(*s);
  }
  void TearDown() override {
    if (srv_) {
      srv_->stop();
      srv_->wait();
    }
  }
  Client client() { return Client(srv_->port()); }

  testing::TempDir dir_;
  std::string web_dir_;  // the UI's folder when not the source tree's web/
  std::unique_ptr<Server> srv_;
};

}  // namespace spar::server::test
