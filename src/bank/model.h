// The question bank: knowledge questions, design problems and the lexicon,
// as loaded from bank/*.yaml (format: docs/BANK.md).
//
// Everything here is plain data. A Bank is immutable once loaded and can be
// shared between threads; match rules are compiled against its lexicon.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "text/lexicon.h"
#include "text/matcher.h"
#include "text/phrases.h"

namespace spar::bank {

enum class Level { Junior, Mid, Senior };
enum class Band { Weak, Partial, Solid, Strong };

const char* to_string(Level l);
const char* to_string(Band b);
std::optional<Level> parse_level(const std::string& s);
std::optional<Band> parse_band(const std::string& s);

// Keys bank/interviewer.yaml must define.
const std::vector<std::string>& required_line_keys();

// The design stages, in the order an interview walks them.
const std::vector<std::string>& design_stages();

struct Loc {
  std::string file;
  int line = 0;  // 1-based; 0 = whole file
  std::string str() const { return file + ":" + std::to_string(line); }
};

enum class PointKind { Fact, Tradeoff, Reason, Example };

struct RubricPoint {
  std::string id;
  double weight = 1;
  std::string text;  // one sentence: what a strong answer says
  PointKind kind = PointKind::Fact;
  std::vector<text::Rule> rules;
  std::vector<std::string> rule_src;  // the rules as written, for messages
  std::string stage;                  // design problems only
  Loc loc;
};

struct RedFlag {
  std::string id;
  std::string text;        // the misconception, as a candidate would say it
  std::string correction;  // what the feedback shows
  std::string challenge;   // optional: what the interviewer says back
  std::vector<text::Rule> rules;
  // Correct sentences the flag must not fire on (>= 3; the linter checks).
  std::vector<std::string> not_when;
  std::string stage;
  Loc loc;
  Loc not_when_loc;
};

enum class ProbeKind { Missing, Mentions, Why, Scale, Failure };
const char* to_string(ProbeKind k);

struct Probe {
  std::string id;
  ProbeKind kind = ProbeKind::Why;
  std::string target;               // point id (Missing) or concept id (Mentions)
  std::string ask;                  // what the interviewer says
  std::vector<std::string> covers;  // points a good reply covers
  std::string stage;
  Loc loc;
};

struct Sample {
  Band band = Band::Partial;
  std::string label;  // e.g. "misconception"
  std::string text;
  Loc loc;
};

struct Fact {
  std::string id;                // snake_case, usable in estimate formulas
  std::vector<std::string> ask;  // phrases a clarifying question would contain
  std::string answer;            // what the interviewer says
  std::optional<double> value;
  std::string unit;
  Loc loc;
};

struct Estimate {
  std::string id;
  std::string name;
  double value = 0;
  std::string unit;
  std::string formula;   // arithmetic over fact ids and numbers
  std::string explain;   // the derivation in words
  double tolerance = 3;  // a candidate is right within a factor of this
  Loc loc;
};

struct Stage {
  std::string id;
  int minutes = 0;
  Loc loc;
};

// A checkable fact (bank/claims/*.yaml): a subject's attribute has a value.
// "PostgreSQL's default isolation level is read committed": subject
// postgres, attribute default-setting, right read-committed, wrong
// serializable|repeatable-read. A statement giving the subject one of the
// wrong values (or denying a right one) is a wrong claim, however worded.
struct Claim {
  std::string id;
  std::vector<int> subject;    // concept indices, any of
  std::vector<int> attribute;  // any of these must also occur; empty = none needed
  std::vector<int> right;      // values that are right
  std::vector<int> wrong;      // known wrong values
  std::string text;            // the fact, stated plainly (the correction shown)
  std::string challenge;       // optional: what the interviewer says back
  Loc loc;
};

struct Question {
  std::string id;
  std::string area;
  std::string topic;
  std::vector<Level> levels;
  std::string prompt;
  std::vector<std::string> alternatives;
  std::vector<std::string> hints;
  // For design problems these hold every stage's items, each tagged with it.
  std::vector<RubricPoint> points;
  std::vector<RedFlag> red_flags;
  std::vector<Probe> probes;
  std::string model_answer;
  std::vector<Sample> samples;
  std::vector<std::string> see_also;
  std::vector<std::string> claims;  // ids of the claims this question is about
  // Design problems.
  bool design = false;
  std::vector<Stage> stages;
  std::vector<Fact> facts;
  std::vector<Estimate> estimates;

