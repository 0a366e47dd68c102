#include "speech/recognizer.h"

#include <pocketsphinx.h>
#include <sphinxbase/err.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>

namespace spar::speech {
namespace {

constexpr int kFrameRate = 100;  // pocketsphinx's default -frate

// pocketsphinx logs everything to stderr; keep its warnings and errors so a
// failure can say why, and print them only when SPAR_SPEECH_DEBUG is set.
std::mutex log_mutex;
std::string last_log;

void on_log(void*, err_lvl_t level, const char* fmt, ...) {
  static const bool debug = std::getenv("SPAR_SPEECH_DEBUG") != nullptr;
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (debug) std::fputs(buf, stderr);
  if (level >= ERR_WARN) {
    std::lock_guard<std::mutex> lock(log_mutex);
    last_log += buf;
    if (last_log.size() > 2000) last_log.erase(0, last_log.size() - 2000);
  }
}

std::string take_log() {
  std::lock_guard<std::mutex> lock(log_mutex);
  std::string s;
  s.swap(last_log);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s.empty() ? "" : " (pocketsphinx: " + s + ")";
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// "word(2)" -> "word"; fillers and silence ("<sil>", "[NOISE]") -> "".
std::string clean_word(const char* w) {
  if (!w || !*w || w[0] == '<' || w[0] == '[') return "";
  std::string s(w);
  if (auto p = s.find('('); p != std::string::npos) s.erase(p);
  return s;
}

}  // namespace

struct Recognizer::Impl {
  ps_decoder_t* ps = nullptr;
  ~Impl() {
    if (ps) ps_free(ps);
  }
};

Recognizer::~Recognizer() = default;

Result<std::unique_ptr<Recognizer>> Recognizer::create(const bank::Bank& bank,
                                                       const RecognizerConfig& c) {
  static std::once_flag log_once;
  std::call_once(log_once, [] {
    err_set_logfp(nullptr);  // also silences the configuration dump
    err_set_callback(on_log, nullptr);
  });
  if (!(c.bank_weight > 0 && c.bank_weight <= 1))
    return make_error("speech recogniser: bank_weight must be in (0, 1], not " +
                      num(c.bank_weight));
  auto models = prepare_models(bank, c.models);
  if (!models) return make_error(models.error());

  std::unique_ptr<Recognizer> r(new Recognizer());
  r->models_ = *models;
  for (const auto& [word, phones] : bank.pronunciations) r->jargon_.insert(word);
  r->impl_ = std::make_unique<Impl>();
  const std::string hmm = models->acoustic.string(), dict = models->dictionary.string();
  const std::string beam = num(c.beam), wbeam = num(c.wbeam), pbeam = num(c.pbeam),
                    maxhmmpf = std::to_string(c.maxhmmpf), lw = num(c.lw);
  std::vector<std::string> args = {"spar",
                                   "-hmm",
                                   hmm,
                                   "-dict",
                                   dict,
                                   "-beam",
                                   beam,
                                   "-wbeam",
                                   wbeam,
                                   "-pbeam",
                                   pbeam,
                                   "-maxhmmpf",
                                   maxhmmpf,
                                   "-lw",
                                   lw,
                                   "-fwdflat",
                                   c.fwdflat ? "yes" : "no",
                                   "-bestpath",
                                   c.bestpath ? "yes" : "no"};
  for (const auto& [name, value] : c.extra) args.push_back(name), args.push_back(value);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  take_log();
  // Parsed as a command line, so every option is converted to its type.
  cmd_ln_t* config = cmd_ln_parse_r(nullptr, ps_args(), int32(argv.size()), argv.data(), TRUE);
  if (!config) return make_error("speech recogniser: bad configuration" + take_log());
  r->impl_->ps = ps_init(config);
  cmd_ln_free_r(config);  // the decoder holds its own reference
  if (!r->impl_->ps)
    return make_error("speech recogniser: cannot load the acoustic model " + hmm + " or " + dict +
                      take_log());
  ps_decoder_t* ps = r->impl_->ps;
  logmath_t* lmath = ps_get_logmath(ps);
  cmd_ln_t* psconfig = ps_get_config(ps);

  ngram_model_t* domain =
      ngram_model_read(psconfig, models->domain_lm.string().c_str(), NGRAM_ARPA, lmath);
  if (!domain)
    return make_error(models->domain_lm.string() + ": cannot load the bank language model" +
                      take_log());
  ngram_model_t* lm = domain;
  if (c.bank_weight < 1) {
    ngram_model_t* generic =
        ngram_model_read(psconfig, models->generic_lm.string().c_str(), NGRAM_AUTO, lmath);
    if (!generic) {
      ngram_model_free(domain);
      return make_error(models->generic_lm.string() + ": cannot load the English language model" +
                        take_log());
    }
    ngram_model_t* lms[2] = {domain, generic};
    char bank_name[] = "bank", generic_name[] = "generic";
    char* names[2] = {bank_name, generic_name};
    const float32 weights[2] = {float32(c.bank_weight), float32(1 - c.bank_weight)};
    lm = ngram_model_set_init(psconfig, lms, names, weights, 2);  // owns both models now
    if (!lm) return make_error("speech recogniser: cannot mix the language models" + take_log());
  }
  int rv = ps_set_lm(ps, "spar", lm);
  ngram_model_free(lm);  // the search keeps its own reference
  if (rv < 0 || ps_set_search(ps, "spar") < 0)
    return make_error("speech recogniser: cannot set up the search" + take_log());
  return r;
}

Status Recognizer::start() {
  if (in_utt_) ps_end_utt(impl_->ps);
  if (ps_start_utt(impl_->ps) < 0)
    return make_error("speech recogniser: cannot start an utterance" + take_log());
  in_utt_ = true;
  fed_ = 0;
  return Ok{};
}

Status Recognizer::feed(std::span<const int16_t> pcm) {
  if (!in_utt_) return make_error("speech recogniser: feed() before start()");
  if (pcm.empty()) return Ok{};
  if (ps_process_raw(impl_->ps, pcm.data(), pcm.size(), FALSE, FALSE) < 0)
    return make_error("speech recogniser: decoding failed" + take_log());
  fed_ += pcm.size();
  return Ok{};
}

Status Recognizer::feed_whole(std::span<const int16_t> pcm) {
  if (!in_utt_) return make_error("speech recogniser: feed_whole() before start()");
  if (ps_process_raw(impl_->ps, pcm.data(), pcm.size(), FALSE, TRUE) < 0)
    return make_error("speech recogniser: decoding failed" + take_log());
  fed_ += pcm.size();
  return Ok{};
}

void join_jargon(Hypothesis& h, const std::set<std::string>& jargon) {
  if (jargon.empty()) return;
  std::vector<text::WordTiming> out;
  for (auto& w : h.words) {
    // Only with a short part ("my sql", "no sql"): "thread pool" stays two words.
    if (!out.empty() && std::min(out.back().word.size(), w.word.size()) <= 3 &&
        jargon.count(out.back().word + w.word)) {
      out.back().word += w.word;
      out.back().end = w.end;
      out.back().confidence = std::min(out.back().confidence, w.confidence);
    } else {
      out.push_back(std::move(w));
    }
  }
  h.words = std::move(out);
  h.text.clear();
  for (const auto& w : h.words) h.text += (h.text.empty() ? "" : " ") + w.word;
}

Hypothesis Recognizer::read(bool final) {
  Hypothesis h;
  h.final = final;
  ps_decoder_t* ps = impl_->ps;
  logmath_t* lmath = ps_get_logmath(ps);
  for (ps_seg_t* seg = ps_seg_iter(ps); seg; seg = ps_seg_next(seg)) {
    std::string w = clean_word(ps_seg_word(seg));
    if (w.empty()) continue;
    int sf = 0, ef = 0;
    ps_seg_frames(seg, &sf, &ef);
    int32 ascr = 0, lscr = 0, lback = 0;
    int32 post = ps_seg_prob(seg, &ascr, &lscr, &lback);
    text::WordTiming t;
    t.word = w;
    t.start = double(sf) / kFrameRate;
    t.end = double(ef + 1) / kFrameRate;
    t.confidence = final ? std::clamp(logmath_exp(lmath, post), 0.0, 1.0) : 1.0;
    h.text += (h.text.empty() ? "" : " ") + w;
    h.words.push_back(std::move(t));
  }
  join_jargon(h, jargon_);
  return h;
}

Hypothesis Recognizer::partial() {
  if (!in_utt_) return {};
  return read(false);
}

Result<Hypothesis> Recognizer::finish() {
  if (!in_utt_) return make_error("speech recogniser: finish() before start()");
  in_utt_ = false;
  if (ps_end_utt(impl_->ps) < 0)
    return make_error("speech recogniser: cannot end the utterance" + take_log());
  return read(true);
}

Result<Hypothesis> transcribe(Recognizer& r, std::span<const int16_t> pcm, FeedMode mode) {
  constexpr size_t kFrame = 160;  // 10 ms
  constexpr size_t kMaxSeg = 30 * 16000, kMinSeg = 20 * 16000;
  // Cut points: the quietest 300 ms between 20 and 30 s into each segment.
  std::vector<size_t> cuts = {0};
  while (pcm.size() - cuts.back() > kMaxSeg) {
    size_t from = cuts.back() + kMinSeg, to = cuts.back() + kMaxSeg;
    double best = 1e300;
    size_t best_at = to;
    for (size_t at = from; at + 30 * kFrame <= to; at += kFrame) {
      double e = 0;
      for (size_t i = at; i < at + 30 * kFrame; ++i) e += double(pcm[i]) * pcm[i];
      if (e < best) best = e, best_at = at + 15 * kFrame;
    }
    cuts.push_back(best_at);
  }
  cuts.push_back(pcm.size());

  Hypothesis all;
  all.final = true;
  for (size_t s = 0; s + 1 < cuts.size(); ++s) {
    if (auto st = r.start(); !st) return make_error(st.error());
    auto seg = pcm.subspan(cuts[s], cuts[s + 1] - cuts[s]);
    if (mode == FeedMode::Whole) {
      if (auto st = r.feed_whole(seg); !st) return make_error(st.error());
    } else {
      for (size_t at = 0; at < seg.size(); at += 1600)
        if (auto st = r.feed(seg.subspan(at, std::min<size_t>(1600, seg.size() - at))); !st)
          return make_error(st.error());
    }
    auto h = r.finish();
    if (!h) return h;
    const double offset = double(cuts[s]) / 16000.0;
    for (auto& w : h->words) {
      w.start += offset, w.end += offset;
      all.text += (all.text.empty() ? "" : " ") + w.word;
      all.words.push_back(std::move(w));
    }
  }
  return all;
}

}  // namespace spar::speech
