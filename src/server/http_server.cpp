// The HTTP and WebSocket transport on Boost.Beast: accept, read with limits
// and timeouts, hand each request to the Api on a worker thread, write the
// response; upgrade a session's voice URL to a WebSocket run by a
// VoiceChannel. This is the only file of spar that includes Beast or Asio.
#include <sys/resource.h>

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
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
#include "server/log.h"
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

// The boundary of every entry point Asio calls (a read, a write, an
// accept, a timer): an exception inside is logged with `where` and
// reported as false, so the caller answers with a status or a close code
// instead of letting it end io_context::run() and the process.
template <class F>
bool guarded(std::string_view where, F&& f) noexcept {
  try {
    f();
    return true;
  } catch (const std::exception& e) {
    log_line(std::string(where) + ": " + e.what());
  } catch (...) {
    log_line(std::string(where) + ": unknown exception");
  }
  return false;
}

Response internal_error() {
  return error_response(500, "internal", "internal error; it has been logged");
}

// One place in a count of open connections, held by the connection (an
// HTTP connection hands it on to the WebSocket it becomes).
class Slot {
 public:
  Slot() = default;
  explicit Slot(std::atomic<size_t>& n) : n_(&n) { ++*n_; }
  Slot(Slot&& o) noexcept : n_(std::exchange(o.n_, nullptr)) {}
  Slot& operator=(Slot&& o) noexcept {
    std::swap(n_, o.n_);
    return *this;
  }
  ~Slot() {
    if (n_) --*n_;
  }

 private:
  std::atomic<size_t>* n_ = nullptr;
};

class Impl;

class Conn : public std::enable_shared_from_this<Conn> {
 public:
  Conn(tcp::socket&& s, Impl& srv, Slot slot);
  ~Conn();
  void start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Conn::read, shared_from_this()));
  }
  // Answers 503 at once and closes: the server is at its connection cap.
  void refuse_busy();
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
  // The request could not be read: a status for what was wrong (400, 413,
  // 431) and a close, or just a close when the client went away.
  void refuse(beast::error_code ec);
  // Answers a complete request, or hands the socket to a WebSocket.
  void serve(http::request<http::string_body> req);
  void close();
  void write(Response res, bool keep_alive, unsigned version);
  void on_write(bool keep_alive, beast::error_code ec, size_t);
  void drain_and_close();

  beast::tcp_stream stream_;
  beast::flat_buffer buf_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  Impl& srv_;
  Slot slot_;
  bool busy_ = false;
  char discard_[4096];
  size_t drained_ = 0;
};

// One voice WebSocket. Every handler runs on the connection's strand, so the
// VoiceChannel sees one event at a time; writes are queued and sent in order.
class WsConn : public std::enable_shared_from_this<WsConn> {
 public:
  WsConn(tcp::socket&& s, Impl& srv, VoiceAccess access, Slot slot);
  ~WsConn();
  void run(http::request<http::string_body> req);
  // Graceful shutdown: a close frame after the turn being computed, if any.
  void stop() {
    net::post(ws_.get_executor(),
              [self = shared_from_this()] { self->close_soon(websocket::close_code::going_away); });
  }

 private:
  // Sends a close frame; a client that does not read it within the grace
  // period (its socket buffer full) is disconnected.
  void close_soon(websocket::close_code code);
  // A handler failed (logged by guarded()): close with 1011.
  void fail() { close_soon(websocket::close_code::internal_error); }
  void drop();
  void on_accept(beast::error_code ec);
  void read();
  void on_read(beast::error_code ec, size_t n);
  void queue(bool binary, std::string data);
  void write_next();

  websocket::stream<beast::tcp_stream> ws_;
  http::request<http::string_body> req_;
  beast::flat_buffer buf_;
  Impl& srv_;
  Slot slot_;
  net::steady_timer close_timer_;
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
      : api_(o, b),
        ioc_(o.limits.threads),
        acc_(net::make_strand(ioc_)),
        accept_timer_(acc_.get_executor()),
        cap_(connection_cap(o.limits.connections)) {}
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
    if (api_.options().warm_speech)
      warm_ = std::thread(
          [this] { guarded("loading speech", [&] { (void)api_.speech().warm_up(); }); });
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
      accept_timer_.cancel();
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
  // The configured cap, or one derived from the file-descriptor limit.
  static size_t connection_cap(size_t configured) {
    if (configured > 0) return configured;
    rlimit rl{};
    size_t fds = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
                     ? static_cast<size_t>(rl.rlim_cur)
                     : 10064;
    return std::clamp<size_t>(fds > 64 ? fds - 64 : 1, 1, 10000);
  }

