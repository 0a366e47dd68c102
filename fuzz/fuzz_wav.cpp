// The WAV reader on arbitrary bytes (any header, chunk layout, encoding,
// rate and channel count).
//
// Checked: nothing crashes or throws; errors name the file; what is read is
// at most the cap (plus the resampler's rounding), and written back with
// wav_bytes() it reads again as the same samples.
#include "fuzz_common.h"
#include "speech/wav.h"

using namespace spar;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = fuzz::as_text(data, size);
  speech::WavReadOptions opts;
  opts.max_seconds = 2;  // keeps each run short; the cap's own code path still runs
  auto a = speech::parse_wav(input, "fuzz.wav", opts);
  if (!a) {
    if (a.error().rfind("fuzz.wav: ", 0) != 0) fuzz::fail("error without the file name", input);
    return 0;
  }
  if (a->samples.size() > size_t(opts.max_seconds * speech::kSampleRate) + 16)
    fuzz::fail("more audio than the cap", input);
  if (a->samples.empty()) return 0;
  auto again = speech::parse_wav(speech::wav_bytes(a->samples), "again.wav", opts);
  if (!again || again->samples != a->samples) fuzz::fail("wav_bytes round trip differs", input);
  return 0;
}
