// spar grade --batch F.jsonl: one JSON result line per input line, same order.
// A bad line yields {"id", "error"} and the rest are still graded (exit 2).
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "assess/grader.h"
#include "assess/reference.h"
#include "bank/loader.h"
#include "cli/commands.h"
#include "common/file.h"

namespace spar::cli {

namespace {

// std::getline without a limit reads a file with no newline (or a FIFO that
// never ends) whole; this stops at max bytes and skips the rest of the line.
bool read_line(std::istream& in, std::string& line, std::size_t max, bool& too_long) {
  line.clear();
  too_long = false;
  auto* buf = in.rdbuf();
  for (;;) {
    int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) return !line.empty() || too_long;
    if (c == '\n') return true;
    if (line.size() < max)
      line.push_back(static_cast<char>(c));
    else
      too_long = true;
  }
}

// A string, or an array of strings (a reference answer and its variants).
bool is_strings(const nlohmann::json& j) {
  if (j.is_string()) return true;
  if (!j.is_array()) return false;
  for (const auto& x : j)
    if (!x.is_string()) return false;
  return true;
}

}  // namespace

int run_batch(const std::string& path, const std::string& bank_dir) {
  // A directory opens and reads as empty, a device never ends: both refused.
  if (auto ok = check_input_file(path); !ok) {
    std::cerr << "spar: cannot read batch file '" << path << "': " << ok.error() << "\n";
    return 2;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "spar: cannot read batch file '" << path << "'\n";
    return 2;
  }
  auto loaded = bank::load_bank(bank_dir);
  assess::Grader grader(loaded.bank);
  assess::ReferenceGrader ref(loaded.bank);
  std::string line;
  int lineno = 0, failures = 0;
  bool too_long = false;
  while (read_line(in, line, kMaxBatchLineBytes, too_long)) {
    ++lineno;
    if (!too_long && line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json out;
    auto fail = [&](const std::string& msg) {
      out["error"] = path + ":" + std::to_string(lineno) + ": " + msg;
      ++failures;
    };
    nlohmann::json j = too_long ? nlohmann::json() : nlohmann::json::parse(line, nullptr, false);
    if (too_long) {
      out["id"] = nullptr;
      fail("line is longer than " + format_size(kMaxBatchLineBytes) +
           " (the limit for one answer and its fields)");
    } else if (j.is_discarded() || !j.is_object()) {
      out["id"] = nullptr;
      fail("not a JSON object");
    } else {
      out["id"] = j.contains("id") ? j["id"] : nlohmann::json(nullptr);
      if (!j.contains("answer") || !j["answer"].is_string()) {
        fail("missing string field 'answer'");
      } else if (j.contains("question") && j["question"].is_string()) {
        const auto* q = loaded.bank.find(j["question"].get<std::string>());
        if (!q) {
          fail("no question with id '" + j["question"].get<std::string>() + "' in the bank");
        } else if (auto g = grader.grade(*q, j["answer"].get<std::string>()); !g) {
          fail(g.error());
        } else {
          auto r = assess::to_json(*g);
          r["id"] = out["id"];
          out = r;
        }
      } else if (j.contains("reference") && !is_strings(j["reference"])) {
        fail("field 'reference' must be a string or an array of strings");
      } else if (j.contains("reference") && j.contains("question_text") &&
                 !j["question_text"].is_string()) {
        fail("field 'question_text' must be a string");
      } else if (j.contains("reference")) {
        std::vector<std::string> refs;
        if (j["reference"].is_string())
          refs.push_back(j["reference"].get<std::string>());
        else
          for (const auto& r : j["reference"]) refs.push_back(r.get<std::string>());
        std::string qt = j.value("question_text", "");
        if (auto g = ref.grade(qt, refs, j["answer"].get<std::string>()); !g) {
          fail(g.error());
        } else {
          auto r = assess::to_json(*g);
          r["id"] = out["id"];
          out = r;
        }
      } else {
        fail("needs 'question' (a bank id) or 'reference' (a reference answer)");
      }
    }
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return failures ? 2 : 0;
}

}  // namespace spar::cli
