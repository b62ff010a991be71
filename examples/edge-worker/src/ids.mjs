// Identifiers and URL checks shared by the routes.
import { badRequest } from "./http.mjs";
import { base64url } from "./identity.mjs";

/** The worker's opaque verification reference: `vs_` + 192 random bits (base64url). */
const OWN_REFERENCE = /^vs_[A-Za-z0-9_-]{32}$/;

/** A fresh reference for a verification session (never derived from anything a provider or caller chose). */
export function mintReference() {
  return "vs_" + base64url(crypto.getRandomValues(new Uint8Array(24)));
}

/** Whether `value` has the shape of a reference this worker mints (anything else is unknown: 404). */
export const isOwnReference = (value) => typeof value === "string" && OWN_REFERENCE.test(value);

/** A random secret for a URL (return token, callback secret): 256 bits, base64url. */
export const randomToken = () => base64url(crypto.getRandomValues(new Uint8Array(32)));

/** A fresh random id, 128 bits, URL-safe: `prefix` + 32 hex digits. */
export function freshId(prefix) {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** A provider reference from a path or a body: short, no separators a provider URL could misread. */
export function reference(value, what = "reference") {
  if (typeof value !== "string" || !REFERENCE.test(value)) {
    throw badRequest(`${what} must be 1–128 characters of A–Z a–z 0–9 . _ : -`);
  }
  return value;
}

/**
 * `value` as an absolute http(s) URL on one of the `allowed` origins: the only places a provider may send the
 * user back to. Anything else would make the worker an open redirect for whoever can call it.
 */
export function allowedUrl(value, allowed, name) {
  if (typeof value !== "string" || value.length > 2048) throw badRequest(`${name} must be a URL of at most 2048 characters`);
  let url;
  try {
    url = new URL(value);
  } catch {
    throw badRequest(`${name} is not an absolute URL`);
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !allowed.has(url.origin)) {
    throw badRequest(`${name} must be on an allowed origin (ALLOWED_ORIGINS); got ${url.origin}`);
  }
  return url.href;
}