  void accept() {
    acc_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket s) {
      if (!guarded("accept", [&] { on_accept(ec, std::move(s)); })) retry_accept();
    });
  }

  void on_accept(beast::error_code ec, tcp::socket s) {
    if (stopping_ || ec == net::error::operation_aborted || !acc_.is_open()) return;
    if (ec) {
      // Out of file descriptors (EMFILE, ENFILE) or memory: the connection
      // stays queued in the kernel. Try again after a pause that grows to a
      // second, and say so once per episode.
      api_.metrics().accept_failed();
      if (accept_failures_++ == 0)
        log_line("accept failed: " + ec.message() + "; retrying until it works (" +
                 std::to_string(open_.load()) + " connections open)");
      return retry_accept();
    }
    if (accept_failures_ > 0) {
      log_line("accepting again after " + std::to_string(accept_failures_) + " failed accepts");
      accept_failures_ = 0;
      accept_backoff_ = std::chrono::milliseconds(10);
    }
    if (open_ >= cap_) {
      api_.metrics().connection_refused();
      if (!refusing_logged_.exchange(true))
        log_line("connection cap reached (" + std::to_string(cap_) +
                 " open): new connections are answered 503");
      // A few refusals at a time are answered; beyond that, closed at once.
      if (refusing_ < 64)
        std::make_shared<Conn>(std::move(s), *this, Slot(refusing_))->refuse_busy();
    } else {
      if (open_ + 1 < cap_) refusing_logged_ = false;
      auto c = std::make_shared<Conn>(std::move(s), *this, Slot(open_));
      add(c);
      c->start();
    }
    accept();
  }

  void retry_accept() {
    if (stopping_) return;
    accept_timer_.expires_after(accept_backoff_);
    accept_backoff_ =
        std::min<std::chrono::milliseconds>(accept_backoff_ * 2, std::chrono::seconds(1));
    accept_timer_.async_wait([this](beast::error_code ec) {
      if (!ec && !stopping_) accept();
    });
  }

  Api api_;
  net::io_context ioc_;
  tcp::acceptor acc_;
  net::steady_timer accept_timer_;  // on the acceptor's strand, as are the next three
  std::chrono::milliseconds accept_backoff_{10};
  uint64_t accept_failures_ = 0;
  const size_t cap_;
  std::atomic<size_t> open_{0}, refusing_{0};
  std::atomic<bool> refusing_logged_{false};
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
  std::thread warm_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::list<std::weak_ptr<Conn>> conns_;
  std::list<std::weak_ptr<WsConn>> ws_conns_;
  unsigned short port_ = 0;
};

Conn::Conn(tcp::socket&& s, Impl& srv, Slot slot)
    : stream_(std::move(s)), srv_(srv), slot_(std::move(slot)) {
  srv_.api().metrics().connection_opened();
}

Conn::~Conn() {
  srv_.api().metrics().connection_closed();
}

void Conn::refuse_busy() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    bool ok = guarded("refusing a connection", [&] {
      self->busy_ = true;
      auto res = error_response(503, "busy", "the server has too many connections; try again");
      res.headers.emplace_back("Retry-After", "1");
      self->write(std::move(res), false, 11);
    });
    if (!ok) self->close();
  });
}

void Conn::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);
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
  busy_ = true;
  if (ec) {
    if (!guarded("refusing a request", [&] { refuse(ec); })) close();
    return;
  }
  // The request's own failures are 500s inside Api::handle; this catches
  // the rest (the upgrade, building the Request), and then the connection.
  auto req = parser_->release();
  unsigned version = req.version();
  if (!guarded("serving a request", [&] { serve(std::move(req)); }) &&
      !guarded("answering a failed request", [&] { write(internal_error(), false, version); }))
    close();
}

void Conn::refuse(beast::error_code ec) {
  const auto& limits = srv_.api().options().limits;
  Response res;
  if (ec == http::error::body_limit) {
    res = error_response(
        413, "too_large",
        "the request body is larger than " + std::to_string(limits.body_bytes) + " bytes");
  } else if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
    res = error_response(431, "headers_too_large",
                         "the request line and headers are larger than 16 KiB");
  } else if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
             ec != http::error::end_of_stream && ec != http::error::partial_message) {
    // Malformed: a bad request line, a NUL or other control byte in a
    // header, a Content-Length that is too large, repeated with another
    // value or sent with chunked encoding.
    res = error_response(400, "bad_http", "malformed HTTP request: " + ec.message());
  } else {
    // The client went away or fell silent: nobody to answer.
    return close();
  }
  srv_.api().metrics().request("malformed", res.status, 0);
  write(std::move(res), false, 11);
}

