#include "server/static_files.h"

#include <array>
#include <string_view>
#include <system_error>
#include <vector>

namespace spar::server {
namespace {

struct Kind {
  std::string_view ext, content_type;
};
// Only what web/ holds; a file of any other kind is never served.
constexpr std::array<Kind, 7> kKinds = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
}};

const Kind* kind_of(const std::filesystem::path& p) {
  std::string ext = p.extension().string();
  for (const auto& k : kKinds)
    if (ext == k.ext) return &k;
  return nullptr;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoded once; a malformed escape refuses the path.
std::optional<std::string> percent_decode(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// The path's segments, or nullopt when any of them is not a plain name.
std::optional<std::vector<std::string>> plain_segments(const std::string& decoded) {
  std::vector<std::string> segs;
  std::string cur;
  for (size_t i = 0; i <= decoded.size(); ++i) {
    if (i == decoded.size() || decoded[i] == '/') {
      if (cur == "..") return std::nullopt;
      if (!cur.empty() && cur != ".") {
        if (cur[0] == '.') return std::nullopt;  // hidden files
        segs.push_back(cur);
      }
      cur.clear();
      continue;
    }
    auto c = static_cast<unsigned char>(decoded[i]);
    if (c < 0x20 || c == 0x7f || c == '\\' || c == ':') return std::nullopt;
    cur += decoded[i];
  }
  if (segs.empty()) return std::nullopt;
  return segs;
}

bool inside(const std::filesystem::path& file, const std::filesystem::path& dir) {
  auto f = file.begin();
  for (auto d = dir.begin(); d != dir.end(); ++d, ++f) {
    if (d->empty()) continue;  // a trailing separator
    if (f == file.end() || *f != *d) return false;
  }
  return f != file.end();
}

}  // namespace

std::optional<std::filesystem::path> resolve_static(const std::string& web_dir,
                                                    const std::string& request_path) {
  if (web_dir.empty() || request_path.empty() || request_path[0] != '/') return std::nullopt;
  auto decoded = percent_decode(request_path == "/" ? "/index.html" : request_path);
  if (!decoded) return std::nullopt;
  auto segs = plain_segments(*decoded);
  if (!segs) return std::nullopt;
  std::error_code ec;
  auto root = std::filesystem::canonical(web_dir, ec);
  if (ec) return std::nullopt;
  std::filesystem::path joined = root;
  for (const auto& s : *segs) joined /= s;
  // Every symlink followed: the real file must still be under the real web/.
  auto file = std::filesystem::canonical(joined, ec);
  if (ec || !inside(file, root) || !std::filesystem::is_regular_file(file, ec) || ec)
    return std::nullopt;
  if (!kind_of(file) || !kind_of(joined)) return std::nullopt;
  return file;
}

std::string static_content_type(const std::filesystem::path& file) {
  const Kind* k = kind_of(file);
  return k ? std::string(k->content_type) : "application/octet-stream";
}

}  // namespace spar::server
