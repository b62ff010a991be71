// Where the worker's state lives: Durable Objects only (wrangler.toml declares them). Nothing here is kept in
// module memory, so every isolate and every restart sees the same sessions.
//   VERIFICATIONS  VerificationSession, one per worker reference
//   INDEX          ReferenceIndex, one per provider id → the reference (for webhooks)
//   LIMITS         RateLimiter, one per browser session and one per client address
//   IDEMPOTENCY    IdempotencyRecord, one per (browser session, Idempotency-Key)
import { HttpError } from "./http.mjs";

function namespace(env, name) {
  const ns = env[name];
  if (!ns) throw new HttpError(501, "not_configured", `the Durable Object binding ${name} is missing (wrangler.toml)`);
  return ns;
}

const byName = (env, binding, name) => {
  const ns = namespace(env, binding);
  return ns.get(ns.idFromName(name));
};

export const sessionOf = (env, reference) => byName(env, "VERIFICATIONS", reference);
export const indexOf = (env, provider, providerId) => byName(env, "INDEX", `${provider}:${providerId}`);
export const limiterOf = (env, key) => byName(env, "LIMITS", key);
export const idempotencyOf = (env, owner, key) => byName(env, "IDEMPOTENCY", `${owner}\u0000${key}`);

/** The session a provider id belongs to, or null when this worker never minted one for it. */
export async function sessionByProviderId(env, provider, providerId) {
  if (typeof providerId !== "string" || !providerId || providerId.length > 256) return null;
  const reference = await indexOf(env, provider, providerId).lookup();
  if (!reference) return null;
  const record = await sessionOf(env, reference).read();
  return record && record.provider === provider && record.providerRef === providerId ? record : null;
}
