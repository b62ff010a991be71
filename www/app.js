// The demo journey: pick a provider → two photos (camera or file, prepared in the browser) → the provider
// (hosted page by redirect / popup / iframe, ARGOS's liveform, or the photos sent by the worker) → back here →
// the worker's browser view (decision and reasons), and beside it the merchant panel: what the merchant's server
// (the demo's, scripts/demo-merchant.mjs) reads server-side, ID numbers masked.
//
// The page holds no secret: every provider call goes through the worker (`workerUrl` from /config.json), with
// the worker's session cookie (credentials: "include"); results are bound to it and to the flow's state. What
// the return URL says is only a claim (`trusted: false`); the decision shown is always the worker's answer.
// The journey lives in sessionStorage so that it survives the redirect to the provider and back.
import { version, startHostedFlow, resumeHostedFlow, EkycError } from "ekyc-bridge/browser";
import { Shot } from "./shots.js";
import { renderMerchant, renderView } from "./render.js";

const $ = (id) => document.getElementById(id);
const KEY = "ekyc-demo:journey";
const HOSTED = new Set(["maschain", "advance-ai"]);
const BY_IMAGES = new Set(["revenue-monster", "widekyc"]);
const POLL = { attempts: 8, everyMs: 1000 };

/**
 * What the sandbox can be armed to answer for the providers checked by API (`POST /_sandbox/scenario`):
 * `scenario` or `scenario@endpoint` (only that endpoint's next call). The hosted pages offer their own choices.
 */
const SANDBOX_OUTCOMES = {
  "revenue-monster": [
    ["pass", "pass: MyKad read, same person"],
    ["fail", "fail: no MyKad in the photo (MYKAD_NOT_FOUND)"],
    ["MYKAD_FACE_NOT_FOUND", "no face on the MyKad (MYKAD_FACE_NOT_FOUND)"],
    ["OCR_ENGINE_ERROR", "provider OCR error (OCR_ENGINE_ERROR)"],
    ["slow", "slow: the provider answers after 3 s"],
    ["http-503", "HTTP 503 once (the SDK retries)"],
  ],
  widekyc: [
    ["pass", "pass: eKTP read, selfie live, data valid"],
    ["fail@passive-liveness", "fail: the selfie is not live"],
    ["fail@id-recognize", "fail: the eKTP cannot be read"],
    ["quota-exceeded", "quota exceeded (statusCode ERROR)"],
    ["not-activated", "product not activated"],
    ["slow", "slow: the provider answers after 3 s"],
  ],
};

