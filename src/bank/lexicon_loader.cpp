// Loading the lexicon files (bank/lexicon.yaml, bank/lexicon/*.yaml): concepts
// and their aliases, and the pronunciations and respellings speech uses.
#include <set>
#include <sstream>

#include "bank/loader_internal.h"
#include "bank/yaml_reader.h"

namespace fs = std::filesystem;

namespace spar::bank {
namespace {

bool valid_id_part(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
      return false;
  return true;
}

}  // namespace

namespace detail {

void load_lexicon_file(const fs::path& p, const std::string& shown, Bank& bank, Diagnostics& out) {
  auto doc = parse_file(p, shown, out);
  if (!doc) return;
  YamlReader r(shown, out);
  if (!r.check_map(*doc, {"concepts", "pronunciations", "respellings"}, "lexicon")) return;
  if (auto cs = r.seq(*doc, "concepts", false, "lexicon")) {
    for (const auto& c : *cs) {
      std::string what = "concept";
      if (!r.check_map(c, {"id", "aliases", "note"}, what)) continue;
      auto id = r.str(c, "id", true, what);
      if (!id) continue;
      what = "concept '" + *id + "'";
      if (!valid_id_part(*id)) {
        r.error(c, what + ": id must be lower-case letters, digits and hyphens");
        continue;
      }
      auto aliases = r.str_list(c, "aliases", false, what);
      text::Concept con{*id, aliases ? *aliases : std::vector<std::string>{},
                        shown + ":" + std::to_string(YamlReader::line_of(c))};
      if (auto st = bank.lexicon.add(std::move(con)); !st) r.error(c, st.error());
    }
  }
  // ARPAbet as used by CMU Sphinx dictionaries (no stress digits).
  static const std::set<std::string> phones = {
      "AA", "AE", "AH", "AO", "AW", "AY", "B",  "CH", "D", "DH", "EH", "ER", "EY",
      "F",  "G",  "HH", "IH", "IY", "JH", "K",  "L",  "M", "N",  "NG", "OW", "OY",
      "P",  "R",  "S",  "SH", "T",  "TH", "UH", "UW", "V", "W",  "Y",  "Z",  "ZH"};
  if (const YAML::Node pr = (*doc)["pronunciations"]) {
    if (!pr.IsMap()) {
      r.error(pr, "lexicon: 'pronunciations' must map words to ARPAbet phones");
    } else {
      for (auto it = pr.begin(); it != pr.end(); ++it) {
        std::string w = it->first.Scalar();
        if (!it->second.IsScalar()) {
          r.error(it->second, "pronunciation of '" + w + "' must be a string of phones");
          continue;
        }
        std::istringstream ph(it->second.Scalar());
        std::string p2;
        bool ok = true;
        int count = 0;
        while (ph >> p2) {
          ++count;
          if (!phones.count(p2)) {
            r.error(it->second,
                    "pronunciation of '" + w + "': '" + p2 + "' is not an ARPAbet phone");
            ok = false;
            break;
          }
        }
        if (ok && count == 0) r.error(it->second, "pronunciation of '" + w + "' is empty");
        if (ok && count > 0) {
          if (bank.pronunciations.count(w))
            r.error(it->first, "pronunciation of '" + w + "' defined twice");
          bank.pronunciations[w] = it->second.Scalar();
        }
      }
    }
  }
  if (const YAML::Node rs = (*doc)["respellings"]) {
    if (!rs.IsMap()) {
      r.error(rs, "lexicon: 'respellings' must map words to how they are said");
    } else {
      for (auto it = rs.begin(); it != rs.end(); ++it) {
        if (!it->second.IsScalar() || it->second.Scalar().empty()) {
          r.error(it->second, "respelling of '" + it->first.Scalar() + "' must be a string");
          continue;
        }
        bank.respellings[it->first.Scalar()] = it->second.Scalar();
      }
    }
  }
}

}  // namespace detail
}  // namespace spar::bank
