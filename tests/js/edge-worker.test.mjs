// The edge worker example (examples/edge-worker) in real workerd through miniflare (Durable Objects on disk)
// against the provider sandbox: every route, CORS, the open-redirect guard, and each provider's pass and fail
// outcome driven through the sandbox's hosted pages or its scenario control — the result always read back from
// the worker, as the browser that started it. Then each attack of issue 14, played and seen to fail: results
// read with no cookie, another session's cookie, a guessed neighbour reference, the provider's own id; a hosted
// session finished by someone else and read by its creator; the sixth paid call in a session; a plaintext ARGOS
// webhook; a replayed webhook; a forged merchant webhook signature. And a restart that keeps every result.
// Run: node scripts/install-package.mjs --then node --test tests/js/edge-worker.test.mjs (after make package).
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, createHash, createHmac, createSign, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { prepareImage, verifyMerchantWebhook } from "ekyc-bridge";
import { startStack, LOG_DIR, WORKER_ENTRY } from "../helpers/stack.mjs";
import { startEdgeWorker } from "../helpers/miniflare.mjs";
import { startWorker } from "../helpers/workerd.mjs";
import { fileURLToPath } from "node:url";
import { photo } from "../helpers/images.mjs";
import { combine } from "../../examples/edge-worker/src/combine.mjs";
import { browserView, mergeSteps } from "../../examples/edge-worker/src/steps.mjs";
import { nikCheck } from "../../examples/edge-worker/src/routes/images.mjs";
import * as ekyc from "ekyc-bridge";

let stack, page, images;
const FOREIGN = "http://127.0.0.1:1"; // any origin that is not the page's
const VIEW_KEYS = ["decision", "provider", "reasons", "reference", "settled", "updatedAt"];

before(async () => {
  stack = await startStack();
  page = new URL(stack.pageUrl).origin;
  const [selfie, idCard] = await Promise.all([
    prepareImage(photo(480, 640), { preset: "selfie", engine: "wasm" }),
    prepareImage(photo(1280, 800), { preset: "id-card", engine: "wasm" }),
  ]);
  images = { selfie: selfie.base64, idCard: idCard.base64 };
});
after(async () => {
  await stack?.stop();
});

let addresses = 0;
/**
 * A browser: its own cookie jar and client address (CF-Connecting-IP, which Cloudflare sets and miniflare
 * passes through), calling the worker as the page does (Origin: the page) unless told otherwise.
 */
class Browser {
  constructor({ address = `198.51.100.${++addresses % 250}` } = {}) {
    this.cookies = new Map();
    this.address = address;
  }

  async call(path, { method = "GET", body, origin = page, headers = {}, cookies = true } = {}) {
    const jar = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(path.startsWith("http") ? path : stack.workerUrl + path, {
      method,
      redirect: "manual",
      headers: {
        "CF-Connecting-IP": this.address,
        ...(origin ? { Origin: origin } : {}),
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...(cookies && jar ? { Cookie: jar } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const [k, ...v] = pair.split("=");
      this.cookies.set(k, v.join("="));
    }
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, json, text };
  }

  /** Starts a hosted session as startHostedFlow does (state on returnUrl, Idempotency-Key = state). */
  async session(provider, extra = {}) {
    const state = randomBytes(16).toString("base64url");
    const returnUrl = `${page}/?ekyc_state=${state}`;
    const r = await this.call("/sessions", { method: "POST", body: { provider, state, returnUrl, ...extra }, headers: { "Idempotency-Key": state } });
    assert.equal(r.status, 200, r.text);
    assert.equal(typeof r.json.url, "string");
    assert.match(r.json.reference, /^vs_[A-Za-z0-9_-]{32}$/, "the worker's own opaque reference");
    return { ...r.json, state, returnUrl };
  }

  /** The browser view of `s` (a session or images answer), as the page reads it. */
  result(provider, s, { state = s.state } = {}) {
    return this.call(`/results/${provider}/${s.reference}`, { headers: state ? { "Ekyc-State": state } : {} });
  }

  /** Follows a provider's redirect to the worker's /return as this browser → where the worker sends it. */
  async comeBack(location) {
    assert.ok(location.startsWith(`${stack.workerUrl}/return/`), `the provider sends the user back through the worker: ${location}`);
    const r = await this.call(location, { origin: null });
    assert.equal(r.status, 303, r.text);
    return r.headers.get("location");
  }
}

/** Arms the sandbox: the next `times` calls of `provider` (to `endpoint`, if given) get `scenario`. */
async function arm(provider, scenario, { endpoint, times = 1 } = {}) {
  const res = await fetch(`${stack.sandboxUrl}/_sandbox/scenario`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ provider, scenario, times, ...(endpoint ? { endpoint } : {}) }),
  });
  assert.equal(res.status, 200, `arming ${provider} ${scenario}: ${await res.text()}`);
}

