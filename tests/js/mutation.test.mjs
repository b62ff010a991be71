// No panic across the boundary (issue 7): tens of thousands of mutated inputs through the BUILT package in Node,
// to every export. Each call must return or throw an `EkycError` whose code is one of error.rs's stable codes —
// never a wasm `RuntimeError` (`unreachable` = a Rust panic, `memory access out of bounds` = a smashed stack), a
// JS `RangeError`/`TypeError` escaping the binding, or a poisoned module: a normal call must still work after.
//
// Seeded PRNG: the seed is printed; rerun a failure with EKYC_MUTATION_SEED=<seed>. EKYC_MUTATION_SCALE=<n>
// multiplies the case counts (default 1 ≈ 25 000 calls in well under a minute).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sdk from "ekyc-bridge";
import { png, photo } from "../helpers/images.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const seed = Number(process.env.EKYC_MUTATION_SEED ?? (Date.now() % 2 ** 31));
const scale = Number(process.env.EKYC_MUTATION_SCALE ?? 1);
console.log(`# mutation seed ${seed} (rerun: EKYC_MUTATION_SEED=${seed})`);

/** The stable codes, read from the source of truth (src/error.rs `ErrorCode::as_str`); `internal` means a bug
 * of ours (e.g. a result that failed to serialize), so no input may produce it. */
const CODES = new Set([...readFileSync(join(root, "src/error.rs"), "utf8").matchAll(/=> "([a-z_]+)",/g)].map((m) => m[1]));
assert.ok(CODES.size >= 20 && CODES.has("invalid_input"), "codes read from error.rs");
CODES.delete("internal");

// mulberry32: small, fast, good enough to mutate with, and reproducible from the seed.
let state = seed >>> 0;
function rand() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
}
const int = (n) => Math.floor(rand() * n);
const pick = (a) => a[int(a.length)];

const WEIRD_STRINGS = ["", " ", "0", "1", "-1", "true", "null", "NaN", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\u0000", "\ud800", "é".repeat(5000),
  "a".repeat(100_000), "%", "%zz", "?&=#", "../../etc/passwd", "<script>", "1e309", "APPROVED", "approved", "PASS",
  "SUCCESS", "FAILED", "null\n", "9".repeat(400), "2024-13-45", "0x10", "\"", "{}", "[]"];
const WEIRD_NUMBERS = [0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53 + 1, 2 ** 64, -(2 ** 63), 9007199254740993,
  Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity, 4294967296, 65535, 100];

function deep(depth, leaf = {}) {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = rand() < 0.5 ? [v] : { a: v };
  return v;
}

function randomValue(level = 0) {
  switch (int(level > 2 ? 5 : 9)) {
    case 0: return pick(WEIRD_STRINGS);
    case 1: return pick(WEIRD_NUMBERS);
    case 2: return pick([null, true, false, undefined]);
    case 3: return String.fromCharCode(...Array.from({ length: int(20) }, () => int(0x3000)));
    case 4: return int(1000) - 500;
    case 5: return Array.from({ length: int(4) }, () => randomValue(level + 1));
    case 6: return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(WEIRD_STRINGS).slice(0, 10), randomValue(level + 1)]));
    case 7: return deep(pick([10, 127, 129, 1000, 100_000]));
    default: return pick([123n, Symbol("s"), () => 1, new Date(0), new Map([[1, 2]]), new Uint8Array(3)]);
  }
}

/** A structural mutation of a JSON-like value: replace, delete, rename, retype, wrap deeply, duplicate. */
function mutate(value, budget = 1 + int(4)) {
  let v = structuredClone(value);
  for (let n = 0; n < budget; n++) v = mutateOnce(v);
  return v;
}
function mutateOnce(root) {
  const paths = [];
  (function walk(v, path) {
    paths.push(path);
    const plain = v && typeof v === "object" && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype);
    if (plain && paths.length < 400) for (const k of Object.keys(v)) walk(v[k], [...path, k]);
  })(root, []);
  const path = pick(paths);
  if (path.length === 0) return rand() < 0.2 ? randomValue() : root;
  const parent = path.slice(0, -1).reduce((o, k) => o[k], root);
  const key = path.at(-1);
  switch (int(7)) {
    case 0: parent[key] = randomValue(); break;
    case 1: delete parent[key]; break;
    case 2: if (!Array.isArray(parent)) { parent[pick(WEIRD_STRINGS).slice(0, 12) + key] = parent[key]; delete parent[key]; } break;
    case 3: { // retype: a string becomes a number (or an array), anything else its JSON text
      const v = parent[key];
      parent[key] = typeof v === "string" ? Number(v) || [v] : (() => { try { return JSON.stringify(v) ?? "undefined"; } catch { return "?"; } })();
      break;
    }
    case 4: parent[key] = deep(pick([64, 200, 5000, 100_000]), parent[key]); break;
    case 5: parent[key] = pick(WEIRD_NUMBERS); break;
    default: parent[key] = Array.isArray(parent[key]) ? [...parent[key], ...parent[key]] : { ...parent[key], extra: parent[key] };
  }
  return root;
}

