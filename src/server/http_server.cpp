// The HTTP and WebSocket transport on Boost.Beast: accept, read with limits
// and timeouts, hand each request to the Api on a worker thread, write the
// response; upgrade a session's voice URL to a WebSocket run by a
// VoiceChannel. This is the only file of spar that includes Beast or Asio.
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>
#include <thread>

#include "server/api.h"
#include "server/auth.h"
#include "server/voice.h"

namespace spar::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// Each worker thread's Interviewer and database connection.
thread_local Worker* tl_worker = nullptr;

class Impl;

class Conn : public std::enable_shared_from_this<Conn> {
 public:
  Conn(tcp::socket&& s, Impl& srv);
  ~Conn();
  void start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Conn::read, shared_from_this()));
  }
  // Called on stop: a connection waiting for its next request is closed; one
  // whose request is being answered finishes it first.
  void stop_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->stream_.socket().close();
    });
  }

 private:
  void read();
  void on_read(beast::error_code ec, size_t);
  void write(Response res, bool keep_alive, unsigned version);
  void on_write(bool keep_alive, beast::error_code ec, size_t);
  void drain_and_close();

  beast::tcp_stream stream_;
  beast::flat_buffer buf_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  Impl& srv_;
  bool busy_ = false;
  char discard_[4096];
  size_t drained_ = 0;
};

// One voice WebSocket. Every handler runs on the connection's strand, so the
// VoiceChannel sees one event at a time; writes are queued and sent in order.
class WsConn : public std::enable_shared_from_this<WsConn> {
 public:
  WsConn(tcp::socket&& s, Impl& srv, VoiceAccess access);
  ~WsConn();
  void run(http::request<http::string_body> req);
  // Graceful shutdown: a close frame after the turn being computed, if any.
  void stop() {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
      if (!self->ws_.is_open() || self->closing_) return;
      self->closing_ = true;
      self->ws_.async_close(websocket::close_code::going_away, [self](beast::error_code) {});
    });
  }

 private:
  void on_accept(beast::error_code ec);
  void read();
  void on_read(beast::error_code ec, size_t n);
  void queue(bool binary, std::string data);
  void write_next();

  websocket::stream<beast::tcp_stream> ws_;
  http::request<http::string_body> req_;
  beast::flat_buffer buf_;
  Impl& srv_;
  VoiceAccess access_;
  std::unique_ptr<VoiceChannel> channel_;
  std::deque<std::pair<bool, std::string>> out_;
  size_t out_bytes_ = 0;
  bool writing_ = false, closing_ = false;
  std::vector<int16_t> pcm_;
};

class Impl final : public Server {
 public:
  Impl(const Options& o, const bank::Bank& b)
      : api_(o, b), ioc_(o.limits.threads), acc_(net::make_strand(ioc_)) {}
  ~Impl() override {
    stop();
    wait();
  }

  Status listen() {
    beast::error_code ec;
    tcp::resolver resolver(ioc_);
    auto results = resolver.resolve(api_.options().host, std::to_string(api_.options().port), ec);
    if (ec || results.empty())
      return make_error("cannot resolve host '" + api_.options().host + "': " + ec.message());
    tcp::endpoint ep = *results.begin();
    acc_.open(ep.protocol(), ec);
    if (!ec) acc_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acc_.bind(ep, ec);
    if (!ec) acc_.listen(net::socket_base::max_listen_connections, ec);
    if (ec)
      return make_error("cannot listen on " + api_.options().host + ":" +
                        std::to_string(api_.options().port) + ": " + ec.message());
    port_ = acc_.local_endpoint().port();
    for (int i = 0; i < std::max(1, api_.options().limits.threads); ++i) {
      auto w = api_.make_worker();
      if (!w) return make_error(w.error());
      workers_.push_back(std::move(*w));
    }
    accept();
    // Loading the speech engines takes a second or two (longer when the
    // bank's language model is built the first time): not on a request.
    if (api_.options().warm_speech) warm_ = std::thread([this] { (void)api_.speech().warm_up(); });
    for (auto& w : workers_)
      threads_.emplace_back([this, wp = w.get()] {
        tl_worker = wp;
        ioc_.run();
      });
    return Ok{};
  }

  unsigned short port() const override { return port_; }

