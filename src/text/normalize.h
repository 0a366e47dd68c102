// Unicode handling for answers and bank text: validation and folding.
//
// Folding (case fold, NFKC compatibility mapping, accents stripped, curly
// quotes and dashes made ASCII) makes "Idempotent", "ＩＤＥＭＰＯＴＥＮＴ" and
// "idempotént" compare equal. It never changes the original text: callers keep
// byte offsets into the original for quoting.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace spar::text {

// Returns the byte offset of the first invalid UTF-8 sequence, or npos.
size_t find_invalid_utf8(std::string_view s);

// Folds one token's text; input must be valid UTF-8.
std::string fold(std::string_view s);

// Decodes one code point at s[i], advancing i; returns -1 on invalid input.
int decode_utf8(std::string_view s, size_t& i);

// Unicode category helpers used by the tokenizer.
bool is_letter(int cp);
bool is_digit(int cp);
bool is_space(int cp);

}  // namespace spar::text
