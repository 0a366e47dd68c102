// Microphone capture on the audio thread: downsamples whatever rate the
// device runs at to 16 kHz mono (what the recogniser expects), converts to
// 16-bit PCM, and posts 100 ms frames with their loudness to the page.
//
// Downsampling averages the input samples that fall into each output
// sample's interval (a box filter), which removes most of what would alias
// from above 8 kHz; speech recognition needs nothing above that.
class SparMic extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / 16000;  // input samples per output sample
    this.acc = 0;
    this.n = 0;
    this.pos = 0;  // input position within the current output sample
    this.frame = new Int16Array(1600);
    this.len = 0;
    this.energy = 0;
  }

  process(inputs) {
    const input = inputs[0];
    if (!input || input.length === 0) return true;
    const ch = input[0];
    for (let i = 0; i < ch.length; i++) {
      let v = ch[i];
      // Mix down: browsers may hand over stereo.
      if (input.length > 1) v = (v + input[1][i]) / 2;
      this.acc += v;
      this.n++;
      this.pos += 1;
      if (this.pos >= this.step) {
        this.pos -= this.step;
        const s = Math.max(-1, Math.min(1, this.acc / this.n));
        this.acc = 0;
        this.n = 0;
        this.energy += s * s;
        this.frame[this.len++] = s < 0 ? s * 0x8000 : s * 0x7fff;
        if (this.len === this.frame.length) {
          const rms = Math.sqrt(this.energy / this.len);
          const dbfs = rms > 0 ? 20 * Math.log10(rms) : -120;
          this.port.postMessage({ pcm: this.frame.buffer, dbfs }, [this.frame.buffer]);
          this.frame = new Int16Array(1600);
          this.len = 0;
          this.energy = 0;
        }
      }
    }
    return true;
  }
}

registerProcessor("spar-mic", SparMic);
