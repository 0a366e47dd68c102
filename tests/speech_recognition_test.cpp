// The speech layer, listening: WAV input and its errors, the LM and dictionary
// builders, the model cache, rejoining jargon, and round trips through real
// audio (spar say -> spar transcribe).
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "bank/loader.h"
#include "speech/corpus.h"
#include "speech/dictionary.h"
#include "speech/models.h"
#include "speech/ngram.h"
#include "speech/recognizer.h"
#include "speech/wav.h"
#include "speech_testing.h"
#include "testing.h"

namespace spar {
namespace {

namespace sp = speech;
using testing::run_spar;
using testing::TempDir;

const auto* const cache_env = ::testing::AddGlobalTestEnvironment(new testing::detail::CacheEnv);

sp::Pcm tone(double seconds, double hz, double amplitude = 0.3, int rate = sp::kSampleRate) {
  sp::Pcm out(size_t(seconds * rate));
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = int16_t(amplitude * 32767 * std::sin(2 * M_PI * hz * double(i) / rate));
  return out;
}

int zero_crossings(const sp::Pcm& p) {
  int n = 0;
  for (size_t i = 1; i < p.size(); ++i) n += (p[i - 1] < 0) != (p[i] < 0);
  return n;
}

// ---- WAV input -----------------------------------------------------------

TEST(Wav, CanonicalFileRoundTripsExactly) {
  auto pcm = tone(0.5, 440);
  auto r = sp::parse_wav(sp::wav_bytes(pcm), "a.wav");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->samples, pcm);
  EXPECT_TRUE(r->notes.empty());
}

TEST(Wav, NotAudioIsRejectedNamingTheFile) {
  TempDir dir;
  testing::write_file(dir / "answer.wav", "this is a text file, not audio\n");
  auto r = sp::read_wav(dir / "answer.wav");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find((dir / "answer.wav").string()), std::string::npos) << r.error();
  EXPECT_NE(r.error().find("not a WAV file"), std::string::npos) << r.error();
  auto missing = sp::read_wav(dir / "nope.wav");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("nope.wav: cannot open"), std::string::npos) << missing.error();
}

TEST(Wav, CorruptHeaderIsRejected) {
  std::string bytes = sp::wav_bytes(tone(0.1, 440));
  std::string zero_channels = bytes;
  zero_channels[22] = 0;  // channel count
  auto r = sp::parse_wav(zero_channels, "bad.wav");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "bad.wav: corrupt header: 0 channels");
  std::string bad_align = bytes;
  bad_align[32] = 7;  // block align
  auto a = sp::parse_wav(bad_align, "bad.wav");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().find("corrupt header: block align 7"), std::string::npos) << a.error();
  std::string compressed = bytes;
  compressed[20] = 2;  // ADPCM
  auto c = sp::parse_wav(compressed, "adpcm.wav");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().find("adpcm.wav: unsupported encoding 2"), std::string::npos) << c.error();
}

TEST(Wav, TruncatedFileIsRejected) {
  std::string bytes = sp::wav_bytes(tone(1.0, 440));
  auto r = sp::parse_wav(std::string_view(bytes).substr(0, bytes.size() / 2), "cut.wav");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("cut.wav: truncated: the header promises 32000 bytes"),
            std::string::npos)
      << r.error();
  auto header_only = sp::parse_wav(std::string_view(bytes).substr(0, 30), "stub.wav");
  ASSERT_FALSE(header_only.ok());
  EXPECT_NE(header_only.error().find("stub.wav: corrupt header"), std::string::npos)
      << header_only.error();
}

TEST(Wav, OtherRatesAreResampledTo16k) {
  auto pcm = tone(1.0, 1000, 0.3, 44100);
  auto r = sp::parse_wav(sp::wav_bytes(pcm, 44100), "cd.wav");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_NEAR(double(r->samples.size()), 16000, 2);
  EXPECT_NEAR(zero_crossings(r->samples), 2000, 4);  // still 1 kHz
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_EQ(r->notes[0], "cd.wav: resampled from 44100 Hz to 16000 Hz");
  // 8 kHz telephone audio goes up.
  auto up = sp::parse_wav(sp::wav_bytes(tone(0.5, 300, 0.3, 8000), 8000), "phone.wav");
  ASSERT_TRUE(up.ok());
  EXPECT_NEAR(double(up->samples.size()), 8000, 2);
  EXPECT_NEAR(zero_crossings(up->samples), 300, 4);
}

