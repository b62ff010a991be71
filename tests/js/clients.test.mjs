// The provider clients of the built package against a local server that replays documented answers and
// faults: retries (503 then 200, 429 with Retry-After), timeouts (a hang, a slow drip), HTML error pages,
// truncated bodies, typed errors, no blind retry of creates, and the secret-in-browser guard.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { verify } from "node:crypto";
import { MasChain, RevenueMonster, EkycError } from "ekyc-bridge";
import { replayServer } from "../helpers/replay-server.mjs";

const fixtures = new URL("../fixtures/", import.meta.url);
const rmKeys = {
  privatePem: readFileSync(new URL("revenue-monster/signing/private.pem", fixtures), "utf8"),
  publicPem: readFileSync(new URL("revenue-monster/signing/public.pem", fixtures), "utf8"),
};
const fast = { timeoutMs: 1000, retries: 2, totalTimeoutMs: 8000 };
const session = { status: 200, result: { token: "T1", is_success: 1, face_id_success: 1, face_id_result: { Sim: 98.33, Result: "Success" } } };

let server;
before(async () => (server = await replayServer()));
after(async () => server.close());
beforeEach(() => server.reset());

const maschain = (transport = fast) =>
  new MasChain({ baseUrl: server.url, clientId: "ci_test", clientSecret: "sk_test_secret", transport });

async function rejects(promise, check) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof EkycError, `an EkycError, got ${e}`);
    for (const [k, v] of Object.entries(check)) assert.equal(e[k], v, `${k}: ${e.message}`);
    return true;
  });
}

test("MasChain: create then get, with the documented headers", async () => {
  server
    .on("POST /api/ekyc/verifications", { json: { status: 200, result: { url: "https://ekyc.maschain.com/verifications?token=T1", token: "T1" } } })
    .on("GET /api/ekyc/verifications/T1", { json: session });
  const c = maschain();
  const created = await c.createVerification({ idCountry: "MYS", idType: "ID_CARD", type: "00", redirectUrl: "https://merchant.test/back" });
  assert.deepEqual(created, { url: "https://ekyc.maschain.com/verifications?token=T1", token: "T1" });
  const v = await c.getVerification("T1");
  assert.equal(v.decision, "approved");
  assert.equal(v.face.similarity, 0.9833);
  const [create] = server.requests;
  assert.equal(create.headers.client_id, "ci_test");
  assert.equal(create.headers.client_secret, "sk_test_secret");
  assert.deepEqual(JSON.parse(create.body), { type: "00", id_country: "MYS", id_type: "ID_CARD", redirect_url: "https://merchant.test/back" });
});

test("503 then 200: the get is retried and succeeds", async () => {
  server.on("GET /api/ekyc/verifications/T1", { status: 503, body: "busy" }, { json: session });
  assert.equal((await maschain().getVerification("T1")).decision, "approved");
  assert.equal(server.hits("GET /api/ekyc/verifications/T1"), 2);
});

test("429 with Retry-After: the client waits as told, then succeeds", async () => {
  server.on("GET /api/ekyc/verifications/T1", { status: 429, headers: { "Retry-After": "1" }, body: "" }, { json: session });
  await maschain().getVerification("T1");
  const [a, b] = server.requests;
  assert.ok(b.at - a.at >= 950, `waited ${b.at - a.at} ms`);
});

test("a 429 storm ends in a retryable http_status after the configured retries", async () => {
  server.on("GET /api/ekyc/verifications/T1", { status: 429, headers: { "Retry-After": "0" }, body: "" });
  await rejects(maschain().getVerification("T1"), { code: "http_status", httpStatus: 429, retryable: true });
  assert.equal(server.hits("GET /api/ekyc/verifications/T1"), 3);
});

test("a hang past the timeout is a retryable timeout, within the total bound", async () => {
  server.on("GET /api/ekyc/verifications/T1", { hang: true });
  const t0 = Date.now();
  await rejects(maschain({ timeoutMs: 300, retries: 1, totalTimeoutMs: 5000 }).getVerification("T1"), { code: "timeout", retryable: true });
  assert.equal(server.hits("GET /api/ekyc/verifications/T1"), 2);
  assert.ok(Date.now() - t0 < 3000);
});

