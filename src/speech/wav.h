// Audio in and out: WAV files and the one format the speech layer works in.
//
// Everything inside speech/ is 16 kHz, mono, signed 16-bit PCM. read_wav()
// accepts the WAV files people actually have (8/16/24/32-bit integer or
// 32/64-bit float, any rate, any channel count) and converts them to that
// format: other rates are resampled, several channels are averaged. Files
// longer than the cap are cut and a note says so. A file that is not a WAV
// file, has a broken header or is truncated is rejected with a message that
// names the file and what is wrong with it; nothing here throws.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace spar::speech {

inline constexpr int kSampleRate = 16000;

// Mono 16-bit PCM at kSampleRate.
using Pcm = std::vector<int16_t>;

struct WavReadOptions {
  double max_seconds = 600;  // longer audio is cut here (with a note)
};

struct LoadedAudio {
  Pcm samples;                     // 16 kHz mono
  double original_seconds = 0;     // duration of the file as stored
  std::vector<std::string> notes;  // what was done to it: resampled, mixed, capped
};

// Reads and converts a WAV file. Errors and notes start with the file name.
Result<LoadedAudio> read_wav(const std::filesystem::path& file, const WavReadOptions& opts = {});

// The same on bytes already in memory; `name` is used in messages.
Result<LoadedAudio> parse_wav(std::string_view bytes, const std::string& name,
                              const WavReadOptions& opts = {});

// A canonical 44-byte-header PCM WAV file, mono, 16-bit, at `rate`.
std::string wav_bytes(std::span<const int16_t> samples, int rate = kSampleRate, int channels = 1);

// Writes wav_bytes() to `file` (the error names the file).
Status write_wav(const std::filesystem::path& file, std::span<const int16_t> samples,
                 int rate = kSampleRate);

// Band-limited (windowed-sinc) sample-rate conversion of mono samples.
std::vector<float> resample(std::span<const float> in, int from_rate, int to_rate);

// Float samples in [-1, 1] to 16-bit PCM (clipped).
Pcm to_pcm(std::span<const float> in);

}  // namespace spar::speech