TEST(Wav, StereoIsMixedDown) {
  auto left = tone(0.25, 500);
  sp::Pcm interleaved;
  for (int16_t s : left) interleaved.push_back(s), interleaved.push_back(0);
  auto r = sp::parse_wav(sp::wav_bytes(interleaved, 16000, 2), "stereo.wav");
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->samples.size(), left.size());
  EXPECT_NEAR(r->samples[40], left[40] / 2, 1);  // the average of both channels
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_EQ(r->notes[0], "stereo.wav: 2 channels mixed down to mono");
}

TEST(Wav, OverLongFileIsCappedAtTenMinutes) {
  sp::Pcm eleven_minutes(size_t(11 * 60 * 16000), 0);
  auto r = sp::parse_wav(sp::wav_bytes(eleven_minutes), "long.wav");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->samples.size(), size_t(600 * 16000));
  EXPECT_DOUBLE_EQ(r->original_seconds, 660);
  ASSERT_EQ(r->notes.size(), 1u);
  EXPECT_EQ(r->notes[0], "long.wav: 660.0 s of audio; only the first 600.0 s are used");
}

TEST(Wav, OtherSampleFormatsAreRead) {
  // 24-bit integer and 32-bit float, written by hand.
  auto header = [](int format, int bits, uint32_t data_bytes) {
    std::string h = sp::wav_bytes({}, 16000);
    auto put16 = [&](size_t at, uint16_t v) { h[at] = char(v & 0xFF), h[at + 1] = char(v >> 8); };
    auto put32 = [&](size_t at, uint32_t v) {
      put16(at, uint16_t(v)), put16(at + 2, uint16_t(v >> 16));
    };
    put16(20, uint16_t(format));
    put32(28, 16000u * uint32_t(bits / 8));
    put16(32, uint16_t(bits / 8));
    put16(34, uint16_t(bits));
    put32(40, data_bytes);
    put32(4, 36 + data_bytes);
    return h;
  };
  std::string s24 = header(1, 24, 6) + std::string("\x00\x00\x40\x00\x00\xC0", 6);
  auto r24 = sp::parse_wav(s24, "a24.wav");
  ASSERT_TRUE(r24.ok()) << r24.error();
  ASSERT_EQ(r24->samples.size(), 2u);
  EXPECT_EQ(r24->samples[0], 16384);
  EXPECT_EQ(r24->samples[1], -16384);
  float half = 0.5f;
  std::string f32 = header(3, 32, 4) + std::string(reinterpret_cast<const char*>(&half), 4);
  auto rf = sp::parse_wav(f32, "f.wav");
  ASSERT_TRUE(rf.ok()) << rf.error();
  EXPECT_EQ(rf->samples[0], 16384);
}

// ---- Language model text, LM and dictionary --------------------------------

TEST(Corpus, WrittenTextBecomesSpokenWords) {
  EXPECT_EQ(sp::spoken_words("At 10x the load, 99.9% of 4k requests finish in 100ms."),
            "at ten x the load ninety nine point nine percent of four thousand requests finish "
            "in one hundred milliseconds");
  EXPECT_EQ(sp::spoken_words("Read-through/write-back caches & the p99 (1,500 QPS)"),
            "read through write back caches and the p ninety nine one thousand five hundred qps");
  EXPECT_EQ(sp::spoken_words("the 3rd retry; don't"), "the third retry don't");
  auto t = sp::spoken_sentences("Use TLS. Then HTTP/2!");
  ASSERT_EQ(t.sentences.size(), 2u);
  EXPECT_TRUE(t.acronyms.count("tls"));
  EXPECT_TRUE(t.acronyms.count("http"));
}

