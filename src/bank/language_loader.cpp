// Loading the language files (bank/language/*.yaml): the English words the
// analyzer, grader, interviewer and endpointer look for. Every entry is
// checked to be lower-case words as the tokenizer leaves them, lists that are
// looked up word by word hold single words, and no list repeats an entry.
#include <cctype>
#include <set>

#include "bank/loader_internal.h"
#include "bank/yaml_reader.h"

namespace fs = std::filesystem;

namespace spar::bank::detail {
namespace {

enum class Words { One, Phrase };

// Why `entry` is not a phrase of lower-case words ("" when it is).
std::string phrase_problem(const std::string& entry, Words words) {
  if (entry.empty() || entry.front() == ' ' || entry.back() == ' ' ||
      entry.find("  ") != std::string::npos)
    return "must be words separated by single spaces";
  for (char c : entry) {
    auto u = static_cast<unsigned char>(c);
    if (!(std::islower(u) || std::isdigit(u) || c == '\'' || c == '.' || c == ' '))
      return "must be lower-case words (a-z, digits, ' and .)";
  }
  if (words == Words::One && entry.find(' ') != std::string::npos)
    return "must be a single word (this list is looked up word by word)";
  return {};
}

// A list of phrases under `key`; bad and repeated entries are reported with
// their line and left out.
std::vector<std::string> phrase_strings(YamlReader& r, const YAML::Node& map, const char* key,
                                        const std::string& what, Words words) {
  std::vector<std::string> out;
  auto seq = r.seq(map, key, true, what);
  if (!seq) return out;
  std::set<std::string> seen;
  for (const auto& e : *seq) {
    if (!e.IsScalar()) {
      r.error(e, what + ": every entry of '" + key + "' must be a string");
      continue;
    }
    const std::string& s = e.Scalar();
    if (auto why = phrase_problem(s, words); !why.empty()) {
      r.error(e, what + ": '" + key + "' entry \"" + s + "\" " + why);
      continue;
    }
    if (!seen.insert(s).second) {
      r.error(e, what + ": '" + key + "' lists \"" + s + "\" twice");
      continue;
    }
    out.push_back(s);
  }
  return out;
}

text::PhraseList phrases(YamlReader& r, const YAML::Node& map, const char* key,
                         const std::string& what, Words words = Words::Phrase) {
  return text::PhraseList(phrase_strings(r, map, key, what, words));
}

// A section of the file: a mapping with exactly these fields (nullopt when
// it is missing or not a mapping; the problem is reported).
std::optional<YAML::Node> section(YamlReader& r, const YAML::Node& doc, const char* key,
                                  std::initializer_list<const char*> fields,
                                  const std::string& what) {
  const YAML::Node n = doc[key];
  if (!n) {
    r.error(doc, what + ": missing required field '" + key + "'");
    return std::nullopt;
  }
  if (!r.check_map(n, fields, what + " '" + key + "'")) return std::nullopt;
  return n;
}

int positive_int(YamlReader& r, const YAML::Node& map, const char* key, const std::string& what) {
  auto v = r.num(map, key, true, what);
  if (!v) return 0;
  if (*v < 1 || *v != static_cast<int>(*v)) {
    r.error(map[key], what + ": '" + key + "' must be a whole number of at least 1");
    return 0;
  }
  return static_cast<int>(*v);
}

void load_analysis(const YAML::Node& doc, YamlReader& r, text::AnalysisWords& w) {
  const std::string what = "analysis words";
  if (!r.check_map(doc, {"negation", "hedges", "segmentation"}, what)) return;
  if (auto n = section(r, doc, "negation", {"negators", "not_negating", "scope_stops"}, what)) {
    w.negators = phrases(r, *n, "negators", what, Words::One);
    w.not_negating = phrases(r, *n, "not_negating", what);
    w.scope_stops = phrases(r, *n, "scope_stops", what, Words::One);
  }
  w.hedges = phrases(r, doc, "hedges", what);
  auto seg = section(r, doc, "segmentation",
                     {"clause_words", "clause_exceptions", "sentence_phrases", "sentence_words",
                      "count_words", "sentence_exceptions", "then_words", "condition_words",
                      "adjectives", "adjective_leads", "long_sentence_breaks"},
                     what);
  if (!seg) return;
  const YAML::Node& s = *seg;
  auto& g = w.segmentation;
  g.clause_words = phrases(r, s, "clause_words", what, Words::One);
  g.clause_exceptions = phrases(r, s, "clause_exceptions", what);
  g.sentence_phrases = phrases(r, s, "sentence_phrases", what);
  g.sentence_words = phrases(r, s, "sentence_words", what, Words::One);
  g.count_words = phrases(r, s, "count_words", what, Words::One);
  g.sentence_exceptions = phrases(r, s, "sentence_exceptions", what);
  g.then_words = phrases(r, s, "then_words", what, Words::One);
  g.condition_words = phrases(r, s, "condition_words", what, Words::One);
  g.adjectives = phrases(r, s, "adjectives", what, Words::One);
  g.adjective_leads = phrases(r, s, "adjective_leads", what, Words::One);
  g.long_sentence_breaks = phrases(r, s, "long_sentence_breaks", what, Words::One);
}

void load_grading(const YAML::Node& doc, YamlReader& r, GradingWords& w) {
  const std::string what = "grading words";
  if (!r.check_map(doc, {"cues", "function_words", "fillers", "retraction", "stopwords"}, what))
    return;
  if (auto c = section(r, doc, "cues",
                       {"tradeoff", "justification", "alternative", "failure", "decision",
                        "alternative_after_choice", "choice_words"},
                       what)) {
    w.tradeoff = phrases(r, *c, "tradeoff", what);
    w.justification = phrases(r, *c, "justification", what);
    w.alternative = phrases(r, *c, "alternative", what);
    w.failure = phrases(r, *c, "failure", what);
    w.decision = phrases(r, *c, "decision", what);
    w.alternative_after_choice = phrases(r, *c, "alternative_after_choice", what, Words::One);
    w.choice_words = phrases(r, *c, "choice_words", what, Words::One);
  }
  w.function_words = phrases(r, doc, "function_words", what, Words::One);
  if (auto f = section(
          r, doc, "fillers",
          {"phrases", "sometimes", "filler_after", "ordinary_after", "ordinary_before"}, what)) {
    w.fillers = phrases(r, *f, "phrases", what);
    w.sometimes = phrases(r, *f, "sometimes", what, Words::One);
    w.filler_after = phrases(r, *f, "filler_after", what, Words::One);
    w.ordinary_after = phrases(r, *f, "ordinary_after", what, Words::One);
    w.ordinary_before = phrases(r, *f, "ordinary_before", what, Words::One);
  }
  if (auto t = section(r, doc, "retraction", {"phrases", "openers", "opener_leads"}, what)) {
    w.retraction_phrases = phrases(r, *t, "phrases", what);
    w.retraction_openers = phrases(r, *t, "openers", what, Words::One);
    w.opener_leads = phrases(r, *t, "opener_leads", what, Words::One);
  }
  w.stopwords = phrases(r, doc, "stopwords", what, Words::One);
}

// "what do you mean by {term}": the words around one optional {term}.
std::optional<TermPattern> term_pattern(YamlReader& r, const YAML::Node& e,
                                        const std::string& what) {
  if (!e.IsScalar()) {
    r.error(e, what + ": every pattern must be a string");
    return std::nullopt;
  }
  const std::string& s = e.Scalar();
  TermPattern p;
  std::string plain;  // the pattern without {term}, checked like any phrase
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(' ', start);
    if (end == std::string::npos) end = s.size();
    std::string word = s.substr(start, end - start);
    if (word == "{term}") {
      if (p.has_term || p.before.empty()) {
        r.error(e, what + ": pattern \"" + s +
                       "\" must have words before '{term}' and use it at most once");
        return std::nullopt;
      }
      p.has_term = true;
    } else {
      (p.has_term ? p.after : p.before).push_back(word);
      plain += (plain.empty() ? "" : " ") + word;
    }
    start = end + 1;
  }
  if (auto why = phrase_problem(plain, Words::Phrase); !why.empty()) {
    r.error(e, what + ": pattern \"" + s + "\" " + why);
    return std::nullopt;
  }
  return p;
}

void load_intents(const YAML::Node& doc, YamlReader& r, IntentWords& w) {
  const std::string what = "intent words";
  if (!r.check_map(doc, {"ignored", "requests", "what_do_you_mean", "ask"}, what)) return;
  w.ignored = phrases(r, doc, "ignored", what, Words::One);
  if (const YAML::Node req = doc["requests"]; !req || !req.IsMap()) {
    r.error(req ? req : doc, what + ": 'requests' must map each request to its phrases");
  } else {
    std::set<std::string> known(request_intents().begin(), request_intents().end());
    for (auto it = req.begin(); it != req.end(); ++it)
      if (!known.count(it->first.Scalar()))
        r.error(it->first, what + ": unknown request '" + it->first.Scalar() +
                               "' (allowed: stop, skip, repeat, hint, think, dont_know)");
    for (const auto& name : request_intents()) {
      const YAML::Node n = req[name];
      const std::string rw = what + " request '" + name + "'";
      if (!n) {
        r.error(req, what + ": missing request '" + name + "'");
        continue;
      }
      if (!r.check_map(n, {"max_words", "phrases"}, rw)) continue;
      w.requests.push_back(
          {name, positive_int(r, n, "max_words", rw), phrases(r, n, "phrases", rw)});
    }
  }
  if (auto m = section(r, doc, "what_do_you_mean", {"max_words", "patterns"}, what)) {
    w.what_max_words = positive_int(r, *m, "max_words", what + " 'what_do_you_mean'");
    if (auto seq = r.seq(*m, "patterns", true, what + " 'what_do_you_mean'"))
      for (const auto& e : *seq)
        if (auto p = term_pattern(r, e, what)) w.what_patterns.push_back(std::move(*p));
  }
  if (auto a = section(r, doc, "ask", {"max_words", "openers", "opener_max_words"}, what)) {
    w.ask_max_words = positive_int(r, *a, "max_words", what + " 'ask'");
    w.ask_openers = phrases(r, *a, "openers", what, Words::One);
    const YAML::Node lim = (*a)["opener_max_words"];
    if (lim && !lim.IsMap()) {
      r.error(lim, what + ": 'opener_max_words' must map opener words to word counts");
    } else if (lim) {
      for (auto it = lim.begin(); it != lim.end(); ++it) {
        const std::string word = it->first.Scalar();
        if (!w.ask_openers.contains(word))
          r.error(it->first, what + ": 'opener_max_words' names '" + word +
                                 "', which is not one of the openers");
        else if (int n = positive_int(r, lim, word.c_str(), what + " 'opener_max_words'"))
          w.opener_max_words[word] = n;
      }
    }
  }
}

void load_speech(const YAML::Node& doc, YamlReader& r, Language& lang) {
  const std::string what = "speech words";
  if (!r.check_map(doc, {"done_phrases"}, what)) return;
  lang.done_phrases = phrase_strings(r, doc, "done_phrases", what, Words::Phrase);
  if (lang.done_phrases.empty()) r.error(doc, what + ": 'done_phrases' needs at least one phrase");
}

}  // namespace

