// Loader and linter: every error message, with the file and line it names, and
// that loading never crashes on bad input.
#include "bank/loader.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "bank/lint.h"
#include "testing.h"

namespace spar {
namespace {

using testing::TempDir;

class LoaderTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::make_example_bank(dir.path()); }
  std::filesystem::path question() const { return dir / "api/idempotency.yaml"; }
  void edit(const std::string& from, const std::string& to) {
    ASSERT_TRUE(testing::replace_in_file(question(), from, to)) << "fixture lacks: " << from;
  }
  // All problems, loader and linter, as "path:line: message" lines.
  std::string problems() {
    auto r = bank::load_bank(dir.path());
    auto all = r.problems;
    auto more = bank::lint_bank(r.bank);
    all.insert(all.end(), more.begin(), more.end());
    std::string s;
    for (const auto& p : all) s += p.str() + "\n";
    return s;
  }
  std::string file() const { return question().lexically_normal().string(); }
  TempDir dir;
};

TEST_F(LoaderTest, ExampleBankIsClean) {
  EXPECT_EQ(problems(), "");
  auto r = bank::load_bank(dir.path());
  ASSERT_EQ(r.bank.questions.size(), 1u);
  const auto& q = r.bank.questions[0];
  EXPECT_EQ(q.id, "api.idempotency");
  EXPECT_GE(q.points.size(), 5u);
  // Lines are 1-based, as editors show them.
  std::string text = testing::read_file(question());
  int line = 1 + static_cast<int>(std::count(
                     text.begin(),
                     text.begin() + static_cast<long>(text.find("  - id: definition")), '\n'));
  EXPECT_EQ(q.points[0].loc.line, line);
}

TEST_F(LoaderTest, UnknownFieldNamesFileAndLine) {
  edit("topic: idempotency\n", "topic: idempotency\ncolour: blue\n");
  EXPECT_NE(problems().find(file() + ":4: question: unknown field 'colour'"), std::string::npos)
      << problems();
}

TEST_F(LoaderTest, MissingRequiredField) {
  edit("topic: idempotency\n", "");
  EXPECT_NE(problems().find(file() + ":1: api.idempotency: missing required field 'topic'"),
            std::string::npos)
      << problems();
}

TEST_F(LoaderTest, WrongType) {
  edit("levels: [junior, mid, senior]", "levels: junior");
  EXPECT_NE(problems().find(":4: api.idempotency: field 'levels' must be a list of strings"),
            std::string::npos)
      << problems();
}

