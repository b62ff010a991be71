// The package inside real workerd: the `workerd` export condition imports the .wasm as a module and
// instantiates it with initSync (workerd forbids compiling wasm from bytes).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startWorker } from "../helpers/workerd.mjs";

let worker;
before(async () => {
  worker = await startWorker(fileURLToPath(new URL("../worker/worker.mjs", import.meta.url)));
});
after(async () => worker?.stop());

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