test("a slow drip is cut by the per-attempt timeout", async () => {
  server.on("GET /api/ekyc/verifications/T1", { json: session, drip: 50 });
  await rejects(maschain({ timeoutMs: 400, retries: 0 }).getVerification("T1"), { code: "timeout" });
});

test("an HTML error page is http_status with the status", async () => {
  server.on("GET /api/ekyc/verifications/T1", { status: 500, body: "<html><body>Internal Server Error</body></html>" });
  await rejects(maschain().getVerification("T1"), { code: "http_status", httpStatus: 500, retryable: false, provider: "maschain" });
  assert.equal(server.hits("GET /api/ekyc/verifications/T1"), 1, "500 is not retried");
});

test("a 200 whose body is not JSON is malformed_response", async () => {
  server.on("GET /api/ekyc/verifications/T1", { status: 200, body: "<html>maintenance</html>" });
  await rejects(maschain().getVerification("T1"), { code: "malformed_response" });
});

test("a truncated body is a network error (retried for a get)", async () => {
  server.on("GET /api/ekyc/verifications/T1", { json: session, truncate: true });
  await rejects(maschain({ ...fast, retries: 1 }).getVerification("T1"), { code: "network", retryable: true });
  assert.equal(server.hits("GET /api/ekyc/verifications/T1"), 2);
});

test("a create is not retried after a 502 or a reset (it may have been received)", async () => {
  const req = { idCountry: "MYS", idType: "ID_CARD", redirectUrl: "https://merchant.test/back" };
  server.on("POST /api/ekyc/verifications", { status: 502, body: "bad gateway" });
  await rejects(maschain().createVerification(req), { code: "http_status", httpStatus: 502 });
  assert.equal(server.hits("POST /api/ekyc/verifications"), 1);
  server.reset();
  server.on("POST /api/ekyc/verifications", { reset: true });
  await rejects(maschain().createVerification(req), { code: "network" });
  assert.equal(server.hits("POST /api/ekyc/verifications"), 1);
});

test("a create is retried after 503 (not processed)", async () => {
  server.on("POST /api/ekyc/verifications", { status: 503, body: "" }, { json: { status: 200, result: { url: "https://e.test/?token=T2", token: "T2" } } });
  const r = await maschain().createVerification({ idCountry: "MYS", idType: "ID_CARD", redirectUrl: "https://m.test/" });
  assert.equal(r.token, "T2");
});

test("401 → unauthorized, 413 → image_too_large", async () => {
  server.on("GET /api/ekyc/verifications/T1", { status: 401, json: { status: 401, message: "Unauthenticated." } });
  await rejects(maschain().getVerification("T1"), { code: "unauthorized", httpStatus: 401 });
  server.reset();
  server.on("GET /api/ekyc/verifications/T1", { status: 413, body: "too large" });
  await rejects(maschain().getVerification("T1"), { code: "image_too_large" });
});

test("an oversized body is refused, not read into memory", async () => {
  server.on("GET /api/ekyc/verifications/T1", { json: { ...session, pad: "x".repeat(5000) } });
  await rejects(maschain({ ...fast, maxBodyBytes: 1000 }).getVerification("T1"), { code: "malformed_response" });
});

test("options are checked: misspelled, missing, wrong types → invalid_input without echoing values", () => {
  assert.throws(() => new MasChain({ baseUrl: server.url, clientId: "x", clientSecret: "sk_y", timeout: 5 }), (e) => e.code === "invalid_input" && /timeout/.test(e.message));
  assert.throws(() => new MasChain({ clientId: "x" }), (e) => e.code === "invalid_input");
  assert.throws(
    () => new MasChain({ clientId: "x", clientSecret: "sk_live_TOPSECRET", transport: { timeoutMs: "sk_live_TOPSECRET" } }),
    (e) => e.code === "invalid_input" && !e.message.includes("TOPSECRET"),
  );
  assert.throws(() => new MasChain(undefined), (e) => e.code === "invalid_input");
  assert.throws(() => new MasChain({ baseUrl: "ftp://x", clientId: "x", clientSecret: "sk_y" }), (e) => e.code === "invalid_input");
});

