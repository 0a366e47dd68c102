#include "interview/intents.h"

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

Intent request_intent(const std::string& name) {
  for (auto i :
       {Intent::Stop, Intent::Skip, Intent::Repeat, Intent::Hint, Intent::Think, Intent::DontKnow})
    if (name == to_string(i)) return i;
  return Intent::Answer;
}

namespace {

// The term a "what do you mean" pattern asks about in `w`, or "".
std::string asked_term(const std::vector<std::string>& w, const bank::TermPattern& p) {
  auto join = [&](size_t from, size_t to) {
    std::string t;
    for (size_t k = from; k < to; ++k) t += (t.empty() ? "" : " ") + w[k];
    return t;
  };
  auto at = [&](size_t i, const std::vector<std::string>& ph) {
    if (i + ph.size() > w.size()) return false;
    for (size_t k = 0; k < ph.size(); ++k)
      if (w[i + k] != ph[k]) return false;
    return true;
  };
  const size_t n = w.size();
  if (!p.after.empty()) {
    // "what does X mean": the whole utterance, with at least one word for X.
    if (n <= p.before.size() + p.after.size() || !at(0, p.before) ||
        !at(n - p.after.size(), p.after))
      return "";
    return join(p.before.size(), n - p.after.size());
  }
  for (size_t i = 0; i + p.before.size() <= n; ++i) {
    if (!at(i, p.before)) continue;
    std::string t = p.has_term ? join(i + p.before.size(), n) : "";
    return t.empty() ? "it" : t;
  }
  return "";
}

}  // namespace

DetectedIntent detect_intent(const text::Analysis& a, const bank::IntentWords& words) {
  std::vector<std::string> w;
  for (const auto& t : a.tokens)
    if (!words.ignored.contains(t.text)) w.push_back(t.text);
  DetectedIntent d;
  if (w.empty()) {
    d.intent = Intent::Empty;
    return d;
  }
  const size_t n = w.size();
  for (const auto& r : words.requests) {
    if (n > static_cast<size_t>(r.max_words) || !r.phrases.found_in(w)) continue;
    d.intent = request_intent(r.intent);
    return d;
  }

  // "what do you mean by X", "what does X mean", "what is meant by X"
  if (n <= static_cast<size_t>(words.what_max_words)) {
    for (const auto& p : words.what_patterns) {
      std::string t = asked_term(w, p);
      if (t.empty()) continue;
      d.intent = Intent::WhatDoYouMean;
      d.term = t;
      return d;
    }
  }
  // A clarifying question: ends with '?' or opens like one, and is short.
  bool question_mark = a.text.find('?') != std::string::npos;
  auto limit = words.opener_max_words.find(w[0]);
  bool too_long = limit != words.opener_max_words.end() && n > static_cast<size_t>(limit->second);
  if (n <= static_cast<size_t>(words.ask_max_words) &&
      (question_mark || words.ask_openers.contains(w[0])) && !too_long)
    d.intent = Intent::Ask;
  return d;
}

}  // namespace spar::interview
