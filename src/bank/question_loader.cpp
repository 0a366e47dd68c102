// Loading one question (bank/<area>/<slug>.yaml) or design problem
// (bank/design/<slug>.yaml): its fields, rubric points, red flags, probes,
// samples, and a design problem's facts, estimates and stages.
#include <algorithm>

#include "bank/loader_internal.h"
#include "bank/rules.h"
#include "bank/yaml_reader.h"

namespace fs = std::filesystem;

namespace spar::bank {
namespace {

struct QuestionParser {
  YamlReader& r;
  const text::Lexicon& lex;
  Question& q;

  std::vector<text::Rule> rules(const YAML::Node& parent, const std::string& what,
                                std::vector<std::string>* srcs) {
    std::vector<text::Rule> out;
    auto s = r.seq(parent, "match", true, what);
    if (!s) return out;
    if (s->size() == 0) r.error(*s, what + ": 'match' has no rules");
    for (const auto& rn : *s) {
      std::string src;
      if (auto rule = parse_rule(rn, lex, r, what, &src)) {
        out.push_back(std::move(*rule));
        if (srcs) srcs->push_back(src);
      }
    }
    return out;
  }

  void points(const YAML::Node& parent, const std::string& stage, bool required) {
    auto s = r.seq(parent, "points", required, stage.empty() ? q.id : q.id + " stage " + stage);
    if (!s) return;
    for (const auto& n : *s) {
      std::string what = "point";
      if (!r.check_map(n, {"id", "weight", "text", "kind", "match"}, what)) continue;
      auto id = r.str(n, "id", true, what);
      if (!id) continue;
      what = "point '" + *id + "'";
      RubricPoint p;
      p.id = *id;
      p.stage = stage;
      p.loc = {r.file(), YamlReader::line_of(n)};
      if (auto w = r.num(n, "weight", true, what)) {
        if (*w <= 0 || *w > 5)
          r.error(n["weight"], what + ": weight " + n["weight"].Scalar() + " out of range (0, 5]");
        p.weight = *w;
      }
      if (auto t = r.str(n, "text", true, what)) p.text = *t;
      if (auto k = r.str(n, "kind", false, what)) {
        if (*k == "fact")
          p.kind = PointKind::Fact;
        else if (*k == "tradeoff")
          p.kind = PointKind::Tradeoff;
        else if (*k == "reason")
          p.kind = PointKind::Reason;
        else if (*k == "example")
          p.kind = PointKind::Example;
        else
          r.error(n["kind"],
                  what + ": unknown kind '" + *k + "' (fact, tradeoff, reason, example)");
      }
      p.rules = rules(n, what, &p.rule_src);
      if (q.point(p.id)) {
        r.error(n, "duplicate point id '" + p.id + "' in " + q.id);
        continue;
      }
      q.points.push_back(std::move(p));
    }
  }

  void red_flags(const YAML::Node& parent, const std::string& stage, bool required) {
    auto s = r.seq(parent, "red_flags", required, q.id);
    if (!s) return;
    for (const auto& n : *s) {
      std::string what = "red flag";
      if (!r.check_map(n, {"id", "text", "correction", "challenge", "match", "not_when"}, what))
        continue;
      auto id = r.str(n, "id", true, what);
      if (!id) continue;
      what = "red flag '" + *id + "'";
      RedFlag f;
      f.id = *id;
      f.stage = stage;
      f.loc = {r.file(), YamlReader::line_of(n)};
      if (auto t = r.str(n, "text", true, what)) f.text = *t;
      if (auto c = r.str(n, "correction", true, what)) f.correction = *c;
      if (auto c = r.str(n, "challenge", false, what)) f.challenge = *c;
      f.rules = rules(n, what, nullptr);
      if (auto nw = r.str_list(n, "not_when", false, what)) {
        f.not_when = *nw;
        f.not_when_loc = {r.file(), YamlReader::line_of(n["not_when"])};
      }
      for (const auto& g : q.red_flags)
        if (g.id == f.id) r.error(n, "duplicate red flag id '" + f.id + "' in " + q.id);
      q.red_flags.push_back(std::move(f));
    }
  }

