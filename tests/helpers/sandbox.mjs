// Starts the provider sandbox (sandbox/, the `ekyc-sandbox` binary) from Node tests and stops it again.
//
//   const sb = await startSandbox({ webhookArgos: "http://127.0.0.1:9/hook" });
//   sb.url          // "http://127.0.0.1:<port>" (a free port)
//   sb.credentials  // sandbox/credentials.json, parsed
//   await sb.arm("widekyc", "http-429", { times: 1 })   // POST /_sandbox/scenario
//   sb.log()        // everything it printed so far
//   await sb.stop()
//
// The binary is (re)built with `cargo build -p ekyc-sandbox` once per test process (a no-op when it is
// fresh), so a test never runs a stale sandbox. It is started with
// `--exit-on-stdin-close`, so it dies with the test process even if `stop()` is never called, and it is
// killed after `timeoutMs` in any case.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = join(root, "target", "debug", "ekyc-sandbox");
const FIRST_LINE = /^ekyc-sandbox listening on (http:\/\/127\.0\.0\.1:\d+) \(SANDBOX: not a real provider\)$/m;

/** The fake credentials the sandbox accepts (sandbox/credentials.json). */
export function sandboxCredentials() {
  return JSON.parse(readFileSync(join(root, "sandbox", "credentials.json"), "utf8"));
}

let built = false;

/** Brings the sandbox binary up to date, once per process (or again with `force`). Throws with cargo's output. */
export function buildSandbox({ force = false } = {}) {
  if (built && existsSync(bin) && !force) return bin;
  const r = spawnSync("cargo", ["build", "-p", "ekyc-sandbox"], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cargo build -p ekyc-sandbox failed:\n${r.stderr}`);
  built = true;
  return bin;
}

/**
 * @param {{ webhookArgos?: string, argosEncryption?: "gcm" | "ecb", latencyMs?: number, port?: number,
 *           timeoutMs?: number, startTimeoutMs?: number }} [options]
 * @returns {Promise<{ url: string, credentials: object, stop(): Promise<void>, log(): string,
 *           arm(provider: string, scenario: string, o?: { times?: number, endpoint?: string }): Promise<object> }>}
 */
export async function startSandbox({ webhookArgos, argosEncryption, latencyMs, port = 0, timeoutMs = 600_000, startTimeoutMs = 120_000 } = {}) {
  buildSandbox();
  const args = ["--port", String(port), "--exit-on-stdin-close"];
  if (webhookArgos) args.push("--webhook-argos", webhookArgos);
  if (argosEncryption) args.push("--argos-encryption", argosEncryption);
  if (latencyMs) args.push("--latency-ms", String(latencyMs));
  const child = spawn(bin, args, { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  killer.unref();
  const exited = new Promise((resolve) => child.once("exit", resolve));

  const stop = async () => {
    clearTimeout(killer);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  };

  let started = false;
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the sandbox did not start within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
    const fail = (e) => {
      clearTimeout(timer);
      stop().finally(() => reject(e));
    };
    child.once("error", fail);
    child.once("exit", (code) => started || fail(new Error(`the sandbox exited (${code}) before listening:\n${output}`)));
    child.stdout.on("data", () => {
      const m = FIRST_LINE.exec(output);
      if (m && !started) {
        started = true;
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });

  const arm = async (provider, scenario, { times, endpoint } = {}) => {
    const res = await fetch(`${url}/_sandbox/scenario`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider, scenario, ...(times ? { times } : {}), ...(endpoint ? { endpoint } : {}) }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`arming ${provider} ${scenario}: ${body.sandboxError}`);
    return body;
  };

  return { url, credentials: sandboxCredentials(), stop, log: () => output, arm };
}
