#include "bank/loader.h"

#include <algorithm>

#include "bank/loader_internal.h"
#include "common/file.h"
#include "text/normalize.h"
#include "text/stemmer.h"

namespace fs = std::filesystem;

namespace spar::bank {
namespace detail {

// The largest bank file read (the biggest shipped file is under 20 KB).
constexpr std::size_t kMaxBankFileBytes = 4 * 1024 * 1024;

// Reads and parses a YAML file; reports syntax errors with their line.
std::optional<YAML::Node> parse_file(const fs::path& p, const std::string& shown,
                                     Diagnostics& out) {
  // The size is checked before reading: a file linked to /dev/zero is
  // refused as a device, a folder named x.yaml as a directory.
  auto read = read_file_limited(p, kMaxBankFileBytes, "a bank file");
  if (!read) {
    out.push_back({shown, 0, read.error()});
    return std::nullopt;
  }
  const std::string& s = *read;
  // Text in the bank is shown, spoken and written into JSON; bytes that are
  // not UTF-8 would stop all three, so they are refused here with their line.
  if (size_t bad = text::find_invalid_utf8(s); bad != std::string::npos) {
    const auto at = s.begin() + static_cast<std::ptrdiff_t>(bad);
    const int line = 1 + static_cast<int>(std::count(s.begin(), at, '\n'));
    const size_t nl = s.rfind('\n', bad);  // s[bad] itself is not a newline
    const size_t col = bad - (nl == std::string::npos ? 0 : nl + 1);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(s[bad]));
    out.push_back({shown, line,
                   "not valid UTF-8 (byte " + std::string(hex) + " at column " +
                       std::to_string(col + 1) + "); save the file as UTF-8"});
    return std::nullopt;
  }
  try {
    YAML::Node n = YAML::Load(s);
    if (!n || n.IsNull()) {
      out.push_back({shown, 0, "file is empty"});
      return std::nullopt;
    }
    return n;
  } catch (const YAML::Exception& e) {
    out.push_back({shown, e.mark.is_null() ? 0 : e.mark.line + 1, "invalid YAML: " + e.msg});
    return std::nullopt;
  }
}

}  // namespace detail

using detail::load_areas;
using detail::load_claims;
using detail::load_language;
using detail::load_lexicon_file;
using detail::load_lines;
using detail::load_question;

LoadResult load_bank(const fs::path& dir) {
  LoadResult res;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    res.problems.push_back({dir.string(), 0, "bank directory not found"});
    return res;
  }
  auto shown = [&](const fs::path& p) { return p.lexically_normal().string(); };
  // The areas first: every question names one.
  fs::path areas = dir / "areas.yaml";
  if (fs::exists(areas, ec))
    load_areas(areas, shown(areas), res.bank, res.problems);
  else
    res.problems.push_back({shown(areas), 0, "missing areas file"});
  // The language next: linting analyses answers with it.
  load_language(dir / "language", shown(dir / "language"), res.bank, res.problems);
  // Then the lexicon: rules refer to its concepts.
  fs::path lex = dir / "lexicon.yaml";
  if (fs::exists(lex, ec)) {
    load_lexicon_file(lex, shown(lex), res.bank, res.problems);
  } else {
    res.problems.push_back({shown(lex), 0, "missing lexicon file"});
  }
  std::vector<fs::path> extra, files;
  if (fs::is_directory(dir / "lexicon", ec))
    for (auto& e : fs::directory_iterator(dir / "lexicon", ec))
      if (e.path().extension() == ".yaml") extra.push_back(e.path());
  std::sort(extra.begin(), extra.end());
  for (const auto& p : extra) load_lexicon_file(p, shown(p), res.bank, res.problems);
  text::Stemmer stemmer;
  res.bank.lexicon.compile(stemmer);
  fs::path lines = dir / "interviewer.yaml";
  if (fs::exists(lines, ec))
    load_lines(lines, shown(lines), res.bank, res.problems);
  else
    res.problems.push_back({shown(lines), 0, "missing interviewer lines file"});

  // Claims before questions: questions name the claims they are about.
  std::vector<fs::path> claim_files;
  if (fs::is_directory(dir / "claims", ec))
    for (auto& e : fs::directory_iterator(dir / "claims", ec))
      if (e.path().extension() == ".yaml") claim_files.push_back(e.path());
  std::sort(claim_files.begin(), claim_files.end());
  for (const auto& p : claim_files) load_claims(p, shown(p), res.bank, res.problems);

  for (auto& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_directory() || e.path().filename() == "lexicon" ||
        e.path().filename() == "language" || e.path().filename() == "claims")
      continue;
    for (auto& f : fs::directory_iterator(e.path(), ec))
      if (f.path().extension() == ".yaml" || f.path().extension() == ".yml")
        files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    if (f.extension() == ".yml") {
      res.problems.push_back({shown(f), 0, "use the .yaml extension"});
      continue;
    }
    load_question(f, shown(f), f.parent_path().filename().string(), res.bank, res.problems);
  }
  return res;
}

Language load_language(const fs::path& dir, Diagnostics& problems) {
  Bank b;
  load_language(dir / "language", (dir / "language").lexically_normal().string(), b, problems);
  return std::move(b.language);
}

std::vector<Area> load_areas(const fs::path& dir, Diagnostics& problems) {
  Bank b;
  fs::path p = dir / "areas.yaml";
  load_areas(p, p.lexically_normal().string(), b, problems);
  return std::move(b.areas);
}

Result<Bank> load_bank_strict(const fs::path& dir) {
  auto r = load_bank(dir);
  if (r.problems.empty()) return std::move(r.bank);
  std::string msg = "the bank at " + dir.string() + " has " + std::to_string(r.problems.size()) +
                    " problem(s); run 'spar bank lint' for all:";
  for (size_t i = 0; i < r.problems.size() && i < 5; ++i) msg += "\n  " + r.problems[i].str();
  return make_error(msg);
}

}  // namespace spar::bank
