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

namespace spar::bank {

enum class Level { Junior, Mid, Senior };
enum class Band { Weak, Partial, Solid, Strong };

const char* to_string(Level l);
const char* to_string(Band b);
std::optional<Level> parse_level(const std::string& s);
std::optional<Band> parse_band(const std::string& s);

// The knowledge areas and the design area; a question id starts with its area.
const std::vector<std::string>& known_areas();
// Human name of an area ("db" -> "Databases and SQL").
std::string area_title(const std::string& area);

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
  std::string stage;
  Loc loc;
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

struct Bank {
  std::vector<Question> questions;
  text::Lexicon lexicon;
  std::map<std::string, std::string> pronunciations;  // word -> ARPAbet phones
  std::map<std::string, std::string> respellings;     // word -> how TTS should say it
  // Interviewer lines by key (bank/interviewer.yaml), each with >= 3 phrasings.
  std::map<std::string, std::vector<std::string>> lines;
  std::unordered_map<std::string, size_t> by_id;

  const Question* find(const std::string& id) const;
};

}  // namespace spar::bank
