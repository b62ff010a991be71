// Server-side rendering: a page module that imports `ekyc-bridge/browser` at the top level is imported and rendered
// in Node, as Next.js and Remix do on the server (tests/bundlers/ssr/: page.mjs, page.cjs, server.mjs). Importing
// reads none of `window`, `document`, `navigator`; what needs no page works; the browser-only calls throw a typed
// `browser_only` EkycError instead of crashing the render.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { consumerProject, root } from "../helpers/consumer.mjs";

let project;
before(() => {
  project = consumerProject("ssr");
  cpSync(join(root, "tests", "bundlers", "ssr"), project, { recursive: true });
});

function render(...args) {
  const out = execFileSync(process.execPath, ["server.mjs", ...args], { cwd: project, encoding: "utf8", timeout: 60_000 });
  return JSON.parse(out.trim().split("\n").pop());
}

function assertBrowserOnly(calls, names) {
  assert.deepEqual(Object.keys(calls).sort(), [...names].sort());
  for (const [name, r] of Object.entries(calls)) {
    assert.equal(r.threw, true, `${name} throws on the server`);
    assert.equal(r.ekycError, true, `${name} throws an EkycError`);
    assert.equal(r.code, "browser_only", `${name}: ${r.message}`);
  }
}

test("ESM page module: imports without touching the DOM's globals, renders, browser-only calls are typed errors", () => {
  const r = render();
  assert.deepEqual(r.onImport, [], "nothing read on import");
  assert.equal(r.html, `<main data-sdk="${r.html.match(/data-sdk="([^"]+)"/)[1]}"><p>maschain: success</p></main>`);
  assertBrowserOnly(r.calls, ["Camera.open", "chooseImageFile", "startHostedFlow", "resumeHostedFlow"]);
  assert.deepEqual(r.image, { mime: "image/jpeg", width: 16 }, "prepareImage works on the server");
});

test("CommonJS page module (require): the same", () => {
  const r = render("--cjs");
  assert.deepEqual(r.onImport, []);
  assert.match(r.html, /<p>success<\/p>/);
  assertBrowserOnly(r.calls, ["startHostedFlow"]);
});