  std::string path;
  Loc loc;

  const RubricPoint* point(const std::string& pid) const;
  bool has_level(Level l) const;
};

// The words the grader reads reasoning and clarity from
// (bank/language/grading.yaml).
struct GradingWords {
  // Reasoning cues, one list per dimension.
  text::PhraseList tradeoff, justification, alternative, failure, decision;
  text::PhraseList alternative_after_choice;  // "over": only after a choice word
  text::PhraseList choice_words;              // "prefer", "choose", "pick"
  text::PhraseList function_words;            // "the", "is": connected prose, not a term list
  // Fillers: always, or `sometimes` depending on the words around them.
  text::PhraseList fillers, sometimes, filler_after, ordinary_after, ordinary_before;
  // Taking a misconception back: "actually no", or "sorry"/"wait" opening a clause.
  text::PhraseList retraction_phrases, retraction_openers, opener_leads;
  text::PhraseList stopwords;  // reference mode: words without content
};

// A "what do you mean by {term}" pattern (bank/language/intents.yaml).
struct TermPattern {
  std::vector<std::string> before;  // words before {term} (or the whole phrase)
  std::vector<std::string> after;   // words after {term}; non-empty: spans the utterance
  bool has_term = false;
};

// What a candidate means besides answering (bank/language/intents.yaml).
struct IntentWords {
  struct Request {
    std::string intent;  // "stop", "skip", "repeat", "hint", "think", "dont_know"
    int max_words = 0;
    text::PhraseList phrases;
  };
  text::PhraseList ignored;       // "um", "well": left out before matching
  std::vector<Request> requests;  // in the order they are checked
  int what_max_words = 0;
  std::vector<TermPattern> what_patterns;
  int ask_max_words = 0;
  text::PhraseList ask_openers;
  std::map<std::string, int> opener_max_words;
};

// Request intents bank/language/intents.yaml must define, in checking order.
const std::vector<std::string>& request_intents();

// The English the code looks for, as data (bank/language/*.yaml).
struct Language {
  text::AnalysisWords analysis;           // analysis.yaml
  GradingWords grading;                   // grading.yaml
  IntentWords intents;                    // intents.yaml
  std::vector<std::string> done_phrases;  // speech.yaml: "i'm done"
};

// A knowledge area or the design area (bank/areas.yaml); a question id
// starts with its area.
struct Area {
  std::string id;     // "db"
  std::string title;  // "Databases and SQL": the one place the name is written
};

struct Bank {
  std::vector<Question> questions;
  text::Lexicon lexicon;
  std::map<std::string, std::string> pronunciations;  // word -> ARPAbet phones
  std::map<std::string, std::string> respellings;     // word -> how TTS should say it
  // Interviewer lines by key (bank/interviewer.yaml), each with >= 3 phrasings.
  std::map<std::string, std::vector<std::string>> lines;
  Language language;
  std::vector<Area> areas;  // in the order bank/areas.yaml lists them
  std::unordered_map<std::string, size_t> by_id;
  std::vector<Claim> claims;  // shared facts (bank/claims/*.yaml)

  const Question* find(const std::string& id) const;
  const Claim* claim(const std::string& id) const;
  bool has_area(const std::string& id) const;
  // The area's title, or the id itself for an area the bank does not list.
  std::string area_title(const std::string& id) const;
};

}  // namespace spar::bank
