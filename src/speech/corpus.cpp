#include "speech/corpus.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace spar::speech {
namespace {

const char* kOnes[] = {"zero",    "one",     "two",       "three",    "four",
                       "five",    "six",     "seven",     "eight",    "nine",
                       "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                       "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
const char* kTens[] = {"",      "",      "twenty",  "thirty", "forty",
                       "fifty", "sixty", "seventy", "eighty", "ninety"};

std::string under_thousand(unsigned n) {
  std::string out;
  if (n >= 100) {
    out = std::string(kOnes[n / 100]) + " hundred";
    n %= 100;
    if (n) out += " ";
  }
  if (n >= 20) {
    out += kTens[n / 10];
    if (n % 10) out += std::string(" ") + kOnes[n % 10];
  } else if (n || out.empty()) {
    out += kOnes[n];
  }
  return out;
}

std::string ordinal_of(const std::string& words) {
  static const std::map<std::string, std::string> irregular = {
      {"one", "first"},    {"two", "second"}, {"three", "third"},   {"five", "fifth"},
      {"eight", "eighth"}, {"nine", "ninth"}, {"twelve", "twelfth"}};
  auto sp = words.rfind(' ');
  std::string head = sp == std::string::npos ? "" : words.substr(0, sp + 1);
  std::string last = sp == std::string::npos ? words : words.substr(sp + 1);
  if (auto it = irregular.find(last); it != irregular.end()) return head + it->second;
  if (last.back() == 'y') return head + last.substr(0, last.size() - 1) + "ieth";
  return head + last + "th";
}

// Units written straight after a number ("4k", "100ms") and how they are said.
const std::map<std::string, std::string>& unit_words() {
  static const std::map<std::string, std::string> m = {{"k", "thousand"},
                                                       {"m", "million"},
                                                       {"b", "billion"},
                                                       {"x", "x"},
                                                       {"ms", "milliseconds"},
                                                       {"us", "microseconds"},
                                                       {"ns", "nanoseconds"},
                                                       {"s", "seconds"},
                                                       {"sec", "seconds"},
                                                       {"min", "minutes"},
                                                       {"h", "hours"},
                                                       {"hr", "hours"},
                                                       {"kb", "kilobytes"},
                                                       {"mb", "megabytes"},
                                                       {"gb", "gigabytes"},
                                                       {"tb", "terabytes"},
                                                       {"pb", "petabytes"},
                                                       {"st", ""},
                                                       {"nd", ""},
                                                       {"rd", ""},
                                                       {"th", ""}};
  return m;
}

bool is_alpha(char c) {
  return std::isalpha(static_cast<unsigned char>(c));
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c));
}

// True when s[at..] starts with exactly three digits ("1,000" but not "1,2").
bool thousands_group(std::string_view s, size_t at) {
  if (at + 3 > s.size()) return false;
  for (size_t k = at; k < at + 3; ++k)
    if (!is_digit(s[k])) return false;
  return at + 3 == s.size() || !is_digit(s[at + 3]);
}

