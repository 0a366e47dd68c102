// Linter details that need no bank fixture: estimate formulas.
#include "bank/lint.h"

#include <gtest/gtest.h>

#include "bank/formula.h"
#include "text/word_count.h"

namespace spar::bank {
namespace {

std::optional<double> facts(const std::string& n) {
  if (n == "links_per_month") return 100e6;
  if (n == "bytes_per_link") return 500;
  return std::nullopt;
}

TEST(Formula, EvaluatesOverFacts) {
  auto v = evaluate_formula("links_per_month / (30 * 86400)", facts);
  ASSERT_TRUE(v);
  EXPECT_NEAR(*v, 38.58, 0.01);
  auto s = evaluate_formula("links_per_month * 12 * 5 * bytes_per_link / 10^12", facts);
  ASSERT_TRUE(s);
  EXPECT_NEAR(*s, 3.0, 1e-9);
  EXPECT_DOUBLE_EQ(*evaluate_formula("-2 + 3 * 4", facts), 10);
}

TEST(Formula, ClearErrors) {
  auto unknown = evaluate_formula("links_per_day * 2", facts);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error(), "unknown name 'links_per_day' at column 1");
  EXPECT_FALSE(evaluate_formula("(1 + 2", facts));
  EXPECT_FALSE(evaluate_formula("1 / 0", facts));
  EXPECT_FALSE(evaluate_formula("2 $ 3", facts));
  EXPECT_FALSE(evaluate_formula("", facts));
}

TEST(WordCount, CountsWhitespaceSeparatedWords) {
  EXPECT_EQ(text::word_count("  one two\nthree  "), 3);
  EXPECT_EQ(text::word_count("one\ttwo\r\n"), 2);
  EXPECT_EQ(text::word_count(""), 0);
}

}  // namespace
}  // namespace spar::bank
