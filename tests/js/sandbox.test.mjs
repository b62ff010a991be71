// Every provider client of the built package (node_modules/ekyc-bridge) against the local provider sandbox
// (sandbox/, started by tests/helpers/sandbox.mjs): a passing and a failing call per provider, the hosted pages
// driven by their forms, the callbacks parsed and authenticated with parseWebhook, and one 429 retry.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { MasChain, RevenueMonster, AdvanceAi, Argos, WideKyc, EkycError, parseWebhook, prepareImage } from "ekyc-bridge";
import { startSandbox } from "../helpers/sandbox.mjs";
import { photo } from "../helpers/images.mjs";

const fast = { timeoutMs: 5000, retries: 2, totalTimeoutMs: 20000 };
let sb, hooks, hookUrl, c;
const received = [];

before(async () => {
  hooks = createServer((req, res) => {
    const chunks = [];
    req.on("data", (d) => chunks.push(d));
    req.on("end", () => {
      received.push({ url: `${hookUrl}${req.url}`, path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.end("ok");
    });
  });
  await new Promise((r) => hooks.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${hooks.address().port}`;
  sb = await startSandbox({ webhookArgos: `${hookUrl}/argos`, argosEncryption: "gcm" });
  c = sb.credentials;
});
after(async () => {
  await sb?.stop();
  hooks?.close();
});

async function waitFor(predicate, what) {
  for (let i = 0; i < 100; i++) {
    const hit = received.filter(predicate);
    if (hit.length) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no callback: ${what}`);
}

async function rejects(promise, check) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof EkycError, `an EkycError, got ${e}`);
    for (const [k, v] of Object.entries(check)) assert.equal(e[k], v, `${k}: ${e.message}`);
    return true;
  });
}

/** Submits a sandbox hosted page's form like a browser and returns the redirect target. */
async function choose(path, fields) {
  const res = await fetch(`${sb.url}${path}`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });
  assert.equal(res.status, 303, await res.text());
  return res.headers.get("location");
}

const image = async (preset, w, h) => (await prepareImage(photo(w, h), { preset })).base64;

test("MasChain: hosted page → redirect → getVerification, pass and a blurry document", async () => {
  const m = new MasChain({ baseUrl: `${sb.url}/maschain`, clientId: c.maschain.clientId, clientSecret: c.maschain.clientSecret, transport: fast });
  const session = await m.createVerification({ idCountry: "MYS", idType: "ID_CARD", redirectUrl: "http://127.0.0.1:8080/back" });
  assert.ok(session.url.startsWith(`${sb.url}/maschain/verifications?token=`));
  const page = await fetch(session.url);
  assert.match(await page.text(), /SANDBOX/);
  assert.equal(await choose("/maschain/verifications", { token: session.token, outcome: "pass" }), "http://127.0.0.1:8080/back?is_success=1");
  const v = await m.getVerification(session.token);
  assert.equal(v.decision, "approved");
  assert.equal(v.person.fullName ?? v.person.name, "SANDBOX TEST PERSON");

  const other = await m.createVerification({ idCountry: "MYS", idType: "ID_CARD", redirectUrl: "http://127.0.0.1:8080/back" });
  assert.equal(await choose("/maschain/verifications", { token: other.token, outcome: "9108" }), "http://127.0.0.1:8080/back?is_success=0");
  const failed = await m.getVerification(other.token);
  assert.equal(failed.decision, "rejected");
  assert.equal(failed.reasons[0].code, "image_quality");

  const wrong = new MasChain({ baseUrl: `${sb.url}/maschain`, clientId: c.maschain.clientId, clientSecret: "sk_wrong", transport: fast });
  await rejects(wrong.getVerification(session.token), { code: "unauthorized", provider: "maschain" });
});

