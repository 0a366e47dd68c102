// The spar binary, run as a user would.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "testing.h"

namespace spar {
namespace {

using testing::run_spar;
using testing::TempDir;

std::string bank_arg() { return "--bank " + testing::source_bank().string(); }

TEST(Cli, ShippedBankLintsClean) {
  auto r = run_spar("bank lint " + testing::source_bank().string());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("no problems"), std::string::npos);
}

TEST(Cli, BrokenBankExitsOneAndNamesEveryFileAndLine) {
  TempDir dir;
  testing::make_example_bank(dir.path());
  testing::write_file(dir / "api/bad-one.yaml", "id: api.bad-one\narea: api\ncolour: red\n");
  testing::write_file(dir / "db/bad-two.yaml", "id: db.bad-two\n  area: [\n");
  auto r = run_spar("bank lint " + dir.path().string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("api/bad-one.yaml:3: question: unknown field 'colour'"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("db/bad-two.yaml:"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("in 2 file(s)"), std::string::npos) << r.err;
}

TEST(Cli, StatsJsonIsValidAndCounts) {
  auto r = run_spar(bank_arg() + " bank stats --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_GE(j["questions"].get<int>(), 1);
  EXPECT_GE(j["areas"]["api"].get<int>(), 1);
  EXPECT_TRUE(j.contains("design_problems"));
  EXPECT_TRUE(j["levels"].contains("senior"));
  auto text = run_spar(bank_arg() + " bank stats");
  EXPECT_NE(text.out.find("APIs and HTTP"), std::string::npos);
}

TEST(Cli, ShowPrintsQuestionAndRejectsUnknownId) {
  auto r = run_spar(bank_arg() + " bank show api.idempotency");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("What does it mean for an endpoint to be idempotent?"), std::string::npos);
  EXPECT_NE(r.out.find("Rubric:"), std::string::npos);
  auto bad = run_spar(bank_arg() + " bank show api.nope");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("no question with id 'api.nope'"), std::string::npos);
}

TEST(Cli, GradeTextQuotesTheAnswer) {
  auto r = run_spar(bank_arg() +
                    " grade --question api.idempotency --answer 'the client sends an idempotency "
                    "key on every retry and the server returns the stored response'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("What you covered:"), std::string::npos);
  EXPECT_NE(r.out.find("you said: \"the client sends an idempotency key"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("What you missed:"), std::string::npos);
}

TEST(Cli, GradeJsonFromStdin) {
  auto r = run_spar(bank_arg() + " grade --question api.idempotency --format json",
                    "POST is idempotent so just retry it");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["red_flags"][0]["id"], "post-idempotent");
  EXPECT_TRUE(j["reasoning"].contains("tradeoffs"));
  EXPECT_TRUE(j["clarity"].contains("filler_rate"));
}

TEST(Cli, GradeBadInputsGiveClearErrors) {
  auto unknown = run_spar(bank_arg() + " grade --question api.missing --answer x");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no question with id 'api.missing'"), std::string::npos);
  auto nofile = run_spar(bank_arg() + " grade --question api.idempotency --answer-file /nonexistent");
  EXPECT_EQ(nofile.exit_code, 2);
  EXPECT_NE(nofile.err.find("cannot read answer file '/nonexistent'"), std::string::npos);
  TempDir dir;
  testing::write_file(dir / "bad.txt", std::string("abc \xff def"));
  auto badutf = run_spar(bank_arg() + " grade --question api.idempotency --answer-file " +
                         (dir / "bad.txt").string());
  EXPECT_EQ(badutf.exit_code, 2);
  EXPECT_NE(badutf.err.find("not valid UTF-8"), std::string::npos);
}

TEST(Cli, BatchGradesEveryLineAndReportsBadOnes) {
  TempDir dir;
  testing::write_file(
      dir / "in.jsonl",
      "{\"id\": 1, \"question\": \"api.idempotency\", \"answer\": \"use an idempotency key\"}\n"
      "this is not json\n"
      "{\"id\": \"r\", \"reference\": \"TCP is reliable and ordered; UDP is not.\", "
      "\"question_text\": \"TCP vs UDP?\", \"answer\": \"tcp gives ordered reliable delivery\"}\n"
      "{\"id\": 4, \"question\": \"api.unknown\", \"answer\": \"x\"}\n");
  auto r = run_spar(bank_arg() + " grade --batch " + (dir / "in.jsonl").string() + " --format jsonl");
  EXPECT_EQ(r.exit_code, 2);
  std::istringstream in(r.out);
  std::vector<nlohmann::json> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["id"], 1);
  EXPECT_TRUE(lines[0].contains("score"));
  EXPECT_TRUE(lines[0]["points"][0].contains("evidence"));
  EXPECT_NE(lines[1]["error"].get<std::string>().find("in.jsonl:2: not a JSON object"),
            std::string::npos);
  EXPECT_EQ(lines[2]["id"], "r");
  EXPECT_GT(lines[2]["score"].get<double>(), 0);
  EXPECT_NE(lines[3]["error"].get<std::string>().find("no question with id 'api.unknown'"),
            std::string::npos);
}

TEST(Cli, UnknownCommandIsAnError) {
  auto r = run_spar("frobnicate");
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace
}  // namespace spar
