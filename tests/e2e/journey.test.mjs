// The whole journey, end to end, for every provider: Debian's Chromium (fake camera) on the demo page (www/),
// the edge worker in real workerd (miniflare, Durable Objects), the merchant's stand-in server and the provider
// sandbox — started once by tests/helpers/stack.mjs. Each journey is a new person: a fresh browser session
// (cookies cleared), as the worker binds results to its session cookie and limits paid calls per session.
//
// Each journey: pick the provider → selfie and ID photo (fake camera, or once a file) → prepared → launch (hosted
// page by redirect / popup / iframe, ARGOS liveform, or the photos through the worker with the sandbox outcome
// armed) → the outcome chosen on the sandbox's page → back on the demo page (through the worker's return) → the
// decision and a reason code on screen, the merchant panel filled server-side, no ID number unmasked. Artifacts in target/test-logs/e2e/: a screenshot of the final screen per journey
// (`<provider>-<outcome>.png`), the browser console (`browser.log`), and the stack's own logs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startStack } from "../helpers/stack.mjs";
import { launchChromium } from "../helpers/browser.mjs";
import { photo } from "../helpers/images.mjs";

const T = 30_000;
const LOGS = join("target", "test-logs", "e2e");
let stack, browser, consoleLog;

before(async () => {
  mkdirSync(LOGS, { recursive: true });
  consoleLog = createWriteStream(join(LOGS, "browser.log"), { flags: "w" });
  // Only the per-address limit is raised (every journey comes from 127.0.0.1), as `make demo` does.
  stack = await startStack({ perAddressLimit: 1000 });
  browser = await launchChromium({ fakeCamera: true });
});
after(async () => {
  try {
    await browser?.close();
  } finally {
    try {
      await stack?.stop();
    } finally {
      await new Promise((r) => (consoleLog ? consoleLog.end(r) : r()));
    }
  }
});

/**
 * The journeys: every provider passes and fails at least once. `via` is how the hosted page opens (the page's
 * mode select), `photos` how both photos are taken, `expect` the decision and a reason code the screen must show.
 */
const JOURNEYS = [
  { provider: "maschain", outcome: "pass", via: "redirect", photos: "camera", expect: { decision: "approved" } },
  { provider: "maschain", outcome: "fail", via: "popup", photos: "camera", expect: { decision: "rejected", reason: /^face_mismatch$/ } },
  { provider: "advance-ai", outcome: "pass", via: "iframe", photos: "camera", expect: { decision: "approved" } },
  { provider: "advance-ai", outcome: "fail", via: "redirect", photos: "camera", expect: { decision: "rejected", reason: /^face_mismatch$/ } },
  { provider: "argos", outcome: "pass", via: "redirect", photos: "camera", expect: { decision: "approved" } },
  { provider: "argos", outcome: "fail", via: "redirect", photos: "camera", expect: { decision: "rejected", reason: /^[a-z_]+$/ } },
  { provider: "revenue-monster", outcome: "pass", via: "api", photos: "camera", expect: { decision: "approved" } },
  { provider: "revenue-monster", outcome: "fail", via: "api", photos: "camera", expect: { decision: "rejected", reason: /^document_not_found$/ } },
  { provider: "widekyc", outcome: "pass", via: "api", photos: "file", expect: { decision: "approved" } },
  { provider: "widekyc", outcome: "fail", choice: "fail@passive-liveness", via: "api", photos: "camera", expect: { decision: "rejected", reason: /^liveness_failed$/ } },
];

for (const j of JOURNEYS) {
  test(`${j.provider} ${j.outcome} (${j.via}, photos by ${j.photos}): page → worker → sandbox → back → ${j.expect.decision}`, async () => {
    const page = await journeyPage(`${j.provider}-${j.outcome}`);
    try {
      await page.check(`input[name=provider][value=${j.provider}]`);
      await takePhotos(page, j.photos);
      if (j.via === "api") {
        assert.equal(await page.isVisible("#outcome"), true, "the sandbox outcome select is shown");
        await page.selectOption("#outcome", j.choice ?? j.outcome);
      } else if (j.provider !== "argos") {
        await page.selectOption("#mode", j.via);
      }
      await launch(page, j);
      if (j.via === "redirect") {
        // Back from the provider: the journey (provider, both prepared photos) survived in sessionStorage.
        assert.equal(await page.isChecked(`input[name=provider][value=${j.provider}]`), true);
        for (const slot of ["selfie", "idCard"]) assert.equal(await page.getAttribute(`#shot-${slot}`, "data-state"), "ready");
      }
      await page.waitForFunction(
        () => (document.body.dataset.decision && document.body.dataset.decision !== "pending") || !document.querySelector("#error").hidden,
        null,
        { timeout: T },
      );
      await page.screenshot({ path: join(LOGS, `${j.provider}-${j.outcome}.png`), fullPage: true });
      await checkResult(page, j);
    } finally {
      await page.close();
    }
  });
}