/** A failure of the worker, sandbox or configuration, shown like an EkycError: a stable code and a message. */
class DemoError extends Error {
  constructor(code, message, httpStatus) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Journey state (sessionStorage)

const fresh = () => ({ provider: "maschain", mode: "redirect", outcome: "pass", images: {}, pending: null });
function load() {
  try {
    return { ...fresh(), ...JSON.parse(sessionStorage.getItem(KEY) ?? "null") };
  } catch {
    return fresh();
  }
}
let journey = load();
function save() {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(journey));
  } catch {
    // Over the storage quota: keep the choices, drop the photos (they are only needed before leaving).
    sessionStorage.setItem(KEY, JSON.stringify({ ...journey, images: {} }));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Progress and errors

let busyCount = 0;
const page = {
  status(text) {
    $("status").textContent = text;
  },
  busy(on) {
    busyCount = Math.max(0, busyCount + (on ? 1 : -1));
    $("main").setAttribute("aria-busy", String(busyCount > 0));
    updateStart();
  },
  /** Shows `e` by its code and message (EkycError, DemoError, or anything else as `unexpected`). */
  fail(e, hint = "") {
    const code = e instanceof EkycError || e instanceof DemoError ? e.code : (e?.code ?? "unexpected");
    $("error-code").textContent = code;
    $("error-message").textContent = `${e?.message ?? String(e)}${hint ? ` ${hint}` : ""}`;
    $("error").hidden = false;
    $("error").dataset.code = code;
    page.status(`Failed: ${code}.`);
  },
  clearError() {
    $("error").hidden = true;
    delete $("error").dataset.code;
  },
  onChange(kind, summary) {
    journey.images[kind] = summary;
    save();
    updateStart();
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Worker and sandbox calls

let config = { workerUrl: null, sandboxUrl: null, merchantUrl: null };

/** fetch → parsed JSON; network failures and non-2xx answers become DemoError with the worker's own code. */
async function callJson(url, init = {}) {
  url = new URL(url, location.href).href;
  let res;
  try {
    res = await fetch(url, {
      ...init,
      headers: init.body ? { "content-type": "application/json", ...init.headers } : init.headers,
    });
  } catch (e) {
    throw new DemoError("network", `could not reach ${new URL(url).origin}: ${e.message}`);
  }
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    if (res.ok) throw new DemoError("malformed_response", `${url} did not answer JSON`);
  }
  if (!res.ok) {
    const err = body?.error && typeof body.error === "object" ? body.error : body ?? {};
    throw new DemoError(
      typeof err.code === "string" ? err.code : `http_${res.status}`,
      typeof err.message === "string"
        ? err.message
        : typeof body?.sandboxError === "string"
          ? `sandbox: ${body.sandboxError}`
          : `${res.status} ${res.statusText} from ${new URL(url).pathname}`,
      res.status,
    );
  }
  return body;
}

function workerUrl(path) {
  if (!config.workerUrl) throw new DemoError("config_unavailable", "no edge worker configured (/config.json): run `make demo`");
  return `${config.workerUrl.replace(/\/$/, "")}${path}`;
}

/** A call to the worker: with its session cookie, the only thing that ties a result to this browser. */
const callWorker = (path, init = {}) => callJson(workerUrl(path), { ...init, credentials: "include" });

/** The worker's browser view for `reference` (with the flow's `state`), polled while the provider has not decided. */
async function fetchResult(provider, reference, state = null) {
  const path = `/results/${encodeURIComponent(provider)}/${encodeURIComponent(reference)}`;
  page.busy(true);
  try {
    for (let attempt = 1; ; attempt++) {
      page.status(attempt === 1 ? "Asking the worker for the result…" : `The provider has not decided yet: asking again (attempt ${attempt} of ${POLL.attempts})…`);
      const v = await callWorker(path, state ? { headers: { "Ekyc-State": state } } : {});
      if (v?.decision !== "pending" || attempt >= POLL.attempts) return v;
      await new Promise((r) => setTimeout(r, POLL.everyMs));
    }
  } finally {
    page.busy(false);
  }
}

function showResult(v, state = null) {
  renderView($("result"), v);
  document.body.dataset.decision = v?.decision ?? "";
  showMerchant(v?.reference);
  // Still pending after the brief polling: the provider decides later (a webhook tells the worker); offer to ask again.
  const recheck = $("recheck");
  recheck.hidden = v?.decision !== "pending" || !v?.reference;
  recheck.onclick = async () => {
    page.clearError();
    try {
      showResult(await fetchResult(v.provider, v.reference, state), state);
    } catch (e) {
      page.fail(e);
    }
  };
  page.status(v?.decision === "pending" ? `Result: pending — the provider has not decided yet.` : `Result: ${v?.decision}.`);
  $("step4-title").focus();
}

// ---------------------------------------------------------------------------------------------------------------
// Steps

const shots = [...document.querySelectorAll(".shot")].map((a) => new Shot(a, page));
Shot.closeAll = () => shots.forEach((s) => s.closeCamera());

const returnBase = () => `${location.origin}${location.pathname}`;
const hasBothPhotos = () => Boolean(journey.images.selfie && journey.images.idCard);

const HINTS = {
  "revenue-monster": "The worker sends both photos to Revenue Monster (MyKad recognition, face compare) and returns the normalized result.",
  widekyc: "The worker sends the selfie to WideKYC's passive liveness and the ID photo to its eKTP recognition.",
  maschain: "MasChain's hosted page takes its own photos (the ones above show what prepareImage does). You come back here, and the worker fetches the result: the return URL is only a claim.",
  "advance-ai": "ADVANCE.AI's hosted page takes its own photos (the ones above show what prepareImage does). You come back here, and the worker fetches the result: the return URL is only a claim.",
  argos: "ARGOS's liveform page takes the photos; you come back here and the worker fetches the submission.",
};

function updateStart() {
  const needsPhotos = BY_IMAGES.has(journey.provider) && !hasBothPhotos();
  $("start").disabled = busyCount > 0 || needsPhotos;
  $("verify-hint").textContent = needsPhotos ? "Take or choose both photos first." : "";
}

function selectProvider(provider) {
  journey.provider = provider;
  save();
  $("mode-field").hidden = !HOSTED.has(provider);
  $("outcome-field").hidden = !(BY_IMAGES.has(provider) && config.sandboxUrl);
  if (BY_IMAGES.has(provider)) {
    const choices = SANDBOX_OUTCOMES[provider];
    $("outcome").replaceChildren(...choices.map(([value, text]) => new Option(text, value)));
    if (!choices.some(([value]) => value === journey.outcome)) journey.outcome = "pass";
    $("outcome").value = journey.outcome;
    save();
  }
  $("provider-hint").textContent = HINTS[provider];
  updateStart();
}

async function start() {
  page.clearError();
  $("result").hidden = true;
  $("claim").hidden = true;
  const provider = journey.provider;
  try {
    if (HOSTED.has(provider)) await startHosted(provider);
    else if (provider === "argos") await startArgos();
    else await sendImages(provider);
  } catch (e) {
    page.fail(e);
  }
}

/** MasChain / ADVANCE.AI: startHostedFlow is called at once, inside the click, so a popup is not blocked. */
async function startHosted(provider) {
  const mode = journey.mode;
  const backendUrl = workerUrl("/sessions");
  if (mode === "redirect") {
    journey.pending = { provider, kind: "hosted", reference: null };
    save();
  }
  page.busy(true);
  page.status(`Creating a ${provider} session…`);
  let handle;
  try {
    handle = await startHostedFlow({
      provider,
      backendUrl,
      mode,
      returnUrl: returnBase(),
      container: mode === "iframe" ? $("iframe-host") : undefined,
      onEvent: (e) => {
        const text = { started: "Session created: opening the provider's page…", redirecting: "Leaving for the provider's page…",
          returned: "Back from the provider.", cancelled: "The provider's page was closed.", error: "The flow failed." }[e.type];
        if (text) page.status(text);
      },
    });
  } catch (e) {
    journey.pending = null;
    save();
    throw e;
  } finally {
    page.busy(false);
  }
  if (mode === "redirect") {
    journey.pending = { provider, kind: "hosted", reference: handle.reference ?? null, state: handle.state };
    save();
    return; // the page leaves; resumeHostedFlow() picks the journey up on the way back
  }
  $("close-flow").hidden = false;
  $("close-flow").onclick = () => handle.close();
  page.busy(true);
  let outcome;
  try {
    page.status("Waiting for you to finish on the provider's page…");
    outcome = await handle.result;
  } finally {
    // The return page is this page again, inside the popup or iframe: remove it once the claim is read.
    handle.close();
    $("close-flow").hidden = true;
    page.busy(false);
  }
  await finishHosted(provider, outcome, outcome.reference ?? handle.reference, handle.state);
}

/**
 * The merchant panel: what the demo's merchant server read for `reference` with its API key (server-side), and
 * whether the worker's signed push reached it. A settled result's push may come a moment later: asked again once.
 */
async function showMerchant(reference) {
  const root = $("result");
  if (!reference || !config.merchantUrl) return renderMerchant(root, null, "No merchant server in this setup (make demo runs one).");
  const url = `${config.merchantUrl.replace(/\/$/, "")}/panel/${encodeURIComponent(reference)}`;
  try {
    let panel = await callJson(url);
    renderMerchant(root, panel);
    if (panel.settled && !panel.push && panel.returned !== "elsewhere") {
      await new Promise((r) => setTimeout(r, 1500));
      panel = await callJson(url);
      renderMerchant(root, panel);
    }
  } catch (e) {
    renderMerchant(root, null, `The merchant server could not read it: ${e.code ?? "error"}.`);
  }
}

/** After a hosted flow: the claim is shown as a claim; the decision comes from the worker. */
async function finishHosted(provider, outcome, reference, state) {
  if (outcome.stateValid === false) {
    throw new DemoError("state_mismatch", "this return does not belong to the flow started here (forged, or another tab): nothing is fetched");
  }
  const claim = $("claim");
  claim.hidden = false;
  claim.textContent = `The return URL claims “${outcome.claimed}”${outcome.errorCode ? ` (errorCode ${outcome.errorCode})` : ""} — a claim anyone could type; the worker's answer below is the result.`;
  // The backend's reference (outcome.reference), never the URL's claimedReference.
  if (!reference) throw new DemoError("missing_reference", "the flow came back without a reference to look up");
  showResult(await fetchResult(provider, reference, state), state);
}

/** ARGOS: the worker names the liveform page; a plain navigation there, and back here with `ekyc_return=argos`. */
async function startArgos() {
  page.busy(true);
  let session;
  // The flow's state, as startHostedFlow makes one: the worker stores it and asks for it back with the result.
  const state = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16)))).replace(/[+/=]/g, (c) => ({ "+": "-", "/": "_", "=": "" })[c]);
  try {
    page.status("Creating an ARGOS liveform session…");
    session = await callWorker("/sessions", {
      method: "POST",
      headers: { "Idempotency-Key": state },
      body: JSON.stringify({ provider: "argos", state, returnUrl: `${returnBase()}?ekyc_return=argos` }),
    });
  } finally {
    page.busy(false);
  }
  if (typeof session?.url !== "string" || !/^https?:/.test(session.url)) {
    throw new DemoError("malformed_response", "the worker's session has no http(s) url");
  }
  journey.pending = { provider: "argos", kind: "argos", reference: session.reference ?? null, state };
  save();
  page.status("Leaving for the ARGOS liveform page…");
  location.assign(session.url);
}

