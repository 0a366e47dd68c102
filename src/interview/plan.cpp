#include "interview/plan.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace spar::interview {

double spacing_days(int times_seen) {
  static const double steps[] = {1, 3, 7, 14};
  int i = std::clamp(times_seen - 1, 0, 3);
  return steps[i];
}

namespace {

double knowledge_minutes(bank::Level l) {
  switch (l) {
    case bank::Level::Junior:
      return 5.0;
    case bank::Level::Mid:
      return 3.75;
    case bank::Level::Senior:
      return 5.5;
  }
  return 5.0;
}

double design_share(bank::Level l) {
  return l == bank::Level::Senior ? 0.65 : l == bank::Level::Mid ? 0.5 : 0.0;
}

// Picks up to n ids from candidates, weighted, deterministic for rng.
std::vector<const bank::Question*> pick(std::vector<const bank::Question*> pool, size_t n,
                                        const std::map<std::string, double>& weight,
                                        std::mt19937_64& rng) {
  std::vector<const bank::Question*> out;
  while (out.size() < n && !pool.empty()) {
    double total = 0;
    for (auto* q : pool) total += weight.at(q->id);
    std::uniform_real_distribution<double> u(0, total);
    double r = u(rng), acc = 0;
    size_t chosen = pool.size() - 1;
    for (size_t i = 0; i < pool.size(); ++i) {
      acc += weight.at(pool[i]->id);
      if (r < acc) {
        chosen = i;
        break;
      }
    }
    out.push_back(pool[chosen]);
    pool.erase(pool.begin() + static_cast<long>(chosen));
  }
  return out;
}

}  // namespace

Result<std::vector<PlannedQuestion>> make_plan(const bank::Bank& bank, const PlanRequest& req) {
  if (req.minutes < 1 || req.minutes > 240)
    return make_error("minutes must be between 1 and 240 (got " + std::to_string(req.minutes) +
                      ")");
  for (const auto& a : req.areas)
    if (!bank.has_area(a)) return make_error("unknown area '" + a + "'");
  std::vector<PlannedQuestion> plan;
  if (!req.questions.empty()) {
    std::vector<const bank::Question*> qs;
    for (const auto& id : req.questions) {
      const auto* q = bank.find(id);
      if (!q) return make_error("no question with id '" + id + "' in the bank");
      qs.push_back(q);
    }
    double design_min = 0, knowledge = 0;
    for (auto* q : qs) (q->design ? design_min : knowledge) += 1;
    for (auto* q : qs) {
      double m = q->design ? std::max(10.0, req.minutes * (knowledge > 0 ? 0.6 : 1.0) / design_min)
                           : std::max(2.0, req.minutes * (design_min > 0 ? 0.4 : 1.0) / knowledge);
      plan.push_back({q->id, q->design, m});
    }
    return plan;
  }

  auto wanted = [&](const std::string& area) {
    return req.areas.empty() ||
           std::find(req.areas.begin(), req.areas.end(), area) != req.areas.end();
  };
  std::map<std::string, const HistoryEntry*> hist;
  for (const auto& h : req.history) hist[h.question] = &h;
  // Area weakness: mean score of past answers per area (0..100).
  std::map<std::string, std::pair<double, int>> area_scores;
  for (const auto& h : req.history)
    if (const auto* q = bank.find(h.question)) {
      area_scores[q->area].first += h.score;
      area_scores[q->area].second += 1;
    }
  std::map<std::string, double> weight;
  std::vector<const bank::Question*> knowledge_pool, design_pool;
  for (const auto& q : bank.questions) {
    if (!q.has_level(req.level) || !wanted(q.area)) continue;
    double w = 1.0;
    if (auto it = hist.find(q.id); it != hist.end()) {
      const auto& h = *it->second;
      bool due = h.missed_points && h.days_ago >= spacing_days(h.times_seen);
      if (due)
        w = 4.0;  // spaced repetition: it is due
      else if (h.days_ago < 7)
        w = 0.02;  // seen recently: avoid
      else
        w = 0.5;
    }
    if (auto a = area_scores.find(q.area); a != area_scores.end() && a->second.second > 0) {
      double mean = a->second.first / a->second.second;
      w *= 1.0 + (100.0 - mean) / 100.0;  // weak areas up to twice as likely
    }
    weight[q.id] = w;
    (q.design ? design_pool : knowledge_pool).push_back(&q);
  }
  if (knowledge_pool.empty() && design_pool.empty())
    return make_error("no questions in the bank match level '" +
                      std::string(bank::to_string(req.level)) + "' and the chosen areas");
  std::mt19937_64 rng(req.seed);
  double design_minutes = 0;
  bool want_design = !design_pool.empty() && design_share(req.level) > 0 && req.minutes >= 20;
  if (knowledge_pool.empty()) want_design = !design_pool.empty();
  if (want_design) {
    design_minutes =
        knowledge_pool.empty() ? req.minutes : std::round(req.minutes * design_share(req.level));
  }
  double left = req.minutes - design_minutes;
  size_t n = static_cast<size_t>(std::max(0.0, std::round(left / knowledge_minutes(req.level))));
  if (n == 0 && !want_design) n = 1;
  auto chosen = pick(knowledge_pool, n, weight, rng);
  for (auto* q : chosen) plan.push_back({q->id, false, left / std::max<size_t>(1, chosen.size())});
  if (want_design) {
    auto d = pick(design_pool, 1, weight, rng);
    plan.push_back({d[0]->id, true, design_minutes});
  }
  return plan;
}

}  // namespace spar::interview