/** Runs `fn` with `globalThis` looking like `scope` (Node's own `process` hidden unless `node`), then restores it. */
function asIf(scope, fn) {
  const processDescriptor = Object.getOwnPropertyDescriptor(globalThis, "process");
  const navigatorDescriptor = Object.getOwnPropertyDescriptor(globalThis, "navigator");
  const prototype = Object.getPrototypeOf(globalThis);
  try {
    if (!scope.node) Object.defineProperty(globalThis, "process", { value: undefined, configurable: true, writable: true });
    if (scope.userAgent) Object.defineProperty(globalThis, "navigator", { value: { userAgent: scope.userAgent }, configurable: true, writable: true });
    if (scope.window) globalThis.window = globalThis;
    if (scope.document) globalThis.document = {};
    if (scope.worker) {
      // A browser worker's global: an instance of WorkerGlobalScope, no window, no document.
      globalThis.WorkerGlobalScope = function WorkerGlobalScope() {};
      Object.setPrototypeOf(globalThis, Object.create(globalThis.WorkerGlobalScope.prototype));
    }
    return fn();
  } finally {
    Object.setPrototypeOf(globalThis, prototype);
    delete globalThis.WorkerGlobalScope;
    delete globalThis.window;
    delete globalThis.document;
    Object.defineProperty(globalThis, "process", processDescriptor);
    if (navigatorDescriptor) Object.defineProperty(globalThis, "navigator", navigatorDescriptor);
    else delete globalThis.navigator;
  }
}

test("a client holding a secret refuses a browser page and a browser's workers unless dangerouslyAllowBrowser", () => {
  const chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
  const refused = (e) => e instanceof EkycError && e.code === "secret_in_browser" && e.provider === "maschain";
  for (const [name, scope] of [
    ["page", { window: true, document: true, userAgent: chrome }],
    ["dedicated/shared/service worker", { worker: true, userAgent: chrome }],
  ]) {
    asIf(scope, () => {
      assert.throws(() => maschain(), refused, name);
      assert.throws(() => new RevenueMonster({ clientId: "a", clientSecret: "b", privateKeyPem: rmKeys.privatePem }), (e) => e.code === "secret_in_browser", name);
      new MasChain({ baseUrl: server.url, clientId: "ci", clientSecret: "sk_x", dangerouslyAllowBrowser: true });
    });
  }
  // Not browsers: jsdom-style globals inside Node, workerd (a ServiceWorkerGlobalScope whose navigator.userAgent is
  // "Cloudflare-Workers"), Deno (which defines window), Node itself.
  for (const [name, scope] of [
    ["jsdom under Node", { node: true, window: true, document: true, userAgent: "Mozilla/5.0 (linux) AppleWebKit/537.36 (KHTML, like Gecko) jsdom/25.0.1" }],
    ["workerd", { worker: true, userAgent: "Cloudflare-Workers" }],
    ["Node", { node: true }],
  ]) {
    asIf(scope, () => assert.doesNotThrow(() => maschain(), name));
  }
  globalThis.Deno = { version: { deno: "1.46.3" } };
  try {
    asIf({ window: true, userAgent: "Deno/1.46.3" }, () => assert.doesNotThrow(() => maschain(), "Deno"));
  } finally {
    delete globalThis.Deno;
  }
});

