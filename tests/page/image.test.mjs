// prepareImage in Debian's Chromium (headless): every input kind × engine, the 8 EXIF orientations, the byte
// budget, and the error codes — for the `browser` engine (createImageBitmap + OffscreenCanvas, driven from
// Rust), `auto` from the lean `ekyc-bridge/browser` entry, and `wasm` from the main entry.
//
// The pictures are drawn in the page: an upright 640×480 scene with a red marker in its top-left corner and a
// green one in its top-right corner. For orientation o the page stores the scene transformed by the inverse
// of o, encodes it as JPEG, and Node inserts an EXIF APP1 with o (tests/helpers/images.mjs): a correct engine
// gives back the upright scene. Outputs are decoded by Chromium and their corners sampled.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startFlowServer } from "../helpers/flow-server.mjs";
import { launchChromium } from "../helpers/browser.mjs";
import { withOrientation, pngHeaderOnly } from "../helpers/images.mjs";

const T = 30_000;
let server, browser, page;

before(async () => {
  server = await startFlowServer();
  browser = await launchChromium();
  page = await browser.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e.message));
  await page.goto(`${server.merchantUrl}merchant.html`);
  await page.waitForSelector("body[data-ready=true]", { timeout: T });
  // Helpers in the page: the scene, the stored (pre-rotated) JPEG, prepare in every engine, corner colours.
  await page.evaluate(async () => {
    const main = await import("/dist/ekyc-bridge/index.js");
    const lean = await import("/dist/ekyc-bridge/browser.js");
    const W = 640, H = 480;
    const scene = (c) => {
      const ctx = c.getContext("2d");
      const g = ctx.createLinearGradient(0, 0, W, H);
      g.addColorStop(0, "#8a7060"); g.addColorStop(1, "#c0b0a0");
      ctx.fillStyle = g; ctx.fillRect(0, 0, W, H);
      ctx.fillStyle = "#222";
      for (let y = 120; y < 380; y += 16) for (let x = 140; x < 500; x += 12) ctx.fillRect(x, y, 7, 9); // "print"
      ctx.fillStyle = "#e01010"; ctx.fillRect(0, 0, 80, 80); // top-left: red
      ctx.fillStyle = "#10c020"; ctx.fillRect(W - 80, 0, 80, 80); // top-right: green
    };
    // setTransform(a, b, c, d, e, f) mapping upright (x, y) to stored coordinates, per EXIF orientation.
    const inverse = {
      1: [1, 0, 0, 1, 0, 0], 2: [-1, 0, 0, 1, W, 0], 3: [-1, 0, 0, -1, W, H], 4: [1, 0, 0, -1, 0, H],
      5: [0, 1, 1, 0, 0, 0], 6: [0, -1, 1, 0, 0, W], 7: [0, -1, -1, 0, H, W], 8: [0, 1, -1, 0, H, 0],
    };
    const upright = () => { const c = new OffscreenCanvas(W, H); scene(c); return c; };
    window.t = {
      main, lean, W, H, upright,
      /** The scene stored for orientation o, as JPEG bytes (without EXIF: Node adds it). */
      async stored(o) {
        const swap = o >= 5;
        const c = new OffscreenCanvas(swap ? H : W, swap ? W : H);
        const ctx = c.getContext("2d");
        ctx.setTransform(...inverse[o]);
        ctx.drawImage(upright(), 0, 0);
        return [...new Uint8Array(await (await c.convertToBlob({ type: "image/jpeg", quality: 0.95 })).arrayBuffer())];
      },
      async jpegBlob() { return upright().convertToBlob({ type: "image/jpeg", quality: 0.95 }); },
      /** { r, g, b } around (fx, fy) (fractions of the size) of a JPEG as Chromium shows it. */
      async corners(bytes) {
        const bm = await createImageBitmap(new Blob([bytes], { type: "image/jpeg" }));
        const c = new OffscreenCanvas(bm.width, bm.height);
        const ctx = c.getContext("2d");
        ctx.drawImage(bm, 0, 0);
        const at = (fx, fy) => [...ctx.getImageData(Math.round(bm.width * fx), Math.round(bm.height * fy), 1, 1).data.slice(0, 3)];
        return { width: bm.width, height: bm.height, topLeft: at(0.05, 0.05), topRight: at(0.95, 0.05), bottomLeft: at(0.05, 0.95) };
      },
      /** prepareImage through the entry that has the engine: the lean one for auto/browser, the main one for wasm. */
      prepare(input, options) {
        const m = options.engine === "wasm" ? main : options.from === "main" ? main : lean;
        const { from, ...rest } = options;
        return m.prepareImage(input, rest);
      },
      async code(promise) {
        try { await promise; return "ok"; } catch (e) { return e instanceof main.EkycError || e instanceof lean.EkycError ? e.code : `not an EkycError: ${e}`; }
      },
      hasExif: (bytes) => { for (let i = 0; i + 6 <= bytes.length; i++) if (bytes[i] === 0x45 && bytes[i + 1] === 0x78 && bytes[i + 2] === 0x69 && bytes[i + 3] === 0x66 && bytes[i + 4] === 0 && bytes[i + 5] === 0) return true; return false; },
    };
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const isRed = ([r, g, b]) => r > 170 && g < 90 && b < 90;
const isGreen = ([r, g, b]) => g > 140 && r < 90 && b < 100;

test("every input kind through every engine gives an upright, EXIF-free JPEG within the budget", { timeout: 120_000 }, async () => {
  const rows = await page.evaluate(async () => {
    const { W, H, upright } = window.t;
    // A playing <video>: the scene as a canvas stream.
    const canvas = document.createElement("canvas");
    canvas.width = W; canvas.height = H;
    const ctx = canvas.getContext("2d");
    ctx.drawImage(upright(), 0, 0);
    const video = document.createElement("video");
    video.muted = true;
    video.srcObject = canvas.captureStream(30);
    document.body.append(video);
    await video.play();
    const tick = setInterval(() => ctx.drawImage(upright(), 0, 0), 30); // keep frames coming
    while (video.readyState < 2 || video.videoWidth === 0) await new Promise((r) => setTimeout(r, 20));
    const blob = await window.t.jpegBlob();
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const inputs = {
      Blob: () => blob,
      File: () => new File([blob], "scene.jpg", { type: "image/jpeg" }),
      ArrayBuffer: () => bytes.slice().buffer,
      Uint8Array: () => bytes.slice(),
      ImageBitmap: () => createImageBitmap(blob),
      HTMLCanvasElement: () => canvas,
      OffscreenCanvas: () => upright(),
      HTMLVideoElement: () => video,
    };
    const out = [];
    for (const engine of ["browser", "auto", "wasm"]) {
      for (const [kind, make] of Object.entries(inputs)) {
        const stages = [];
        try {
          const r = await window.t.prepare(await make(), { engine, maxSide: 400, maxBytes: 20_000, onProgress: (p) => stages.push(p) });
          const c = await window.t.corners(r.bytes);
          const b64 = atob(r.base64);
          out.push({ engine, kind, used: r.engine, width: r.width, height: r.height, bytes: r.bytes.length, b64: b64.length,
            soi: r.bytes[0] === 0xff && r.bytes[1] === 0xd8, exif: window.t.hasExif(r.bytes), quality: r.quality,
            checks: r.checks && typeof r.checks.sharpness.score === "number", mime: r.mime, c,
            progress: stages.map((s) => s.stage), fractions: stages.map((s) => s.fraction) });
        } catch (e) {
          out.push({ engine, kind, error: `${e.code ?? ""} ${e.message}` });
        }
      }
    }
    clearInterval(tick);
    video.srcObject.getTracks().forEach((t) => t.stop());
    return out;
  });
  assert.equal(rows.length, 24);
  for (const r of rows) {
    const what = `${r.engine} ${r.kind}`;
    assert.equal(r.error, undefined, `${what}: ${r.error}`);
    assert.equal(r.used, r.engine === "wasm" ? "wasm" : "browser", what);
    assert.deepEqual([r.width, r.height, r.c.width, r.c.height], [400, 300, 400, 300], what);
    assert.ok(r.soi && !r.exif && r.mime === "image/jpeg", what);
    assert.ok(r.bytes <= 20_000 && r.bytes === r.b64, `${what}: ${r.bytes} bytes`);
    assert.ok(r.quality > 0 && r.quality <= 1, `${what}: quality ${r.quality}`);
    assert.ok(r.checks, `${what}: checks`);
    assert.ok(isRed(r.c.topLeft) && isGreen(r.c.topRight), `${what}: corners ${JSON.stringify(r.c)}`);
    assert.equal(r.progress.at(-1), "done", what);
    assert.ok(r.fractions.every((f, i) => i === 0 || f >= r.fractions[i - 1]), `${what}: progress not monotonic`);
  }
  assert.deepEqual(page.errors, []);
});

test("all 8 EXIF orientations come out upright from the browser and wasm engines", { timeout: 120_000 }, async () => {
  for (let o = 1; o <= 8; o++) {
    const stored = await page.evaluate((o) => window.t.stored(o), o);
    const jpeg = [...withOrientation(Uint8Array.from(stored), o)];
    for (const engine of ["browser", "auto", "wasm"]) {
      const r = await page.evaluate(async ({ jpeg, engine }) => {
        const out = await window.t.prepare(new Blob([Uint8Array.from(jpeg)], { type: "image/jpeg" }), { engine, maxSide: 320, maxBytes: 20_000 });
        return { orientation: out.original.orientation, w: out.original.width, h: out.original.height, exif: window.t.hasExif(out.bytes), c: await window.t.corners(out.bytes) };
      }, { jpeg, engine });
      const what = `orientation ${o}, ${engine}`;
      assert.equal(r.orientation, o, what);
      assert.deepEqual([r.w, r.h, r.c.width, r.c.height], [640, 480, 320, 240], what);
      assert.ok(!r.exif, what);
      assert.ok(isRed(r.c.topLeft) && isGreen(r.c.topRight) && !isRed(r.c.bottomLeft), `${what}: ${JSON.stringify(r.c)}`);
    }
  }
});

test("errors: unsupported, corrupt, too large (from the header), too small, bad options, wasm not in the lean build", { timeout: 60_000 }, async () => {
  const huge = [...pngHeaderOnly(65535, 65535)];
  const codes = await page.evaluate(async (huge) => {
    const { prepare, code, jpegBlob } = window.t;
    const jpeg = new Uint8Array(await (await jpegBlob()).arrayBuffer());
    const heic = new Uint8Array([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63, 0, 0, 0, 0, 0x6d, 0x69, 0x66, 0x31, 0x68, 0x65, 0x69, 0x63]);
    const out = {};
    for (const engine of ["browser", "auto"]) {
      out[`${engine} garbage`] = await code(prepare(new Blob([new Uint8Array(100).fill(7)]), { engine }));
      out[`${engine} heic`] = await code(prepare(heic, { engine }));
      out[`${engine} truncated`] = await code(prepare(jpeg.slice(0, jpeg.length >> 1), { engine }));
      out[`${engine} huge header`] = await code(prepare(Uint8Array.from(huge), { engine }));
      out[`${engine} too small`] = await code(prepare(jpeg, { engine, minSide: 600 }));
      out[`${engine} empty`] = await code(prepare(new Uint8Array(0), { engine }));
      out[`${engine} bad maxBytes`] = await code(prepare(jpeg, { engine, maxBytes: 5 }));
      out[`${engine} not an image`] = await code(prepare({ width: 3 }, { engine }));
      out[`${engine} empty canvas`] = await code(prepare(new OffscreenCanvas(0, 0), { engine }));
      out[`${engine} cannot fit`] = await code(prepare(jpeg, { engine, maxBytes: 10_000, minSide: 480, maxSide: 640 }));
    }
    out["lean wasm"] = await code(window.t.lean.prepareImage(jpeg, { engine: "wasm" }));
    out["main wasm"] = await code(window.t.main.prepareImage(jpeg, { engine: "wasm", maxSide: 200 }));
    return out;
  }, huge);
  for (const engine of ["browser", "auto"]) {
    assert.equal(codes[`${engine} garbage`], "image_unsupported", engine);
    assert.equal(codes[`${engine} heic`], "image_unsupported", engine);
    assert.equal(codes[`${engine} truncated`], "image_decode", engine);
    assert.equal(codes[`${engine} huge header`], "image_too_large", engine);
    assert.equal(codes[`${engine} too small`], "image_too_small", engine);
    assert.equal(codes[`${engine} empty`], "invalid_input", engine);
    assert.equal(codes[`${engine} bad maxBytes`], "invalid_input", engine);
    assert.equal(codes[`${engine} not an image`], "invalid_input", engine);
    assert.equal(codes[`${engine} empty canvas`], "invalid_input", engine);
    assert.ok(["ok", "image_cannot_fit"].includes(codes[`${engine} cannot fit`]), `${engine}: ${codes[`${engine} cannot fit`]}`);
  }
  assert.equal(codes["lean wasm"], "invalid_input");
  assert.equal(codes["main wasm"], "ok");
});

test("the byte budget holds over a sweep of sizes and budgets, with a data URL on request", { timeout: 120_000 }, async () => {
  const rows = await page.evaluate(async () => {
    const blob = await window.t.jpegBlob();
    const out = [];
    for (const engine of ["auto", "browser", "wasm"]) {
      for (const [maxSide, maxBytes] of [[640, 10_000], [640, 30_000], [480, 15_000], [320, 10_000], [640, 200_000]]) {
        const r = await window.t.prepare(blob, { engine, maxSide, maxBytes, dataUrl: true });
        out.push({ engine, maxSide, maxBytes, bytes: r.bytes.length, long: Math.max(r.width, r.height), prefix: r.base64.slice(0, 23) });
      }
    }
    return out;
  });
  for (const r of rows) {
    assert.ok(r.bytes <= r.maxBytes, JSON.stringify(r));
    assert.ok(r.long <= r.maxSide, JSON.stringify(r));
    assert.equal(r.prefix, "data:image/jpeg;base64,");
  }
});

test("a cross-origin picture without CORS (a tainted canvas) is invalid_input in every engine", { timeout: 60_000 }, async () => {
  const codes = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = 640; c.height = 480;
    c.getContext("2d").drawImage(img, 0, 0);
    const out = {};
    for (const engine of ["browser", "auto", "wasm"]) out[engine] = await window.t.code(window.t.prepare(c, { engine, maxSide: 320 }));
    return out;
  }, `${server.providerUrl}picture.svg`);
  assert.deepEqual(codes, { browser: "invalid_input", auto: "invalid_input", wasm: "invalid_input" });
});