test("ADVANCE.AI: token, generateUrl, the H5 page, callback, getResult; a liveness attack", async () => {
  const a = new AdvanceAi({ baseUrl: `${sb.url}/advance-ai`, accessKey: c.advanceAi.accessKey, secretKey: c.advanceAi.secretKey, transport: fast });
  const s = await a.generateUrl({
    returnUrl: "http://127.0.0.1:8080/ok", failReturnUrl: "http://127.0.0.1:8080/fail",
    callbackUrl: `${hookUrl}/aai?secret=s3cr3t`, region: "IDN",
  });
  assert.ok(s.signatureId, "taken from the URL's query");
  assert.equal(await choose("/advance-ai/h5", { signatureId: s.signatureId, outcome: "pass" }), "http://127.0.0.1:8080/ok");
  assert.equal((await a.getResult(s.signatureId)).decision, "approved");
  const [cb] = await waitFor((r) => r.path.startsWith("/aai"), "ADVANCE.AI callback");
  const event = parseWebhook("advance-ai", cb.body, cb.headers, { url: cb.url, secret: "s3cr3t" });
  assert.deepEqual([event.type, event.reference, event.authenticated], ["COMPLETED", s.signatureId, true]);

  const f = await a.generateUrl({ returnUrl: "http://127.0.0.1:8080/ok", failReturnUrl: "http://127.0.0.1:8080/fail", region: "IDN" });
  assert.equal(await choose("/advance-ai/h5", { signatureId: f.signatureId, outcome: "LIVENESS_ATTACK" }), "http://127.0.0.1:8080/fail?errorCode=LIVENESS_ATTACK");
  const v = await a.getResult(f.signatureId);
  assert.equal(v.decision, "rejected");
  assert.equal(v.reasons[0].code, "liveness_failed");

  const bad = new AdvanceAi({ baseUrl: `${sb.url}/advance-ai`, accessKey: c.advanceAi.accessKey, secretKey: "wrong_sandbox", transport: fast });
  await rejects(bad.getResult(s.signatureId), { code: "unauthorized", providerCode: "CLIENT_ERROR" });
});

test("Revenue Monster: signed calls, the signed notification, face compare pass and fail", async () => {
  const rm = new RevenueMonster({
    apiUrl: `${sb.url}/revenue-monster/v3/service`, oauthUrl: `${sb.url}/revenue-monster/v1/token`,
    clientId: c.revenueMonster.clientId, clientSecret: c.revenueMonster.clientSecret,
    privateKeyPem: c.revenueMonster.merchantPrivateKeyPem, transport: fast,
  });
  const card = await image("id-card", 1200, 800);
  const selfie = await image("selfie", 720, 960);
  const ack = await rm.recognizeMyKad({ image: card, notifyUrl: `${hookUrl}/rm` });
  assert.equal(ack.status, "SUCCESS");
  const [n] = await waitFor((r) => r.path === "/rm", "RM notification");
  const event = parseWebhook("revenue-monster", n.body, n.headers, { url: n.url, publicKeyPem: c.revenueMonster.sandboxPublicKeyPem });
  assert.deepEqual([event.reference, event.authenticated], [ack.requestId, true]);
  assert.throws(() => parseWebhook("revenue-monster", n.body.replace("SUCCESS", "FAILED"), n.headers, { url: n.url, publicKeyPem: c.revenueMonster.sandboxPublicKeyPem }), (e) => e.code === "webhook_unauthenticated");

  assert.equal((await rm.faceCompare({ image1: selfie, image2: selfie })).decision, "approved");
  await sb.arm("revenue-monster", "fail", { endpoint: "face-compare" });
  const miss = await rm.faceCompare({ image1: selfie, image2: selfie });
  assert.equal(miss.decision, "rejected");
  assert.equal(miss.reasons[0].code, "face_mismatch");

  await sb.arm("revenue-monster", "MYKAD_NOT_FOUND");
  const none = await rm.recognizeMyKad({ image: card, notifyUrl: `${hookUrl}/rm2` });
  assert.equal((await rm.getEkycResult(none.requestId)).decision, "rejected");

  const forged = new RevenueMonster({
    apiUrl: `${sb.url}/revenue-monster/v3/service`, oauthUrl: `${sb.url}/revenue-monster/v1/token`,
    clientId: c.revenueMonster.clientId, clientSecret: c.revenueMonster.clientSecret,
    privateKeyPem: c.revenueMonster.sandboxPrivateKeyPem, transport: fast, // the wrong key signs
  });
  await rejects(forged.getEkycResult(ack.requestId), { code: "unauthorized", providerCode: "INVALID_REQUEST_SIGNATURE" });
});

