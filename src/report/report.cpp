#include "report/report.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace spar::report {

namespace {

using nlohmann::json;

const char* kDims[] = {"tradeoffs",  "justification", "alternatives",
                       "quantities", "failure_modes", "decision"};

double round1(double x) {
  return std::round(x * 10) / 10;
}

// The candidate's reply to the interviewer turn at index i (the next answer).
const interview::Turn* reply_to(const interview::Session& s, size_t i) {
  for (size_t k = i + 1; k < s.turns.size(); ++k) {
    if (s.turns[k].by_interviewer()) return nullptr;
    if (s.turns[k].kind == interview::TurnKind::Answer) return &s.turns[k];
  }
  return nullptr;
}

Result<json> follow_ups(const interview::Session& s, const bank::Question& q,
                        interview::Interviewer& iv) {
  json out = json::array();
  for (size_t i = 0; i < s.turns.size(); ++i) {
    const auto& t = s.turns[i];
    if (!t.follow_up() || t.question != q.id) continue;
    json f = {{"kind", to_string(t.kind)}, {"asked", t.text}, {"probe", to_string(t.move)}};
    const auto* r = reply_to(s, i);
    if (!r) {
      f["reply"] = nullptr;
      f["outcome"] = "no answer";
      out.push_back(f);
      continue;
    }
    f["reply"] = r->text;
    auto g = iv.grader().grade(q, r->text);
    if (!g)
      return make_error(ErrorCode::corrupt, "session " + s.id + ": a reply on " + q.id +
                                                " cannot be graded: " + g.error());
    std::vector<std::string> covers;
    for (const auto& p : q.probes)
      if (t.move.kind == interview::Move::Kind::Probe && p.id == t.move.id) covers = p.covers;
    json earned = json::array();
    for (const auto& p : g->points)
      if (p.hit &&
          (covers.empty() || std::find(covers.begin(), covers.end(), p.id) != covers.end()))
        earned.push_back(p.id);
    f["earned"] = earned;
    if (t.kind == interview::TurnKind::Challenge) {
      const std::string& flag = t.move.id;
      bool still = std::any_of(g->red_flags.begin(), g->red_flags.end(),
                               [&](const auto& x) { return x.id == flag && !x.retracted; });
      f["outcome"] = still            ? "kept the misconception"
                     : earned.empty() ? "backed off"
                                      : "corrected it";
    } else {
      f["outcome"] = earned.empty() ? "did not add what was asked" : "covered it";
    }
    out.push_back(f);
  }
  return out;
}

Result<json> question_report(const interview::Session& s, size_t i, interview::Interviewer& iv,
                             const assess::Grade& g) {
  const auto& st = s.states[i];
  const auto* q = iv.bank().find(st.id);
  bool answered = !iv.answer_text(s, i).empty();
  json covered = json::array(), missed = json::array(), flags = json::array();
  std::vector<const assess::PointResult*> missing;
  for (const auto& p : g.points) {
    if (p.hit) {
      covered.push_back(
          {{"point", p.id}, {"text", p.text}, {"quote", p.evidence}, {"stage", p.stage}});
    } else {
      missed.push_back(
          {{"point", p.id}, {"text", p.text}, {"weight", p.weight}, {"stage", p.stage}});
      missing.push_back(&p);
    }
  }
  for (const auto& f : g.red_flags)
    flags.push_back({{"id", f.id},
                     {"quote", f.evidence},
                     {"correction", f.correction},
                     {"hedged", f.hedged},
                     {"retracted", f.retracted}});
  json reasoning = json::object();
  const assess::Dimension* dims[] = {&g.reasoning.tradeoffs,     &g.reasoning.justification,
                                     &g.reasoning.alternatives,  &g.reasoning.quantities,
                                     &g.reasoning.failure_modes, &g.reasoning.decision};
  for (int d = 0; d < 6; ++d)
    reasoning[kDims[d]] = {{"score", dims[d]->score},
                           {"example", dims[d]->evidence.empty() ? "" : dims[d]->evidence.front()}};
  const auto& c = g.clarity;
  json clarity = {{"score", c.score},
                  {"words", c.words},
                  {"fillers", c.fillers},
                  {"filler_rate", round1(c.filler_rate * 1000) / 1000},
                  {"hedges", c.hedges},
                  {"mean_sentence_words", round1(c.mean_sentence_words)},
                  {"rambling", c.rambling},
                  {"filler_example", c.filler_examples.empty() ? "" : c.filler_examples.front()},
                  {"hedge_example", c.hedge_examples.empty() ? "" : c.hedge_examples.front()}};
  if (c.words_per_minute > 0) clarity["words_per_minute"] = std::round(c.words_per_minute);
  if (c.long_pauses >= 0) clarity["long_pauses"] = c.long_pauses;
  // A stronger answer: what was said, plus the missed points by weight.
  std::stable_sort(missing.begin(), missing.end(),
                   [](auto* a, auto* b) { return a->weight > b->weight; });
  json outline = json::array();
  for (const auto& p : g.points)
    if (p.hit) outline.push_back(p.text);
  for (auto* p : missing) outline.push_back(p->text);
  auto asked = follow_ups(s, *q, iv);
  if (!asked) return asked.failure();
  json j = {{"id", q->id},
            {"area", q->area},
            {"area_title", iv.bank().area_title(q->area)},
            {"topic", q->topic},
            {"prompt", q->prompt},
            {"design", q->design},
            {"score", g.score},
            {"band", bank::to_string(g.band)},
            {"skipped", st.skipped},
            {"answered", answered},
            {"covered", covered},
            {"missed", missed},
            {"red_flags", flags},
            {"reasoning", reasoning},
            {"clarity", clarity},
            {"follow_ups", *asked},
            {"stronger_answer", outline},
            {"see_also", q->see_also},
            {"notes", g.notes}};
  if (q->design) {
    std::map<std::string, std::pair<double, double>> by;
    for (const auto& p : g.points) {
      by[p.stage].first += p.weight * p.credit;
      by[p.stage].second += p.weight;
    }
    json stages = json::array();
    for (const auto& sid : bank::design_stages())
      stages.push_back(
          {{"stage", sid},
           {"coverage",
            by[sid].second > 0 ? round1(100 * by[sid].first / by[sid].second) / 100 : 0.0}});
    j["stages"] = stages;
    j["estimates_checked"] = st.estimates_checked;
    j["constraint_change"] = st.constraint_injected;
  }
  return j;
}

json improvements(const json& questions, const bank::Bank& bank) {
  struct Item {
    double value;
    json j;
  };
  std::vector<Item> items;
  std::set<std::string> used_questions;
  for (const auto& q : questions) {
    std::vector<std::string> practise = {q["id"].get<std::string>()};
    for (const auto& s : q["see_also"])
      if (bank.find(s.get<std::string>())) practise.push_back(s.get<std::string>());
    for (const auto& f : q["red_flags"])
      if (!f["retracted"].get<bool>())
        items.push_back(
            {100,
             {{"title", "Correct a misconception: " + f["correction"].get<std::string>()},
              {"why", "You said: \"" + f["quote"].get<std::string>() + "\""},
              {"practise", practise}}});
    for (const auto& m : q["missed"])
      items.push_back({10 * m["weight"].get<double>() + (q["skipped"].get<bool>() ? -5 : 0),
                       {{"title", m["text"].get<std::string>()},
                        {"why", "Missed in " + q["id"].get<std::string>()},
                        {"practise", practise}}});
  }
  // Reasoning: the weakest dimension across answered questions.
  std::map<std::string, double> dim_sum;
  int n = 0;
  for (const auto& q : questions) {
    if (!q["answered"].get<bool>()) continue;
    ++n;
    for (auto* d : kDims) dim_sum[d] += q["reasoning"][d]["score"].get<int>();
  }
  if (n > 0) {
    auto weakest = std::min_element(dim_sum.begin(), dim_sum.end(),
                                    [](auto& a, auto& b) { return a.second < b.second; });
    static const std::map<std::string, std::string> advice = {
        {"tradeoffs",
         "Say what each choice costs: \"X, but that costs Y, so I'd pick it when Z\"."},
        {"justification", "Give the reason with each claim: \"because...\", \"so that...\"."},
        {"alternatives", "Name the option you did not pick and why it loses here."},
        {"quantities", "Put numbers on it: requests per second, sizes, latencies."},
        {"failure_modes", "Say what happens when a part fails and how you recover."},
        {"decision", "Commit to a choice: \"I would use...\"."}};
    if (weakest->second / n < 1.5) {
      std::vector<std::string> practise;
      for (const auto& q : questions) practise.push_back(q["id"].get<std::string>());
      items.push_back({25,
                       {{"title", advice.at(weakest->first)},
                        {"why", "Your weakest reasoning habit in this session: " + weakest->first},
                        {"practise", practise}}});
    }
  }
  std::stable_sort(items.begin(), items.end(), [](auto& a, auto& b) { return a.value > b.value; });
  json out = json::array();
  for (const auto& it : items) {
    if (out.size() == 3) break;
    out.push_back(it.j);
  }
  return out;
}

}  // namespace

