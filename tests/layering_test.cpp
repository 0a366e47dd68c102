// The layers, enforced: every `#include "dir/..."` in src/ must point at the
// including library itself or at one it may use according to the table in
// docs/ARCHITECTURE.md (read at test time, so the table is the single
// source), and `*_internal.h` headers are included only from their own
// directory. The checker is run on the real tree and, to prove it can fail,
// on small trees with a deliberate violation.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "testing.h"

namespace spar {
namespace {

namespace fs = std::filesystem;

// Directory under src/ -> the directories it may include from (itself and,
// transitively, everything below it).
using Layers = std::map<std::string, std::set<std::string>>;

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t`");
  auto e = s.find_last_not_of(" \t`");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Reads the "| library | may use | third-party |" table: `spar_X` is src/X,
// `spar` (cli) is src/cli; "may use" lists libraries by their directory
// name, "Y and below" and "all" as written there.
Layers read_table(const std::string& markdown, std::vector<std::string>& problems) {
  static const std::regex row(R"(^\|\s*`(spar(?:_(\w+))?)`[^|]*\|([^|]*)\|[^|]*\|\s*$)");
  std::map<std::string, std::vector<std::string>> direct;
  std::istringstream in(markdown);
  std::string line;
  bool any_all = false;
  std::string all_dir;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, row)) continue;
    std::string dir = m[2].matched ? m[2].str() : "cli";
    std::string uses = trim(m[3].str());
    auto& list = direct[dir];
    if (uses == "all") {
      any_all = true;
      all_dir = dir;
      continue;
    }
    if (uses == "—" || uses == "-" || uses.empty()) continue;
    for (size_t p = uses.find(" and below"); p != std::string::npos; p = uses.find(" and below"))
      uses.erase(p, 10);
    std::istringstream parts(uses);
    std::string part;
    while (std::getline(parts, part, ',')) list.push_back(trim(part));
  }
  if (direct.empty()) problems.push_back("ARCHITECTURE.md: no layer table found");
  Layers out;
  for (const auto& [dir, _] : direct) {
    std::set<std::string> seen = {dir};
    std::vector<std::string> todo = {dir};
    while (!todo.empty()) {
      std::string d = todo.back();
      todo.pop_back();
      if (!direct.count(d)) {
        problems.push_back("ARCHITECTURE.md: '" + d + "' is used but has no row");
        continue;
      }
      for (const auto& u : direct.at(d))
        if (seen.insert(u).second) todo.push_back(u);
    }
    out[dir] = seen;
  }
  if (any_all)
    for (const auto& [dir, _] : direct) out[all_dir].insert(dir);
  return out;
}

// Every forbidden include under src_root, as "path:line: ..." messages.
std::vector<std::string> check_tree(const fs::path& src_root, const std::string& table) {
  std::vector<std::string> problems;
  Layers layers = read_table(table, problems);
  static const std::regex include(R"(^\s*#\s*include\s*"([^"/]+)/([^"]+)\")");
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(src_root))
    if (e.is_regular_file() && (e.path().extension() == ".h" || e.path().extension() == ".cpp"))
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::set<std::string> dirs;
  for (const auto& e : fs::directory_iterator(src_root))
    if (e.is_directory()) dirs.insert(e.path().filename().string());
  for (const auto& d : dirs)
    if (!layers.count(d))
      problems.push_back("src/" + d + "/ has no row in the layer table of docs/ARCHITECTURE.md");
  for (const auto& f : files) {
    const std::string rel = fs::relative(f, src_root).string();
    const std::string self = rel.substr(0, rel.find('/'));
    std::ifstream in(f);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      std::smatch m;
      if (!std::regex_search(line, m, include)) continue;
      const std::string dir = m[1].str(), header = m[2].str();
      if (!dirs.count(dir)) continue;  // not one of ours (e.g. a system header path)
      const std::string where = "src/" + rel + ":" + std::to_string(n) + ": ";
      if (dir != self && header.size() > 11 &&
          header.compare(header.size() - 11, 11, "_internal.h") == 0) {
        problems.push_back(where + dir + "/" + header + " is internal to " + dir + "/");
        continue;
      }
      auto it = layers.find(self);
      if (it != layers.end() && !it->second.count(dir)) {
        std::string allowed;
        for (const auto& a : it->second)
          if (a != self) allowed += (allowed.empty() ? "" : ", ") + a;
        problems.push_back(where + self + "/ may not include " + dir + "/" + header + " (" + self +
                           "/ may use: " + (allowed.empty() ? "nothing" : allowed) +
                           "; see docs/ARCHITECTURE.md)");
      }
    }
  }
  return problems;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

fs::path source_dir() {
  return testing::source_bank().parent_path();
}