function mutateBytes(bytes) {
  const b = new Uint8Array(bytes);
  const out = [...b];
  for (let n = 1 + int(8); n > 0; n--) {
    const i = int(Math.max(out.length, 1));
    switch (int(6)) {
      case 0: out[i] = int(256); break;
      case 1: out[i] ^= 1 << int(8); break;
      case 2: out.length = int(out.length + 1); break; // truncate
      case 3: out.splice(i, 0, ...Array.from({ length: int(16) }, () => int(256))); break;
      case 4: out.splice(i, int(32)); break;
      default: out[i] = pick([0, 0xff, 0x7f, 0x80]);
    }
  }
  return new Uint8Array(out);
}

function mutateText(text) {
  const chars = [...text];
  for (let n = 1 + int(6); n > 0; n--) {
    const i = int(chars.length + 1);
    switch (int(5)) {
      case 0: chars.splice(i, 1); break;
      case 1: chars.splice(i, 0, pick(["{", "[", "]", "}", '"', ",", ":", "\\", "%", "&", "=", "?", "#", "\u0000", "é"])); break;
      case 2: chars.splice(i, 0, ...pick(WEIRD_STRINGS).slice(0, 50)); break;
      case 3: chars.length = i; break;
      default: chars.splice(i, 0, "[".repeat(pick([10, 129, 100_000])));
    }
  }
  return chars.join("");
}

function fixtures(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...fixtures(p));
    else if (name.endsWith(".json") && !name.endsWith(".expected.json")) out.push(p);
  }
  return out;
}

const PROVIDERS = ["revenue-monster", "maschain", "advance-ai", "argos", "widekyc"];
const bodies = Object.fromEntries(PROVIDERS.map((p) => [p, fixtures(join(root, "tests/fixtures", p)).flatMap((f) => {
  try { return [JSON.parse(readFileSync(f, "utf8"))]; } catch { return []; }
})]));
const ENDPOINTS = [undefined, "get-ekyc-result", "face-compare", "get-mykad-result", "passive-liveness", "id-recognize",
  "id-validation", "/api/id-validation", "bogus", ""];

const stats = { calls: 0, ok: 0, byCode: {} };

/** Runs one call; its result must be a value or an EkycError with a known code. */
async function check(label, input, fn) {
  stats.calls++;
  let result;
  try {
    result = fn();
    if (result && typeof result.then === "function") result = await result;
  } catch (e) {
    if (!(e instanceof sdk.EkycError) || !CODES.has(e.code)) {
      const shown = (() => { try { return JSON.stringify(input)?.slice(0, 300); } catch { return String(input).slice(0, 300); } })();
      assert.fail(`${label}: threw ${e?.constructor?.name}: ${e?.message} (code ${e?.code}); seed ${seed}, call ${stats.calls}; input ${shown}`);
    }
    assert.equal(typeof e.message, "string");
    assert.equal(typeof e.retryable, "boolean");
    stats.byCode[e.code] = (stats.byCode[e.code] ?? 0) + 1;
    return undefined;
  }
  stats.ok++;
  return result;
}

/** A normal call must still work: the module is not poisoned. */
function stillWorks() {
  const v = sdk.normalize("advance-ai", { code: "SUCCESS", message: "OK", data: { result: "PASS" } });
  assert.equal(typeof v.decision, "string");
  assert.equal(sdk.parseRedirect("https://m.test/r?is_success=1").claimed, "success");
}

