#include "interview/session.h"

namespace spar::interview {

namespace {

constexpr std::pair<Role, const char*> kRoles[] = {{Role::Interviewer, "interviewer"},
                                                   {Role::Candidate, "candidate"}};
constexpr std::pair<TurnKind, const char*> kKinds[] = {
    {TurnKind::Question, "question"},
    {TurnKind::Probe, "probe"},
    {TurnKind::Challenge, "challenge"},
    {TurnKind::Hint, "hint"},
    {TurnKind::Clarification, "clarification"},
    {TurnKind::Transition, "transition"},
    {TurnKind::Wait, "wait"},
    {TurnKind::Closing, "closing"},
    {TurnKind::Answer, "answer"},
    {TurnKind::Empty, "empty"},
    {TurnKind::DontKnow, "dont_know"},
    {TurnKind::Skip, "skip"},
    {TurnKind::Repeat, "repeat"},
    {TurnKind::WhatDoYouMean, "what_do_you_mean"},
    {TurnKind::Think, "think"},
    {TurnKind::Stop, "stop"},
    {TurnKind::Ask, "ask"},
};
// Tags that carry an id after the prefix, and tags that are one word.
constexpr std::pair<Move::Kind, std::string_view> kPrefixed[] = {
    {Move::Kind::Estimate, "estimate:"},
    {Move::Kind::Challenge, "challenge:"},
    {Move::Kind::Fact, "fact:"},
    {Move::Kind::Stage, "stage:"}};
constexpr std::pair<Move::Kind, const char*> kWords[] = {{Move::Kind::Hint, "hint"},
                                                         {Move::Kind::Reprompt, "reprompt"},
                                                         {Move::Kind::Assume, "assume"},
                                                         {Move::Kind::Rephrase, "rephrase"}};

template <typename E, size_t N>
const char* name_of(const std::pair<E, const char*> (&table)[N], E e) {
  for (const auto& [v, name] : table)
    if (v == e) return name;
  return "?";
}

template <typename E, size_t N>
std::optional<E> value_of(const std::pair<E, const char*> (&table)[N], std::string_view s) {
  for (const auto& [v, name] : table)
    if (s == name) return v;
  return std::nullopt;
}

nlohmann::json words_json(const std::vector<text::WordTiming>& w) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& x : w)
    a.push_back(
        {{"word", x.word}, {"start", x.start}, {"end", x.end}, {"confidence", x.confidence}});
  return a;
}

}  // namespace

const char* to_string(Role r) {
  return name_of(kRoles, r);
}
const char* to_string(TurnKind k) {
  return name_of(kKinds, k);
}
std::optional<Role> parse_role(std::string_view s) {
  return value_of(kRoles, s);
}
std::optional<TurnKind> parse_turn_kind(std::string_view s) {
  return value_of(kKinds, s);
}

std::string to_string(const Move& m) {
  switch (m.kind) {
    case Move::Kind::None:
      return "";
    case Move::Kind::Probe:
      return m.id;
    default:
      break;
  }
  for (const auto& [k, prefix] : kPrefixed)
    if (k == m.kind) return std::string(prefix) + m.id;
  return name_of(kWords, m.kind);
}

Move parse_move(std::string_view s) {
  if (s.empty()) return {};
  for (const auto& [k, prefix] : kPrefixed)
    if (s.substr(0, prefix.size()) == prefix) return {k, std::string(s.substr(prefix.size()))};
  if (auto k = value_of(kWords, s)) return {*k, ""};
  return Move::probe(std::string(s));
}

nlohmann::json to_json(const Session& s) {
  nlohmann::json turns = nlohmann::json::array(), states = nlohmann::json::array();
  for (const auto& t : s.turns) {
    nlohmann::json j = {{"role", to_string(t.role)},
                        {"kind", to_string(t.kind)},
                        {"question", t.question},
                        {"probe", to_string(t.move)},
                        {"stage", t.stage},
                        {"text", t.text},
                        {"at", t.at}};
    if (!t.words.empty()) j["words"] = words_json(t.words);
    turns.push_back(j);
  }
  for (const auto& q : s.states)
    states.push_back({{"id", q.id},
                      {"design", q.design},
                      {"minutes", q.minutes},
                      {"started", q.started},
                      {"stage", q.stage},
                      {"stage_started", q.stage_started},
                      {"stage_probes", q.stage_probes},
                      {"probes_asked", q.probes_asked},
                      {"flags_challenged", q.flags_challenged},
                      {"estimates_checked", q.estimates_checked},
                      {"hints", q.hints},
                      {"reprompts", q.reprompts},
                      {"constraint_injected", q.constraint_injected},
                      {"adapt_checked", q.adapt_checked},
                      {"constraint_turn", q.constraint_turn},
                      {"skipped", q.skipped},
                      {"done", q.done}});
  return {{"format", 1},
          {"id", s.id},
          {"areas", s.areas},
          {"level", bank::to_string(s.level)},
          {"minutes", s.minutes},
          {"seed", s.seed},
          {"current", s.current},
          {"states", states},
          {"turns", turns},
          {"clock", s.clock},
          {"finished", s.finished},
          {"ended_by", s.ended_by}};
}

