// Assembles the npm package in dist/ekyc-bridge/ from pkg-template/ and the wasm-pack outputs in
// target/pkg-{web,node}/, then packs dist/ekyc-bridge-<version>.tgz. Run by `make package`.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, dirname } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

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
writeFileSync(
  join(out, "node", "index.cjs"),
  `"use strict";\n// Node (require): the wasm is loaded synchronously from the file next to the glue; no init call needed.\n` +
    `const m = require("./ekyc_bridge.js");\nmodule.exports = { ...m, EkycError: m.__ekycErrorClass() };\n`,
);
// Node (import): named exports, generated from what the CommonJS build exports.
const names = Object.keys(createRequire(import.meta.url)(join(out, "node", "index.cjs")));
writeFileSync(
  join(out, "node", "index.mjs"),
  `// Node (import): re-exports the CommonJS build under named ESM exports.\nimport m from "./index.cjs";\n` +
    names.map((n) => `export const ${n} = m.${n};`).join("\n") + "\n",
);

execFileSync("npm", ["pack", "--silent", "--pack-destination", join(root, "dist")], { cwd: out, stdio: ["ignore", "inherit", "inherit"] });
console.log(`packed dist/ekyc-bridge-${version}.tgz`);

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith(".js")) yield p;
  }
}