  void stop() override {
    if (stopping_.exchange(true)) return;
    net::post(acc_.get_executor(), [this] {
      beast::error_code ec;
      acc_.close(ec);
    });
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& weak : conns_)
      if (auto c = weak.lock()) c->stop_if_idle();
    for (auto& weak : ws_conns_)
      if (auto c = weak.lock()) c->stop();
  }

  void wait() override {
    for (auto& t : threads_)
      if (t.joinable()) t.join();
    if (warm_.joinable()) warm_.join();
  }

  Api& api() { return api_; }
  bool stopping() const { return stopping_; }
  void add(const std::shared_ptr<Conn>& c) {
    std::lock_guard<std::mutex> lock(mu_);
    conns_.remove_if([](const std::weak_ptr<Conn>& w) { return w.expired(); });
    conns_.push_back(c);
  }
  void add(const std::shared_ptr<WsConn>& c) {
    std::lock_guard<std::mutex> lock(mu_);
    ws_conns_.remove_if([](const std::weak_ptr<WsConn>& w) { return w.expired(); });
    ws_conns_.push_back(c);
  }

 private:
  void accept() {
    acc_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket s) {
      if (ec || stopping_) return;  // closed: stop accepting
      auto c = std::make_shared<Conn>(std::move(s), *this);
      add(c);
      c->start();
      accept();
    });
  }

  Api api_;
  net::io_context ioc_;
  tcp::acceptor acc_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
  std::thread warm_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::list<std::weak_ptr<Conn>> conns_;
  std::list<std::weak_ptr<WsConn>> ws_conns_;
  unsigned short port_ = 0;
};

Conn::Conn(tcp::socket&& s, Impl& srv) : stream_(std::move(s)), srv_(srv) {
  srv_.api().metrics().connection_opened();
}

Conn::~Conn() {
  srv_.api().metrics().connection_closed();
}

void Conn::read() {
  busy_ = false;
  if (srv_.stopping()) {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    return;
  }
  parser_.emplace();
  parser_->body_limit(srv_.api().options().limits.body_bytes);
  parser_->header_limit(16 * 1024);
  // A slow or silent client is dropped after the timeout (slowloris).
  stream_.expires_after(std::chrono::seconds(srv_.api().options().limits.read_timeout_s));
  http::async_read(stream_, buf_, *parser_,
                   beast::bind_front_handler(&Conn::on_read, shared_from_this()));
}

void Conn::on_read(beast::error_code ec, size_t) {
  if (ec == http::error::body_limit) {
    busy_ = true;
    return write(
        error_response(413, "too_large",
                       "the request body is larger than " +
                           std::to_string(srv_.api().options().limits.body_bytes) + " bytes"),
        false, 11);
  }
  if (ec) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return;
  }
  busy_ = true;
  auto req = parser_->release();
  Request r;
  r.method = std::string(req.method_string());
  std::string target(req.target());
  auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = target.substr(q + 1);
  for (const auto& f : req) {
    std::string name(f.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    r.headers[name] = std::string(f.value());
  }
  r.body = std::move(req.body());
  beast::error_code ep_ec;
  auto remote = stream_.socket().remote_endpoint(ep_ec);
  r.client_ip = ep_ec ? "unknown" : remote.address().to_string();
  stream_.expires_never();
  if (websocket::is_upgrade(req)) {
    auto access = srv_.api().voice_access(r, *tl_worker);
    if (auto* a = std::get_if<VoiceAccess>(&access)) {
      auto ws = std::make_shared<WsConn>(stream_.release_socket(), srv_, std::move(*a));
      srv_.add(ws);
      ws->run(std::move(req));
      return;
    }
    return write(std::get<Response>(std::move(access)), false, req.version());
  }
  Response res = srv_.api().handle(r, *tl_worker);
  if (r.method == "HEAD") res.body.clear();
  write(std::move(res), req.keep_alive() && !srv_.stopping(), req.version());
}

void Conn::write(Response res, bool keep_alive, unsigned version) {
  res_ = {};
  res_.version(version);
  res_.result(static_cast<http::status>(res.status));
  res_.set(http::field::content_type, res.content_type);
  for (const auto& [k, v] : res.headers) res_.insert(k, v);
  res_.body() = std::move(res.body);
  res_.keep_alive(keep_alive);
  res_.prepare_payload();
  stream_.expires_after(std::chrono::seconds(srv_.api().options().limits.read_timeout_s));
  http::async_write(stream_, res_,
                    beast::bind_front_handler(&Conn::on_write, shared_from_this(), keep_alive));
}

void Conn::on_write(bool keep_alive, beast::error_code ec, size_t) {
  if (ec) return;
  if (keep_alive) return read();
  drain_and_close();
}

// Closing a socket with unread input resets the connection, and the client
// may lose the response it has not read yet (e.g. a 413 to a large upload).
// So: stop sending, read and discard for a little while, then close.
void Conn::drain_and_close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.expires_after(std::chrono::seconds(2));
  stream_.async_read_some(net::buffer(discard_),
                          [self = shared_from_this()](beast::error_code e, size_t n) {
                            self->drained_ += n;
                            if (e || self->drained_ > (1u << 20)) {
                              beast::error_code ignored;
                              self->stream_.socket().close(ignored);
                              return;
                            }
                            self->drain_and_close();
                          });
}

