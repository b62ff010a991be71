// The merchant's server sees the person; the browser does not (API.md §9).
//   GET /verifications/:reference  Authorization: Bearer MERCHANT_API_KEY (constant-time) → the full Verification,
//                                  with `Ekyc-Subject`, `Ekyc-Settled` and `Ekyc-Returned` headers
//   push                           when a result settles, POST MERCHANT_WEBHOOK_URL, signed as Stripe signs:
//                                  `Ekyc-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`
//                                  (the package's `verifyMerchantWebhook` checks it)
import { HttpError, json } from "./http.mjs";
import { base64url, safeEqual } from "./identity.mjs";
import { isOwnReference } from "./ids.mjs";
import { SETTLED } from "./steps.mjs";
import { sessionOf } from "./state.mjs";

/** The header the push's signature rides in. */
export const SIGNATURE_HEADER = "Ekyc-Signature";

/** Throws 401 unless the request carries `Authorization: Bearer <MERCHANT_API_KEY>`. */
export async function requireMerchant(request, env) {
  if (!env.MERCHANT_API_KEY) throw new HttpError(501, "not_configured", "MERCHANT_API_KEY is not set on this worker");
  const m = /^Bearer ([\x21-\x7e]{1,512})$/.exec(request.headers.get("Authorization") ?? "");
  // Compared even when absent, so a missing header takes the same time as a wrong one.
  const ok = await safeEqual(m?.[1] ?? "", env.MERCHANT_API_KEY);
  if (!m || !ok) throw new HttpError(401, "unauthorized", "a merchant API key is needed", { "WWW-Authenticate": 'Bearer realm="ekyc-bridge"' });
}

/** A Verification with nothing known yet (a session whose provider has not answered). */
export function pendingVerification(record) {
  return {
    provider: record.provider, reference: record.reference, decision: "pending", reasons: [], person: null, document: null,
    face: null, aml: null, createdAt: new Date(record.createdAt).toISOString(), updatedAt: null, raw: null,
  };
}

/** GET /verifications/:reference for the merchant's server; `refresh` re-reads an unsettled result. */
export async function getVerification(request, env, rawReference, refresh) {
  await requireMerchant(request, env);
  const record = isOwnReference(rawReference) ? await sessionOf(env, rawReference).read() : null;
  if (!record) throw new HttpError(404, "not_found", "no verification with this reference");
  const current = SETTLED.has(record.verification?.decision) ? record : ((await refresh(record)) ?? record);
  return json(current.verification ?? pendingVerification(current), 200, {
    "Ekyc-Subject": current.subject ?? "",
    "Ekyc-Settled": String(SETTLED.has(current.verification?.decision)),
    // Hosted flows: "owner" once the creator's browser came back, "elsewhere" when another browser finished it
    // (then do not credit it to the creator), "none" before any return. Image checks: "owner".
    "Ekyc-Returned": current.kind === "images" ? "owner" : (current.returned ?? "none"),
  });
}

/** Whether a session's result may be credited to its creator (and so be pushed). */
export const creditable = (record) => record.kind === "images" || record.returned === "owner";

/**
 * Pushes a settled, creditable result to MERCHANT_WEBHOOK_URL once per decision (three tries, the last after
 * ~2 s). Call inside `ctx.waitUntil`; never throws.
 */
export async function pushSettled(env, record, log) {
  try {
    if (!env.MERCHANT_WEBHOOK_URL || !env.MERCHANT_WEBHOOK_SECRET) return;
    const decision = record?.verification?.decision;
    if (!SETTLED.has(decision) || !creditable(record)) return;
    if (!(await sessionOf(env, record.reference).notify(decision))) return;
    const created = Math.floor(Date.now() / 1000);
    const event = {
      id: `evt_${base64url(crypto.getRandomValues(new Uint8Array(16)))}`,
      type: "verification.settled",
      created,
      data: { reference: record.reference, provider: record.provider, subject: record.subject ?? null, verification: record.verification },
    };
    const body = JSON.stringify(event);
    const headers = { "Content-Type": "application/json", [SIGNATURE_HEADER]: await signature(env.MERCHANT_WEBHOOK_SECRET, created, body) };
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        const res = await fetch(env.MERCHANT_WEBHOOK_URL, { method: "POST", headers, body, redirect: "manual" });
        await res.body?.cancel();
        if (res.ok) return log(`merchant push: delivered (${decision})`);
        log(`merchant push: HTTP ${res.status} (attempt ${attempt})`);
      } catch {
        log(`merchant push: failed to connect (attempt ${attempt})`);
      }
      await new Promise((r) => setTimeout(r, 500 * attempt * attempt));
    }
  } catch (e) {
    log(`merchant push: ${e?.name ?? "error"}`);
  }
}

/** `t=<t>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (Stripe's scheme). */
export async function signature(secret, t, body) {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${t}.${body}`)));
  return `t=${t},v1=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
