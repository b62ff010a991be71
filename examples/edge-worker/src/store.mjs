// The latest Verification per (provider, reference), kept in this isolate's memory so `GET /results` can
// answer what a webhook already fetched. Bounded: the oldest entry goes first (insertion order of a Map,
// refreshed on every write). A real deployment that needs durability uses KV or a Durable Object instead;
// the worker stays correct without it because `GET /results` falls back to the provider.

const LIMIT = 1000;
const entries = new Map();

const key = (provider, reference) => `${provider}\u0000${reference}`;

/**
 * Keeps `verification` unless a fetch that *started* later already stored one: `asOf` is when the provider
 * was asked (a webhook's background fetch can finish after a newer answer and must not overwrite it).
 */
export function remember(provider, reference, verification, asOf = Date.now()) {
  if (!reference) return;
  const k = key(provider, reference);
  const known = entries.get(k);
  if (known && known.asOf > asOf) return;
  entries.delete(k);
  entries.set(k, { verification, asOf });
  while (entries.size > LIMIT) entries.delete(entries.keys().next().value);
}

export function recall(provider, reference) {
  return entries.get(key(provider, reference))?.verification ?? null;
}

export const storeLimit = LIMIT;
export const storeSize = () => entries.size;