WsConn::WsConn(tcp::socket&& s, Impl& srv, VoiceAccess access)
    : ws_(std::move(s)), srv_(srv), access_(std::move(access)) {}

WsConn::~WsConn() = default;

void WsConn::run(http::request<http::string_body> req) {
  // Handshake within 30 s; after 150 s of silence the server pings, and a
  // peer that answers nothing for 5 minutes is dropped.
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.read_message_max(srv_.api().options().limits.ws_message_bytes);
  // The request must outlive the handshake.
  req_ = std::move(req);
  ws_.async_accept(req_, beast::bind_front_handler(&WsConn::on_accept, shared_from_this()));
}

void WsConn::on_accept(beast::error_code ec) {
  if (ec) return;
  VoiceChannel::Sink sink;
  sink.text = [this](std::string s) { queue(false, std::move(s)); };
  sink.binary = [this](std::string s) { queue(true, std::move(s)); };
  // The channel is owned by this connection: its callbacks must not own the
  // connection back (a cycle would keep every closed socket alive).
  sink.defer = [weak = weak_from_this()](std::function<void()> f) {
    auto self = weak.lock();
    if (!self) return;
    net::post(self->ws_.get_executor(), [self, f = std::move(f)] {
      if (self->channel_ && !self->closing_) f();
    });
  };
  channel_ =
      std::make_unique<VoiceChannel>(srv_.api(), srv_.api().speech(), access_, std::move(sink));
  channel_->open(*tl_worker);
  read();
}

void WsConn::read() {
  ws_.async_read(buf_, beast::bind_front_handler(&WsConn::on_read, shared_from_this()));
}

void WsConn::on_read(beast::error_code ec, size_t n) {
  if (ec) {
    // Closed, timed out, or a message over the size limit: the recogniser
    // goes back to the pool; the session is saved turn by turn already.
    if (channel_) channel_->close();
    closing_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    return;
  }
  if (srv_.stopping()) {
    buf_.consume(n);
    return stop();
  }
  if (ws_.got_binary()) {
    if (n % 2 != 0) {
      queue(false, nlohmann::json{{"type", "error"},
                                  {"code", "bad_audio"},
                                  {"message", "audio is 16-bit PCM: an even number of bytes"}}
                       .dump());
    } else {
      pcm_.resize(n / 2);
      net::buffer_copy(net::buffer(pcm_.data(), n), buf_.data());
      channel_->audio(*tl_worker, pcm_);
    }
  } else {
    channel_->control(*tl_worker, beast::buffers_to_string(buf_.data()));
  }
  buf_.consume(n);
  read();
}

void WsConn::queue(bool binary, std::string data) {
  // A client that stops reading is not allowed to pile up replies.
  if (out_bytes_ + data.size() > (16u << 20)) {
    if (!closing_) {
      closing_ = true;
      ws_.async_close(websocket::close_code::policy_error,
                      [self = shared_from_this()](beast::error_code) {});
    }
    return;
  }
  out_bytes_ += data.size();
  out_.emplace_back(binary, std::move(data));
  if (!writing_) write_next();
}

void WsConn::write_next() {
  if (out_.empty() || closing_) {
    writing_ = false;
    return;
  }
  writing_ = true;
  ws_.binary(out_.front().first);
  ws_.async_write(net::buffer(out_.front().second),
                  [self = shared_from_this()](beast::error_code ec, size_t) {
                    self->out_bytes_ -= self->out_.front().second.size();
                    self->out_.pop_front();
                    if (ec) {
                      self->writing_ = false;
                      return;
                    }
                    self->write_next();
                  });
}

}  // namespace

bool is_loopback(const std::string& host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  beast::error_code ec;
  auto a = net::ip::make_address(host, ec);
  return !ec && a.is_loopback();
}

Status check_options(const Options& o) {
  if (!o.auth && !is_loopback(o.host))
    return make_error("refusing to serve on " + o.host +
                      " without --auth: anyone who can reach it would use your account. "
                      "Use --auth (accounts and login), or the default 127.0.0.1.");
  return Ok{};
}

Result<std::unique_ptr<Server>> start(const Options& o, const bank::Bank& bank) {
  if (auto st = check_options(o); !st) return make_error(st.error());
  if (!auth_init()) return make_error("libsodium could not be initialised");
  auto s = std::make_unique<Impl>(o, bank);
  if (auto st = s->listen(); !st) return make_error(st.error());
  return std::unique_ptr<Server>(std::move(s));
}

}  // namespace spar::server
