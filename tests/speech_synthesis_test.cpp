// The speech layer, speaking and turn-taking: synthesis with respellings and
// pronunciations, and endpointing (thinking pauses, "I'm done", the live loop).
#include <gtest/gtest.h>

#include <cmath>

#include "bank/loader.h"
#include "speech/endpointer.h"
#include "speech/recognizer.h"
#include "speech/synthesizer.h"
#include "speech/wav.h"
#include "speech_testing.h"
#include "testing.h"

namespace spar {
namespace {

namespace sp = speech;

// The shipped done phrases (bank/language/speech.yaml).
const std::vector<std::string>& done() {
  return testing::shipped_language().done_phrases;
}

const auto* const cache_env = ::testing::AddGlobalTestEnvironment(new testing::detail::CacheEnv);

const bank::Bank& shipped_bank() {
  static bank::Bank b = bank::load_bank(testing::source_bank()).bank;
  return b;
}

// ---- Synthesis -------------------------------------------------------------

TEST(Synthesizer, AppliesRespellingsToWholeWords) {
  auto s = sp::Synthesizer::create({"slt", shipped_bank().respellings});
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ((*s)->prepare("We return JSON, json's fields and use NoSQL; JSONB stays."),
            "We return jay-son, jay-son's fields and use no sequel; JSONB stays.");
  auto unknown = sp::Synthesizer::create({"hal9000", {}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error(), "unknown voice 'hal9000' (voices: slt, rms, kal, awb)");
}

TEST(Synthesizer, StreamsSentenceBySentence) {
  auto s = sp::Synthesizer::create({"rms", {}});
  ASSERT_TRUE(s.ok()) << s.error();
  std::vector<size_t> chunks;
  auto st = (*s)->speak("First, the cache. Then the database! Finally the queue?",
                        [&](std::span<const int16_t> pcm) {
                          chunks.push_back(pcm.size());
                          return true;
                        });
  ASSERT_TRUE(st.ok()) << st.error();
  // The audio streams out while flite works: several chunks per sentence.
  ASSERT_GT(chunks.size(), 3u);
  size_t total = 0;
  for (size_t n : chunks) total += n;
  EXPECT_GT(total, size_t(3 * 0.5 * sp::kSampleRate));
  // Returning false stops after the first chunk.
  int calls = 0;
  ASSERT_TRUE((*s)->speak("One. Two. Three.", [&](auto) { return ++calls < 1; }).ok());
  EXPECT_EQ(calls, 1);
}

TEST(Synthesizer, RespellingChangesWhatIsSaid) {
  auto with = sp::Synthesizer::create({"slt", {{"JSON", "jay-son"}}});
  auto without = sp::Synthesizer::create({"slt", {}});
  ASSERT_TRUE(with.ok() && without.ok());
  auto a = (*with)->synthesize("JSON");
  auto b = (*without)->synthesize("JSON");  // flite spells it: J, S, O, N
  auto c = (*without)->synthesize("jay-son");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  // flite adds random excitation noise, so compare durations: the respelled
  // word is as long as "jay-son", not as long as flite spelling JSON out.
  EXPECT_NEAR(double(a->size()), double(c->size()), 0.02 * double(c->size()));
  EXPECT_GT(std::abs(double(a->size()) - double(b->size())), 0.1 * double(c->size()));
}

TEST(Synthesizer, SaysJargonWithTheBankPronunciations) {
  // flite's own guess for "redis" is R IY D IH S; the bank says R EH D IH S.
  auto s = sp::Synthesizer::create({"slt", {}, {{"redis", "R EH D IH S"}}});
  ASSERT_TRUE(s.ok()) << s.error();
  EXPECT_EQ((*s)->phones("Redis"), "R EH D IH S");
  auto bad = sp::Synthesizer::create({"slt", {}, {{"redis", "R EH D Q S"}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error(), "pronunciation of 'redis': flite has no phone 'q'");
  auto plain = sp::Synthesizer::create({"slt", {}, {}});
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ((*plain)->phones("Redis"), "R IY D IH S");
}

// ---- Endpointing -----------------------------------------------------------

// Speech, `pause` seconds of quiet background noise, speech, then 4 s of
// background: the times (s) at which the endpointer ended the turn, or -1.
double end_time(const sp::Pcm& speech, double pause, sp::Endpointer& ep, double* speech_end) {
  sp::Pcm audio;
  auto noise = [&](double seconds) {
    for (size_t i = 0; i < size_t(seconds * sp::kSampleRate); ++i)
      audio.push_back(int16_t((i * 7919 % 61) - 30));  // about -60 dBFS
  };
  noise(0.5);
  audio.insert(audio.end(), speech.begin(), speech.end());
  noise(pause);
  audio.insert(audio.end(), speech.begin(), speech.end());
  *speech_end = double(audio.size()) / sp::kSampleRate;
  noise(4.0);
  for (size_t at = 0; at < audio.size(); at += 320) {  // 20 ms chunks
    if (ep.feed(std::span<const int16_t>(audio).subspan(
            at, std::min<size_t>(320, audio.size() - at))) == sp::TurnState::Ended)
      return double(at + 320) / sp::kSampleRate;
  }
  return -1;
}

TEST(Endpointer, ThinkingPauseStaysInsideTheTurn) {
  auto s = sp::Synthesizer::create({"slt", {}});
  ASSERT_TRUE(s.ok());
  auto speech = (*s)->synthesize("The client sends an idempotency key with each request.");
  ASSERT_TRUE(speech.ok());
  sp::Endpointer ep;  // default thinking time 2.5 s
  double speech_end = 0;
  double ended = end_time(*speech, 2.0, ep, &speech_end);
  ASSERT_GT(ended, 0) << "the turn never ended";
  // Not during the 2 s pause: only after the second sentence plus 2.5 s.
  EXPECT_GT(ended, speech_end + 2.3);
  EXPECT_LT(ended, speech_end + 2.9);
  EXPECT_EQ(ep.reason(), sp::EndReason::Silence);
  EXPECT_NEAR(ep.speech_end(), speech_end, 0.3);

  // A pause longer than the thinking time ends the turn after the first sentence.
  sp::Endpointer hasty;
  double first_end = 0;
  double cut = end_time(*speech, 3.0, hasty, &first_end);
  EXPECT_GT(cut, 0);
  EXPECT_LT(cut, first_end - double(speech->size()) / sp::kSampleRate);
}

TEST(Endpointer, ImDoneEndsTheTurnAndIsStripped) {
  EXPECT_TRUE(sp::ends_with_done_phrase("so that is my answer i'm done", done()));
  EXPECT_TRUE(sp::ends_with_done_phrase("I am done.", done()));
  EXPECT_FALSE(sp::ends_with_done_phrase("i'm done with the cache part and then", done()));
  sp::Hypothesis h;
  for (const char* w : {"use", "a", "lock", "i'm", "done"}) h.words.push_back({w, 0, 0, 1});
  h.text = "use a lock i'm done";
  sp::strip_done_phrase(h, done());
  EXPECT_EQ(h.text, "use a lock");
  EXPECT_EQ(h.words.size(), 3u);
}

// The done phrases are data: one added to bank/language ends a turn.
TEST(Endpointer, ADonePhraseAddedToTheBankEndsTheTurn) {
  testing::TempDir dir;
  testing::make_example_bank(dir.path());
  ASSERT_TRUE(testing::replace_in_file(dir / "language/speech.yaml", "\"i am done\"",
                                       "\"i am done\", \"that is all\""));
  bank::Diagnostics problems;
  auto words = bank::load_language(dir.path(), problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_FALSE(sp::ends_with_done_phrase("we shard by user id and that is all", done()));
  EXPECT_TRUE(sp::ends_with_done_phrase("we shard by user id and that is all", words.done_phrases));
  sp::Hypothesis h;
  for (const char* w : {"we", "shard", "that", "is", "all"}) h.words.push_back({w, 0, 0, 1});
  sp::strip_done_phrase(h, words.done_phrases);
  EXPECT_EQ(h.text, "we shard");
}

// The live loop: audio into the recogniser and the endpointer together; the
// recogniser hears "I'm done" and the endpointer ends the turn early.
TEST(Endpointer, LiveLoopEndsOnImDone) {
  auto rec = sp::Recognizer::create(shipped_bank());
  ASSERT_TRUE(rec.ok()) << rec.error();
  auto synth = sp::Synthesizer::create({"rms", {}});
  ASSERT_TRUE(synth.ok());
  auto speech = (*synth)->synthesize("I would put a cache in front of the database. I'm done.");
  ASSERT_TRUE(speech.ok());
  sp::Pcm audio = *speech;
  audio.resize(audio.size() + 3 * sp::kSampleRate, 0);  // then silence
  sp::EndpointerConfig config;
  config.done_phrases = done();
  sp::Endpointer ep(config);
  ASSERT_TRUE((*rec)->start().ok());
  double ended = -1;
  for (size_t at = 0; at < audio.size(); at += 1600) {
    auto chunk =
        std::span<const int16_t>(audio).subspan(at, std::min<size_t>(1600, audio.size() - at));
    ASSERT_TRUE((*rec)->feed(chunk).ok());
    ep.note_hypothesis((*rec)->partial().text);
    if (ep.feed(chunk) == sp::TurnState::Ended) {
      ended = double(at + chunk.size()) / sp::kSampleRate;
      break;
    }
  }
  auto final = (*rec)->finish();
  ASSERT_TRUE(final.ok()) << final.error();
  EXPECT_EQ(ep.reason(), sp::EndReason::DonePhrase) << final->text;
  EXPECT_LT(ended, double(speech->size()) / sp::kSampleRate + 1.5);
  sp::strip_done_phrase(*final, done());
  EXPECT_NE(final->text.find("cache"), std::string::npos) << final->text;
  EXPECT_EQ(final->text.find("done"), std::string::npos) << final->text;
}

}  // namespace
}  // namespace spar