  void probes(const YAML::Node& parent, const std::string& stage, bool required) {
    auto s = r.seq(parent, "probes", required, q.id);
    if (!s) return;
    for (const auto& n : *s) {
      std::string what = "probe";
      if (!r.check_map(n, {"id", "when", "ask", "covers"}, what)) continue;
      auto id = r.str(n, "id", true, what);
      if (!id) continue;
      what = "probe '" + *id + "'";
      Probe p;
      p.id = *id;
      p.stage = stage;
      p.loc = {r.file(), YamlReader::line_of(n)};
      if (auto w = r.str(n, "when", true, what)) {
        std::string kind = w->substr(0, w->find(':'));
        std::string arg = w->find(':') == std::string::npos ? "" : w->substr(w->find(':') + 1);
        if (kind == "missing")
          p.kind = ProbeKind::Missing;
        else if (kind == "mentions")
          p.kind = ProbeKind::Mentions;
        else if (kind == "why")
          p.kind = ProbeKind::Why;
        else if (kind == "scale")
          p.kind = ProbeKind::Scale;
        else if (kind == "failure")
          p.kind = ProbeKind::Failure;
        else
          r.error(n["when"], what + ": unknown 'when' '" + *w +
                                 "' (missing:POINT, mentions:CONCEPT, why, scale, failure)");
        p.target = arg;
        bool needs_arg = p.kind == ProbeKind::Missing || p.kind == ProbeKind::Mentions;
        if (needs_arg && arg.empty()) r.error(n["when"], what + ": '" + kind + ":' needs a target");
        if (!needs_arg && !arg.empty())
          r.error(n["when"], what + ": '" + kind + "' takes no target");
        if (p.kind == ProbeKind::Mentions && !arg.empty() && lex.find(arg) < 0)
          r.error(n["when"], what + ": unknown concept '" + arg + "'");
      }
      if (auto a = r.str(n, "ask", true, what)) p.ask = *a;
      if (auto c = r.str_list(n, "covers", true, what)) p.covers = *c;
      for (const auto& g : q.probes)
        if (g.id == p.id) r.error(n, "duplicate probe id '" + p.id + "' in " + q.id);
      q.probes.push_back(std::move(p));
    }
  }

  void samples(const YAML::Node& doc) {
    auto s = r.seq(doc, "samples", true, q.id);
    if (!s) return;
    for (const auto& n : *s) {
      std::string what = "sample";
      if (!r.check_map(n, {"band", "label", "text", "covers"}, what)) continue;
      Sample sm;
      sm.loc = {r.file(), YamlReader::line_of(n)};
      if (auto b = r.str(n, "band", true, what)) {
        if (auto band = parse_band(*b))
          sm.band = *band;
        else
          r.error(n["band"], what + ": unknown band '" + *b + "' (strong, solid, partial, weak)");
      }
      if (auto l = r.str(n, "label", false, what)) sm.label = *l;
      if (auto t = r.str(n, "text", true, what)) sm.text = *t;
      if (auto c = r.str_list(n, "covers", false, what)) {
        for (const auto& pid : *c)
          if (!q.point(pid)) r.error(n["covers"], what + " names unknown point '" + pid + "'");
      }
      q.samples.push_back(std::move(sm));
    }
  }

