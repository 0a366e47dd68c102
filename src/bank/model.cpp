#include "bank/model.h"

namespace spar::bank {

const char* to_string(Level l) {
  switch (l) {
    case Level::Junior:
      return "junior";
    case Level::Mid:
      return "mid";
    case Level::Senior:
      return "senior";
  }
  return "?";
}

const char* to_string(Band b) {
  switch (b) {
    case Band::Weak:
      return "weak";
    case Band::Partial:
      return "partial";
    case Band::Solid:
      return "solid";
    case Band::Strong:
      return "strong";
  }
  return "?";
}

const char* to_string(ProbeKind k) {
  switch (k) {
    case ProbeKind::Missing:
      return "missing";
    case ProbeKind::Mentions:
      return "mentions";
    case ProbeKind::Why:
      return "why";
    case ProbeKind::Scale:
      return "scale";
    case ProbeKind::Failure:
      return "failure";
  }
  return "?";
}

std::optional<Level> parse_level(const std::string& s) {
  if (s == "junior") return Level::Junior;
  if (s == "mid") return Level::Mid;
  if (s == "senior") return Level::Senior;
  return std::nullopt;
}

std::optional<Band> parse_band(const std::string& s) {
  if (s == "weak") return Band::Weak;
  if (s == "partial") return Band::Partial;
  if (s == "solid") return Band::Solid;
  if (s == "strong") return Band::Strong;
  return std::nullopt;
}

const std::vector<std::string>& required_line_keys() {
  static const std::vector<std::string> k = {"first_question",
                                             "next_after_strong",
                                             "next_after_partial",
                                             "next_after_skip",
                                             "why",
                                             "scale",
                                             "failure",
                                             "challenge",
                                             "hint",
                                             "idk_after_hint",
                                             "reprompt_empty",
                                             "reprompt_offtopic",
                                             "wait",
                                             "repeat",
                                             "rephrase",
                                             "clarify_unknown",
                                             "fact",
                                             "estimate_check",
                                             "adapt_check",
                                             "stage_requirements",
                                             "stage_estimates",
                                             "stage_api",
                                             "stage_data-model",
                                             "stage_high-level",
                                             "stage_deep-dives",
                                             "stage_trade-offs",
                                             "closing",
                                             "closing_early"};
  return k;
}

const std::vector<std::string>& request_intents() {
  static const std::vector<std::string> k = {"stop", "skip",  "repeat",
                                             "hint", "think", "dont_know"};
  return k;
}

const std::vector<std::string>& design_stages() {
  static const std::vector<std::string> s = {
      "requirements", "estimates", "api", "data-model", "high-level", "deep-dives", "trade-offs"};
  return s;
}

const RubricPoint* Question::point(const std::string& pid) const {
  for (const auto& p : points)
    if (p.id == pid) return &p;
  return nullptr;
}

bool Question::has_level(Level l) const {
  for (auto x : levels)
    if (x == l) return true;
  return false;
}

const Question* Bank::find(const std::string& id) const {
  auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : &questions[it->second];
}

const Claim* Bank::claim(const std::string& id) const {
  for (const auto& c : claims)
    if (c.id == id) return &c;
  return nullptr;
}

bool Bank::has_area(const std::string& id) const {
  for (const auto& a : areas)
    if (a.id == id) return true;
  return false;
}

std::string Bank::area_title(const std::string& id) const {
  for (const auto& a : areas)
    if (a.id == id) return a.title;
  return id;
}

}  // namespace spar::bank