Result<json> build_report(const interview::Session& s, interview::Interviewer& iv,
                          const ReportContext& ctx, const interview::Grades& grades) {
  json questions = json::array();
  std::map<std::string, std::pair<double, int>> areas;
  double total = 0;
  int counted = 0;
  for (size_t i = 0; i < s.states.size(); ++i) {
    if (s.states[i].started < 0 || !iv.bank().find(s.states[i].id)) continue;
    auto g = grades.find(i);
    if (g == grades.end())
      return make_error(ErrorCode::internal,
                        "session " + s.id + ": question " + s.states[i].id + " was not graded");
    auto qr = question_report(s, i, iv, g->second);
    if (!qr) return qr.failure();
    const json& q = *qr;
    total += q["score"].get<double>();
    ++counted;
    areas[q["area"].get<std::string>()].first += q["score"].get<double>();
    areas[q["area"].get<std::string>()].second += 1;
    questions.push_back(q);
  }
  double overall = counted ? round1(total / counted) : 0;
  json area_list = json::array();
  for (const auto& [a, v] : areas)
    area_list.push_back({{"area", a},
                         {"title", iv.bank().area_title(a)},
                         {"score", round1(v.first / v.second)},
                         {"questions", v.second}});
  json reasoning = json::object();
  for (auto* d : kDims) {
    double sum = 0;
    int n = 0;
    for (const auto& q : questions)
      if (q["answered"].get<bool>()) sum += q["reasoning"][d]["score"].get<int>(), ++n;
    reasoning[d] = n ? round1(sum / n) : 0.0;
  }
  json trend = json::array();
  for (const auto& p : ctx.past)
    trend.push_back({{"session", p.id}, {"started_at", p.started_at}, {"score", p.score}});
  trend.push_back(
      {{"session", ctx.session_id}, {"started_at", ctx.started_at}, {"score", overall}});
  return json{{"format", 1},
              {"session",
               {{"id", ctx.session_id},
                {"started_at", ctx.started_at},
                {"level", bank::to_string(s.level)},
                {"areas", s.areas},
                {"minutes", s.minutes},
                {"status", s.finished ? "finished" : "active"},
                {"ended_by", s.ended_by}}},
              {"score", overall},
              {"band", bank::to_string(assess::band_for(overall))},
              {"areas", area_list},
              {"reasoning", reasoning},
              {"improvements", improvements(questions, iv.bank())},
              {"questions", questions},
              {"trend", trend}};
}

}  // namespace spar::report