// The masking check must not be vacuous: the sandbox's MyKad / eKTP / OCR answers name ID numbers.
const journeysWithIdNumbers = new Set();
test("the ID-number check saw ID numbers (MasChain OCR, Revenue Monster MyKad, WideKYC eKTP)", () => {
  for (const j of ["maschain-pass", "revenue-monster-pass", "widekyc-pass"]) {
    assert.ok(journeysWithIdNumbers.has(j), `${j} named an ID number (seen: ${[...journeysWithIdNumbers].join(", ")})`);
  }
});

/** A fresh tab on the demo page whose console and errors go to browser.log, tagged with the journey. */
async function journeyPage(tag) {
  await browser.context.clearCookies();
  const page = await browser.newPage();
  const line = (kind, text) => consoleLog.write(`${new Date().toISOString()} [${tag}] ${kind} ${text}\n`);
  const follow = (p) => {
    p.on("console", (m) => line(m.type(), m.text()));
    p.on("pageerror", (e) => line("pageerror", e.message));
  };
  follow(page);
  page.on("popup", follow);
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e.message));
  await page.goto(stack.pageUrl);
  await page.waitForSelector("body[data-ready=true]", { timeout: T });
  assert.equal(await page.isVisible("#error"), false, "the page starts without an error (config.json served)");
  return page;
}

/** Selfie and ID photo, both from the fake camera or both from files; both prepared and described. */
async function takePhotos(page, how) {
  for (const [slot, size] of [["selfie", [960, 1280]], ["idCard", [1600, 1000]]]) {
    const shot = `#shot-${slot}`;
    if (how === "camera") {
      await page.click(`${shot} .open-camera`);
      await page.waitForSelector(`${shot}[data-camera=open]`, { timeout: T });
      await page.click(`${shot} .capture`);
    } else {
      const chooser = page.waitForEvent("filechooser", { timeout: T });
      await page.click(`${shot} .choose-file`);
      await (await chooser).setFiles({ name: `${slot}.png`, mimeType: "image/png", buffer: Buffer.from(photo(...size)) });
    }
    await page.waitForSelector(`${shot}[data-state=ready]`, { timeout: T });
    assert.match(await page.textContent(`${shot} [data-fact=before]`), /^[\d,]+ B .*\d+×\d+ px/);
    assert.match(await page.textContent(`${shot} [data-fact=after]`), /^[\d,]+ B .*\d+×\d+ px · JPEG quality \d+/);
    assert.match(await page.textContent(`${shot} [data-fact=time]`), /^\d+ ms/);
    assert.ok((await page.locator(`${shot} .warnings li`).count()) >= 1, "quality warnings (or 'none') are shown");
  }
}

/** Starts the verification and, for hosted pages, chooses the outcome on the sandbox's page. */
async function launch(page, j) {
  if (j.via === "api") return page.click("#start");
  const sandbox = new URL(stack.sandboxUrl).origin;
  if (j.via === "popup") {
    const popup = page.waitForEvent("popup", { timeout: T });
    await page.click("#start");
    const p = await popup;
    await p.waitForURL((u) => u.origin === sandbox, { timeout: T });
    await chooseOutcome(p, j);
    return;
  }
  if (j.via === "iframe") {
    await page.click("#start");
    await page.waitForSelector("#iframe-host iframe", { timeout: T });
    const frame = await (await page.$("#iframe-host iframe")).contentFrame();
    await frame.waitForURL((u) => u.origin === sandbox, { timeout: T });
    await chooseOutcome(frame, j);
    return;
  }
  await page.click("#start");
  await page.waitForURL((u) => u.origin === sandbox, { timeout: T });
  await chooseOutcome(page, j);
  await page.waitForURL((u) => u.href.startsWith(stack.pageUrl), { timeout: T });
  await page.waitForSelector("body[data-ready=true]", { timeout: T });
}

