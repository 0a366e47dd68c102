// The spoken modes of spar interview: from WAV files (--answers-dir, --say-dir)
// and live on the default audio device (--voice).
#include <fmt/core.h>

#include <csignal>
#include <filesystem>
#include <iostream>

#include "cli/interview_internal.h"
#include "speech/endpointer.h"
#include "speech/recognizer.h"
#include "speech/synthesizer.h"
#include "speech/wav.h"

namespace spar::cli::detail {

// The spoken interview from files: the candidate's turns are DIR/1.wav,
// DIR/2.wav, ... recognised with word timings (so the grader sees pace and
// pauses); with --say-dir the interviewer's lines are synthesised to
// SAYDIR/NN-interviewer.wav. When the files run out, the interview closes.
int run_spoken_files(interview::Interviewer& iv, interview::Session s, const InterviewOptions& o,
                     OpenStore& db, Saver& saver) {
  auto rec = speech::Recognizer::create(iv.bank());
  if (!rec) {
    std::cerr << "spar: speech recognition: " << rec.error() << "\n";
    return 2;
  }
  std::unique_ptr<speech::Synthesizer> tts;
  if (!o.say_dir.empty()) {
    speech::SynthesizerConfig config;
    config.voice = o.voice_name;
    config.respellings = iv.bank().respellings;
    config.pronunciations = iv.bank().pronunciations;
    auto t = speech::Synthesizer::create(config);
    if (!t) {
      std::cerr << "spar: speech synthesis: " << t.error() << "\n";
      return 2;
    }
    tts = std::move(*t);
    std::filesystem::create_directories(o.say_dir);
  }
  size_t said = 0;
  auto speak_new = [&](const interview::Session& x) -> bool {
    for (; said < x.turns.size(); ++said) {
      if (!x.turns[said].by_interviewer() || !tts) continue;
      auto pcm = tts->synthesize(x.turns[said].text);
      if (!pcm) {
        std::cerr << "spar: " << pcm.error() << "\n";
        return false;
      }
      auto path = std::filesystem::path(o.say_dir) / fmt::format("{:02}-interviewer.wav", said + 1);
      if (auto st = speech::write_wav(path, *pcm); !st) {
        std::cerr << "spar: " << st.error() << "\n";
        return false;
      }
    }
    return true;
  };
  if (!speak_new(s)) return 2;
  for (int k = 1; !s.finished; ++k) {
    auto file = std::filesystem::path(o.answers_dir) / (std::to_string(k) + ".wav");
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) break;
    auto audio = speech::read_wav(file);
    if (!audio) {
      std::cerr << "spar: " << audio.error() << "\n";
      return 2;
    }
    for (const auto& note : audio->notes) std::cerr << "spar: " << note << "\n";
    if (auto st = (*rec)->start(); !st) {
      std::cerr << "spar: " << st.error() << "\n";
      return 2;
    }
    if (auto st = (*rec)->feed_whole(audio->samples); !st) {
      std::cerr << "spar: " << st.error() << "\n";
      return 2;
    }
    auto hyp = (*rec)->finish();
    if (!hyp) {
      std::cerr << "spar: " << file.string() << ": " << hyp.error() << "\n";
      return 2;
    }
    speech::strip_done_phrase(*hyp, iv.bank().language.done_phrases);
    interview::Utterance u;
    u.text = hyp->text;
    u.words = hyp->words;
    auto next = iv.step(std::move(s), u);
    if (!next) {
      std::cerr << "spar: " << file.string() << ": " << next.error() << "\n";
      return 2;
    }
    s = std::move(*next);
    if (auto st = saver.save(s); !st) {
      std::cerr << "spar: " << st.error() << "\n";
      return 2;
    }
    if (!speak_new(s)) return 2;
  }
  s = iv.end(std::move(s), "script");
  if (auto st = saver.save(s); !st) {
    std::cerr << "spar: " << st.error() << "\n";
    return 2;
  }
  if (!speak_new(s)) return 2;
  auto summary = finish(db, iv, s, o.format != "json");
  if (o.format == "json")
    std::cout
        << nlohmann::json{{"session", s.id}, {"turns", turns_json(s)}, {"report", summary}}.dump(2)
        << "\n";
  return 0;
}

