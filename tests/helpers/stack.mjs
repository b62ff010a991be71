// The whole local journey for tests: the provider sandbox, the edge worker (examples/edge-worker in real
// workerd through miniflare, its Durable Objects on disk, pointed at the sandbox), the merchant's stand-in server
// (scripts/demo-merchant.mjs: the worker's signed pushes, GET /verifications) and the static server of www/ +
// dist/ (with /config.json naming the others), each on a free 127.0.0.1 port. Every process's output goes to
// target/test-logs/e2e/{sandbox,worker,static}.log, which a security test greps for secrets.
//
//   const stack = await startStack();   // { pageUrl, workerUrl, sandboxUrl, merchantUrl, credentials, stop(), logs() }
//   await stack.restartWorker();        // the worker stopped and started again on the same port and state
//   …
//   await stack.stop();                 // always safe, also after a failed start or twice
import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { startSandbox } from "./sandbox.mjs";
import { freePort } from "./workerd.mjs";
import { startEdgeWorker } from "./miniflare.mjs";
import { serve } from "../../scripts/serve.mjs";
import { startMerchant } from "../../scripts/demo-merchant.mjs";
import { sandboxBindings } from "../../examples/edge-worker/sandbox-env.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const WORKER_ENTRY = join(root, "examples", "edge-worker", "src", "index.mjs");
export const LOG_DIR = join(root, "target", "test-logs", "e2e");
const LOG_CAP = 8 * 1024 * 1024;

/**
 * Starts sandbox → worker → merchant → static server. Options: `timeoutMs` (each process is killed after it,
 * default 10 min), `argosEncryption` (default `"gcm"`: the sandbox encrypts ARGOS answers and webhooks, the
 * worker gets the key; `null`: plaintext and no key), `perAddressLimit` (the worker's RATE_LIMIT_PER_ADDRESS;
 * default its own 30), `sandbox` (extra options for startSandbox). Rejects, after stopping whatever started, when
 * a part does not come up within `startTimeoutMs` (default 120 s: a cold `cargo build` of the sandbox).
 */
export async function startStack({ timeoutMs = 600_000, startTimeoutMs = 120_000, argosEncryption = "gcm", perAddressLimit = null, sandbox: sandboxOptions = {} } = {}) {
  mkdirSync(LOG_DIR, { recursive: true });
  const files = Object.fromEntries(["sandbox", "worker", "static"].map((n) => [n, join(LOG_DIR, `${n}.log`)]));
  // Appended, not truncated: several test files start stacks one after another and the security check reads
  // everything they logged. A marker line separates the runs; an old file past LOG_CAP starts over.
  for (const f of Object.values(files)) {
    if (existsSync(f) && statSync(f).size > LOG_CAP) writeFileSync(f, "");
    appendFileSync(f, `=== stack started ${new Date().toISOString()} (pid ${process.pid})\n`);
  }
  let staticLog = "";
  const parts = {};
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const errors = [];
    for (const name of ["static", "merchant", "worker", "sandbox"]) {
      try {
        if (name === "sandbox" && parts.sandbox) appendFileSync(files.sandbox, parts.sandbox.log());
        await parts[name]?.stop({ keepState: false });
      } catch (e) {
        errors.push(`${name}: ${e.message}`);
      }
    }
    if (errors.length) throw new Error(`stopping the stack: ${errors.join("; ")}`);
  };
  const within = (what, promise) =>
    Promise.race([
      promise,
      new Promise((_, reject) => {
        const t = setTimeout(() => reject(new Error(`${what} did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
        t.unref();
      }),
    ]);
  try {
    // The page's origin and the worker's port first: the worker's ALLOWED_ORIGINS and the sandbox's ARGOS
    // webhook URL name them.
    const config = {};
    const page = await serve({
      config: () => config,
      log: (line) => {
        staticLog += line + "\n";
        appendFileSync(files.static, line + "\n");
      },
    });
    parts.static = { stop: page.close };
    const pageUrl = page.url;
    const workerPort = await freePort();
    const workerUrl = `http://127.0.0.1:${workerPort}`;

    const sandbox = await within(
      "the sandbox",
      startSandbox({
        webhookArgos: `${workerUrl}/webhooks/argos`,
        timeoutMs,
        startTimeoutMs,
        ...(argosEncryption ? { argosEncryption } : {}),
        ...sandboxOptions,
      }),
    );
    parts.sandbox = sandbox;
    const sandboxUrl = sandbox.url.replace(/\/+$/, "");

    // The merchant's server holds the API key and the push secret; the page never sees either.
    const merchantSecrets = { apiKey: `mk_${randomBytes(24).toString("hex")}`, webhookSecret: `whsec_${randomBytes(24).toString("hex")}` };
    const { verifyMerchantWebhook } = await import("ekyc-bridge");
    const merchant = await startMerchant({
      workerUrl,
      ...merchantSecrets,
      pageOrigins: [new URL(pageUrl).origin],
      verify: verifyMerchantWebhook,
      log: (line) => appendFileSync(files.static, `[merchant] ${line}\n`),
    });
    parts.merchant = { stop: merchant.close };

    const bindings = sandboxBindings({
      sandboxUrl,
      credentials: sandbox.credentials,
      workerUrl,
      allowedOrigins: [new URL(pageUrl).origin],
      merchant: { ...merchantSecrets, webhookUrl: `${merchant.url}/webhook` },
      argosEncryption,
      perAddressLimit,
    });
    const startOne = (persistDir) =>
      within("the worker", startEdgeWorker(WORKER_ENTRY, { bindings, port: workerPort, logFile: files.worker, timeoutMs, persistDir }));
    let worker = await startOne(null);
    parts.worker = worker;
    let workerLog = "";
    Object.assign(config, { workerUrl, sandboxUrl, merchantUrl: merchant.url });
    return {
      pageUrl,
      workerUrl,
      sandboxUrl,
      merchantUrl: merchant.url,
      merchant,
      credentials: sandbox.credentials,
      /** The worker's env (the merchant's API key and push secret, to play the merchant's server). */
      bindings,
      stop,
      /** Stops the worker and starts it again on the same port with the same Durable Object state on disk. */
      async restartWorker() {
        const state = worker.persistDir;
        workerLog += worker.log();
        await worker.stop({ keepState: true });
        worker = parts.worker = await startOne(state);
      },
      /** What this stack's processes printed so far (the files also hold earlier stacks' runs). */
      logs: () => ({ sandbox: sandbox.log(), worker: workerLog + worker.log(), static: staticLog }),
    };
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
}
