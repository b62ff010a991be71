// Camera in Debian's Chromium (156), with Chromium's fake capture device (`--use-fake-device-for-media-stream`:
// a generated test pattern, no hardware). The merchant page of tests/helpers/flow-server.mjs is the page:
// http://127.0.0.1 is a secure context, as the camera requires.
//
// How each permission answer is obtained (checked on Chromium 156, headless):
// - granted: `--use-fake-ui-for-media-stream` accepts every prompt (launchChromium({ fakeCamera: true })), or
//   `context.grantPermissions(["camera"], { origin })` without that flag;
// - denied: the fake device *without* `--use-fake-ui-for-media-stream` and no grant. Headless Chromium shows
//   no prompt and answers an ungranted camera with NotAllowedError at once (~100 ms, no hang). `--deny-permission-prompts`,
//   `context.clearPermissions()`, CDP `Browser.setPermission {camera: denied}` and `--use-fake-ui-for-media-stream=deny`
//   all give the same NotAllowedError; the flag is added for explicitness. (CDP "denied" is overridden by
//   `--use-fake-ui-for-media-stream`, so the two must not be combined.)
// - no camera: `--use-fake-ui-for-media-stream` without the fake device on a machine with no /dev/video* →
//   NotFoundError (skipped where a real camera exists);
// - insecure context: a hostname mapped to 127.0.0.1 with `--host-resolver-rules` (nothing else is bound), so
//   http://merchant.test:<port> is a plain-http, non-local origin: isSecureContext is false, navigator.mediaDevices
//   is undefined.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startFlowServer } from "../helpers/flow-server.mjs";
import { launchChromium } from "../helpers/browser.mjs";

const T = 20_000;
let server;
before(async () => {
  server = await startFlowServer();
});
after(async () => {
  await server?.close();
});

/** Runs `fn(page)` on the merchant page in a browser launched with `options`, then closes the browser. */
async function withPage(options, fn, url = `${server.merchantUrl}merchant.html`) {
  const browser = await launchChromium(options);
  try {
    if (options.grant) await browser.context.grantPermissions(options.grant, { origin: server.merchantOrigin });
    const page = await browser.newPage();
    page.errors = [];
    page.on("pageerror", (e) => page.errors.push(e.message));
    await page.goto(url);
    await page.waitForSelector("body[data-ready=true]", { timeout: T });
    return await fn(page);
  } finally {
    await browser.close();
  }
}

/** Camera.open(options) in the page: "ok" (and closes it), or the EkycError's code. */
const openResult = (page, options) =>
  page.evaluate(async (options) => {
    const { Camera, EkycError } = await import("ekyc-bridge");
    try {
      const camera = await Camera.open(options);
      camera.close();
      return "ok";
    } catch (e) {
      return e instanceof EkycError ? e.code : `not an EkycError: ${e?.name}: ${e?.message}`;
    }
  }, options);