namespace {

// One stored turn; errors name the turn and the field.
Result<Turn> turn_from_json(const nlohmann::json& t, size_t index) {
  const std::string where = "session: turn " + std::to_string(index) + ": ";
  try {
    Turn turn;
    const auto role = t.at("role").get<std::string>();
    const auto kind = t.at("kind").get<std::string>();
    auto r = parse_role(role);
    if (!r) return make_error(where + "field 'role': unknown role '" + role + "'");
    auto k = parse_turn_kind(kind);
    if (!k) return make_error(where + "field 'kind': unknown kind '" + kind + "'");
    turn.role = *r;
    turn.kind = *k;
    turn.question = t.at("question").get<std::string>();
    turn.move = parse_move(t.at("probe").get<std::string>());
    turn.stage = t.at("stage").get<std::string>();
    turn.text = t.at("text").get<std::string>();
    turn.at = t.at("at").get<double>();
    if (t.contains("words"))
      for (const auto& w : t["words"])
        turn.words.push_back({w.at("word").get<std::string>(), w.at("start").get<double>(),
                              w.at("end").get<double>(), w.value("confidence", 1.0)});
    return turn;
  } catch (const nlohmann::json::exception& e) {
    return make_error(where + e.what());
  }
}

}  // namespace

Result<Session> session_from_json(const nlohmann::json& j) {
  try {
    if (!j.is_object()) return make_error("session: expected a JSON object");
    if (j.value("format", 0) != 1)
      return make_error("session: unsupported format " +
                        j.value("format", nlohmann::json()).dump());
    Session s;
    s.id = j.at("id").get<std::string>();
    s.areas = j.at("areas").get<std::vector<std::string>>();
    auto level = bank::parse_level(j.at("level").get<std::string>());
    if (!level) return make_error("session: field 'level': unknown level");
    s.level = *level;
    s.minutes = j.at("minutes").get<int>();
    s.seed = j.at("seed").get<uint64_t>();
    s.current = j.at("current").get<size_t>();
    s.clock = j.at("clock").get<double>();
    s.finished = j.at("finished").get<bool>();
    s.ended_by = j.at("ended_by").get<std::string>();
    for (const auto& q : j.at("states")) {
      QuestionState st;
      st.id = q.at("id").get<std::string>();
      st.design = q.at("design").get<bool>();
      st.minutes = q.at("minutes").get<double>();
      st.started = q.at("started").get<double>();
      st.stage = q.at("stage").get<int>();
      st.stage_started = q.at("stage_started").get<double>();
      st.stage_probes = q.at("stage_probes").get<int>();
      st.probes_asked = q.at("probes_asked").get<std::vector<std::string>>();
      st.flags_challenged = q.at("flags_challenged").get<std::vector<std::string>>();
      st.estimates_checked = q.at("estimates_checked").get<std::vector<std::string>>();
      st.hints = q.at("hints").get<int>();
      st.reprompts = q.at("reprompts").get<int>();
      st.constraint_injected = q.at("constraint_injected").get<bool>();
      st.adapt_checked = q.at("adapt_checked").get<bool>();
      st.constraint_turn = q.at("constraint_turn").get<int>();
      st.skipped = q.at("skipped").get<bool>();
      st.done = q.at("done").get<bool>();
      s.states.push_back(std::move(st));
    }
    for (const auto& t : j.at("turns")) {
      auto turn = turn_from_json(t, s.turns.size());
      if (!turn) return make_error(turn.error());
      s.turns.push_back(std::move(*turn));
    }
    if (s.current > s.states.size()) return make_error("session: field 'current' out of range");
    return s;
  } catch (const nlohmann::json::exception& e) {
    return make_error(std::string("session: ") + e.what());
  }
}

}  // namespace spar::interview