test("Revenue Monster: OAuth token once, then calls signed so that openssl-compatible verification passes", async () => {
  const basic = Buffer.from("rm_client:rm_secret").toString("base64");
  server
    .on("POST /v1/token", (req) =>
      req.headers.authorization === `Basic ${basic}`
        ? { json: { accessToken: "AT1", tokenType: "Bearer", expiresIn: 3600, refreshToken: "RT1", refreshTokenExpiresIn: 86400 } }
        : { status: 401, json: { error: { code: "UNAUTHORIZED", message: "bad client" } } },
    )
    .on("POST /v3/service", (req, body) => {
      const data = body.toString("base64");
      const url = `${server.url}/v3/service`;
      const plain = `data=${data}&method=post&nonceStr=${req.headers["x-nonce-str"]}&requestUrl=${url}&signType=sha256&timestamp=${req.headers["x-timestamp"]}`;
      const [type, sig] = req.headers["x-signature"].split(" ");
      const ok = type === "sha256" && verify("sha256", Buffer.from(plain), rmKeys.publicPem, Buffer.from(sig, "base64"));
      if (!ok || req.headers.authorization !== "Bearer AT1") return { status: 401, json: { error: { code: "INVALID_REQUEST_SIGNATURE", message: "signature" } } };
      const { function: fn, request } = JSON.parse(body);
      if (fn === "id-mykad") return { json: { code: "SUCCESS", item: { requestID: "62201d48a694817dede84b35", status: "SUCCESS" } } };
      return {
        json: {
          code: "SUCCESS",
          item: { id: request.id, status: "SUCCESS", verdict: "NONE_REQUIRED", faceResult: { isSamePerson: true, similarity: 88 }, createdAt: "2022-03-03T01:43:36.963Z" },
        },
      };
    });
  const rm = new RevenueMonster({
    apiUrl: `${server.url}/v3/service`,
    oauthUrl: `${server.url}/v1/token`,
    clientId: "rm_client",
    clientSecret: "rm_secret",
    privateKeyPem: rmKeys.privatePem,
    transport: fast,
  });
  const ack = await rm.recognizeMyKad({ image: "/9j/4AAQSkZJRg==", notifyUrl: "https://merchant.test/notify" });
  assert.equal(ack.requestId, "62201d48a694817dede84b35");
  const v = await rm.getEkycResult(ack.requestId);
  assert.equal(v.decision, "approved");
  assert.equal(v.reference, "62201d48a694817dede84b35");
  assert.equal(v.face.similarity, 0.88);
  assert.equal(server.hits("POST /v1/token"), 1, "the token is cached");
  assert.equal(server.hits("POST /v3/service"), 2);
});

test("ADVANCE.AI: a token signed with sha256(accessKey + secretKey + timestamp), cached, then generateUrl and getResult", async () => {
  const { createHash } = await import("node:crypto");
  let tokens = 0;
  server
    .on("POST /openapi/auth/ticket/v1/generate-token", (req, body) => {
      const { accessKey, timestamp, signature } = JSON.parse(body);
      const expected = createHash("sha256").update(`${accessKey}aai_secret${timestamp}`).digest("hex");
      if (signature !== expected || Math.abs(Number(timestamp) - Date.now()) > 300_000) return { json: { code: "PARAMETER_ERROR", message: "bad signature" } };
      tokens++;
      return { json: { code: "SUCCESS", message: "OK", data: { token: "AAI_TOKEN", expiredTime: Date.now() + 3_600_000 } } };
    })
    .on("POST /intl/openapi/identity-risk/idvs-h5/ekyc/v1/generate-ekyc-verification-url", (req, body) =>
      req.headers["x-access-token"] === "AAI_TOKEN" && JSON.parse(body).returnUrl === "https://m.test/ok"
        ? { json: { code: "SUCCESS", data: { url: "https://h5.advance.ai/ekyc?signatureId=f302f5d2454a85c2" } } }
        : { status: 401, json: { code: "UNAUTHORIZED" } },
    )
    .on("POST /intl/openapi/identity-risk/idvs-h5/ekyc/v1/get-result", {
      json: { code: "SUCCESS", message: "OK", data: { signatureId: "f302f5d2454a85c2", overallResult: "FAIL", errorCode: "LIVENESS_ATTACK", faceDetail: { faceResult: "FAIL", faceLivenessScore: 0 }, countryCodeIso3: "NGA" }, transactionId: "t" },
    });
  const { AdvanceAi } = await import("ekyc-bridge");
  const aai = new AdvanceAi({ baseUrl: server.url, accessKey: "aai_access", secretKey: "aai_secret", transport: fast });
  const s = await aai.generateUrl({ returnUrl: "https://m.test/ok", failReturnUrl: "https://m.test/fail", region: "NGA" });
  assert.deepEqual(s, { url: "https://h5.advance.ai/ekyc?signatureId=f302f5d2454a85c2", signatureId: "f302f5d2454a85c2" });
  const v = await aai.getResult(s.signatureId);
  assert.equal(v.decision, "rejected");
  assert.equal(v.reasons[0].code, "liveness_failed");
  assert.equal(v.face.livenessPassed, false);
  assert.equal(tokens, 1, "one token for both calls");
  await assert.rejects(aai.generateUrl({ returnUrl: "javascript:alert(1)" }), (e) => e.code === "invalid_input");
});

