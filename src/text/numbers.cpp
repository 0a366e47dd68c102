#include "text/numbers.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>

namespace spar::text {
namespace {

const std::unordered_map<std::string, double>& small_words() {
  static const std::unordered_map<std::string, double> m = {
      {"zero", 0},     {"one", 1},      {"two", 2},        {"three", 3},     {"four", 4},
      {"five", 5},     {"six", 6},      {"seven", 7},      {"eight", 8},     {"nine", 9},
      {"ten", 10},     {"eleven", 11},  {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14},
      {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
      {"twenty", 20},  {"thirty", 30},  {"forty", 40},     {"fifty", 50},    {"sixty", 60},
      {"seventy", 70}, {"eighty", 80},  {"ninety", 90},    {"dozen", 12}};
  return m;
}

const std::unordered_map<std::string, double>& scale_words() {
  static const std::unordered_map<std::string, double> m = {
      {"hundred", 1e2},   {"thousand", 1e3},  {"million", 1e6},
      {"billion", 1e9},   {"trillion", 1e12}, {"hundreds", 1e2},
      {"thousands", 1e3}, {"millions", 1e6},  {"billions", 1e9}};
  return m;
}

// Unit words (folded) to canonical units.
const std::unordered_map<std::string, std::string>& unit_words() {
  static const std::unordered_map<std::string, std::string> m = {{"ms", "ms"},
                                                                 {"millisecond", "ms"},
                                                                 {"milliseconds", "ms"},
                                                                 {"msec", "ms"},
                                                                 {"s", "s"},
                                                                 {"sec", "s"},
                                                                 {"secs", "s"},
                                                                 {"second", "s"},
                                                                 {"seconds", "s"},
                                                                 {"min", "min"},
                                                                 {"mins", "min"},
                                                                 {"minute", "min"},
                                                                 {"minutes", "min"},
                                                                 {"h", "h"},
                                                                 {"hr", "h"},
                                                                 {"hrs", "h"},
                                                                 {"hour", "h"},
                                                                 {"hours", "h"},
                                                                 {"day", "day"},
                                                                 {"days", "day"},
                                                                 {"week", "week"},
                                                                 {"weeks", "week"},
                                                                 {"month", "month"},
                                                                 {"months", "month"},
                                                                 {"year", "year"},
                                                                 {"years", "year"},
                                                                 {"byte", "b"},
                                                                 {"bytes", "b"},
                                                                 {"kb", "kb"},
                                                                 {"kilobyte", "kb"},
                                                                 {"kilobytes", "kb"},
                                                                 {"mb", "mb"},
                                                                 {"megabyte", "mb"},
                                                                 {"megabytes", "mb"},
                                                                 {"megs", "mb"},
                                                                 {"gb", "gb"},
                                                                 {"gigabyte", "gb"},
                                                                 {"gigabytes", "gb"},
                                                                 {"gigs", "gb"},
                                                                 {"tb", "tb"},
                                                                 {"terabyte", "tb"},
                                                                 {"terabytes", "tb"},
                                                                 {"pb", "pb"},
                                                                 {"petabyte", "pb"},
                                                                 {"petabytes", "pb"},
                                                                 {"x", "x"},
                                                                 {"times", "x"},
                                                                 {"percent", "%"},
                                                                 {"%", "%"},
                                                                 {"qps", "qps"},
                                                                 {"rps", "qps"},
                                                                 {"tps", "qps"}};
  return m;
}

const std::unordered_map<std::string, std::string>& time_bases() {
  static const std::unordered_map<std::string, std::string> m = {
      {"second", "s"}, {"sec", "s"},   {"s", "s"},       {"minute", "min"},  {"min", "min"},
      {"hour", "h"},   {"day", "day"}, {"week", "week"}, {"month", "month"}, {"year", "year"}};
  return m;
}

bool is_number_word(const Token& t) {
  return t.kind == TokenKind::Word && (small_words().count(t.text) || scale_words().count(t.text));
}

// Parses "4k", "2.5gb", "10x", "50ms", "99.9%", "100m", "1e6"; false if the
// token is not a numeral (e.g. "2pc", "3nf").
bool parse_numeral(const std::string& s, double& value, std::string& unit) {
  size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  if (i == 0) return false;
  std::string digits = s.substr(0, i);
  if (digits.back() == '.' || digits.front() == '.') return false;
  char* end = nullptr;
  value = std::strtod(digits.c_str(), &end);
  if (end != digits.c_str() + digits.size()) return false;
  std::string suffix = s.substr(i);
  unit.clear();
  if (suffix.empty()) return true;
  static const std::unordered_map<std::string, double> mult = {
      {"k", 1e3}, {"m", 1e6}, {"mm", 1e6}, {"mn", 1e6}, {"bn", 1e9}, {"b", 1e9}, {"t", 1e12}};
  if (auto m = mult.find(suffix); m != mult.end()) {
    value *= m->second;
    return true;
  }
  // "10kqps", "5kb" style: try multiplier then unit, then unit alone.
  if (auto u = unit_words().find(suffix); u != unit_words().end()) {
    unit = u->second;
    return true;
  }
  if (suffix.size() > 1) {
    if (auto m = mult.find(suffix.substr(0, 1)); m != mult.end()) {
      if (auto u = unit_words().find(suffix.substr(1)); u != unit_words().end()) {
        value *= m->second;
        unit = u->second;
        return true;
      }
    }
  }
  return false;
}

}  // namespace

double seconds_per(const std::string& per) {
  static const std::unordered_map<std::string, double> m = {
      {"s", 1},         {"min", 60},        {"h", 3600},       {"day", 86400},
      {"week", 604800}, {"month", 2592000}, {"year", 31536000}};
  auto it = m.find(per);
  return it == m.end() ? 0 : it->second;
}

double unit_scale(const std::string& unit) {
  static const std::unordered_map<std::string, double> m = {
      {"", 1},        {"x", 1},         {"%", 1},           {"qps", 1},
      {"ms", 1e-3},   {"s", 1},         {"min", 60},        {"h", 3600},
      {"day", 86400}, {"week", 604800}, {"month", 2592000}, {"year", 31536000},
      {"b", 1},       {"kb", 1e3},      {"mb", 1e6},        {"gb", 1e9},
      {"tb", 1e12},   {"pb", 1e15}};
  auto it = m.find(unit);
  return it == m.end() ? 0 : it->second;
}

void merge_numbers(std::vector<Token>& toks) {
  std::vector<Token> out;
  out.reserve(toks.size());
  size_t i = 0;
  while (i < toks.size()) {
    Token& t = toks[i];
    if (t.kind != TokenKind::Word) {
      out.push_back(std::move(t));
      ++i;
      continue;
    }
    double value = 0;
    std::string unit;
    size_t j = i;
    bool numeric = false;
    bool numeral =
        std::isdigit(static_cast<unsigned char>(t.text[0])) && parse_numeral(t.text, value, unit);
    if (numeral) {
      numeric = true;
      j = i + 1;
      // "4 thousand", "1.5 million"
      while (unit.empty() && j < toks.size() && toks[j].kind == TokenKind::Word &&
             scale_words().count(toks[j].text)) {
        value *= scale_words().at(toks[j].text);
        ++j;
      }
    } else {
      // Number words: "a million", "two hundred thousand", "one point five",
      // "half a million".
      size_t k = i;
      double total = 0, current = 0;
      bool any = false;
      bool leading_a = false;
      if ((t.text == "a" || t.text == "an" || t.text == "one") && k + 1 < toks.size() &&
          scale_words().count(toks[k + 1].text) && t.text != "one") {
        current = 1;
        leading_a = true;
        ++k;
      }
      if (t.text == "half" && k + 2 < toks.size() && (toks[k + 1].text == "a") &&
          scale_words().count(toks[k + 2].text)) {
        current = 0.5;
        leading_a = true;
        k += 2;
      }
      // What may follow: after a tens word a unit ("twenty five"); after a
      // unit or teen only a scale word ("five hundred"); after a scale word
      // anything. So "one two three" stays three numbers, not six.
      enum { kAny, kAfterTens, kAfterUnit } state = kAny;
      if (leading_a) state = kAfterUnit;
      while (k < toks.size() && is_number_word(toks[k])) {
        const std::string& w = toks[k].text;
        if (auto s = small_words().find(w); s != small_words().end()) {
          bool tens = s->second >= 20 && static_cast<int>(s->second) % 10 == 0;
          bool unit = s->second < 10;
          if (state == kAfterUnit) break;
          if (state == kAfterTens && !unit) break;
          current += s->second;
          state = tens ? kAfterTens : kAfterUnit;
        } else {
          state = kAny;
          double sc = scale_words().at(w);
          if (current == 0) current = 1;
          if (sc == 100) {
            current *= sc;
          } else {
            total += current * sc;
            current = 0;
          }
        }
        any = true;
        ++k;
        // "and" inside "two hundred and fifty"
        if (k + 1 < toks.size() && toks[k].text == "and" && is_number_word(toks[k + 1]) &&
            small_words().count(toks[k + 1].text))
          ++k;
      }
      // "one point five", "two point five"
      if (any && k + 1 < toks.size() && toks[k].text == "point" &&
          small_words().count(toks[k + 1].text) && small_words().at(toks[k + 1].text) < 10) {
        double frac = 0, div = 10;
        ++k;
        while (k < toks.size() && small_words().count(toks[k].text) &&
               small_words().at(toks[k].text) < 10) {
          frac += small_words().at(toks[k].text) / div;
          div *= 10;
          ++k;
        }
        current += frac;
      }
      if (any || (leading_a && k > i + 1)) {
        // A lone "one" is usually a pronoun ("the one that"), not a number.
        bool lone_one = (k == i + 1 && t.text == "one");
        if (!lone_one) {
          numeric = true;
          value = total + current;
          j = k;
        }
      }
    }
    if (!numeric) {
      out.push_back(std::move(t));
      ++i;
      continue;
    }
    Token n;
    n.kind = TokenKind::Number;
    n.begin = toks[i].begin;
    n.end = toks[j - 1].end;
    n.value = value;
    n.unit = unit;
    n.text = numeral ? toks[i].text : std::to_string(static_cast<long long>(value));
    n.stem = n.text;
    out.push_back(std::move(n));
    i = j;
  }
  toks = std::move(out);

  // Attach units and time bases by looking at the few words after a number.
  for (size_t k = 0; k < toks.size(); ++k) {
    Token& n = toks[k];
    if (n.kind != TokenKind::Number) continue;
    size_t m = k + 1;
    if (n.unit.empty() && m < toks.size() && toks[m].kind == TokenKind::Word) {
      if (auto u = unit_words().find(toks[m].text); u != unit_words().end()) {
        n.unit = u->second;
        ++m;
      }
    }
    if (n.unit == "qps") n.per = "s";
    // One canonical spelling for matching: "4k", "4000" and "four thousand"
    // are all "4000"; "ten x" and "10x" are "10x".
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", n.value);
    n.stem = std::string(buf) + n.unit;
    // "writes a second", "requests per day", "links each month", "/s"
    for (size_t q = m; q < toks.size() && q < m + 4; ++q) {
      if (toks[q].kind != TokenKind::Word) break;
      const std::string& w = toks[q].text;
      if ((w == "per" || w == "a" || w == "an" || w == "each" || w == "every") &&
          q + 1 < toks.size()) {
        std::string base = toks[q + 1].text;
        if (!base.empty() && base.back() == 's' && base != "s") base.pop_back();
        if (auto tb = time_bases().find(base); tb != time_bases().end()) {
          n.per = tb->second;
          break;
        }
      }
      if (w == "qps" || w == "rps" || w == "tps") {
        n.per = "s";
        break;
      }
      if (w == "daily") {
        n.per = "day";
        break;
      }
    }
  }
}

}  // namespace spar::text