test("normalize: mutated fixtures, deep nesting, huge numbers, odd options — only typed errors", async () => {
  const n = 12_000 * scale;
  for (let i = 0; i < n; i++) {
    const provider = rand() < 0.97 ? pick(PROVIDERS) : pick(["", "ADVANCE-AI", "foo", "__proto__"]);
    const base = pick(bodies[PROVIDERS.includes(provider) ? provider : "maschain"]);
    let response;
    switch (int(10)) {
      case 0: response = mutateText(JSON.stringify(base)); break; // a string, not an object
      case 1: response = randomValue(); break;
      case 2: { response = mutate(base); const cyc = {}; cyc.self = cyc; if (rand() < 0.3) response = { ...response, cyc }; break; }
      default: response = mutate(base);
    }
    const options = pick([undefined, null, { endpoint: pick(ENDPOINTS) }, { endpoint: pick(ENDPOINTS) }, { endpont: "x" },
      { endpoint: randomValue() }, randomValue()]);
    const v = await check("normalize", { provider, response, options }, () => sdk.normalize(provider, response, options));
    if (v) {
      assert.ok(["approved", "rejected", "review", "pending", "incomplete", "error"].includes(v.decision), v.decision);
      if (v.decision === "approved") assert.deepEqual(v.reasons, []);
    }
    if (i % 1000 === 0) stillWorks();
  }
  stillWorks();
});

test("parseRedirect and parseWebhook: mutated URLs, bodies, headers and options — only typed errors", async () => {
  const urls = [
    "https://m.test/kyc/return?is_success=1&token=T1&ekyc_state=abcdefghijklmnopqrstuv",
    "https://m.test/kyc/fail?errorCode=LIVENESS_FAIL&ekyc_return=fail&ekyc_state=abc",
    "https://m.test/kyc/done?signatureId=f302f5d2454a85c2",
    "http://127.0.0.1:8080/?ekyc_state=%E2%82%AC#x",
  ];
  const hookBodies = [
    '{"signatureId":"f302f5d2454a85c2","type":"COMPLETED"}',
    '{"webhook_trigger":"approved","submission_id":"s1","email":"a@b.c"}',
    '{"isEncrypted":true,"data":"oaKjpKWmp6ipqqusu1vgObBhHVSTxWZZASEUK5WY8agC4eAhg17Zu84lGppeoYYVpHl9"}',
    '{"item":{"id":"62201d48a694817dede84b35","status":"SUCCESS"}}',
  ];
  const n = 5_000 * scale;
  for (let i = 0; i < n; i++) {
    const url = rand() < 0.8 ? mutateText(pick(urls)) : randomValue();
    const expect = pick([undefined, null, {}, { state: "abcdefghijklmnopqrstuv", strict: true }, { provider: pick([...PROVIDERS, "x"]) },
      { strict: randomValue() }, { state: randomValue() }, randomValue(), { extra: 1 }]);
    await check("parseRedirect", { url, expect }, () => sdk.parseRedirect(url, expect));

    const provider = rand() < 0.95 ? pick(PROVIDERS) : randomValue();
    const text = mutateText(pick(hookBodies));
    const body = pick([text, new TextEncoder().encode(text), new TextEncoder().encode(text).buffer, randomValue(), mutateBytes(new TextEncoder().encode(text))]);
    const headers = pick([undefined, null, {}, { "X-Signature": "sha256 " + pick(WEIRD_STRINGS).slice(0, 40), "X-Nonce-Str": "n", "X-Timestamp": String(pick(WEIRD_NUMBERS)) },
      new Headers({ "x-timestamp": "1700000000" }), randomValue(), [["a", "b"]]]);
    const options = pick([undefined, {}, { url: mutateText(pick(urls)), secret: pick(WEIRD_STRINGS).slice(0, 50) },
      { secretKey: pick(WEIRD_STRINGS).slice(0, 64), encryption: pick(["gcm", "ecb", "xyz", randomValue()]) },
      { publicKeyPem: pick(["-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", ...WEIRD_STRINGS]).slice(0, 200), url: "https://w.test/h" },
      { maxAgeSeconds: pick(WEIRD_NUMBERS) }, randomValue()]);
    await check("parseWebhook", { provider, body: typeof body === "string" ? body.slice(0, 100) : typeof body, headers, options }, () => sdk.parseWebhook(provider, body, headers, options));
    await check("parseWebhookUnverified", { provider, body: typeof body === "string" ? body.slice(0, 100) : typeof body }, () => sdk.parseWebhookUnverified(provider, body));
    if (i % 500 === 0) stillWorks();
  }
  stillWorks();
});

