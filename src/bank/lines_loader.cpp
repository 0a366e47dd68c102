// Loading the interviewer's lines (bank/interviewer.yaml): at least three
// phrasings per key, and every key the interviewer needs.
#include "bank/loader_internal.h"
#include "bank/yaml_reader.h"

namespace fs = std::filesystem;

namespace spar::bank::detail {

void load_lines(const fs::path& p, const std::string& shown, Bank& bank, Diagnostics& out) {
  auto doc = parse_file(p, shown, out);
  if (!doc) return;
  YamlReader r(shown, out);
  if (!r.check_map(*doc, {"lines"}, "interviewer lines")) return;
  const YAML::Node lines = (*doc)["lines"];
  if (!lines || !lines.IsMap()) {
    r.error(*doc, "interviewer lines: 'lines' must map keys to lists of phrasings");
    return;
  }
  for (auto it = lines.begin(); it != lines.end(); ++it) {
    std::string key = it->first.Scalar();
    auto list = r.str_list(lines, key.c_str(), true, "line '" + key + "'");
    if (!list) continue;
    if (list->size() < 3)
      r.error(it->second, "line '" + key + "' needs at least 3 phrasings (has " +
                              std::to_string(list->size()) + ")");
    bank.lines[key] = *list;
  }
  for (const auto& k : required_line_keys())
    if (!bank.lines.count(k)) r.error(lines, "interviewer lines: missing key '" + k + "'");
}

}  // namespace spar::bank::detail