test("auto falls back to the wasm engine where the browser ignores createImageBitmap's options (EXIF orientation)", { timeout: 60_000 }, async () => {
  const stored = await page.evaluate(() => window.t.stored(6));
  const jpeg = [...withOrientation(Uint8Array.from(stored), 6)];
  const r = await page.evaluate(async (jpeg) => {
    const blob = new Blob([Uint8Array.from(jpeg)], { type: "image/jpeg" });
    const saved = { createImageBitmap: window.createImageBitmap, ImageDecoder: window.ImageDecoder };
    // An older browser: createImageBitmap ignores its options and EXIF (the stored pixels, sideways for
    // orientation 6), no WebCodecs. Modern Chromium always applies EXIF, so the stored view is rebuilt here.
    window.createImageBitmap = async (source) => {
      const upright = await saved.createImageBitmap.call(window, source);
      const stored = new OffscreenCanvas(upright.height, upright.width);
      const ctx = stored.getContext("2d");
      ctx.setTransform(0, -1, 1, 0, 0, upright.width); // EXIF 6's inverse
      ctx.drawImage(upright, 0, 0);
      return saved.createImageBitmap.call(window, stored);
    };
    window.ImageDecoder = undefined;
    let auto, browser, lean;
    try {
      auto = await window.t.main.prepareImage(blob, { engine: "auto", maxSide: 320, maxBytes: 20_000 });
      browser = await window.t.code(window.t.main.prepareImage(blob, { engine: "browser", maxSide: 320 }));
      lean = await window.t.code(window.t.lean.prepareImage(blob, { engine: "auto", maxSide: 320 }));
    } finally {
      Object.assign(window, saved);
    }
    const c = await window.t.corners(auto.bytes);
    return { auto: [auto.engine, auto.width, auto.height, auto.bytes.length <= 20_000], upright: [c.topLeft, c.topRight], browser, lean };
  }, jpeg);
  assert.ok(isRed(r.upright[0]) && isGreen(r.upright[1]), JSON.stringify(r.upright));
  // The lean build has no wasm engine to fall back to: the typed error, not a sideways picture.
  assert.deepEqual({ ...r, upright: undefined }, { auto: ["wasm", 320, 240, true], upright: undefined, browser: "invalid_input", lean: "invalid_input" });
});

