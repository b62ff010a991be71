// The benchmark page's code (scripts/bench/bench.html), driven by scripts/bench/run.mjs through `window.bench`.
// Every contender turns the same File into JPEG bytes that meet a target (max side, max bytes); the timed path is
// the whole file → JPEG bytes call (decode, orientation, resize, encode, byte search). Measured outside the
// timing: the output's size, its dimensions, whether it meets the target, whether it is upright, and its SSIM
// against a Lanczos downscale of the upright original (made by make_photos.py). See README "Benchmark".
import imageCompression from "/node_modules/browser-image-compression/dist/browser-image-compression.mjs";
import decodeJpeg from "/node_modules/@jsquash/jpeg/decode.js";
import encodeJpeg from "/node_modules/@jsquash/jpeg/encode.js";
import decodePng from "/node_modules/@jsquash/png/decode.js";
import resize from "/node_modules/@jsquash/resize/index.js";

const log = (s) => (document.getElementById("log").textContent += `\n${s}`);

// ---- the contenders: (file, target) → { bytes, quality?, engine? } ------------------------------------------

// The package, loaded by init(); null when it does not export prepareImage. `auto` and `browser` run from the
// lean `ekyc-bridge/browser` entry (what a page that prepares images downloads); `wasm` from the main entry, the
// one with the pure-Rust codecs (the lean build has none).
let ekyc = null;
let ekycLean = null;

const ekycEngine = (engine) => async (file, { maxSide, maxBytes }) => {
  const m = engine === "wasm" ? ekyc : ekycLean;
  const r = await m.prepareImage(file, { maxSide, maxBytes, engine });
  return { bytes: r.bytes, quality: r.quality, engine: r.engine };
};

/** browser-image-compression 2.0.2, as a user would call it for a byte cap: its cap in bytes exactly as ours (it
 *  compares with maxSizeMB·1024·1024), JPEG output (a PNG input stays PNG otherwise), no worker (it would load
 *  its worker script from a CDN); the rest its defaults: initialQuality 1.0, then up to 10 iterations, each ×0.95
 *  quality and, while over the cap, ×0.95 resolution. `bic` below. `bic-q0.9` adds initialQuality 0.9, a setting
 *  a user must know to choose: it fits in one encode where 1.0 starts the shrinking loop (landscape.jpg to
 *  1600 px: ≈ 40 ms and 1520 px wide at 1.0 vs ≈ 117 ms in our first measurement), the fastest bic we found. */
const bicWith = (extra) => async (file, { maxSide, maxBytes }) => {
  const out = await imageCompression(file, {
    maxWidthOrHeight: maxSide, maxSizeMB: maxBytes / (1024 * 1024), useWebWorker: false, fileType: "image/jpeg", ...extra,
  });
  return { bytes: new Uint8Array(await out.arrayBuffer()) };
};

/** @jsquash: decode (@jsquash/jpeg, or @jsquash/png for a PNG; default options, so EXIF orientation is NOT
 *  applied: `preserveOrientation` is off by default) → @jsquash/resize lanczos3 (its defaults: linear RGB,
 *  premultiplied) to the max side → @jsquash/jpeg (MozJPEG defaults) with the byte search a user would write:
 *  quality 85 if it fits, otherwise a bisection over 10–84 (at most 6 more encodes) keeping the best that fits. */
async function jsquash(file, { maxSide, maxBytes }) {
  const buf = await file.arrayBuffer();
  let img = file.type === "image/png" ? await decodePng(buf) : await decodeJpeg(buf);
  const s = Math.min(1, maxSide / Math.max(img.width, img.height));
  if (s < 1) img = await resize(img, { width: Math.round(img.width * s), height: Math.round(img.height * s), method: "lanczos3" });
  let best = null;
  const first = await encodeJpeg(img, { quality: 85 });
  if (first.byteLength <= maxBytes) return { bytes: new Uint8Array(first), quality: 0.85 };
  let lo = 10, hi = 84, smallest = first, q = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const out = await encodeJpeg(img, { quality: mid });
    if (out.byteLength <= maxBytes) [best, q, lo] = [out, mid, mid + 1];
    else hi = mid - 1;
    if (out.byteLength < smallest.byteLength) smallest = out;
  }
  return { bytes: new Uint8Array(best ?? smallest), quality: best ? q / 100 : null };
}

const CONTENDERS = {
  "ekyc-auto": ekycEngine("auto"), "ekyc-wasm": ekycEngine("wasm"), "ekyc-browser": ekycEngine("browser"),
  "browser-image-compression": bicWith({}), "browser-image-compression-q0.9": bicWith({ initialQuality: 0.9 }),
  "jsquash": jsquash,
};

// ---- measuring ----------------------------------------------------------------------------------------------

let manifest = null;
const files = new Map(); // photo name → File
const refs = new Map(); // reference file → { luma, width, height }

