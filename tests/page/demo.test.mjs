// The demo page (www/) in Debian's Chromium, driven by playwright-core, served alone by scripts/serve.mjs (no
// worker, no sandbox: the whole journey is tests/e2e/). Here: the package loads through the import map without
// a bundler; a missing /config.json is reported by code; photos from the fake camera and from a file are
// prepared and described; ID numbers never reach the screen unmasked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve } from "../../scripts/serve.mjs";
import { launchChromium } from "../helpers/browser.mjs";
import { photo } from "../helpers/images.mjs";

const T = 30_000;
let server, browser;
before(async () => {
  server = await serve();
  browser = await launchChromium({ fakeCamera: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function demoPage() {
  const page = await browser.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=true]", { timeout: T });
  return page;
}

test("the page imports the package without a bundler and shows version()", async () => {
  const page = await demoPage();
  assert.match(await page.textContent("#version"), /^\d+\.\d+\.\d+/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("without /config.json the page says so by code, and an API provider cannot start without photos", async () => {
  const page = await demoPage();
  assert.equal(await page.textContent("#error-code"), "config_unavailable");
  assert.equal(await page.isVisible("#error"), true);
  await page.check("input[name=provider][value=revenue-monster]");
  assert.equal(await page.isDisabled("#start"), true);
  assert.match(await page.textContent("#verify-hint"), /both photos/);
  // The mode select belongs to hosted flows only.
  assert.equal(await page.isVisible("#mode"), false);
  await page.check("input[name=provider][value=maschain]");
  assert.equal(await page.isVisible("#mode"), true);
  // A hosted flow without a worker fails by code, not by an exception.
  await page.click("#start");
  await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("Failed"));
  assert.equal(await page.textContent("#error-code"), "config_unavailable");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("selfie from the fake camera and ID card from a file: prepared, with sizes, time and quality warnings", async () => {
  const page = await demoPage();
  await page.click("#shot-selfie .open-camera");
  await page.waitForSelector("#shot-selfie[data-camera=open]", { timeout: T });
  await page.click("#shot-selfie .capture");
  await page.waitForSelector("#shot-selfie[data-state=ready]", { timeout: T });
  const before = await page.textContent("#shot-selfie [data-fact=before]");
  const afterText = await page.textContent("#shot-selfie [data-fact=after]");
  assert.match(before, /^[\d,]+ B .*· \d+×\d+ px · image\//);
  assert.match(afterText, /^[\d,]+ B .*· \d+×\d+ px · JPEG quality \d+/);
  assert.match(await page.textContent("#shot-selfie [data-fact=time]"), /^\d+ ms \((wasm|browser) engine\)/);
  assert.ok((await page.locator("#shot-selfie .warnings li").count()) >= 1, "warnings or 'no quality warnings'");
  // The camera is closed after the capture (every track stopped).
  assert.equal(await page.isVisible("#shot-selfie video"), false);

  // The file chooser (chooseImageFile) with a 1200×800 PNG: resized to the id-card preset, re-encoded as JPEG.
  const chooser = page.waitForEvent("filechooser", { timeout: T });
  await page.click("#shot-idCard .choose-file");
  await (await chooser).setFiles({ name: "card.png", mimeType: "image/png", buffer: Buffer.from(photo(1200, 800)) });
  await page.waitForSelector("#shot-idCard[data-state=ready]", { timeout: T });
  assert.match(await page.textContent("#shot-idCard [data-fact=before]"), /· 1200×800 px · image\/png/);
  assert.match(await page.textContent("#shot-idCard [data-fact=after]"), /· 1200×800 px · JPEG/);
  assert.match(await page.getAttribute("#shot-idCard img", "src"), /^data:image\/jpeg;base64,\/9j\//);

  // Both photos survive a reload (the journey lives in sessionStorage, as it must across a redirect).
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { timeout: T });
  assert.equal(await page.getAttribute("#shot-selfie", "data-state"), "ready");
  assert.equal(await page.getAttribute("#shot-idCard", "data-state"), "ready");
  await page.check("input[name=provider][value=widekyc]");
  assert.equal(await page.isDisabled("#start"), false);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a bad file is refused by its EkycError code", async () => {
  const page = await demoPage();
  const chooser = page.waitForEvent("filechooser", { timeout: T });
  await page.click("#shot-selfie .choose-file");
  await (await chooser).setFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not an image at all") });
  await page.waitForFunction(() => !document.querySelector("#error").hidden && document.querySelector("#error-code").textContent.startsWith("image_"), null, { timeout: T });
  assert.equal(await page.textContent("#error-code"), "image_unsupported");
  await page.close();
});

test("ID numbers are masked in the Verification and in the raw response", async () => {
  const page = await demoPage();
  const r = await page.evaluate(async () => {
    const { maskId, maskDeep } = await import("/mask.js");
    const { renderVerification } = await import("/render.js");
    const v = {
      provider: "revenue-monster", reference: "req-1", decision: "rejected",
      reasons: [{ code: "face_mismatch", providerCode: "NOT_SAME_PERSON", message: "IC 900101145523 does not match" }],
      person: { fullName: "Ali", idNumber: "900101145523", dateOfBirth: "1990-01-01", gender: "male", nationality: "MYS", address: null },
      document: { type: "mykad", country: "MYS", number: "900101-14-5523", issueDate: null, expiryDate: null },
      face: { match: false, similarity: 0.42, liveness: null, livenessPassed: null }, aml: null,
      createdAt: null, updatedAt: null,
      raw: { item: { id: "65f0c3a1b2", ic: "900101145523", text: "card no 900101-14-5523", nik: 3171234567890001, results: [{ data: { ic: "900101145523" } }] } },
    };
    renderVerification(document.querySelector("#result"), v);
    return {
      simple: maskId("900101145523"),
      short: maskId("1234"),
      deep: maskDeep({ id: "65f0c3a1b2", bvn: "22212345678", count: 3 }),
      text: document.querySelector("#result").textContent,
      raw: JSON.parse(document.querySelector("#raw").textContent),
      decision: document.querySelector("#decision").textContent,
      reason: document.querySelector("#reasons [data-code]")?.dataset.code,
    };
  });
  assert.equal(r.simple, "9001******23");
  assert.equal(r.short, "****");
  assert.deepEqual(r.deep, { id: "65f0c3a1b2", bvn: "2221*****78", count: 3 });
  assert.equal(r.decision, "rejected");
  assert.equal(r.reason, "face_mismatch");
  for (const secret of ["900101145523", "900101-14-5523", "3171234567890001", "145523"]) {
    assert.ok(!r.text.includes(secret), `${secret} shown unmasked`);
  }
  assert.match(r.text, /9001\*{6}23/);
  assert.equal(r.raw.item.id, "65f0c3a1b2", "a request id is not an ID number");
  assert.equal(r.raw.item.results[0].data.ic, "9001******23");
  await page.close();
});
