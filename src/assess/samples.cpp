#include "assess/samples.h"

#include <fmt/core.h>

#include "assess/grader.h"

namespace spar::assess {

bank::Diagnostics check_samples(const bank::Bank& bank) {
  bank::Diagnostics out;
  Grader grader(bank);
  for (const auto& q : bank.questions) {
    for (const auto& s : q.samples) {
      auto g = grader.grade(q, s.text);
      if (!g) {
        out.push_back({s.loc.file, s.loc.line, "sample: " + g.error()});
        continue;
      }
      if (g->band == s.band) continue;
      std::string missed, flags;
      for (const auto& p : g->points)
        if (!p.hit) missed += (missed.empty() ? "" : ", ") + p.id;
      for (const auto& f : g->red_flags) flags += (flags.empty() ? "" : ", ") + f.id;
      out.push_back({s.loc.file, s.loc.line,
                     fmt::format("sample stated '{}' grades as '{}' (score {:.0f}; missed: {}{}{})",
                                 bank::to_string(s.band), bank::to_string(g->band), g->score,
                                 missed.empty() ? "none" : missed,
                                 flags.empty() ? "" : "; red flags: ", flags)});
    }
  }
  return out;
}

}  // namespace spar::assess
