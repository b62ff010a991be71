// Provider-billed operations (hosted-session creates, image checks) are limited per browser session and per
// client address before any provider is called: 429 with Retry-After, and no provider call. Defaults: 5 per
// session and 30 per address per hour; RATE_LIMIT_PER_SESSION, RATE_LIMIT_PER_ADDRESS and
// RATE_LIMIT_WINDOW_SECONDS change them.
import { HttpError } from "./http.mjs";
import { limiterOf } from "./state.mjs";

function positive(value, fallback) {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The limits in force for `env`. */
export function limits(env) {
  return {
    perSession: positive(env.RATE_LIMIT_PER_SESSION, 5),
    perAddress: positive(env.RATE_LIMIT_PER_ADDRESS, 30),
    windowMs: positive(env.RATE_LIMIT_WINDOW_SECONDS, 3600) * 1000,
  };
}

/** The client's address as Cloudflare reports it (CF-Connecting-IP is set by Cloudflare, not by the client). */
export const clientAddress = (request) => request.headers.get("CF-Connecting-IP") ?? "unknown";

const tooMany = (retryAfter, what) =>
  new HttpError(429, "rate_limited", `too many paid verification calls for this ${what}; try again later`, { "Retry-After": String(retryAfter) });

/** Takes one billed operation for `owner` and the caller's address, or throws 429 (nothing is taken then). */
export async function chargeBilled(env, request, owner) {
  const { perSession, perAddress, windowMs } = limits(env);
  const session = limiterOf(env, `session:${owner}`);
  const s = await session.take(perSession, windowMs);
  if (!s.ok) throw tooMany(s.retryAfter, "browser session");
  const a = await limiterOf(env, `address:${clientAddress(request)}`).take(perAddress, windowMs);
  if (!a.ok) {
    await session.refund();
    throw tooMany(a.retryAfter, "address");
  }
}
