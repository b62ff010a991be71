// The demo page in Debian's Chromium, driven by playwright-core: the package loads from a plain
// <script type="module"> with an import map (no bundler) and its exports work in the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve } from "../../scripts/serve.mjs";
import { launchChromium } from "../helpers/browser.mjs";

let server, browser;
before(async () => {
  server = await serve();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("the page imports the package without a bundler and shows version()", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  assert.match(await page.textContent("#version"), /^\d+\.\d+\.\d+/);
  assert.deepEqual(errors, []);
});

test("a bad response shows the EkycError code in the page", async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=true]");
  await page.fill("#response", "[1, 2]");
  await page.click("#run");
  assert.match(await page.textContent("#result"), /^malformed_response: /);
  const isEkycError = await page.evaluate(async () => {
    const m = await import("ekyc-bridge");
    try {
      m.normalize("nope", {});
    } catch (e) {
      return e instanceof m.EkycError && e instanceof Error && e.code === "invalid_input";
    }
    return false;
  });
  assert.equal(isEkycError, true);
});
