// make bench: prepareImage's engines against browser-image-compression and @jsquash, in headless Chromium.
// Builds nothing (the Makefile target depends on `package`); generates the photos when missing or stale; serves
// the page, the package, the peers' modules and the photos on 127.0.0.1 (a free port, closed at the end); prints
// a Markdown table and the goals, and writes them to target/bench/latest.md. Exits 0 even when goals fail: it
// measures, it is not a test.
//
// Environment: BENCH_RUNS (timed runs per case, default 5, at least 5 for a real table), BENCH_PHOTOS (comma
// list of photo files), BENCH_CONTENDERS (comma list), CHROMIUM (the browser binary, as for the page tests).
import { createServer } from "node:http";
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { execFileSync, execSync } from "node:child_process";
import { dirname, extname, join, normalize, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { launchChromium } from "../../tests/helpers/browser.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const benchDir = join(root, "scripts", "bench");
const photosDir = join(root, "target", "bench", "photos");
const pkgDir = join(root, "dist", "ekyc-bridge");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const only = (v) => (v ? v.split(",").map((s) => s.trim()).filter(Boolean) : null);
const PHOTOS = only(process.env.BENCH_PHOTOS);
const CONTENDERS = only(process.env.BENCH_CONTENDERS);
const SHORT = { "ekyc-auto": "auto", "ekyc-wasm": "wasm", "ekyc-browser": "browser", "browser-image-compression": "bic",
  "browser-image-compression-q0.9": "bic-q0.9", jsquash: "jsquash" };
const ENGINES = ["ekyc-auto", "ekyc-wasm", "ekyc-browser"];
const PEERS = ["browser-image-compression", "browser-image-compression-q0.9", "jsquash"];
const GZIP_BUDGET = 250 * 1000;

// ---- photos --------------------------------------------------------------------------------------------------

function photos() {
  const script = join(benchDir, "make_photos.py");
  const hash = createHash("sha256").update(readFileSync(script)).digest("hex").slice(0, 16);
  const manifestFile = join(photosDir, "manifest.json");
  const fresh = existsSync(manifestFile) && JSON.parse(readFileSync(manifestFile, "utf8")).generator === hash;
  if (!fresh) {
    console.error(`generating photos into ${relative(root, photosDir)}/ …`);
    execFileSync("python3", [script, photosDir], { stdio: ["ignore", "inherit", "inherit"] });
  }
  return JSON.parse(readFileSync(manifestFile, "utf8"));
}

// ---- the static server: 127.0.0.1 only, GET only, fixed mounts, logs what the page downloads ------------------

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json", ".wasm": "application/wasm", ".png": "image/png", ".jpg": "image/jpeg",
};
const MOUNTS = [
  ["/bench/", benchDir],
  ["/photos/", photosDir],
  ["/dist/ekyc-bridge/", pkgDir],
  ["/node_modules/@jsquash/", join(root, "node_modules", "@jsquash")],
  ["/node_modules/browser-image-compression/", join(root, "node_modules", "browser-image-compression")],
];

function serve(requested) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const mount = MOUNTS.find(([p]) => path.startsWith(p));
    const file = mount && normalize(join(mount[1], path.slice(mount[0].length)));
    if (req.method !== "GET" || !file || !file.startsWith(mount[1] + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      return res.end("not found");
    }
    requested.add(file);
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-store" });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) }));
  });
}

// ---- download sizes ------------------------------------------------------------------------------------------

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));

/** What the browser downloads for prepareImage (`auto`, the browser engine): the lean `ekyc-bridge/browser`
 *  entry, its glue, its wasm and the glue's snippets. (The `wasm` contender loads the main entry, which is not
 *  what a page that prepares images needs to download.) */
function ekycDownload() {
  const lean = join(pkgDir, "browser");
  const files = [join(pkgDir, "browser.js"), join(lean, "ekyc_bridge.js"), join(lean, "ekyc_bridge_bg.wasm"),
    ...(existsSync(join(lean, "snippets")) ? walk(join(lean, "snippets")) : [])].filter(existsSync);
  return { files, raw: files.reduce((s, f) => s + statSync(f).size, 0), gzip: files.reduce((s, f) => s + gz(f), 0) };
}