test("in a worker (OffscreenCanvas, convertToBlob) the browser engine and auto work from the lean entry", { timeout: 60_000 }, async () => {
  const r = await page.evaluate(async (origin) => {
    const blob = await window.t.jpegBlob();
    // "ready" once the module (and its wasm) is loaded: a message posted earlier may find no onmessage yet.
    const source = `import { prepareImage } from "${origin}dist/ekyc-bridge/browser.js";
      onmessage = async (e) => {
        const out = {};
        for (const engine of ["browser", "auto"]) {
          try {
            const r = await prepareImage(e.data, { engine, maxSide: 320, maxBytes: 15000 });
            out[engine] = [r.engine, r.width, r.height, r.bytes.length <= 15000, r.bytes[0] === 0xff && r.bytes[1] === 0xd8, typeof r.checks?.ok === "boolean"];
          } catch (err) { out[engine] = String(err && err.code || err); }
        }
        postMessage(out);
      };
      postMessage("ready");`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })), { type: "module" });
    const answer = new Promise((resolve, reject) => {
      worker.onmessage = (e) => (e.data === "ready" ? worker.postMessage(blob) : resolve(e.data));
      worker.onerror = (e) => reject(new Error(e.message));
    });
    try { return await answer; } finally { worker.terminate(); }
  }, server.merchantUrl);
  assert.deepEqual(r, { browser: ["browser", 320, 240, true, true, true], auto: ["browser", 320, 240, true, true, true] });
});