TEST_F(LoaderTest, DuplicateQuestionId) {
  testing::write_file(dir / "api/idempotency-copy.yaml", testing::read_file(question()));
  auto p = problems();
  EXPECT_NE(p.find("idempotency-copy.yaml:1: id 'api.idempotency' must be 'api.idempotency-copy'"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("duplicate id 'api.idempotency' (also in "), std::string::npos) << p;
}

TEST_F(LoaderTest, DuplicatePointId) {
  edit("  - id: methods\n", "  - id: definition\n");
  EXPECT_NE(problems().find("duplicate point id 'definition' in api.idempotency"),
            std::string::npos)
      << problems();
}

TEST_F(LoaderTest, ProbeNamesUnknownPoint) {
  edit("covers: [concurrency]", "covers: [consistency]");
  EXPECT_NE(problems().find("probe 'concurrent-retries' names unknown point 'consistency'"),
            std::string::npos)
      << problems();
}

TEST_F(LoaderTest, ProbeTargetsUnknownPoint) {
  edit("when: missing:concurrency", "when: missing:locking");
  EXPECT_NE(problems().find("probe 'concurrent-retries' names unknown point 'locking'"),
            std::string::npos)
      << problems();
}

TEST_F(LoaderTest, SampleNamesUnknownPoint) {
  edit("  - band: partial\n    text:", "  - band: partial\n    covers: [nonsense]\n    text:");
  EXPECT_NE(problems().find("sample names unknown point 'nonsense'"), std::string::npos)
      << problems();
}

TEST_F(LoaderTest, EmptyMatchRule) {
  edit("      - \"idempotent same-effect\"\n", "      - \"\"\n");
  EXPECT_NE(problems().find("point 'definition': empty match rule"), std::string::npos)
      << problems();
}

TEST_F(LoaderTest, InvalidMatchRuleWindow) {
  edit("{all: \"idempotent side-effect\", within: sentence}",
       "{all: \"idempotent side-effect\", within: forever}");
  EXPECT_NE(problems().find("'within' must be clause, sentence, answer or a number"),
            std::string::npos)
      << problems();
}

TEST_F(LoaderTest, InvalidConceptNameInRule) {
  edit("      - \"idempotent same-effect\"\n", "      - \"Idempotent!\"\n");
  EXPECT_NE(problems().find("invalid concept name 'Idempotent!'"), std::string::npos) << problems();
}

TEST_F(LoaderTest, UnknownConceptInRule) {
  edit("      - \"idempotent same-effect\"\n", "      - \"idempotent flux-capacitor\"\n");
  EXPECT_NE(problems().find("unknown concept 'flux-capacitor'"), std::string::npos) << problems();
}

TEST_F(LoaderTest, UnknownArea) {
  edit("area: api", "area: apis");
  EXPECT_NE(problems().find(":2: api.idempotency: unknown area 'apis'"), std::string::npos)
      << problems();
}

TEST_F(LoaderTest, UnknownLevel) {
  edit("levels: [junior, mid, senior]", "levels: [junior, principal]");
  EXPECT_NE(problems().find("unknown level 'principal' (junior, mid, senior)"), std::string::npos)
      << problems();
}

TEST_F(LoaderTest, WeightOutOfRange) {
  edit("    weight: 3\n", "    weight: 9\n");
  EXPECT_NE(problems().find("point 'definition': weight 9 out of range (0, 5]"), std::string::npos)
      << problems();
}

TEST_F(LoaderTest, InvalidYamlReportsLine) {
  edit("prompt: >-", "prompt: [unclosed");
  auto p = problems();
  EXPECT_NE(p.find(file() + ":"), std::string::npos);
  EXPECT_NE(p.find("invalid YAML"), std::string::npos) << p;
}

TEST_F(LoaderTest, NeverCrashesOnGarbage) {
  testing::write_file(dir / "api/empty.yaml", "");
  testing::write_file(dir / "api/list.yaml", "- a\n- b\n");
  testing::write_file(dir / "api/binary.yaml", std::string("\x00\xff\xfe\x01garbage", 11));
  testing::write_file(dir / "api/deep.yaml", std::string(500, '[') + std::string(500, ']'));
  testing::write_file(dir / "api/scalar.yaml", "just a string\n");
  auto p = problems();
  EXPECT_NE(p.find("empty.yaml:0: file is empty"), std::string::npos) << p;
  EXPECT_NE(p.find("list.yaml:1: question: expected a mapping of fields"), std::string::npos) << p;
  EXPECT_NE(p.find("binary.yaml"), std::string::npos) << p;
  EXPECT_NE(p.find("scalar.yaml"), std::string::npos) << p;
  // The good question is still loaded.
  EXPECT_NE(bank::load_bank(dir.path()).bank.find("api.idempotency"), nullptr);
}

TEST_F(LoaderTest, LintReportsPointThatModelAnswerDoesNotEarn) {
  edit("red_flags:\n",
       "  - id: extra\n    weight: 1\n    text: Mentions PATCH.\n    match: "
       "[\"http-patch\"]\nred_flags:\n");
  EXPECT_NE(problems().find("point 'extra' does not fire on the model answer of api.idempotency"),
            std::string::npos)
      << problems();
}

TEST_F(LoaderTest, LintReportsRedFlagFiringOnModelAnswer) {
  edit("      - {all: \"http-post idempotent\", within: clause}", "      - \"idempotency-key\"");
  EXPECT_NE(problems().find("red flag 'post-idempotent' fires on the model answer"),
            std::string::npos)
      << problems();
}

TEST_F(LoaderTest, LintChecksContentGates) {
  edit("see_also: []", "see_also: [api.nothing-here]");
  edit("alternatives:\n", "alternatives: []\nx_alternatives:\n");
  auto p = problems();
  EXPECT_NE(p.find("see_also names unknown question 'api.nothing-here'"), std::string::npos) << p;
  EXPECT_NE(p.find("unknown field 'x_alternatives'"), std::string::npos) << p;
  EXPECT_NE(p.find("needs at least 2 alternative phrasings"), std::string::npos) << p;
}

TEST_F(LoaderTest, LintReportsEveryBrokenFile) {
  testing::write_file(dir / "db/broken-one.yaml", "id: db.broken-one\narea: db\n");
  testing::write_file(dir / "cache/broken-two.yaml", "id: [\n");
  auto p = problems();
  EXPECT_NE(p.find("db/broken-one.yaml:1: db.broken-one: missing required field 'topic'"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("cache/broken-two.yaml:"), std::string::npos) << p;
}

TEST_F(LoaderTest, LexiconErrors) {
  auto lex = dir / "lexicon/extra.yaml";
  testing::write_file(lex,
                      "concepts:\n  - id: retry\n    aliases: [again]\n  - id: Bad_Id\n"
                      "pronunciations:\n  kafka: \"K AA F K Q\"\n");
  auto p = problems();
  EXPECT_NE(p.find("extra.yaml:2: duplicate concept 'retry'"), std::string::npos) << p;
  EXPECT_NE(p.find("concept 'Bad_Id': id must be lower-case"), std::string::npos) << p;
  EXPECT_NE(p.find("'Q' is not an ARPAbet phone"), std::string::npos) << p;
}

TEST_F(LoaderTest, InterviewerLinesNeedThreePhrasings) {
  ASSERT_TRUE(testing::replace_in_file(dir / "interviewer.yaml",
                                       "  wait:\n    - \"Sure, take your time.\"\n", "  wait:\n"));
  ASSERT_TRUE(
      testing::replace_in_file(dir / "interviewer.yaml", "  closing_early:", "  closing_late:"));
  auto p = problems();
  EXPECT_NE(p.find("line 'wait' needs at least 3 phrasings (has 2)"), std::string::npos) << p;
  EXPECT_NE(p.find("interviewer lines: missing key 'closing_early'"), std::string::npos) << p;
}

// The line of the first line of `file` that contains `text` (1-based).
int line_of(const std::filesystem::path& file, const std::string& text) {
  std::string s = testing::read_file(file);
  auto at = s.find(text);
  EXPECT_NE(at, std::string::npos) << text;
  return 1 + static_cast<int>(std::count(s.begin(), s.begin() + static_cast<long>(at), '\n'));
}

TEST_F(LoaderTest, MalformedPhraseFilesNameFileAndLine) {
  auto analysis = dir / "language/analysis.yaml";
  auto grading = dir / "language/grading.yaml";
  auto intents = dir / "language/intents.yaml";
  ASSERT_TRUE(testing::replace_in_file(analysis, "negators: [not, no, never,",
                                       "negators: [not, No, never, not, \"sort of\","));
  ASSERT_TRUE(testing::replace_in_file(analysis, "\"i think\"", "\"i  think\""));
  ASSERT_TRUE(testing::replace_in_file(grading, "\nstopwords:", "\nstopword:"));
  ASSERT_TRUE(testing::replace_in_file(intents, "    max_words: 7", "    max_words: 0"));
  ASSERT_TRUE(
      testing::replace_in_file(intents, "\"what is meant by {term}\"", "\"{term} is meant\""));
  const std::string a = analysis.lexically_normal().string();
  const std::string g = grading.lexically_normal().string();
  const std::string i = intents.lexically_normal().string();
  const std::string neg = a + ":" + std::to_string(line_of(analysis, "  negators:")) + ": ";
  auto p = problems();
  EXPECT_NE(p.find(neg + "analysis words: 'negators' entry \"No\" must be lower-case words"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find(neg + "analysis words: 'negators' lists \"not\" twice"), std::string::npos) << p;
  EXPECT_NE(p.find(neg + "analysis words: 'negators' entry \"sort of\" must be a single word"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find(a + ":" + std::to_string(line_of(analysis, "\"i  think\"")) +
                   ": analysis words: 'hedges' entry \"i  think\" must be words separated by "
                   "single spaces"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find(g + ":" + std::to_string(line_of(grading, "stopword:")) +
                   ": grading words: unknown field 'stopword'"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("grading words: missing required field 'stopwords'"), std::string::npos) << p;
  EXPECT_NE(p.find(i + ":" + std::to_string(line_of(intents, "max_words: 0")) +
                   ": intent words request 'stop': 'max_words' must be a whole number of at "
                   "least 1"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("pattern \"{term} is meant\" must have words before '{term}'"),
            std::string::npos)
      << p;
  // The questions still load: a broken word list does not hide the rest.
  auto r = bank::load_bank(dir.path());
  EXPECT_EQ(r.bank.questions.size(), 1u);
  EXPECT_FALSE(bank::load_bank_strict(dir.path()));
}

TEST_F(LoaderTest, LanguageFilesMissingOrUnknown) {
  std::filesystem::remove(dir / "language/speech.yaml");
  testing::write_file(dir / "language/slang.yaml", "words: [gonna]\n");
  auto p = problems();
  EXPECT_NE(p.find((dir / "language/speech.yaml").lexically_normal().string() +
                   ":0: missing language file"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("slang.yaml:0: unknown language file"), std::string::npos) << p;
  std::filesystem::remove_all(dir / "language");
  EXPECT_NE(problems().find("language:0: missing language directory"), std::string::npos);
}

TEST_F(LoaderTest, MissingBankDirectory) {
  auto r = bank::load_bank(dir / "nope");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].message.find("bank directory not found"), std::string::npos);
}

}  // namespace
}  // namespace spar
