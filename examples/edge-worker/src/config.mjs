// Everything the worker knows comes from `env` (Cloudflare: `wrangler secret put` for secrets, `[vars]` for the
// rest). This module turns it into provider clients, built once per isolate and env, so a client's cached
// access token (ADVANCE.AI, Revenue Monster) is reused across requests — a cache only: no verification state
// lives in module memory (state.mjs). No value read here is ever logged.
import { AdvanceAi, Argos, MasChain, RevenueMonster, WideKyc } from "ekyc-bridge";
import { HttpError } from "./http.mjs";

export const PROVIDERS = ["revenue-monster", "maschain", "advance-ai", "argos", "widekyc"];

/** Per-call limits: a browser waits on these calls, so fail well before its own 30–45 s timeout. */
const TRANSPORT = { timeoutMs: 15_000, totalTimeoutMs: 25_000 };

const notConfigured = (provider, names) =>
  new HttpError(501, "not_configured", `${provider} is not configured on this worker (set ${names.join(", ")})`);

function need(env, provider, names) {
  const missing = names.filter((n) => !env[n]);
  if (missing.length) throw notConfigured(provider, missing);
}

const FACTORIES = {
  maschain(env) {
    need(env, "maschain", ["MASCHAIN_CLIENT_ID", "MASCHAIN_CLIENT_SECRET"]);
    return new MasChain({
      ...(env.MASCHAIN_BASE_URL ? { baseUrl: env.MASCHAIN_BASE_URL } : {}),
      clientId: env.MASCHAIN_CLIENT_ID,
      clientSecret: env.MASCHAIN_CLIENT_SECRET,
      transport: TRANSPORT,
    });
  },
  "advance-ai"(env) {
    need(env, "advance-ai", ["ADVANCE_BASE_URL", "ADVANCE_ACCESS_KEY", "ADVANCE_SECRET_KEY"]);
    return new AdvanceAi({
      baseUrl: env.ADVANCE_BASE_URL,
      accessKey: env.ADVANCE_ACCESS_KEY,
      secretKey: env.ADVANCE_SECRET_KEY,
      transport: TRANSPORT,
    });
  },
  "revenue-monster"(env) {
    need(env, "revenue-monster", ["RM_CLIENT_ID", "RM_CLIENT_SECRET", "RM_PRIVATE_KEY"]);
    return new RevenueMonster({
      ...(env.RM_API_URL ? { apiUrl: env.RM_API_URL } : {}),
      ...(env.RM_OAUTH_URL ? { oauthUrl: env.RM_OAUTH_URL } : {}),
      clientId: env.RM_CLIENT_ID,
      clientSecret: env.RM_CLIENT_SECRET,
      privateKeyPem: env.RM_PRIVATE_KEY,
      transport: TRANSPORT,
    });
  },
  argos(env) {
    need(env, "argos", ["ARGOS_API_KEY"]);
    return new Argos({
      ...(env.ARGOS_BASE_URL ? { baseUrl: env.ARGOS_BASE_URL } : {}),
      apiKey: env.ARGOS_API_KEY,
      ...(env.ARGOS_SECRET_KEY ? { secretKey: env.ARGOS_SECRET_KEY } : {}),
      ...(env.ARGOS_ENCRYPTION ? { encryption: env.ARGOS_ENCRYPTION } : {}),
      transport: TRANSPORT,
    });
  },
  widekyc(env) {
    need(env, "widekyc", ["WIDEKYC_BASE_URL", "WIDEKYC_TOKEN"]);
    return new WideKyc({ baseUrl: env.WIDEKYC_BASE_URL, token: env.WIDEKYC_TOKEN, transport: TRANSPORT });
  },
};

const clients = new WeakMap();

/** The client of `provider` for this `env` (built on first use). */
export function client(env, provider) {
  let perEnv = clients.get(env);
  if (!perEnv) clients.set(env, (perEnv = new Map()));
  let c = perEnv.get(provider);
  if (!c) perEnv.set(provider, (c = FACTORIES[provider](env)));
  return c;
}

/** A path segment naming a provider (404 otherwise). */
export function providerParam(value, allowed = PROVIDERS) {
  if (!allowed.includes(value)) {
    throw new HttpError(404, "not_found", `unknown provider for this route: ${JSON.stringify(String(value).slice(0, 40))}`);
  }
  return value;
}

/** The exact origins allowed to call the browser routes and to receive users back (`ALLOWED_ORIGINS`). */
export function allowedOrigins(env) {
  const set = new Set();
  for (const o of String(env.ALLOWED_ORIGINS ?? "").split(/[\s,]+/)) {
    if (!o) continue;
    try {
      set.add(new URL(o).origin);
    } catch {
      // A malformed entry allows nothing rather than something unexpected.
    }
  }
  return set;
}

/**
 * The worker's public base URL (no trailing slash), for provider callbacks and returns. Required, never taken
 * from the request's Host header: a callback URL carries a session's secret and a return URL its return token,
 * and a forged Host would send them elsewhere.
 */
export function publicUrl(env, _request) {
  if (!env.PUBLIC_URL) throw new HttpError(501, "not_configured", "PUBLIC_URL is not set on this worker (provider callbacks need it)");
  return String(env.PUBLIC_URL).replace(/\/+$/, "");
}