class Normalizer {
 public:
  SpokenText run(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
      char c = s[i];
      if (is_alpha(c) || is_digit(c)) {
        size_t j = i;
        // A word: letters, digits, inner apostrophes, and digit groups such
        // as "1,000" or "99.9".
        while (j < s.size()) {
          char d = s[j];
          if (is_alpha(d) || is_digit(d)) {
            ++j;
          } else if ((d == '\'' || d == ',' || d == '.') && j + 1 < s.size() && j > i) {
            char next = s[j + 1], prev = s[j - 1];
            bool ok = d == '\'' ? is_alpha(prev) && is_alpha(next)
                                : is_digit(prev) && is_digit(next) &&
                                      (d == '.' || thousands_group(s, j + 1));
            if (!ok) break;
            ++j;
          } else {
            break;
          }
        }
        word(s.substr(i, j - i));
        i = j;
        continue;
      }
      switch (c) {
        case '.':
        case '?':
        case '!':
        case ';':
        case ':':
        case '\n':
        case '(':
        case ')':
        case '[':
        case ']':
        case '"':
          end_sentence();
          break;
        case '%':
          emit("percent");
          break;
        case '&':
          emit("and");
          break;
        case '+':
          emit("plus");
          break;
        case '=':
          emit("equals");
          break;
        case '@':
          emit("at");
          break;
        case '#':
          emit("number");
          break;
        default:
          break;  // other symbols separate words; UTF-8 bytes are dropped
      }
      ++i;
    }
    end_sentence();
    return std::move(out_);
  }

 private:
  void emit(const std::string& w) {
    if (!w.empty()) cur_.push_back(w);
  }
  void emit_words(const std::string& ws) {
    size_t a = 0;
    while (a < ws.size()) {
      size_t b = ws.find(' ', a);
      if (b == std::string::npos) b = ws.size();
      emit(ws.substr(a, b - a));
      a = b + 1;
    }
  }
  void end_sentence() {
    if (!cur_.empty()) out_.sentences.push_back(std::move(cur_));
    cur_.clear();
  }

  void number(std::string_view digits, const std::string& unit) {
    std::string whole, frac;
    for (char c : digits) {
      if (c == ',') continue;
      if (c == '.') {
        frac = "x";  // marks that a fraction follows
        continue;
      }
      (frac.empty() ? whole : frac) += c;
    }
    if (!frac.empty()) frac.erase(0, 1);
    bool ordinal = unit == "st" || unit == "nd" || unit == "rd" || unit == "th";
    std::string spoken;
    if (whole.size() > 15) {  // an id or a long code: digit by digit
      for (char c : whole) spoken += std::string(spoken.empty() ? "" : " ") + kOnes[c - '0'];
    } else {
      spoken = number_words(whole.empty() ? 0 : std::stoull(whole), ordinal);
    }
    if (!frac.empty()) {
      spoken += " point";
      for (char c : frac) spoken += std::string(" ") + kOnes[c - '0'];
    }
    emit_words(spoken);
    if (!ordinal && !unit.empty()) {
      auto it = unit_words().find(unit);
      emit_words(it != unit_words().end() ? it->second : unit);
    }
  }

  void word(std::string_view w) {
    // Split into runs of letters (with apostrophes) and runs of digits:
    // "p99" -> p, 99; "10x" -> 10 + unit x; "http2" -> http, 2.
    size_t i = 0;
    while (i < w.size()) {
      size_t j = i;
      if (is_digit(w[i])) {
        while (j < w.size() && (is_digit(w[j]) || w[j] == ',' || w[j] == '.')) ++j;
        size_t k = j;
        while (k < w.size() && is_alpha(w[k])) ++k;
        std::string unit = lower(w.substr(j, k - j));
        if (!unit.empty() && !unit_words().count(unit)) {
          number(w.substr(i, j - i), "");
          i = j;
          continue;
        }
        number(w.substr(i, j - i), unit);
        i = k;
      } else {
        while (j < w.size() && !is_digit(w[j])) ++j;
        std::string_view piece = w.substr(i, j - i);
        std::string lw = lower(piece);
        if (piece.size() >= 2 && std::all_of(piece.begin(), piece.end(), [](char c) {
              return std::isupper(static_cast<unsigned char>(c)) || c == '\'';
            }))
          out_.acronyms.insert(lw);
        emit(lw);
        i = j;
      }
    }
  }

  static std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r) c = char(std::tolower(static_cast<unsigned char>(c)));
    return r;
  }

  SpokenText out_;
  Sentence cur_;
};

}  // namespace

std::string number_words(unsigned long long n, bool ordinal) {
  static const std::pair<unsigned long long, const char*> scales[] = {
      {1000000000000ULL, "trillion"},
      {1000000000ULL, "billion"},
      {1000000ULL, "million"},
      {1000ULL, "thousand"}};
  std::string out;
  for (auto [value, name] : scales) {
    if (n >= value) {
      out += (out.empty() ? "" : " ") + under_thousand(unsigned(n / value)) + " " + name;
      n %= value;
    }
  }
  if (n || out.empty()) out += (out.empty() ? "" : " ") + under_thousand(unsigned(n));
  return ordinal ? ordinal_of(out) : out;
}

SpokenText spoken_sentences(std::string_view text) {
  return Normalizer().run(text);
}

std::string spoken_words(std::string_view text) {
  std::string out;
  for (const auto& s : spoken_sentences(text).sentences)
    for (const auto& w : s) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<std::string> bank_corpus(const bank::Bank& bank) {
  std::vector<std::string> out;
  auto add = [&](const std::string& s) {
    if (!s.empty()) out.push_back(s);
  };
  for (const auto& q : bank.questions) {
    add(q.prompt);
    for (const auto& a : q.alternatives) add(a);
    for (const auto& h : q.hints) add(h);
    for (const auto& p : q.points) add(p.text);
    for (const auto& f : q.red_flags) add(f.text), add(f.correction), add(f.challenge);
    for (const auto& p : q.probes) add(p.ask);
    add(q.model_answer);
    for (const auto& s : q.samples) add(s.text);
    for (const auto& f : q.facts) {
      add(f.answer);
      for (const auto& a : f.ask) add(a);
    }
    for (const auto& e : q.estimates) add(e.explain);
  }
  // Aliases are what candidates say; "..." stands for skipped words.
  for (int i = 0; i < bank.lexicon.size(); ++i)
    for (const auto& alias : bank.lexicon.concept_at(i).aliases) {
      std::string a = alias;
      for (size_t at; (at = a.find("...")) != std::string::npos;) a.replace(at, 3, ".");
      add(a);
    }
  for (const auto& p : bank.language.done_phrases) add(p);
  return out;
}

}  // namespace spar::speech