void load_language(const fs::path& dir, const std::string& shown_dir, Bank& bank,
                   Diagnostics& out) {
  struct File {
    const char* name;
    void (*load)(const YAML::Node&, YamlReader&, Language&);
  };
  static const File files[] = {
      {"analysis.yaml",
       [](const YAML::Node& d, YamlReader& r, Language& l) { load_analysis(d, r, l.analysis); }},
      {"grading.yaml",
       [](const YAML::Node& d, YamlReader& r, Language& l) { load_grading(d, r, l.grading); }},
      {"intents.yaml",
       [](const YAML::Node& d, YamlReader& r, Language& l) { load_intents(d, r, l.intents); }},
      {"speech.yaml", load_speech},
  };
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    out.push_back({shown_dir, 0,
                   "missing language directory (analysis.yaml, grading.yaml, "
                   "intents.yaml, speech.yaml)"});
    return;
  }
  std::set<std::string> known;
  for (const auto& f : files) {
    known.insert(f.name);
    fs::path p = dir / f.name;
    std::string shown = p.lexically_normal().string();
    if (!fs::exists(p, ec)) {
      out.push_back({shown, 0, "missing language file"});
      continue;
    }
    auto doc = parse_file(p, shown, out);
    if (!doc) continue;
    YamlReader r(shown, out);
    f.load(*doc, r, bank.language);
  }
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (!known.count(e.path().filename().string()))
      out.push_back({e.path().lexically_normal().string(), 0,
                     "unknown language file (expected analysis.yaml, grading.yaml, "
                     "intents.yaml, speech.yaml)"});
}

}  // namespace spar::bank::detail
