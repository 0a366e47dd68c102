// The spar binary, run as a user would.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "testing.h"

namespace spar {
namespace {

using testing::run_spar;
using testing::TempDir;

std::string bank_arg() {
  return "--bank " + testing::source_bank().string();
}

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

TEST(Cli, LintNamesTheLineOfABadPhrase) {
  TempDir dir;
  testing::make_example_bank(dir.path());
  ASSERT_TRUE(testing::replace_in_file(dir / "language/grading.yaml", "  sometimes: [like]",
                                       "  sometimes: [like, \"you see\"]"));
  auto r = run_spar("bank lint " + dir.path().string());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("language/grading.yaml:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(": grading words: 'sometimes' entry \"you see\" must be a single word"),
            std::string::npos)
      << r.out;
}

// Area titles are written once, in bank/areas.yaml: `bank areas`, `bank
// stats` and `bank show` print them from there, and a changed title shows.
TEST(Cli, AreaTitlesComeFromTheBank) {
  TempDir dir;
  testing::make_example_bank(dir.path());
  auto list = run_spar("--bank " + dir.path().string() + " bank areas --format json");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto j = nlohmann::json::parse(list.out);
  EXPECT_EQ(j["areas"][0], (nlohmann::json{{"id", "api"}, {"title", "APIs and HTTP"}}));
  EXPECT_EQ(j["areas"][1]["title"], "Databases and SQL");
  ASSERT_TRUE(
      testing::replace_in_file(dir / "areas.yaml", "title: APIs and HTTP", "title: Web APIs"));
  auto text = run_spar("--bank " + dir.path().string() + " bank areas");
  EXPECT_NE(text.out.find("api     Web APIs\n"), std::string::npos) << text.out;
  EXPECT_NE(run_spar("--bank " + dir.path().string() + " bank stats").out.find("Web APIs"),
            std::string::npos);
  EXPECT_NE(run_spar("--bank " + dir.path().string() + " bank show api.idempotency")
                .out.find("[Web APIs / idempotency"),
            std::string::npos);
  EXPECT_NE(run_spar("interview --help").out.find("spar bank areas"), std::string::npos);
}

TEST(Cli, BadAreasFileNamesFileAndLine) {
  TempDir dir;
  testing::make_example_bank(dir.path());
  ASSERT_TRUE(testing::replace_in_file(dir / "areas.yaml", "  - id: db\n", "  - id: Db\n"));
  ASSERT_TRUE(testing::replace_in_file(dir / "areas.yaml", "  - id: cache\n", "  - id: api\n"));
  auto r = run_spar("bank lint " + dir.path().string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("areas.yaml:9: area 'Db': id must be lower-case letters (a-z)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("areas.yaml:11: area 'api' is listed twice"), std::string::npos) << r.out;
  // The question of a listed area still loads: only the broken entries are left out.
  EXPECT_EQ(r.out.find("idempotency.yaml"), std::string::npos) << r.out;
  std::filesystem::remove(dir / "areas.yaml");
  auto gone = run_spar("bank lint " + dir.path().string());
  EXPECT_NE(gone.out.find("areas.yaml:0: missing areas file"), std::string::npos) << gone.out;
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
  EXPECT_NE(r.out.find("you said: \"the client sends an idempotency key"), std::string::npos)
      << r.out;
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

TEST(Cli, GradeCatchesAWrongClaimAndCorrectsIt) {
  auto r = run_spar(bank_arg() +
                    " grade --question db.isolation-levels --format json --answer 'by default "
                    "postgres runs transactions at serializable'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  bool flagged = false;
  for (const auto& f : j["red_flags"])
    flagged =
        flagged || (f["id"] == "claim:pg-default-isolation" &&
                    f["correction"].get<std::string>().find("read committed") != std::string::npos);
  EXPECT_TRUE(flagged) << r.out;
  EXPECT_LE(j["score"].get<double>(), 50);
  auto ok = run_spar(bank_arg() +
                     " grade --question db.isolation-levels --format json --answer 'people think "
                     "postgres defaults to serializable but it runs read committed'");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(nlohmann::json::parse(ok.out)["red_flags"].empty()) << ok.out;
}

TEST(Cli, GradeBadInputsGiveClearErrors) {
  auto unknown = run_spar(bank_arg() + " grade --question api.missing --answer x");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no question with id 'api.missing'"), std::string::npos);
  auto nofile =
      run_spar(bank_arg() + " grade --question api.idempotency --answer-file /nonexistent");
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
  auto r =
      run_spar(bank_arg() + " grade --batch " + (dir / "in.jsonl").string() + " --format jsonl");
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

TEST(Cli, SpokenInterviewFromWavFilesReportsPace) {
  TempDir dir;
  auto say = [&](const std::string& text, const std::string& file) {
    auto r = run_spar(bank_arg() + " say '" + text + "' -o " + (dir / file).string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  };
  std::filesystem::create_directories(dir / "answers");
  say("idempotent means doing it twice has the same effect as doing it once. the client sends an "
      "idempotency key with every retry",
      "answers/1.wav");
  say("I do not know", "answers/2.wav");
  auto r = run_spar(bank_arg() + " --db " + (dir / "spar.db").string() +
                    " interview --questions api.idempotency --seed 2 --format json --answers-dir " +
                    (dir / "answers").string() + " --say-dir " + (dir / "said").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_GE(j["turns"].size(), 5u);
  EXPECT_EQ(j["turns"][1]["role"], "candidate");
  EXPECT_NE(j["turns"][1]["text"].get<std::string>().find("idempotency key"), std::string::npos)
      << j["turns"][1]["text"];
  EXPECT_EQ(j["turns"][3]["kind"], "dont_know");
  EXPECT_EQ(j["turns"][4]["kind"], "hint");
  const auto& clarity = j["report"]["questions"][0]["clarity"];
  EXPECT_TRUE(clarity.contains("words_per_minute")) << clarity;
  EXPECT_TRUE(clarity.contains("fillers"));
  EXPECT_GT(clarity["words_per_minute"].get<double>(), 60);
  EXPECT_TRUE(std::filesystem::exists(dir / "said/01-interviewer.wav"));
  auto missing =
      run_spar(bank_arg() + " --db " + (dir / "spar.db").string() +
               " interview --questions api.idempotency --answers-dir " + (dir / "said").string());
  EXPECT_EQ(missing.exit_code, 0) << "no 1.wav: the interview simply closes";
}

TEST(Cli, VoiceWithoutAnAudioDeviceSaysSoAndKeepsTheSession) {
  if (testing::read_file("/proc/asound/cards").find("]:") != std::string::npos)
    GTEST_SKIP() << "this machine has a sound card; the no-device path cannot be shown";
  TempDir dir;
  std::string db = " --db " + (dir / "spar.db").string();
  auto r = run_spar(bank_arg() + db + " interview --voice --questions api.idempotency --seed 1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.err.find("no audio input device") != std::string::npos ||
              r.err.find("needs arecord and aplay") != std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("What does it mean for an endpoint to be idempotent?"), std::string::npos);
  if (r.err.find("no audio input device") != std::string::npos) {
    auto list = run_spar(bank_arg() + db + " sessions --format json");
    EXPECT_EQ(nlohmann::json::parse(list.out).size(), 1u) << "the session was saved";
  }
}

TEST(Cli, VoiceInterviewThroughAnAlsaDevice) {
  // An ALSA "file" device stands in for a microphone: every recording replays
  // a spoken answer followed by silence, so the endpointer's thinking time
  // ends each turn. Playback goes to the null device.
  TempDir dir;
  auto said = run_spar(bank_arg() +
                       " say 'idempotent means doing it twice has the same effect as doing it "
                       "once' -o " +
                       (dir / "answer.wav").string());
  ASSERT_EQ(said.exit_code, 0) << said.err;
  std::string wav = testing::read_file(dir / "answer.wav");
  ASSERT_GT(wav.size(), 44u);
  testing::write_file(dir / "answer.raw", wav.substr(44) + std::string(16000 * 2 * 4, '\0'));
  testing::write_file(dir / ".asoundrc",
                      "pcm.!default {\n type file\n slave.pcm \"null\"\n file \"/dev/null\"\n"
                      " infile \"" +
                          (dir / "answer.raw").string() + "\"\n format \"raw\"\n}\n");
  auto r =
      run_spar("--bank " + testing::source_bank().string() + " --db " + (dir / "spar.db").string() +
                   " interview --voice --questions api.idempotency --seed 1 --minutes 5",
               "", "HOME=" + dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("You: idempotent means"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("spar interview report"), std::string::npos);
}

TEST(Cli, SessionsReportAndHistory) {
  TempDir dir;
  std::string db = " --db " + (dir / "spar.db").string();
  testing::write_file(dir / "s.jsonl",
                      "{\"text\": \"idempotent means the same effect if repeated\"}\n");
  auto run =
      run_spar(bank_arg() + db + " interview --questions api.idempotency --seed 1 --script " +
               (dir / "s.jsonl").string() + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string id = nlohmann::json::parse(run.out)["session"];
  auto list = run_spar(bank_arg() + db + " sessions --format json");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto l = nlohmann::json::parse(list.out);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0]["id"], id);
  EXPECT_EQ(l[0]["status"], "finished");
  EXPECT_TRUE(l[0]["score"].is_number());
  for (const char* f : {"text", "md", "html", "json"}) {
    auto rep = run_spar(bank_arg() + db + " report " + id + " --format " + f);
    EXPECT_EQ(rep.exit_code, 0) << f << rep.err;
    EXPECT_NE(rep.out.find("api.idempotency"), std::string::npos) << f;
  }
  auto out = run_spar(bank_arg() + db + " report " + id + " --format html -o " +
                      (dir / "r.html").string());
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_NE(testing::read_file(dir / "r.html").find("<svg"), std::string::npos);
  auto unknown = run_spar(bank_arg() + db + " report nope");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no session with id 'nope'"), std::string::npos);
  auto hist = run_spar(bank_arg() + db + " history --format json");
  ASSERT_EQ(hist.exit_code, 0) << hist.err;
  auto h = nlohmann::json::parse(hist.out);
  EXPECT_EQ(h["sessions"].size(), 1u);
  EXPECT_TRUE(h["areas"].contains("api"));
  auto hist_text = run_spar(bank_arg() + db + " history");
  EXPECT_NE(hist_text.out.find("  APIs and HTTP  "), std::string::npos) << hist_text.out;
  auto resume_done = run_spar(bank_arg() + db + " interview --resume " + id);
  EXPECT_EQ(resume_done.exit_code, 2);
  EXPECT_NE(resume_done.err.find("has already ended"), std::string::npos);
  testing::write_file(dir / "bad.jsonl", "{\"txt\": 1}\n");
  auto bad = run_spar(bank_arg() + db + " interview --questions api.idempotency --script " +
                      (dir / "bad.jsonl").string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.jsonl:1: expected {\"text\""), std::string::npos) << bad.err;
}

// The HTML report goes next to the database; when it cannot be written the
// user is told (it was announced as written before) and the session and its
// grades are still saved.
TEST(Cli, UnwritableReportIsSaidAndTheSessionIsKept) {
  TempDir dir;
  std::string db = " --db " + (dir / "spar.db").string();
  testing::write_file(dir / "reports", "a file where the reports folder would go\n");
  testing::write_file(dir / "s.jsonl",
                      "{\"text\": \"idempotent means the same effect if repeated\"}\n");
  auto run =
      run_spar(bank_arg() + db + " interview --questions api.idempotency --seed 1 --script " +
               (dir / "s.jsonl").string());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("cannot write the HTML report to " + (dir / "reports").string()),
            std::string::npos)
      << run.err;
  EXPECT_EQ(run.out.find("The HTML report is at"), std::string::npos) << run.out;
  auto list = run_spar(bank_arg() + db + " sessions --format json");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto l = nlohmann::json::parse(list.out);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0]["status"], "finished");
  EXPECT_TRUE(l[0]["score"].is_number());
}

// Runs spar with standard input from `stdin_path` (a device, for the tests
// below), under `timeout` so a regression cannot hang the suite.
testing::RunResult run_spar_stdin(const std::string& args, const std::string& stdin_path) {
  TempDir tmp;
  std::string cmd = "timeout 60 " + std::string(SPAR_BINARY) + " " + args + " <" + stdin_path +
                    " >" + (tmp / "out").string() + " 2>" + (tmp / "err").string();
  int status = std::system(cmd.c_str());
  testing::RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = testing::read_file(tmp / "out");
  r.err = testing::read_file(tmp / "err");
  return r;
}

// Answers are read whole: without a limit /dev/zero was read until bad_alloc
// and a directory graded as an empty answer (exit 0).
TEST(Cli, AnswerInputsAreLimitedAndFoldersAndDevicesRefused) {
  TempDir dir;
  const std::string grade = bank_arg() + " grade --question api.idempotency --answer-file ";
  auto zero = run_spar(grade + "/dev/zero");
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("cannot read answer file '/dev/zero': is a device or socket, not a file"),
            std::string::npos)
      << zero.err;
  std::filesystem::create_symlink("/dev/zero", dir / "linked.txt");
  auto linked = run_spar(grade + (dir / "linked.txt").string());
  EXPECT_EQ(linked.exit_code, 2);
  EXPECT_NE(linked.err.find("is a device or socket, not a file"), std::string::npos) << linked.err;
  auto folder = run_spar(grade + dir.path().string());
  EXPECT_EQ(folder.exit_code, 2);
  EXPECT_NE(folder.err.find("is a directory, not a file"), std::string::npos) << folder.err;
  testing::write_file(dir / "big.txt", std::string(1024 * 1024 + 1, 'a'));
  auto big = run_spar(grade + (dir / "big.txt").string());
  EXPECT_EQ(big.exit_code, 2);
  EXPECT_NE(big.err.find("is larger than 1 MiB (the limit for an answer)"), std::string::npos)
      << big.err;
  testing::write_file(dir / "ok.txt", std::string(1024 * 1024 - 100, ' ') + "an idempotency key");
  EXPECT_EQ(run_spar(grade + (dir / "ok.txt").string()).exit_code, 0) << "just under the limit";

  auto from_zero = run_spar_stdin(bank_arg() + " grade --question api.idempotency", "/dev/zero");
  EXPECT_EQ(from_zero.exit_code, 2);
  EXPECT_NE(from_zero.err.find("standard input is larger than 1 MiB (the limit for an answer)"),
            std::string::npos)
      << from_zero.err;
}

TEST(Cli, BatchRefusesFoldersAndDevicesAndReportsNonStringFields) {
  TempDir dir;
  const std::string batch = bank_arg() + " grade --format jsonl --batch ";
  auto folder = run_spar(batch + dir.path().string());
  EXPECT_EQ(folder.exit_code, 2);
  EXPECT_NE(folder.err.find("cannot read batch file '" + dir.path().string() +
                            "': is a directory, not a file"),
            std::string::npos)
      << folder.err;
  auto zero = run_spar(batch + "/dev/zero");
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("is a device or socket, not a file"), std::string::npos) << zero.err;

  testing::write_file(
      dir / "in.jsonl",
      "{\"id\": 1, \"reference\": \"TCP is reliable\", \"question_text\": 7, \"answer\": \"x\"}\n"
      "{\"id\": 2, \"reference\": [\"TCP is reliable\", 3], \"answer\": \"x\"}\n"
      "{\"id\": 3, \"reference\": \"TCP is reliable and ordered\", \"question_text\": \"TCP?\", "
      "\"answer\": \"tcp is reliable and ordered\"}\n"
      "{\"id\": 4, \"answer\": \"" +
          std::string(2 * 1024 * 1024, 'a') + "\"}\n" +
          "{\"id\": 5, \"question\": \"api.idempotency\", \"answer\": \"an idempotency key\"}\n");
  auto r = run_spar(batch + (dir / "in.jsonl").string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  std::istringstream in(r.out);
  std::vector<nlohmann::json> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 5u) << r.out << r.err;
  EXPECT_EQ(lines[0]["error"],
            (dir / "in.jsonl").string() + ":1: field 'question_text' must be a string");
  EXPECT_EQ(lines[1]["error"], (dir / "in.jsonl").string() +
                                   ":2: field 'reference' must be a string or an array of strings");
  EXPECT_GT(lines[2]["score"].get<double>(), 0);
  EXPECT_NE(lines[3]["error"].get<std::string>().find(":4: line is longer than 2 MiB"),
            std::string::npos)
      << lines[3];
  EXPECT_EQ(lines[4]["id"], 5) << "lines after a long one are still graded";
  EXPECT_TRUE(lines[4].contains("score"));
}

// A bank file is checked before it is read: a link to /dev/zero was read
// until bad_alloc, a folder named x.yaml reported as "file is empty", and a
// prompt with bytes that are not UTF-8 passed lint and aborted the interview.
TEST(Cli, BankFilesAreCheckedBeforeReadingAndMustBeUtf8) {
  TempDir dir;
  testing::make_example_bank(dir.path());
  std::filesystem::create_symlink("/dev/zero", dir / "api/zero.yaml");
  std::filesystem::create_directories(dir / "api/folder.yaml");
  auto r = run_spar("bank lint " + dir.path().string());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("api/zero.yaml:0: is a device or socket, not a file"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("api/folder.yaml:0: is a directory, not a file"), std::string::npos)
      << r.out;
  std::filesystem::remove(dir / "api/zero.yaml");
  std::filesystem::remove(dir / "api/folder.yaml");
  testing::write_file(dir / "api/big.yaml", std::string(4 * 1024 * 1024 + 1, '#'));
  auto big = run_spar("bank lint " + dir.path().string());
  EXPECT_NE(big.out.find("api/big.yaml:0: is larger than 4 MiB (the limit for a bank file)"),
            std::string::npos)
      << big.out;
  std::filesystem::remove(dir / "api/big.yaml");

  ASSERT_TRUE(testing::replace_in_file(dir / "api/idempotency.yaml", "prompt: >-\n",
                                       "prompt: >-\n  Caf\xe9 \xff bytes.\n"));
  auto bad = run_spar("bank lint " + dir.path().string());
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("api/idempotency.yaml:6: not valid UTF-8 (byte 0xe9 at column 6)"),
            std::string::npos)
      << bad.out;
  testing::write_file(dir / "s.jsonl", "{\"text\": \"an idempotency key\"}\n");
  auto iv =
      run_spar("--bank " + dir.path().string() + " --db " + (dir / "spar.db").string() +
               " interview --questions api.idempotency --script " + (dir / "s.jsonl").string());
  EXPECT_EQ(iv.exit_code, 2) << "refused with a message, not aborted (134)\n" << iv.err;
  EXPECT_NE(iv.err.find("run 'spar bank lint'"), std::string::npos) << iv.err;
}

// A recording is read whole: /dev/zero was read for 1 GB before "not a WAV
// file", and a file far past ten minutes of audio read in full.
TEST(Cli, TranscribeRefusesDevicesAndOversizeFilesAtOnce) {
  TempDir dir;
  auto zero = run_spar(bank_arg() + " transcribe /dev/zero");
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("/dev/zero: is a device or socket, not a file"), std::string::npos)
      << zero.err;
  {
    // Sparse: 200 MB long, no disk used.
    std::ofstream f(dir / "long.wav", std::ios::binary);
    f << "RIFF";
    f.seekp(200 * 1000 * 1000);
    f << '\0';
  }
  auto big = run_spar(bank_arg() + " transcribe " + (dir / "long.wav").string());
  EXPECT_EQ(big.exit_code, 2);
  EXPECT_NE(big.err.find("long.wav: is larger than 111 MiB (the limit for a recording)"),
            std::string::npos)
      << big.err;
  auto folder = run_spar(bank_arg() + " transcribe " + dir.path().string());
  EXPECT_EQ(folder.exit_code, 2);
  EXPECT_NE(folder.err.find("is a directory, not a file"), std::string::npos) << folder.err;
}

TEST(Cli, UnknownCommandIsAnError) {
  auto r = run_spar("frobnicate");
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace
}  // namespace spar
