// Runs a worker module in real workerd (the binary from the npm package `workerd`), on 127.0.0.1.
// The worker is bundled by esbuild with the `workerd` export condition and `.wasm` files kept as separate
// modules — what wrangler does — because workerd cannot compile WebAssembly from bytes at run time.
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import * as esbuild from "esbuild";

const require = createRequire(import.meta.url);

/**
 * Starts `entry` in workerd; resolves with `{ url, stop(), log() }`. `bindings` become `env` text bindings.
 * Options: `port` (default: a free one), `logFile` (workerd's output is also appended there as it comes),
 * `timeoutMs` (workerd is killed after it; `0` for never, as `make demo` wants).
 */
export async function startWorker(entry, { bindings = {}, timeoutMs = 60_000, port: wantedPort = 0, logFile = null } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "ekyc-workerd-"));
  await esbuild.build({
    entryPoints: { worker: entry },
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    loader: { ".wasm": "copy" },
    outdir: dir,
    logLevel: "warning",
  });
  const modules = readdirSync(dir).map((f) =>
    f.endsWith(".wasm") ? `(name = "${f}", wasm = embed "${f}")` : `(name = "${f}", esModule = embed "${f}")`,
  );
  // worker.js first: workerd's main module is the first one.
  modules.sort((a, b) => (a.includes('"worker.js"') ? -1 : b.includes('"worker.js"') ? 1 : 0));
  const port = wantedPort || (await freePort());
  const envBindings = Object.entries(bindings).map(([k, v]) => `(name = ${JSON.stringify(k)}, text = ${JSON.stringify(v)})`);
  writeFileSync(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .mainWorker), (name = "internet", network = (allow = ["local"], deny = [])) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const mainWorker :Workerd.Worker = (
  modules = [ ${modules.join(", ")} ],
  bindings = [ ${envBindings.join(", ")} ],
  compatibilityDate = "2025-01-01",
  compatibilityFlags = ["nodejs_compat"],
  globalOutbound = "internet",
);
`,
  );
  const bin = require.resolve("workerd/bin/workerd");
  const child = spawn(bin, ["serve", join(dir, "config.capnp"), "--verbose"], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const file = logFile ? createWriteStream(logFile, { flags: "a" }) : null;
  const collect = (d) => {
    log += d;
    file?.write(d);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  // Never outlive the test, even if it forgets to stop us.
  const killer = timeoutMs ? setTimeout(() => child.kill("SIGKILL"), timeoutMs) : null;
  killer?.unref();
  // …nor the Node process that started it (the timer above dies with Node; workerd would not).
  const onExit = () => child.kill("SIGKILL");
  process.once("exit", onExit);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    clearTimeout(killer);
    process.off("exit", onExit);
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once("exit", r)));
    rmSync(dir, { recursive: true, force: true });
    await new Promise((r) => (file ? file.end(r) : r()));
  };
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}):\n${log}`);
    try {
      await fetch(url + "/__ping");
      return { url, stop, log: () => log };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  await stop();
  throw new Error(`workerd did not start:\n${log}`);
}

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
