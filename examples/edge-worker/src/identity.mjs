// Who is calling: the browser session a result belongs to. THE HOOK for a merchant's own sign-in.
//
// By default every browser gets an opaque session cookie from this worker (`ekyc_session`: 256 random bits,
// HttpOnly, Secure, SameSite=Lax, Path=/), and results are bound to it. A merchant with signed-in users replaces
// `identify` below: verify its own session (its cookie, or a JWT in `Authorization`) and return the user's id as
// `subject`, so a verification belongs to the *account*, follows the user across devices and reaches the
// merchant's server (GET /verifications, the webhook push) with that id:
//
//   export async function identify(request, env) {
//     const user = await verifyMySession(request, env);        // your code: null when not signed in
//     if (!user) return null;                                  // → 401 on creates, 404 on reads
//     return { owner: `user:${user.id}`, subject: user.id, setCookie: null };
//   }
//
// `owner` is what sessions are bound to and rate-limited by; it is stored, never sent to a browser.

export const COOKIE = "ekyc_session";
const COOKIE_MAX_AGE = 24 * 3600;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * `{ owner, subject, setCookie }` of the caller, or null when it has no session. With `mint` (the routes that
 * create a verification), a browser without one gets a fresh cookie session; reads never mint one: a browser
 * without the cookie owns nothing.
 */
export async function identify(request, _env, { mint = false } = {}) {
  const known = cookieSession(request);
  if (known) return { owner: `cookie:${await sha256(known)}`, subject: null, setCookie: null };
  if (!mint) return null;
  const id = base64url(crypto.getRandomValues(new Uint8Array(32)));
  return {
    owner: `cookie:${await sha256(id)}`,
    subject: null,
    setCookie: `${COOKIE}=${id}; Path=/; Max-Age=${COOKIE_MAX_AGE}; HttpOnly; Secure; SameSite=Lax`,
  };
}

/** The Set-Cookie that removes the browser's session cookie. */
export const endSession = () => `${COOKIE}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax`;

function cookieSession(request) {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    const value = rest.join("=");
    if (name === COOKIE && SESSION_ID.test(value)) return value;
  }
  return null;
}

export async function sha256(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return base64url(new Uint8Array(digest));
}

export function base64url(bytes) {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Constant-time equality of two strings (compared as SHA-256 digests, so lengths leak nothing either). */
export async function safeEqual(a, b) {
  const [x, y] = await Promise.all([a, b].map((s) => crypto.subtle.digest("SHA-256", new TextEncoder().encode(String(s)))));
  return crypto.subtle.timingSafeEqual(x, y);
}
