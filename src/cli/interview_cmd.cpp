// spar interview: the terminal interview, interactive or scripted.
#include <fmt/core.h>

#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bank/loader.h"
#include "cli/commands.h"
#include "cli/session_io.h"
#include "interview/engine.h"
#include "interview/summary.h"
#include "report/report.h"
#include "speech/endpointer.h"
#include "speech/recognizer.h"
#include "speech/synthesizer.h"
#include "speech/wav.h"

namespace spar::cli {
namespace {

struct InterviewOptions {
  std::string areas, level = "mid", questions, script, format = "text", resume, answers_dir,
                     say_dir, voice_name = "slt";
  bool voice = false;
  double thinking_time = 2.5;
  int minutes = 30;
  uint64_t seed = 0;
  bool seed_given = false;
};

volatile std::sig_atomic_t g_interrupted = 0;
void on_sigint(int) {
  g_interrupted = 1;
}

std::vector<std::string> split_csv(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string x;
  while (std::getline(ss, x, ','))
    if (!x.empty()) out.push_back(x);
  return out;
}

nlohmann::json turns_json(const interview::Session& s) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& t : s.turns) {
    nlohmann::json j = {
        {"role", t.role}, {"kind", t.kind}, {"question", t.question}, {"text", t.text}};
    if (t.kind == "probe" || t.kind == "challenge") j["probe"] = t.probe;
    if (!t.stage.empty()) j["stage"] = t.stage;
    a.push_back(j);
  }
  return a;
}

// Commits the session after every turn, so killing the process loses at
// most the utterance being typed.
struct Saver {
  OpenStore& db;
  int64_t version;
  Status save(const interview::Session& s) {
    auto v = db.store->save(s, version);
    if (!v) return make_error(v.error());
    version = *v;
    return Ok{};
  }
};

// Grades, stores and renders the finished session; returns the interview
// summary (per-question grades) for JSON output.
nlohmann::json finish(OpenStore& db, interview::Interviewer& iv, const interview::Session& s,
                      bool announce) {
  nlohmann::json summary = nlohmann::json::object();
  auto rep = grade_and_report(db, iv, s, &summary);
  if (!rep) {
    std::cerr << "spar: " << rep.error() << "\n";
    return summary;
  }
  std::string path = html_report_path(db, s.id);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  std::ofstream(path) << report::render_html(*rep);
  if (announce) {
    std::cout << "\n" << report::render_text(*rep);
    std::cout << "\nThe HTML report is at " << path << "\n"
              << "Session " << s.id << " is saved; see it again with: spar report " << s.id << "\n";
  }
  return summary;
}

int run_scripted(interview::Interviewer& iv, interview::Session s, const InterviewOptions& o,
                 OpenStore& db, Saver& saver) {
  std::ifstream in(o.script, std::ios::binary);
  if (!in) {
    std::cerr << "spar: cannot read script '" << o.script << "'\n";
    return 2;
  }
  std::string line;
  int lineno = 0;
  while (!s.finished && std::getline(in, line)) {
    ++lineno;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() ||
        !(j.contains("text") ? j["text"].is_string()
                             : j.contains("command") && j["command"].is_string())) {
      std::cerr << "spar: " << o.script << ":" << lineno
                << ": expected {\"text\": \"...\"} or {\"command\": \"skip|hint|repeat|quit\"}\n";
      return 2;
    }
    interview::Utterance u;
    u.text = j.value("text", "");
    u.command = j.value("command", "");
    auto next = iv.step(std::move(s), u);
    if (!next) {
      std::cerr << "spar: " << o.script << ":" << lineno << ": " << next.error() << "\n";
      return 2;
    }
    s = std::move(*next);
    if (auto st = saver.save(s); !st) {
      std::cerr << "spar: " << st.error() << "\n";
      return 2;
    }
  }
  s = iv.end(std::move(s), "script");
  if (auto st = saver.save(s); !st) {
    std::cerr << "spar: " << st.error() << "\n";
    return 2;
  }
  auto summary = finish(db, iv, s, false);
  nlohmann::json out = {{"session", s.id}, {"turns", turns_json(s)}, {"report", summary}};
  if (o.format == "json") {
    std::cout << out.dump(2) << "\n";
  } else {
    for (const auto& t : s.turns)
      std::cout << (t.role == "interviewer" ? "Interviewer: " : "You: ") << t.text << "\n\n";
    std::cout << interview::format_summary_text(out["report"]);
  }
  return 0;
}

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
      if (x.turns[said].role != "interviewer" || !tts) continue;
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
    speech::strip_done_phrase(*hyp);
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
      if (s.turns[shown].role != "interviewer") continue;
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
    speech::strip_done_phrase(*hyp);
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

