// POST /webhooks/:provider — a provider says something changed. The body is parsed and authenticated by
// `parseWebhook`, answered 200 at once, and the result it names is then fetched from the provider (never taken
// from the webhook) and kept in memory for `GET /results`.
//   advance-ai       callbackUrl carries `?secret=WEBHOOK_SECRET` (ADVANCE.AI signs nothing): wrong or missing → 401
//   argos            with ARGOS_SECRET_KEY the body must decrypt (AES-GCM proves the sender): plaintext → 401
//   revenue-monster  X-Signature checked with Revenue Monster's public key (RM_PUBLIC_KEY), 5 min replay window
import { parseWebhook } from "ekyc-bridge";
import { client, publicUrl } from "../config.mjs";
import { HttpError, json, readText } from "../http.mjs";
import { recall, remember } from "../store.mjs";
import { FETCHED_STEP, fetchVerification } from "./results.mjs";

const LIMIT = 256 * 1024;

/** ARGOS triggers after which there is nothing new to fetch. */
const ARGOS_SKIP = new Set(["delete"]);

export async function receiveWebhook(provider, request, env, ctx, log) {
  const body = await readText(request, LIMIT);
  const incoming = new URL(request.url);
  // The URL the provider posted to, as it knows it (behind a proxy the Host differs): signatures and the
  // URL secret are about this one.
  const url = `${publicUrl(env, request)}${incoming.pathname}${incoming.search}`;
  const { mustAuthenticate, ...options } = authOptions(provider, env, url);
  let event;
  try {
    event = parseWebhook(provider, body, request.headers, options);
  } catch (e) {
    // A body that is not the provider's shape is the sender's fault, not a provider outage.
    if (e?.code === "malformed_response") throw new HttpError(400, "malformed_response", e.message);
    throw e;
  }
  if (mustAuthenticate && !event.authenticated) {
    throw new HttpError(401, "webhook_unauthenticated", `this ${provider} webhook is not authenticated`);
  }
  const reference = event.reference;
  if (reference && !(provider === "argos" && ARGOS_SKIP.has(event.type))) {
    ctx.waitUntil(refresh(provider, reference, env, log));
  }
  return json({ received: true, provider, type: event.type, reference: reference ?? null });
}

/** parseWebhook's options from env; `mustAuthenticate` when a check is configured at all. */
function authOptions(provider, env, url) {
  switch (provider) {
    case "advance-ai":
      if (!env.WEBHOOK_SECRET) throw new HttpError(501, "not_configured", "advance-ai webhooks need WEBHOOK_SECRET");
      return { url, secret: env.WEBHOOK_SECRET, mustAuthenticate: true };
    case "argos":
      return env.ARGOS_SECRET_KEY
        ? { secretKey: env.ARGOS_SECRET_KEY, encryption: env.ARGOS_ENCRYPTION || "gcm", mustAuthenticate: env.ARGOS_ENCRYPTION !== "ecb" }
        : { mustAuthenticate: false };
    case "revenue-monster":
      if (!env.RM_PUBLIC_KEY) throw new HttpError(501, "not_configured", "revenue-monster webhooks need RM_PUBLIC_KEY");
      return { url, publicKeyPem: env.RM_PUBLIC_KEY, mustAuthenticate: true };
    default:
      return { mustAuthenticate: false }; // parseWebhook refuses providers without webhooks
  }
}

/**
 * Fetches what the webhook named and remembers it: for Revenue Monster as the eKYC-verdict step of what
 * `POST /images` stored (the MyKad + face steps stay), for ARGOS also under its userid (the reference browsers
 * hold) unless that already holds a later submission.
 */
async function refresh(provider, reference, env, log) {
  const asOf = Date.now();
  try {
    // ARGOS names a submission_id here, not the userid GET /results takes.
    const v =
      provider === "argos" ? await client(env, provider).getSubmission(reference) : await fetchVerification(provider, reference, env);
    if (!v) return log(`webhook ${provider}: the provider does not know the reference`);
    remember(provider, reference, v, asOf, FETCHED_STEP[provider]);
    const userid = provider === "argos" ? argosUserid(v.raw) : null;
    // A userid's result is its latest submission (as GET /results reads it): a late webhook about an earlier
    // submission must not replace it.
    if (userid && !laterThan(recall(provider, userid), v)) remember(provider, userid, v, asOf);
    log(`webhook ${provider}: fetched, decision ${v.decision}`);
  } catch (e) {
    log(`webhook ${provider}: fetching the result failed: ${e?.code ?? "error"}`);
  }
}

/** Whether `known` is a submission created after `v` (ISO times compare as strings, as in latestArgos). */
function laterThan(known, v) {
  return known != null && String(known.createdAt ?? "") > String(v.createdAt ?? "");
}

function argosUserid(raw) {
  const item = Array.isArray(raw?.Items) ? raw.Items[0] : raw;
  const id = item?.userid ?? item?.user_id;
  return typeof id === "string" && id.length <= 128 ? id : null;
}
