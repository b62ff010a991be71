// `make demo`: the whole journey on this machine, with no provider account. Starts
//   the sandbox     (sandbox/, `ekyc-sandbox`: a stand-in for the five providers)     http://127.0.0.1:8790
//   the edge worker (examples/edge-worker in workerd through miniflare, its Durable Objects in
//                    target/demo-state/, the fake credentials as env)                 http://127.0.0.1:8787
//   the merchant    (scripts/demo-merchant.mjs: the merchant's server, with its API key and push secret)
//                                                                                      http://127.0.0.1:8788
//   the demo page   (www/ + dist/, and /config.json naming the others)                 http://127.0.0.1:8080/
// and prints the page's URL. Ports: PORT, WORKER_PORT, MERCHANT_PORT, SANDBOX_PORT. Logs: target/demo-logs/.
// Ctrl-C stops all. Expects the package built (`make demo` runs `make package` first). The worker keeps its
// default limit of paid calls per browser session (5 an hour; "Start over" starts a new session) and allows
// DEMO_ADDRESS_LIMIT (default 1000) per address, so trying the demo by hand never locks anyone out.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import { serve } from "./serve.mjs";
import { startEdgeWorker } from "../tests/helpers/miniflare.mjs";
import { sandboxBindings } from "../examples/edge-worker/sandbox-env.mjs";
import { startMerchant } from "./demo-merchant.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const logs = join(root, "target", "demo-logs");
const port = (name, fallback) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1 || v > 65535) fail(`${name} must be a port number, got ${process.env[name]}`);
  return v;
};
const ports = { page: port("PORT", 8080), worker: port("WORKER_PORT", 8787), merchant: port("MERCHANT_PORT", 8788), sandbox: port("SANDBOX_PORT", 8790) };
const addressLimit = Number(process.env.DEMO_ADDRESS_LIMIT ?? 1000);
const stops = [];
let stopping = false;

function fail(message) {
  console.error(`make demo: ${message}`);
  process.exit(1);
}

function step(message) {
  console.log(`  · ${message}`);
}

async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  // Each part gets a few seconds (an open browser connection must not keep the page server alive).
  const bounded = (s) => Promise.race([s().catch(() => {}), new Promise((r) => setTimeout(r, 3000))]);
  for (const s of stops.reverse()) await bounded(s);
  process.exit(code);
}

async function ensureFree(name, p, variable) {
  await new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => fail(`port ${p} (${name}) is in use: stop what runs there or set ${variable}=<port>`));
    s.listen(p, "127.0.0.1", () => s.close(resolve));
  });
}

/** Runs a build step quietly; its output goes to a log, shown only when it fails. */
function quietly(what, cmd, args) {
  const log = join(logs, `${what}.log`);
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  createWriteStream(log).end(out);
  if (r.status !== 0) {
    console.error(out.split("\n").slice(-40).join("\n"));
    fail(`${what} failed (full output in ${log})`);
  }
}

/** Starts the sandbox binary on its fixed port; resolves with its URL once it printed its first line. */
function startSandbox(webhookArgos) {
  const bin = join(root, "target", "debug", "ekyc-sandbox");
  const log = createWriteStream(join(logs, "sandbox.log"));
  const args = ["--port", String(ports.sandbox), "--webhook-argos", webhookArgos, "--argos-encryption", "gcm", "--exit-on-stdin-close"];
  const child = spawn(bin, args, { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
  stops.push(async () => {
    child.stdin.end();
    child.kill("SIGTERM");
    log.end();
  });
  child.stderr.pipe(log, { end: false });
  return new Promise((resolve, reject) => {
    let first = "";
    const timer = setTimeout(() => reject(new Error("the sandbox did not start within 30 s")), 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited (${code}); see ${join(logs, "sandbox.log")}`));
      if (!stopping) stopAll(1);
    });
    child.stdout.on("data", (d) => {
      log.write(d);
      if (first.includes("\n")) return;
      first += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(first);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
}

console.log("ekyc-bridge demo — starting the provider SANDBOX, the edge worker and the demo page (no real provider is called)");
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
mkdirSync(logs, { recursive: true });
if (!existsSync(join(root, "dist", "ekyc-bridge", "package.json"))) fail("dist/ekyc-bridge is missing: run `make demo` (it builds the package)");
await ensureFree("page", ports.page, "PORT");
await ensureFree("edge worker", ports.worker, "WORKER_PORT");
await ensureFree("merchant", ports.merchant, "MERCHANT_PORT");
await ensureFree("sandbox", ports.sandbox, "SANDBOX_PORT");

step("installing the built package for the worker bundle");
quietly("install-package", process.execPath, [join(root, "scripts", "install-package.mjs")]);
step("building the sandbox (cargo build -p ekyc-sandbox)");
quietly("sandbox-build", "cargo", ["build", "-p", "ekyc-sandbox"]);

const pageUrl = `http://127.0.0.1:${ports.page}/`;
const workerUrl = `http://127.0.0.1:${ports.worker}`;
try {
  step("starting the sandbox");
  const sandboxUrl = await startSandbox(`${workerUrl}/webhooks/argos`);
  const credentials = JSON.parse(readFileSync(join(root, "sandbox", "credentials.json"), "utf8"));

  // The merchant's server: the only holder of the merchant API key and the push secret (fresh each run).
  step("starting the merchant's server");
  const staticLog = createWriteStream(join(logs, "static.log"));
  const merchantSecrets = { apiKey: `mk_${randomBytes(24).toString("hex")}`, webhookSecret: `whsec_${randomBytes(24).toString("hex")}` };
  const pageOrigins = [`http://127.0.0.1:${ports.page}`, `http://localhost:${ports.page}`];
  const { verifyMerchantWebhook } = await import("ekyc-bridge");
  const merchant = await startMerchant({
    workerUrl,
    ...merchantSecrets,
    pageOrigins,
    verify: verifyMerchantWebhook,
    port: ports.merchant,
    log: (l) => staticLog.write(`[merchant] ${l}\n`),
  });
  stops.push(merchant.close);

  step("starting the edge worker in workerd (miniflare, Durable Objects in target/demo-state/)");
  const bindings = sandboxBindings({
    sandboxUrl,
    credentials,
    workerUrl,
    allowedOrigins: pageOrigins,
    merchant: { ...merchantSecrets, webhookUrl: `${merchant.url}/webhook` },
    perAddressLimit: Number.isInteger(addressLimit) && addressLimit > 0 ? addressLimit : 1000,
  });
  const worker = await startEdgeWorker(join(root, "examples", "edge-worker", "src", "index.mjs"), {
    bindings,
    port: ports.worker,
    timeoutMs: 0,
    persistDir: join(root, "target", "demo-state"),
    logFile: join(logs, "worker.log"),
  });
  stops.push(worker.stop);

  const page = await serve({ port: ports.page, config: { workerUrl, sandboxUrl, merchantUrl: merchant.url }, log: (l) => staticLog.write(l + "\n") });
  stops.push(async () => {
    await page.close();
    staticLog.end();
  });
  console.log(`\n  Open ${pageUrl}\n`);
  console.log(`  (logs in target/demo-logs/; Ctrl-C stops the sandbox, the worker and the page)`);
} catch (e) {
  console.error(`make demo: ${e.message}`);
  await stopAll(1);
}
