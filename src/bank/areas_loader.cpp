// Loading the areas (bank/areas.yaml): each with a lower-case id and a title,
// listed once, in the order front ends show them.
#include <set>

#include "bank/loader_internal.h"
#include "bank/yaml_reader.h"

namespace fs = std::filesystem;

namespace spar::bank::detail {

void load_areas(const fs::path& p, const std::string& shown, Bank& bank, Diagnostics& out) {
  auto doc = parse_file(p, shown, out);
  if (!doc) return;
  YamlReader r(shown, out);
  if (!r.check_map(*doc, {"areas"}, "areas")) return;
  auto list = r.seq(*doc, "areas", true, "areas");
  if (!list) return;
  std::set<std::string> seen;
  for (const auto& n : *list) {
    if (!r.check_map(n, {"id", "title"}, "area")) continue;
    auto id = r.str(n, "id", true, "area");
    auto title = r.str(n, "title", true, "area");
    if (!id || !title) continue;
    if (id->find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos) {
      r.error(n["id"], "area '" + *id + "': id must be lower-case letters (a-z)");
      continue;
    }
    if (!seen.insert(*id).second) {
      r.error(n["id"], "area '" + *id + "' is listed twice");
      continue;
    }
    bank.areas.push_back({*id, *title});
  }
  if (bank.areas.empty()) r.error(*doc, "areas: list at least one area");
}

}  // namespace spar::bank::detail
