// What every browser test needs: a real `spar serve` on a free port with a
// fresh SQLite file, Debian's Chromium driven by Playwright with the flags
// this machine needs, screenshots into $SPAR_ARTIFACTS, a watchdog (headless
// Chromium does not always exit by itself) and cleanup on every exit path.
//
// Environment: SPAR_BINARY (the spar executable), SPAR_SOURCE_DIR (the
// repository), SPAR_ARTIFACTS (screenshots), CHROMIUM (default /usr/bin/chromium).
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

export const SPAR = process.env.SPAR_BINARY;
export const SRC = process.env.SPAR_SOURCE_DIR;
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

export function log(...a) {
  console.log("[e2e]", ...a);
}

export function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// Runs `body(env)` with env = {base, browser, tmp, art, shot(page, name), say(text, file)};
// exits the process with 0 on success and 1 on failure or after `seconds`.
export async function run(name, body, { seconds = 240, chromiumArgs = [] } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spar-e2e-"));
  const art = path.join(process.env.SPAR_ARTIFACTS || path.join(os.tmpdir(), "spar-e2e"), name);
  let server, browser;
  const cleanup = async () => {
    if (browser) await Promise.race([browser.close(), sleep(5000)]);
    if (server) server.kill("SIGTERM");
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const fail = async (msg) => {
    console.error("[e2e] FAIL:", msg);
    await cleanup();
    process.exit(1);
  };
  const watchdog = setTimeout(() => fail("timed out after " + seconds + " s"), seconds * 1000);
  try {
    check(SPAR && SRC, "set SPAR_BINARY and SPAR_SOURCE_DIR");
    check(fs.existsSync(CHROMIUM), CHROMIUM + " is missing: run 'make setup' (Debian package chromium)");
    fs.mkdirSync(art, { recursive: true });
    const say = (text, file) => {
      const wav = path.join(tmp, file);
      execFileSync(SPAR, ["--bank", path.join(SRC, "bank"), "say", "--voice", "rms", "-o", wav, text]);
      return wav;
    };
    const env = { tmp, art, say, shot: (page, n) => page.screenshot({ path: path.join(art, n + ".png"), fullPage: true }) };
    // Made before the browser starts: its fake microphone reads a file.
    if (body.prepare) await body.prepare(env);
    server = spawn(SPAR, ["--bank", path.join(SRC, "bank"), "--db", path.join(tmp, "spar.db"), "serve", "--port", "0"], {
      env: { ...process.env, SPAR_WEB: path.join(SRC, "web") },
      stdio: ["ignore", "pipe", "inherit"],
    });
    env.base = await new Promise((resolve, reject) => {
      let out = "";
      server.stdout.on("data", (d) => {
        out += d;
        const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
        if (m) resolve(m[1]);
      });
      server.on("exit", (code) => reject(new Error("spar serve exited with " + code + ": " + out)));
    });
    log("server at", env.base);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ...(typeof chromiumArgs === "function" ? chromiumArgs(env) : chromiumArgs),
      ],
    });
    env.browser = browser;
    await body(env);
    clearTimeout(watchdog);
    await cleanup();
    log("PASS; screenshots in", art);
    process.exit(0);
  } catch (e) {
    clearTimeout(watchdog);
    await fail(e.stack || e.message);
  }
}

// Page errors and failed loads are logged; they fail the test at the end.
export function watch(page) {
  const problems = [];
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("console", (m) => m.type() === "error" && problems.push("console: " + m.text()));
  return problems;
}
