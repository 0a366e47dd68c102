#include "bank/formula.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace spar::bank {
namespace {

struct Parser {
  const std::string& s;
  const NameLookup& lookup;
  size_t i = 0;
  std::string error;

  void skip() {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  }
  bool eat(char c) {
    skip();
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  double fail(const std::string& m) {
    if (error.empty()) error = m + " at column " + std::to_string(i + 1);
    return 0;
  }
  double expr() {
    double v = term();
    while (error.empty()) {
      if (eat('+'))
        v += term();
      else if (eat('-'))
        v -= term();
      else
        break;
    }
    return v;
  }
  double term() {
    double v = power();
    while (error.empty()) {
      if (eat('*')) {
        v *= power();
      } else if (eat('/')) {
        double d = power();
        if (d == 0) return fail("division by zero");
        v /= d;
      } else {
        break;
      }
    }
    return v;
  }
  double power() {
    double b = unary();
    if (eat('^')) return std::pow(b, power());
    return b;
  }
  double unary() {
    if (eat('-')) return -unary();
    return primary();
  }
  double primary() {
    skip();
    if (i >= s.size()) return fail("unexpected end of formula");
    if (eat('(')) {
      double v = expr();
      if (!eat(')')) return fail("missing ')'");
      return v;
    }
    char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      const char* b = s.c_str() + i;
      char* e = nullptr;
      double v = std::strtod(b, &e);
      if (e == b) return fail("bad number");
      i += static_cast<size_t>(e - b);
      return v;
    }
    if (std::islower(static_cast<unsigned char>(c))) {
      size_t b = i;
      while (i < s.size() && (std::islower(static_cast<unsigned char>(s[i])) ||
                              std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '_'))
        ++i;
      std::string name = s.substr(b, i - b);
      auto v = lookup(name);
      if (!v) {
        i = b;
        return fail("unknown name '" + name + "'");
      }
      return *v;
    }
    return fail(std::string("unexpected '") + c + "'");
  }
};

}  // namespace

Result<double> evaluate_formula(const std::string& formula, const NameLookup& lookup) {
  Parser p{formula, lookup, 0, {}};
  double v = p.expr();
  p.skip();
  if (p.error.empty() && p.i != formula.size()) p.fail("unexpected text");
  if (!p.error.empty()) return make_error(p.error);
  if (!std::isfinite(v)) return make_error("formula does not give a finite number");
  return v;
}

}  // namespace spar::bank
