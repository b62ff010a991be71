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
  // Playwright switches file-chooser interception on asynchronously at the first listener: listen from the
  // start, or a chooser opened by a key press right after `waitForEvent` is missed.
  page.on("filechooser", () => {});
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=true]", { timeout: T });
  return page;
}

test("the page imports the package without a bundler and shows version(); only the lean browser wasm is loaded", async () => {
  const page = await browser.newPage();
  const wasm = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(new URL(r.url()).pathname));
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=true]", { timeout: T });
  assert.match(await page.textContent("#version"), /^\d+\.\d+\.\d+/);
  assert.deepEqual(wasm, ["/dist/ekyc-bridge/browser/ekyc_bridge_bg.wasm"], "no provider clients in the page's download");
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

// ---------------------------------------------------------------------------------------------------------------
// Accessibility: keyboard only, names, contrast, 360 px.

test("keyboard only: skip link first, providers by arrow keys, the file chooser by Enter, a visible focus ring", async () => {
  const page = await demoPage();
  const active = () => page.evaluate(() => {
    const a = document.activeElement;
    const s = getComputedStyle(a);
    return { tag: a.tagName, text: a.textContent.trim(), cls: a.className, value: a.value ?? null,
             outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) };
  });
  await page.keyboard.press("Tab");
  assert.match((await active()).text, /Skip to the journey/);
  // Tab on to the checked provider radio, then arrow keys change the provider (native radio group).
  let a;
  for (let i = 0; i < 10 && (a = await active()).value !== "maschain"; i++) await page.keyboard.press("Tab");
  assert.equal(a.value, "maschain");
  assert.notEqual(a.outline, "none", "focus is visible");
  assert.ok(a.outlineWidth >= 2, "the focus ring is at least 2 px");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.querySelector("input[name=provider]:checked").value), "advance-ai");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.querySelector("input[name=provider]:checked").value), "argos");
  assert.equal(await page.isVisible("#mode"), false, "ARGOS has no mode to choose");
  // On to the selfie's "Choose a file"; Enter opens the chooser.
  for (let i = 0; i < 10 && !((a = await active()).cls === "choose-file"); i++) await page.keyboard.press("Tab");
  assert.equal(a.cls, "choose-file");
  const chooser = page.waitForEvent("filechooser", { timeout: T });
  await page.keyboard.press("Enter");
  await (await chooser).setFiles({ name: "me.png", mimeType: "image/png", buffer: Buffer.from(photo(800, 1000)) });
  await page.waitForSelector("#shot-selfie[data-state=ready]", { timeout: T });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("every control has a name, ids are unique, text contrast ≥ 4.5:1 in light and dark, nothing scrolls sideways at 360 px", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const page = await browser.newPage();
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(server.url);
    await page.waitForSelector("body[data-ready=true]", { timeout: T });
    // A long result, the error box and the hints visible: the widest content the page shows.
    await page.evaluate(async () => {
      const { renderVerification } = await import("/render.js");
      renderVerification(document.querySelector("#result"), {
        provider: "argos", reference: "x".repeat(80), decision: "rejected",
        reasons: [{ code: "document_tampered", providerCode: "id_image_" + "y".repeat(60), message: null }],
        person: null, document: null, face: null, aml: { flagged: true, riskLevel: "high" }, createdAt: null, updatedAt: null,
        raw: { a: "z".repeat(300), nested: { list: [1, 2, 3] } },
      });
    });
    const r = await page.evaluate(() => {
      const unnamed = [...document.querySelectorAll("button, select, input:not([type=hidden]), textarea")]
        .filter((e) => !(e.labels?.length || e.getAttribute("aria-label") || e.getAttribute("aria-labelledby") || e.textContent.trim()))
        .map((e) => e.outerHTML.slice(0, 80));
      const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
      const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
      const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]) => {
        const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const background = (e) => {
        for (; e; e = e.parentElement) {
          const c = rgb(getComputedStyle(e).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
        }
        return rgb(getComputedStyle(document.documentElement).backgroundColor).slice(0, 3);
      };
      const low = [];
      for (const sel of ["h1", "p", ".hint", "small", "label", "button", "button.primary", ".status", ".error", "#decision", "pre", "dt", "dd", ".num"]) {
        for (const e of document.querySelectorAll(sel)) {
          if (!e.offsetParent && e.tagName !== "BODY") continue;
          const fg = rgb(getComputedStyle(e).color).slice(0, 3);
          const [l1, l2] = [lum(fg), lum(background(e))].sort((x, y) => y - x);
          const ratio = (l1 + 0.05) / (l2 + 0.05);
          if (ratio < 4.5) low.push(`${sel}: ${ratio.toFixed(2)}`);
        }
      }
      return { unnamed, dupes, low, scrollWidth: document.documentElement.scrollWidth, imagesWithoutAlt: document.querySelectorAll("img:not([alt])").length };
    });
    assert.deepEqual(r.unnamed, [], `${colorScheme}: controls without a name`);
    assert.deepEqual(r.dupes, [], `${colorScheme}: duplicate ids`);
    assert.deepEqual([...new Set(r.low)], [], `${colorScheme}: low contrast`);
    assert.equal(r.imagesWithoutAlt, 0);
    assert.ok(r.scrollWidth <= 360, `${colorScheme}: the page is ${r.scrollWidth} px wide at 360 px`);
    await page.close();
  }
});

test("the ID number check answers as the number is typed, and reads a pasted MRZ", async () => {
  const page = await demoPage();
  await page.selectOption("#idnum-country", "MYS");
  await page.type("#idnum-value", "900101-14-567");
  assert.match(await page.textContent("#idnum-result"), /too many or too few/);
  assert.equal(await page.getAttribute("#idnum-value", "aria-invalid"), "true");
  await page.type("#idnum-value", "8");
  assert.match(await page.textContent("#idnum-result"), /MyKad · 900101-14-5678 · 1990-01-01 · female · Wilayah Persekutuan Kuala Lumpur/);
  assert.equal(await page.getAttribute("#idnum-value", "aria-invalid"), "false");
  await page.selectOption("#idnum-country", "SGP");
  await page.fill("#idnum-value", "S1234567A");
  assert.match(await page.textContent("#idnum-result"), /check digit or letter does not match/);
  // The ICAO 9303 TD3 specimen as OCR might read it: an O for the 0 of the birth date, confirmed by its check digit.
  await page.fill("#mrz-text", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO74O8122F1204159ZE184226B<<<<<10");
  const mrz = await page.textContent("#mrz-result");
  assert.match(mrz, /✓ TD3 P UTO: ERIKSSON, ANNA MARIA · No\. L898902C3 · born 1974-08-12/);
  assert.match(mrz, /repaired line 2, column 16: O → 0/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