/** Submits a sandbox hosted page's form as the user would; resolves with where the provider sends the user. */
async function finishHostedPage(path, fields) {
  const res = await fetch(stack.sandboxUrl + path, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
  assert.equal(res.status, 303, `${path} answered ${res.status}: ${await res.text()}`);
  return res.headers.get("location");
}

/** The provider's own id in a hosted page URL (MasChain `token`, ADVANCE.AI `signatureId`, ARGOS `userid`). */
const providerId = (url, name) => new URL(url).searchParams.get(name);

/** Polls `fn` until it returns a truthy value (webhooks arrive asynchronously). */
async function eventually(fn, what, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The merchant's server asking for the full Verification. */
async function merchantGet(reference, key = stack.bindings.MERCHANT_API_KEY) {
  const res = await fetch(`${stack.workerUrl}/verifications/${reference}`, { headers: key === null ? {} : { Authorization: `Bearer ${key}` } });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

/** A MasChain session of `b`, finished on the hosted page with `outcome` and come back to in `b`. */
async function maschainDone(b, outcome = "pass") {
  const s = await b.session("maschain");
  const back = await finishHostedPage("/maschain/verifications", { token: providerId(s.url, "token"), outcome });
  const landed = await b.comeBack(back);
  assert.ok(landed.startsWith(s.returnUrl), `back on the page's returnUrl: ${landed}`);
  return { ...s, landed };
}

describe("routing and CORS", () => {
  test("GET /health answers the package version; unknown routes and providers are typed 404s", async () => {
    const b = new Browser();
    const h = await b.call("/health");
    assert.equal(h.status, 200);
    assert.match(h.json.version, /^\d+\.\d+\.\d+/);
    assert.deepEqual([(await b.call("/nope")).status, (await b.call("/nope")).json.error.code], [404, "not_found"]);
    const p = await b.call("/results/paypal/abc");
    assert.deepEqual([p.status, p.json.error.code], [404, "not_found"]);
    const m = await b.call("/webhooks/maschain", { method: "POST", body: {} });
    assert.equal(m.status, 404, "MasChain sends no webhooks");
    const w = await b.call("/sessions");
    assert.deepEqual([w.status, w.json.error.code], [405, "invalid_input"]);
  });

  test("an allowed origin gets its exact origin back, with credentials, Vary: Origin, and a preflight", async () => {
    const b = new Browser();
    const pre = await b.call("/sessions", { method: "OPTIONS" });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get("access-control-allow-origin"), page);
    assert.equal(pre.headers.get("access-control-allow-credentials"), "true");
    assert.match(pre.headers.get("access-control-allow-methods"), /POST/);
    assert.match(pre.headers.get("access-control-allow-headers"), /content-type/i);
    assert.match(pre.headers.get("access-control-allow-headers"), /idempotency-key/i);
    assert.match(pre.headers.get("vary"), /Origin/);
    const get = await b.call("/health");
    assert.equal(get.headers.get("access-control-allow-origin"), page);
    assert.match(get.headers.get("vary"), /Origin/);
  });

  test("another origin gets no CORS header: its preflight and its requests are refused", async () => {
    const b = new Browser();
    const pre = await b.call("/sessions", { method: "OPTIONS", origin: FOREIGN });
    assert.equal(pre.status, 403);
    assert.equal(pre.headers.get("access-control-allow-origin"), null);
    // A "simple" cross-origin POST skips the preflight: the worker refuses it itself, before any provider call.
    const post = await b.call("/sessions", { method: "POST", origin: FOREIGN, body: JSON.stringify({ provider: "maschain" }), headers: { "Content-Type": "text/plain" } });
    assert.deepEqual([post.status, post.json.error.code], [403, "invalid_input"]);
    assert.equal(post.headers.get("access-control-allow-origin"), null);
    assert.equal(post.headers.getSetCookie().length, 0, "no session for a refused origin");
    const lookalike = await b.call("/health", { origin: page + ".evil.example" });
    assert.equal(lookalike.status, 403);
  });
});

describe("POST /sessions", () => {
  test("the worker mints the reference and binds it to a HttpOnly; Secure; SameSite=Lax cookie", async () => {
    const b = new Browser();
    const state = randomBytes(16).toString("base64url");
    const r = await b.call("/sessions", { method: "POST", body: { provider: "maschain", state, returnUrl: `${page}/?ekyc_state=${state}` } });
    assert.equal(r.status, 200, r.text);
    const [cookie] = r.headers.getSetCookie();
    assert.match(cookie, /^ekyc_session=[A-Za-z0-9_-]{43}; /);
    for (const attr of ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"]) assert.ok(cookie.includes(attr), `${attr} in ${cookie}`);
    const token = providerId(r.json.url, "token");
    assert.ok(token, "the hosted page names MasChain's token");
    assert.notEqual(r.json.reference, token, "the reference is not the provider's id");
    assert.ok(!r.text.includes(`"${token}"`), "the provider's id is not an answer field");
    assert.deepEqual(Object.keys(r.json).sort(), ["reference", "url"]);
    // A second create from the same browser keeps its session (no new cookie).
    await b.session("argos");
    assert.equal(b.cookies.size, 1);
  });

  test("returnUrl and failReturnUrl must be on an allowed origin (no open redirect)", async () => {
    const b = new Browser();
    const bad = [
      { provider: "maschain", returnUrl: "https://evil.example/steal" },
      { provider: "argos", returnUrl: `${FOREIGN}/x` },
      { provider: "advance-ai", returnUrl: `${page}/`, failReturnUrl: "https://evil.example/" },
      { provider: "maschain", returnUrl: "javascript:alert(1)" },
      { provider: "maschain", returnUrl: "/relative" },
      { provider: "maschain" },
      { provider: "maschain", returnUrl: `${page}/?ekyc_state=aaaaaaaaaaaaaaaaaaaa`, state: "bbbbbbbbbbbbbbbbbbbb" },
    ];
    for (const body of bad) {
      const r = await b.call("/sessions", { method: "POST", body });
      assert.deepEqual([r.status, r.json.error.code], [400, "invalid_input"], JSON.stringify(body));
    }
  });

  test("bad bodies are invalid_input: not JSON, not an object, an unknown provider, too large (capped before read whole)", async () => {
    const b = new Browser();
    for (const body of ["{", "[1]", JSON.stringify({ provider: "widekyc", returnUrl: `${page}/` })]) {
      const r = await b.call("/sessions", { method: "POST", body });
      assert.deepEqual([r.status, r.json.error.code], [400, "invalid_input"], body);
    }
    const big = await b.call("/sessions", { method: "POST", body: JSON.stringify({ provider: "maschain", pad: "x".repeat(40_000) }) });
    assert.deepEqual([big.status, big.json.error.code], [413, "invalid_input"]);
    // A body that says it is huge is refused on its Content-Length, before a byte of it is sent or read.
    const status = await new Promise((resolve, reject) => {
      const req = request(`${stack.workerUrl}/images/widekyc`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Content-Length": String(64 * 1024 * 1024), Origin: page, "CF-Connecting-IP": b.address },
      });
      req.on("response", (res) => {
        resolve(res.statusCode);
        req.destroy();
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    assert.equal(status, 413);
  });

  test("a provider fault is a typed 5xx, not a session", async () => {
    const b = new Browser();
    const s = () => ({ provider: "maschain", returnUrl: `${page}/` });
    // 503 on every attempt (the client retries a create on 503 only, twice).
    await arm("maschain", "http-503", { endpoint: "create", times: 3 });
    const r = await b.call("/sessions", { method: "POST", body: s() });
    assert.equal(r.status, 502, r.text);
    assert.deepEqual([r.json.error.code, r.json.error.provider, r.json.error.httpStatus, r.json.error.retryable], ["http_status", "maschain", 503, true]);
    // The provider refusing the worker's credentials is the worker's configuration fault, not the browser's.
    await arm("maschain", "AuthFailure.InvalidAuthorization", { endpoint: "create" });
    const auth = await b.call("/sessions", { method: "POST", body: s() });
    assert.deepEqual([auth.status, auth.json.error.code], [502, "unauthorized"]);
  });

  test("a repeated create with the same Idempotency-Key returns the first answer and pays once", async () => {
    const b = new Browser();
    const state = randomBytes(16).toString("base64url");
    const body = { provider: "maschain", state, returnUrl: `${page}/?ekyc_state=${state}` };
    const first = await b.call("/sessions", { method: "POST", body, headers: { "Idempotency-Key": state } });
    assert.equal(first.status, 200, first.text);
    // Six repeats: more than the session's five billed operations, so a repeat that paid would be refused.
    for (let i = 0; i < 6; i++) {
      const again = await b.call("/sessions", { method: "POST", body, headers: { "Idempotency-Key": state } });
      assert.equal(again.status, 200, again.text);
      assert.deepEqual(again.json, first.json, "the first answer, not a second session");
      assert.equal(again.headers.get("idempotent-replayed"), "true");
    }
    const other = await b.call("/sessions", { method: "POST", body: { ...body, provider: "argos" }, headers: { "Idempotency-Key": state } });
    assert.deepEqual([other.status, other.json.error.code], [422, "idempotency_mismatch"]);
    // Another browser's identical key is its own.
    const c = new Browser();
    const theirs = await c.call("/sessions", { method: "POST", body, headers: { "Idempotency-Key": state } });
    assert.equal(theirs.status, 200);
    assert.notEqual(theirs.json.reference, first.json.reference);
  });
});

describe("results belong to the browser session that started them", () => {
  test("MasChain pass: back through the worker → approved, as the browser view only", async () => {
    const b = new Browser();
    const s = await maschainDone(b);
    assert.equal(new URL(s.landed).searchParams.get("is_success"), "1", "the provider's claim is forwarded");
    assert.equal(new URL(s.landed).searchParams.get("ekyc_state"), s.state, "with the flow's state");
    assert.equal(new URL(s.landed).searchParams.get("token"), null, "the provider's id is not forwarded");
    const r = await b.result("maschain", s);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), VIEW_KEYS);
    assert.deepEqual([r.json.provider, r.json.reference, r.json.decision, r.json.settled], ["maschain", s.reference, "approved", true]);
    assert.ok(!Number.isNaN(Date.parse(r.json.updatedAt)));
  });

  test("a blurry document (9108) → rejected + image_quality, whatever the return URL claims", async () => {
    const b = new Browser();
    const s = await maschainDone(b, "9108");
    const r = await b.result("maschain", s);
    assert.equal(r.json.decision, "rejected");
    assert.deepEqual(r.json.reasons.map((x) => x.code), ["image_quality"]);
  });

  test("attacks: no cookie, another session's cookie, a guessed neighbour, the provider's own id, no state — all 404 alike", async () => {
    const owner = new Browser();
    const s = await maschainDone(owner);
    assert.equal((await owner.result("maschain", s)).json.decision, "approved");
    const unknown = await owner.call(`/results/maschain/vs_${"A".repeat(32)}`, { headers: { "Ekyc-State": s.state } });
    assert.equal(unknown.status, 404);
    const attempts = {
      "no cookie": await owner.call(`/results/maschain/${s.reference}`, { cookies: false, headers: { "Ekyc-State": s.state } }),
      "another session's cookie": await (async () => {
        const other = new Browser();
        await other.session("argos"); // it has a session of its own
        return other.result("maschain", s);
      })(),
      "a guessed neighbour": await owner.call(`/results/maschain/${s.reference.slice(0, -1)}${s.reference.at(-1) === "A" ? "B" : "A"}`, { headers: { "Ekyc-State": s.state } }),
      "the provider's own id": await owner.call(`/results/maschain/${providerId(s.url, "token")}`, { headers: { "Ekyc-State": s.state } }),
      "no state": await owner.result("maschain", s, { state: null }),
      "a wrong state": await owner.result("maschain", s, { state: "x".repeat(22) }),
      "another provider": await owner.call(`/results/argos/${s.reference}`, { headers: { "Ekyc-State": s.state } }),
    };
    for (const [what, r] of Object.entries(attempts)) {
      assert.equal(r.status, 404, `${what}: ${r.text}`);
      assert.deepEqual(r.json, unknown.json, `${what}: the same answer as a reference that does not exist`);
    }
  });

  test("attack: a hosted session finished by someone else is never readable by its creator, nor credited by the merchant", async () => {
    const creator = new Browser();
    const s = await creator.session("maschain");
    // The creator hands the hosted link to someone else, who finishes it in their own browser.
    const victim = new Browser();
    const back = await finishHostedPage("/maschain/verifications", { token: providerId(s.url, "token"), outcome: "pass" });
    await victim.comeBack(back);
    const read = await creator.result("maschain", s);
    assert.deepEqual([read.status, read.json.error?.code], [409, "finished_elsewhere"], read.text);
    // The creator cannot play the return itself: the return token went only to the provider.
    const forged = await creator.call(`/return/${s.reference}?rt=${"A".repeat(43)}&is_success=1`, { origin: null });
    assert.equal(forged.status, 404);
    const again = await creator.comeBack(back); // even with the real link afterwards: the first return decided
    assert.ok(again.startsWith(s.returnUrl));
    assert.equal((await creator.result("maschain", s)).status, 409);
    const m = await merchantGet(s.reference);
    assert.equal(m.status, 200);
    assert.equal(m.headers.get("ekyc-returned"), "elsewhere", "the merchant is told not to credit it");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(stack.merchant.pushes.has(s.reference), false, "and is never pushed a settled result for it");
  });

  test("before its browser came back, a hosted session answers pending without asking the provider", async () => {
    const b = new Browser();
    const s = await b.session("maschain");
    await finishHostedPage("/maschain/verifications", { token: providerId(s.url, "token"), outcome: "pass" });
    const r = await b.result("maschain", s);
    assert.deepEqual([r.status, r.json.decision, r.json.settled, r.headers.get("x-ekyc-source")], [200, "pending", false, "stored"]);
  });
});

describe("ADVANCE.AI: hosted page → callback (per-session secret) → GET /results", () => {
  test("pass → the callback is authenticated, the worker fetches and stores the result → approved", async () => {
    const b = new Browser();
    const s = await b.session("advance-ai", {});
    const back = await finishHostedPage("/advance-ai/h5", { signatureId: providerId(s.url, "signatureId"), outcome: "pass" });
    await b.comeBack(back);
    const r = await eventually(async () => {
      const r = await b.result("advance-ai", s);
      return r.json?.decision === "approved" && r;
    }, "the ADVANCE.AI callback");
    assert.equal(r.json.settled, true);
    assert.equal(r.json.face, undefined, "no face data in the browser view");
    const m = await merchantGet(s.reference);
    assert.equal(m.json.face.livenessPassed, true, "the merchant sees it");
  });

  test("SIMILARITY_FAILED → sent to failReturnUrl with the errorCode, result rejected + face_mismatch", async () => {
    const b = new Browser();
    const state = randomBytes(16).toString("base64url");
    const failReturnUrl = `${page}/?ekyc_state=${state}&ekyc_return=fail`;
    const r0 = await b.call("/sessions", { method: "POST", body: { provider: "advance-ai", state, returnUrl: `${page}/?ekyc_state=${state}`, failReturnUrl } });
    const s = { ...r0.json, state };
    const back = await finishHostedPage("/advance-ai/h5", { signatureId: providerId(s.url, "signatureId"), outcome: "SIMILARITY_FAILED" });
    const landed = await b.comeBack(back);
    assert.ok(landed.startsWith(failReturnUrl) && landed.includes("errorCode=SIMILARITY_FAILED"), landed);
    const r = await b.result("advance-ai", s);
    assert.equal(r.json.decision, "rejected");
    assert.ok(r.json.reasons.some((x) => x.code === "face_mismatch"), JSON.stringify(r.json.reasons));
  });

  test("a callback without this worker's session, or with a wrong secret, is refused (401) and fetches nothing", async () => {
    const b = new Browser();
    const s = await b.session("advance-ai");
    const body = { signatureId: providerId(s.url, "signatureId"), type: "COMPLETED" };
    for (const q of [`?session=${s.reference}&secret=wrong`, `?session=${s.reference}`, "?secret=x", `?session=vs_${"B".repeat(32)}&secret=x`, ""]) {
      const r = await b.call(`/webhooks/advance-ai${q}`, { method: "POST", body, origin: null });
      assert.deepEqual([r.status, r.json.error.code], [401, "webhook_unauthenticated"], q);
    }
  });
});

describe("ARGOS: liveform → GCM webhook → GET /results", () => {
  /** An ARGOS session of `b`, submitted on the liveform with `outcome` → the session and its userid. */
  async function argos(b, outcome) {
    const s = await b.session("argos");
    const form = new URL(s.url);
    const userid = form.searchParams.get("userid");
    const back = await finishHostedPage("/argos/liveform", { pid: form.searchParams.get("pid"), userid, redirect: form.searchParams.get("redirect"), outcome });
    await b.comeBack(back);
    return { ...s, userid, form };
  }

  /** `plain` sealed as ARGOS seals webhooks (AES-256-GCM, key = SHA-256 of the secret key). */
  function sealed(plain) {
    const key = createHash("sha256").update(stack.credentials.argos.secretKey).digest();
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    return { data: Buffer.concat([iv, cipher.update(JSON.stringify(plain)), cipher.final(), cipher.getAuthTag()]).toString("base64") };
  }

  test("approved → approved (the webhook was decrypted and the submission fetched)", async () => {
    const b = new Browser();
    const s = await argos(b, "approved");
    const r = await eventually(async () => {
      const r = await b.result("argos", s);
      return r.json?.decision === "approved" && r;
    }, "the ARGOS result");
    assert.equal(r.json.reference, s.reference);
  });

  test("rejected (blacklist) → rejected with a reason", async () => {
    const b = new Browser();
    const s = await argos(b, "rejected:id_info_blacklist");
    const r = await b.result("argos", s);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.decision, "rejected");
    assert.ok(r.json.reasons.length > 0);
  });

  test("attack: a plaintext (unencrypted) webhook is refused (401)", async () => {
    const body = { webhook_trigger: "approved", submission_id: "sub_forged", userid: "u1" };
    const r = await new Browser().call("/webhooks/argos", { method: "POST", body, origin: null });
    assert.deepEqual([r.status, r.json.error.code], [401, "webhook_unauthenticated"]);
  });

  test("a sealed webhook about a userid this worker never minted is ignored (nothing fetched)", async () => {
    const r = await new Browser().call("/webhooks/argos", { method: "POST", body: sealed({ webhook_trigger: "approved", submission_id: "s1", userid: "u_not_ours" }), origin: null });
    assert.deepEqual([r.status, r.json.ignored], [200, "unknown_reference"], r.text);
  });

  test("a late webhook about an earlier submission does not replace the session's latest one", async () => {
    const b = new Browser();
    const s = await argos(b, "approved");
    await eventually(async () => (await b.result("argos", s)).json?.decision === "approved", "the first submission");
    const first = await merchantGet(s.reference);
    const item = Array.isArray(first.json.raw?.Items) ? first.json.raw.Items[0] : first.json.raw;
    assert.equal(typeof item?.submission_id, "string", JSON.stringify(first.json.raw).slice(0, 200));
    // The user submits the same liveform again and is rejected: that is now the session's result.
    await finishHostedPage("/argos/liveform", { pid: s.form.searchParams.get("pid"), userid: s.userid, redirect: s.form.searchParams.get("redirect"), outcome: "rejected:id_info_blacklist" });
    await eventually(async () => (await merchantGet(s.reference)).json?.decision === "rejected", "the second submission");
    // Then ARGOS redelivers the first submission's "approved" webhook.
    const w = await b.call("/webhooks/argos", { method: "POST", body: sealed({ webhook_trigger: "approved", submission_id: item.submission_id, userid: s.userid, email: null }), origin: null });
    assert.equal(w.status, 200, w.text);
    await eventually(() => /webhook argos: fetched/.test(stack.logs().worker), "the redelivery's fetch");
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await merchantGet(s.reference)).json.decision, "rejected", "still the user's latest submission");
  });

  test("a worker without the ARGOS GCM key refuses every ARGOS webhook (no hint-only mode)", async () => {
    const bare = await startEdgeWorker(WORKER_ENTRY, { bindings: { PUBLIC_URL: "http://127.0.0.1:9", ARGOS_API_KEY: "k" }, timeoutMs: 60_000 });
    try {
      for (const body of [{ webhook_trigger: "approved", submission_id: "s1", userid: "u1" }, { data: "AAAA" }]) {
        const res = await fetch(`${bare.url}/webhooks/argos`, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
        assert.equal(res.status, 401, await res.text());
      }
    } finally {
      await bare.stop();
    }
  });
});

/** The notify_url posts the sandbox sent as Revenue Monster, oldest first. */
async function rmCallbacks() {
  const { callbacks } = await (await fetch(`${stack.sandboxUrl}/_sandbox/callbacks`)).json();
  return callbacks.filter((c) => c.provider === "revenue-monster").sort((a, b) => a.at_ms - b.at_ms);
}

/**
 * RM's notify_url headers for `body`, signed with the sandbox's key as RM signs callbacks (its signature docs: the
 * string-to-sign of a callback has no requestUrl).
 */
function rmSignature(body, _url) {
  const nonce = randomBytes(16).toString("hex");
  const ts = String(Math.floor(Date.now() / 1000));
  const text = `data=${Buffer.from(body).toString("base64")}&method=post&nonceStr=${nonce}&signType=sha256&timestamp=${ts}`;
  const signature = createSign("RSA-SHA256").update(text).sign(stack.credentials.revenueMonster.sandboxPrivateKeyPem, "base64");
  return { "X-Signature": `sha256 ${signature}`, "X-Nonce-Str": nonce, "X-Timestamp": ts };
}

/** The RM requestId behind a worker reference, as the merchant sees it in raw. */
async function rmRequestId(reference) {
  const m = await merchantGet(reference);
  const item = m.json.raw?.ekycResult?.item;
  const id = item?.mykadRequestId ?? item?.id ?? null;
  return { m, id };
}

describe("POST /images", () => {
  test("Revenue Monster: MyKad + selfie → approved; the browser sees the decision, the merchant the person", async () => {
    const b = new Browser();
    const r = await b.call("/images/revenue-monster", { method: "POST", body: images });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(Object.keys(r.json).sort(), VIEW_KEYS);
    assert.equal(r.json.decision, "approved");
    const again = await b.result("revenue-monster", r.json);
    assert.deepEqual([again.json.decision, again.json.reference], ["approved", r.json.reference]);
    const m = await merchantGet(r.json.reference);
    assert.equal(m.status, 200);
    assert.equal(m.json.reference, r.json.reference);
    assert.ok(m.json.person?.idNumber, "the merchant sees the MyKad number");
    assert.ok(!JSON.stringify(r.json).includes(m.json.person.idNumber), "the browser does not");
    assert.deepEqual(Object.keys(m.json.raw).sort(), ["ekycResult", "livenessFace"]);
  });

  test("Revenue Monster: MyKad not found → rejected + document_not_found; its signed notify_url post is accepted", async () => {
    const b = new Browser();
    const before = (await rmCallbacks()).length;
    await arm("revenue-monster", "fail", { endpoint: "id-mykad" });
    const r = await b.call("/images/revenue-monster", { method: "POST", body: images });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.decision, "rejected");
    assert.ok(r.json.reasons.some((x) => x.code === "document_not_found"), JSON.stringify(r.json.reasons));
    const sent = await eventually(async () => {
      const all = await rmCallbacks();
      return all.length > before && all.at(-1).status !== null && all;
    }, "the RM notification");
    assert.equal(sent.at(-1).target, `${stack.workerUrl}/webhooks/revenue-monster`);
    assert.deepEqual(sent.map((c) => c.status), sent.map(() => 200), "every signed notification was accepted");
  });

  test("attack: a replayed webhook (the same signed notification again) changes nothing and fetches nothing", async () => {
    const b = new Browser();
    await arm("revenue-monster", "fail", { endpoint: "liveness-face" });
    const r = await b.call("/images/revenue-monster", { method: "POST", body: images });
    assert.equal(r.status, 200, r.text);
    const { m, id } = await rmRequestId(r.json.reference);
    assert.ok(id, JSON.stringify(m.json.raw).slice(0, 300));
    const url = `${stack.workerUrl}/webhooks/revenue-monster`;
    const body = JSON.stringify({ code: "SUCCESS", function: "id-mykad", requestID: id });
    const headers = rmSignature(body, url);
    const first = await b.call("/webhooks/revenue-monster", { method: "POST", body, origin: null, headers });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.ignored, undefined);
    const fetchesBefore = () => (stack.logs().worker.match(/webhook revenue-monster: fetched/g) ?? []).length;
    await eventually(() => fetchesBefore() > 0, "the first delivery's fetch");
    // Quiet first: every notification the sandbox sent itself answered, and no fetch still landing.
    let last = -1;
    await eventually(async () => {
      const pending = (await rmCallbacks()).some((c) => c.status === null);
      const now = fetchesBefore();
      const quiet = !pending && now === last;
      last = now;
      if (!quiet) await new Promise((r) => setTimeout(r, 400));
      return quiet;
    }, "the sandbox's own notifications and their fetches");
    const n = fetchesBefore();
    const replay = await b.call("/webhooks/revenue-monster", { method: "POST", body, origin: null, headers });
    assert.deepEqual([replay.status, replay.json.ignored], [200, "duplicate"], replay.text);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(fetchesBefore(), n, "the replay fetched nothing");
    // A later, freshly signed notification re-reads the verdict but keeps the combined MyKad + face result.
    const later = await b.call("/webhooks/revenue-monster", { method: "POST", body, origin: null, headers: rmSignature(body, url) });
    assert.equal(later.json.ignored, undefined, later.text);
    await eventually(() => fetchesBefore() > n, "the fresh notification's fetch");
    const got = await merchantGet(r.json.reference);
    assert.deepEqual(Object.keys(got.json.raw).sort(), ["ekycResult", "livenessFace"], "still the combined result");
    assert.equal(got.json.decision, m.json.decision);
    // A signed notification about a requestId this worker never sent is ignored.
    const foreign = JSON.stringify({ code: "SUCCESS", requestID: "62201d48a694817dede84b35" });
    const f = await b.call("/webhooks/revenue-monster", { method: "POST", body: foreign, origin: null, headers: rmSignature(foreign, url) });
    assert.deepEqual([f.status, f.json.ignored], [200, "unknown_reference"], f.text);
  });

  test("Revenue Monster: an unsigned or forged notification is refused (401)", async () => {
    const b = new Browser();
    const body = JSON.stringify({ code: "SUCCESS", requestID: "abc" });
    const r = await b.call("/webhooks/revenue-monster", { method: "POST", body, origin: null });
    assert.deepEqual([r.status, r.json.error.code], [401, "webhook_unauthenticated"]);
    const forged = await b.call("/webhooks/revenue-monster", {
      method: "POST",
      body,
      origin: null,
      headers: { "X-Signature": "sha256 AAAA", "X-Nonce-Str": "n1", "X-Timestamp": String(Math.floor(Date.now() / 1000)) },
    });
    assert.deepEqual([forged.status, forged.json.error.code], [401, "webhook_unauthenticated"]);
  });

  test("WideKYC: eKTP + selfie → approved; the reference is the worker's, the person only for the merchant", async () => {
    const b = new Browser();
    const chosen = await b.call("/images/widekyc", { method: "POST", body: { ...images, custRefNo: "ref-e2e-pass" } });
    assert.deepEqual([chosen.status, chosen.json.error.code], [400, "invalid_input"], "the reference is the worker's to mint");
    const r = await b.call("/images/widekyc", { method: "POST", body: images });
    assert.equal(r.status, 200, r.text);
    assert.match(r.json.reference, /^vs_/);
    assert.equal(r.json.decision, "approved");
    const again = await b.result("widekyc", r.json);
    assert.equal(again.json.decision, "approved");
    const m = await merchantGet(r.json.reference);
    assert.ok(m.json.person?.idNumber, "the NIK from id-recognize");
    assert.deepEqual(Object.keys(m.json.raw).sort(), ["idRecognize", "idValidation", "passiveLiveness"]);
  });

  test("WideKYC: a failed passive liveness → rejected + liveness_failed, even though the card passed", async () => {
    const b = new Browser();
    await arm("widekyc", "fail", { endpoint: "passive-liveness" });
    const r = await b.call("/images/widekyc", { method: "POST", body: images });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.decision, "rejected");
    assert.ok(r.json.reasons.some((x) => x.code === "liveness_failed"));
    assert.equal((await merchantGet(r.json.reference)).json.face.livenessPassed, false);
  });

  test("WideKYC: Quota Exceeded is a typed 503 (the SDK throws quota_exceeded)", async () => {
    await arm("widekyc", "quota-exceeded", { endpoint: "id-recognize" });
    const r = await new Browser().call("/images/widekyc", { method: "POST", body: images });
    assert.deepEqual([r.status, r.json.error.code, r.json.error.provider], [503, "quota_exceeded", "widekyc"]);
  });

  test("images are checked first: too large, data: URLs, not Base64, missing", async () => {
    const b = new Browser();
    const cases = [
      { selfie: "A".repeat(2 * 1024 * 1024 + 4), idCard: images.idCard },
      { selfie: `data:image/jpeg;base64,${images.selfie}`, idCard: images.idCard },
      { selfie: "not base64!", idCard: images.idCard },
      { selfie: images.selfie },
    ];
    for (const body of cases) {
      const r = await b.call("/images/widekyc", { method: "POST", body });
      assert.deepEqual([r.status, r.json.error.code], [400, "invalid_input"], JSON.stringify(body).slice(0, 80));
    }
    const r = await b.call("/images/maschain", { method: "POST", body: images });
    assert.equal(r.status, 404, "MasChain takes no images here");
  });
});