TEST(Layering, SourceTreeFollowsTheTable) {
  auto table = testing::read_file(source_dir() / "docs/ARCHITECTURE.md");
  auto problems = check_tree(source_dir() / "src", table);
  EXPECT_TRUE(problems.empty()) << join(problems);
  // The table really was read: text may use common, cli everything.
  std::vector<std::string> none;
  auto layers = read_table(table, none);
  EXPECT_EQ(layers["text"], (std::set<std::string>{"text", "common"}));
  EXPECT_EQ(layers["speech"], (std::set<std::string>{"speech", "bank", "text", "common"}));
  EXPECT_TRUE(layers["store"].count("interview") && !layers["store"].count("report"));
  EXPECT_TRUE(layers["cli"].count("server"));
  EXPECT_FALSE(layers["server"].count("cli"));
}

// A small tree: text/ below bank/ below assess/.
const char* kTable =
    "| library | may use | third-party |\n"
    "|---|---|---|\n"
    "| `spar_common` | — | — |\n"
    "| `spar_text` | common | utf8proc |\n"
    "| `spar_bank` | text | yaml-cpp |\n"
    "| `spar_assess` | bank and below | fmt |\n"
    "| `spar` (cli) | all | CLI11 |\n";

void write_tree(const fs::path& root, const std::map<std::string, std::string>& files) {
  for (const auto& [rel, text] : files) testing::write_file(root / rel, text);
}

TEST(Layering, CleanTreePasses) {
  testing::TempDir dir;
  write_tree(dir.path(),
             {{"common/result.h", "#pragma once\n"},
              {"text/a.h", "#include \"common/result.h\"\n"},
              {"bank/b.cpp", "#include \"text/a.h\"\n#include \"bank/b_internal.h\"\n"},
              {"bank/b_internal.h", "#pragma once\n"},
              {"assess/c.cpp", "#include \"bank/b.h\"\n#include \"common/result.h\"\n"},
              {"cli/main.cpp", "#include \"assess/c.h\"\n#include <nlohmann/json.hpp>\n"}});
  auto problems = check_tree(dir.path(), kTable);
  EXPECT_TRUE(problems.empty()) << join(problems);
}

TEST(Layering, UpwardIncludeFailsNamingFileAndLine) {
  testing::TempDir dir;
  write_tree(dir.path(),
             {{"common/result.h", "#pragma once\n"},
              {"text/a.cpp", "// a\n#include \"common/result.h\"\n#include \"bank/b.h\"\n"},
              {"bank/b.h", "#pragma once\n"}});
  auto problems = check_tree(dir.path(), kTable);
  ASSERT_EQ(problems.size(), 1u) << join(problems);
  EXPECT_EQ(problems[0],
            "src/text/a.cpp:3: text/ may not include bank/b.h (text/ may use: common; see "
            "docs/ARCHITECTURE.md)");
}

TEST(Layering, SkippingALayerUpwardAndSidewaysFail) {
  testing::TempDir dir;
  write_tree(dir.path(), {{"common/x.cpp", "#include \"text/a.h\"\n"},
                          {"bank/b.cpp", "#include \"assess/c.h\"\n"},
                          {"assess/c.cpp", "#include \"cli/main.h\"\n"},
                          {"text/a.h", ""},
                          {"cli/main.cpp", ""}});
  auto problems = check_tree(dir.path(), kTable);
  ASSERT_EQ(problems.size(), 3u) << join(problems);
  EXPECT_NE(problems[0].find("src/assess/c.cpp:1: assess/ may not include cli/main.h"),
            std::string::npos);
  EXPECT_NE(problems[1].find("src/bank/b.cpp:1: bank/ may not include assess/c.h"),
            std::string::npos);
  EXPECT_NE(problems[2].find("src/common/x.cpp:1: common/ may not include text/a.h"),
            std::string::npos);
}

TEST(Layering, InternalHeaderFromAnotherDirectoryFails) {
  testing::TempDir dir;
  write_tree(dir.path(), {{"bank/loader_internal.h", "#pragma once\n"},
                          {"bank/loader.cpp", "#include \"bank/loader_internal.h\"\n"},
                          {"assess/c.cpp", "#include \"bank/loader_internal.h\"\n"},
                          {"common/r.h", ""},
                          {"text/t.h", ""}});
  auto problems = check_tree(dir.path(), kTable);
  ASSERT_EQ(problems.size(), 1u) << join(problems);
  EXPECT_EQ(problems[0], "src/assess/c.cpp:1: bank/loader_internal.h is internal to bank/");
}

TEST(Layering, DirectoryMissingFromTheTableFails) {
  testing::TempDir dir;
  write_tree(dir.path(), {{"common/r.h", ""},
                          {"text/t.h", ""},
                          {"bank/b.h", ""},
                          {"assess/a.h", ""},
                          {"cli/m.cpp", ""},
                          {"plugins/p.cpp", "#include \"text/t.h\"\n"}});
  auto problems = check_tree(dir.path(), kTable);
  ASSERT_EQ(problems.size(), 1u) << join(problems);
  EXPECT_EQ(problems[0], "src/plugins/ has no row in the layer table of docs/ARCHITECTURE.md");
}

}  // namespace
}  // namespace spar
