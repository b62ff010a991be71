// The edge worker example (examples/edge-worker) in real workerd against the provider sandbox: every route,
// CORS, the open-redirect guard, webhook authentication, and each provider's pass and fail outcome driven
// through the sandbox's hosted pages or its scenario control — the result always read back from the worker.
// Run: node scripts/install-package.mjs --then node --test tests/js/edge-worker.test.mjs (after make package).
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, createHash, createSign, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { prepareImage } from "ekyc-bridge";
import { startStack, LOG_DIR } from "../helpers/stack.mjs";
import { photo } from "../helpers/images.mjs";
import { combine } from "../../examples/edge-worker/src/combine.mjs";
import { remember, rememberSteps, recall, storeLimit, storeSize } from "../../examples/edge-worker/src/store.mjs";

let stack, page, images;
const FOREIGN = "http://127.0.0.1:1"; // any origin that is not the page's

before(async () => {
  stack = await startStack({ argosEncryption: "gcm" });
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

/** A call to the worker as the page makes it (Origin: the page) unless `origin` says otherwise. */
async function call(path, { method = "GET", body, origin = page, headers = {} } = {}) {
  const res = await fetch(stack.workerUrl + path, {
    method,
    headers: { ...(origin ? { Origin: origin } : {}), ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, json, text };
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

async function session(provider, extra = {}) {
  const returnUrl = `${page}/?ekyc_state=s1`;
  const r = await call("/sessions", { method: "POST", body: { provider, state: "s1", returnUrl, ...extra } });
  assert.equal(r.status, 200, r.text);
  assert.equal(typeof r.json.url, "string");
  assert.equal(typeof r.json.reference, "string");
  return { ...r.json, returnUrl };
}

describe("routing and CORS", () => {
  test("GET /health answers the package version; unknown routes and providers are typed 404s", async () => {
    const h = await call("/health");
    assert.equal(h.status, 200);
    assert.match(h.json.version, /^\d+\.\d+\.\d+/);
    assert.deepEqual([(await call("/nope")).status, (await call("/nope")).json.error.code], [404, "not_found"]);
    const p = await call("/results/paypal/abc");
    assert.deepEqual([p.status, p.json.error.code], [404, "not_found"]);
    const m = await call("/webhooks/maschain", { method: "POST", body: {} });
    assert.equal(m.status, 404, "MasChain sends no webhooks");
    const w = await call("/sessions");
    assert.deepEqual([w.status, w.json.error.code], [405, "invalid_input"]);
  });

  test("an allowed origin gets its exact origin back, with Vary: Origin, and a preflight", async () => {
    const pre = await call("/sessions", { method: "OPTIONS" });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get("access-control-allow-origin"), page);
    assert.match(pre.headers.get("access-control-allow-methods"), /POST/);
    assert.match(pre.headers.get("access-control-allow-headers"), /content-type/i);
    assert.match(pre.headers.get("vary"), /Origin/);
    const get = await call("/health");
    assert.equal(get.headers.get("access-control-allow-origin"), page);
    assert.match(get.headers.get("vary"), /Origin/);
  });

  test("another origin gets no CORS header: its preflight and its requests are refused", async () => {
    const pre = await call("/sessions", { method: "OPTIONS", origin: FOREIGN });
    assert.equal(pre.status, 403);
    assert.equal(pre.headers.get("access-control-allow-origin"), null);
    // A "simple" cross-origin POST skips the preflight: the worker refuses it itself, before any provider call.
    const post = await call("/sessions", { method: "POST", origin: FOREIGN, body: JSON.stringify({ provider: "maschain" }), headers: { "Content-Type": "text/plain" } });
    assert.deepEqual([post.status, post.json.error.code], [403, "invalid_input"]);
    assert.equal(post.headers.get("access-control-allow-origin"), null);
    const lookalike = await call("/health", { origin: page + ".evil.example" });
    assert.equal(lookalike.status, 403);
  });
});

describe("POST /sessions", () => {
  test("returnUrl and failReturnUrl must be on an allowed origin (no open redirect)", async () => {
    const bad = [
      { provider: "maschain", returnUrl: "https://evil.example/steal" },
      { provider: "argos", returnUrl: `${FOREIGN}/x` },
      { provider: "advance-ai", returnUrl: `${page}/`, failReturnUrl: "https://evil.example/" },
      { provider: "maschain", returnUrl: "javascript:alert(1)" },
      { provider: "maschain", returnUrl: "/relative" },
      { provider: "maschain" },
    ];
    for (const body of bad) {
      const r = await call("/sessions", { method: "POST", body });
      assert.deepEqual([r.status, r.json.error.code], [400, "invalid_input"], JSON.stringify(body));
    }
  });

  test("bad bodies are invalid_input: not JSON, not an object, an unknown provider, too large", async () => {
    for (const body of ["{", "[1]", JSON.stringify({ provider: "widekyc", returnUrl: `${page}/` })]) {
      const r = await call("/sessions", { method: "POST", body });
      assert.deepEqual([r.status, r.json.error.code], [400, "invalid_input"], body);
    }
    const big = await call("/sessions", { method: "POST", body: JSON.stringify({ provider: "maschain", pad: "x".repeat(40_000) }) });
    assert.deepEqual([big.status, big.json.error.code], [413, "invalid_input"]);
  });

  test("a provider fault is a typed 5xx, not a session", async () => {
    // 503 on every attempt (the client retries a create on 503 only, twice).
    await arm("maschain", "http-503", { endpoint: "create", times: 3 });
    const r = await call("/sessions", { method: "POST", body: { provider: "maschain", returnUrl: `${page}/` } });
    assert.equal(r.status, 502, r.text);
    assert.deepEqual([r.json.error.code, r.json.error.provider, r.json.error.httpStatus, r.json.error.retryable], ["http_status", "maschain", 503, true]);
    // The provider refusing the worker's credentials is the worker's configuration fault, not the browser's.
    await arm("maschain", "AuthFailure.InvalidAuthorization", { endpoint: "create" });
    const auth = await call("/sessions", { method: "POST", body: { provider: "maschain", returnUrl: `${page}/` } });
    assert.deepEqual([auth.status, auth.json.error.code], [502, "unauthorized"]);
  });
});

describe("MasChain: hosted page → GET /results", () => {
  test("pass → approved", async () => {
    const s = await session("maschain");
    assert.match(s.url, /\/maschain\/verifications\?token=/);
    const back = await finishHostedPage("/maschain/verifications", { token: s.reference, outcome: "pass" });
    assert.ok(back.startsWith(s.returnUrl), `MasChain returned to ${back}`);
    const r = await call(`/results/maschain/${s.reference}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.provider, "maschain");
    assert.equal(r.json.reference, s.reference);
    assert.equal(r.json.decision, "approved");
  });

  test("a blurry document (9108) → rejected + image_quality, whatever the return URL claims", async () => {
    const s = await session("maschain");
    await finishHostedPage("/maschain/verifications", { token: s.reference, outcome: "9108" });
    const r = await call(`/results/maschain/${s.reference}`);
    assert.equal(r.json.decision, "rejected");
    assert.deepEqual(r.json.reasons.map((x) => x.code), ["image_quality"]);
  });

  test("an unknown token is a 404; a reference with path characters is refused", async () => {
    const r = await call("/results/maschain/NOSUCHTOKEN123");
    assert.equal(r.status, 404, r.text);
    const bad = await call("/results/maschain/a%2F..%2Fb");
    assert.deepEqual([bad.status, bad.json.error.code], [400, "invalid_input"]);
  });
});

describe("ADVANCE.AI: hosted page → callback → GET /results", () => {
  test("pass → the callback is authenticated, the worker fetches the result → approved", async () => {
    const s = await session("advance-ai", { failReturnUrl: `${page}/?ekyc_state=s1&ekyc_return=fail` });
    const back = await finishHostedPage("/advance-ai/h5", { signatureId: s.reference, outcome: "pass" });
    assert.ok(back.startsWith(s.returnUrl), back);
    const r = await eventually(async () => {
      const r = await call(`/results/advance-ai/${s.reference}`);
      return r.headers.get("x-ekyc-source") === "webhook" && r;
    }, "the ADVANCE.AI callback");
    assert.equal(r.json.decision, "approved");
    assert.equal(r.json.face.livenessPassed, true);
  });

  test("SIMILARITY_FAILED → sent to failReturnUrl with the errorCode, result rejected + face_mismatch", async () => {
    const failReturnUrl = `${page}/?ekyc_state=s1&ekyc_return=fail`;
    const s = await session("advance-ai", { failReturnUrl });
    const back = await finishHostedPage("/advance-ai/h5", { signatureId: s.reference, outcome: "SIMILARITY_FAILED" });
    assert.ok(back.startsWith(failReturnUrl) && back.includes("errorCode=SIMILARITY_FAILED"), back);
    const r = await call(`/results/advance-ai/${s.reference}`);
    assert.equal(r.json.decision, "rejected");
    assert.ok(r.json.reasons.some((x) => x.code === "face_mismatch"), JSON.stringify(r.json.reasons));
  });

  test("an unknown signatureId is a 404", async () => {
    const r = await call("/results/advance-ai/0000000000000000");
    assert.deepEqual([r.status, r.json.error.code], [404, "not_found"]);
  });

  test("a callback with a wrong or missing secret is refused (401) and fetches nothing", async () => {
    const body = { signatureId: "0123456789abcdef", type: "COMPLETED" };
    for (const q of ["?secret=wrong", "", `?secret=${stack.bindings.WEBHOOK_SECRET}x`]) {
      const r = await call(`/webhooks/advance-ai${q}`, { method: "POST", body, origin: null });
      assert.deepEqual([r.status, r.json.error.code], [401, "webhook_unauthenticated"], q);
    }
    const malformed = await call(`/webhooks/advance-ai?secret=${stack.bindings.WEBHOOK_SECRET}`, { method: "POST", body: "[]", origin: null });
    assert.equal(malformed.status, 400);
    const ok = await call(`/webhooks/advance-ai?secret=${stack.bindings.WEBHOOK_SECRET}`, { method: "POST", body, origin: null });
    assert.deepEqual([ok.status, ok.json.reference], [200, body.signatureId]);
  });
});

describe("ARGOS: liveform → encrypted webhook → GET /results by userid", () => {
  async function argos(outcome) {
    const s = await session("argos");
    const form = new URL(s.url);
    assert.equal(form.searchParams.get("userid"), s.reference);
    assert.equal(form.searchParams.get("redirect"), s.returnUrl);
    const back = await finishHostedPage("/argos/liveform", {
      pid: form.searchParams.get("pid"),
      userid: s.reference,
      redirect: s.returnUrl,
      outcome,
    });
    assert.equal(back, s.returnUrl);
    return s.reference;
  }

  test("approved → approved (the webhook was decrypted and the submission fetched)", async () => {
    const userid = await argos("approved");
    const r = await eventually(async () => {
      const r = await call(`/results/argos/${userid}`);
      return r.status === 200 && r.headers.get("x-ekyc-source") === "webhook" && r;
    }, "the ARGOS webhook");
    assert.equal(r.json.decision, "approved");
  });

  test("rejected (blacklist) → rejected with a reason", async () => {
    const userid = await argos("rejected:id_info_blacklist");
    const r = await call(`/results/argos/${userid}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.decision, "rejected");
    assert.ok(r.json.reasons.length > 0);
  });

  test("a late webhook about an earlier submission does not replace the userid's latest one", async () => {
    const userid = await argos("approved");
    await eventually(async () => (await call(`/results/argos/${userid}`)).json?.decision === "approved", "the first submission");
    await webhooksSettled("argos");
    const first = await call(`/results/argos/${userid}`);
    assert.equal(first.json.decision, "approved");
    const item = Array.isArray(first.json.raw?.Items) ? first.json.raw.Items[0] : first.json.raw;
    assert.equal(typeof item?.submission_id, "string", JSON.stringify(first.json.raw).slice(0, 200));
    // The same user tries again and is rejected: that is now the userid's result.
    const form = new URL((await session("argos")).url);
    const fields = { pid: form.searchParams.get("pid"), userid, redirect: `${page}/?ekyc_state=s1`, outcome: "rejected:id_info_blacklist" };
    await finishHostedPage("/argos/liveform", fields);
    await eventually(async () => (await call(`/results/argos/${userid}`)).json?.decision === "rejected", "the second submission");
    await webhooksSettled("argos");
    // Then ARGOS redelivers the first submission's "approved" webhook (encrypted as the sandbox does).
    const plain = JSON.stringify({ webhook_trigger: "approved", submission_id: item.submission_id, userid, email: null });
    const key = createHash("sha256").update(stack.credentials.argos.secretKey).digest();
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    const w = await call("/webhooks/argos", { method: "POST", body: { data: sealed.toString("base64") }, origin: null });
    assert.deepEqual([w.status, w.json.reference], [200, item.submission_id], w.text);
    await webhooksSettled("argos", 1);
    const latest = await call(`/results/argos/${userid}`);
    assert.equal(latest.json.decision, "rejected", "still the user's latest submission");
    assert.equal((await call(`/results/argos/${item.submission_id}`)).json.decision, "approved", "the submission itself");
  });

  test("a plaintext (unencrypted) webhook is not authenticated: 401", async () => {
    const body = { webhook_trigger: "approved", submission_id: "sub_forged", userid: "u1" };
    const r = await call("/webhooks/argos", { method: "POST", body, origin: null });
    assert.deepEqual([r.status, r.json.error.code], [401, "webhook_unauthenticated"]);
  });

  test("a userid with no submission is a 404", async () => {
    const r = await call("/results/argos/u_nobody");
    assert.deepEqual([r.status, r.json.error.code], [404, "not_found"]);
  });
});

/** The notify_url posts the sandbox sent as Revenue Monster, oldest first. */
async function rmCallbacks() {
  const { callbacks } = await (await fetch(`${stack.sandboxUrl}/_sandbox/callbacks`)).json();
  return callbacks.filter((c) => c.provider === "revenue-monster").sort((a, b) => a.at_ms - b.at_ms);
}

/**
 * Waits until every webhook the sandbox sent as `provider` was answered and the worker finished the fetch each
 * accepted one started (it logs one line per fetch), plus `extra` webhooks the test posted itself.
 */
async function webhooksSettled(provider, extra = 0) {
  const fetches = () => (stack.logs().worker.match(new RegExp(`webhook ${provider}: `, "g")) ?? []).length;
  await eventually(async () => {
    const { callbacks } = await (await fetch(`${stack.sandboxUrl}/_sandbox/callbacks`)).json();
    const mine = callbacks.filter((c) => c.provider === provider);
    if (mine.some((c) => c.status === null)) return false;
    return fetches() >= mine.filter((c) => c.status === 200).length + extra;
  }, `the ${provider} webhooks' fetches`);
}

/** RM's notify_url headers for `body` posted to `url`, signed with the sandbox's key as RM signs them. */
function rmSignature(body, url) {
  const nonce = randomBytes(16).toString("hex");
  const ts = String(Math.floor(Date.now() / 1000));
  const text = `data=${Buffer.from(body).toString("base64")}&method=post&nonceStr=${nonce}&requestUrl=${url}&signType=sha256&timestamp=${ts}`;
  const signature = createSign("RSA-SHA256").update(text).sign(stack.credentials.revenueMonster.sandboxPrivateKeyPem, "base64");
  return { "X-Signature": `sha256 ${signature}`, "X-Nonce-Str": nonce, "X-Timestamp": ts };
}

describe("POST /images", () => {
  test("Revenue Monster: MyKad + selfie → approved", async () => {
    const r = await call("/images/revenue-monster", { method: "POST", body: images });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.verification.decision, "approved");
    const again = await call(`/results/revenue-monster/${r.json.reference}`);
    assert.equal(again.json.decision, "approved");
  });

  test("Revenue Monster: the MyKad is not found → rejected + document_not_found; its signed notify_url post is accepted", async () => {
    const before = (await rmCallbacks()).length;
    await arm("revenue-monster", "fail", { endpoint: "id-mykad" });
    const r = await call("/images/revenue-monster", { method: "POST", body: images });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.verification.decision, "rejected");
    assert.ok(r.json.verification.reasons.some((x) => x.code === "document_not_found"), JSON.stringify(r.json.verification.reasons));
    const fetched = await call(`/results/revenue-monster/${r.json.reference}`);
    assert.equal(fetched.json.decision, "rejected");
    // The sandbox signed its notification with its key; the worker verified it with RM_PUBLIC_KEY.
    const sent = await eventually(async () => {
      const all = await rmCallbacks();
      return all.length > before && all.at(-1).status !== null && all;
    }, "the RM notification");
    assert.equal(sent.at(-1).target, `${stack.workerUrl}/webhooks/revenue-monster`);
    assert.deepEqual(sent.map((c) => c.status), sent.map(() => 200), "every signed notification was accepted");
  });

  test("Revenue Monster: a later notify_url webhook re-reads the verdict but keeps the combined MyKad + face result", async () => {
    const before = (await rmCallbacks()).length;
    await arm("revenue-monster", "fail", { endpoint: "liveness-face" });
    const r = await call("/images/revenue-monster", { method: "POST", body: images });
    assert.equal(r.status, 200, r.text);
    const combined = r.json.verification;
    assert.deepEqual(Object.keys(combined.raw).sort(), ["ekycResult", "livenessFace"]);
    // The sandbox's own notification for this MyKad, and the fetch it started, done first.
    await eventually(async () => (await rmCallbacks()).length > before, "the sandbox's RM notification");
    await webhooksSettled("revenue-monster");
    // Then RM notifies again (a redelivery, or the final verdict): the worker fetches getEkycResult afresh.
    const url = `${stack.workerUrl}/webhooks/revenue-monster`;
    const body = JSON.stringify({ code: "SUCCESS", function: "id-mykad", requestID: r.json.reference });
    const w = await call("/webhooks/revenue-monster", { method: "POST", body, origin: null, headers: rmSignature(body, url) });
    assert.equal(w.status, 200, w.text);
    await webhooksSettled("revenue-monster", 1);
    const got = await call(`/results/revenue-monster/${r.json.reference}`);
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(Object.keys(got.json.raw).sort(), ["ekycResult", "livenessFace"], "still the combined result");
    assert.equal(got.json.decision, combined.decision);
    assert.deepEqual(got.json.face, combined.face);
    assert.deepEqual(got.json.reasons.map((x) => x.code).sort(), combined.reasons.map((x) => x.code).sort());
  });

  test("Revenue Monster: an unsigned or forged notification is refused (401)", async () => {
    const body = JSON.stringify({ code: "SUCCESS", requestID: "abc" });
    const r = await call("/webhooks/revenue-monster", { method: "POST", body, origin: null });
    assert.deepEqual([r.status, r.json.error.code], [401, "webhook_unauthenticated"]);
    const forged = await call("/webhooks/revenue-monster", {
      method: "POST",
      body,
      origin: null,
      headers: { "X-Signature": "sha256 AAAA", "X-Nonce-Str": "n1", "X-Timestamp": String(Math.floor(Date.now() / 1000)) },
    });
    assert.deepEqual([forged.status, forged.json.error.code], [401, "webhook_unauthenticated"]);
  });

  test("WideKYC: eKTP + selfie → approved with the person read from the card; GET /results answers it", async () => {
    const chosen = await call("/images/widekyc", { method: "POST", body: { ...images, custRefNo: "ref-e2e-pass" } });
    assert.deepEqual([chosen.status, chosen.json.error.code], [400, "invalid_input"], "the reference is the worker's to mint");
    const r = await call("/images/widekyc", { method: "POST", body: images });
    assert.equal(r.status, 200, r.text);
    assert.match(r.json.reference, /^ref/);
    assert.equal(r.json.verification.decision, "approved");
    assert.ok(r.json.verification.person?.idNumber, "the NIK from id-recognize");
    assert.deepEqual(Object.keys(r.json.steps).sort(), ["idRecognize", "idValidation", "passiveLiveness"]);
    const again = await call(`/results/widekyc/${r.json.reference}`);
    assert.equal(again.json.decision, "approved");
  });

  test("WideKYC: a failed passive liveness → rejected + liveness_failed, even though the card passed", async () => {
    await arm("widekyc", "fail", { endpoint: "passive-liveness" });
    const r = await call("/images/widekyc", { method: "POST", body: images });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.verification.decision, "rejected");
    assert.equal(r.json.verification.face.livenessPassed, false);
    assert.ok(r.json.verification.reasons.some((x) => x.code === "liveness_failed"));
  });

  test("WideKYC: Quota Exceeded is a typed 503 (the SDK throws quota_exceeded)", async () => {
    await arm("widekyc", "quota-exceeded", { endpoint: "id-recognize" });
    const r = await call("/images/widekyc", { method: "POST", body: images });
    assert.deepEqual([r.status, r.json.error.code, r.json.error.provider], [503, "quota_exceeded", "widekyc"]);
  });

  test("images are checked first: too large, data: URLs, not Base64, missing", async () => {
    const cases = [
      { selfie: "A".repeat(2 * 1024 * 1024 + 4), idCard: images.idCard },
      { selfie: `data:image/jpeg;base64,${images.selfie}`, idCard: images.idCard },
      { selfie: "not base64!", idCard: images.idCard },
      { selfie: images.selfie },
    ];
    for (const body of cases) {
      const r = await call("/images/widekyc", { method: "POST", body });
      assert.deepEqual([r.status, r.json.error.code], [400, "invalid_input"], JSON.stringify(body).slice(0, 80));
    }
    const r = await call("/images/maschain", { method: "POST", body: images });
    assert.equal(r.status, 404, "MasChain takes no images here");
  });
});

test("no secret reaches the worker's log", async () => {
  const own = stack.logs().worker;
  assert.match(own, /POST \/sessions 200/, "this stack's worker logged its requests");
  const all = own + readFileSync(join(LOG_DIR, "worker.log"), "utf8");
  const secrets = ["MASCHAIN_CLIENT_SECRET", "ADVANCE_SECRET_KEY", "RM_CLIENT_SECRET", "ARGOS_API_KEY", "ARGOS_SECRET_KEY", "WIDEKYC_TOKEN", "WEBHOOK_SECRET"];
  for (const name of secrets) assert.ok(!all.includes(stack.bindings[name]), `${name} is in the worker log`);
  assert.ok(!all.includes("PRIVATE KEY"), "a private key is in the worker log");
  assert.ok(!/secret=/.test(all), "a callback URL's query is in the worker log");
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

  test("store: a fetch that started earlier never replaces a newer answer; a re-read step keeps the combined result; the oldest entries go first", () => {
    remember("argos", "race", v("approved"), 2000);
    remember("argos", "race", v("incomplete"), 1000); // a webhook fetch that began before, finishing after
    assert.equal(recall("argos", "race").decision, "approved");
    remember("argos", "race", v("rejected"), 3000);
    assert.equal(recall("argos", "race").decision, "rejected");
    // A combined entry: a re-read step replaces only itself (newest fetch wins per step), never the whole.
    const face = { match: true, similarity: 0.9, liveness: 0.99, livenessPassed: true };
    rememberSteps("revenue-monster", "rq", { livenessFace: v("approved", { face }), ekycResult: v("pending") }, 1000);
    assert.equal(recall("revenue-monster", "rq").decision, "pending");
    remember("revenue-monster", "rq", v("approved"), 2000, "ekycResult"); // the final verdict, from a webhook
    const kept = recall("revenue-monster", "rq");
    assert.deepEqual([kept.decision, Object.keys(kept.raw).sort(), kept.face], ["approved", ["ekycResult", "livenessFace"], face]);
    remember("revenue-monster", "rq", v("pending"), 1500, "ekycResult"); // began before the final one
    assert.equal(recall("revenue-monster", "rq").decision, "approved");
    // The webhook's fetch stored first but began after POST /images asked: its verdict joins the steps.
    remember("revenue-monster", "rq2", v("rejected"), 3000, "ekycResult");
    rememberSteps("revenue-monster", "rq2", { livenessFace: v("approved", { face }), ekycResult: v("approved") }, 2500);
    const joined = recall("revenue-monster", "rq2");
    assert.deepEqual([joined.decision, Object.keys(joined.raw).sort(), joined.raw.ekycResult], ["rejected", ["ekycResult", "livenessFace"], { d: "rejected" }]);
    for (let i = 0; i < storeLimit + 10; i++) remember("widekyc", `k${i}`, v("approved"));
    assert.equal(storeSize(), storeLimit);
    assert.equal(recall("widekyc", "k0"), null);
    assert.equal(recall("widekyc", `k${storeLimit + 9}`).decision, "approved");
  });
});
