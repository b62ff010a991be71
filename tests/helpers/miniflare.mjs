// Runs the edge worker (examples/edge-worker) in real workerd through miniflare, with its Durable Objects
// persisted on disk — what `wrangler dev` does, offline. The module is bundled by esbuild with the `workerd`
// export condition and `.wasm` files kept as separate modules, as wrangler bundles it for `wrangler deploy`; the
// Durable Object bindings are read from the worker's wrangler.toml, so tests, `make demo` and a deploy declare
// the same classes. Binds 127.0.0.1 only.
import { createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";
import { freePort } from "./workerd.mjs";

/** `[{ name, className }]` of the `[[durable_objects.bindings]]` tables of a wrangler.toml. */
export function durableObjectBindings(tomlText) {
  const out = [];
  for (const block of tomlText.split(/^\[\[durable_objects\.bindings\]\]\s*$/m).slice(1)) {
    const body = block.split(/^\[/m)[0];
    const name = /^name\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    const className = /^class_name\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    if (name && className) out.push({ name, className });
  }
  return out;
}

/**
 * Starts `entry` (its wrangler.toml beside `src/`) → `{ url, stop(), log(), persistDir }`. Options: `bindings`
 * (env text bindings), `port` (default: a free one), `persistDir` (Durable Object storage; default a fresh
 * temporary folder, removed by `stop({ keepState: false })`), `logFile`, `timeoutMs` (disposed after it; `0`
 * for never, as `make demo` wants).
 */
export async function startEdgeWorker(entry, { bindings = {}, port: wantedPort = 0, persistDir = null, logFile = null, timeoutMs = 600_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "ekyc-miniflare-"));
  const state = persistDir ?? mkdtempSync(join(tmpdir(), "ekyc-do-state-"));
  await esbuild.build({
    entryPoints: { worker: entry },
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    loader: { ".wasm": "copy" },
    external: ["cloudflare:*"],
    outdir: dir,
    logLevel: "error",
  });
  const modules = readdirSync(dir)
    .sort((a, b) => (a === "worker.js" ? -1 : b === "worker.js" ? 1 : 0))
    .map((f) => ({ type: f.endsWith(".wasm") ? "CompiledWasm" : "ESModule", path: join(dir, f) }));
  const toml = readFileSync(join(dirname(entry), "..", "wrangler.toml"), "utf8");
  const durableObjects = Object.fromEntries(durableObjectBindings(toml).map(({ name, className }) => [name, { className, useSQLite: true }]));
  const port = wantedPort || (await freePort());
  let log = "";
  const file = logFile ? createWriteStream(logFile, { flags: "a" }) : null;
  const collect = (d) => {
    log += d;
    file?.write(d);
  };
  const mf = new Miniflare({
    modules,
    modulesRoot: dir,
    compatibilityDate: "2025-01-01",
    compatibilityFlags: ["nodejs_compat"],
    bindings,
    durableObjects,
    durableObjectsPersist: state,
    host: "127.0.0.1",
    port,
    handleRuntimeStdio(stdout, stderr) {
      stdout.on("data", collect);
      stderr.on("data", collect);
    },
  });
  try {
    await mf.ready;
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`miniflare did not start: ${e.message}\n${log}`);
  }
  let stopped = false;
  const stop = async ({ keepState = persistDir !== null } = {}) => {
    if (stopped) return;
    stopped = true;
    clearTimeout(killer);
    await mf.dispose().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    if (!keepState) rmSync(state, { recursive: true, force: true });
    await new Promise((r) => (file ? file.end(r) : r()));
  };
  // Never outlive the test, even if it forgets to stop us.
  const killer = timeoutMs ? setTimeout(() => stop(), timeoutMs) : null;
  killer?.unref?.();
  return { url: `http://127.0.0.1:${port}`, stop, log: () => log, persistDir: state };
}
