// The package inside real workerd: the `workerd` export condition imports the .wasm as a module and
// instantiates it with initSync (workerd forbids compiling wasm from bytes).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { createCipheriv, createHash, randomBytes, verify } from "node:crypto";
import { startWorker } from "../helpers/workerd.mjs";
import { replayServer } from "../helpers/replay-server.mjs";

let worker, provider;
before(async () => {
  provider = await replayServer();
  worker = await startWorker(fileURLToPath(new URL("../worker/worker.mjs", import.meta.url)), {
    bindings: { MASCHAIN_URL: provider.url, MASCHAIN_SECRET: "sk_worker_secret" },
  });
});
after(async () => {
  await worker?.stop();
  await provider?.close();
});

test("a worker imports the package and calls version()", async () => {
  const res = await fetch(worker.url + "/version");
  assert.equal(res.status, 200);
  assert.match(await res.text(), /^\d+\.\d+\.\d+/);
});

test("errors inside workerd are EkycError instances with their code", async () => {
  const res = await fetch(worker.url + "/normalize", {
    method: "POST",
    body: JSON.stringify({ provider: "maschain", response: [1, 2, 3] }),
  });
  assert.equal(res.status, 400);
  const { error } = await res.json();
  assert.deepEqual(
    { name: error.name, code: error.code, isError: error.isError, isEkycError: error.isEkycError },
    { name: "EkycError", code: "malformed_response", isError: true, isEkycError: true },
  );
});

test("a provider client runs unchanged in workerd: fetch, retry, normalize", async () => {
  provider.on(
    "GET /api/ekyc/verifications/TW",
    { status: 503, body: "busy" },
    { json: { status: 200, result: { token: "TW", is_success: 0, latest_error: "9108" } } },
  );
  const res = await fetch(worker.url + "/maschain/TW");
  assert.equal(res.status, 200, await res.clone().text());
  const v = await res.json();
  assert.equal(v.provider, "maschain");
  assert.equal(v.decision, "rejected");
  assert.equal(v.reasons[0].code, "image_quality");
  assert.equal(provider.hits("GET /api/ekyc/verifications/TW"), 2, "the 503 was retried inside workerd");
  assert.equal(provider.requests.at(-1).headers.client_secret, "sk_worker_secret");
});

async function call(provider, options, method, ...args) {
  const res = await fetch(worker.url + "/call", { method: "POST", body: JSON.stringify({ provider, options, method, args }) });
  const out = await res.json();
  if (out.error) throw Object.assign(new Error(out.error.message), out.error);
  return out.result;
}

test("every client runs unchanged in workerd, with its auth, against the replayed provider", async () => {
  provider.reset();
  const fixtures = new URL("../fixtures/revenue-monster/signing/", import.meta.url);
  const privateKeyPem = readFileSync(new URL("private.pem", fixtures), "utf8");
  const publicKeyPem = readFileSync(new URL("public.pem", fixtures), "utf8");
  const argosKey = createHash("sha256").update("argos_secret").digest();
  provider
    .on("POST /v1/token", { json: { accessToken: "AT", tokenType: "Bearer", expiresIn: 3600 } })
    .on("POST /v3/service", (req, body) => {
      const plain = `data=${body.toString("base64")}&method=post&nonceStr=${req.headers["x-nonce-str"]}&requestUrl=${provider.url}/v3/service&signType=sha256&timestamp=${req.headers["x-timestamp"]}`;
      const sig = (req.headers["x-signature"] ?? "").replace(/^sha256 /, "");
      if (!verify("sha256", Buffer.from(plain), publicKeyPem, Buffer.from(sig, "base64"))) return { status: 401, json: { error: { code: "INVALID_REQUEST_SIGNATURE" } } };
      return { json: { code: "SUCCESS", item: { id: "E1", status: "MYKAD_FACE_NOT_FOUND", verdict: "ATTENTION_REQUIRED" } } };
    })
    .on("POST /openapi/auth/ticket/v1/generate-token", (req, body) => {
      const { accessKey, timestamp, signature } = JSON.parse(body);
      const ok = signature === createHash("sha256").update(accessKey + "sk" + timestamp).digest("hex");
      return { json: ok ? { code: "SUCCESS", data: { token: "T", expiredTime: Date.now() + 3600e3 } } : { code: "PARAMETER_ERROR" } };
    })
    .on("POST /intl/openapi/identity-risk/idvs-h5/ekyc/v1/get-result", { json: { code: "SUCCESS", data: { signatureId: "S", overallResult: "INCOMPLETE", errorCode: "USER_TIMEOUT" } } })
    .on("GET /v3/submission", () => {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", argosKey, iv);
      const plain = JSON.stringify({ Items: [{ submission_id: "A1", kyc: { result: "approved" }, aml: { currentstatus: "Red Flag" } }] });
      return { json: { isEncrypted: true, data: Buffer.concat([iv, c.update(plain), c.final(), c.getAuthTag()]).toString("base64") } };
    })
    .on("POST /api/id-recognize", { json: { statusCode: "ERROR", responseStatusDetails: [{ description: "Product is not activated yet by Admin", type: "Exception" }] } });

  const rm = await call("revenue-monster", { apiUrl: `${provider.url}/v3/service`, oauthUrl: `${provider.url}/v1/token`, clientId: "c", clientSecret: "s", privateKeyPem }, "getEkycResult", "E1");
  assert.deepEqual([rm.decision, rm.reasons[0].code], ["rejected", "face_not_found"]);
  const aai = await call("advance-ai", { baseUrl: provider.url, accessKey: "ak", secretKey: "sk" }, "getResult", "S");
  assert.deepEqual([aai.decision, aai.reasons[0].code], ["incomplete", "user_timeout"]);
  const argos = await call("argos", { baseUrl: `${provider.url}/v3`, apiKey: "k", secretKey: "argos_secret" }, "listSubmissions", {});
  assert.deepEqual(argos.map((v) => [v.reference, v.decision, v.aml.flagged]), [["A1", "review", true]]);
  await assert.rejects(
    call("widekyc", { baseUrl: provider.url, token: "t" }, "recognizeId", { custRefNo: "1", idImage: "/9j/4AAQ" }),
    (e) => e.isEkycError && e.code === "unauthorized",
  );
  const mc = await call("maschain", { baseUrl: provider.url, clientId: "c", clientSecret: "sk_x" }, "createVerification", { idCountry: "MYS", idType: "ID_CARD", redirectUrl: "https://m.test/" }).catch((e) => e);
  assert.equal(mc.code, "http_status", "no script for the create: the provider's 404 comes back typed");
});

test("prepareImage's wasm engine runs inside workerd", async () => {
  const { photo } = await import("../helpers/images.mjs");
  const res = await fetch(worker.url + "/prepare", { method: "POST", body: photo(1600, 1200) });
  const out = await res.json();
  assert.equal(res.status, 200, JSON.stringify(out));
  assert.deepEqual([out.engine, out.width, out.height], ["wasm", 1280, 960]);
  assert.ok(out.byteLength <= 200_000 && out.byteLength > 1000);
  assert.equal(out.base64.slice(0, 4), "/9j/");
});