// The live spoken interview on the default ALSA/PulseAudio device, through
// Debian's arecord and aplay: each interviewer line is synthesised and played,
// then the answer is recognised as it is spoken until the endpointer decides
// the turn is over (a thinking-time silence, or "I'm done").
int run_voice(interview::Interviewer& iv, interview::Session s, const InterviewOptions& o,
              OpenStore& db, Saver& saver) {
  if (std::system("command -v arecord >/dev/null 2>&1 && command -v aplay >/dev/null 2>&1") != 0) {
    std::cerr << "spar: --voice needs arecord and aplay (Debian package alsa-utils; 'make setup' "
                 "installs "
                 "it); or use --answers-dir DIR\n";
    return 2;
  }
  auto rec = speech::Recognizer::create(iv.bank());
  if (!rec) {
    std::cerr << "spar: speech recognition: " << rec.error() << "\n";
    return 2;
  }
  speech::SynthesizerConfig config;
  config.voice = o.voice_name;
  config.respellings = iv.bank().respellings;
  config.pronunciations = iv.bank().pronunciations;
  auto tts = speech::Synthesizer::create(config);
  if (!tts) {
    std::cerr << "spar: speech synthesis: " << tts.error() << "\n";
    return 2;
  }
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  // aplay exits at once without an output device; writing to it then must
  // fail, not kill spar.
  std::signal(SIGPIPE, SIG_IGN);
  size_t shown = s.turns.empty() ? 0 : s.turns.size() - 1;
  while (true) {
    for (; shown < s.turns.size(); ++shown) {
      if (!s.turns[shown].by_interviewer()) continue;
      std::cout << "\nInterviewer: " << s.turns[shown].text << "\n" << std::flush;
      FILE* out = popen("aplay -q -t raw -f S16_LE -r 16000 -c 1 2>/dev/null", "w");
      if (out) {
        (void)(*tts)->speak(s.turns[shown].text, [&](std::span<const int16_t> pcm) {
          return fwrite(pcm.data(), sizeof(int16_t), pcm.size(), out) == pcm.size();
        });
        if (pclose(out) != 0)
          std::cerr << "spar: no audio output device; the lines are shown only\n";
      }
    }
    if (s.finished) break;
    std::cout << "[listening: speak, pause to think, say \"I'm done\" or stay silent "
              << o.thinking_time << " s to end your answer]\n"
              << std::flush;
    FILE* in = popen("arecord -q -t raw -f S16_LE -r 16000 -c 1 2>/dev/null", "r");
    if (!in) {
      std::cerr << "spar: cannot start arecord\n";
      return 2;
    }
    speech::EndpointerConfig ec;
    ec.thinking_time = o.thinking_time;
    ec.done_phrases = iv.bank().language.done_phrases;
    speech::Endpointer ep(ec);
    if (auto st = (*rec)->start(); !st) {
      pclose(in);
      std::cerr << "spar: " << st.error() << "\n";
      return 2;
    }
    int16_t buf[1600];  // 100 ms
    size_t total = 0;
    while (!g_interrupted) {
      size_t n = fread(buf, sizeof(int16_t), 1600, in);
      if (n == 0) break;
      total += n;
      std::span<const int16_t> chunk(buf, n);
      (void)(*rec)->feed(chunk);
      auto state = ep.feed(chunk);
      ep.note_hypothesis((*rec)->partial().text);
      if (state == speech::TurnState::Ended) break;
      // Nobody spoke for two minutes: end the turn as silence.
      if (state == speech::TurnState::Waiting && ep.seconds() > 120) break;
    }
    pclose(in);
    if (total == 0 && !g_interrupted) {
      std::cerr
          << "spar: no audio input device (arecord produced no audio); use --answers-dir DIR\n";
      s = iv.end(std::move(s), "candidate");
      (void)saver.save(s);
      return 2;
    }
    auto hyp = (*rec)->finish();
    if (g_interrupted) {
      s = iv.end(std::move(s), "candidate");
      if (auto st = saver.save(s); !st) std::cerr << "spar: " << st.error() << "\n";
      continue;
    }
    if (!hyp) {
      std::cerr << "spar: " << hyp.error() << "\n";
      return 2;
    }
    speech::strip_done_phrase(*hyp, iv.bank().language.done_phrases);
    std::cout << "You: " << hyp->text << "\n";
    interview::Utterance u;
    u.text = hyp->text;
    u.words = hyp->words;
    auto next = iv.step(std::move(s), u);
    if (!next) {
      std::cerr << "spar: " << next.error() << "\n";
      return 2;
    }
    s = std::move(*next);
    if (auto st = saver.save(s); !st) {
      std::cerr << "spar: could not save the turn: " << st.error() << "\n";
      return 2;
    }
  }
  finish(db, iv, s, true);
  return 0;
}

}  // namespace spar::cli::detail
