// POST /webhooks/:provider — a provider says something changed. Authenticated by `parseWebhook` (every check is
// required: a webhook this worker cannot authenticate is refused), accepted only for a provider id this worker
// minted a session for, processed once (a replay of an event already seen changes nothing), answered at once;
// the result it names is then fetched from the provider (never taken from the webhook) in `ctx.waitUntil`.
//   advance-ai       the callback URL names the session and carries that session's own secret (ADVANCE.AI
//                    signs nothing): wrong or missing → 401; the signatureId must be that session's
//   argos            AES-GCM with ARGOS_SECRET_KEY proves the sender: no key, `ecb` or a plaintext body → 401
//   revenue-monster  X-Signature checked with Revenue Monster's public key (RM_PUBLIC_KEY), 5 min replay window
import { parseWebhook } from "ekyc-bridge";
import { client, publicUrl } from "../config.mjs";
import { HttpError, json, readText } from "../http.mjs";
import { isOwnReference } from "../ids.mjs";
import { sha256 } from "../identity.mjs";
import { pushSettled } from "../merchant.mjs";
import { sessionOf, sessionByProviderId } from "../state.mjs";
import { refresh } from "./results.mjs";

const LIMIT = 256 * 1024;

/** ARGOS triggers after which there is nothing new to fetch. */
const ARGOS_SKIP = new Set(["delete"]);

const unauthenticated = (provider, why) => new HttpError(401, "webhook_unauthenticated", `this ${provider} webhook is not authenticated: ${why}`);

export async function receiveWebhook(provider, request, env, ctx, log) {
  const body = await readText(request, LIMIT);
  const incoming = new URL(request.url);
  // The URL the provider posted to, as it knows it (behind a proxy the Host differs): signatures and the
  // URL secret are about this one.
  const url = `${publicUrl(env)}${incoming.pathname}${incoming.search}`;
  let known = null;
  let options;
  switch (provider) {
    case "advance-ai": {
      const reference = incoming.searchParams.get("session");
      known = isOwnReference(reference) ? await sessionOf(env, reference).read() : null;
      if (!known || known.provider !== "advance-ai" || !known.callbackSecret) throw unauthenticated(provider, "no session of this worker");
      options = { url, secret: known.callbackSecret };
      break;
    }
    case "argos":
      if (!env.ARGOS_SECRET_KEY || (env.ARGOS_ENCRYPTION && env.ARGOS_ENCRYPTION !== "gcm")) {
        // Without AES-GCM nothing proves ARGOS sent it (ECB authenticates nothing): refused, never a hint.
        throw unauthenticated(provider, "this worker has no ARGOS GCM key (ARGOS_SECRET_KEY, ARGOS_ENCRYPTION=gcm)");
      }
      options = { secretKey: env.ARGOS_SECRET_KEY, encryption: "gcm" };
      break;
    case "revenue-monster":
      if (!env.RM_PUBLIC_KEY) throw new HttpError(501, "not_configured", "revenue-monster webhooks need RM_PUBLIC_KEY");
      options = { url, publicKeyPem: env.RM_PUBLIC_KEY };
      break;
  }
  let event;
  try {
    event = parseWebhook(provider, body, request.headers, options);
  } catch (e) {
    // A body that is not the provider's shape is the sender's fault, not a provider outage.
    if (e?.code === "malformed_response") throw new HttpError(400, "malformed_response", e.message);
    throw e;
  }
  if (!event.authenticated) throw unauthenticated(provider, "the check failed");

  // Only sessions this worker minted: ADVANCE.AI's by its URL, the others by the provider id they name.
  if (provider === "advance-ai") {
    if (event.reference !== known.providerRef) throw unauthenticated(provider, "the signatureId is not this session's");
  } else {
    const providerId = provider === "argos" ? argosUserid(event.raw) : event.reference;
    known = await sessionByProviderId(env, provider, providerId);
  }
  const answer = { received: true, provider, type: event.type ?? null };
  if (!known) {
    log(`webhook ${provider}: ignored (not a session of this worker)`);
    return json({ ...answer, ignored: "unknown_reference" });
  }
  // The same delivery again (a replay, or a provider retry of one already processed) changes nothing.
  const eventId = await sha256([provider, url, ...["x-signature", "x-nonce-str", "x-timestamp"].map((h) => request.headers.get(h) ?? ""), body].join("\n"));
  if (await sessionOf(env, known.reference).seen(eventId)) {
    log(`webhook ${provider}: ignored (already processed)`);
    return json({ ...answer, ignored: "duplicate" });
  }
  if (!(provider === "argos" && ARGOS_SKIP.has(event.type))) {
    ctx.waitUntil(update(provider, known, event, env, log));
  }
  return json(answer);
}

/** Fetches what the webhook named and stores it in its session, then tells the merchant if it settled. */
async function update(provider, record, event, env, log) {
  try {
    let done;
    if (provider === "argos") done = await updateArgos(record, event.reference, env);
    else done = await refresh(env, record, null);
    if (!done) return log(`webhook ${provider}: the provider has nothing for this session`);
    log(`webhook ${provider}: fetched, decision ${done.record.verification?.decision}`);
    if (done.changed) await pushSettled(env, done.record, log);
  } catch (e) {
    log(`webhook ${provider}: fetching the result failed: ${e?.code ?? "error"}`);
  }
}

/**
 * ARGOS names a submission: fetched by its id, kept if it is the session user's (its `userid`) and not older
 * than the submission already kept (a late webhook about an earlier try must not replace the latest one).
 */
async function updateArgos(record, submissionId, env) {
  if (typeof submissionId !== "string" || !submissionId) return null;
  const asOf = Date.now();
  const v = await client(env, "argos").getSubmission(submissionId);
  if (argosUserid(v.raw) !== record.providerRef) return null;
  const current = await sessionOf(env, record.reference).read();
  if (String(current?.verification?.createdAt ?? "") > String(v.createdAt ?? "")) return { record: current, changed: false };
  return sessionOf(env, record.reference).record({ result: v }, asOf);
}

function argosUserid(raw) {
  const item = Array.isArray(raw?.Items) ? raw.Items[0] : raw;
  const id = item?.userid ?? item?.user_id;
  return typeof id === "string" && id.length <= 128 ? id : null;
}
