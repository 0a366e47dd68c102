#include "common/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <istream>

namespace spar {
namespace {

Error too_large(std::size_t max_bytes, const std::string& what) {
  return make_error(ErrorCode::invalid,
                    "is larger than " + format_size(max_bytes) + " (the limit for " + what + ")");
}

Status check_type(const struct stat& st) {
  if (S_ISDIR(st.st_mode)) return make_error(ErrorCode::invalid, "is a directory, not a file");
  if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))
    return make_error(ErrorCode::invalid, "is a device or socket, not a file");
  return Ok{};
}

Error errno_error(const char* doing) {
  int e = errno;
  return make_error(e == ENOENT || e == ENOTDIR ? ErrorCode::not_found : ErrorCode::io,
                    std::string(doing) + ": " + std::strerror(e));
}

}  // namespace

std::string format_size(std::size_t bytes) {
  constexpr std::size_t kMiB = 1024 * 1024, kKiB = 1024;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes >= kMiB) return std::to_string(bytes / kMiB + 1) + " MiB";
  if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
  return std::to_string(bytes) + " bytes";
}

Status check_input_file(const std::filesystem::path& path) {
  struct stat st {};
  // stat follows symbolic links: a link to /dev/zero is a device.
  if (::stat(path.c_str(), &st) != 0) return errno_error("cannot open");
  return check_type(st);
}

Result<std::string> read_file_limited(const std::filesystem::path& path, std::size_t max_bytes,
                                      const std::string& what) {
  // The type is checked before opening (opening some devices has effects)
  // and again on the open descriptor (the path may have been replaced).
  if (auto ok = check_input_file(path); !ok) return ok.failure();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno_error("cannot open");
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    auto e = errno_error("cannot read");
    ::close(fd);
    return e;
  }
  if (auto ok = check_type(st); !ok) {
    ::close(fd);
    return ok.failure();
  }
  if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return too_large(max_bytes, what);
  }
  std::string out;
  if (S_ISREG(st.st_mode)) out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      auto e = errno_error("cannot read");
      ::close(fd);
      return e;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max_bytes) {  // a FIFO, or a file that grew while read
      ::close(fd);
      return too_large(max_bytes, what);
    }
  }
  ::close(fd);
  return out;
}

Result<std::string> read_stream_limited(std::istream& in, std::size_t max_bytes,
                                        const std::string& what) {
  std::string out;
  char buf[65536];
  while (in) {
    in.read(buf, sizeof buf);
    out.append(buf, static_cast<std::size_t>(in.gcount()));
    if (out.size() > max_bytes) return too_large(max_bytes, what);
  }
  if (in.bad()) return make_error(ErrorCode::io, "cannot read");
  return out;
}

}  // namespace spar