test("ARGOS: x-api-key, every page through the async iterator, encrypted answers decrypted", async () => {
  const { createCipheriv, createHash, randomBytes } = await import("node:crypto");
  const key = createHash("sha256").update("argos_secret").digest();
  const encrypt = (obj) => {
    const iv = randomBytes(12);
    const c = createCipheriv("aes-256-gcm", key, iv);
    const ct = Buffer.concat([c.update(JSON.stringify(obj)), c.final()]);
    return { isEncrypted: true, data: Buffer.concat([iv, ct, c.getAuthTag()]).toString("base64") };
  };
  const item = (id, result) => ({ submission_id: id, kyc: { result }, data: { name: "A", nationality: "KOR" } });
  server.on("GET /v3/submission", (req) => {
    if (req.headers["x-api-key"] !== "argos_key") return { status: 403, json: { message: "Forbidden" } };
    const q = new URL(req.url, "http://x").searchParams;
    if (q.get("submission_id") === "enc") return { json: encrypt({ Items: [item("enc", "approved")] }) };
    if (!q.get("nextpage_id")) return { json: { Items: [item("s1", "approved"), item("s2", "rejected")], nextpageKey: { id: "s2", created_at: "2025-01-02-03-04-05-678" } } };
    return { json: { Items: [item("s3", "incomplete")] } };
  });
  const { Argos } = await import("ekyc-bridge");
  const argos = new Argos({ baseUrl: `${server.url}/v3`, apiKey: "argos_key", secretKey: "argos_secret", transport: fast });
  const seen = [];
  for await (const v of argos.listSubmissions({ count: 2, startDate: "2025-01-01" })) seen.push([v.reference, v.decision]);
  assert.deepEqual(seen, [["s1", "approved"], ["s2", "rejected"], ["s3", "incomplete"]]);
  const second = new URL(server.requests[1].url, "http://x").searchParams;
  assert.equal(second.get("nextpage_id"), "s2");
  assert.equal(second.get("nextpage_date"), "2025-01-02-03-04-05-678");
  assert.equal(second.get("start_date"), "2025-01-01");
  assert.equal((await argos.getSubmission("enc")).decision, "approved");
  const bad = new Argos({ baseUrl: `${server.url}/v3`, apiKey: "wrong", transport: fast });
  await assert.rejects(bad.getSubmission("x"), (e) => e.code === "unauthorized" && e.httpStatus === 403);
});

test("WideKYC: token header; HTTP 200 + statusCode ERROR becomes the typed error", async () => {
  const ok = { statusCode: "SUCCESSFUL", content: { result: { status: "success", result: "False", trx_id: "202303291030019483", ref_id: "1", timestamp: 1680060646134 } } };
  const quota = { statusCode: "ERROR", responseStatusDetails: [{ description: "Quota Exceeded", type: "Exception" }] };
  server.on("POST /api/passive-liveness", (req, body) =>
    req.headers.token === "wk_token" && JSON.parse(body).cust_ref_no === "3322873" ? { json: ok } : { status: 401, body: "" },
  { json: quota });
  const { WideKyc } = await import("ekyc-bridge");
  const wk = new WideKyc({ baseUrl: server.url, token: "wk_token", transport: fast });
  const v = await wk.passiveLiveness({ custRefNo: "3322873", selfieImage: "/9j/4AAQ" });
  assert.equal(v.decision, "rejected");
  assert.equal(v.reasons[0].code, "liveness_failed");
  assert.equal(v.reference, "202303291030019483");
  await rejects(wk.passiveLiveness({ custRefNo: "3322873", selfieImage: "/9j/4AAQ" }), { code: "quota_exceeded", provider: "widekyc" });
  assert.equal(server.hits("POST /api/passive-liveness"), 2, "a business error is not retried");
});

