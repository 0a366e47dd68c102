// Reports for a fixed scripted session: the JSON is compared exactly with a
// checked-in snapshot (SPAR_UPDATE_GOLDEN=1 rewrites it after a deliberate
// change); the HTML must be well-formed and hold every section and chart.
#include "report/report.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "bank/loader.h"
#include "interview/engine.h"
#include "testing.h"

namespace spar::report {
namespace {

// The snapshot uses a minimal bank (the shared lexicon and api.idempotency),
// so adding content elsewhere in the bank does not change it.
const bank::Bank& real_bank() {
  static testing::TempDir dir;
  static bank::Bank b = [] {
    testing::make_example_bank(dir.path());
    return std::move(bank::load_bank(dir.path()).bank);
  }();
  return b;
}

nlohmann::json fixed_report() {
  interview::Interviewer iv(real_bank());
  auto plan =
      interview::make_plan(real_bank(), {{}, bank::Level::Mid, 20, {"api.idempotency"}, 4, {}});
  EXPECT_TRUE(plan);
  auto s = iv.begin({{}, bank::Level::Mid, 20, 4}, *plan);
  for (const char* text :
       {"um so idempotent means if you like call it twice it has the same effect as calling it "
        "once",
        "POST is idempotent because the server just handles it again",
        "sorry, actually no, POST is not idempotent. the client sends a unique idempotency key and "
        "the server "
        "stores the response in the same transaction, so a retry returns the saved response",
        "I don't know"}) {
    interview::Utterance u;
    u.text = text;
    auto next = iv.step(s, u);
    EXPECT_TRUE(next) << next.error();
    s = *next;
    if (s.finished) break;
  }
  s = iv.end(s, "script");
  ReportContext ctx;
  ctx.session_id = "fixed";
  ctx.started_at = 1790000000;
  ctx.past = {{"earlier-1", 1789000000, 41, {}}, {"earlier-2", 1789500000, 55, {}}};
  auto grades = interview::grade_all(s, iv);
  EXPECT_TRUE(grades) << grades.error();
  auto r = build_report(s, iv, ctx, *grades);
  EXPECT_TRUE(r) << r.error();
  return *r;
}

TEST(Report, JsonMatchesSnapshot) {
  auto r = fixed_report();
  auto golden = testing::source_bank().parent_path() / "tests/golden/report_idempotency.json";
  if (std::getenv("SPAR_UPDATE_GOLDEN")) testing::write_file(golden, r.dump(2) + "\n");
  auto want = nlohmann::json::parse(testing::read_file(golden), nullptr, false);
  ASSERT_FALSE(want.is_discarded()) << "missing or invalid " << golden;
  EXPECT_EQ(r, want)
      << "report JSON changed; if deliberate, run with SPAR_UPDATE_GOLDEN=1 and review the diff";
}

TEST(Report, QuotesTheCandidateAndCoversEverySection) {
  auto r = fixed_report();
  EXPECT_EQ(r["format"], 1);
  ASSERT_EQ(r["questions"].size(), 1u);
  const auto& q = r["questions"][0];
  ASSERT_FALSE(q["covered"].empty());
  EXPECT_NE(q["covered"][0]["quote"].get<std::string>().find("idempotent means"),
            std::string::npos);
  EXPECT_FALSE(q["missed"].empty());
  ASSERT_FALSE(q["red_flags"].empty());
  EXPECT_TRUE(q["red_flags"][0]["retracted"].get<bool>());
  EXPECT_GE(q["clarity"]["fillers"].get<int>(), 2);
  bool challenge = false;
  for (const auto& f : q["follow_ups"]) challenge = challenge || f["kind"] == "challenge";
  EXPECT_TRUE(challenge);
  EXPECT_FALSE(q["stronger_answer"].empty());
  EXPECT_EQ(r["improvements"].size(), 3u);
  for (const auto& i : r["improvements"]) EXPECT_FALSE(i["practise"].empty());
  EXPECT_EQ(r["trend"].size(), 3u);
  for (const char* d :
       {"tradeoffs", "justification", "alternatives", "quantities", "failure_modes", "decision"})
    EXPECT_TRUE(r["reasoning"].contains(d)) << d;
}

// A small well-formedness check: every non-void tag is closed in order.
std::string check_well_formed(const std::string& html) {
  static const std::set<std::string> void_tags = {"meta", "br",    "link",    "img",
                                                  "hr",   "input", "!DOCTYPE"};
  std::vector<std::string> stack;
  std::regex tag(R"(<(/?)([!A-Za-z][A-Za-z0-9]*)([^>]*)>)");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tag); it != std::sregex_iterator();
       ++it) {
    std::string close = (*it)[1], name = (*it)[2], rest = (*it)[3];
    if (void_tags.count(name) || (!rest.empty() && rest.back() == '/')) continue;
    if (close.empty()) {
      stack.push_back(name);
    } else {
      if (stack.empty() || stack.back() != name)
        return "unexpected </" + name + "> (open: " + (stack.empty() ? "none" : stack.back()) + ")";
      stack.pop_back();
    }
  }
  return stack.empty() ? "" : "unclosed <" + stack.back() + ">";
}

TEST(Report, HtmlIsSelfContainedWellFormedAndComplete) {
  auto html = render_html(fixed_report());
  EXPECT_EQ(check_well_formed(html), "");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  for (const char* id : {"id=\"improve\"", "id=\"charts\"", "id=\"areas\"", "id=\"reasoning\"",
                         "id=\"trend\"", "id=\"q-api.idempotency\""})
    EXPECT_NE(html.find(id), std::string::npos) << id;
  EXPECT_GE(std::count(html.begin(), html.end(), '<') > 0 ? 3 : 0, 3);
  size_t svgs = 0;
  for (size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1))
    ++svgs;
  EXPECT_EQ(svgs, 3u) << "areas, reasoning and trend charts";
  EXPECT_NE(html.find("What you covered"), std::string::npos);
  EXPECT_NE(html.find("What you missed"), std::string::npos);
  EXPECT_NE(html.find("What was wrong"), std::string::npos);
  EXPECT_NE(html.find("Follow-ups"), std::string::npos);
  EXPECT_NE(html.find("A stronger answer would say"), std::string::npos);
  // Candidate text is escaped.
  auto r = fixed_report();
  r["questions"][0]["covered"][0]["quote"] = "<script>alert(1)</script>";
  EXPECT_EQ(render_html(r).find("<script>alert"), std::string::npos);
}

TEST(Report, TextAndMarkdown) {
  auto r = fixed_report();
  auto text = render_text(r), md = render_markdown(r);
  for (const auto* s : {&text, &md}) {
    EXPECT_NE(s->find("Three things to improve"), std::string::npos);
    EXPECT_NE(s->find("What you covered"), std::string::npos);
    EXPECT_NE(s->find("idempotent means"), std::string::npos);
  }
  EXPECT_NE(md.find("## api.idempotency"), std::string::npos);
}

}  // namespace
}  // namespace spar::report
