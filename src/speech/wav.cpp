#include "speech/wav.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numeric>
#include <sstream>

#include "common/file.h"

namespace spar::speech {
namespace {

// Ten minutes (the most read_wav keeps) of 48 kHz 16-bit stereo, or of 48 kHz
// 32-bit float mono as browsers record (115.2 MB), plus room for the header
// and other chunks: 111 MiB. Checked before reading, so /dev/zero or a huge
// file fails at once.
constexpr std::size_t kMaxWavBytes = std::size_t{111} * 1024 * 1024;

uint16_t le16(const unsigned char* p) {
  return uint16_t(p[0] | (p[1] << 8));
}
uint32_t le32(const unsigned char* p) {
  return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

std::string fmt_seconds(double s) {
  std::ostringstream o;
  o.precision(1);
  o << std::fixed << s << " s";
  return o.str();
}

struct Format {
  int encoding = 0;  // 1 = integer PCM, 3 = IEEE float
  int channels = 0;
  int rate = 0;
  int bits = 0;
  int block_align = 0;
};

// Decodes one sample of `bits` at p into [-1, 1].
float decode(const unsigned char* p, const Format& f) {
  if (f.encoding == 3) {
    if (f.bits == 32) {
      uint32_t u = le32(p);
      float v;
      std::memcpy(&v, &u, 4);
      return std::isfinite(v) ? std::clamp(v, -1.f, 1.f) : 0.f;
    }
    uint64_t u = uint64_t(le32(p)) | (uint64_t(le32(p + 4)) << 32);
    double v;
    std::memcpy(&v, &u, 8);
    return std::isfinite(v) ? float(std::clamp(v, -1.0, 1.0)) : 0.f;
  }
  switch (f.bits) {
    case 8:
      return (int(p[0]) - 128) / 128.f;  // 8-bit WAV is unsigned
    case 16:
      return int16_t(le16(p)) / 32768.f;
    case 24: {
      int32_t v = int32_t(uint32_t(p[0]) << 8 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 24) >> 8;
      return v / 8388608.f;
    }
    default:
      return float(int32_t(le32(p)) / 2147483648.0);
  }
}

// Checks the fmt chunk; returns an empty string when it is usable.
std::string check_format(const Format& f) {
  if (f.encoding != 1 && f.encoding != 3)
    return "unsupported encoding " + std::to_string(f.encoding) +
           " (only integer PCM and IEEE float are read)";
  if (f.channels < 1 || f.channels > 32)
    return "corrupt header: " + std::to_string(f.channels) + " channels";
  if (f.rate < 1000 || f.rate > 768000)
    return "corrupt header: sample rate " + std::to_string(f.rate) + " Hz";
  bool bits_ok = f.encoding == 1 ? (f.bits == 8 || f.bits == 16 || f.bits == 24 || f.bits == 32)
                                 : (f.bits == 32 || f.bits == 64);
  if (!bits_ok)
    return "unsupported sample size " + std::to_string(f.bits) + " bits" +
           (f.encoding == 3 ? " for float samples" : "");
  if (f.block_align != f.channels * f.bits / 8)
    return "corrupt header: block align " + std::to_string(f.block_align) + " does not match " +
           std::to_string(f.channels) + " channel(s) of " + std::to_string(f.bits) + " bits";
  return "";
}

}  // namespace

Result<LoadedAudio> parse_wav(std::string_view bytes, const std::string& name,
                              const WavReadOptions& opts) {
  auto fail = [&](const std::string& why) { return make_error(name + ": " + why); };
  const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  if (n < 12 || std::memcmp(b + 8, "WAVE", 4) != 0 ||
      (std::memcmp(b, "RIFF", 4) != 0 && std::memcmp(b, "RIFX", 4) != 0 &&
       std::memcmp(b, "RF64", 4) != 0))
    return fail("not a WAV file (no RIFF/WAVE header)");
  if (std::memcmp(b, "RIFF", 4) != 0)
    return fail("unsupported WAV variant '" + std::string(bytes.substr(0, 4)) +
                "' (only little-endian RIFF is read)");

  Format f;
  bool have_fmt = false;
  const unsigned char* data = nullptr;
  size_t data_size = 0;
  size_t at = 12;
  while (at + 8 <= n) {
    std::string_view id = bytes.substr(at, 4);
    uint32_t size = le32(b + at + 4);
    size_t body = at + 8;
    if (id == "fmt ") {
      if (size < 16 || body + 16 > n) return fail("corrupt header: fmt chunk too short");
      f.encoding = le16(b + body);
      f.channels = le16(b + body + 2);
      f.rate = int(le32(b + body + 4));
      f.block_align = le16(b + body + 12);
      f.bits = le16(b + body + 14);
      if (f.encoding == 0xFFFE) {  // WAVE_FORMAT_EXTENSIBLE: the real format is the subformat
        if (size < 40 || body + 40 > n)
          return fail("corrupt header: extensible fmt chunk too short");
        f.encoding = le16(b + body + 24);
      }
      if (auto why = check_format(f); !why.empty()) return fail(why);
      have_fmt = true;
    } else if (id == "data") {
      if (!have_fmt) return fail("corrupt header: data chunk comes before the fmt chunk");
      size_t avail = n - body;
      // Streaming writers leave 0 or 0xFFFFFFFF when they could not go back.
      if (size == 0xFFFFFFFFu || (size == 0 && avail > 0))
        size = uint32_t(std::min<size_t>(avail, 0xFFFFFFFEu));
      if (size > avail)
        return fail("truncated: the header promises " + std::to_string(size) +
                    " bytes of audio but only " + std::to_string(avail) + " are present");
      data = b + body;
      data_size = size;
      break;
    }
    if (size > n - body) break;  // an unknown chunk running past the end
    at = body + size + (size & 1);
  }
  if (!have_fmt) return fail("corrupt header: no fmt chunk");
  if (!data) return fail("truncated or corrupt: no data chunk");

  size_t frames = data_size / size_t(f.block_align);
  if (frames == 0) return fail("contains no audio samples");
  LoadedAudio out;
  out.original_seconds = double(frames) / f.rate;
  size_t max_frames = size_t(opts.max_seconds * f.rate);
  if (frames > max_frames) {
    out.notes.push_back(name + ": " + fmt_seconds(out.original_seconds) +
                        " of audio; only the first " + fmt_seconds(opts.max_seconds) + " are used");
    frames = max_frames;
  }

  if (f.encoding == 1 && f.bits == 16 && f.channels == 1 && f.rate == kSampleRate) {
    // Already in the working format: copy, no float round trip.
    out.samples.resize(frames);
    for (size_t i = 0; i < frames; ++i) out.samples[i] = int16_t(le16(data + 2 * i));
    return out;
  }
  // Decode and mix down to mono in float, then resample.
  std::vector<float> mono(frames);
  const int bytes_per = f.bits / 8;
  for (size_t i = 0; i < frames; ++i) {
    const unsigned char* fr = data + i * size_t(f.block_align);
    float sum = 0;
    for (int c = 0; c < f.channels; ++c) sum += decode(fr + c * bytes_per, f);
    mono[i] = sum / float(f.channels);
  }
  if (f.channels > 1)
    out.notes.push_back(name + ": " + std::to_string(f.channels) + " channels mixed down to mono");
  if (f.rate != kSampleRate) {
    mono = resample(mono, f.rate, kSampleRate);
    out.notes.push_back(name + ": resampled from " + std::to_string(f.rate) + " Hz to " +
                        std::to_string(kSampleRate) + " Hz");
  }
  out.samples = to_pcm(mono);
  return out;
}

Result<LoadedAudio> read_wav(const std::filesystem::path& file, const WavReadOptions& opts) {
  const std::string name = file.string();
  auto bytes = read_file_limited(file, kMaxWavBytes, "a recording");
  if (!bytes) return make_error(bytes.code(), name + ": " + bytes.error());
  return parse_wav(*bytes, name, opts);
}

std::string wav_bytes(std::span<const int16_t> samples, int rate, int channels) {
  std::string out;
  const uint32_t data_size = uint32_t(samples.size() * 2);
  auto put16 = [&](uint16_t v) { out.push_back(char(v & 0xFF)), out.push_back(char(v >> 8)); };
  auto put32 = [&](uint32_t v) { put16(uint16_t(v & 0xFFFF)), put16(uint16_t(v >> 16)); };
  out.reserve(44 + data_size);
  out += "RIFF";
  put32(36 + data_size);
  out += "WAVEfmt ";
  put32(16);
  put16(1);
  put16(uint16_t(channels));
  put32(uint32_t(rate));
  put32(uint32_t(rate * channels * 2));
  put16(uint16_t(channels * 2));
  put16(16);
  out += "data";
  put32(data_size);
  for (int16_t s : samples) put16(uint16_t(s));
  return out;
}

Status write_wav(const std::filesystem::path& file, std::span<const int16_t> samples, int rate) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) return make_error(file.string() + ": cannot write: " + std::strerror(errno));
  std::string bytes = wav_bytes(samples, rate);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  out.close();
  if (!out) return make_error(file.string() + ": write failed: " + std::strerror(errno));
  return Ok{};
}

