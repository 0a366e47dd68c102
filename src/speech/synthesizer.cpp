#include "speech/synthesizer.h"

#include <cctype>
#include <map>

#include "speech/flite_internal.h"

extern "C" {
#include <flite.h>
cst_voice* register_cmu_us_slt(const char* voxdir);
cst_voice* register_cmu_us_rms(const char* voxdir);
cst_voice* register_cmu_us_kal(const char* voxdir);
cst_voice* register_cmu_us_awb(const char* voxdir);
}

namespace spar::speech {

namespace detail {
std::unique_lock<std::mutex> flite_lock() {
  static std::mutex m;
  std::unique_lock<std::mutex> lock(m);
  static bool ready = (flite_init(), true);
  (void)ready;
  return lock;
}
}  // namespace detail

struct Synthesizer::Voice {
  cst_voice* voice = nullptr;
};

namespace {

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = char(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '\'' || (c & 0x80);
}

}  // namespace

const std::vector<std::string>& Synthesizer::voices() {
  static const std::vector<std::string> v = {"slt", "rms", "kal", "awb"};
  return v;
}

Synthesizer::Synthesizer(const SynthesizerConfig& c, Voice* v) : config_(c), voice_(v) {
  for (const auto& [from, to] : c.respellings) folded_[lower(from)] = to;
}

Synthesizer::~Synthesizer() = default;

namespace {

// flite's lexicon is shared by all its US English voices; pronunciations
// added at run time live in its lex_addenda list, replaced as a whole when a
// different set is asked for.
Status set_addenda(cst_voice* voice, const std::map<std::string, std::string>& prons) {
  static std::map<std::string, std::string> applied;
  static bool any = false;
  if (any && applied == prons) return Ok{};
  cst_lexicon* lex = val_lexicon(feat_val(voice->features, "lexicon"));
  cst_val* entries = nullptr;
  for (const auto& [word, arpabet] : prons) {
    // flite's phones are lower case with stress on vowels: stress the first.
    std::string entry = lower(word) + " :";
    bool first_vowel = true;
    size_t a = 0;
    while (a < arpabet.size()) {
      size_t b = arpabet.find(' ', a);
      if (b == std::string::npos) b = arpabet.size();
      std::string ph = lower(arpabet.substr(a, b - a));
      a = b + 1;
      if (ph.empty()) continue;
      bool vowel = std::string("aeiou").find(ph[0]) != std::string::npos;
      if (vowel) ph += first_vowel ? "1" : "0", first_vowel = false;
      bool known = false;
      for (int i = 0; lex->phone_table[i]; ++i) known |= ph == lex->phone_table[i];
      if (!known) {
        if (entries) delete_val(entries);
        return make_error("pronunciation of '" + word + "': flite has no phone '" + ph + "'");
      }
      entry += " " + ph;
    }
    if (cst_val* e = cst_lex_make_entry(lex, entry.c_str())) entries = cons_val(e, entries);
  }
  if (lex->lex_addenda) delete_val(lex->lex_addenda);
  lex->lex_addenda = entries ? val_reverse(entries) : nullptr;
  applied = prons;
  any = true;
  return Ok{};
}

}  // namespace

Result<std::unique_ptr<Synthesizer>> Synthesizer::create(const SynthesizerConfig& config) {
  static std::map<std::string, Voice> registered;  // voices live as long as the process
  auto lock = detail::flite_lock();
  auto it = registered.find(config.voice);
  if (it == registered.end()) {
    cst_voice* v = nullptr;
    if (config.voice == "slt")
      v = register_cmu_us_slt(nullptr);
    else if (config.voice == "rms")
      v = register_cmu_us_rms(nullptr);
    else if (config.voice == "kal")
      v = register_cmu_us_kal(nullptr);
    else if (config.voice == "awb")
      v = register_cmu_us_awb(nullptr);
    else {
      std::string names;
      for (const auto& n : voices()) names += (names.empty() ? "" : ", ") + n;
      return make_error("unknown voice '" + config.voice + "' (voices: " + names + ")");
    }
    if (!v) return make_error("voice '" + config.voice + "': flite could not load it");
    it = registered.emplace(config.voice, Voice{v}).first;
  }
  if (auto st = set_addenda(it->second.voice, config.pronunciations); !st)
    return make_error(st.error());
  return std::unique_ptr<Synthesizer>(new Synthesizer(config, &it->second));
}

std::string Synthesizer::prepare(std::string_view text) const {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (!word_char(text[i])) {
      out += text[i++];
      continue;
    }
    size_t j = i;
    while (j < text.size() && word_char(text[j])) ++j;
    std::string_view w = text.substr(i, j - i);
    auto it = folded_.find(lower(w));
    // A possessive or plural keeps its ending: "JSON's" -> "jay-son's".
    if (it == folded_.end() && w.size() > 2 && lower(w.substr(w.size() - 2)) == "'s")
      if (auto b = folded_.find(lower(w.substr(0, w.size() - 2))); b != folded_.end()) {
        out += b->second + "'s";
        i = j;
        continue;
      }
    out += it != folded_.end() ? it->second : std::string(w);
    i = j;
  }
  return out;
}

