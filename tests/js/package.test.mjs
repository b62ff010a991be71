// The built package, imported by its name exactly as a user's code does (scripts/install-package.mjs put
// the packed tarball in node_modules/ekyc-bridge): ESM import, CommonJS require, the exports map, errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import * as esm from "ekyc-bridge";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const pkgDir = join(root, "node_modules", "ekyc-bridge");
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const crateVersion = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];

test("import: version() is the crate version, with no init call", () => {
  assert.equal(esm.version(), crateVersion);
  assert.equal(pkg.version, crateVersion);
});

test("require: the same API, synchronously", () => {
  const cjs = require("ekyc-bridge");
  assert.equal(cjs.version(), crateVersion);
  assert.equal(typeof cjs.normalize, "function");
  assert.equal(typeof cjs.EkycError, "function");
});

test("ESM and CommonJS entry points export the same names, and only the public ones", () => {
  const names = (m) => Object.keys(m).filter((k) => k !== "default").sort();
  assert.deepEqual(names(esm), names(require("ekyc-bridge")));
  for (const internal of ["initSync", "__ekycErrorClass", "default"]) assert.ok(!(internal in esm), `${internal} is not exported`);
});

test("ekyc-bridge/browser in Node (server-side rendering): import and require give the browser names", async () => {
  const viaImport = await import("ekyc-bridge/browser");
  const viaRequire = require("ekyc-bridge/browser");
  const names = (m) => Object.keys(m).filter((k) => k !== "default").sort();
  assert.deepEqual(names(viaImport), names(viaRequire));
  assert.ok(names(viaImport).includes("prepareImage") && !names(viaImport).includes("normalize"));
  assert.equal(viaImport.parseRedirect("https://x.example/?is_success=1").claimed, "success");
  assert.equal(viaImport.EkycError, esm.EkycError, "one error class for both entries in Node");
});

test("command lines: import and require of the package by name print the version", () => {
  const opts = { cwd: root, encoding: "utf8" };
  assert.equal(execFileSync("node", ["-e", "import('ekyc-bridge').then(m => console.log(m.version()))"], opts).trim(), crateVersion);
  assert.equal(execFileSync("node", ["-e", "console.log(require('ekyc-bridge').version())"], opts).trim(), crateVersion);
  // From the assembled folder: require() takes the directory ("main"); ESM forbids directory imports, so
  // import() names the Node entry file.
  assert.equal(execFileSync("node", ["-e", "console.log(require('./dist/ekyc-bridge/').version())"], opts).trim(), crateVersion);
  assert.equal(
    execFileSync("node", ["-e", "import('./dist/ekyc-bridge/node/index.mjs').then(m => console.log(m.version()))"], opts).trim(),
    crateVersion,
  );
});

test("errors are real Errors of class EkycError with code, message, retryable", () => {
  for (const m of [esm, require("ekyc-bridge")]) {
    let caught;
    try {
      m.normalize("argos", "not an object");
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof Error, "an Error");
    assert.ok(caught instanceof m.EkycError, "an EkycError");
    assert.equal(caught.name, "EkycError");
    assert.equal(caught.code, "malformed_response");
    assert.equal(caught.retryable, false);
    assert.equal(caught.provider, "argos");
    assert.match(caught.message, /object/);
    assert.match(String(caught.stack), /EkycError/);
  }
});

test("normalize rejects unknown providers and misspelled options with invalid_input", () => {
  assert.throws(() => esm.normalize("onfido", {}), (e) => e.code === "invalid_input" && /onfido/.test(e.message));
  assert.throws(() => esm.normalize("widekyc", {}, { endPoint: "id-recognize" }), (e) => e.code === "invalid_input");
});