/** Picks the tester's choice on the sandbox's hosted page (MasChain, ADVANCE.AI) or ARGOS liveform and submits. */
async function chooseOutcome(target, j) {
  const choice = target.locator(`input[name=outcome][value="${OUTCOME_CHOICES[j.provider][j.outcome]}"]`);
  await choice.waitFor({ timeout: T });
  await choice.check();
  await target.locator("form button[type=submit]").click();
}
/** The sandbox pages' radio values: MasChain's face failure, ADVANCE.AI's blocking return to failReturnUrl. */
const OUTCOME_CHOICES = {
  maschain: { pass: "pass", fail: "FailedOperation.CompareLowSimilarity", "give-up": "give-up" },
  "advance-ai": { pass: "pass", fail: "SIMILARITY_FAILED" },
  argos: { pass: "approved", fail: "rejected:id_image_invalidImage" },
};

/** The decision, a reason code, and no ID number unmasked — checked against what the worker itself answers. */
async function checkResult(page, j) {
  const error = (await page.isVisible("#error")) ? `${await page.textContent("#error-code")}: ${await page.textContent("#error-message")}` : null;
  assert.equal(error, null, "the journey ended without an error");
  assert.deepEqual(page.errors, []);
  const decision = await page.getAttribute("#decision", "data-decision");
  if (j.expect.decision instanceof RegExp) assert.match(decision, j.expect.decision);
  else assert.equal(decision, j.expect.decision);
  const codes = await page.locator("#reasons [data-code]").evaluateAll((els) => els.map((e) => e.dataset.code));
  if (j.expect.reason) {
    assert.ok(codes.some((c) => j.expect.reason.test(c)), `a reason code matching ${j.expect.reason} is shown (got ${codes.join(", ") || "none"})`);
  } else {
    assert.deepEqual(codes, [], "an approval shows no reason");
  }

  // The worker's own answer for the same reference, as the merchant's server reads it (a browser without the
  // page's cookie gets nothing): its ID numbers must not appear anywhere on screen.
  const reference = await page.getAttribute("#result", "data-reference");
  assert.match(reference ?? "", /^vs_/, "the result names the worker's reference");
  const anonymous = await fetch(`${stack.workerUrl}/results/${j.provider}/${encodeURIComponent(reference)}`);
  assert.equal(anonymous.status, 404, "no cookie, no result");
  const res = await fetch(`${stack.workerUrl}/verifications/${encodeURIComponent(reference)}`, { headers: { Authorization: `Bearer ${stack.bindings.MERCHANT_API_KEY}` } });
  assert.equal(res.status, 200);
  const v = await res.json();
  assert.equal(v.decision, decision, "the screen shows the worker's decision");
  // The merchant panel: filled server-side by the demo's merchant backend, the same decision.
  await page.waitForSelector("#merchant[data-state=ready]", { timeout: T });
  assert.equal(await page.getAttribute("#merchant-decision", "data-decision"), decision);
  const secrets = idNumbers(v);
  if (secrets.length) journeysWithIdNumbers.add(`${j.provider}-${j.outcome}`);
  const screen = await page.evaluate(() => document.body.innerText);
  for (const s of secrets) {
    assert.ok(!screen.includes(s), `ID number ${s.slice(0, 2)}… shown unmasked`);
    const digits = s.replace(/\D/g, "");
    if (digits.length >= 6) assert.ok(!screen.replace(/[\s-]/g, "").includes(digits), "ID number shown with other separators");
  }
  if (v.person?.idNumber) assert.match(await page.textContent("#person"), /\*{3,}/, "the person's ID number is shown masked");
}

/** Every identity number in a Verification: the normalized fields and the provider's raw keys for them. */
function idNumbers(v) {
  const out = new Set([v.person?.idNumber, v.document?.number].filter((x) => typeof x === "string" && x.length >= 6));
  const walk = (x, key) => {
    if (Array.isArray(x)) return x.forEach((y) => walk(y, key));
    if (x && typeof x === "object") return Object.entries(x).forEach(([k, y]) => walk(y, k));
    if (key && /^(ic|nik|bvn|nin|numberValue|MyKadNumber|idNumber|id_number|documentNumber|nric)$/i.test(key) && String(x).length >= 6) out.add(String(x));
  };
  walk(v.raw);
  return [...out];
}

// ---------------------------------------------------------------------------------------------------------------
// Beyond pass and fail: a provider error shown by its code, progress while a provider is slow, a forged return.

/** The demo page with both photos taken from files and `provider` picked. */
async function readyPage(tag, provider) {
  const page = await journeyPage(tag);
  await page.check(`input[name=provider][value=${provider}]`);
  await takePhotos(page, "file");
  return page;
}

