#include "server/limits.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace spar::server {

bool RateLimiter::take(const std::string& key, std::chrono::steady_clock::time_point now,
                       int& retry_after_s) {
  std::lock_guard<std::mutex> lock(mu_);
  // Full buckets carry no information; dropping them bounds the map's size
  // by the number of clients active within one refill period.
  if (buckets_.size() > 10000) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      double t =
          it->second.tokens + std::chrono::duration<double>(now - it->second.last).count() * rate_;
      it = t >= burst_ ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens =
        std::min(burst_, b.tokens + std::chrono::duration<double>(now - b.last).count() * rate_);
    b.last = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  retry_after_s = std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate_)));
  return false;
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::observe(double v) {
  size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  ++counts_[i];
  ++n_;
  sum_ += v;
}

std::string Histogram::render(const std::string& name) const {
  std::ostringstream o;
  uint64_t cum = 0;
  for (size_t i = 0; i < bounds_.size(); ++i) {
    cum += counts_[i];
    o << name << "_bucket{le=\"" << bounds_[i] << "\"} " << cum << "\n";
  }
  o << name << "_bucket{le=\"+Inf\"} " << n_ << "\n";
  o << name << "_sum " << sum_ << "\n" << name << "_count " << n_ << "\n";
  return o.str();
}

namespace {
const std::vector<double> kBounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Metrics::Metrics() : latency_(kBounds), turn_latency_(kBounds), voice_latency_(kBounds) {}

void Metrics::request(const std::string& route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{route, status}];
  latency_.observe(seconds);
}

void Metrics::turn(double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  turn_latency_.observe(seconds);
}

void Metrics::touch_session(const std::string& id, bool finished) {
  std::lock_guard<std::mutex> lock(mu_);
  if (finished)
    active_.erase(id);
  else
    active_[id] = std::chrono::steady_clock::now();
}

void Metrics::connection_opened() {
  std::lock_guard<std::mutex> lock(mu_);
  ++connections_;
}

void Metrics::connection_closed() {
  std::lock_guard<std::mutex> lock(mu_);
  --connections_;
}

void Metrics::accept_failed() {
  std::lock_guard<std::mutex> lock(mu_);
  ++accept_errors_;
}

void Metrics::connection_refused() {
  std::lock_guard<std::mutex> lock(mu_);
  ++refused_;
}

void Metrics::voice_turn(double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  voice_latency_.observe(seconds);
}

void Metrics::voice_opened() {
  std::lock_guard<std::mutex> lock(mu_);
  ++voice_;
}

void Metrics::voice_closed() {
  std::lock_guard<std::mutex> lock(mu_);
  --voice_;
}

std::string Metrics::render() {
  std::lock_guard<std::mutex> lock(mu_);
  auto now = std::chrono::steady_clock::now();
  for (auto it = active_.begin(); it != active_.end();)
    it = now - it->second > std::chrono::minutes(30) ? active_.erase(it) : std::next(it);
  std::ostringstream o;
  o << "# HELP spar_http_requests_total HTTP requests by route pattern and status.\n"
       "# TYPE spar_http_requests_total counter\n";
  for (const auto& [k, n] : requests_)
    o << "spar_http_requests_total{route=\"" << k.first << "\",status=\"" << k.second << "\"} " << n
      << "\n";
  o << "# HELP spar_http_request_duration_seconds Time to answer a request.\n"
       "# TYPE spar_http_request_duration_seconds histogram\n"
    << latency_.render("spar_http_request_duration_seconds");
  o << "# HELP spar_turn_duration_seconds Time to grade an answer, pick the next move and save.\n"
       "# TYPE spar_turn_duration_seconds histogram\n"
    << turn_latency_.render("spar_turn_duration_seconds");
  o << "# HELP spar_active_sessions Interviews with a turn in the last 30 minutes, not finished.\n"
       "# TYPE spar_active_sessions gauge\nspar_active_sessions "
    << active_.size() << "\n";
  o << "# HELP spar_open_connections Open HTTP connections.\n"
       "# TYPE spar_open_connections gauge\nspar_open_connections "
    << connections_ << "\n";
  o << "# HELP spar_accept_errors_total Failed accepts (e.g. out of file descriptors); each is "
       "retried after a pause.\n"
       "# TYPE spar_accept_errors_total counter\nspar_accept_errors_total "
    << accept_errors_ << "\n";
  o << "# HELP spar_connections_refused_total Connections answered 503 at the connection cap.\n"
       "# TYPE spar_connections_refused_total counter\nspar_connections_refused_total "
    << refused_ << "\n";
  o << "# HELP spar_voice_turn_latency_seconds From the end of a spoken answer to the first "
       "audio of the reply.\n"
       "# TYPE spar_voice_turn_latency_seconds histogram\n"
    << voice_latency_.render("spar_voice_turn_latency_seconds");
  o << "# HELP spar_voice_connections Open voice WebSockets.\n"
       "# TYPE spar_voice_connections gauge\nspar_voice_connections "
    << voice_ << "\n";
  return o.str();
}

}  // namespace spar::server
