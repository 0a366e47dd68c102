#include "bank/stats.h"

#include <sstream>

namespace spar::bank {

nlohmann::json bank_stats(const Bank& bank) {
  nlohmann::json areas = nlohmann::json::object(), levels = nlohmann::json::object();
  for (const auto& a : bank.areas) areas[a.id] = 0;
  for (auto l : {Level::Junior, Level::Mid, Level::Senior}) levels[to_string(l)] = 0;
  size_t points = 0, probes = 0, flags = 0, samples = 0, design = 0, questions = 0, estimates = 0,
         facts = 0;
  for (const auto& q : bank.questions) {
    areas[q.area] = areas[q.area].get<int>() + 1;
    for (auto l : q.levels) levels[to_string(l)] = levels[to_string(l)].get<int>() + 1;
    points += q.points.size();
    probes += q.probes.size();
    flags += q.red_flags.size();
    samples += q.samples.size();
    estimates += q.estimates.size();
    facts += q.facts.size();
    (q.design ? design : questions) += 1;
  }
  return {{"questions", questions},
          {"design_problems", design},
          {"areas", areas},
          {"levels", levels},
          {"points", points},
          {"probes", probes},
          {"red_flags", flags},
          {"samples", samples},
          {"facts", facts},
          {"estimates", estimates},
          {"concepts", bank.lexicon.size()},
          {"pronunciations", bank.pronunciations.size()}};
}

nlohmann::json areas_json(const std::vector<Area>& areas) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& a : areas) list.push_back({{"id", a.id}, {"title", a.title}});
  return {{"areas", list}};
}

std::string format_stats_text(const nlohmann::json& s, const Bank& bank) {
  std::ostringstream o;
  o << "spar question bank\n";
  o << "  knowledge questions: " << s["questions"] << "\n";
  o << "  design problems:     " << s["design_problems"] << "\n";
  o << "  by area:\n";
  for (const auto& a : bank.areas)
    o << "    " << a.id << std::string(a.id.size() < 8 ? 8 - a.id.size() : 1, ' ')
      << s["areas"][a.id] << "  " << a.title << "\n";
  o << "  by level:";
  for (auto l : {"junior", "mid", "senior"}) o << "  " << l << " " << s["levels"][l];
  o << "\n  points " << s["points"] << ", probes " << s["probes"] << ", red flags "
    << s["red_flags"] << ", samples " << s["samples"] << ", estimates " << s["estimates"]
    << "\n  lexicon: " << s["concepts"] << " concepts, " << s["pronunciations"]
    << " pronunciations\n";
  return o.str();
}

}  // namespace spar::bank
