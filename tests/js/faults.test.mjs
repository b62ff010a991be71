// Faults (issue 7), for every client of the built package against the local fault server
// (tests/helpers/replay-server.mjs): resets, hangs, 429 / 5xx storms, truncated, non-JSON, hostile (deeply
// nested, oversized) bodies and slow drips. Checks: the right retries, a bounded total time, typed errors, no
// duplicated create, no unhandled promise rejection, and the module still works afterwards.
// tests/js/clients.test.mjs has the MasChain cases of each fault in detail; this file runs them across clients.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { AdvanceAi, Argos, MasChain, WideKyc, EkycError, normalize } from "ekyc-bridge";
import { replayServer } from "../helpers/replay-server.mjs";

const unhandled = [];
process.on("unhandledRejection", (reason) => unhandled.push(reason));

const transport = { timeoutMs: 400, retries: 2, totalTimeoutMs: 2500 };
let server;
before(async () => (server = await replayServer()));
after(async () => {
  await server.close();
  // Let late rejections surface before judging.
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(unhandled, [], "no unhandled promise rejection");
});
beforeEach(() => server.reset());

const aaiToken = { json: { code: "SUCCESS", message: "OK", data: { token: "AAI_TOKEN", expiredTime: Date.now() + 3_600_000 } } };
const AAI = "/intl/openapi/identity-risk/idvs-h5/ekyc/v1";

/** One idempotent read per client: its route, a good answer, and the call. */
const reads = {
  maschain: {
    route: "GET /api/ekyc/verifications/T1",
    good: { json: { status: 200, result: { token: "T1", is_success: 1, face_id_success: 1, face_id_result: { Sim: 98.3, Result: "Success" } } } },
    call: (t = transport) => new MasChain({ baseUrl: server.url, clientId: "ci", clientSecret: "sk_x", transport: t }).getVerification("T1"),
  },
  "advance-ai": {
    route: `POST ${AAI}/get-result`,
    setup: () => server.on("POST /openapi/auth/ticket/v1/generate-token", aaiToken),
    good: { json: { code: "SUCCESS", message: "OK", data: { signatureId: "S1", overallResult: "PASS" }, transactionId: "t" } },
    call: (t = transport) => new AdvanceAi({ baseUrl: server.url, accessKey: "a", secretKey: "s", transport: t }).getResult("S1"),
  },
  argos: {
    route: "GET /v3/submission",
    good: { json: { Items: [{ submission_id: "s1", kyc: { result: "approved" } }] } },
    call: (t = transport) => new Argos({ baseUrl: `${server.url}/v3`, apiKey: "k", transport: t }).getSubmission("s1"),
  },
};

async function rejects(promise, check) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof EkycError, `an EkycError, got ${e?.constructor?.name}: ${e?.message}`);
    for (const [k, v] of Object.entries(check)) assert.equal(e[k], v, `${k}: ${e.code} ${e.message}`);
    return true;
  });
}