function downloaded(requested, prefix) {
  const files = [...requested].filter((f) => f.startsWith(prefix) && /\.(m?js|wasm)$/.test(f));
  return { files, raw: files.reduce((s, f) => s + statSync(f).size, 0), gzip: files.reduce((s, f) => s + gz(f), 0) };
}

// ---- statistics and formatting -------------------------------------------------------------------------------

const geomean = (xs) => (xs.length ? Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length) : NaN);
const mean = (xs) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
const kb = (b) => `${(b / 1000).toFixed(1)} KB`;
const ms = (t) => (t >= 100 ? `${Math.round(t)}` : t.toFixed(1));
const yn = (b) => (b ? "✓" : "✗");

function cell(r) {
  if (!r) return "—";
  if (r.skipped) return `n/a (${r.skipped})`;
  if (r.error) return `**error** \`${r.error.split(":")[0]}\``; // the message is in the details (latest.md)
  return `${ms(r.medianMs)} ms · ${kb(r.bytes)} · met ${yn(r.met)} · up ${yn(r.orient)} · ${r.ssim.toFixed(4)}`;
}

function machine(userAgent) {
  const cpu = (readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? "unknown CPU";
  const nproc = execSync("nproc").toString().trim();
  let chromium = (userAgent.match(/Chrome\/([\d.]+)/) ?? [])[1] ?? "unknown"; // headless reports x.0.0.0
  try {
    const v = execFileSync(process.env.CHROMIUM ?? "/usr/bin/chromium", ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
    chromium = (v.toString().match(/([\d]+\.[\d.]+)/) ?? [])[1] ?? chromium;
  } catch {}
  return `${nproc} × ${cpu} (nproc ${nproc}), Chromium ${chromium} headless, Node ${process.version}`;
}

function report({ results, manifest, info, ekycSize, peerSizes, runs }) {
  const by = (c, p, t) => results.find((r) => r.contender === c && r.photo === p && r.target === t);
  const contenders = [...new Set(results.map((r) => r.contender))];
  const lines = [];
  lines.push(`Date ${new Date().toISOString().slice(0, 10)}; machine: ${machine(info.userAgent)}; ` +
    `ekyc-bridge ${info.version ?? "(not loaded)"}; median of ${runs} runs after one warm-up.`, "");
  lines.push(`Each cell: median time · output size · target met · upright · SSIM against the Lanczos reference.`, "");
  lines.push(`| photo | target | ${contenders.map((c) => SHORT[c]).join(" | ")} |`);
  lines.push(`|---|---|${contenders.map(() => "---").join("|")}|`);
  for (const p of manifest.photos) for (const t of manifest.targets) {
    if (!results.some((r) => r.photo === p.file && r.target === t.name)) continue;
    lines.push(`| ${p.file} | ${t.name} | ${contenders.map((c) => cell(by(c, p.file, t.name))).join(" | ")} |`);
  }
  const ok = (c) => results.filter((r) => r.contender === c && !r.skipped);
  const measured = (c) => ok(c).filter((r) => !r.error);
  const stats = Object.fromEntries(contenders.map((c) => {
    const rs = measured(c), all = ok(c);
    return [c, {
      n: all.length, errors: all.length - rs.length, gm: geomean(rs.map((r) => r.medianMs)), ssim: mean(rs.map((r) => r.ssim)),
      met: rs.filter((r) => r.met).length, up: rs.filter((r) => r.orient).length, kb: mean(rs.map((r) => r.bytes)),
    }];
  }));
  lines.push("", "| contender | geo-mean time | mean SSIM | mean size | targets met | upright | errors |", "|---|---|---|---|---|---|---|");
  for (const c of contenders) {
    const s = stats[c];
    if (!s.n) { lines.push(`| ${SHORT[c]} | n/a | n/a | n/a | n/a | n/a | skipped |`); continue; }
    if (s.errors === s.n) { lines.push(`| ${SHORT[c]} | n/a | n/a | n/a | 0/${s.n} | 0/${s.n} | ${s.errors} |`); continue; }
    lines.push(`| ${SHORT[c]} | ${ms(s.gm)} ms | ${s.ssim.toFixed(4)} | ${kb(s.kb)} | ${s.met}/${s.n} | ${s.up}/${s.n} | ${s.errors} |`);
  }
  // ratio of each engine's time to each peer's, case by case (geometric mean of the per-case ratios)
  const ratio = (e, p) => geomean(results.filter((r) => r.contender === e && r.medianMs)
    .map((r) => [r, by(p, r.photo, r.target)]).filter(([, q]) => q?.medianMs).map(([r, q]) => r.medianMs / q.medianMs));
  const engines = ENGINES.filter((c) => stats[c]?.n > stats[c]?.errors), peers = PEERS.filter((c) => stats[c]?.n > stats[c]?.errors);
  if (engines.length && peers.length) {
    lines.push("", `| time ratio (geo-mean of per-case ratios) | ${peers.map((p) => `÷ ${SHORT[p]}`).join(" | ")} |`,
      `|---|${peers.map(() => "---").join("|")}|`);
    for (const e of engines) lines.push(`| ${SHORT[e]} | ${peers.map((p) => `${ratio(e, p).toFixed(3)}×`).join(" | ")} |`);
  }
  const sizes = [`ekyc-bridge (prepareImage: ${ekycSize.files.map((f) => relative(pkgDir, f)).join(", ")}) ` +
    `${kb(ekycSize.raw)} raw, **${kb(ekycSize.gzip)} gzip -9**`];
  for (const [name, s] of Object.entries(peerSizes)) if (s.files.length) sizes.push(`${name} ${kb(s.raw)} raw, ${kb(s.gzip)} gzip -9`);
  lines.push("", `Downloads (what the page fetched, .js/.mjs/.wasm): ${sizes.join("; ")}.`);

  // goals (the issue): auto vs browser-image-compression, wasm vs @jsquash, download size
  const goals = [];
  // SSIM against each peer on the cases where both were measured and the peer's output is upright (a sideways
  // output would drag the peer's mean down and make the bar easier), so "≥ the best peer" means ≥ every peer.
  const ssimVs = (e, p) => {
    const pairs = results.filter((r) => r.contender === p && r.ssim !== undefined && r.orient)
      .map((q) => [by(e, q.photo, q.target), q]).filter(([r]) => r?.ssim !== undefined);
    return { n: pairs.length, e: mean(pairs.map(([r]) => r.ssim)), p: mean(pairs.map(([, q]) => q.ssim)) };
  };
  const quality = (e) => {
    const s = stats[e];
    const vs = peers.map((p) => [p, ssimVs(e, p)]);
    const text = vs.map(([p, v]) => `${v.e.toFixed(4)} vs ${SHORT[p]} ${v.p.toFixed(4)} (${v.n} cases)`).join("; ");
    return [
      [`${SHORT[e]}: mean SSIM ≥ the best peer's: ${text}`, vs.every(([, v]) => v.n > 0 && v.e >= v.p)],
      [`${SHORT[e]}: every target met (${s.met}/${s.n}, ${s.errors} errors)`, s.met === s.n && s.errors === 0],
      [`${SHORT[e]}: every orientation right (${s.up}/${s.n})`, s.up === s.n && s.errors === 0],
    ];
  };
  const has = (c) => engines.includes(c) || peers.includes(c);
  if (has("ekyc-auto") && has("browser-image-compression")) {
    const r = ratio("ekyc-auto", "browser-image-compression");
    goals.push([`auto: geo-mean time ${r.toFixed(3)}× browser-image-compression's (its defaults) ≤ 0.5×`, r <= 0.5], ...quality("ekyc-auto"));
  }

  if (has("ekyc-wasm") && has("jsquash")) {
    const r = ratio("ekyc-wasm", "jsquash");
    goals.push([`wasm: geo-mean time ${r.toFixed(3)}× @jsquash's ≤ 0.15×`, r <= 0.15], ...quality("ekyc-wasm"));
  }
  goals.push([`gzip -9 of what the browser downloads for prepareImage: ${kb(ekycSize.gzip)} ≤ ${kb(GZIP_BUDGET)}`, ekycSize.gzip <= GZIP_BUDGET]);
  lines.push("", "| goal | verdict |", "|---|---|", ...goals.map(([g, pass]) => `| ${g} | ${pass ? "PASS" : "**FAIL**"} |`));
  const notes = results.filter((r) => r.ssimNote).map((r) => `${SHORT[r.contender]} ${r.photo} ${r.target}: ${r.ssimNote}`);
  if (notes.length) lines.push("", `SSIM computed after scaling the output to the reference's size (its size differed by more than 2 px): ${notes.join("; ")}.`);
  return { table: lines.join("\n"), failures: goals.filter(([, pass]) => !pass).map(([g]) => g) };
}

function details(results) {
  const lines = ["| contender | photo | target | median ms | runs ms | bytes | size | quality | engine | EXIF orient. | SSIM |", "|---|---|---|---|---|---|---|---|---|---|---|"];
  for (const r of results) {
    if (r.skipped || r.error) { lines.push(`| ${SHORT[r.contender]} | ${r.photo} | ${r.target} | ${r.skipped ?? r.error} ||||||||`); continue; }
    lines.push(`| ${SHORT[r.contender]} | ${r.photo} | ${r.target} | ${ms(r.medianMs)} | ${r.times.join(", ")} | ${r.bytes} | ` +
      `${r.width}×${r.height} | ${r.quality === null ? "—" : r.quality.toFixed(2)} | ${r.engine ?? "—"} | ${r.exifOrientation} | ${r.ssim.toFixed(4)} |`);
  }
  return lines.join("\n");
}

// ---- main ----------------------------------------------------------------------------------------------------

const started = Date.now();
const manifest = photos();
if (!existsSync(join(pkgDir, "index.js"))) console.error("note: dist/ekyc-bridge/ is missing (run make package); the engines are skipped");
const requested = new Set();
const server = await serve(requested);
const browser = await launchChromium();
let out;
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${server.url}bench/bench.html`);
  await page.waitForFunction(() => window.bench, null, { timeout: 60_000 });
  const info = await page.evaluate(() => window.bench.init());
  console.error(`ekyc-bridge: ${info.ekycStatus}`);
  const contenders = (await page.evaluate(() => window.bench.contenders)).filter((c) => !CONTENDERS || CONTENDERS.includes(c) || CONTENDERS.includes(SHORT[c]));
  const results = [];
  for (const photo of manifest.photos.filter((p) => !PHOTOS || PHOTOS.includes(p.file))) {
    for (let target = 0; target < manifest.targets.length; target++) {
      for (const contender of contenders) {
        const r = await page.evaluate((args) => window.bench.runCase(args), { contender, photo: photo.file, target, runs: RUNS });
        results.push(r);
        const what = r.skipped ? `skipped (${r.skipped})` : r.error ? `ERROR ${r.error}`
          : `${ms(r.medianMs)} ms, ${r.bytes} B, ${r.width}×${r.height}, met ${yn(r.met)}, up ${yn(r.orient)}, SSIM ${r.ssim.toFixed(4)}`;
        console.error(`  ${photo.file} ${manifest.targets[target].name} ${SHORT[contender]}: ${what}`);
      }
    }
  }
  const ekycSize = ekycDownload();
  const fetched = downloaded(requested, pkgDir + sep);
  const missing = fetched.files.filter((f) => !ekycSize.files.includes(f));
  if (missing.length) console.error(`note: the page also fetched ${missing.map((f) => relative(pkgDir, f)).join(", ")} from the package (the main entry, for the wasm contender)`);
  const peerSizes = {
    "browser-image-compression": downloaded(requested, join(root, "node_modules", "browser-image-compression") + sep),
    "@jsquash (jpeg, png, resize as loaded)": downloaded(requested, join(root, "node_modules", "@jsquash") + sep),
  };
  out = report({ results, manifest, info, ekycSize, peerSizes, runs: RUNS });
  out.details = details(results);
} finally {
  await browser.close();
  await server.close();
}

const minutes = ((Date.now() - started) / 60000).toFixed(1);
const md = `${out.table}\n\n<details><summary>Every case</summary>\n\n${out.details}\n\n</details>\n\n(make bench took ${minutes} min)\n`;
mkdirSync(join(root, "target", "bench"), { recursive: true });
writeFileSync(join(root, "target", "bench", "latest.md"), md);
console.log(out.table);
console.log(`\nwritten to target/bench/latest.md (${minutes} min)`);
if (out.failures.length) console.log(`\nGOALS NOT MET (${out.failures.length}):\n${out.failures.map((f) => `  - ${f}`).join("\n")}`);
else console.log("\nevery goal met");