test("ARGOS: liveform → encrypted webhooks → getSubmission / listSubmissions; a rejection", async () => {
  const argos = new Argos({ baseUrl: `${sb.url}/argos/v3`, apiKey: c.argos.apiKey, secretKey: c.argos.secretKey, encryption: "gcm", transport: fast });
  const userid = `u-${Date.now()}`;
  const form = { pid: "sandbox-project", userid, email: "", redirect: "http://127.0.0.1:8080/argos-back" };
  assert.equal(await choose("/argos/liveform", { ...form, outcome: "approved" }), "http://127.0.0.1:8080/argos-back");
  const hooksFor = await waitFor((r) => r.path === "/argos" && received.filter((x) => x.path === "/argos").length >= 2, "ARGOS webhooks");
  const events = hooksFor.map((h) => parseWebhook("argos", h.body, h.headers, { secretKey: c.argos.secretKey, encryption: "gcm" }));
  assert.deepEqual(events.map((e) => [e.type, e.authenticated]).slice(0, 2), [["created", true], ["approved", true]]);
  const v = await argos.getSubmission(events[1].reference);
  assert.equal(v.decision, "approved");

  await choose("/argos/liveform", { ...form, outcome: "rejected:expired_id" });
  const all = [];
  for await (const s of argos.listSubmissions({ userid, count: 1 })) all.push(s.decision);
  assert.deepEqual(all, ["rejected", "approved"], "newest first, one per page");

  const noKey = new Argos({ baseUrl: `${sb.url}/argos/v3`, apiKey: "argos_wrong_sandbox", transport: fast });
  await rejects(noKey.getSubmission(events[1].reference), { code: "unauthorized", httpStatus: 403 });
});

test("WideKYC: liveness pass and fail, a quota error", async () => {
  const w = new WideKyc({ baseUrl: `${sb.url}/widekyc`, token: c.widekyc.token, transport: fast });
  const selfie = await image("selfie", 720, 960);
  assert.equal((await w.passiveLiveness({ custRefNo: "r1", selfieImage: selfie })).decision, "approved");
  await sb.arm("widekyc", "fail");
  const fake = await w.passiveLiveness({ custRefNo: "r2", selfieImage: selfie });
  assert.equal(fake.decision, "rejected");
  assert.equal(fake.reasons[0].code, "liveness_failed");
  await sb.arm("widekyc", "quota-exceeded");
  const quota = await w.passiveLiveness({ custRefNo: "r3", selfieImage: selfie }).catch((e) => e);
  // A business error is a thrown EkycError or a Verification with decision "error", depending on the client.
  const code = quota instanceof EkycError ? quota.code : quota.reasons?.[0]?.code;
  assert.equal(code, "quota_exceeded");
  assert.equal((await w.recognizeId({ custRefNo: "r4", idImage: await image("id-card", 1200, 800) })).person.fullName ?? "", "SANDBOX TEST PERSON");
});

test("429 with Retry-After: the ARGOS get is retried and succeeds", async () => {
  const argos = new Argos({ baseUrl: `${sb.url}/argos/v3`, apiKey: c.argos.apiKey, secretKey: c.argos.secretKey, transport: fast });
  await sb.arm("argos", "http-429");
  const started = Date.now();
  const items = [];
  for await (const s of argos.listSubmissions({ count: 50 })) items.push(s);
  assert.ok(items.length >= 2);
  assert.ok(Date.now() - started >= 900, "waited for Retry-After: 1");
  const log = await (await fetch(`${sb.url}/_sandbox/requests`)).json();
  const argosCalls = log.requests.filter((r) => r.provider === "argos").slice(-2);
  assert.deepEqual(argosCalls.map((r) => [r.scenario, r.status]), [["http-429", 429], ["pass", 200]]);
});

test("the sandbox log names no secret", () => {
  const log = sb.log();
  assert.match(log, /^ekyc-sandbox listening on http:\/\/127\.0\.0\.1:\d+ \(SANDBOX: not a real provider\)$/m);
  for (const line of log.trim().split("\n").slice(1)) assert.match(line, /^\[sandbox\] /);
  for (const secret of [c.revenueMonster.clientSecret, c.maschain.clientSecret, c.advanceAi.secretKey, c.argos.apiKey, c.argos.secretKey, c.widekyc.token]) {
    assert.ok(!log.includes(secret));
  }
  assert.ok(!/sbx_(rm|aai)_/.test(log), "no access token");
});
