// The voice WebSocket's messages: a VoiceChannel on a fresh session (scratch
// SQLite database, shipped bank, real recogniser) fed what a browser could
// send, in any order.
//
// The input is a list of records, each a tag byte and, for messages, a
// little-endian 16-bit length and that many bytes:
//   tag % 4 == 0  a text (control) message
//   tag % 4 == 1  a binary (audio) message: 16-bit PCM; an odd byte count is
//                 refused before the channel, as the transport does
//   tag % 4 == 2  the transport runs what the channel deferred (the next
//                 sentence of speech)
//   tag % 4 == 3  two bytes, amplitude and count: that many 100 ms frames of a
//                 tone (loud enough to be speech) or, at amplitude 0, silence,
//                 so that answers start and end
// The first byte picks whether the interviewer speaks with a real flite voice
// (odd) or with a missing one (even: the speech_unavailable path, and fast).
//
// Checked: nothing crashes or throws; every text message sent is a JSON
// object with a "type".
#include <cmath>
#include <deque>
#include <functional>

#include "fuzz_common.h"
#include "server/api.h"
#include "server/voice.h"

using namespace spar;
namespace fs = std::filesystem;

namespace {

struct Server {
  server::Options options;
  std::unique_ptr<server::Api> api;
  std::unique_ptr<server::Worker> worker;
  int runs = 0;

  explicit Server(bool voice) {
    options.db_path = (fuzz::scratch_dir() / (voice ? "voice.db" : "novoice.db")).string();
    options.web_dir = (fuzz::source_dir() / "web").string();
    options.tts_voice = voice ? "slt" : "no-such-voice";
    options.limits.recognizers = 1;
    auto& l = options.limits;
    l.ip_rate = l.ip_burst = l.user_rate = l.user_burst = 1e12;
    api = std::make_unique<server::Api>(options, fuzz::shipped_bank());
  }

  // A fresh database every so often keeps it small.
  server::Worker& fresh_worker() {
    if (worker && ++runs % 2000 != 0) return *worker;
    worker.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(options.db_path + suffix);
    auto w = api->make_worker();
    if (!w) fuzz::fail("cannot open the scratch database: " + w.error(), "");
    worker = std::move(*w);
    return *worker;
  }

  server::VoiceAccess open_session(server::Worker& w) {
    server::Request r;
    r.method = "POST";
    r.path = "/api/v1/sessions";
    r.client_ip = "127.0.0.1";
    r.headers = {{"host", "127.0.0.1"}, {"content-type", "application/json"}};
    r.body = R"({"mode":"voice","minutes":30})";
    auto res = api->handle(r, w);
    auto j = nlohmann::json::parse(res.body, nullptr, false);
    if (res.status != 201 || !j.contains("id"))
      fuzz::fail("cannot create a session: " + res.body, "");
    r.method = "GET";
    r.path = "/api/v1/sessions/" + j["id"].get<std::string>() + "/voice";
    r.body.clear();
    r.headers.erase("content-type");
    auto access = api->voice_access(r, w);
    if (auto* bad = std::get_if<server::Response>(&access))
      fuzz::fail("voice_access refused: " + bad->body, "");
    return std::get<server::VoiceAccess>(access);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Server quiet(false), speaking(true);
  if (size == 0) return 0;
  std::string_view input = fuzz::as_text(data, size);
  Server& s = (data[0] & 1) ? speaking : quiet;
  server::Worker& w = s.fresh_worker();
  std::deque<std::function<void()>> deferred;
  server::VoiceChannel::Sink sink;
  sink.text = [&](std::string m) {
    auto j = nlohmann::json::parse(m, nullptr, false);
    if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
      fuzz::fail("a text message that is not a typed JSON object: " + m, input);
  };
  sink.binary = [](std::string) {};
  sink.defer = [&](std::function<void()> f) { deferred.push_back(std::move(f)); };
  server::VoiceChannel ch(*s.api, s.api->speech(), s.open_session(w), std::move(sink));
  ch.open(w);
  std::vector<int16_t> pcm;
  size_t at = 1;
  while (at < size) {
    const uint8_t tag = data[at++];
    switch (tag % 4) {
      case 0:
      case 1: {
        if (at + 2 > size) return 0;
        size_t len = size_t(data[at]) | size_t(data[at + 1]) << 8;
        at += 2;
        len = std::min(len, size - at);
        std::string_view body = input.substr(at, len);
        at += len;
        if (tag % 4 == 0) {
          ch.control(w, std::string(body));
        } else if (len % 2 == 0) {
          pcm.resize(len / 2);
          std::memcpy(pcm.data(), body.data(), len);
          ch.audio(w, pcm);
        }
        break;
      }
      case 2:
        // The transport runs deferred work after messages already received.
        for (int n = 0; n < 4 && !deferred.empty(); ++n) {
          auto f = std::move(deferred.front());
          deferred.pop_front();
          f();
        }
        break;
      default: {
        if (at + 2 > size) return 0;
        const int amplitude = data[at] * 100, frames = data[at + 1] % 64;
        at += 2;
        pcm.assign(1600, 0);
        for (int f = 0; f < frames; ++f) {
          for (size_t i = 0; i < pcm.size(); ++i)
            pcm[i] =
                int16_t(amplitude * std::sin(double(f * 1600 + i) * 0.07 * (1 + data[at - 2] % 5)));
          ch.audio(w, pcm);
        }
        break;
      }
    }
  }
  ch.close();
  return 0;
}
