// spar transcribe FILE.wav | spar say "TEXT" -o FILE.wav
#include <fmt/core.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "bank/loader.h"
#include "cli/commands.h"
#include "speech/recognizer.h"
#include "speech/synthesizer.h"
#include "speech/wav.h"

namespace spar::cli {
namespace {

struct TranscribeOptions {
  std::string file, format = "text";
  double bank_weight = speech::RecognizerConfig{}.bank_weight;
};

struct SayOptions {
  std::string text, out, voice = "slt";
};

// The bank supplies the language model and the respellings; problems
// elsewhere in it must not stop speech, so they are only reported.
bank::Bank load_for_speech(const std::string& dir) {
  auto loaded = bank::load_bank(dir);
  if (!loaded.problems.empty())
    std::cerr << "spar: warning: the bank at " << dir << " has " << loaded.problems.size()
              << " problem(s); run 'spar bank lint' to see them\n";
  return std::move(loaded.bank);
}

int run_transcribe(const TranscribeOptions& o, const std::string& bank_dir) {
  auto audio = speech::read_wav(o.file);
  if (!audio) {
    std::cerr << "spar: " << audio.error() << "\n";
    return 2;
  }
  for (const auto& note : audio->notes) std::cerr << "spar: note: " << note << "\n";
  bank::Bank bank = load_for_speech(bank_dir);
  speech::RecognizerConfig config;
  config.bank_weight = o.bank_weight;
  auto rec = speech::Recognizer::create(bank, config);
  if (!rec) {
    std::cerr << "spar: " << rec.error() << "\n";
    return 1;
  }
  auto hyp = speech::transcribe(**rec, audio->samples);
  if (!hyp) {
    std::cerr << "spar: " << o.file << ": " << hyp.error() << "\n";
    return 1;
  }
  if (o.format == "json") {
    nlohmann::json words = nlohmann::json::array();
    for (const auto& w : hyp->words)
      words.push_back({{"word", w.word},
                       {"start", std::round(w.start * 100) / 100},
                       {"end", std::round(w.end * 100) / 100},
                       {"confidence", std::round(w.confidence * 1000) / 1000}});
    nlohmann::json j = {{"file", o.file},
                        {"duration", double(audio->samples.size()) / speech::kSampleRate},
                        {"text", hyp->text},
                        {"words", words},
                        {"notes", audio->notes}};
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << hyp->text << "\n";
  }
  return 0;
}

int run_say(const SayOptions& o, const std::string& bank_dir) {
  bank::Bank bank = load_for_speech(bank_dir);
  auto synth = speech::Synthesizer::create({o.voice, bank.respellings, bank.pronunciations});
  if (!synth) {
    std::cerr << "spar: " << synth.error() << "\n";
    return 2;
  }
  auto pcm = (*synth)->synthesize(o.text);
  if (!pcm) {
    std::cerr << "spar: " << pcm.error() << "\n";
    return 1;
  }
  if (pcm->empty()) {
    std::cerr << "spar: nothing to say: the text has no words\n";
    return 2;
  }
  if (auto st = speech::write_wav(o.out, *pcm); !st) {
    std::cerr << "spar: " << st.error() << "\n";
    return 1;
  }
  std::cerr << fmt::format("spar: wrote {} ({:.1f} s, voice {})\n", o.out,
                           double(pcm->size()) / speech::kSampleRate, o.voice);
  return 0;
}

}  // namespace

void register_speech(CLI::App& app, std::string& bank_flag, int& exit_code) {
  static TranscribeOptions t;
  auto* tr = app.add_subcommand("transcribe", "recognise speech in a WAV file");
  tr->add_option("file", t.file, "WAV file (any rate, mono or stereo; resampled to 16 kHz)")
      ->required();
  tr->add_option("--format", t.format, "text, or json with word timings and confidences")
      ->check(CLI::IsMember({"text", "json"}));
  tr->add_option("--bank-weight", t.bank_weight,
                 "weight of the bank's language model against generic English (1 = bank only, "
                 "fastest; lower it for answers far from the bank's vocabulary)")
      ->check(CLI::Range(0.05, 1.0));
  tr->callback(
      [&bank_flag, &exit_code] { exit_code = run_transcribe(t, resolve_bank_dir(bank_flag)); });

  static SayOptions s;
  auto* say = app.add_subcommand("say", "synthesise speech into a WAV file (16 kHz mono)");
  say->add_option("text", s.text, "what to say")->required();
  say->add_option("-o,--output", s.out, "WAV file to write")->required();
  say->add_option("--voice", s.voice, "slt (default), rms, kal or awb")
      ->check(CLI::IsMember(speech::Synthesizer::voices()));
  say->callback([&bank_flag, &exit_code] { exit_code = run_say(s, resolve_bank_dir(bank_flag)); });
}

}  // namespace spar::cli