async function init() {
  manifest = await (await fetch("/photos/manifest.json")).json();
  let ekycStatus = "ok";
  try {
    ekyc = await import("/dist/ekyc-bridge/index.js");
    ekycLean = await import("/dist/ekyc-bridge/browser.js");
    if (typeof ekyc.prepareImage !== "function" || typeof ekycLean.prepareImage !== "function") [ekyc, ekycStatus] = [null, "the package does not export prepareImage"];
  } catch (e) {
    [ekyc, ekycStatus] = [null, `the package did not load: ${e}`];
  }
  log(`ekyc-bridge: ${ekycStatus}`);
  return { manifest, ekycStatus, version: ekyc?.version?.() ?? null, userAgent: navigator.userAgent };
}

async function photoFile(photo) {
  if (!files.has(photo.file)) {
    const blob = await (await fetch(`/photos/${photo.file}`)).blob();
    files.set(photo.file, new File([blob], photo.file, { type: photo.mime, lastModified: 0 }));
  }
  return files.get(photo.file);
}

async function pixels(blob, width, height) {
  const bitmap = await createImageBitmap(blob); // imageOrientation "from-image": what a viewer shows
  const w = width ?? bitmap.width, h = height ?? bitmap.height;
  const ctx = new OffscreenCanvas(w, h).getContext("2d", { willReadFrequently: true });
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, 0, 0, w, h);
  const size = [bitmap.width, bitmap.height];
  bitmap.close();
  return { data: ctx.getImageData(0, 0, w, h).data, width: w, height: h, decoded: size };
}

/** Rec.601 luma of the top-left cw×ch of an RGBA image of width w. */
function luma(data, w, cw, ch) {
  const y = new Float64Array(cw * ch);
  for (let r = 0; r < ch; r++)
    for (let c = 0, i = r * w * 4, o = r * cw; c < cw; c++, i += 4) y[o + c] = 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
  return y;
}

/** Mean SSIM (Wang, Bovik, Sheikh, Simoncelli 2004) of two luma planes of w×h: uniform 8×8 windows at every
 *  position (stride 1), population statistics, L = 255, K1 = 0.01, K2 = 0.03. Window sums come from summed-area
 *  tables of a, b, a², b² and ab, so the cost is O(w·h) whatever the window. */
function ssim(a, b, w, h, win = 8) {
  const W = w + 1, n = W * (h + 1);
  const [sa, sb, saa, sbb, sab] = [0, 0, 0, 0, 0].map(() => new Float64Array(n));
  for (let y = 0; y < h; y++) {
    let ra = 0, rb = 0, raa = 0, rbb = 0, rab = 0;
    for (let x = 0; x < w; x++) {
      const p = a[y * w + x], q = b[y * w + x];
      ra += p; rb += q; raa += p * p; rbb += q * q; rab += p * q;
      const i = (y + 1) * W + x + 1, u = i - W;
      sa[i] = sa[u] + ra; sb[i] = sb[u] + rb; saa[i] = saa[u] + raa; sbb[i] = sbb[u] + rbb; sab[i] = sab[u] + rab;
    }
  }
  const rect = (t, i0, i1, j0, j1) => t[j1 * W + i1] - t[j0 * W + i1] - t[j1 * W + i0] + t[j0 * W + i0];
  const C1 = (0.01 * 255) ** 2, C2 = (0.03 * 255) ** 2, N = win * win;
  let total = 0, count = 0;
  for (let y = 0; y + win <= h; y++) {
    for (let x = 0; x + win <= w; x++) {
      const ma = rect(sa, x, x + win, y, y + win) / N, mb = rect(sb, x, x + win, y, y + win) / N;
      const va = rect(saa, x, x + win, y, y + win) / N - ma * ma, vb = rect(sbb, x, x + win, y, y + win) / N - mb * mb;
      const cov = rect(sab, x, x + win, y, y + win) / N - ma * mb;
      total += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
      count++;
    }
  }
  return total / count;
}

async function reference(ref) {
  if (!refs.has(ref.file)) {
    const px = await pixels(await (await fetch(`/photos/${ref.file}`)).blob());
    refs.set(ref.file, { luma: luma(px.data, px.width, px.width, px.height), width: px.width, height: px.height });
  }
  return refs.get(ref.file);
}