int run_interactive(interview::Interviewer& iv, interview::Session s, OpenStore& db, Saver& saver) {
  auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  // Ctrl-C ends the interview with a summary instead of killing it: the
  // handler only sets a flag, and the blocked read returns.
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: getline returns on Ctrl-C
  sigaction(SIGINT, &sa, nullptr);
  std::cout << "spar mock interview (session " << s.id
            << "). Answer in as many lines as you like; an empty line ends your answer.\n"
               "Commands: /skip /hint /repeat /quit. Every turn is saved as you go.\n";
  size_t shown = s.turns.empty() ? 0 : s.turns.size() - 1;  // on resume: the last line only
  while (true) {
    for (; shown < s.turns.size(); ++shown)
      if (s.turns[shown].role == "interviewer")
        std::cout << "\nInterviewer: " << s.turns[shown].text << "\n";
    if (s.finished) break;
    int left = static_cast<int>(s.seconds_left() / 60 + 0.5);
    std::cout << fmt::format("[{} min left] > ", std::max(0, left)) << std::flush;
    std::string answer, line;
    bool eof = false;
    while (true) {
      if (!std::getline(std::cin, line)) {
        eof = true;
        break;
      }
      if (line.empty()) break;
      answer += (answer.empty() ? "" : "\n") + line;
      if (answer.size() == line.size() && line[0] == '/') break;  // a command ends the turn
    }
    if (g_interrupted || (eof && answer.empty())) {
      std::cout << "\n";
      s = iv.end(std::move(s), "candidate");
      if (auto st = saver.save(s); !st) std::cerr << "spar: " << st.error() << "\n";
      continue;
    }
    interview::Utterance u;
    u.at = elapsed();
    if (!answer.empty() && answer[0] == '/')
      u.command = answer.substr(1);
    else
      u.text = answer;
    auto next = iv.step(s, u);
    if (!next) {
      std::cout << "(" << next.error() << ")\n";
      continue;
    }
    s = std::move(*next);
    if (auto st = saver.save(s); !st) {
      std::cerr << "spar: could not save the turn: " << st.error() << "\n";
      return 2;
    }
    shown = std::min(shown, s.turns.size());
  }
  finish(db, iv, s, true);
  return 0;
}

}  // namespace

