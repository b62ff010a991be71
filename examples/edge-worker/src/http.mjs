// JSON in and out, typed errors, and CORS for configured origins only.
//
// Every error leaves as `{ error: { code, message, retryable?, provider?, httpStatus?, providerCode? } }` where
// `code` is the EkycError code (or `not_found` for an unknown route or reference), with an HTTP status that
// tells the caller whose fault it is: 4xx for the request, 502/503/504 for the provider behind us.
import { EkycError } from "ekyc-bridge";

/** A worker-level failure with an EkycError-style code and an explicit HTTP status. */
export class HttpError extends Error {
  constructor(status, code, message, headers = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export const notFound = (message) => new HttpError(404, "not_found", message);
export const badRequest = (message) => new HttpError(400, "invalid_input", message);

/** The HTTP status for an EkycError `code` raised by the SDK while serving a request. */
export function statusFor(e) {
  switch (e.code) {
    case "invalid_input":
    case "image_decode":
    case "image_unsupported":
    case "image_too_large":
    case "image_too_small":
    case "image_cannot_fit":
      return 400;
    case "webhook_unauthenticated":
      return 401;
    case "http_status":
      // The provider does not know the reference: say so; any other provider status is its failure.
      return e.httpStatus === 404 ? 404 : 502;
    case "quota_exceeded":
      return 503;
    case "timeout":
      return 504;
    case "network":
    case "unauthorized": // the provider refused *our* credentials: a configuration fault behind the worker
    case "malformed_response":
      return 502;
    default:
      return 500;
  }
}

export function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** The error body of any thrown value; never includes a stack or a secret (SDK messages carry neither). */
export function errorResponse(e) {
  if (e instanceof HttpError) return json({ error: { code: e.code, message: e.message } }, e.status, e.headers);
  if (e instanceof EkycError || (e && typeof e.code === "string" && "retryable" in e)) {
    const error = { code: e.code, message: e.message, retryable: Boolean(e.retryable) };
    for (const k of ["provider", "httpStatus", "providerCode"]) if (e[k] != null) error[k] = e[k];
    return json({ error }, statusFor(e));
  }
  return json({ error: { code: "internal", message: "internal error" } }, 500);
}

/**
 * Reads the request body as text, refusing more than `limit` bytes (413 `invalid_input`) without buffering
 * an unbounded stream first.
 */
export async function readText(request, limit) {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > limit) throw new HttpError(413, "invalid_input", `the body is larger than ${limit} bytes`);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new HttpError(413, "invalid_input", `the body is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** The body as a JSON object (400 `invalid_input` otherwise). */
export async function readJsonObject(request, limit) {
  return parseObject(await readText(request, limit));
}

/** `text` as a JSON object (400 `invalid_input` otherwise). */
export function parseObject(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest("the body must be JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw badRequest("the body must be a JSON object");
  return value;
}

/**
 * CORS for the browser routes: only an `Origin` listed in ALLOWED_ORIGINS is echoed (exactly, never `*`), with
 * credentials (the session cookie); every answer varies on `Origin` so a cache never serves one origin's answer
 * to another.
 */
export function corsHeaders(origin, allowed) {
  const headers = { Vary: "Origin" };
  if (origin && allowed.has(origin)) {
    headers["Access-Control-Allow-Origin"] = origin;
    headers["Access-Control-Allow-Credentials"] = "true";
  }
  return headers;
}

export function preflight(origin, allowed) {
  if (!origin || !allowed.has(origin)) {
    return json({ error: { code: "invalid_input", message: "this origin is not allowed" } }, 403, { Vary: "Origin" });
  }
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(origin, allowed),
      "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
      "Access-Control-Allow-Headers": "Content-Type, Idempotency-Key, Ekyc-State",
      "Access-Control-Max-Age": "600",
    },
  });
}

/** `Response` with extra headers (Responses from `json` are mutable, but be safe with any). */
export function withHeaders(response, headers) {
  const out = new Response(response.body, response);
  for (const [k, v] of Object.entries(headers)) out.headers.set(k, v);
  return out;
}
