// The grader: bands of the bank's own samples, ordering properties, keyword
// stuffing, misconceptions, negation, and every bad input.
#include "assess/grader.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "assess/reference.h"
#include "assess/samples.h"
#include "bank/loader.h"
#include "testing.h"

namespace spar::assess {
namespace {

const bank::Bank& real_bank() {
  return testing::shipped_bank();
}

double score(const bank::Question& q, const std::string& answer) {
  Grader g(real_bank());
  auto r = g.grade(q, answer);
  EXPECT_TRUE(r) << r.error();
  return r ? r->score : -1;
}

const bank::Question& idem() {
  const auto* q = real_bank().find("api.idempotency");
  EXPECT_NE(q, nullptr);
  return *q;
}

TEST(Grader, EverySampleLandsInItsBand) {
  auto problems = check_samples(real_bank());
  for (const auto& p : problems) ADD_FAILURE() << p.str();
}

// The word lists are data: editing bank/language changes what is graded.
TEST(LanguageData, AFillerAddedToTheBankIsCounted) {
  testing::TempDir dir;
  testing::make_example_bank(dir.path());
  const std::string answer =
      "honestly an idempotent endpoint can take the same request again with the same effect";
  auto fillers = [&] {
    auto b = bank::load_bank_strict(dir.path());
    EXPECT_TRUE(b) << b.error();
    Grader g(*b);
    auto r = g.grade(*b->find("api.idempotency"), answer);
    EXPECT_TRUE(r) << r.error();
    return r->clarity.fillers;
  };
  EXPECT_EQ(fillers(), 0);
  ASSERT_TRUE(testing::replace_in_file(dir / "language/grading.yaml", "  phrases: [um,",
                                       "  phrases: [honestly, um,"));
  EXPECT_EQ(fillers(), 1);
}

TEST(LanguageData, ANegatorAddedToTheBankNegates) {
  testing::TempDir dir;
  testing::make_example_bank(dir.path());
  auto negated = [&] {
    auto b = bank::load_bank_strict(dir.path());
    EXPECT_TRUE(b) << b.error();
    text::Analyzer an(&b->lexicon, b->language.analysis);
    auto a = an.analyze("the endpoint is hardly idempotent");
    EXPECT_TRUE(a && !a->occurrences.empty());
    return a->occurrences.back().negated;
  };
  EXPECT_FALSE(negated());
  ASSERT_TRUE(testing::replace_in_file(dir / "language/analysis.yaml", "negators: [not,",
                                       "negators: [hardly, not,"));
  EXPECT_TRUE(negated());
}

TEST(Grader, StrongOutscoresPartialOutscoresWeak) {
  Grader g(real_bank());
  for (const auto& q : real_bank().questions) {
    double best[4] = {-1, -1, -1, -1}, worst[4] = {101, 101, 101, 101};
    for (const auto& s : q.samples) {
      auto r = g.grade(q, s.text);
      ASSERT_TRUE(r);
      int b = static_cast<int>(s.band);
      best[b] = std::max(best[b], r->score);
      worst[b] = std::min(worst[b], r->score);
    }
    for (int lo = 0; lo < 4; ++lo) {
      for (int hi = lo + 1; hi < 4; ++hi) {
        if (best[lo] < 0 || worst[hi] > 100) continue;
        EXPECT_LT(best[lo], worst[hi]) << q.id << ": a " << bank::to_string(bank::Band(lo))
                                       << " sample outscores a " << bank::to_string(bank::Band(hi));
      }
    }
  }
}

TEST(Grader, AddingACorrectPointNeverLowersTheScore) {
  Grader g(real_bank());
  int checked = 0;
  for (const auto& q : real_bank().questions) {
    auto model = g.grade(q, q.model_answer);
    ASSERT_TRUE(model);
    for (const auto& s : q.samples) {
      if (s.band == bank::Band::Strong) continue;
      auto base = g.grade(q, s.text);
      ASSERT_TRUE(base);
      for (size_t i = 0; i < base->points.size(); ++i) {
        if (base->points[i].hit || !model->points[i].hit) continue;
        std::string more = s.text + ". " + model->points[i].evidence + ".";
        auto better = g.grade(q, more);
        ASSERT_TRUE(better);
        EXPECT_GE(better->score, base->score)
            << q.id << ": adding the sentence for '" << base->points[i].id << "' lowered the score";
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 0);
}

TEST(Grader, KeywordListScoresLow) {
  Grader g(real_bank());
  auto r = g.grade(idem(),
                   "idempotent idempotency key uuid dedupe unique constraint transaction ttl "
                   "409 conflict post put delete stored response concurrent lock");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->keyword_list);
  EXPECT_EQ(r->band, bank::Band::Weak) << r->score;
}

TEST(Grader, ConfidentMisconceptionCapsScore) {
  Grader g(real_bank());
  std::string good = idem().model_answer;
  auto r = g.grade(idem(), "POST is idempotent. " + good);
  ASSERT_TRUE(r);
  ASSERT_FALSE(r->red_flags.empty());
  EXPECT_LE(r->score, 50);
  EXPECT_NE(r->red_flags[0].evidence.find("POST is idempotent"), std::string::npos);
  auto taken_back = g.grade(idem(), "POST is idempotent. sorry, actually no it is not. " + good);
  ASSERT_TRUE(taken_back);
  EXPECT_GT(taken_back->score, 50) << "a misconception the candidate corrects is not capped";
}

TEST(Grader, NegatedConceptsEarnNothing) {
  double with = score(idem(), "the client sends an idempotency key with every retry");
  double without = score(idem(), "the client does not send an idempotency key with every retry");
  EXPECT_GT(with, without);
}

TEST(Grader, EvidenceQuotesTheCandidate) {
  Grader g(real_bank());
  std::string answer = "So basically the client makes a UUID per payment and resends it on retry.";
  auto r = g.grade(idem(), answer);
  ASSERT_TRUE(r);
  bool found = false;
  for (const auto& p : r->points)
    if (p.id == "idempotency-key" && p.hit) {
      found = true;
      EXPECT_NE(answer.find(p.evidence), std::string::npos) << p.evidence;
    }
  EXPECT_TRUE(found);
}

TEST(Grader, BadInputs) {
  Grader g(real_bank());
  auto empty = g.grade(idem(), "");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->score, 0);
  EXPECT_EQ(empty->notes.at(0), "the answer was empty");
  auto spaces = g.grade(idem(), "   \n\t  ");
  ASSERT_TRUE(spaces);
  EXPECT_EQ(spaces->band, bank::Band::Weak);
  auto fillers = g.grade(idem(), "um uh er um basically");
  ASSERT_TRUE(fillers);
  EXPECT_EQ(fillers->band, bank::Band::Weak);
  EXPECT_EQ(fillers->notes.at(0), "the answer contained only filler words");
  auto bad = g.grade(idem(), std::string("idempotent \xc3\x28 key"));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("not valid UTF-8"), std::string::npos);
  std::string huge;
  while (huge.size() < 1024 * 1024) huge += idem().model_answer + " ";
  auto big = g.grade(idem(), huge);
  ASSERT_TRUE(big);
  ASSERT_FALSE(big->notes.empty());
  EXPECT_NE(big->notes.back().find("only the first 64 KiB were graded"), std::string::npos);
}

TEST(Grader, ClarityCountsFillersHedgesAndPace) {
  Grader g(real_bank());
  std::string text = "um so like the client you know sends a key and maybe we store it";
  std::vector<text::WordTiming> t;
  double at = 0;
  std::istringstream in(text);
  std::string w;
  while (in >> w) {
    t.push_back({w, at, at + 0.3});
    at += 0.4;
  }
  auto r = g.grade(idem(), text, &t);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->clarity.fillers, 3);  // um, like, you know
  EXPECT_EQ(r->clarity.hedges, 1);   // maybe
  EXPECT_GT(r->clarity.words_per_minute, 100);
  EXPECT_EQ(r->clarity.long_pauses, 0);
}

