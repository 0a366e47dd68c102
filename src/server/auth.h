// Passwords, login tokens and cookies for `spar serve --auth`.
//
// Passwords are stored as Argon2id strings (libsodium crypto_pwhash_str,
// interactive limits). Login tokens are 32 random bytes sent to the browser
// in an HttpOnly cookie and stored only as their BLAKE2b hash; each token
// has its own CSRF secret, which the page reads from a second (script-
// readable) cookie and echoes in the X-CSRF-Token header (double submit,
// checked against the stored value, not just the cookie).
#pragma once

#include <map>
#include <string>

#include "common/result.h"

namespace spar::server {

// Initialises libsodium; false if it cannot be used.
bool auth_init();

Result<std::string> hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);

// 32 random bytes, hex-encoded.
std::string random_token();
// The hex BLAKE2b-256 hash under which a token is stored.
std::string token_hash(const std::string& token);

// Constant-time comparison of two secrets.
bool same_secret(const std::string& a, const std::string& b);

// name=value pairs of a Cookie header.
std::map<std::string, std::string> parse_cookies(const std::string& header);

inline constexpr const char* kSessionCookie = "spar_session";
inline constexpr const char* kCsrfCookie = "spar_csrf";
inline constexpr int kTokenLifetimeS = 14 * 24 * 3600;

// Set-Cookie values; max_age 0 deletes the cookie.
std::string session_cookie(const std::string& token, int max_age, bool secure);
std::string csrf_cookie(const std::string& csrf, int max_age, bool secure);

}  // namespace spar::server