/** Revenue Monster / WideKYC: the worker forwards the prepared photos; the sandbox outcome is armed first. */
async function sendImages(provider) {
  if (!hasBothPhotos()) throw new DemoError("invalid_input", "take or choose both photos first");
  page.busy(true);
  let answer;
  try {
    if (config.sandboxUrl) {
      const [scenario, endpoint] = journey.outcome.split("@");
      page.status(`Arming the sandbox: ${provider} will answer “${journey.outcome}”…`);
      // Whatever an earlier journey armed and did not use is forgotten first.
      await callJson(`${config.sandboxUrl.replace(/\/$/, "")}/_sandbox/scenario`, { method: "DELETE" });
      if (scenario !== "pass") {
        await callJson(`${config.sandboxUrl.replace(/\/$/, "")}/_sandbox/scenario`, {
          method: "POST",
          body: JSON.stringify({ provider, scenario, ...(endpoint ? { endpoint } : {}) }),
        });
      }
    }
    page.status(`Sending both photos to ${provider} through the worker…`);
    answer = await callWorker(`/images/${provider}`, {
      method: "POST",
      body: JSON.stringify({ selfie: journey.images.selfie.base64, idCard: journey.images.idCard.base64 }),
    });
  } finally {
    page.busy(false);
  }
  // The worker answers its browser view: the decision and reasons, never the person.
  let v = answer;
  if (typeof v?.decision !== "string") throw new DemoError("malformed_response", "the worker's answer has no decision");
  if (v.decision === "pending" && v.reference) v = await fetchResult(provider, v.reference);
  showResult(v);
}

