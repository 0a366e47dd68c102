#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/corpus/ (run from anywhere; idempotent).

The seeds are small, valid examples of what each fuzzer's input means (see the
comment at the top of each fuzz_*.cpp), so fuzzing starts from inputs that
reach deep code instead of having to discover the formats byte by byte.
"""
import math
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def put(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# --- wav: the formats read_wav() accepts, and a few broken ones -------------
def wav(samples, rate=16000, channels=1, bits=16, fmt=1, extensible=False, extra=b""):
    width = bits // 8
    frames = b""
    for s in samples:
        for c in range(channels):
            v = s * (1 if c == 0 else -1)
            if fmt == 3 and bits == 32:
                frames += struct.pack("<f", v)
            elif fmt == 3:
                frames += struct.pack("<d", v)
            elif bits == 8:
                frames += struct.pack("<B", int(128 + v * 127))
            elif bits == 24:
                frames += int(v * 8388607).to_bytes(3, "little", signed=True)
            elif bits == 32:
                frames += struct.pack("<i", int(v * 2147483647))
            else:
                frames += struct.pack("<h", int(v * 32767))
    block = channels * width
    if extensible:
        fmt_body = struct.pack("<HHIIHH", 0xFFFE, channels, rate, rate * block, block, bits)
        fmt_body += struct.pack("<HHI", 22, bits, 0) + struct.pack("<H", fmt) + b"\x00" * 14
    else:
        fmt_body = struct.pack("<HHIIHH", fmt, channels, rate, rate * block, block, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt_body)) + fmt_body + extra
    body += b"data" + struct.pack("<I", len(frames)) + frames
    return b"RIFF" + struct.pack("<I", len(body)) + body


tone = [0.5 * math.sin(i * 0.3) for i in range(200)]
put("wav", "pcm16-16k-mono.wav", wav(tone))
put("wav", "pcm8-8k-mono.wav", wav(tone, rate=8000, bits=8))
put("wav", "pcm24-44k-stereo.wav", wav(tone, rate=44100, channels=2, bits=24))
put("wav", "pcm32-22k-mono.wav", wav(tone, rate=22050, bits=32))
put("wav", "float32-48k-mono.wav", wav(tone, rate=48000, bits=32, fmt=3))
put("wav", "float64-16k-stereo.wav", wav(tone, channels=2, bits=64, fmt=3))
put("wav", "extensible-pcm16-32k.wav", wav(tone, rate=32000, extensible=True))
put("wav", "list-chunk-first.wav", wav(tone, extra=b"LIST" + struct.pack("<I", 5) + b"INFOx\x00"))
put("wav", "truncated.wav", wav(tone)[:-100])
put("wav", "streamed-size.wav", wav(tone)[:40] + b"\xff\xff\xff\xff" + wav(tone)[44:])

# --- http: requests as fuzz_http.cpp reads them ------------------------------
H = "Host: 127.0.0.1\nContent-Type: application/json\nOrigin: http://127.0.0.1\n"
put("http", "index", "GET /\nHost: 127.0.0.1\n")
put("http", "static-js", "GET /api.js\nHost: localhost:8080\n")
put("http", "healthz-metrics", "GET /healthz\n%%\nGET /metrics\nHost: 127.0.0.1\n")
put("http", "openapi", "GET /api/v1/openapi.json\nHost: 127.0.0.1\n")
put("http", "interview",
    "POST /api/v1/sessions\n" + H + '\n{"areas":["api"],"level":"mid","minutes":30}'
    "\n%%\nGET /api/v1/sessions/{sid}\nHost: 127.0.0.1\n"
    "\n%%\nPOST /api/v1/sessions/{sid}/answers\n" + H + 'If-Match: "1"\nIdempotency-Key: k1\n\n'
    '{"text":"the client sends an idempotency key and the server stores the result so a retry '
    'is answered from the stored response instead of charging twice"}'
    "\n%%\nPOST /api/v1/sessions/{sid}/answers\n" + H + '\n{"command":"hint"}'
    "\n%%\nPOST /api/v1/sessions/{sid}/end\n" + H + "\n{}"
    "\n%%\nGET /api/v1/sessions/{sid}/report?format=html\nHost: 127.0.0.1\n")
put("http", "design-voice",
    "POST /api/v1/sessions\n" + H + '\n{"areas":"design","level":"senior","minutes":45,'
    '"mode":"voice","thinking_time":3,"questions":"design.url-shortener"}'
    "\n%%\nGET /api/v1/sessions/{sid}/voice?thinking_time=2\nHost: 127.0.0.1\n"
    "Connection: Upgrade\nUpgrade: websocket\n"
    "\n%%\nPOST /api/v1/sessions/{sid}/answers\n" + H + '\n{"command":"skip"}'
    "\n%%\nGET /api/v1/sessions/{sid}/report?format=md\nHost: 127.0.0.1\n")
put("http", "lists", "GET /api/v1/sessions\nHost: 127.0.0.1\n%%\nGET /api/v1/history\n"
    "Host: 127.0.0.1\n%%\nGET /api/v1/auth/me\nHost: 127.0.0.1\n")
put("http", "auth-session",
    "@auth\nGET /api/v1/auth/me\nHost: example.org\nCookie: spar_session={token}\n"
    "\n%%\nPOST /api/v1/sessions\nHost: example.org\nContent-Type: application/json\n"
    "Cookie: spar_session={token}\nX-CSRF-Token: {csrf}\n\n{\"minutes\":5}"
    "\n%%\nGET /api/v1/sessions/{sid}/voice?csrf={csrf}\nHost: example.org\n"
    "Cookie: spar_session={token}\nUpgrade: websocket\nOrigin: http://example.org\n"
    "\n%%\nPOST /api/v1/auth/logout\nHost: example.org\nContent-Type: application/json\n"
    "Cookie: spar_session={token}\nX-CSRF-Token: {csrf}\n\n{}")
put("http", "auth-login",
    "@auth\nPOST /api/v1/auth/login\nHost: example.org\nContent-Type: application/json\n\n"
    '{"name":"fuzz","password":"wrong-password"}')

# --- voice: records as fuzz_voice.cpp reads them -----------------------------
def text(s):
    b = s.encode()
    return b"\x00" + struct.pack("<H", len(b)) + b


def tone_frames(amplitude, frames):
    return b"\x03" + bytes([amplitude, frames])


def pcm(samples):
    b = struct.pack("<%dh" % len(samples), *samples)
    return b"\x01" + struct.pack("<H", len(b)) + b


RUN = b"\x02"
put("voice", "typed", b"\x00" + text('{"type":"text","text":"retries with an idempotency key"}')
    + RUN + text('{"type":"command","command":"hint"}') + RUN + text('{"type":"done"}'))
put("voice", "typed-speaking", b"\x01" + RUN + text('{"type":"barge_in"}')
    + text('{"type":"command","command":"repeat"}') + RUN + RUN)
put("voice", "spoken", b"\x00" + tone_frames(0, 10) + tone_frames(60, 20) + tone_frames(0, 30)
    + RUN)
put("voice", "spoken-done-button", b"\x00" + tone_frames(80, 15) + text('{"type":"done"}'))
put("voice", "raw-audio", b"\x00" + pcm([int(8000 * math.sin(i / 5)) for i in range(1600)]) * 4
    + text('{"type":"done"}'))
put("voice", "bad-messages", b"\x00" + text("not json") + text('{"type":"nope"}')
    + text('{"type":"text","text":5}') + text("[]") + pcm([1, 2, 3])[:-1])

# --- grade: first byte picks question and mode --------------------------------
answers = [
    "An idempotency key lets the server store the first result and replay it for retries, "
    "so a payment is charged once. The trade-off is storage for the keys; we expire them "
    "after 24 hours. Because the network can time out after the charge, the client retries.",
    "um so like I think maybe caching? we could use redis, 10k requests per second, 99.9% "
    "and four terabytes per day... not sure, I'm done",
    "B-tree indexes make reads O(log n) but every write has to update them; if the table is "
    "write-heavy I would not add that index. Isn't it safer to measure first?",
    "partition by user id, replicate three ways, quorum reads and writes; when a node fails "
    "the others take over, but we lose consistency during the partition.",
]
for i, a in enumerate(answers):
    for mode in (0, 0x80, 0xC0):
        put("grade", "answer%d-mode%x" % (i, mode), bytes([(i * 7) % 64 | mode]) + a.encode())

# --- bank: first byte picks the kind of file ----------------------------------
bank = os.path.join(ROOT, "bank")
put("bank", "question-idempotency", b"\x00" + open(os.path.join(bank, "api", "idempotency.yaml"), "rb").read())
designs = sorted(os.listdir(os.path.join(bank, "design")))
put("bank", "design-" + designs[0].replace(".yaml", ""),
    b"\x01" + open(os.path.join(bank, "design", designs[0]), "rb").read())
lex = sorted(os.listdir(os.path.join(bank, "lexicon")))
put("bank", "lexicon-" + lex[0].replace(".yaml", ""), b"\x02" + open(os.path.join(bank, "lexicon", lex[0]), "rb").read())
put("bank", "interviewer", b"\x03" + open(os.path.join(bank, "interviewer.yaml"), "rb").read())
put("bank", "broken-yaml", b"\x00id: [unclosed\n  prompt: {\n")
