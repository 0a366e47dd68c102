#include "server/log.h"

#include <unistd.h>

#include <ctime>
#include <mutex>
#include <string>

namespace spar::server {

void log_line(std::string_view message) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  size_t n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::string line(stamp, n);
  line += " spar: ";
  line += message;
  line += '\n';
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  // One write(2) per line; a failed write to stderr has nowhere to go.
  for (size_t off = 0; off < line.size();) {
    ssize_t w = ::write(STDERR_FILENO, line.data() + off, line.size() - off);
    if (w <= 0) break;
    off += static_cast<size_t>(w);
  }
}

}  // namespace spar::server
