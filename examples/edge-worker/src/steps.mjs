// What a verification session knows of its result, as steps (pure: the session's Durable Object calls it inside
// one atomic update, the tests call it in Node).
//
// A plain provider answer is one step ("result"); a multi-step check (`POST /images`) keeps each step with the time
// it was fetched, and its Verification is their `combine`. A later fetch of one step (RM's webhook re-reading the
// eKYC verdict) replaces only that step and re-combines: it must not replace MyKad + face + verdict with the
// verdict alone, which would drop the face and liveness the decision was built from. A fetch that *started* before
// the stored one (a webhook's background fetch finishing late) never replaces it.
import { combine } from "./combine.mjs";

/** The step name of a provider's plain, single-call answer. */
export const SINGLE = "result";

/** Decisions that will not change without a new event from the provider (served without asking it again). */
export const SETTLED = new Set(["approved", "rejected"]);

/**
 * `known` (`{ steps, combined }` or null) with `steps` (name → Verification, null: skipped) asked as of `asOf`
 * merged in → `{ steps, combined, verification, changed }`. `reference` replaces the provider's own id in the
 * Verification: the worker's reference is the only one that leaves it.
 */
export function mergeSteps(known, provider, reference, steps, asOf, combined) {
  const kept = { ...known?.steps };
  let changed = false;
  for (const [name, verification] of Object.entries(steps)) {
    if (kept[name] && kept[name].asOf > asOf) continue;
    kept[name] = { verification, asOf };
    changed = true;
  }
  // Once combined, always combined: a step fetched later joins the others instead of replacing them.
  const isCombined = Boolean(combined || known?.combined);
  if (!changed) return { steps: kept, combined: isCombined, verification: known?.verification ?? null, changed };
  const verification = isCombined
    ? combine(provider, reference, Object.fromEntries(Object.entries(kept).map(([n, s]) => [n, s.verification])))
    : { ...latest(kept), reference };
  return { steps: kept, combined: isCombined, verification, changed };
}

function latest(kept) {
  return Object.values(kept).sort((a, b) => b.asOf - a.asOf)[0]?.verification ?? null;
}

/**
 * What the browser may see of a session: the decision and its reasons, never the person, document, face or raw
 * answer (API.md §9). `pending` until a result is known.
 */
export function browserView(record) {
  const v = record.verification;
  const decision = v?.decision ?? "pending";
  return {
    provider: record.provider,
    reference: record.reference,
    decision,
    reasons: (v?.reasons ?? []).map((r) => ({ code: r.code, providerCode: r.providerCode, message: r.message ?? null })),
    settled: SETTLED.has(decision),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}
