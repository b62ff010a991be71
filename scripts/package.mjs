// Assembles the npm package in dist/ekyc-bridge/ from pkg-template/ and the wasm-pack outputs in
// target/pkg-{web,node}/, then packs dist/ekyc-bridge-<version>.tgz. Run by `make package`.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

// What the glue exports for the entry points' own use, never re-exported to users.
const PRIVATE = new Set(["initSync", "__wbg_init", "InitInput", "InitOutput", "SyncInitInput", "__ekycErrorClass"]);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "ekyc-bridge");
const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// pkg-template/ → dist/ekyc-bridge/, with the crate's version.
for (const f of readdirSync(join(root, "pkg-template"))) cpSync(join(root, "pkg-template", f), join(out, f), { recursive: true });
const pkg = JSON.parse(readFileSync(join(out, "package.json"), "utf8"));
pkg.version = version;
writeFileSync(join(out, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
cpSync(join(root, "README.md"), join(out, "README.md"));

// The wasm-pack outputs, without their own package.json / README / .gitignore.
const skip = new Set(["package.json", "README.md", ".gitignore", "LICENSE"]);
// pkg-browser is the lean build (`--no-default-features`: no provider clients), the `./browser` export.
for (const [from, to] of [["pkg-web", "web"], ["pkg-node", "node"], ["pkg-browser", "browser"]]) {
  const src = join(root, "target", from);
  if (!existsSync(src)) throw new Error(`missing ${src}: run the wasm-pack builds first (make package)`);
  for (const f of readdirSync(src)) if (!skip.has(f)) cpSync(join(src, f), join(out, to, f), { recursive: true });
}

// Node: the nodejs target is CommonJS, but the package is "type": "module" and the JS snippets are ESM.
// Mark node/ as CommonJS and rewrite the snippets' `export` statements so `require` works on every
// supported Node (require(esm) only exists from Node 20.19).
writeFileSync(join(out, "node", "package.json"), JSON.stringify({ type: "commonjs" }) + "\n");
for (const file of walk(join(out, "node", "snippets"))) {
  const src = readFileSync(file, "utf8");
  const names = [...src.matchAll(/^export (?:class|function|const|let) (\w+)/gm)].map((m) => m[1]);
  writeFileSync(file, src.replace(/^export (class|function|const|let) /gm, "$1 ") + `\nmodule.exports = { ${names.join(", ")} };\n`);
}

// wasm-bindgen declares `[Symbol.dispose]()` on every class, which TypeScript knows only from lib esnext (or
// @types/node): a consumer on the default lib of an ES2022 target failed to compile our declarations. Declare the
// symbol as lib.esnext.disposable does; identical declarations merge, so it is harmless where the lib has it.
const DISPOSE = `\ndeclare global {\n    interface SymbolConstructor {\n        readonly dispose: unique symbol;\n    }\n}\n`;
for (const dir of ["web", "node", "browser"]) {
  const file = join(out, dir, "ekyc_bridge.d.ts");
  const dts = readFileSync(file, "utf8");
  if (dts.includes("[Symbol.dispose]")) writeFileSync(file, dts + DISPOSE);
}

// The entry points. Each names its exports (no `export *`): the glue's init functions, `InitOutput` (raw wasm
// exports typed `any`) and the error-class hook stay private, and bundlers still tree-shake every unused name.
// The ESM entries instantiate the wasm as a side effect of being imported; package.json lists exactly these files
// in `sideEffects` so that a bundler never drops that init when the importer uses no name defined in the entry
// file itself (with `"sideEffects": false` Vite, webpack and esbuild dropped it: the wasm was never instantiated).
const full = publicNames(join(out, "web"));
const lean = publicNames(join(out, "browser"));
const nodeNames = publicNames(join(out, "node"));
for (const n of [...full, ...lean]) if (!nodeNames.includes(n)) throw new Error(`the Node build lacks ${n}`);
const ERROR_CLASS = `/** The class of every error the SDK throws. */\nexport const EkycError = __ekycErrorClass();\n`;
const esmList = (names) => `{\n${names.map((n) => `  ${n},`).join("\n")}\n}`;
const entries = {
  "index.js": [
    `// Browsers (<script type="module">), bundlers and Deno: instantiates the WebAssembly module once, on import, from the`,
    `// \`.wasm\` next to the glue (\`new URL(…, import.meta.url)\`, which bundlers follow), by a top-level await.`,
    `import init, { __ekycErrorClass } from "./web/ekyc_bridge.js";\n\nawait init();\n`,
    `export ${esmList(full)} from "./web/ekyc_bridge.js";\n${ERROR_CLASS}`,
  ],
  "browser.js": [
    `// \`ekyc-bridge/browser\`: the lean browser build — images, camera, hosted flows, parseRedirect — without the provider`,
    `// clients, webhooks and normalize (they hold secrets and belong on a server). Instantiated once, on import.`,
    `import init, { __ekycErrorClass } from "./browser/ekyc_bridge.js";\n\nawait init();\n`,
    `export ${esmList(lean)} from "./browser/ekyc_bridge.js";\n${ERROR_CLASS}`,
  ],
  "workerd.js": [
    `// Cloudflare workerd (the \`workerd\` export condition): workerd forbids compiling WebAssembly from bytes at run time,`,
    `// so the \`.wasm\` is imported as a module (a compiled WebAssembly.Module, as wrangler provides) and instantiated`,
    `// synchronously.`,
    `import wasmModule from "./web/ekyc_bridge_bg.wasm";\nimport { initSync, __ekycErrorClass } from "./web/ekyc_bridge.js";\n`,
    `initSync({ module: wasmModule });\n`,
    `export ${esmList(full)} from "./web/ekyc_bridge.js";\n${ERROR_CLASS}`,
  ],
  "browser-workerd.js": [
    `// \`ekyc-bridge/browser\` in Cloudflare workerd: the lean build, its \`.wasm\` imported as a module (see workerd.js).`,
    `import wasmModule from "./browser/ekyc_bridge_bg.wasm";\nimport { initSync, __ekycErrorClass } from "./browser/ekyc_bridge.js";\n`,
    `initSync({ module: wasmModule });\n`,
    `export ${esmList(lean)} from "./browser/ekyc_bridge.js";\n${ERROR_CLASS}`,
  ],
  // Node: the CommonJS build reads its wasm synchronously from disk; no init call. `ekyc-bridge/browser` in Node
  // (server-side rendering: Next.js, Remix) is the same build's browser names: importing it touches no DOM global,
  // and the browser-only functions throw a typed EkycError when called there.
  "node/index.cjs": [
    `"use strict";\n// Node (require): the wasm is loaded synchronously from the file next to the glue; no init call needed.`,
    `const m = require("./ekyc_bridge.js");\nmodule.exports = {\n${full.map((n) => `  ${n}: m.${n},`).join("\n")}\n  EkycError: m.__ekycErrorClass(),\n};\n`,
  ],
  "node/index.mjs": [
    `// Node (import): the CommonJS build under named ESM exports.\nimport m from "./index.cjs";\n`,
    [...full, "EkycError"].map((n) => `export const ${n} = m.${n};`).join("\n") + "\n",
  ],
  "node/browser.cjs": [
    `"use strict";\n// \`ekyc-bridge/browser\` in Node (require): the browser names of the Node build (server-side rendering).`,
    `const m = require("./index.cjs");\nmodule.exports = {\n${[...lean, "EkycError"].map((n) => `  ${n}: m.${n},`).join("\n")}\n};\n`,
  ],
  "node/browser.mjs": [
    `// \`ekyc-bridge/browser\` in Node (import): the browser names of the Node build (server-side rendering).`,
    `import m from "./index.cjs";\n`,
    [...lean, "EkycError"].map((n) => `export const ${n} = m.${n};`).join("\n") + "\n",
  ],
  // Types: ESM declarations for `import`, CommonJS ones (over node/, a "type": "commonjs" folder) for `require`, so
  // that TypeScript's node16/nodenext resolution never sees an ES module behind a require.
  "index.d.ts": [`// Types of \`ekyc-bridge\` (generated by wasm-bindgen and tsify from the Rust types).`, `export ${esmList(withTypes(full, "web"))} from "./web/ekyc_bridge.js";\n`],
  "index.d.cts": [`// Types of \`ekyc-bridge\` for require().`, `export ${esmList(withTypes(full, "node"))} from "./node/ekyc_bridge.js";\n`],
  "browser.d.ts": [`// Types of \`ekyc-bridge/browser\` (the lean browser build).`, `export ${esmList(withTypes(lean, "browser"))} from "./browser/ekyc_bridge.js";\n`],
  "browser.d.cts": [
    `// Types of \`ekyc-bridge/browser\` for require() (Node, server-side rendering).`,
    `export ${esmList(withTypes(lean, "browser").filter((t) => withTypes(nodeNames, "node").includes(t)))} from "./node/ekyc_bridge.js";\n`,
  ],
};
for (const [file, parts] of Object.entries(entries)) writeFileSync(join(out, file), parts.join("\n"));

execFileSync("npm", ["pack", "--silent", "--pack-destination", join(root, "dist")], { cwd: out, stdio: ["ignore", "inherit", "inherit"] });
console.log(`packed dist/ekyc-bridge-${version}.tgz`);

// The value names a glue module exports to users, from its .d.ts (what TypeScript sees is what the entry re-exports):
// every class and function but the init functions. `EkycError` is declared there but defined by the entry.
function publicNames(dir) {
  const dts = readFileSync(join(dir, "ekyc_bridge.d.ts"), "utf8");
  const names = [...dts.matchAll(/^export (?:declare )?(?:class|function) (\w+)/gm)].map((m) => m[1]);
  return [...new Set(names)].filter((n) => !PRIVATE.has(n) && n !== "EkycError");
}
// `values` and the type-only names of the glue in out/<dir>, each once (an interface may merge with a class).
function withTypes(values, dir) {
  return [...values, ...typeNames(join(out, dir)).filter((t) => !values.includes(t))];
}
// The type-only names (interfaces and type aliases) of a glue module's .d.ts, but the init types.
function typeNames(dir) {
  const dts = readFileSync(join(dir, "ekyc_bridge.d.ts"), "utf8");
  const names = [...dts.matchAll(/^export (?:declare )?(?:interface|type) (\w+)/gm)].map((m) => m[1]);
  return [...new Set([...names, "EkycError"])].filter((n) => !PRIVATE.has(n));
}

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith(".js")) yield p;
  }
}