for (const [name, r] of Object.entries(reads)) {
  test(`${name}: a reset, then 200 — the read is retried and succeeds`, async () => {
    r.setup?.();
    server.on(r.route, { reset: true }, r.good);
    const v = await r.call();
    assert.equal(typeof v.decision, "string");
    assert.equal(server.hits(r.route), 2);
  });

  test(`${name}: a 5xx / reset / hang storm ends in a typed retryable error within totalTimeoutMs`, async () => {
    r.setup?.();
    server.on(r.route, { status: 503, body: "" }, { reset: true }, { status: 502, body: "bad gateway" }, { hang: true });
    const t0 = Date.now();
    await assert.rejects(r.call(), (e) => e instanceof EkycError && e.retryable && ["http_status", "network", "timeout"].includes(e.code));
    const took = Date.now() - t0;
    assert.ok(took < transport.totalTimeoutMs + 500, `took ${took} ms`);
    assert.equal(server.hits(r.route), 3, "1 try + 2 retries");
  });

  test(`${name}: a 429 storm without Retry-After is retried with backoff, then http_status 429`, async () => {
    r.setup?.();
    server.on(r.route, { status: 429, body: "" });
    await rejects(r.call({ ...transport, totalTimeoutMs: 6000 }), { code: "http_status", httpStatus: 429, retryable: true });
    assert.equal(server.hits(r.route), 3);
  });

  test(`${name}: truncated, non-JSON, slow-drip bodies are typed errors`, async () => {
    r.setup?.();
    server.on(r.route, { ...r.good, truncate: true });
    await rejects(r.call({ ...transport, retries: 0 }), { code: "network" });
    server.reset();
    r.setup?.();
    server.on(r.route, { status: 200, body: "<html>maintenance</html>" });
    await rejects(r.call(), { code: "malformed_response" });
    assert.equal(server.hits(r.route), 1, "a malformed 200 is not retried");
    server.reset();
    r.setup?.();
    server.on(r.route, { ...r.good, drip: 40 });
    await rejects(r.call({ ...transport, retries: 0 }), { code: "timeout" });
  });

  test(`${name}: hostile bodies — 100 000 levels of nesting, over maxBodyBytes — are refused, the module survives`, async () => {
    r.setup?.();
    server.on(r.route, { status: 200, body: "[".repeat(100_000) + "]".repeat(100_000) });
    await rejects(r.call(), { code: "malformed_response" });
    server.reset();
    r.setup?.();
    server.on(r.route, { status: 200, body: '{"a":'.repeat(50_000) + "1" + "}".repeat(50_000) });
    await rejects(r.call(), { code: "malformed_response" });
    server.reset();
    r.setup?.();
    server.on(r.route, { status: 200, body: JSON.stringify({ pad: "x".repeat(200_000) }) });
    await rejects(r.call({ ...transport, maxBodyBytes: 100_000 }), { code: "malformed_response" });
    assert.equal(normalize("maschain", { status: 200, result: { is_success: 1 } }).provider, "maschain");
  });
}

test("creates are sent once when the request may have been received (502, 504, reset, timeout)", async () => {
  const faults = [{ status: 502, body: "" }, { status: 504, body: "" }, { reset: true }, { hang: true }];
  const creates = [
    {
      route: "POST /api/ekyc/verifications",
      call: () => new MasChain({ baseUrl: server.url, clientId: "ci", clientSecret: "sk_x", transport }).createVerification({ idCountry: "MYS", idType: "ID_CARD", redirectUrl: "https://m.test/r" }),
    },
    {
      route: `POST ${AAI}/generate-ekyc-verification-url`,
      setup: () => server.on("POST /openapi/auth/ticket/v1/generate-token", aaiToken),
      call: () => new AdvanceAi({ baseUrl: server.url, accessKey: "a", secretKey: "s", transport }).generateUrl({ returnUrl: "https://m.test/ok" }),
    },
    {
      route: "POST /api/passive-liveness",
      call: () => new WideKyc({ baseUrl: server.url, token: "t", transport }).passiveLiveness({ custRefNo: "1", selfieImage: "/9j/4AAQ" }),
    },
  ];
  for (const c of creates) {
    for (const fault of faults) {
      server.reset();
      c.setup?.();
      server.on(c.route, fault);
      await assert.rejects(c.call(), (e) => e instanceof EkycError && ["http_status", "network", "timeout"].includes(e.code));
      assert.equal(server.hits(c.route), 1, `${c.route} after ${JSON.stringify(fault)}: sent ${server.hits(c.route)} times`);
    }
  }
});

test("many concurrent calls against a failing server: all settle, all typed, none unhandled", async () => {
  server.on(reads.maschain.route, { status: 503, body: "" }, { reset: true }, { status: 200, body: "{" }, reads.maschain.good);
  const results = await Promise.allSettled(Array.from({ length: 40 }, () => reads.maschain.call({ ...transport, retries: 1 })));
  for (const r of results) if (r.status === "rejected") assert.ok(r.reason instanceof EkycError, String(r.reason));
  assert.ok(results.some((r) => r.status === "fulfilled"), "some succeed once the server answers");
});