/** On load: a journey that comes back from a hosted page or the ARGOS liveform is finished here. */
async function resume() {
  const pending = journey.pending;
  const params = new URLSearchParams(location.search);
  let outcome = null;
  try {
    outcome = resumeHostedFlow();
  } catch (e) {
    page.fail(e);
  }
  const argosReturn = params.get("ekyc_return") === "argos";
  if (!outcome && !argosReturn) {
    if (pending && (params.has("ekyc_state") || params.has("is_success"))) {
      page.fail(new DemoError("state_mismatch", "this return does not belong to a flow started here"));
    }
    return;
  }
  journey.pending = null;
  save();
  // The return's parameters are read once; a reload must not replay them.
  history.replaceState(null, "", returnBase());
  try {
    if (outcome) {
      const provider = outcome.provider ?? pending?.provider;
      // resumeHostedFlow reports the backend's reference; a token on the URL is only outcome.claimedReference.
      await finishHosted(provider, outcome, outcome.reference ?? pending?.reference, pending?.state ?? outcome.state);
    } else {
      if (pending?.kind !== "argos") throw new DemoError("state_mismatch", "an ARGOS return without an ARGOS journey started here");
      // Only the reference the worker gave: an id on the return URL is anyone's to type.
      if (!pending.reference) throw new DemoError("missing_reference", "the ARGOS journey has no reference to look up");
      page.status("Back from ARGOS.");
      showResult(await fetchResult("argos", pending.reference, pending.state), pending.state);
    }
  } catch (e) {
    page.fail(e);
  }
}

function reset() {
  Shot.closeAll();
  // A new person, a new browser session at the worker (its paid-call limit is per session).
  if (config.workerUrl) callWorker("/sessions/end", { method: "POST" }).catch(() => {});
  journey = { ...fresh(), provider: journey.provider, mode: journey.mode, outcome: journey.outcome };
  save();
  shots.forEach((s) => s.show(null));
  $("result").hidden = true;
  $("claim").hidden = true;
  $("iframe-host").replaceChildren();
  delete document.body.dataset.decision;
  page.clearError();
  page.status("Started over.");
  history.replaceState(null, "", returnBase());
  updateStart();
}

// ---------------------------------------------------------------------------------------------------------------
// Wiring

async function loadConfig() {
  try {
    const c = await callJson("config.json");
    config = { workerUrl: c?.workerUrl ?? null, sandboxUrl: c?.sandboxUrl ?? null, merchantUrl: c?.merchantUrl ?? null };
  } catch (e) {
    page.fail(new DemoError("config_unavailable", `no /config.json (${e.code}): start the page with \`make demo\`, which runs the worker and the sandbox`));
  }
  $("sandbox-note").hidden = !config.sandboxUrl;
}

$("version").textContent = version();
for (const input of document.querySelectorAll("input[name=provider]")) {
  input.checked = input.value === journey.provider;
  input.addEventListener("change", () => input.checked && selectProvider(input.value));
}
$("mode").value = journey.mode;
$("mode").addEventListener("change", () => ((journey.mode = $("mode").value), save()));
$("outcome").addEventListener("change", () => ((journey.outcome = $("outcome").value), save()));
$("start").addEventListener("click", start);
$("reset").addEventListener("click", reset);
for (const s of shots) s.show(journey.images[s.kind] ?? null);

await loadConfig();
selectProvider(journey.provider);
document.body.dataset.ready = "true";
await resume();
