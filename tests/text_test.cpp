// The text layer: tokens, numbers, segmentation, negation and rule matching.
#include <gtest/gtest.h>

#include "testing.h"
#include "text/analyzer.h"
#include "text/matcher.h"
#include "text/numbers.h"

namespace spar::text {
namespace {

// The shipped word lists (bank/language/analysis.yaml).
const AnalysisWords& words() {
  return testing::shipped_language().analysis;
}

std::vector<Token> prep(const std::string& s) {
  auto t = tokenize(s);
  merge_numbers(t);
  segment(t, words().segmentation);
  return t;
}

std::string words(const std::vector<Token>& t) {
  std::string s;
  for (const auto& x : t) s += (s.empty() ? "" : " ") + x.text;
  return s;
}

TEST(Tokenizer, ExpandsContractionsAndFoldsCase) {
  EXPECT_EQ(words(prep("It ISN'T idempotent, we don’t retry")),
            "it is not idempotent we do not retry");
  EXPECT_EQ(words(prep("you can't and it won't")), "you can not and it will not");
  EXPECT_EQ(words(prep("isnt dont cannot")), "is not do not can not");
  EXPECT_EQ(words(prep("the server's cache")), "the server cache");
}

TEST(Tokenizer, KeepsOffsetsIntoOriginal) {
  std::string s = "Use  Redis, please";
  auto t = prep(s);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(s.substr(t[1].begin, t[1].end - t[1].begin), "Redis");
}

TEST(Tokenizer, FoldsUnicode) {
  EXPECT_EQ(words(prep("ＩＤＥＭＰＯＴＥＮＴ Café")), "idempotent cafe");
}

struct NumberCase {
  const char* text;
  double value;
  const char* unit;
  const char* per;
};

TEST(Numbers, SpokenAndWrittenForms) {
  const NumberCase cases[] = {
      {"4k", 4000, "", ""},
      {"10x", 10, "x", ""},
      {"ten x", 10, "x", ""},
      {"a million", 1e6, "", ""},
      {"two hundred thousand", 200000, "", ""},
      {"1.5 million", 1.5e6, "", ""},
      {"three terabytes", 3, "tb", ""},
      {"fifty milliseconds", 50, "ms", ""},
      {"99.9%", 99.9, "%", ""},
      {"40k qps", 40000, "qps", "s"},
      {"around 4k writes a second", 4000, "", "s"},
      {"100 million new links a month", 1e8, "", "month"},
      {"2.5GB", 2.5, "gb", ""},
      {"1,000,000 users", 1e6, "", ""},
      {"two hundred and fifty", 250, "", ""},
      {"one point five", 1.5, "", ""},
      {"half a million", 500000, "", ""},
  };
  for (const auto& c : cases) {
    auto t = prep(c.text);
    const Token* n = nullptr;
    for (const auto& x : t)
      if (x.kind == TokenKind::Number) {
        n = &x;
        break;
      }
    ASSERT_NE(n, nullptr) << c.text;
    EXPECT_DOUBLE_EQ(n->value, c.value) << c.text;
    EXPECT_EQ(n->unit, c.unit) << c.text;
    EXPECT_EQ(n->per, c.per) << c.text;
  }
}

TEST(Numbers, PronounOneAndWordsWithDigitsStayWords) {
  for (const char* s : {"the one that fails", "k8s and p99", "2pc is blocking", "3nf"}) {
    for (const auto& t : prep(s)) EXPECT_NE(t.kind, TokenKind::Number) << s << ": " << t.text;
  }
}

TEST(Segmenter, SplitsUnpunctuatedSpeech) {
  auto t = prep("first we check the key and then we charge the card also we store it");
  EXPECT_EQ(t.back().sentence, 2) << "first / and then / also";
  auto c = prep("we use a cache because reads dominate but it can go stale");
  EXPECT_EQ(c.back().sentence, 0);
  EXPECT_EQ(c.back().clause, 2);
}

TEST(Segmenter, TimeUnitsAreNotOrdinals) {
  EXPECT_EQ(prep("we need 100 thousand writes per second at peak").back().sentence, 0);
  EXPECT_EQ(prep("about 40 a second in the first minute").back().sentence, 0);
  EXPECT_EQ(prep("we store it second we shard it").back().sentence, 1);
  EXPECT_EQ(prep("a wildcard is ok for public data").back().sentence, 0);
  EXPECT_EQ(prep("we cache it okay now the writes").back().sentence, 1);
}

TEST(Segmenter, UsesPunctuationAndPauses) {
  auto t = prep("One. Two? Three!");
  EXPECT_EQ(t.back().sentence, 2);
  Lexicon lex;
  Analyzer an(&lex, words());
  std::vector<WordTiming> times = {{"we", 0, 0.2}, {"shard", 0.3, 0.6}, {"it", 2.0, 2.2}};
  auto a = an.analyze("we shard it", &times);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->timed);
  EXPECT_EQ(a->tokens[2].sentence, 1) << "a 1.4 s pause ends a sentence";
}

class MatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(lex.add({"cache", {"cache", "redis"}, "t"}));
    ASSERT_TRUE(lex.add({"idempotent", {"idempotent", "safe to retry"}, "t"}));
    ASSERT_TRUE(lex.add({"http-post", {"post"}, "t"}));
    ASSERT_TRUE(lex.add({"retry", {"retry", "send ... again"}, "t"}));
    ASSERT_TRUE(lex.add({"stale", {"stale", "out of date"}, "t"}));
    Stemmer st;
    lex.compile(st);
  }
  Rule rule(std::vector<std::pair<std::string, bool>> terms, Scope scope = Scope::Sentence,
            int span = 0) {
    Rule r;
    for (auto& [c, neg] : terms) r.all.push_back(Term{{lex.find(c)}, neg});
    r.scope = scope;
    r.max_span = span;
    return r;
  }
  std::optional<RuleHit> match(const Rule& r, const std::string& text) {
    Analyzer an(&lex, words());
    auto a = an.analyze(text);
    EXPECT_TRUE(a);
    last = *a;
    return match_rule(r, *a);
  }
  Lexicon lex;
  Analysis last;
};