describe("paid calls are limited", () => {
  test("attack: the sixth paid call in a browser session is a 429 with Retry-After, and no provider call", async () => {
    const b = new Browser();
    for (let i = 0; i < 5; i++) await b.session(i % 2 ? "argos" : "maschain");
    // Armed: if the worker called MasChain for the sixth create, that call would fail with 503 (and use it up).
    await arm("maschain", "http-503", { endpoint: "create", times: 3 });
    const sixth = await b.call("/sessions", { method: "POST", body: { provider: "maschain", returnUrl: `${page}/` } });
    assert.deepEqual([sixth.status, sixth.json.error.code], [429, "rate_limited"], sixth.text);
    const retryAfter = Number(sixth.headers.get("retry-after"));
    assert.ok(retryAfter > 3000 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
    const images6 = await b.call("/images/widekyc", { method: "POST", body: images });
    assert.equal(images6.status, 429, "image checks count too");
    // The armed 503s are still there: the sixth create never reached MasChain.
    const other = await new Browser().call("/sessions", { method: "POST", body: { provider: "maschain", returnUrl: `${page}/` } });
    assert.deepEqual([other.status, other.json.error?.httpStatus], [502, 503], other.text);
  });

  test("per client address: the 31st paid call from one address is a 429, whatever the cookies", async () => {
    const address = "203.0.113.77";
    let ok = 0;
    let refused = null;
    for (let i = 0; i < 7 && !refused; i++) {
      const b = new Browser({ address }); // a fresh cookie each time: dropping cookies does not reset the address
      for (let j = 0; j < 5; j++) {
        const r = await b.call("/sessions", { method: "POST", body: { provider: "argos", returnUrl: `${page}/` } });
        if (r.status === 429) {
          refused = r;
          break;
        }
        assert.equal(r.status, 200, r.text);
        ok++;
      }
    }
    assert.equal(ok, 30);
    assert.ok(refused && Number(refused.headers.get("retry-after")) > 0);
    assert.equal((await new Browser().call("/sessions", { method: "POST", body: { provider: "argos", returnUrl: `${page}/` } })).status, 200, "another address is not affected");
  });
});

describe("the merchant's server", () => {
  test("GET /verifications needs the merchant's API key; a browser's cookie is not one", async () => {
    const b = new Browser();
    const r = await b.call("/images/widekyc", { method: "POST", body: images });
    for (const key of [null, "wrong", `${stack.bindings.MERCHANT_API_KEY}x`, stack.bindings.MERCHANT_API_KEY.slice(0, -1)]) {
      const m = await merchantGet(r.json.reference, key);
      assert.deepEqual([m.status, m.json.error.code], [401, "unauthorized"], String(key));
    }
    const viaCookie = await b.call(`/verifications/${r.json.reference}`);
    assert.equal(viaCookie.status, 401);
    assert.equal((await merchantGet(`vs_${"C".repeat(32)}`)).status, 404);
    const m = await merchantGet(r.json.reference);
    assert.deepEqual([m.status, m.json.decision, m.headers.get("ekyc-settled"), m.headers.get("ekyc-returned")], [200, "approved", "true", "owner"]);
  });

  test("a settled result is pushed, signed t=…,v1=HMAC-SHA256; the package's verifier accepts it and refuses a forgery", async () => {
    const b = new Browser();
    const r = await b.call("/images/widekyc", { method: "POST", body: images });
    const push = await eventually(() => stack.merchant.pushes.get(r.json.reference), "the merchant push");
    assert.equal(push.event.type, "verification.settled");
    assert.equal(push.event.data.verification.decision, "approved");
    assert.ok(push.event.data.verification.person?.idNumber, "the push carries the full Verification");
    // The verifier against an independent signer (Node's HMAC), and every forgery refused.
    const secret = stack.bindings.MERCHANT_WEBHOOK_SECRET;
    const body = JSON.stringify({ id: "evt_x", type: "verification.settled", data: { reference: "vs_x" } });
    const t = Math.floor(Date.now() / 1000);
    const mac = (s, ts = t, b2 = body) => createHmac("sha256", s).update(`${ts}.${b2}`).digest("hex");
    assert.equal(verifyMerchantWebhook(body, `t=${t},v1=${mac(secret)}`, secret).id, "evt_x");
    const forgeries = {
      "another secret": `t=${t},v1=${mac("whsec_attacker")}`,
      "another body": `t=${t},v1=${mac(secret, t, body.replace("vs_x", "vs_y"))}`,
      "an old timestamp": `t=${t - 3600},v1=${mac(secret, t - 3600)}`,
      "no v1": `t=${t}`,
      "v0 only": `t=${t},v0=${mac(secret)}`,
      nothing: "",
    };
    for (const [what, header] of Object.entries(forgeries)) {
      assert.throws(() => verifyMerchantWebhook(body, header, secret), (e) => e.code === "webhook_unauthenticated", what);
    }
    assert.throws(() => verifyMerchantWebhook(body, `t=${t},v1=${mac(secret)}`, ""), (e) => e.code === "webhook_unauthenticated", "no secret: fails closed");
    // The merchant's server refuses a forged push.
    const before = stack.merchant.refused();
    const res = await fetch(`${stack.merchantUrl}/webhook`, { method: "POST", body, headers: { "Ekyc-Signature": forgeries["another secret"] } });
    assert.equal(res.status, 400);
    assert.equal(stack.merchant.refused(), before + 1);
  });
});

describe("state is durable (Durable Objects on disk)", () => {
  test("a restarted worker still answers every result, to the same browser only", async () => {
    const b = new Browser();
    const wk = await b.call("/images/widekyc", { method: "POST", body: images });
    const mc = await maschainDone(b);
    assert.equal((await b.result("maschain", mc)).json.decision, "approved");
    const used = 2;
    await stack.restartWorker();
    const after1 = await b.result("widekyc", wk.json);
    assert.deepEqual([after1.status, after1.json.decision, after1.json.reference], [200, "approved", wk.json.reference], after1.text);
    const after2 = await b.result("maschain", mc);
    assert.deepEqual([after2.status, after2.json.decision, after2.headers.get("x-ekyc-source")], [200, "approved", "stored"]);
    assert.equal((await new Browser().result("widekyc", wk.json)).status, 404, "still only its own browser");
    assert.equal((await merchantGet(wk.json.reference)).json.decision, "approved");
    // The rate limit survived too: this session had `used` billed calls, so 5 - used remain.
    for (let i = 0; i < 5 - used; i++) assert.equal((await b.call("/sessions", { method: "POST", body: { provider: "argos", returnUrl: `${page}/` } })).status, 200);
    assert.equal((await b.call("/sessions", { method: "POST", body: { provider: "argos", returnUrl: `${page}/` } })).status, 429);
  });
});

test("no secret reaches the worker's log", async () => {
  const own = stack.logs().worker;
  assert.match(own, /POST \/sessions 200/, "this stack's worker logged its requests");
  const all = own + readFileSync(join(LOG_DIR, "worker.log"), "utf8");
  const secrets = ["MASCHAIN_CLIENT_SECRET", "ADVANCE_SECRET_KEY", "RM_CLIENT_SECRET", "ARGOS_API_KEY", "ARGOS_SECRET_KEY", "WIDEKYC_TOKEN", "MERCHANT_API_KEY", "MERCHANT_WEBHOOK_SECRET"];
  for (const name of secrets) assert.ok(!all.includes(stack.bindings[name]), `${name} is in the worker log`);
  assert.ok(!all.includes("PRIVATE KEY"), "a private key is in the worker log");
  assert.ok(!/secret=|rt=|vs_[A-Za-z0-9_-]{32}/.test(all), "a callback secret, return token or reference is in the worker log");
});

describe("the worker's pure parts (in Node)", () => {
  const v = (decision, extra = {}) => ({ provider: "widekyc", reference: "r", decision, reasons: [], person: null, document: null, face: null, aml: null, createdAt: null, updatedAt: null, raw: { d: decision }, ...extra });

  test("combine: the strictest decision wins and a failed face or liveness signal is never hidden", () => {
    const mismatch = v("rejected", { face: { match: false, similarity: 0.2, liveness: null, livenessPassed: null }, reasons: [{ code: "face_mismatch", providerCode: "x", message: null }] });
    const ok = v("approved", { face: { match: true, similarity: 0.9, liveness: 0.99, livenessPassed: true } });
    const c = combine("widekyc", "r", { a: ok, b: mismatch, c: v("error") });
    assert.equal(c.decision, "rejected");
    assert.equal(c.face.match, false);
    assert.equal(c.face.livenessPassed, true);
    assert.deepEqual(c.reasons.map((r) => r.code), ["face_mismatch"]);
    assert.deepEqual(c.raw, { a: { d: "approved" }, b: { d: "rejected" }, c: { d: "error" } });
    assert.equal(combine("widekyc", "r", { a: ok, b: v("pending") }).decision, "pending");
    assert.equal(combine("widekyc", "r", { a: ok, b: v("approved") }).decision, "approved");
    assert.equal(combine("widekyc", "r", { a: ok, skipped: null }).decision, "approved");
    const unvalidated = combine("widekyc", "r", { idRecognize: ok, passiveLiveness: ok, idValidation: null });
    assert.deepEqual([unvalidated.decision, unvalidated.reasons.map((r) => r.providerCode)], ["review", ["NIK_MISSING"]]);
  });

  test("mergeSteps: a fetch that started earlier never replaces a newer answer; a re-read step keeps the combined result", () => {
    let known = mergeSteps(null, "argos", "vs_1", { result: v("approved") }, 2000, false);
    known = mergeSteps(known, "argos", "vs_1", { result: v("incomplete") }, 1000, false); // began before, finished after
    assert.deepEqual([known.verification.decision, known.verification.reference, known.changed], ["approved", "vs_1", false]);
    known = mergeSteps(known, "argos", "vs_1", { result: v("rejected") }, 3000, false);
    assert.equal(known.verification.decision, "rejected");
    const face = { match: true, similarity: 0.9, liveness: 0.99, livenessPassed: true };
    let rm = mergeSteps(null, "revenue-monster", "vs_2", { livenessFace: v("approved", { face }), ekycResult: v("pending") }, 1000, true);
    assert.equal(rm.verification.decision, "pending");
    rm = mergeSteps(rm, "revenue-monster", "vs_2", { ekycResult: v("approved") }, 2000, false); // the verdict, from a webhook
    assert.deepEqual([rm.verification.decision, Object.keys(rm.verification.raw).sort(), rm.verification.face, rm.verification.reference], ["approved", ["ekycResult", "livenessFace"], face, "vs_2"]);
    rm = mergeSteps(rm, "revenue-monster", "vs_2", { ekycResult: v("pending") }, 1500, false); // began before the final one
    assert.equal(rm.verification.decision, "approved");
  });

  test("nikCheck: with validateIdNumber in the package, a NIK that fails it is never sent to WideKYC's validateId", { skip: typeof ekyc.validateIdNumber !== "function" && "this package has no validateIdNumber yet" }, () => {
    assert.equal(nikCheck("3171010101900001").valid, true, "the sandbox's eKTP NIK (Jakarta Pusat, 1990-01-01)");
    const bad = nikCheck("3171013201900001"); // born on the 32nd
    assert.equal(bad.valid, false);
    assert.ok(bad.issues.length > 0);
    assert.equal(nikCheck("12345").valid, false);
  });

  test("nikCheck inside workerd sees the package's validateIdNumber too (the worker's own runtime)", { skip: typeof ekyc.validateIdNumber !== "function" && "this package has no validateIdNumber yet" }, async () => {
    const w = await startWorker(fileURLToPath(new URL("../worker/nik-check.mjs", import.meta.url)), { timeoutMs: 60_000 });
    try {
      const check = async (nik) => (await fetch(`${w.url}/?nik=${nik}`)).json();
      assert.equal((await check("3171010101900001")).valid, true);
      const bad = await check("3171013201900001");
      assert.deepEqual([bad.valid, bad.issues.length > 0], [false, true], JSON.stringify(bad));
    } finally {
      await w.stop();
    }
  });

  test("browserView: only provider, reference, decision, reasons, settled, updatedAt — never the person or raw", () => {
    const record = { provider: "widekyc", reference: "vs_3", updatedAt: 0, verification: v("approved", { person: { fullName: "X", idNumber: "3171234567890001" }, raw: { nik: "3171234567890001" } }) };
    const view = browserView(record);
    assert.deepEqual(Object.keys(view).sort(), VIEW_KEYS);
    assert.ok(!JSON.stringify(view).includes("3171234567890001"));
    assert.deepEqual([view.decision, view.settled], ["approved", true]);
    assert.deepEqual([browserView({ ...record, verification: null }).decision, browserView({ ...record, verification: null }).settled], ["pending", false]);
  });
});
