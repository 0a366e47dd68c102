#include "text/tokenizer.h"

#include <array>
#include <unordered_map>

#include "text/normalize.h"

namespace spar::text {
namespace {

bool is_word_cp(int cp) {
  return is_letter(cp) || is_digit(cp);
}

bool is_apostrophe(int cp) {
  return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC;
}

// Contractions typed without the apostrophe, common in chat-style answers.
const std::unordered_map<std::string, std::array<const char*, 2>>& bare_contractions() {
  static const std::unordered_map<std::string, std::array<const char*, 2>> m = {
      {"isnt", {"is", "not"}},         {"doesnt", {"does", "not"}},   {"dont", {"do", "not"}},
      {"wont", {"will", "not"}},       {"cant", {"can", "not"}},      {"didnt", {"did", "not"}},
      {"arent", {"are", "not"}},       {"wasnt", {"was", "not"}},     {"werent", {"were", "not"}},
      {"shouldnt", {"should", "not"}}, {"wouldnt", {"would", "not"}}, {"couldnt", {"could", "not"}},
      {"havent", {"have", "not"}},     {"hasnt", {"has", "not"}},     {"cannot", {"can", "not"}},
      {"mustnt", {"must", "not"}},     {"neednt", {"need", "not"}},   {"aint", {"is", "not"}},
  };
  return m;
}

void push_word(std::vector<Token>& out, std::string text, size_t b, size_t e) {
  Token t;
  t.text = std::move(text);
  t.begin = b;
  t.end = e;
  out.push_back(std::move(t));
}

// Expands one folded word that may contain an apostrophe.
void emit_word(std::vector<Token>& out, const std::string& w, size_t b, size_t e) {
  auto bare = bare_contractions().find(w);
  if (bare != bare_contractions().end()) {
    push_word(out, bare->second[0], b, e);
    push_word(out, bare->second[1], b, e);
    return;
  }
  auto q = w.find('\'');
  if (q == std::string::npos) {
    push_word(out, w, b, e);
    return;
  }
  std::string head = w.substr(0, q), tail = w.substr(q + 1);
  if (tail == "t" && head.size() > 1 && head.back() == 'n') {
    std::string base = head.substr(0, head.size() - 1);
    if (base == "ca") base = "can";
    if (base == "wo") base = "will";
    if (base == "sha") base = "shall";
    push_word(out, base, b, e);
    push_word(out, "not", b, e);
    return;
  }
  static const std::unordered_map<std::string, const char*> tails = {
      {"re", "are"}, {"ll", "will"}, {"ve", "have"}, {"d", "would"}, {"m", "am"}};
  if (auto it = tails.find(tail); it != tails.end() && !head.empty()) {
    push_word(out, head, b, e);
    push_word(out, it->second, b, e);
    return;
  }
  if (tail == "s" && !head.empty()) {
    static const std::array<const char*, 11> is_heads = {
        "it", "that", "there", "what", "here", "he", "she", "who", "where", "how", "this"};
    push_word(out, head, b, e);
    for (auto* h : is_heads)
      if (head == h) push_word(out, "is", b, e);
    if (head == "let") out.back().text = "let", push_word(out, "us", b, e);
    return;  // possessive 's is dropped
  }
  // Anything else (o'clock, rock'n'roll): keep the letters.
  std::string joined;
  for (char c : w)
    if (c != '\'') joined += c;
  push_word(out, joined, b, e);
}

}  // namespace

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  auto peek = [&](size_t at) -> int {
    if (at >= s.size()) return -1;
    size_t j = at;
    return decode_utf8(s, j);
  };
  while (i < s.size()) {
    size_t at = i;
    int cp = decode_utf8(s, i);
    if (cp < 0) {  // callers validate; be robust anyway
      continue;
    }
    if (is_word_cp(cp)) {
      size_t b = at;
      size_t e = i;
      int last = cp;
      // Extend over word characters, apostrophes inside words, and '.'/','
      // between digits ("1,000", "2.5") or '.' between letters ("node.js").
      while (e < s.size()) {
        size_t j = e;
        int c = decode_utf8(s, j);
        if (c < 0) break;
        if (is_word_cp(c)) {
          e = j;
          last = c;
          continue;
        }
        int next = peek(j);
        bool joins = false;
        if (is_apostrophe(c)) joins = next >= 0 && is_letter(next);
        if (c == ',') joins = is_digit(last) && next >= 0 && is_digit(next);
        if (c == '.') joins = next >= 0 && is_word_cp(next);
        if (joins) {
          e = j;
          last = c;
          continue;
        }
        if (c == '%') e = j;
        break;
      }
      i = e;
      std::string folded = fold(s.substr(b, e - b));
      // Digit-grouping commas carry no meaning once folded.
      std::string w;
      for (char c : folded)
        if (c != ',') w += c;
      emit_word(out, w, b, e);
      continue;
    }
    if (cp == '.' || cp == '?' || cp == '!' || cp == ';' || cp == '\n' || cp == 0x2026) {
      // "e.g." / "i.e." / "vs." / "etc." do not end a sentence.
      if (cp == '.' && !out.empty() && out.back().kind == TokenKind::Word &&
          (out.back().text == "e.g" || out.back().text == "i.e" || out.back().text == "vs" ||
           out.back().text == "etc" || out.back().text == "eg" || out.back().text == "ie"))
        continue;
      if (!out.empty() && out.back().kind == TokenKind::Punct && out.back().strong) {
        out.back().end = i;
        continue;
      }
      Token t;
      t.kind = TokenKind::Punct;
      t.strong = true;
      t.text = cp == '\n' ? "\n" : std::string(s.substr(at, i - at));
      t.begin = at;
      t.end = i;
      out.push_back(std::move(t));
      continue;
    }
    if (cp == ',' || cp == ':' || cp == '(' || cp == ')' || cp == 0x2014 || cp == 0x2013 ||
        cp == '"') {
      Token t;
      t.kind = TokenKind::Punct;
      t.strong = false;
      t.text = std::string(s.substr(at, i - at));
      t.begin = at;
      t.end = i;
      out.push_back(std::move(t));
      continue;
    }
    // Everything else (spaces, hyphens, slashes, symbols) separates tokens.
  }
  return out;
}

}  // namespace spar::text
