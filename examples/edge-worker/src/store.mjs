// The latest Verification per (provider, reference), kept in this isolate's memory so `GET /results` can
// answer what a webhook already fetched. Bounded: the oldest entry goes first (insertion order of a Map,
// refreshed on every write). A real deployment that needs durability uses KV or a Durable Object instead;
// the worker stays correct without it because `GET /results` falls back to the provider.
//
// A multi-step check (`POST /images`) is kept as its steps, each with the time it was fetched, and its
// Verification is their `combine`. A later fetch of one step (RM's webhook or `GET /results` re-reading the eKYC
// verdict) then replaces only that step and re-combines: it must not replace MyKad + face + verdict with the
// verdict alone, which would drop the face and liveness the decision was built from.
import { combine } from "./combine.mjs";

const LIMIT = 1000;
/** key → { steps: { [name]: { verification, asOf } }, combined, verification } */
const entries = new Map();

/** The step name of a provider's plain, single-call answer. */
const SINGLE = "result";

const key = (provider, reference) => `${provider}\u0000${reference}`;

/**
 * Keeps one answer of the provider: `step` names which step of a combined entry it is (for a plain entry the
 * default). Kept unless a fetch of that step that *started* later already stored one: `asOf` is when the
 * provider was asked (a webhook's background fetch can finish after a newer answer and must not overwrite it).
 */
export function remember(provider, reference, verification, asOf = Date.now(), step = SINGLE) {
  write(provider, reference, { [step]: verification }, asOf, false);
}

/** Keeps the steps of a multi-step check (null: skipped), all asked as of `asOf`; see `remember`. */
export function rememberSteps(provider, reference, steps, asOf = Date.now()) {
  write(provider, reference, steps, asOf, true);
}

function write(provider, reference, steps, asOf, combined) {
  if (!reference) return;
  const k = key(provider, reference);
  const known = entries.get(k);
  const kept = { ...known?.steps };
  let changed = false;
  for (const [name, verification] of Object.entries(steps)) {
    if (kept[name] && kept[name].asOf > asOf) continue;
    kept[name] = { verification, asOf };
    changed = true;
  }
  if (!changed) return;
  // Once combined, always combined: a step fetched later joins the others instead of replacing them.
  const isCombined = combined || Boolean(known?.combined);
  const verification = isCombined
    ? combine(provider, reference, Object.fromEntries(Object.entries(kept).map(([name, s]) => [name, s.verification])))
    : Object.values(steps)[0];
  entries.delete(k);
  entries.set(k, { steps: kept, combined: isCombined, verification });
  while (entries.size > LIMIT) entries.delete(entries.keys().next().value);
}

export function recall(provider, reference) {
  return entries.get(key(provider, reference))?.verification ?? null;
}

export const storeLimit = LIMIT;
export const storeSize = () => entries.size;