// ---- Judgement: claims, assertions, credit (issue 15) ----------------------

const bank::Question& find(const std::string& id) {
  const auto* q = real_bank().find(id);
  EXPECT_NE(q, nullptr) << id;
  return *q;
}

// The ids of misconceptions (red flags and wrong claims) stated and not taken back.
std::set<std::string> wrongs(const std::string& qid, const std::string& answer) {
  Grader g(real_bank());
  auto r = g.grade(find(qid), answer);
  EXPECT_TRUE(r) << r.error();
  std::set<std::string> out;
  if (r)
    for (const auto& f : r->red_flags)
      if (!f.retracted) out.insert(f.id);
  return out;
}

TEST(Judgement, WrongValueCaughtInWordingNoRuleForesaw) {
  EXPECT_TRUE(wrongs("db.isolation-levels",
                     "out of the box postgres gives every transaction serializable isolation")
                  .count("claim:pg-default-isolation"));
  EXPECT_TRUE(wrongs("cache.redis", "redis spreads command execution over many threads in parallel")
                  .count("claim:redis-threading"));
  EXPECT_TRUE(wrongs("queue.ordering", "a kafka topic hands out messages in one global order")
                  .count("claim:kafka-ordering"));
  // The right value, a denied wrong value, and a denied right value.
  EXPECT_TRUE(wrongs("db.isolation-levels", "postgres defaults to read committed").empty());
  EXPECT_TRUE(wrongs("db.isolation-levels", "postgres defaults to read committed, not serializable")
                  .empty());
  EXPECT_TRUE(wrongs("db.isolation-levels", "by default postgres is not read committed")
                  .count("claim:pg-default-isolation"));
}