test("parseWebhook: ADVANCE.AI URL secret, ARGOS encrypted body, typed events", async () => {
  const { parseWebhook } = await import("ekyc-bridge");
  const body = JSON.stringify({ signatureId: "f302f5d2454a85c2", type: "COMPLETED" });
  const e = parseWebhook("advance-ai", body, { "content-type": "application/json" }, { url: "https://w.test/webhooks/advance-ai?secret=abc", secret: "abc" });
  assert.deepEqual(e, { provider: "advance-ai", type: "COMPLETED", reference: "f302f5d2454a85c2", authenticated: true, raw: JSON.parse(body) });
  assert.throws(
    () => parseWebhook("advance-ai", body, new Headers(), { url: "https://w.test/webhooks/advance-ai?secret=nope", secret: "abc" }),
    (err) => err.code === "webhook_unauthenticated",
  );
  const withSecret = { url: "https://w.test/webhooks/advance-ai?secret=abc", secret: "abc" };
  assert.throws(() => parseWebhook("advance-ai", new Uint8Array([0xff, 0x00]), {}, withSecret), (err) => err.code === "malformed_response");
  assert.throws(() => parseWebhook("maschain", "{}", {}), (err) => err.code === "invalid_input");
  assert.throws(() => parseWebhook("argos", 42, {}), (err) => err.code === "invalid_input");

  // ARGOS: an AES-256-GCM body made by Node's crypto, decrypted and authenticated; a wrong key is refused.
  const { createCipheriv, createHash, randomBytes } = await import("node:crypto");
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", createHash("sha256").update("argos_secret").digest(), iv);
  const plain = JSON.stringify({ webhook_trigger: "approved", submission_id: "sub_1", email: "a@b.test" });
  const data = Buffer.concat([iv, c.update(plain), c.final(), c.getAuthTag()]).toString("base64");
  const a = parseWebhook("argos", JSON.stringify({ data }), {}, { secretKey: "argos_secret" });
  assert.deepEqual([a.type, a.reference, a.authenticated], ["approved", "sub_1", true]);
  assert.throws(() => parseWebhook("argos", JSON.stringify({ data }), {}, { secretKey: "other" }), (err) => err.code === "webhook_unauthenticated");
  // Fails closed (API.md §5a): a plain body, a missing key or secret, an ECB-only key is no event.
  assert.throws(() => parseWebhook("argos", plain, {}), (err) => err.code === "webhook_unauthenticated");
  assert.throws(() => parseWebhook("argos", plain, {}, { secretKey: "argos_secret" }), (err) => err.code === "webhook_unauthenticated");
  assert.throws(() => parseWebhook("argos", JSON.stringify({ data }), {}, { secretKey: "argos_secret", encryption: "ecb" }), (err) => err.code === "webhook_unauthenticated");
  assert.throws(() => parseWebhook("advance-ai", body, {}), (err) => err.code === "webhook_unauthenticated" && err.provider === "advance-ai");
  assert.throws(() => parseWebhook("advance-ai", body, {}, { url: "https://w.test/webhooks/advance-ai?secret=abc" }), (err) => err.code === "webhook_unauthenticated");
  assert.throws(() => parseWebhook("revenue-monster", '{"item":{"id":"x"}}', {}, {}), (err) => err.code === "webhook_unauthenticated");
  // Reading without a check is its own, loudly named call.
  const { parseWebhookUnverified } = await import("ekyc-bridge");
  const unencrypted = parseWebhookUnverified("argos", plain);
  assert.deepEqual([unencrypted.type, unencrypted.reference, unencrypted.authenticated], ["approved", "sub_1", false]);
  assert.equal(parseWebhookUnverified("advance-ai", new TextEncoder().encode(body)).authenticated, false);
  assert.throws(() => parseWebhookUnverified("argos", JSON.stringify({ data })), (err) => err.code === "invalid_input");
  assert.throws(() => parseWebhookUnverified("maschain", "{}"), (err) => err.code === "invalid_input");
});