test("package.json: exports map (types first in every branch), files whitelist, sideEffects = the entry files", () => {
  const dot = pkg.exports["."];
  assert.deepEqual(Object.keys(dot), ["workerd", "node", "browser", "require", "types", "default"]);
  assert.deepEqual(Object.keys(dot.node), ["import", "require"]);
  // Every branch that names a file names its types first (TypeScript takes the first condition it knows).
  (function typesFirst(o, at) {
    if (typeof o !== "object") return;
    const keys = Object.keys(o);
    if (keys.includes("default") && !keys.some((k) => typeof o[k] === "object")) assert.equal(keys[0], "types", `${at}: types first`);
    for (const k of keys) typesFirst(o[k], `${at}.${k}`);
  })({ ".": dot, "./browser": pkg.exports["./browser"] }, "exports");
  // The entry files instantiate the wasm on import: a bundler must keep them even when the importer uses no name
  // they define (tests/bundlers/ proves it with real bundlers); everything else stays side-effect free.
  assert.deepEqual(pkg.sideEffects, ["./index.js", "./browser.js", "./workerd.js", "./browser-workerd.js"]);
  for (const f of pkg.sideEffects) assert.ok(readFileSync(join(pkgDir, f), "utf8").includes("init"), `${f} initialises`);
  assert.ok(Array.isArray(pkg.files));
  // Everything the package needs is shipped, nothing else: no sources, no maps of the build, no tests.
  const shipped = [];
  (function walk(d, rel) {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      if (f.isDirectory()) walk(join(d, f.name), rel + f.name + "/");
      else shipped.push(rel + f.name);
    }
  })(pkgDir, "");
  assert.ok(shipped.includes("web/ekyc_bridge_bg.wasm"));
  assert.ok(shipped.includes("node/ekyc_bridge_bg.wasm"));
  assert.ok(shipped.every((f) => /\.(js|cjs|mjs|d\.c?ts|wasm|json|md)$/.test(f)), shipped.join(", "));
});

test("the generated TypeScript declarations match the committed snapshots (main and lean browser build)", () => {
  // `InitOutput` lists the raw wasm exports, whose closure shims carry hashes that change with any code change:
  // the public types are what the snapshots guard.
  const publicPart = (dts) => dts.replace(/^export interface InitOutput \{[\s\S]*?^\}\n/m, "export interface InitOutput { … }\n");
  for (const [build, snapshotName] of [["web", "ekyc_bridge.d.ts"], ["browser", "ekyc_bridge.browser.d.ts"]]) {
    const built = publicPart(readFileSync(join(pkgDir, build, "ekyc_bridge.d.ts"), "utf8"));
    const snapshot = publicPart(readFileSync(join(root, "tests", "snapshots", snapshotName), "utf8"));
    if (built !== snapshot) {
      const [a, b] = [built.split("\n"), snapshot.split("\n")];
      const i = a.findIndex((line, n) => line !== b[n]);
      assert.fail(
        `${build}/ekyc_bridge.d.ts differs from tests/snapshots/${snapshotName} at line ${i + 1}:\n` +
          `  built:    ${a[i]}\n  snapshot: ${b[i]}\n` +
          `If the change is intended: make package && cp dist/ekyc-bridge/${build}/ekyc_bridge.d.ts tests/snapshots/${snapshotName}`,
      );
    }
    // The contract's names are declared.
    const names = ["interface Verification", "type ProviderId", "type ReasonCode", "class EkycError", "function version"];
    for (const name of build === "web" ? [...names, "function normalize", "function parseWebhookUnverified"] : names) {
      assert.ok(built.includes(name), `${build}: ${name}`);
    }
  }
});

test("ekyc-bridge/browser: the lean browser build, with types, without the server-side exports", () => {
  const sub = pkg.exports["./browser"];
  assert.deepEqual(Object.keys(sub), ["workerd", "node", "browser", "require", "types", "default"]);
  for (const f of ["browser.js", "browser.d.ts", "browser.d.cts", "browser-workerd.js", "node/browser.mjs", "node/browser.cjs", "browser/ekyc_bridge.js", "browser/ekyc_bridge.d.ts", "browser/ekyc_bridge_bg.wasm"]) {
    assert.ok(readFileSync(join(pkgDir, f)).length > 0, f);
  }
  const dts = readFileSync(join(pkgDir, "browser", "ekyc_bridge.d.ts"), "utf8");
  for (const name of ["function prepareImage", "class Camera", "function chooseImageFile", "function startHostedFlow", "function parseRedirect", "class EkycError", "function version"]) {
    assert.ok(dts.includes(name), `browser d.ts declares ${name}`);
  }
  // The clients (they hold secrets), parseWebhook and normalize stay in the main entry only.
  for (const name of ["class MasChain", "class RevenueMonster", "function parseWebhook", "function normalize"]) {
    assert.ok(!dts.includes(name), `browser d.ts must not declare ${name}`);
  }
  // And the lean wasm is the smaller one by far (the size goal is measured by make bench / make size).
  const lean = readFileSync(join(pkgDir, "browser", "ekyc_bridge_bg.wasm")).length;
  const full = readFileSync(join(pkgDir, "web", "ekyc_bridge_bg.wasm")).length;
  assert.ok(lean * 2 < full, `lean ${lean} B vs full ${full} B`);
});