test("a transparent PNG comes out on white, not black, from every engine", { timeout: 60_000 }, async () => {
  const r = await page.evaluate(async () => {
    // Left half transparent, right half opaque red, a half-transparent blue band at the bottom.
    const c = new OffscreenCanvas(640, 480);
    const ctx = c.getContext("2d");
    ctx.fillStyle = "#e01010"; ctx.fillRect(320, 0, 320, 480);
    ctx.fillStyle = "rgba(0, 0, 255, 0.5)"; ctx.fillRect(0, 400, 320, 80);
    const png = await c.convertToBlob({ type: "image/png" });
    const out = {};
    for (const engine of ["auto", "browser", "wasm"]) {
      const prepared = await window.t.prepare(png, { engine, maxSide: 320, maxBytes: 20_000 });
      const bm = await createImageBitmap(new Blob([prepared.bytes], { type: "image/jpeg" }));
      const x = new OffscreenCanvas(bm.width, bm.height).getContext("2d");
      x.drawImage(bm, 0, 0);
      const at = (fx, fy) => [...x.getImageData(Math.round(bm.width * fx), Math.round(bm.height * fy), 1, 1).data.slice(0, 3)];
      out[engine] = { clear: at(0.2, 0.3), red: at(0.8, 0.3), blend: at(0.2, 0.92) };
    }
    return out;
  });
  for (const [engine, px] of Object.entries(r)) {
    assert.ok(px.clear.every((v) => v > 235), `${engine}: transparent area ${px.clear}`);
    assert.ok(isRed(px.red), `${engine}: ${px.red}`);
    // Half blue over white: (127, 127, 255), not (0, 0, 127) over black.
    const [rr, gg, bb] = px.blend;
    assert.ok(rr > 100 && rr < 160 && gg > 100 && gg < 160 && bb > 225, `${engine}: blend ${px.blend}`);
  }
});
