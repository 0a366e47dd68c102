#include "text/normalize.h"

#include <utf8proc.h>

#include <cctype>
#include <cstdlib>
#include <memory>

namespace spar::text {

int decode_utf8(std::string_view s, size_t& i) {
  utf8proc_int32_t cp = 0;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                            static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  if (n <= 0) return -1;
  i += static_cast<size_t>(n);
  return cp;
}

size_t find_invalid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t at = i;
    if (decode_utf8(s, i) < 0) return at;
  }
  return std::string_view::npos;
}

bool is_letter(int cp) {
  auto c = utf8proc_category(cp);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
         c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_MN ||
         c == UTF8PROC_CATEGORY_MC;
}

bool is_digit(int cp) {
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

bool is_space(int cp) {
  auto c = utf8proc_category(cp);
  return cp == '\t' || cp == '\n' || cp == '\r' || c == UTF8PROC_CATEGORY_ZS ||
         c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

std::string fold(std::string_view s) {
  // Fast path: plain ASCII needs only lower-casing.
  bool ascii = true;
  for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    std::string r(s);
    for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return r;
  }
  utf8proc_uint8_t* out = nullptr;
  auto opts =
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                     UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                        static_cast<utf8proc_ssize_t>(s.size()), &out, opts);
  if (n < 0) return std::string(s);
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> guard(out, &std::free);
  std::string r;
  r.reserve(static_cast<size_t>(n));
  // Typographic apostrophes and dashes fold to ASCII so "isn’t" == "isn't".
  std::string_view v(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
  for (size_t i = 0; i < v.size();) {
    size_t at = i;
    int cp = decode_utf8(v, i);
    if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC) {
      r += '\'';
    } else if (cp == 0x2010 || cp == 0x2011 || cp == 0x2013 || cp == 0x2014) {
      r += '-';
    } else {
      r.append(v.substr(at, i - at));
    }
  }
  return r;
}

}  // namespace spar::text
