// The spoken interview in the browser: the microphone through an
// AudioWorklet (16 kHz PCM frames) to the session's WebSocket, and the
// interviewer's speech (16 kHz PCM, a message per sentence) played back in
// order. Talking over the interviewer stops its speech (barge-in). The
// protocol is described in src/server/voice.h.

// Louder than this, for this many 100 ms frames in a row, while the
// interviewer speaks, is the candidate talking over it. Echo cancellation
// keeps the interviewer's own voice below it on a laptop's speakers.
const BARGE_IN_DBFS = -38;
const BARGE_IN_FRAMES = 2;

export class VoiceLink {
  // handlers: { message(msg), level(dbfs), speaking(bool), closed(reason) }
  constructor(url, handlers) {
    this.url = url;
    this.h = handlers;
    this.queue = [];      // frames captured before the socket opened
    this.sources = [];    // interviewer audio scheduled or playing
    this.playAt = 0;
    this.loud = 0;
    this.muted = false;
  }

  // Must run from a click: browsers only start audio after a user gesture.
  async start() {
    this.ctx = new AudioContext();
    await this.ctx.audioWorklet.addModule("/mic-worklet.js");
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
    const src = this.ctx.createMediaStreamSource(this.stream);
    this.node = new AudioWorkletNode(this.ctx, "spar-mic");
    this.node.port.onmessage = (ev) => this.frame(ev.data);
    src.connect(this.node);
    // The worklet only runs when connected onward; it outputs silence.
    this.node.connect(this.ctx.destination);
    this.ws = new WebSocket(this.url);
    this.ws.binaryType = "arraybuffer";
    this.ws.onopen = () => {
      for (const f of this.queue) this.ws.send(f);
      this.queue = [];
    };
    this.ws.onmessage = (ev) => {
      if (typeof ev.data === "string") this.h.message(JSON.parse(ev.data));
      else this.play(ev.data);
    };
    this.ws.onclose = (ev) => {
      this.stopSpeech();
      this.h.closed(ev.reason || "the voice connection closed (" + ev.code + ")");
    };
  }

  frame({ pcm, dbfs }) {
    this.h.level(dbfs);
    if (this.muted) return;
    if (this.isSpeaking() && dbfs > BARGE_IN_DBFS) {
      if (++this.loud >= BARGE_IN_FRAMES) this.bargeIn();
    } else {
      this.loud = 0;
    }
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(pcm);
    else if (this.queue.length < 600) this.queue.push(pcm);  // up to a minute
  }

  send(obj) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(obj));
    return true;
  }

  play(buf) {
    const pcm = new Int16Array(buf);
    const audio = this.ctx.createBuffer(1, pcm.length, 16000);
    const ch = audio.getChannelData(0);
    for (let i = 0; i < pcm.length; i++) ch[i] = pcm[i] / 0x8000;
    const node = this.ctx.createBufferSource();
    node.buffer = audio;
    node.connect(this.ctx.destination);
    this.playAt = Math.max(this.playAt, this.ctx.currentTime + 0.02);
    node.start(this.playAt);
    this.playAt += audio.duration;
    this.sources.push(node);
    this.h.speaking(true);
    node.onended = () => {
      this.sources = this.sources.filter((s) => s !== node);
      if (this.sources.length === 0) this.h.speaking(false);
    };
  }

  isSpeaking() {
    return this.sources.length > 0;
  }

  stopSpeech() {
    for (const s of this.sources) {
      s.onended = null;
      try { s.stop(); } catch { /* not started yet */ }
    }
    this.sources = [];
    this.playAt = 0;
    this.h.speaking(false);
  }

  // The candidate started talking: silence the interviewer here at once,
  // and tell the server to stop sending the rest of the reply.
  bargeIn() {
    this.loud = 0;
    this.stopSpeech();
    this.send({ type: "barge_in" });
  }

  close() {
    if (this.ws) this.ws.close(1000, "done");
    if (this.stream) for (const t of this.stream.getTracks()) t.stop();
    if (this.ctx) this.ctx.close();
  }
}