test("client constructors, their methods' input checks, and the browser-only exports in Node — only typed errors", async () => {
  // A closed port: any request that passes the input checks fails fast with a network error.
  const base = "http://127.0.0.1:9";
  const transport = { timeoutMs: 300, retries: 0, totalTimeoutMs: 600 };
  const good = {
    MasChain: { baseUrl: base, clientId: "ci", clientSecret: "sk_x", transport },
    RevenueMonster: { baseUrl: base, oauthUrl: base, clientId: "c", clientSecret: "s", privateKeyPem: "x", transport },
    AdvanceAi: { baseUrl: base, accessKey: "a", secretKey: "s", transport },
    Argos: { baseUrl: base, apiKey: "k", transport },
    WideKyc: { baseUrl: base, token: "t", transport },
  };
  const methods = {
    MasChain: [["createVerification", () => mutate({ idCountry: "MYS", idType: "ID_CARD", redirectUrl: "https://m.test/r" })], ["getVerification", () => randomValue()]],
    AdvanceAi: [["generateUrl", () => mutate({ returnUrl: "https://m.test/r", failReturnUrl: "https://m.test/f" })], ["getResult", () => randomValue()]],
    Argos: [["getSubmission", () => randomValue()], ["listSubmissions", () => mutate({ count: 10 })]],
    WideKyc: [["passiveLiveness", () => mutate({ image: "AAAA" })], ["recognizeId", () => mutate({ idType: "MYKAD", frontImage: "AAAA" })]],
    RevenueMonster: [["faceCompare", () => mutate({ image1: "AAAA", image2: "AAAA" })]],
  };
  const n = 3_000 * scale;
  for (let i = 0; i < n; i++) {
    const name = pick(Object.keys(good));
    const options = rand() < 0.15 ? randomValue() : mutate(good[name], int(3));
    const client = await check(`new ${name}`, options, () => new sdk[name](options));
    if (client && methods[name] && rand() < 0.1) {
      const [m, input] = pick(methods[name]);
      const arg = input();
      if (typeof client[m] === "function") await check(`${name}.${m}`, arg, () => client[m](arg));
    }
    if (i % 10 === 0) {
      const junk = rand() < 0.5 ? randomValue() : { facing: randomValue(), provider: pick(PROVIDERS), backendUrl: "/x", mode: randomValue() };
      await check("Camera.open", junk, () => sdk.Camera.open(junk));
      await check("startHostedFlow", junk, () => sdk.startHostedFlow(junk));
      await check("resumeHostedFlow", junk, () => sdk.resumeHostedFlow(junk));
      await check("chooseImageFile", junk, () => sdk.chooseImageFile(junk));
    }
  }
  stillWorks();
});

test("prepareImage: mutated JPEG / PNG / WebP bytes and options — only typed errors, module still works", async () => {
  const sources = [png(96, 72, (x, y) => [x * 2, y * 3, (x ^ y) & 255]), photo(120, 90)];
  // A real JPEG and WebP from the package itself (prepareImage's output), plus the hand-made PNGs.
  const jpeg = (await sdk.prepareImage(photo(160, 120), { checks: false })).base64;
  sources.push(Uint8Array.from(Buffer.from(jpeg, "base64")));
  // The fuzz seeds (fuzz/make-seeds.py): JPEGs with EXIF orientations, progressive, grey, CMYK; PNGs in every
  // colour type; lossy and lossless WebP; and two lying headers. Each starts with 4 option bytes.
  const seeds = join(root, "fuzz/corpus/prepare_image");
  for (const f of readdirSync(seeds)) sources.push(new Uint8Array(readFileSync(join(seeds, f)).subarray(4)));
  const n = 1_500 * scale;
  const started = Date.now();
  for (let i = 0; i < n; i++) {
    const bytes = mutateBytes(pick(sources));
    const options = pick([undefined, {}, { preset: pick(["id-card", "selfie", "document", "passport", randomValue()]) },
      { maxSide: pick(WEIRD_NUMBERS), maxBytes: pick(WEIRD_NUMBERS) }, { minSide: pick(WEIRD_NUMBERS) }, { engine: pick(["wasm", "auto", "browser", "gpu"]) },
      { dataUrl: randomValue(), checks: randomValue() }, { onProgress: pick([() => {}, 5, () => { throw new Error("progress callback threw"); }]) },
      randomValue()]);
    const input = pick([bytes, bytes.buffer, new Blob([bytes]), randomValue()]);
    await check("prepareImage", { bytes: bytes.length, options }, () => sdk.prepareImage(input, options));
    if (i % 200 === 0) stillWorks();
  }
  console.log(`# prepareImage: ${n} calls in ${Date.now() - started} ms`);
  const ok = await sdk.prepareImage(photo(160, 120));
  assert.equal(ok.mime, "image/jpeg");
});

test("summary: enough calls, every error typed", () => {
  console.log(`# ${stats.calls} calls: ${stats.ok} returned, errors by code ${JSON.stringify(stats.byCode)}`);
  assert.ok(stats.calls >= 20_000 * Math.min(scale, 1), `only ${stats.calls} calls`);
});
