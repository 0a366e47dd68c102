#include "server/auth.h"

#include <sodium.h>

namespace spar::server {
namespace {

std::string hex(const unsigned char* p, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

std::string cookie(const std::string& name, const std::string& value, int max_age, bool http_only,
                   bool secure) {
  std::string c =
      name + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age) + "; SameSite=Strict";
  if (http_only) c += "; HttpOnly";
  if (secure) c += "; Secure";
  return c;
}

}  // namespace

bool auth_init() {
  return sodium_init() >= 0;
}

Result<std::string> hash_password(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return make_error("out of memory while hashing the password");
  return std::string(out);
}

bool verify_password(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_token() {
  unsigned char b[32];
  randombytes_buf(b, sizeof b);
  return hex(b, sizeof b);
}

std::string token_hash(const std::string& token) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return hex(h, sizeof h);
}

bool same_secret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::map<std::string, std::string> parse_cookies(const std::string& header) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i < header.size()) {
    size_t end = header.find(';', i);
    if (end == std::string::npos) end = header.size();
    std::string part = header.substr(i, end - i);
    size_t b = part.find_first_not_of(' ');
    size_t eq = part.find('=');
    if (b != std::string::npos && eq != std::string::npos && eq > b)
      out.emplace(part.substr(b, eq - b), part.substr(eq + 1));
    i = end + 1;
  }
  return out;
}

std::string session_cookie(const std::string& token, int max_age, bool secure) {
  return cookie(kSessionCookie, token, max_age, true, secure);
}

// Readable by the page's script on purpose: it is the double-submit value.
std::string csrf_cookie(const std::string& csrf, int max_age, bool secure) {
  return cookie(kCsrfCookie, csrf, max_age, false, secure);
}

}  // namespace spar::server
