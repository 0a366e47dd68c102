#!/usr/bin/env bash
# Speech benchmark: WER, key-term recall and real-time factor on the test
# sentences (bench/speech/test.txt), synthesised with two flite voices, clean
# and with pink noise at 20 dB SNR, plus live-style streaming decoding.
# Usage: bench/speech/run.sh [BUILD_DIR]   (numbers: docs/BENCHMARKS.md, "Speech")
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
build="${1:-$root/build}"
bench="$build/bench/speech/bench_speech"
args=(--bank "$root/bank" --sentences "$here/test.txt" --voices slt,rms)
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# clean, whole-utterance decoding (spar transcribe)"
"$bench" "${args[@]}"
echo "# 20 dB SNR pink noise"
"$bench" "${args[@]}" --snr 20
echo "# clean, streamed in 100 ms chunks (live)"
"$bench" "${args[@]}" --stream