/** The EXIF orientation tag of a JPEG (1 when it has none), or null when the bytes are not a JPEG. */
function jpegOrientation(b) {
  if (b[0] !== 0xff || b[1] !== 0xd8) return null;
  for (let i = 2; i + 4 <= b.length && b[i] === 0xff; ) {
    const marker = b[i + 1], len = (b[i + 2] << 8) | b[i + 3];
    if (marker === 0xda) break;
    if (marker === 0xe1 && String.fromCharCode(...b.subarray(i + 4, i + 8)) === "Exif") {
      const t = i + 10, le = b[t] === 0x49;
      const u16 = (o) => (le ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1]);
      const u32 = (o) => (le ? u16(o) + u16(o + 2) * 65536 : u16(o) * 65536 + u16(o + 2));
      const ifd = t + u32(t + 4);
      for (let k = 0, count = u16(ifd); k < count; k++) if (u16(ifd + 2 + 12 * k) === 0x0112) return u16(ifd + 2 + 12 * k + 8);
    }
    i += 2 + len;
  }
  return 1;
}

/** Upright: the magenta marker in the top-left corner and the cyan one in the top-right, as the viewer shows
 *  the output (average colour of the middle half of each marker square within 80 of the expected RGB). */
function upright(px) {
  const { data, width: w, height: h } = px;
  const s = manifest.photos[0].marker * Math.min(w, h);
  const mean = (x0) => {
    let r = 0, g = 0, b = 0, n = 0;
    for (let y = Math.floor(s * 0.25); y < Math.ceil(s * 0.75); y++)
      for (let x = Math.floor(x0 + s * 0.25); x < Math.ceil(x0 + s * 0.75); x++, n++) {
        const i = (y * w + x) * 4;
        r += data[i]; g += data[i + 1]; b += data[i + 2];
      }
    return [r / n, g / n, b / n];
  };
  const near = (c, e) => Math.hypot(c[0] - e[0], c[1] - e[1], c[2] - e[2]) < 80;
  return near(mean(0), manifest.markerTopLeft) && near(mean(w - s), manifest.markerTopRight);
}

async function runCase({ contender, photo: name, target: targetIndex, runs }) {
  const photo = manifest.photos.find((p) => p.file === name);
  const target = manifest.targets[targetIndex];
  const result = { contender, photo: name, target: target.name, maxSide: target.maxSide, maxBytes: target.maxBytes };
  if (contender.startsWith("ekyc-") && !ekyc) return { ...result, skipped: "prepareImage not exported" };
  const fn = CONTENDERS[contender];
  const file = await photoFile(photo);
  let out;
  try {
    out = await fn(file, target); // warm-up (also instantiates lazily loaded codecs)
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      out = await fn(file, target);
      times.push(performance.now() - t0);
    }
    result.times = times.map((t) => Math.round(t * 10) / 10);
    const sorted = [...times].sort((x, y) => x - y), m = sorted.length >> 1;
    result.medianMs = sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  } catch (e) {
    return { ...result, error: `${e?.code ?? e?.name ?? "Error"}: ${e?.message ?? e}` };
  }
  const bytes = out.bytes;
  const px = await pixels(new Blob([bytes], { type: "image/jpeg" }));
  const exif = jpegOrientation(bytes);
  Object.assign(result, {
    bytes: bytes.length, width: px.width, height: px.height, quality: out.quality ?? null, engine: out.engine ?? null,
    jpeg: exif !== null, exifOrientation: exif,
    met: exif !== null && bytes.length <= target.maxBytes && Math.max(px.width, px.height) <= target.maxSide,
    orient: upright(px) && (exif === 1 || exif === null),
  });
  // SSIM against the reference: same size → as is; off by ≤ 2 px (rounding of the scale) → both cropped to the
  // common top-left area; otherwise (a contender that shrank the image further) the output is scaled to the
  // reference's size by the canvas (high quality), so lost resolution costs SSIM.
  const ref = await reference(photo.references.find((r) => r.maxSide === target.maxSide));
  let a = px, note = null;
  const close = Math.abs(px.width - ref.width) <= 2 && Math.abs(px.height - ref.height) <= 2;
  if (!close) {
    a = await pixels(new Blob([bytes], { type: "image/jpeg" }), ref.width, ref.height);
    note = `scaled ${px.width}×${px.height} → ${ref.width}×${ref.height}`;
  }
  const cw = Math.min(a.width, ref.width), ch = Math.min(a.height, ref.height);
  const refLuma = cw === ref.width && ch === ref.height ? ref.luma : luma(cropLumaToRgba(ref), ref.width, cw, ch);
  result.ssim = ssim(luma(a.data, a.width, cw, ch), refLuma, cw, ch);
  result.ssimNote = note;
  log(`${contender} ${name} ${target.name}: ${result.medianMs.toFixed(1)} ms, ${result.bytes} B, ssim ${result.ssim.toFixed(4)}`);
  return result;
}

/** The reference's luma as a grey RGBA view, so luma() can crop it (luma of grey = grey). */
function cropLumaToRgba(ref) {
  const rgba = new Float64Array(ref.width * ref.height * 4);
  for (let i = 0; i < ref.luma.length; i++) rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = ref.luma[i];
  return rgba;
}

window.bench = { init, runCase, contenders: Object.keys(CONTENDERS) };
log("ready");