TEST(Ngram, ArpaIsWellFormedAndNormalised) {
  std::vector<sp::Sentence> s = {
      {"the", "cache", "is", "warm"}, {"the", "cache", "is", "cold"}, {"a", "cache", "miss"}};
  sp::NgramCounts n;
  std::string arpa = sp::build_arpa(s, &n);
  EXPECT_EQ(n.unigrams, 9u);  // 7 words + <s> + </s>
  EXPECT_NE(arpa.find("\\data\\\nngram 1=9\nngram 2="), std::string::npos);
  EXPECT_NE(arpa.find("\\3-grams:\n"), std::string::npos);
  EXPECT_TRUE(arpa.ends_with("\n\n\\end\\\n"));
  // Unigram probabilities (all but <s>) sum to one.
  double sum = 0;
  size_t at = arpa.find("\\1-grams:\n") + 10;
  for (size_t end; (end = arpa.find('\n', at)) != at; at = end + 1) {
    std::string line = arpa.substr(at, end - at);
    if (line.find("<s>") == std::string::npos) sum += std::pow(10, std::stod(line));
  }
  EXPECT_NEAR(sum, 1.0, 1e-4);
}

TEST(Dictionary, CompletesJargonFromLexiconAndLetterToSound) {
  auto d = sp::Dictionary::load(sp::default_model_dir() / "en-us" / "cmudict-en-us.dict");
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_FALSE(d->has("idempotency"));
  EXPECT_FALSE(d->has("redis"));
  std::set<std::string> bad;
  auto added = d->complete({"idempotency", "redis", "zookeeperish", "mtls", "cache"},
                           {{"idempotency", "AY D EH M P OW T AH N S IY"}}, {"mtls"}, &bad);
  EXPECT_TRUE(bad.empty());
  ASSERT_NE(d->find("idempotency"), nullptr);
  EXPECT_EQ(d->find("idempotency")->front(), "AY D EH M P OW T AH N S IY");
  EXPECT_NE(d->find("redis"), nullptr);                           // letter-to-sound
  EXPECT_NE(d->find("zookeeperish"), nullptr);                    // letter-to-sound
  EXPECT_EQ(d->find("mtls")->front(), "EH M T IY EH L EH S");     // capitals: spelled out
  EXPECT_EQ(std::count(added.begin(), added.end(), "cache"), 0);  // cmudict has it
  auto missing = sp::Dictionary::load("/nonexistent/cmudict.dict");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("/nonexistent/cmudict.dict"), std::string::npos);
}

TEST(Models, CachedByBankContentAndRebuiltWhenItChanges) {
  TempDir dir, cache;
  testing::make_example_bank(dir.path());
  auto b1 = bank::load_bank_strict(dir.path());
  ASSERT_TRUE(b1.ok()) << b1.error();
  sp::ModelOptions opts;
  opts.cache_dir = cache.path();
  auto first = sp::prepare_models(*b1, opts);
  ASSERT_TRUE(first.ok()) << first.error();
  EXPECT_TRUE(first->built);
  EXPECT_TRUE(std::filesystem::is_regular_file(first->domain_lm));
  std::string dict = testing::read_file(first->dictionary);
  EXPECT_NE(dict.find("\nidempotency AY D EH M P OW T AH N S IY\n"), std::string::npos);
  auto again = sp::prepare_models(*b1, opts);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->built);
  EXPECT_EQ(again->key, first->key);

  ASSERT_TRUE(testing::replace_in_file(dir / "api/idempotency.yaml",
                                       "What does it mean for an endpoint to be idempotent?",
                                       "What does idempotent mean for a payments endpoint?"));
  auto b2 = bank::load_bank_strict(dir.path());
  ASSERT_TRUE(b2.ok()) << b2.error();
  auto changed = sp::prepare_models(*b2, opts);
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(changed->built);
  EXPECT_NE(changed->key, first->key);
}

// ---- Recognition ---------------------------------------------------------

TEST(Recognizer, JoinsJargonSplitIntoShortWords) {
  sp::Hypothesis h;
  for (const char* w : {"we", "ran", "my", "sql", "in", "a", "thread", "pool"})
    h.words.push_back({w, 0, 0, 0.9});
  h.words[3].confidence = 0.5;
  h.words[3].end = 2;
  sp::join_jargon(h, {"mysql", "threadpool"});
  EXPECT_EQ(h.text, "we ran mysql in a thread pool");
  ASSERT_EQ(h.words.size(), 7u);
  EXPECT_EQ(h.words[2].end, 2);
  EXPECT_EQ(h.words[2].confidence, 0.5);
}

