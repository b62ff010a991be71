// The package in a user's build: small apps bundled exactly as users bundle them, from the packed tarball
// installed into a fresh project (tests/helpers/consumer.mjs), each with the bundler's default settings, then run —
// pages in Chromium, workers in workerd (miniflare) — calling a function that needs the wasm and checking its
// answer. Each app imports a single name that the entry file does not define itself: the case in which a bundler
// that believes the whole package side-effect free drops the wasm's instantiation (and keeps the .wasm file).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { consumerProject, copyApp, root, runTool } from "../helpers/consumer.mjs";
import { launchChromium } from "../helpers/browser.mjs";
import { serve } from "../../scripts/serve.mjs";

const apps = join(root, "tests", "bundlers", "apps");
// What each app's function answers when the wasm really runs (no other way to get these values).
const PAGE_EXPECT = {
  "page-browser": { provider: "maschain", claimed: "success", trusted: false },
  "page-main": { decision: "rejected", reference: "c0ffee0000000001", reason: "number_not_found" },
};
const WORKER_REQUEST = {
  code: "SUCCESS",
  message: "OK",
  data: { signatureId: "c0ffee0000000001", overallResult: "FAIL", errorCode: "BVN_NOT_EXIST", countryCodeIso3: "NGA" },
  transactionId: "d3fde1547eeaf226",
};
const WORKER_EXPECT = PAGE_EXPECT["page-main"];

let project;
let browser;
before(async () => {
  project = consumerProject("bundlers");
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** Serves `dir` on 127.0.0.1, opens it in Chromium, and returns what the page's script put in `window.__ekyc`. */
async function runPage(dir) {
  const server = await serve({ mounts: [["/", dir]] });
  const page = await browser.newPage();
  const wasm = [];
  const errors = [];
  page.on("response", (r) => {
    if (new URL(r.url()).pathname.endsWith(".wasm")) wasm.push(r.status());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await page.goto(server.url);
    await page.waitForFunction(() => window.__ekyc !== undefined, null, { timeout: 30_000 }).catch(() => {});
    const result = await page.evaluate(() => window.__ekyc ?? null);
    return { result, wasm, errors };
  } finally {
    await page.close();
    await server.close();
  }
}

function assertPage({ result, wasm, errors }, expected) {
  assert.deepEqual(errors, [], "no uncaught error on the page");
  assert.ok(result, "the page's script ran to the end");
  assert.equal(result.ok, true, result.error);
  assert.deepEqual(result.value, expected);
  // The answer above can only come from the wasm; the page also fetched it exactly once.
  assert.deepEqual(wasm, [200], "the .wasm is fetched once");
}

function shippedWasm(dir) {
  const found = [];
  (function walk(d) {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      if (f.isDirectory()) walk(join(d, f.name));
      else if (f.name.endsWith(".wasm")) found.push(f.name);
    }
  })(dir);
  return found;
}

for (const app of ["page-browser", "page-main"]) {
  test(`Vite 8 production build (defaults): ${app}`, async () => {
    const dir = copyApp(project, join(apps, app), `vite-${app}`);
    cpSync(join(apps, "index.html"), join(dir, "index.html")); // Vite's entry: the one page both apps share
    runTool("vite", ["build", "--logLevel", "warn"], dir);
    assert.equal(shippedWasm(join(dir, "dist")).length, 1, "one .wasm in the build");
    assertPage(await runPage(join(dir, "dist")), PAGE_EXPECT[app]);
  });

  test(`webpack 5 (defaults, no config file): ${app}`, async () => {
    // webpack's defaults: ./src/index.js → ./dist/main.js, mode production; the user writes the HTML.
    const dir = join(project, `webpack-${app}`);
    mkdirSync(join(dir, "src"), { recursive: true });
    cpSync(join(apps, app, "main.js"), join(dir, "src", "index.js"));
    runTool("webpack", [], dir);
    writeFileSync(join(dir, "dist", "index.html"), `<!doctype html><meta charset="utf-8"><script src="main.js"></script>\n`);
    assert.equal(shippedWasm(join(dir, "dist")).length, 1, "one .wasm in the build");
    assertPage(await runPage(join(dir, "dist")), PAGE_EXPECT[app]);
  });
}

/** Runs a bundled worker (`dir/worker.js` and its modules) in workerd, the way wrangler uploads it. */
async function runWorker(dir, request = WORKER_REQUEST) {
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(dir, "worker.js"),
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-01-01",
  });
  try {
    const res = await mf.dispatchFetch("http://127.0.0.1/", { method: "POST", body: JSON.stringify(request) });
    return await res.json();
  } finally {
    await mf.dispose();
  }
}

// As Cloudflare's custom-build docs and wrangler do it: the workerd condition, the .wasm kept as its own module.
const ESBUILD_WORKER = ["worker.js", "--bundle", "--format=esm", "--conditions=workerd,worker,browser", "--loader:.wasm=copy", "--outdir=out"];

test("esbuild, as for a Worker: ekyc-bridge, run in workerd", async () => {
  const dir = copyApp(project, join(apps, "worker"), "esbuild-worker");
  runTool("esbuild", ESBUILD_WORKER, dir);
  assert.equal(shippedWasm(join(dir, "out")).length, 1, "one .wasm next to the bundle");
  const answer = await runWorker(join(dir, "out"));
  assert.equal(answer.ok, true, answer.error);
  assert.deepEqual(answer.value, WORKER_EXPECT);
});

test("esbuild, as for a Worker: ekyc-bridge/browser (the lean build), run in workerd", async () => {
  const dir = copyApp(project, join(apps, "worker-browser"), "esbuild-worker-browser");
  runTool("esbuild", ESBUILD_WORKER, dir);
  assert.deepEqual(shippedWasm(join(dir, "out")).length, 1, "one .wasm next to the bundle");
  const answer = await runWorker(join(dir, "out"), { url: "https://shop.example/kyc/done?is_success=1&token=tok-123" });
  assert.equal(answer.ok, true, answer.error);
  assert.deepEqual(answer.value, PAGE_EXPECT["page-browser"]);
});

test("wrangler deploy --dry-run --outdir: run in workerd", async () => {
  const dir = copyApp(project, join(apps, "worker"), "wrangler-worker");
  runTool("wrangler", ["deploy", "--dry-run", "--outdir", "out"], dir, {
    WRANGLER_SEND_METRICS: "false",
    CI: "true",
  });
  assert.ok(existsSync(join(dir, "out", "worker.js")), "wrangler wrote out/worker.js");
  assert.equal(shippedWasm(join(dir, "out")).length, 1, "one .wasm module");
  const answer = await runWorker(join(dir, "out"));
  assert.equal(answer.ok, true, answer.error);
  assert.deepEqual(answer.value, WORKER_EXPECT);
});