void register_interview(CLI::App& app, std::string& bank_flag, std::string& db_flag,
                        int& exit_code) {
  static InterviewOptions o;
  auto* cmd = app.add_subcommand("interview", "a mock interview in the terminal");
  cmd->add_option("--areas", o.areas,
                  "comma-separated areas (api,db,cache,queue,conc,rel,sec,net,dist,design)");
  cmd->add_option("--level", o.level, "junior, mid or senior")
      ->check(CLI::IsMember({"junior", "mid", "senior"}));
  cmd->add_option("--minutes", o.minutes, "interview length")->check(CLI::Range(1, 240));
  cmd->add_option("--questions", o.questions, "comma-separated question ids, asked in order");
  cmd->add_option("--seed", o.seed, "seed for a reproducible plan and phrasing")
      ->each([](const std::string&) { o.seed_given = true; });
  cmd->add_option("--script", o.script, "JSONL file of candidate turns ({\"text\": ...})");
  cmd->add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--resume", o.resume, "continue a saved session where it stopped");
  cmd->add_option(
      "--answers-dir", o.answers_dir,
      "spoken interview from files: the candidate's turns are DIR/1.wav, DIR/2.wav, ...");
  cmd->add_option("--say-dir", o.say_dir,
                  "with --answers-dir: write the interviewer's lines as WAV files here");
  cmd->add_option("--voice-name", o.voice_name, "synthesis voice (slt, rms, kal, awb)");
  cmd->add_flag("--voice", o.voice, "speak and listen on the default audio device");
  cmd->add_option("--thinking-time", o.thinking_time, "seconds of silence that end a spoken answer")
      ->check(CLI::Range(0.5, 30.0));
  cmd->callback([&bank_flag, &db_flag, &exit_code] {
    auto loaded = bank::load_bank(resolve_bank_dir(bank_flag));
    if (loaded.bank.questions.empty()) {
      std::cerr << "spar: the bank has no usable questions; run 'spar bank lint'\n";
      exit_code = 2;
      return;
    }
    if (!loaded.problems.empty())
      std::cerr << "spar: warning: the bank has " << loaded.problems.size()
                << " problem(s); run 'spar bank lint' to see them\n";
    auto db = open_store(db_flag);
    if (!db) {
      std::cerr << "spar: " << db.error() << "\n";
      exit_code = 2;
      return;
    }
    interview::Interviewer iv(loaded.bank);
    interview::Session s;
    int64_t version = 0;
    if (!o.resume.empty()) {
      auto loaded_session = db->store->load(o.resume);
      auto info = db->store->info(o.resume);
      if (!loaded_session || !info) {
        std::cerr << "spar: " << (loaded_session ? info.error() : loaded_session.error()) << "\n";
        exit_code = 2;
        return;
      }
      if (info->user != db->user_id) {
        std::cerr << "spar: no session with id '" << o.resume << "' for this user\n";
        exit_code = 2;
        return;
      }
      if (loaded_session->finished) {
        std::cerr << "spar: session " << o.resume << " has already ended; see it with: spar report "
                  << o.resume << "\n";
        exit_code = 2;
        return;
      }
      s = std::move(*loaded_session);
      version = info->version;
      for (const auto& st : s.states)
        if (!loaded.bank.find(st.id)) {
          std::cerr << "spar: session " << o.resume << " uses question '" << st.id
                    << "', which is no longer in the bank\n";
          exit_code = 2;
          return;
        }
    } else {
      interview::PlanRequest req;
      req.areas = split_csv(o.areas);
      req.level = *bank::parse_level(o.level);
      req.minutes = o.minutes;
      req.questions = split_csv(o.questions);
      req.seed =
          o.seed_given
              ? o.seed
              : static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
      if (auto h = db->store->history(db->user_id, static_cast<int64_t>(std::time(nullptr))))
        req.history = *h;
      auto plan = interview::make_plan(loaded.bank, req);
      if (!plan) {
        std::cerr << "spar: " << plan.error() << "\n";
        exit_code = 2;
        return;
      }
      s = iv.begin({req.areas, req.level, req.minutes, req.seed}, *plan);
      auto created = db->store->create_session(db->user_id, s);
      if (!created) {
        std::cerr << "spar: " << created.error() << "\n";
        exit_code = 2;
        return;
      }
      version = created->version;
    }
    Saver saver{*db, version};
    if (!o.answers_dir.empty())
      exit_code = run_spoken_files(iv, std::move(s), o, *db, saver);
    else if (o.voice)
      exit_code = run_voice(iv, std::move(s), o, *db, saver);
    else if (!o.script.empty())
      exit_code = run_scripted(iv, std::move(s), o, *db, saver);
    else
      exit_code = run_interactive(iv, std::move(s), *db, saver);
  });
}

}  // namespace spar::cli