  void facts(const YAML::Node& doc) {
    auto s = r.seq(doc, "facts", true, q.id);
    if (!s) return;
    for (const auto& n : *s) {
      std::string what = "fact";
      if (!r.check_map(n, {"id", "ask", "answer", "value", "unit"}, what)) continue;
      auto id = r.str(n, "id", true, what);
      if (!id) continue;
      what = "fact '" + *id + "'";
      Fact f;
      f.id = *id;
      f.loc = {r.file(), YamlReader::line_of(n)};
      bool snake = !id->empty() && std::islower(static_cast<unsigned char>((*id)[0]));
      for (char c : *id)
        if (!(std::islower(static_cast<unsigned char>(c)) ||
              std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
          snake = false;
      if (!snake) r.error(n, what + ": fact ids are snake_case (used in estimate formulas)");
      if (auto a = r.str_list(n, "ask", true, what)) f.ask = *a;
      if (auto a = r.str(n, "answer", true, what)) f.answer = *a;
      if (auto v = r.num(n, "value", false, what)) f.value = *v;
      if (auto u = r.str(n, "unit", false, what)) f.unit = *u;
      for (const auto& g : q.facts)
        if (g.id == f.id) r.error(n, "duplicate fact id '" + f.id + "' in " + q.id);
      q.facts.push_back(std::move(f));
    }
  }

  void estimates(const YAML::Node& doc) {
    auto s = r.seq(doc, "estimates", true, q.id);
    if (!s) return;
    for (const auto& n : *s) {
      std::string what = "estimate";
      if (!r.check_map(n, {"id", "name", "value", "unit", "formula", "explain", "tolerance"}, what))
        continue;
      auto id = r.str(n, "id", true, what);
      if (!id) continue;
      what = "estimate '" + *id + "'";
      Estimate e;
      e.id = *id;
      e.loc = {r.file(), YamlReader::line_of(n)};
      if (auto v = r.str(n, "name", true, what)) e.name = *v;
      if (auto v = r.num(n, "value", true, what)) e.value = *v;
      if (auto v = r.str(n, "unit", true, what)) e.unit = *v;
      if (auto v = r.str(n, "formula", false, what)) e.formula = *v;
      if (auto v = r.str(n, "explain", true, what)) e.explain = *v;
      if (auto v = r.num(n, "tolerance", false, what)) {
        if (*v < 1.1 || *v > 100)
          r.error(n["tolerance"], what + ": tolerance must be a factor in [1.1, 100]");
        e.tolerance = *v;
      }
      q.estimates.push_back(std::move(e));
    }
  }
};

}  // namespace

namespace detail {

void load_question(const fs::path& p, const std::string& shown, const std::string& dir_area,
                   Bank& bank, Diagnostics& out) {
  auto doc = parse_file(p, shown, out);
  if (!doc) return;
  YamlReader r(shown, out);
  size_t before = out.size();
  bool design = dir_area == "design";
  if (design) {
    if (!r.check_map(*doc,
                     {"id", "area", "topic", "levels", "prompt", "alternatives", "hints", "facts",
                      "estimates", "stages", "model_answer", "samples", "see_also", "claims"},
                     "design problem"))
      return;
  } else if (!r.check_map(
                 *doc,
                 {"id", "area", "topic", "levels", "prompt", "alternatives", "hints", "points",
                  "red_flags", "probes", "model_answer", "samples", "see_also", "claims"},
                 "question")) {
    return;
  }
  Question q;
  q.design = design;
  q.path = shown;
  q.loc = {shown, 1};
  auto id = r.str(*doc, "id", true, "question");
  if (!id) return;
  q.id = *id;
  std::string what = q.id;
  if (auto a = r.str(*doc, "area", true, what)) {
    q.area = *a;
    if (!bank.has_area(*a)) {
      std::string list;
      for (const auto& k : bank.areas) list += (list.empty() ? "" : ", ") + k.id;
      r.error((*doc)["area"], what + ": unknown area '" + *a + "' (known: " + list + ")");
    } else if (*a != dir_area) {
      r.error((*doc)["area"],
              what + ": area '" + *a + "' does not match its folder '" + dir_area + "'");
    }
  }
  std::string slug = p.stem().string();
  if (q.id != q.area + "." + slug)
    r.error((*doc)["id"],
            "id '" + q.id + "' must be '" + q.area + "." + slug + "' (area.file-name)");
  if (auto t = r.str(*doc, "topic", true, what)) q.topic = *t;
  if (auto ls = r.str_list(*doc, "levels", true, what)) {
    for (const auto& l : *ls) {
      if (auto lv = parse_level(l))
        q.levels.push_back(*lv);
      else
        r.error((*doc)["levels"], what + ": unknown level '" + l + "' (junior, mid, senior)");
    }
    if (ls->empty()) r.error((*doc)["levels"], what + ": 'levels' is empty");
  }
  if (auto v = r.str(*doc, "prompt", true, what)) q.prompt = *v;
  if (auto v = r.str_list(*doc, "alternatives", false, what)) q.alternatives = *v;
  if (auto v = r.str_list(*doc, "hints", false, what)) q.hints = *v;
  if (auto v = r.str(*doc, "model_answer", true, what)) q.model_answer = *v;
  if (auto v = r.str_list(*doc, "see_also", false, what)) q.see_also = *v;
  if (auto v = r.str_list(*doc, "claims", false, what)) {
    q.claims = *v;
    for (const auto& c : *v)
      if (!bank.claim(c))
        r.error((*doc)["claims"],
                what + ": unknown claim '" + c + "' (claims live in bank/claims/)");
  }

  QuestionParser qp{r, bank.lexicon, q};
  if (!design) {
    qp.points(*doc, "", true);
    qp.red_flags(*doc, "", true);
    qp.probes(*doc, "", true);
  } else {
    qp.facts(*doc);
    qp.estimates(*doc);
    if (auto st = r.seq(*doc, "stages", true, what)) {
      for (const auto& n : *st) {
        if (!r.check_map(n, {"id", "minutes", "points", "red_flags", "probes"}, "stage")) continue;
        auto sid = r.str(n, "id", true, "stage");
        if (!sid) continue;
        const auto& known = design_stages();
        if (std::find(known.begin(), known.end(), *sid) == known.end()) {
          std::string list;
          for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
          r.error(n["id"], "unknown stage '" + *sid + "' (stages: " + list + ")");
          continue;
        }
        Stage s;
        s.id = *sid;
        s.loc = {shown, YamlReader::line_of(n)};
        if (auto m = r.num(n, "minutes", false, "stage '" + *sid + "'"))
          s.minutes = static_cast<int>(*m);
        q.stages.push_back(s);
        qp.points(n, *sid, true);
        qp.red_flags(n, *sid, false);
        qp.probes(n, *sid, false);
      }
    }
  }
  qp.samples(*doc);

  // Probe references resolve within the question.
  for (const auto& pr : q.probes) {
    if (pr.kind == ProbeKind::Missing && !pr.target.empty() && !q.point(pr.target))
      r.error(pr.loc.line, "probe '" + pr.id + "' names unknown point '" + pr.target + "'");
    for (const auto& c : pr.covers)
      if (!q.point(c))
        r.error(pr.loc.line, "probe '" + pr.id + "' names unknown point '" + c + "'");
  }
  if (bank.by_id.count(q.id)) {
    r.error((*doc)["id"],
            "duplicate id '" + q.id + "' (also in " + bank.questions[bank.by_id[q.id]].path + ")");
    return;
  }
  (void)before;
  bank.by_id[q.id] = bank.questions.size();
  bank.questions.push_back(std::move(q));
}

}  // namespace detail
}  // namespace spar::bank
