// GET /results/:provider/:reference — the normalized Verification, always from the provider's own API (never
// from what the browser claims). An approved or rejected answer already fetched (after a webhook, or by
// POST /images) is served from memory.
//   maschain         getVerification(token)
//   advance-ai       getResult(signatureId)
//   revenue-monster  getEkycResult(requestId of the MyKad recognition)
//   argos            the latest submission of `userid` (the reference handed out by POST /sessions), or a
//                    submission_id a webhook named
//   widekyc          no result API: what POST /images/widekyc returned, from memory
import { client } from "../config.mjs";
import { json, notFound } from "../http.mjs";
import { reference as checkReference } from "../ids.mjs";
import { recall, remember } from "../store.mjs";

/** Only these are served from memory: anything else (pending, review, incomplete, error) may still change. */
const SETTLED = new Set(["approved", "rejected"]);

/**
 * Which step of a combined `POST /images` result `fetchVerification` re-reads: stored as that step, so the
 * re-read updates it without dropping the other steps (see store.mjs). Other providers' answers are whole.
 */
export const FETCHED_STEP = { "revenue-monster": "ekycResult" };

/** At most this many ARGOS submissions of one user are read to find the latest. */
const ARGOS_SCAN = 200;

export async function getResult(provider, rawReference, env) {
  const reference = checkReference(rawReference);
  const known = recall(provider, reference);
  if (known && SETTLED.has(known.decision)) return json(known, 200, { "X-Ekyc-Source": "webhook" });
  const asOf = Date.now();
  const verification = await fetchVerification(provider, reference, env);
  if (!verification) throw notFound(`no ${provider} result for this reference`);
  // An answer read back from memory (WideKYC, an ARGOS submission_id) is nothing new to keep.
  if (verification !== known) remember(provider, reference, verification, asOf, FETCHED_STEP[provider]);
  // What is kept now: for a combined result, the fresh step together with the others.
  return json(recall(provider, reference) ?? verification, 200, { "X-Ekyc-Source": "provider" });
}

/** The provider's current answer for `reference`, or null when it has none. */
export async function fetchVerification(provider, reference, env) {
  switch (provider) {
    case "maschain":
      return client(env, "maschain").getVerification(reference);
    case "advance-ai": {
      const v = await client(env, "advance-ai").getResult(reference);
      // SIGNATURE_NOT_EXIST normalizes to decision "error" + reason not_found: for this route that is a 404.
      if (v.decision === "error" && v.reasons.some((r) => r.code === "not_found")) return null;
      return v;
    }
    case "revenue-monster":
      return client(env, "revenue-monster").getEkycResult(reference);
    case "argos":
      return latestArgos(reference, env);
    case "widekyc":
      return recall("widekyc", reference);
    default:
      return null;
  }
}

async function latestArgos(reference, env) {
  const argos = client(env, "argos");
  let latest = null;
  let n = 0;
  for await (const v of argos.listSubmissions({ userid: reference })) {
    if (!latest || String(v.createdAt ?? "") > String(latest.createdAt ?? "")) latest = v;
    if (++n >= ARGOS_SCAN) break;
  }
  if (latest) return latest;
  // Not a userid: maybe a submission_id from a webhook.
  return recall("argos", reference);
}