test("widekyc quota exceeded: the worker's EkycError code and message are shown, no result", async () => {
  const page = await readyPage("widekyc-quota", "widekyc");
  try {
    await page.selectOption("#outcome", "quota-exceeded");
    await page.click("#start");
    await page.waitForSelector("#error:not([hidden])", { timeout: T });
    await page.screenshot({ path: join(LOGS, "widekyc-quota-exceeded.png"), fullPage: true });
    assert.equal(await page.textContent("#error-code"), "quota_exceeded");
    assert.match(await page.textContent("#error-message"), /quota/i);
    assert.equal(await page.isVisible("#result"), false);
    assert.equal(await page.isDisabled("#start"), false, "the journey can be retried");
  } finally {
    await page.close();
  }
});

test("a slow provider: the page shows progress (aria-busy, status) until the answer", async () => {
  const page = await readyPage("widekyc-slow", "widekyc");
  try {
    await page.selectOption("#outcome", "slow");
    const started = Date.now();
    await page.click("#start");
    await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Sending both photos to widekyc"), null, { timeout: 2_000 });
    assert.equal(await page.getAttribute("main", "aria-busy"), "true");
    assert.equal(await page.isDisabled("#start"), true, "no second start while one is running");
    await page.waitForSelector("body[data-decision]", { timeout: T });
    assert.ok(Date.now() - started >= 2_500, "the sandbox was slow");
    assert.equal(await page.getAttribute("#decision", "data-decision"), "approved");
    assert.equal(await page.getAttribute("main", "aria-busy"), "false");
    assert.match(await page.textContent("#status"), /^Result: approved/);
  } finally {
    await page.close();
  }
});

test("a forged return (is_success=1 with another state) is refused by code and nothing is fetched", async () => {
  const page = await journeyPage("maschain-forged");
  try {
    await page.check("input[name=provider][value=maschain]");
    await page.click("#start");
    await page.waitForURL((u) => u.origin === new URL(stack.sandboxUrl).origin, { timeout: T });
    // Instead of finishing on MasChain's page, someone hands the user a typed-up "success" link.
    await page.goto(`${stack.pageUrl}?is_success=1&ekyc_state=AAAAAAAAAAAAAAAAAAAAAA`);
    await page.waitForSelector("#error:not([hidden])", { timeout: T });
    assert.equal(await page.textContent("#error-code"), "state_mismatch");
    assert.equal(await page.isVisible("#result"), false);
    assert.equal(new URL(page.url()).search, "", "the forged parameters are removed from the address bar");
  } finally {
    await page.close();
  }
});

test("a MasChain user who gives up: the page polls while the decision is pending, then offers to ask again", async () => {
  const page = await journeyPage("maschain-give-up");
  try {
    await page.check("input[name=provider][value=maschain]");
    await page.click("#start");
    await page.waitForURL((u) => u.origin === new URL(stack.sandboxUrl).origin, { timeout: T });
    await chooseOutcome(page, { provider: "maschain", outcome: "give-up" });
    await page.waitForURL((u) => u.href.startsWith(stack.pageUrl), { timeout: T });
    await page.waitForFunction(() => /asking again \(attempt 2 of \d+\)/.test(document.querySelector("#status").textContent), null, { timeout: T });
    assert.equal(await page.getAttribute("main", "aria-busy"), "true");
    await page.waitForSelector("body[data-decision=pending]", { timeout: T });
    await page.screenshot({ path: join(LOGS, "maschain-give-up.png"), fullPage: true });
    assert.equal(await page.isVisible("#recheck"), true);
    assert.match(await page.textContent("#status"), /pending/);
    assert.match(await page.textContent("#claim"), /claims “failure”/);
  } finally {
    await page.close();
  }
});

test("no credential of the sandbox appears anywhere in www/", () => {
  const values = [];
  const walk = (x) => {
    if (typeof x === "string" && x.length >= 8) values.push(x);
    else if (x && typeof x === "object") Object.values(x).forEach(walk);
  };
  walk(stack.credentials);
  assert.ok(values.length >= 5, "the sandbox has credentials to look for");
  for (const file of readdirSync("www")) {
    const text = readFileSync(join("www", file), "utf8");
    for (const v of values) {
      // PEM keys: any one of their body lines would already be a leak.
      for (const piece of v.includes("-----BEGIN") ? v.split("\n").filter((l) => l.length >= 40) : [v]) {
        assert.ok(!text.includes(piece), `www/${file} contains a sandbox credential`);
      }
    }
  }
});
