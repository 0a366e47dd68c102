#include "interview/intents.h"

#include <unordered_set>
#include <vector>

namespace spar::interview {

const char* to_string(Intent i) {
  switch (i) {
    case Intent::Answer:
      return "answer";
    case Intent::Empty:
      return "empty";
    case Intent::DontKnow:
      return "dont_know";
    case Intent::Skip:
      return "skip";
    case Intent::Repeat:
      return "repeat";
    case Intent::WhatDoYouMean:
      return "what_do_you_mean";
    case Intent::Hint:
      return "hint";
    case Intent::Think:
      return "think";
    case Intent::Stop:
      return "stop";
    case Intent::Ask:
      return "ask";
  }
  return "?";
}

namespace {

bool has_phrase(const std::vector<std::string>& w, std::initializer_list<const char*> phrase) {
  std::vector<std::string> p(phrase.begin(), phrase.end());
  for (size_t i = 0; i + p.size() <= w.size(); ++i) {
    bool ok = true;
    for (size_t k = 0; k < p.size() && ok; ++k) ok = w[i + k] == p[k];
    if (ok) return true;
  }
  return false;
}

}  // namespace

DetectedIntent detect_intent(const text::Analysis& a) {
  static const std::unordered_set<std::string> fillers = {"um", "uh",   "er",   "erm", "hmm", "ah",
                                                          "oh", "well", "okay", "ok",  "so"};
  std::vector<std::string> w;
  for (const auto& t : a.tokens)
    if (!fillers.count(t.text)) w.push_back(t.text);
  DetectedIntent d;
  if (w.empty()) {
    d.intent = Intent::Empty;
    return d;
  }
  size_t n = w.size();
  if (n <= 7 &&
      (has_phrase(w, {"let", "us", "stop"}) || has_phrase(w, {"stop", "the", "interview"}) ||
       has_phrase(w, {"end", "the", "interview"}) || has_phrase(w, {"i", "want", "to", "stop"}) ||
       has_phrase(w, {"that", "is", "enough"}) || has_phrase(w, {"i", "am", "done"}) ||
       has_phrase(w, {"quit"}) || has_phrase(w, {"let", "us", "end"})))
    d.intent = Intent::Stop;
  else if (n <= 5 && (has_phrase(w, {"skip"}) || has_phrase(w, {"next", "question"}) ||
                      has_phrase(w, {"pass"}) || has_phrase(w, {"move", "on"})))
    d.intent = Intent::Skip;
  else if (n <= 8 && (has_phrase(w, {"repeat"}) || has_phrase(w, {"say", "that", "again"}) ||
                      has_phrase(w, {"say", "it", "again"}) || has_phrase(w, {"come", "again"}) ||
                      has_phrase(w, {"pardon"}) || has_phrase(w, {"did", "not", "catch"})))
    d.intent = Intent::Repeat;
  else if (n <= 8 && (has_phrase(w, {"hint"}) || has_phrase(w, {"clue"}) ||
                      has_phrase(w, {"nudge"}) || has_phrase(w, {"help", "me"})))
    d.intent = Intent::Hint;
  else if (n <= 8 &&
           (has_phrase(w, {"let", "me", "think"}) || has_phrase(w, {"give", "me", "a", "second"}) ||
            has_phrase(w, {"give", "me", "a", "minute"}) || has_phrase(w, {"one", "moment"}) ||
            has_phrase(w, {"one", "sec"}) || has_phrase(w, {"thinking"}) ||
            has_phrase(w, {"hold", "on"})))
    d.intent = Intent::Think;
  else if (n <= 10 &&
           (has_phrase(w, {"do", "not", "know"}) || has_phrase(w, {"no", "idea"}) ||
            has_phrase(w, {"not", "sure"}) || has_phrase(w, {"no", "clue"}) ||
            has_phrase(w, {"can", "not", "remember"}) || has_phrase(w, {"do", "not", "remember"}) ||
            has_phrase(w, {"i", "forget"}) || has_phrase(w, {"not", "familiar"})))
    d.intent = Intent::DontKnow;
  if (d.intent != Intent::Answer) return d;

  // "what do you mean by X", "what does X mean", "what is meant by X"
  auto tail_after = [&](std::initializer_list<const char*> p) -> std::string {
    std::vector<std::string> ph(p.begin(), p.end());
    for (size_t i = 0; i + ph.size() <= n; ++i) {
      bool ok = true;
      for (size_t k = 0; k < ph.size() && ok; ++k) ok = w[i + k] == ph[k];
      if (!ok) continue;
      std::string t;
      for (size_t k = i + ph.size(); k < n; ++k) t += (t.empty() ? "" : " ") + w[k];
      return t.empty() ? "it" : t;
    }
    return "";
  };
  if (n <= 14) {
    std::string t = tail_after({"what", "do", "you", "mean", "by"});
    if (t.empty()) t = tail_after({"what", "is", "meant", "by"});
    if (t.empty() && has_phrase(w, {"what", "do", "you", "mean"})) t = "it";
    if (t.empty() && w[0] == "what" && n >= 3 && w[n - 1] == "mean" &&
        (w[1] == "does" || w[1] == "do")) {
      for (size_t k = 2; k + 1 < n; ++k) t += (t.empty() ? "" : " ") + w[k];
    }
    if (!t.empty()) {
      d.intent = Intent::WhatDoYouMean;
      d.term = t;
      return d;
    }
  }
  // A clarifying question: ends with '?' or opens like one, and is short.
  bool question_mark = a.text.find('?') != std::string::npos;
  static const std::unordered_set<std::string> openers = {
      "how",  "what", "what's", "do",   "does",  "should", "is",    "are", "can",
      "will", "who",  "which",  "when", "where", "would",  "could", "did", "may"};
  if (n <= 25 && (question_mark || openers.count(w[0])) && !(w[0] == "what" && n > 18))
    d.intent = Intent::Ask;
  return d;
}

}  // namespace spar::interview
