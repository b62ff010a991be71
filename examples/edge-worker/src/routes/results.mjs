// GET /results/:provider/:reference — the browser view of one verification session (API.md §9), only for the
// browser session that created it: anyone else gets 404, whether the reference exists or not. A session with a
// flow state also needs it back (`Ekyc-State`), as OAuth's PKCE ties a code to the tab that started. The decision
// comes from the provider's own API (never from what the browser claims); a settled one is served as stored.
//   maschain         getVerification(token)
//   advance-ai       getResult(signatureId)
//   revenue-monster  getEkycResult(requestId of the MyKad recognition), as the eKYC-verdict step
//   argos            the latest submission of the session's `userid`
//   widekyc          no result API: what POST /images/widekyc stored
import { client } from "../config.mjs";
import { HttpError, json, notFound } from "../http.mjs";
import { identify, safeEqual, sha256 } from "../identity.mjs";
import { isOwnReference } from "../ids.mjs";
import { pushSettled } from "../merchant.mjs";
import { browserView, SETTLED, SINGLE } from "../steps.mjs";
import { sessionOf } from "../state.mjs";

/**
 * Which step of a combined `POST /images` result a re-read updates (see steps.mjs). Other providers' answers
 * are whole.
 */
export const FETCHED_STEP = { "revenue-monster": "ekycResult" };

/** At most this many ARGOS submissions of one user are read to find the latest. */
const ARGOS_SCAN = 200;

const nobody = () => notFound("no such verification");

/** The session `reference` of `provider` if the caller owns it (and holds its state), else 404. */
export async function ownedSession(request, env, provider, reference) {
  const who = await identify(request, env);
  if (!who || !isOwnReference(reference)) throw nobody();
  const record = await sessionOf(env, reference).read();
  if (!record || record.provider !== provider || record.owner !== who.owner) throw nobody();
  if (record.stateHash) {
    const state = request.headers.get("Ekyc-State") ?? "";
    if (!(await safeEqual(await sha256(state), record.stateHash))) throw nobody();
  }
  return record;
}

export async function getResult(request, env, ctx, provider, reference, log) {
  let record = await ownedSession(request, env, provider, reference);
  if (record.kind === "hosted") {
    if (record.returned === "elsewhere") {
      throw new HttpError(409, "finished_elsewhere", "this verification was finished in another browser: start a new one");
    }
    // Not back from the provider's page yet (or never): nothing of it is this browser's to read.
    if (record.returned === null) return json(browserView({ ...record, verification: null }), 200, { "X-Ekyc-Source": "stored" });
  }
  let source = "stored";
  if (!SETTLED.has(record.verification?.decision)) {
    const fresh = await refresh(env, record, log);
    if (fresh) [record, source] = [fresh.record, "provider"];
    if (fresh?.changed) ctx.waitUntil(pushSettled(env, record, log));
  }
  return json(browserView(record), 200, { "X-Ekyc-Source": source });
}

/**
 * Asks the provider again for `record`'s result and stores it → `{ record, changed }`, or null when the provider
 * has nothing (yet) or the session has no provider id.
 */
export async function refresh(env, record, log) {
  if (!record.providerRef) return null;
  const asOf = Date.now();
  const verification = await fetchVerification(env, record);
  if (!verification) return null;
  const stored = await sessionOf(env, record.reference).record({ [FETCHED_STEP[record.provider] ?? SINGLE]: verification }, asOf);
  log?.(`refresh ${record.provider}: decision ${verification.decision}`);
  return stored.record ? stored : null;
}

/** The provider's current answer for the session's provider id, or null when it has none. */
export async function fetchVerification(env, record) {
  const id = record.providerRef;
  switch (record.provider) {
    case "maschain":
      return client(env, "maschain").getVerification(id);
    case "advance-ai": {
      const v = await client(env, "advance-ai").getResult(id);
      // SIGNATURE_NOT_EXIST normalizes to decision "error" + reason not_found: nothing to store.
      if (v.decision === "error" && v.reasons.some((r) => r.code === "not_found")) return null;
      return v;
    }
    case "revenue-monster":
      return client(env, "revenue-monster").getEkycResult(id);
    case "argos":
      return latestArgos(env, id);
    default:
      return null; // widekyc: no result API
  }
}

async function latestArgos(env, userid) {
  let latest = null;
  let n = 0;
  for await (const v of client(env, "argos").listSubmissions({ userid })) {
    if (!latest || String(v.createdAt ?? "") > String(latest.createdAt ?? "")) latest = v;
    if (++n >= ARGOS_SCAN) break;
  }
  return latest;
}
