// spar grade --batch F.jsonl: one JSON result line per input line, same order.
// A bad line yields {"id", "error"} and the rest are still graded (exit 2).
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "assess/grader.h"
#include "assess/reference.h"
#include "bank/loader.h"

namespace spar::cli {

int run_batch(const std::string& path, const std::string& bank_dir) {
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
  while (std::getline(in, line)) {
    ++lineno;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json out;
    auto fail = [&](const std::string& msg) {
      out["error"] = path + ":" + std::to_string(lineno) + ": " + msg;
      ++failures;
    };
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
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
      } else if (j.contains("reference") &&
                 (j["reference"].is_string() || j["reference"].is_array())) {
        std::vector<std::string> refs;
        if (j["reference"].is_string())
          refs.push_back(j["reference"].get<std::string>());
        else
          for (const auto& r : j["reference"])
            if (r.is_string()) refs.push_back(r.get<std::string>());
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
