// The whole local journey for tests: the provider sandbox, the edge worker (examples/edge-worker in real
// workerd, pointed at the sandbox) and the static server of www/ + dist/ (with /config.json naming the other
// two), each on a free 127.0.0.1 port. Every process's output goes to target/test-logs/e2e/{sandbox,worker,
// static}.log, which a security test greps for secrets.
//
//   const stack = await startStack();   // { pageUrl, workerUrl, sandboxUrl, credentials, stop(), logs() }
//   …
//   await stack.stop();                 // always safe, also after a failed start or twice
import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { startSandbox } from "./sandbox.mjs";
import { freePort, startWorker } from "./workerd.mjs";
import { serve } from "../../scripts/serve.mjs";
import { sandboxBindings } from "../../examples/edge-worker/sandbox-env.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const WORKER_ENTRY = join(root, "examples", "edge-worker", "src", "index.mjs");
export const LOG_DIR = join(root, "target", "test-logs", "e2e");
const LOG_CAP = 8 * 1024 * 1024;

/**
 * Starts sandbox → worker → static server. Options: `timeoutMs` (each process is killed after it, default
 * 10 min), `argosEncryption` (`"gcm"` / `"ecb"`: the sandbox encrypts ARGOS answers and webhooks, the worker
 * gets the key), `sandbox` (extra options for startSandbox). Rejects, after stopping whatever started, when a
 * part does not come up within `startTimeoutMs` (default 120 s: a cold `cargo build` of the sandbox).
 */
export async function startStack({ timeoutMs = 600_000, startTimeoutMs = 120_000, argosEncryption = null, sandbox: sandboxOptions = {} } = {}) {
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
    for (const name of ["static", "worker", "sandbox"]) {
      try {
        if (name === "sandbox" && parts.sandbox) appendFileSync(files.sandbox, parts.sandbox.log());
        await parts[name]?.stop();
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

    const bindings = sandboxBindings({
      sandboxUrl,
      credentials: sandbox.credentials,
      workerUrl,
      allowedOrigins: [new URL(pageUrl).origin],
      webhookSecret: `whs_${randomBytes(16).toString("hex")}`,
      argosEncryption,
    });
    const worker = await within("the worker", startWorker(WORKER_ENTRY, { bindings, port: workerPort, logFile: files.worker, timeoutMs }));
    parts.worker = worker;
    Object.assign(config, { workerUrl, sandboxUrl });
    return {
      pageUrl,
      workerUrl,
      sandboxUrl,
      credentials: sandbox.credentials,
      /** The worker's env (tests need WEBHOOK_SECRET to play ADVANCE.AI's callback). */
      bindings,
      stop,
      /** What this stack's processes printed so far (the files also hold earlier stacks' runs). */
      logs: () => ({ sandbox: sandbox.log(), worker: worker.log(), static: staticLog }),
    };
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
}
