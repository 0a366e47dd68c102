// Rate limits and metrics shared by every worker thread.
//
// RateLimiter is a token bucket per key (a client address or a user id):
// each request takes one token, tokens refill at a steady rate up to a burst
// size, and an empty bucket says how long until the next token, which the
// server returns as Retry-After. Metrics counts requests and latencies and
// renders them in the Prometheus text format. Both are thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace spar::server {

class RateLimiter {
 public:
  RateLimiter(double rate_per_s, double burst) : rate_(rate_per_s), burst_(burst) {}
  // True if the request may proceed; otherwise retry_after_s is set (>= 1).
  bool take(const std::string& key, std::chrono::steady_clock::time_point now, int& retry_after_s);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  double rate_, burst_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

// A cumulative histogram with fixed buckets (seconds).
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double v);
  // Prometheus lines for metric `name` with extra labels (e.g. `route="x"`).
  std::string render(const std::string& name) const;

 private:
  std::vector<double> bounds_;
  std::vector<uint64_t> counts_;  // per bucket, not cumulative
  uint64_t n_ = 0;
  double sum_ = 0;
};

class Metrics {
 public:
  Metrics();
  // One HTTP request: its route pattern (not the raw path), status, latency.
  void request(const std::string& route, int status, double seconds);
  // One interview turn computed and saved.
  void turn(double seconds);
  // Interviews active (a turn within the last 30 minutes, not finished).
  void touch_session(const std::string& id, bool finished);
  void connection_opened();
  void connection_closed();
  // accept() failed (out of file descriptors, memory, ...): the server
  // waits a moment and accepts again.
  void accept_failed();
  // A connection answered 503 and closed: the connection cap was reached.
  void connection_refused();
  // A spoken turn: from the end of the candidate's speech (the endpoint) to
  // the first audio of the interviewer's reply being sent.
  void voice_turn(double seconds);
  void voice_opened();
  void voice_closed();
  std::string render();

 private:
  std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  Histogram latency_, turn_latency_, voice_latency_;
  std::map<std::string, std::chrono::steady_clock::time_point> active_;
  int64_t connections_ = 0, voice_ = 0;
  uint64_t accept_errors_ = 0, refused_ = 0;
};

}  // namespace spar::server
