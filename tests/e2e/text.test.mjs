// Browser end-to-end on a phone-sized screen, by keyboard: a typed
// interview from the start page to the report, with the checks a user who
// relies on a keyboard, a screen reader or a small screen would notice:
// every control has a label, nothing scrolls sideways, text contrast is at
// least 4.5:1 (3:1 for large text), and the flow works with Tab, arrows,
// Space, Enter and Ctrl+Enter alone. Screenshots go to $SPAR_ARTIFACTS/text.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { SPAR, SRC, check, log, run, watch } from "./harness.mjs";

// Runs in the page: controls without an accessible name, and visible text
// whose contrast against its (opaque) background is too low.
function audit() {
  const problems = [];
  for (const el of document.querySelectorAll("input, select, textarea, button, a[href]")) {
    if (el.type === "hidden" || el.closest("[hidden]") || el.offsetParent === null) continue;
    const name = (el.labels && [...el.labels].map((l) => l.textContent).join(" ").trim()) ||
      el.getAttribute("aria-label") || (el.tagName !== "INPUT" && el.textContent.trim());
    if (!name) problems.push("no label: " + el.outerHTML.slice(0, 80));
  }
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || el.offsetParent === null || el.closest("[hidden], svg")) continue;
    const s = getComputedStyle(el);
    const [a, b] = [lum(rgb(s.color).slice(0, 3)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5) && !el.disabled && !el.closest(":disabled"))
      problems.push(`contrast ${ratio.toFixed(2)}: "${n.textContent.trim().slice(0, 40)}"`);
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    problems.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
  return problems;
}

// Presses Tab until the focused element matches `pred` (at most 60 times).
async function tabTo(page, what, pred) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(pred)) return;
  }
  throw new Error("Tab never reached " + what);
}

async function checkPage(page, name) {
  const problems = await page.evaluate(audit);
  check(problems.length === 0, name + ": " + problems.join("; "));
}

async function test({ base, browser, shot }) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  const page = await context.newPage();
  const errors = watch(page);

  await page.goto(base);
  await page.locator("#start-form").waitFor();
  await page.locator("#areas input").first().waitFor();
  // The area boxes carry the titles the server and the CLI read from the
  // bank (bank/areas.yaml), in the same order.
  const served = await page.evaluate(async () => (await (await fetch("/api/v1/areas")).json()).areas);
  const cli = JSON.parse(execFileSync(SPAR, ["--bank", path.join(SRC, "bank"), "bank", "areas", "--format", "json"])).areas;
  check(JSON.stringify(served) === JSON.stringify(cli), "GET /api/v1/areas and spar bank areas agree");
  const labels = (await page.locator("#areas label").allTextContents()).map((t) => t.trim());
  check(JSON.stringify(labels) === JSON.stringify(served.map((a) => a.title)),
    "the start page shows the bank's area titles: " + labels.join(", "));
  await checkPage(page, "start page");
  await shot(page, "1-start");

  // Keyboard only: APIs on, Text mode, start.
  await tabTo(page, "the APIs box", () => document.activeElement.value === "api");
  await page.keyboard.press("Space");
  await tabTo(page, "the mode radios", () => document.activeElement.name === "mode");
  await page.keyboard.press("ArrowDown");  // Voice -> Text
  check(await page.evaluate(() => document.querySelector("input[name=mode]:checked").value) === "text", "Text mode chosen");
  await tabTo(page, "the start button", () => document.activeElement.textContent === "Start the interview");
  await page.keyboard.press("Enter");
  await page.waitForURL(/interview\.html/);
  await page.locator("#question").filter({ hasNotText: "Loading" }).waitFor();
  const question = await page.locator("#question").textContent();
  log("question:", question);
  await checkPage(page, "interview room");

  // The answer box has focus in text mode; Ctrl+Enter sends.
  check(await page.evaluate(() => document.activeElement.id === "answer"), "the answer box has focus");
  const answer = "I would start with the requirements, then explain the trade-offs, because it depends on the load.";
  await page.keyboard.type(answer);
  await page.keyboard.press("Control+Enter");
  await page.locator("#transcript li", { hasText: answer }).waitFor({ timeout: 15_000 });
  check((await page.locator("#transcript li").count()) >= 3, "the answer and a reply are in the transcript");
  await shot(page, "2-answered");

  // Hint, by keyboard.
  const before = await page.locator("#transcript li").count();
  await tabTo(page, "the Hint button", () => document.activeElement.textContent === "Hint");
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.querySelectorAll("#transcript li").length > n, before);

  await tabTo(page, "End", () => document.activeElement.textContent === "End and see the report");
  await page.keyboard.press("Enter");
  await page.waitForURL(/report\.html/);
  await page.frameLocator("#report").locator("h1").first().waitFor({ timeout: 30_000 });
  await checkPage(page, "report page");
  await shot(page, "3-report");

  await page.goto(base + "history.html");
  await page.locator("#charts figure").first().waitFor({ timeout: 10_000 });
  await checkPage(page, "history page");
  await shot(page, "4-history");
  check(errors.length === 0, errors.join("\n"));
}

run("text", test);
