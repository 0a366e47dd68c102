#include "assess/grade.h"

namespace spar::assess {

namespace {
nlohmann::json dim(const Dimension& d) {
  return {{"score", d.score}, {"evidence", d.evidence}};
}
}  // namespace

nlohmann::json to_json(const Grade& g) {
  nlohmann::json points = nlohmann::json::array(), flags = nlohmann::json::array();
  for (const auto& p : g.points) {
    nlohmann::json j = {{"id", p.id},         {"hit", p.hit},           {"credit", p.credit},
                        {"weight", p.weight}, {"evidence", p.evidence}, {"text", p.text}};
    if (!p.stage.empty()) j["stage"] = p.stage;
    points.push_back(j);
  }
  for (const auto& f : g.red_flags)
    flags.push_back({{"id", f.id},
                     {"evidence", f.evidence},
                     {"correction", f.correction},
                     {"hedged", f.hedged},
                     {"retracted", f.retracted}});
  nlohmann::json claims = nlohmann::json::array();
  for (const auto& c : g.claims)
    claims.push_back(
        {{"id", c.id}, {"right", c.right}, {"evidence", c.evidence}, {"corrected", c.corrected}});
  const auto& r = g.reasoning;
  const auto& c = g.clarity;
  nlohmann::json clarity = {{"score", c.score},
                            {"words", c.words},
                            {"sentences", c.sentences},
                            {"fillers", c.fillers},
                            {"filler_rate", c.filler_rate},
                            {"hedges", c.hedges},
                            {"mean_sentence_words", c.mean_sentence_words},
                            {"rambling", c.rambling},
                            {"filler_examples", c.filler_examples},
                            {"hedge_examples", c.hedge_examples}};
  if (c.words_per_minute >= 0) clarity["words_per_minute"] = c.words_per_minute;
  if (c.long_pauses >= 0) clarity["long_pauses"] = c.long_pauses;
  return {{"score", g.score},
          {"band", bank::to_string(g.band)},
          {"coverage", g.coverage},
          {"points", points},
          {"red_flags", flags},
          {"claims", claims},
          {"reasoning",
           {{"tradeoffs", dim(r.tradeoffs)},
            {"justification", dim(r.justification)},
            {"alternatives", dim(r.alternatives)},
            {"quantities", dim(r.quantities)},
            {"failure_modes", dim(r.failure_modes)},
            {"decision", dim(r.decision)}}},
          {"clarity", clarity},
          {"keyword_list", g.keyword_list},
          {"notes", g.notes}};
}

}  // namespace spar::assess
