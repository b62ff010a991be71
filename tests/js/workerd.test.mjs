// The package inside real workerd: the `workerd` export condition imports the .wasm as a module and
// instantiates it with initSync (workerd forbids compiling wasm from bytes).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
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