test("Camera.open(user) → capture() → prepareImage: a Base64 JPEG that decodes; close() ends every track", async () => {
  await withPage({ fakeCamera: true }, async (page) => {
    const r = await page.evaluate(async () => {
      const { Camera, prepareImage } = await import("ekyc-bridge");
      const video = document.createElement("video");
      document.body.append(video);
      const camera = await Camera.open({ facing: "user", video, idealWidth: 1280 });
      const stream = video.srcObject;
      const live = stream instanceof MediaStream ? stream.getTracks().map((t) => [t.kind, t.readyState]) : null;
      const blob = await camera.capture();
      const prepared = await prepareImage(blob);
      const bytes = Uint8Array.from(atob(prepared.base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/jpeg" }));
      camera.close();
      const after = stream instanceof MediaStream ? stream.getTracks().map((t) => t.readyState) : null;
      return {
        live, after, blobType: blob.type, blobSize: blob.size, mime: prepared.mime,
        soi: [bytes[0], bytes[1], bytes[2]], eoi: [bytes.at(-2), bytes.at(-1)],
        bitmap: [bitmap.width, bitmap.height], size: [prepared.width, prepared.height],
        videoSize: [video.videoWidth, video.videoHeight], srcObjectAfter: video.srcObject === null ? null : "still set",
      };
    });
    assert.deepEqual(r.live, [["video", "live"]], "one live video track, no audio");
    assert.match(r.blobType, /^image\/(jpeg|png)$/);
    assert.ok(r.blobSize > 1000, `a real image (${r.blobSize} bytes)`);
    assert.equal(r.mime, "image/jpeg");
    assert.deepEqual(r.soi, [0xff, 0xd8, 0xff], "JPEG SOI");
    assert.deepEqual(r.eoi, [0xff, 0xd9], "JPEG EOI");
    assert.deepEqual(r.bitmap, r.size, "createImageBitmap decodes it at the announced size");
    assert.ok(r.bitmap[0] > 0 && r.bitmap[1] > 0);
    assert.deepEqual(r.after, ["ended"], "close() stops every track");
    assert.deepEqual(page.errors, []);
  });
});

test("Camera.open(environment) without a <video>: capture works; capture after close() rejects with an EkycError", async () => {
  await withPage({ fakeCamera: true }, async (page) => {
    const r = await page.evaluate(async () => {
      const { Camera, EkycError } = await import("ekyc-bridge");
      const camera = await Camera.open({ facing: "environment" });
      const blob = await camera.capture();
      const bitmap = await createImageBitmap(blob);
      camera.close();
      let after;
      try {
        await camera.capture();
        after = "resolved";
      } catch (e) {
        after = e instanceof EkycError ? `EkycError ${e.code}` : `${e?.name}: ${e?.message}`;
      }
      return { type: blob.type, w: bitmap.width, h: bitmap.height, after };
    });
    assert.match(r.type, /^image\/(jpeg|png)$/);
    assert.ok(r.w > 0 && r.h > 0);
    assert.match(r.after, /^EkycError camera_/);
  });
});

test("a denied camera permission → camera_permission_denied", async () => {
  // The fake device, no fake UI, no grant (see the header): getUserMedia rejects with NotAllowedError.
  const raw = await withPage({ extraArgs: ["--use-fake-device-for-media-stream", "--deny-permission-prompts"] }, async (page) => {
    const name = await page.evaluate(() =>
      navigator.mediaDevices.getUserMedia({ video: true }).then((s) => (s.getTracks().forEach((t) => t.stop()), "granted"), (e) => e.name),
    );
    return { name, code: await openResult(page, { facing: "user" }) };
  });
  assert.equal(raw.name, "NotAllowedError", "the browser itself denies");
  assert.equal(raw.code, "camera_permission_denied");
});

test("the same browser setup with the camera granted opens it (the denial above is the permission's)", async () => {
  const code = await withPage({ extraArgs: ["--use-fake-device-for-media-stream"], grant: ["camera"] }, (page) =>
    openResult(page, { facing: "user" }),
  );
  assert.equal(code, "ok");
});

test("no camera at all → camera_not_found", async (t) => {
  await withPage({ extraArgs: ["--use-fake-ui-for-media-stream"] }, async (page) => {
    const cameras = await page.evaluate(async () => (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === "videoinput").length);
    if (cameras > 0) return t.skip("this machine has a real camera");
    assert.equal(await openResult(page, { facing: "user" }), "camera_not_found");
  });
});

test("a plain-http, non-local page → camera_insecure_context", async () => {
  const port = new URL(server.merchantUrl).port;
  await withPage(
    { fakeCamera: true, extraArgs: ["--host-resolver-rules=MAP merchant.test 127.0.0.1"] },
    async (page) => {
      assert.equal(await page.evaluate(() => isSecureContext), false);
      assert.equal(await openResult(page, { facing: "user" }), "camera_insecure_context");
    },
    `http://merchant.test:${port}/merchant.html`,
  );
});
