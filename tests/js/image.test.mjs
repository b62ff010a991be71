// prepareImage with the wasm engine, through the built package in Node: every byte input kind, the byte
// budget, orientation, checks, progress, and every error code. (The browser inputs are in tests/page/.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { prepareImage, EkycError } from "ekyc-bridge";
import { photo, png, pngHeaderOnly, withOrientation } from "../helpers/images.mjs";

const big = photo(1800, 1200);

async function rejects(promise, code) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof EkycError, String(e));
    assert.equal(e.code, code, e.message);
    return true;
  });
}

test("a PNG becomes a JPEG within maxBytes and maxSide, Base64 ready for a provider", async () => {
  const stages = [];
  const out = await prepareImage(big, { maxSide: 1200, maxBytes: 120_000, onProgress: (p) => stages.push(p) });
  assert.equal(out.mime, "image/jpeg");
  assert.equal(out.engine, "wasm");
  assert.deepEqual([out.width, out.height], [1200, 800]);
  assert.ok(out.bytes instanceof Uint8Array);
  assert.ok(out.bytes.length <= 120_000, `${out.bytes.length} bytes`);
  assert.deepEqual([out.bytes[0], out.bytes[1]], [0xff, 0xd8]);
  assert.deepEqual(Buffer.from(out.base64, "base64"), Buffer.from(out.bytes));
  assert.doesNotMatch(out.base64, /^data:/);
  assert.ok(out.quality > 0 && out.quality <= 1);
  assert.deepEqual(out.original, { width: 1800, height: 1200, bytes: big.length, mime: "image/png", orientation: 1 });
  assert.equal(typeof out.checks.ok, "boolean");
  assert.ok(out.elapsedMs > 0);
  const names = stages.map((s) => s.stage);
  for (const s of ["decode", "resize", "encode", "checks"]) assert.ok(names.includes(s), names.join());
  assert.ok(stages.every((s, i) => i === 0 || s.fraction >= stages[i - 1].fraction), "progress only goes up");
});

test("ArrayBuffer and Blob inputs give the same result; dataUrl on request; never upscales", async () => {
  const a = await prepareImage(big.buffer.slice(big.byteOffset, big.byteOffset + big.byteLength), { preset: "selfie" });
  const b = await prepareImage(new Blob([big], { type: "image/png" }), { preset: "selfie", dataUrl: true });
  assert.deepEqual([a.width, a.height], [1280, 853]);
  assert.ok(a.bytes.length <= 200_000);
  assert.match(b.base64, /^data:image\/jpeg;base64,/);
  assert.equal(b.base64.slice("data:image/jpeg;base64,".length), a.base64);
  const small = await prepareImage(photo(640, 480), { maxSide: 2000 });
  assert.deepEqual([small.width, small.height], [640, 480], "never upscaled");
});

test("EXIF orientation is applied to JPEG input (6: rotate 90°) and the output carries no EXIF", async () => {
  const jpeg = (await prepareImage(photo(800, 600), { maxSide: 800, maxBytes: 500_000 })).bytes;
  const rotated = await prepareImage(withOrientation(jpeg, 6), { maxSide: 800, maxBytes: 500_000 });
  assert.deepEqual([rotated.width, rotated.height], [600, 800]);
  assert.equal(rotated.original.orientation, 6);
  assert.equal(Buffer.from(rotated.bytes).indexOf("Exif"), -1, "no EXIF in the output");
  const mirrored = await prepareImage(withOrientation(jpeg, 2), { maxSide: 800, maxBytes: 500_000 });
  assert.deepEqual([mirrored.width, mirrored.height], [800, 600]);
});

test("presets: id-card 1600 px ≤ 500 kB, document 2000 px; explicit options win", async () => {
  const card = await prepareImage(photo(3000, 1900), { preset: "id-card" });
  assert.equal(Math.max(card.width, card.height), 1600);
  assert.ok(card.bytes.length <= 500_000);
  const doc = await prepareImage(photo(3000, 1900), { preset: "document", maxSide: 1000 });
  assert.equal(Math.max(doc.width, doc.height), 1000);
});

test("errors: unsupported formats, truncated files, absurd headers, too small, cannot fit, bad options", async () => {
  await rejects(prepareImage(new TextEncoder().encode("hello, not an image")), "image_unsupported");
  await rejects(prepareImage(new TextEncoder().encode("%PDF-1.7\n...")), "image_unsupported");
  const heic = new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode("ftypheic"), 0, 0, 0, 0, ...new TextEncoder().encode("mif1heic")]);
  await rejects(prepareImage(heic), "image_unsupported");
  await rejects(prepareImage(big.slice(0, 200)), "image_decode");
  const t0 = performance.now();
  await rejects(prepareImage(pngHeaderOnly(65535, 65535)), "image_too_large");
  assert.ok(performance.now() - t0 < 1000, "refused from the header, without decoding");
  await rejects(prepareImage(photo(300, 200), { preset: "selfie" }), "image_too_small");
  const noise = png(1000, 1000, (x, y) => [(x * 7919 + y * 104729) % 251, (x * 31 + y * 17) % 253, (x ^ y) % 255]);
  await rejects(prepareImage(noise, { maxSide: 1000, minSide: 1000, maxBytes: 10_000 }), "image_cannot_fit");
  await rejects(prepareImage(big, { maxSize: 100 }), "invalid_input");
  await rejects(prepareImage(big, { maxBytes: -1 }), "invalid_input");
  await rejects(prepareImage(big, { onProgress: "yes" }), "invalid_input");
  await rejects(prepareImage("a string"), "invalid_input");
  await rejects(prepareImage(new Uint8Array()), "invalid_input");
  await rejects(prepareImage(null), "invalid_input");
});
