// Parsing of match rules as written in the bank (syntax: docs/BANK.md).
//
//   "retry idempotency-key|request-id"        all terms, same sentence
//   "post !idempotent"                        '!' = the concept negated
//   {all: "cache stale", within: 12, unless: "ttl", credit: 0.5}
#pragma once

#include <optional>
#include <string>

#include "bank/yaml_reader.h"
#include "text/lexicon.h"
#include "text/matcher.h"

namespace spar::bank {

// Parses one rule node; reports problems (empty rule, unknown concept, bad
// window) through `r` and returns nullopt when the rule is unusable.
std::optional<text::Rule> parse_rule(const YAML::Node& node, const text::Lexicon& lex,
                                     YamlReader& r, const std::string& what,
                                     std::string* source_text);

// Parses a term list written as one string ("a b|c !d").
std::optional<std::vector<text::Term>> parse_terms(const std::string& s, const text::Lexicon& lex,
                                                   std::string& error);

}  // namespace spar::bank
