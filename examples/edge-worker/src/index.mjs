// The ekyc-bridge edge worker: the merchant backend that holds the provider secrets, as a Cloudflare-Workers
// module (runs in workerd, wrangler, or any runtime with the same `fetch(request, env, ctx)` contract).
//
//   POST /sessions                     hosted session for the browser → { url, reference }
//   GET  /results/:provider/:reference the provider's result, normalized → Verification
//   POST /webhooks/:provider           provider callback: authenticate, then fetch + remember the result
//   POST /images/:provider             prepared images for revenue-monster / widekyc → { reference, verification }
//   GET  /health                       { ok, version } (no secrets, no configuration)
//
// The browser routes answer CORS only for ALLOWED_ORIGINS; see README.md for every env binding.
import { version } from "ekyc-bridge";
import { allowedOrigins, providerParam } from "./config.mjs";
import { corsHeaders, errorResponse, HttpError, json, notFound, preflight, withHeaders } from "./http.mjs";
import { createSession } from "./routes/sessions.mjs";
import { getResult } from "./routes/results.mjs";
import { receiveWebhook } from "./routes/webhooks.mjs";
import { submitImages } from "./routes/images.mjs";

/** One log line; only method, path (never the query: the ADVANCE.AI callback carries its secret there), status. */
const log = (line) => console.log(`[edge-worker] ${line}`);

const methodNotAllowed = (allowed) => new HttpError(405, "invalid_input", `use ${allowed} on this path`);

async function route(request, env, ctx, parts) {
  const method = request.method;
  const [head, provider, ref] = parts;
  if (head === "health" && parts.length === 1) return json({ ok: true, version: version() });
  if (head === "sessions" && parts.length === 1) {
    if (method !== "POST") throw methodNotAllowed("POST");
    return createSession(request, env);
  }
  if (head === "results" && parts.length === 3) {
    if (method !== "GET") throw methodNotAllowed("GET");
    return getResult(providerParam(provider), ref, env);
  }
  if (head === "webhooks" && parts.length === 2) {
    if (method !== "POST") throw methodNotAllowed("POST");
    return receiveWebhook(providerParam(provider, ["advance-ai", "argos", "revenue-monster"]), request, env, ctx, log);
  }
  if (head === "images" && parts.length === 2) {
    if (method !== "POST") throw methodNotAllowed("POST");
    return submitImages(providerParam(provider, ["revenue-monster", "widekyc"]), request, env);
  }
  throw notFound("no such route");
}

export default {
  async fetch(request, env, ctx) {
    const started = Date.now();
    const url = new URL(request.url);
    const origin = request.headers.get("Origin");
    const allowed = allowedOrigins(env);
    const isWebhook = url.pathname.startsWith("/webhooks/");
    let response;
    if (request.method === "OPTIONS" && !isWebhook) {
      response = preflight(origin, allowed);
    } else if (origin && !allowed.has(origin) && !isWebhook) {
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
        response = await route(request, env, ctx, parts);
      } catch (e) {
        response = errorResponse(e);
        const code = e?.code ?? "internal";
        if (response.status >= 500 && !e?.code) log(`unexpected ${e?.name ?? "error"} on ${request.method} ${routeLabel(url.pathname)}`);
        else if (response.status >= 500) log(`${code} on ${request.method} ${routeLabel(url.pathname)}`);
      }
    }
    if (!isWebhook) response = withHeaders(response, corsHeaders(origin, allowed));
    log(`${request.method} ${routeLabel(url.pathname)} ${response.status} ${Date.now() - started}ms`);
    return response;
  },
};

/**
 * A path for the log without its references (`/results/maschain/:ref`): a MasChain token or an ARGOS userid in
 * a path is a bearer value for that user's result.
 */
function routeLabel(pathname) {
  const parts = pathname.split("/").slice(1, 4);
  return "/" + parts.map((p, i) => (i < 2 ? p.slice(0, 32) : ":ref")).join("/");
}