TEST(Judgement, DescribingOrRefutingAMisconceptionDoesNotAssertIt) {
  for (const std::string a :
       {"many people assume postgres defaults to serializable, but it is read committed",
        "it is a myth that a jwt is encrypted, it is signed",
        "unlike udp based protocols grpc runs over http/2 on tcp"})
    EXPECT_TRUE(wrongs("db.isolation-levels", a).empty()) << a;
  EXPECT_TRUE(wrongs("api.idempotency", "a common mistake is thinking post is idempotent").empty());
}

TEST(Judgement, NegationReachesAcrossFillersAndPronouns) {
  EXPECT_TRUE(wrongs("db.indexing", "you really don't, uh, index every column").empty());
  // "kind of" after a determiner is a noun, not a hedge.
  Grader g(real_bank());
  auto r = g.grade(find("cache.ttl"), "each kind of data gets its own ttl");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->clarity.hedges, 0);
}

TEST(Judgement, AliasOfAnotherWordFormDoesNotTriggerAMisconception) {
  EXPECT_TRUE(
      wrongs("api.idempotency", "each post carries an idempotency key that the server remembers")
          .empty());
}

TEST(Judgement, ASentenceWithAWrongClaimEarnsNothingOnItsPoints) {
  const auto& q = find("db.isolation-levels");
  Grader g(real_bank());
  auto right = g.grade(q, "postgres defaults to read committed");
  auto wrong = g.grade(q, "postgres defaults to serializable");
  ASSERT_TRUE(right && wrong);
  EXPECT_LE(wrong->coverage, right->coverage);
  for (const auto& p : wrong->points)
    EXPECT_FALSE(p.hit && p.evidence.find("serializable") != std::string::npos)
        << p.id << " credited a wrong claim";
}

TEST(Judgement, SelfCorrectionLiftsTheCapAndIsReported) {
  const auto& q = find("db.isolation-levels");
  Grader g(real_bank());
  auto r =
      g.grade(q,
              "postgres defaults to serializable. hmm no, I was wrong there, postgres defaults "
              "to read committed");
  ASSERT_TRUE(r);
  bool seen = false;
  for (const auto& f : r->red_flags)
    if (f.id == "claim:pg-default-isolation") {
      seen = true;
      EXPECT_TRUE(f.retracted);
    }
  EXPECT_TRUE(seen);
  for (const auto& n : r->notes) EXPECT_EQ(n.find("capped"), std::string::npos) << n;
}

TEST(Judgement, ClaimsAppearInTheJson) {
  Grader g(real_bank());
  auto r = g.grade(find("cache.redis"), "redis runs commands on a single thread");
  ASSERT_TRUE(r);
  auto j = to_json(*r);
  ASSERT_TRUE(j.contains("claims"));
  ASSERT_FALSE(j["claims"].empty());
  EXPECT_EQ(j["claims"][0]["id"], "redis-threading");
  EXPECT_TRUE(j["claims"][0]["right"].get<bool>());
}

TEST(ReferenceMode, CoversReferenceTermsAndDemotesQuestionWords) {
  ReferenceGrader rg(real_bank());
  std::string q = "What is the purpose of the TCP three-way handshake?";
  std::string ref =
      "It synchronises the initial sequence numbers of both sides and confirms "
      "that each side can send and receive before data flows.";
  auto good = rg.grade(q, {ref},
                       "both ends agree on initial sequence numbers and confirm they "
                       "can send and receive");
  auto echo = rg.grade(q, {ref}, "the tcp three way handshake has a purpose");
  ASSERT_TRUE(good);
  ASSERT_TRUE(echo);
  EXPECT_GT(good->score, echo->score + 30);
}

}  // namespace
}  // namespace spar::assess