TEST_F(MatchTest, NegationScope) {
  auto cache = rule({{"cache", false}});
  EXPECT_FALSE(match(cache, "I would not put a cache here"));
  EXPECT_TRUE(match(cache, "I would put a cache here"));
  EXPECT_TRUE(match(cache, "not only do we cache it we also shard"));
  auto post_not = rule({{"http-post", false}, {"idempotent", true}});
  EXPECT_TRUE(match(post_not, "post isn't idempotent"));
  EXPECT_FALSE(match(post_not, "post is idempotent"));
  auto post_is = rule({{"http-post", false}, {"idempotent", false}});
  EXPECT_FALSE(match(post_is, "a post is not idempotent"));
  EXPECT_TRUE(match(post_is, "a post is idempotent"));
}

TEST_F(MatchTest, NegatorInsideAnAliasStillNegatesWhatFollows) {
  Lexicon lex2;
  ASSERT_TRUE(lex2.add({"no-need", {"does not need"}, "t"}));
  ASSERT_TRUE(lex2.add({"cache", {"cache"}, "t"}));
  Stemmer st;
  lex2.compile(st);
  Analyzer an(&lex2, words());
  auto a = an.analyze("it does not need a cache");
  ASSERT_TRUE(a);
  ASSERT_EQ(a->occurrences.size(), 2u);
  EXPECT_FALSE(a->occurrences[0].negated);
  EXPECT_TRUE(a->occurrences[1].negated);
}

TEST_F(MatchTest, NegationStopsAtClauseBoundary) {
  auto cache = rule({{"cache", false}});
  EXPECT_TRUE(match(cache, "it is not slow because we cache"));
}

TEST_F(MatchTest, AliasesStemAndGap) {
  auto r = rule({{"retry", false}});
  EXPECT_TRUE(match(r, "the client retried"));
  EXPECT_TRUE(match(r, "it will send the request again"));
  EXPECT_FALSE(match(r, "it will send one two three four again"));
}

TEST_F(MatchTest, WindowsAndEvidence) {
  auto r = rule({{"cache", false}, {"stale", false}});
  EXPECT_TRUE(match(r, "the redis copy can be out of date"));
  EXPECT_EQ(last.quote(match(r, "the redis copy can be out of date")->first,
                       match(r, "the redis copy can be out of date")->last),
            "redis copy can be out of date");
  EXPECT_FALSE(match(r, "we use redis. the page is stale"));
  auto answer = rule({{"cache", false}, {"stale", false}}, Scope::Answer);
  EXPECT_TRUE(match(answer, "we use redis. the page is stale"));
  auto near = rule({{"cache", false}, {"stale", false}}, Scope::Answer, 4);
  EXPECT_FALSE(match(near, "we use redis and many other things then it is stale"));
}

TEST(Lexicon, NumericAliasesMatchEveryForm) {
  Lexicon lex;
  ASSERT_TRUE(lex.add({"million-users", {"1000000 users"}, "t"}));
  ASSERT_TRUE(lex.add({"ten-x", {"10x"}, "t"}));
  Stemmer st;
  lex.compile(st);
  Analyzer an(&lex, words());
  for (const char* s : {"a million users", "1,000,000 users", "1m users", "one million users"}) {
    auto a = an.analyze(s);
    ASSERT_TRUE(a);
    ASSERT_EQ(a->occurrences.size(), 1u) << s;
  }
  for (const char* s : {"ten x", "10x", "10 times"}) {
    auto a = an.analyze(std::string("traffic grows ") + s);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->occurrences.size(), 1u) << s;
  }
}

TEST_F(MatchTest, HedgedHit) {
  auto r = rule({{"cache", false}});
  auto h = match(r, "maybe a cache");
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->hedged);
}

TEST(Analyzer, RejectsInvalidUtf8WithOffset) {
  Lexicon lex;
  Analyzer an(&lex, words());
  auto a = an.analyze(std::string("ok \xff\xfe bad"));
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().find("offset 3"), std::string::npos) << a.error();
}

TEST(Analyzer, CapsHugeInput) {
  Lexicon lex;
  Analyzer an(&lex, words());
  std::string big;
  while (big.size() < 1024 * 1024) big += "word ";
  auto a = an.analyze(big);
  ASSERT_TRUE(a);
  EXPECT_LE(a->text.size(), kMaxAnswerBytes);
}

}  // namespace
}  // namespace spar::text