// ---- Round trips through the spar binary ----------------------------------

TEST(SpeechCli, SayThenTranscribeRecoversKeyTerms) {
  TempDir dir;
  struct Case {
    const char* voice;
    const char* text;
    std::vector<std::string> terms;
  };
  const Case cases[] = {
      {"slt",
       "The client sends an idempotency key, and the server keeps the response in Redis.",
       {"idempotency key", "redis", "response"}},
      {"rms",
       "Sharding by tenant spreads the writes across many Postgres nodes.",
       {"sharding", "postgres", "writes"}},
  };
  for (const auto& c : cases) {
    auto wav = dir / (std::string(c.voice) + ".wav");
    auto say =
        run_spar("say '" + std::string(c.text) + "' -o " + wav.string() + " --voice " + c.voice);
    ASSERT_EQ(say.exit_code, 0) << say.err;
    auto tr = run_spar("transcribe " + wav.string() + " --format json");
    ASSERT_EQ(tr.exit_code, 0) << tr.err;
    auto j = nlohmann::json::parse(tr.out);
    std::string text = j["text"];
    for (const auto& t : c.terms) EXPECT_NE(text.find(t), std::string::npos) << text;
    ASSERT_GE(j["words"].size(), 5u);
    double last = 0;
    for (const auto& w : j["words"]) {
      EXPECT_GE(w["start"].get<double>(), last - 1e-9);
      EXPECT_GT(w["end"].get<double>(), w["start"].get<double>());
      EXPECT_GE(w["confidence"].get<double>(), 0.0);
      EXPECT_LE(w["confidence"].get<double>(), 1.0);
      last = w["start"];
    }
    if (c.voice == std::string("slt")) {  // the plain format prints just the text
      auto plain = run_spar("transcribe " + wav.string());
      EXPECT_EQ(plain.out, text + "\n");
    }
  }
}

TEST(SpeechCli, BadAudioGivesClearErrors) {
  TempDir dir;
  testing::write_file(dir / "notes.wav", "just some notes\n");
  auto r = run_spar("transcribe " + (dir / "notes.wav").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "spar: " + (dir / "notes.wav").string() + ": not a WAV file (no RIFF/WAVE header)\n");
  std::string cut = sp::wav_bytes(tone(1.0, 300));
  testing::write_file(dir / "cut.wav", cut.substr(0, 1000));
  auto t = run_spar("transcribe " + (dir / "cut.wav").string());
  EXPECT_EQ(t.exit_code, 2);
  EXPECT_NE(t.err.find("cut.wav: truncated"), std::string::npos) << t.err;
  auto v = run_spar("say hello -o " + (dir / "x.wav").string() + " --voice nobody");
  EXPECT_NE(v.exit_code, 0);
}

TEST(SpeechCli, StereoFortyFourKilohertzIsConvertedWithNotes) {
  TempDir dir;
  auto say = run_spar("say 'We cache the hot keys in Redis.' -o " + (dir / "m.wav").string());
  ASSERT_EQ(say.exit_code, 0) << say.err;
  auto mono = sp::read_wav(dir / "m.wav");
  ASSERT_TRUE(mono.ok());
  std::vector<float> f(mono->samples.begin(), mono->samples.end());
  for (auto& x : f) x /= 32768.f;
  auto up = sp::to_pcm(sp::resample(f, 16000, 44100));
  sp::Pcm stereo;
  for (int16_t s : up) stereo.push_back(s), stereo.push_back(s);
  testing::write_file(dir / "s.wav", sp::wav_bytes(stereo, 44100, 2));
  auto tr = run_spar("transcribe " + (dir / "s.wav").string());
  ASSERT_EQ(tr.exit_code, 0) << tr.err;
  EXPECT_NE(tr.err.find("resampled from 44100 Hz to 16000 Hz"), std::string::npos) << tr.err;
  EXPECT_NE(tr.err.find("2 channels mixed down to mono"), std::string::npos) << tr.err;
  EXPECT_NE(tr.out.find("redis"), std::string::npos) << tr.out;
}

}  // namespace
}  // namespace spar
