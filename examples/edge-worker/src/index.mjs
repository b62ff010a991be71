// The ekyc-bridge edge worker: the merchant backend that holds the provider secrets, as a Cloudflare-Workers
// module with Durable Objects (runs in workerd: wrangler, miniflare, Cloudflare). README.md has the trust model.
//
//   POST /sessions                     hosted session → { url, reference }          (browser; billed, limited)
//   POST /images/:provider             prepared images → browser view               (browser; billed, limited)
//   GET  /results/:provider/:reference the browser view, for the session's own browser only (else 404)
//   GET  /return/:reference            where a hosted page sends the user back (then on to the page)
//   POST /webhooks/:provider           provider callback: authenticate, then fetch + store the result
//   GET  /verifications/:reference     the full Verification, for the merchant's server (Bearer MERCHANT_API_KEY)
//   POST /sessions/end                 drops the browser's session cookie ("start over")
//   GET  /health                       { ok, version } (no secrets, no configuration)
//
// The browser routes answer CORS (with credentials) only for ALLOWED_ORIGINS; see README.md for every binding.
import { version } from "ekyc-bridge";
import { allowedOrigins, providerParam } from "./config.mjs";
import { corsHeaders, errorResponse, HttpError, json, notFound, preflight, withHeaders } from "./http.mjs";
import { endSession, identify } from "./identity.mjs";
import { getVerification } from "./merchant.mjs";
import { createSession } from "./routes/sessions.mjs";
import { getResult, refresh } from "./routes/results.mjs";
import { returnFromProvider } from "./routes/return.mjs";
import { receiveWebhook } from "./routes/webhooks.mjs";
import { submitImages } from "./routes/images.mjs";

export { VerificationSession } from "./objects/session.mjs";
export { ReferenceIndex } from "./objects/reference-index.mjs";
export { RateLimiter } from "./objects/rate-limiter.mjs";
export { IdempotencyRecord } from "./objects/idempotency.mjs";

/** One log line; only method, route and status (never a query, a reference, a header or a body). */
const log = (line) => console.log(`[edge-worker] ${line}`);

const methodNotAllowed = (allowed) => new HttpError(405, "invalid_input", `use ${allowed} on this path`);
const only = (request, method) => {
  if (request.method !== method) throw methodNotAllowed(method);
};

/** Routes reached without a browser's Origin rules: provider callbacks, returns, the merchant's server. */
const SERVER_ROUTES = new Set(["webhooks", "return", "verifications"]);

/** A caller of a create route: its browser session (minted now if it has none) or 401 under a merchant sign-in. */
async function creator(request, env) {
  const who = await identify(request, env, { mint: true });
  if (!who) throw new HttpError(401, "unauthorized", "sign in first");
  return who;
}

async function route(request, env, ctx, parts) {
  const [head, a, b] = parts;
  if (head === "health" && parts.length === 1) return { response: json({ ok: true, version: version() }) };
  if (head === "sessions" && parts.length === 1) {
    only(request, "POST");
    const who = await creator(request, env);
    return { response: await createSession(request, env, who), who };
  }
  if (head === "sessions" && a === "end" && parts.length === 2) {
    only(request, "POST");
    // "Start over": the browser drops its session (a new person, a new session). Its verifications stay bound
    // to the old one, which nobody holds any more. Under a merchant sign-in this is the merchant's sign-out.
    return { response: new Response(null, { status: 204 }), who: { setCookie: endSession() } };
  }
  if (head === "images" && parts.length === 2) {
    only(request, "POST");
    const provider = providerParam(a, ["revenue-monster", "widekyc"]);
    const who = await creator(request, env);
    return { response: await submitImages(provider, request, env, ctx, who, log), who };
  }
  if (head === "results" && parts.length === 3) {
    only(request, "GET");
    return { response: await getResult(request, env, ctx, providerParam(a), b, log) };
  }
  if (head === "return" && parts.length === 2) {
    only(request, "GET");
    return { response: await returnFromProvider(request, env, ctx, a, log) };
  }
  if (head === "webhooks" && parts.length === 2) {
    only(request, "POST");
    return { response: await receiveWebhook(providerParam(a, ["advance-ai", "argos", "revenue-monster"]), request, env, ctx, log) };
  }
  if (head === "verifications" && parts.length === 2) {
    only(request, "GET");
    return { response: await getVerification(request, env, a, (record) => refresh(env, record, log).then((r) => r?.record)) };
  }
  throw notFound("no such route");
}

export default {
  async fetch(request, env, ctx) {
    const started = Date.now();
    const url = new URL(request.url);
    const origin = request.headers.get("Origin");
    const allowed = allowedOrigins(env);
    const serverRoute = SERVER_ROUTES.has(url.pathname.split("/")[1]);
    let response;
    if (request.method === "OPTIONS" && !serverRoute) {
      response = preflight(origin, allowed);
    } else if (origin && !allowed.has(origin) && !serverRoute) {
      // A page on another origin: refused before any work (a "simple" cross-origin POST skips the preflight).
      response = json({ error: { code: "invalid_input", message: "this origin is not allowed" } }, 403);
    } else {
      try {
        let parts;
        try {
          parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
        } catch {
          throw notFound("no such route");
        }
        const { response: r, who } = await route(request, env, ctx, parts);
        response = who?.setCookie ? withHeaders(r, { "Set-Cookie": who.setCookie }) : r;
      } catch (e) {
        response = errorResponse(e);
        const code = e?.code ?? "internal";
        if (response.status >= 500 && !e?.code) log(`unexpected ${e?.name ?? "error"} on ${request.method} ${routeLabel(url.pathname)}: ${String(e?.message ?? "").slice(0, 200)}`);
        else if (response.status >= 500) log(`${code} on ${request.method} ${routeLabel(url.pathname)}`);
      }
    }
    if (!serverRoute) response = withHeaders(response, corsHeaders(origin, allowed));
    log(`${request.method} ${routeLabel(url.pathname)} ${response.status} ${Date.now() - started}ms`);
    return response;
  },
};

/** A path for the log without its references (`/results/maschain/:ref`, `/return/:ref`). */
function routeLabel(pathname) {
  const [head = "", second, third] = pathname.split("/").slice(1, 4);
  const keepSecond = ["results", "images", "webhooks", "sessions"].includes(head);
  return "/" + [head.slice(0, 32), second === undefined ? undefined : keepSecond ? second.slice(0, 32) : ":ref", third === undefined ? undefined : ":ref"].filter((p) => p !== undefined).join("/");
}
