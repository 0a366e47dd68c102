// Loading bank/claims/*.yaml: shared checkable facts (docs/BANK.md, "Claims").
#include "bank/loader_internal.h"
#include "bank/rules.h"
#include "bank/yaml_reader.h"

namespace fs = std::filesystem;

namespace spar::bank::detail {
namespace {

// A claim slot: concept ids separated by '|' ("read-committed|rc"), none
// negated.
std::vector<int> slot(YamlReader& r, const YAML::Node& n, const char* key, bool required,
                      const Bank& bank, const std::string& what) {
  auto s = r.str(n, key, required, what);
  if (!s) return {};
  std::string err;
  auto terms = parse_terms(*s, bank.lexicon, err);
  if (!terms) {
    r.error(n[key], what + ": " + key + ": " + err);
    return {};
  }
  if (terms->size() != 1 || (*terms)[0].negated) {
    r.error(n[key], what + ": " + key + " must be concept ids joined by '|' (\"" + *s + "\")");
    return {};
  }
  return (*terms)[0].concepts;
}

}  // namespace

void load_claims(const fs::path& p, const std::string& shown, Bank& bank, Diagnostics& out) {
  auto doc = parse_file(p, shown, out);
  if (!doc) return;
  YamlReader r(shown, out);
  if (!r.check_map(*doc, {"claims"}, "claims file")) return;
  auto s = r.seq(*doc, "claims", true, "claims file");
  if (!s) return;
  for (const auto& n : *s) {
    std::string what = "claim";
    if (!r.check_map(n, {"id", "subject", "attribute", "right", "wrong", "text", "challenge"},
                     what))
      continue;
    auto id = r.str(n, "id", true, what);
    if (!id) continue;
    what = "claim '" + *id + "'";
    Claim c;
    c.id = *id;
    c.loc = {shown, YamlReader::line_of(n)};
    c.subject = slot(r, n, "subject", true, bank, what);
    c.attribute = slot(r, n, "attribute", false, bank, what);
    c.right = slot(r, n, "right", false, bank, what);
    c.wrong = slot(r, n, "wrong", false, bank, what);
    if (c.right.empty() && c.wrong.empty() && !n["right"] && !n["wrong"])
      r.error(n, what + ": needs 'right' or 'wrong' values");
    if (auto t = r.str(n, "text", true, what)) c.text = *t;
    if (auto t = r.str(n, "challenge", false, what)) c.challenge = *t;
    for (int v : c.right)
      for (int w : c.wrong)
        if (v == w)
          r.error(n, what + ": '" + bank.lexicon.concept_at(v).id + "' is both right and wrong");
    if (const Claim* prev = bank.claim(c.id)) {
      r.error(n, "duplicate claim id '" + c.id + "' (also at " + prev->loc.str() + ")");
      continue;
    }
    bank.claims.push_back(std::move(c));
  }
}

}  // namespace spar::bank::detail