void Conn::serve(http::request<http::string_body> req) {
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
  // A Transfer-Encoding other than chunked leaves the body's end unknown:
  // the rest of the stream could be read as another request (smuggling).
  if (req.count(http::field::transfer_encoding) > 0 && !req.chunked()) {
    srv_.api().metrics().request("malformed", 400, 0);
    return write(error_response(400, "bad_http", "Transfer-Encoding must be chunked"), false,
                 req.version());
  }
  if (websocket::is_upgrade(req)) {
    auto access = srv_.api().voice_access(r, *tl_worker);
    if (auto* a = std::get_if<VoiceAccess>(&access)) {
      auto ws =
          std::make_shared<WsConn>(stream_.release_socket(), srv_, std::move(*a), std::move(slot_));
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

WsConn::WsConn(tcp::socket&& s, Impl& srv, VoiceAccess access, Slot slot)
    : ws_(std::move(s)),
      srv_(srv),
      slot_(std::move(slot)),
      close_timer_(ws_.get_executor()),
      access_(std::move(access)) {}

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
  bool ok = guarded("opening a voice channel", [&] {
    VoiceChannel::Sink sink;
    sink.text = [this](std::string s) { queue(false, std::move(s)); };
    sink.binary = [this](std::string s) { queue(true, std::move(s)); };
    // The channel is owned by this connection: its callbacks must not own
    // the connection back (a cycle would keep every closed socket alive).
    sink.defer = [weak = weak_from_this()](std::function<void()> f) {
      auto self = weak.lock();
      if (!self) return;
      net::post(self->ws_.get_executor(), [self, f = std::move(f)] {
        if (self->channel_ && !self->closing_ && !guarded("voice channel", f)) self->fail();
      });
    };
    channel_ =
        std::make_unique<VoiceChannel>(srv_.api(), srv_.api().speech(), access_, std::move(sink));
    channel_->open(*tl_worker);
    read();
  });
  if (!ok) fail();
}

void WsConn::read() {
  ws_.async_read(buf_, beast::bind_front_handler(&WsConn::on_read, shared_from_this()));
}

void WsConn::on_read(beast::error_code ec, size_t n) {
  if (ec) {
    // Closed, timed out, or a message over the size limit: the recogniser
    // goes back to the pool; the session is saved turn by turn already.
    guarded("closing a voice channel", [&] {
      if (channel_) channel_->close();
    });
    return drop();
  }
  if (srv_.stopping()) {
    buf_.consume(n);
    return stop();
  }
  bool ok = guarded("voice message", [&] {
    if (ws_.got_binary()) {
      if (n % 2 != 0) {
        queue(false, dump_json({{"type", "error"},
                                {"code", "bad_audio"},
                                {"message", "audio is 16-bit PCM: an even number of bytes"}}));
      } else {
        pcm_.resize(n / 2);
        net::buffer_copy(net::buffer(pcm_.data(), n), buf_.data());
        channel_->audio(*tl_worker, pcm_);
      }
    } else {
      channel_->control(*tl_worker, beast::buffers_to_string(buf_.data()));
    }
  });
  buf_.consume(n);
  if (!ok) return fail();
  read();
}

void WsConn::close_soon(websocket::close_code code) {
  if (closing_) return;
  closing_ = true;
  if (!ws_.is_open()) return drop();
  ws_.async_close(code, [self = shared_from_this()](beast::error_code) {});
  close_timer_.expires_after(std::chrono::milliseconds(
      static_cast<int64_t>(srv_.api().options().limits.stop_grace_s * 1000)));
  close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec) return;
    log_line("dropped a voice socket that did not answer its close frame (it stopped reading)");
    self->drop();
  });
}

void WsConn::drop() {
  closing_ = true;
  close_timer_.cancel();
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

void WsConn::queue(bool binary, std::string data) {
  // A client that stops reading is not allowed to pile up replies.
  if (out_bytes_ + data.size() > (16u << 20))
    return close_soon(websocket::close_code::policy_error);
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
