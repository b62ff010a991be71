// Prints the raw and gzip size of every .wasm and .js file under the given folder (the shipped package).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const dir = process.argv[2] ?? "dist/ekyc-bridge";
const rows = [];
(function walk(d) {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(wasm|js|cjs|mjs)$/.test(f)) {
      const bytes = readFileSync(p);
      rows.push([relative(dir, p), bytes.length, gzipSync(bytes, { level: 9 }).length]);
    }
  }
})(dir);
rows.sort((a, b) => a[0].localeCompare(b[0]));
const w = Math.max(...rows.map((r) => r[0].length), 4);
console.log(`${"file".padEnd(w)}  ${"raw".padStart(10)}  ${"gzip".padStart(10)}`);
for (const [f, raw, gz] of rows) console.log(`${f.padEnd(w)}  ${String(raw).padStart(10)}  ${String(gz).padStart(10)}`);