std::vector<std::string> Synthesizer::sentences(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    cur += c;
    bool end = c == '\n' ||
               ((c == '.' || c == '?' || c == '!') &&
                (i + 1 == text.size() || std::isspace(static_cast<unsigned char>(text[i + 1]))));
    if (end) {
      bool has_word = false;
      for (char d : cur) has_word |= std::isalnum(static_cast<unsigned char>(d)) != 0;
      if (has_word) out.push_back(cur);
      cur.clear();
    }
  }
  for (char d : cur)
    if (std::isalnum(static_cast<unsigned char>(d))) {
      out.push_back(cur);
      break;
    }
  return out;
}

namespace {

// flite hands over audio while it is still synthesising the rest of the
// sentence (the clustergen voices slt, rms and awb stream from their
// resynthesis stage), so the first audio of a reply leaves sooner.
struct Stream {
  const std::function<bool(std::span<const int16_t>)>* on_chunk;
  bool streamed = false;  // at least one chunk went out this way
  bool stopped = false;   // the caller asked to stop
};

int on_stream(const cst_wave* w, int start, int size, int /*last*/, cst_audio_streaming_info* asi) {
  auto* st = static_cast<Stream*>(asi->userdata);
  // Another rate or stereo is resampled from the whole wave afterwards.
  if (w->sample_rate != kSampleRate || w->num_channels != 1) return CST_AUDIO_STREAM_CONT;
  st->streamed = true;
  if (size > 0 && !(*st->on_chunk)(std::span<const int16_t>(w->samples + start, size_t(size)))) {
    st->stopped = true;
    return CST_AUDIO_STREAM_STOP;
  }
  return CST_AUDIO_STREAM_CONT;
}

}  // namespace

Status Synthesizer::speak(std::string_view text,
                          const std::function<bool(std::span<const int16_t>)>& on_chunk) const {
  for (const auto& sentence : sentences(prepare(text))) {
    Pcm pcm;
    Stream stream{&on_chunk};
    {
      auto lock = detail::flite_lock();
      cst_audio_streaming_info* asi = new_audio_streaming_info();
      asi->asc = on_stream;
      asi->min_buffsize = kSampleRate / 5;  // 200 ms chunks
      asi->userdata = &stream;
      feat_set(voice_->voice->features, "streaming_info", audio_streaming_info_val(asi));
      cst_wave* w = flite_text_to_wave(sentence.c_str(), voice_->voice);
      feat_remove(voice_->voice->features, "streaming_info");  // frees asi
      if (!w)
        return make_error("voice '" + config_.voice + "': flite failed on \"" + sentence + "\"");
      int rate = w->sample_rate, n = w->num_samples, ch = w->num_channels;
      if (stream.streamed) {
        // Already delivered chunk by chunk.
      } else if (ch == 1 && rate == kSampleRate) {
        pcm.assign(w->samples, w->samples + n);
      } else {
        std::vector<float> mono(size_t(n > 0 ? n : 0));
        for (int i = 0; i < n; ++i) {
          float sum = 0;
          for (int c = 0; c < ch; ++c) sum += w->samples[i * ch + c];
          mono[size_t(i)] = sum / float(ch) / 32768.f;
        }
        pcm = to_pcm(resample(mono, rate, kSampleRate));
      }
      delete_wave(w);
    }
    if (stream.stopped) break;
    if (!pcm.empty() && !on_chunk(pcm)) break;
  }
  return Ok{};
}

std::string Synthesizer::phones(std::string_view text) const {
  auto lock = detail::flite_lock();
  std::string out;
  cst_utterance* u = flite_synth_text(prepare(text).c_str(), voice_->voice);
  if (!u) return out;
  for (cst_item* it = relation_head(utt_relation(u, "Segment")); it; it = item_next(it)) {
    std::string ph = item_feat_string(it, "name");
    if (ph == "pau") continue;
    for (char& c : ph) c = char(std::toupper(static_cast<unsigned char>(c)));
    out += (out.empty() ? "" : " ") + ph;
  }
  delete_utterance(u);
  return out;
}

Result<Pcm> Synthesizer::synthesize(std::string_view text) const {
  Pcm all;
  auto st = speak(text, [&](std::span<const int16_t> chunk) {
    all.insert(all.end(), chunk.begin(), chunk.end());
    return true;
  });
  if (!st) return make_error(st.error());
  return all;
}

}  // namespace spar::speech
