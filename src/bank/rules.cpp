#include "bank/rules.h"

#include <sstream>

namespace spar::bank {
namespace {

bool valid_concept_id(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
      return false;
  return s.front() != '-' && s.back() != '-';
}

}  // namespace

std::optional<std::vector<text::Term>> parse_terms(const std::string& s, const text::Lexicon& lex,
                                                   std::string& error) {
  std::vector<text::Term> terms;
  std::istringstream in(s);
  std::string word;
  while (in >> word) {
    text::Term t;
    if (word.front() == '!') {
      t.negated = true;
      word.erase(0, 1);
    }
    std::string alt;
    std::istringstream alts(word);
    bool any = false;
    while (std::getline(alts, alt, '|')) {
      if (!valid_concept_id(alt)) {
        error = "invalid concept name '" + alt + "' in rule \"" + s + "\"";
        return std::nullopt;
      }
      int c = lex.find(alt);
      if (c < 0) {
        error = "unknown concept '" + alt + "' in rule \"" + s + "\" (define it in the lexicon)";
        return std::nullopt;
      }
      t.concepts.push_back(c);
      any = true;
    }
    if (!any || word.back() == '|') {
      error = "empty alternative in rule \"" + s + "\"";
      return std::nullopt;
    }
    terms.push_back(std::move(t));
  }
  return terms;
}

std::optional<text::Rule> parse_rule(const YAML::Node& node, const text::Lexicon& lex,
                                     YamlReader& r, const std::string& what,
                                     std::string* source_text) {
  text::Rule rule;
  std::string all_src;
  if (node.IsScalar()) {
    all_src = node.Scalar();
  } else if (node.IsMap()) {
    r.check_map(node, {"all", "within", "unless", "credit", "ordered"}, what);
    const YAML::Node all = node["all"];
    if (!all) {
      r.error(node, what + ": rule has no 'all' terms");
      return std::nullopt;
    }
    if (all.IsScalar()) {
      all_src = all.Scalar();
    } else if (all.IsSequence()) {
      for (const auto& e : all) {
        if (!e.IsScalar()) {
          r.error(e, what + ": rule terms must be strings");
          return std::nullopt;
        }
        all_src += (all_src.empty() ? "" : " ") + e.Scalar();
      }
    } else {
      r.error(all, what + ": 'all' must be a string or a list of strings");
      return std::nullopt;
    }
    if (const YAML::Node w = node["within"]) {
      std::string ws = w.IsScalar() ? w.Scalar() : "";
      int n = 0;
      if (ws == "clause") {
        rule.scope = text::Scope::Clause;
      } else if (ws == "sentence") {
        rule.scope = text::Scope::Sentence;
      } else if (ws == "answer") {
        rule.scope = text::Scope::Answer;
      } else if (YAML::convert<int>::decode(w, n) && n >= 2 && n <= 200) {
        rule.scope = text::Scope::Answer;
        rule.max_span = n;
      } else {
        r.error(w, what + ": 'within' must be clause, sentence, answer or a number of words 2-200");
        return std::nullopt;
      }
    }
    if (const YAML::Node u = node["unless"]) {
      std::string us;
      if (u.IsScalar()) {
        us = u.Scalar();
      } else if (u.IsSequence()) {
        for (const auto& e : u)
          if (e.IsScalar()) us += " " + e.Scalar();
      }
      std::string err;
      auto terms = parse_terms(us, lex, err);
      if (!terms || terms->empty()) {
        r.error(u, what + ": " + (err.empty() ? "empty 'unless'" : err));
        return std::nullopt;
      }
      rule.unless = std::move(*terms);
    }
    if (const YAML::Node o = node["ordered"]) {
      bool b = false;
      if (!YAML::convert<bool>::decode(o, b)) {
        r.error(o, what + ": 'ordered' must be true or false");
        return std::nullopt;
      }
      rule.ordered = b;
    }
    if (auto c = r.num(node, "credit", false, what)) {
      if (*c <= 0 || *c > 1) {
        r.error(node["credit"], what + ": rule credit must be in (0, 1]");
        return std::nullopt;
      }
      rule.credit = *c;
    }
  } else {
    r.error(node, what + ": a rule must be a string or a mapping");
    return std::nullopt;
  }
  std::string err;
  auto terms = parse_terms(all_src, lex, err);
  if (!terms) {
    r.error(node, what + ": " + err);
    return std::nullopt;
  }
  if (terms->empty()) {
    r.error(node, what + ": empty match rule");
    return std::nullopt;
  }
  if (terms->size() > 8) {
    r.error(node, what + ": a rule may have at most 8 terms");
    return std::nullopt;
  }
  rule.all = std::move(*terms);
  if (source_text) *source_text = all_src;
  return rule;
}

}  // namespace spar::bank