std::vector<float> resample(std::span<const float> in, int from_rate, int to_rate) {
  if (from_rate == to_rate || in.empty()) return {in.begin(), in.end()};
  // Polyphase windowed sinc: output n sits at input position n * from / to; its
  // fractional part takes one of to/gcd values, so each phase's kernel is
  // computed once. Cut-off just below the lower Nyquist frequency.
  const int g = std::gcd(from_rate, to_rate);
  const int64_t up = to_rate / g, down = from_rate / g;
  const int phases = int(std::min<int64_t>(up, 4096));
  const double cutoff = 0.5 * std::min(1.0, double(to_rate) / from_rate) * 0.94;  // cycles/sample
  const int half = int(std::ceil(10.0 / (2 * cutoff)));  // 10 zero crossings each side
  const int taps = 2 * half;
  std::vector<float> kernel(size_t(phases) * taps);
  for (int p = 0; p < phases; ++p) {
    double frac = double(p) / phases;
    double sum = 0;
    for (int t = 0; t < taps; ++t) {
      double d = (t - half + 1) - frac;  // distance from the output position
      double x = 2 * cutoff * d;
      double sinc = std::abs(x) < 1e-9 ? 1 : std::sin(M_PI * x) / (M_PI * x);
      double w = 0.42 + 0.5 * std::cos(M_PI * d / half) + 0.08 * std::cos(2 * M_PI * d / half);
      if (std::abs(d) >= half) w = 0;
      kernel[size_t(p) * taps + t] = float(2 * cutoff * sinc * w);
      sum += kernel[size_t(p) * taps + t];
    }
    for (int t = 0; t < taps; ++t) kernel[size_t(p) * taps + t] /= float(sum);  // unity DC gain
  }
  const size_t out_n = size_t((int64_t(in.size()) * up) / down);
  std::vector<float> out(out_n);
  const int64_t len = int64_t(in.size());
  for (size_t n = 0; n < out_n; ++n) {
    int64_t num = int64_t(n) * down;
    int64_t base = num / up;
    int p = int((num % up) * phases / up);
    const float* k = &kernel[size_t(p) * taps];
    int64_t first = base - half + 1;
    double acc = 0;
    if (first >= 0 && first + taps <= len) {
      for (int t = 0; t < taps; ++t) acc += k[t] * in[size_t(first + t)];
    } else {
      for (int t = 0; t < taps; ++t) {
        int64_t i = first + t;
        if (i >= 0 && i < len) acc += k[t] * in[size_t(i)];
      }
    }
    out[n] = float(acc);
  }
  return out;
}

Pcm to_pcm(std::span<const float> in) {
  Pcm out(in.size());
  for (size_t i = 0; i < in.size(); ++i)
    out[i] = int16_t(std::lrint(std::clamp(in[i] * 32768.f, -32768.f, 32767.f)));
  return out;
}

}  // namespace spar::speech
