// POST /sessions — a hosted verification session for the browser.
//
// Body: what `startHostedFlow` sends — `{ provider, state, returnUrl, failReturnUrl?, iframeEnabled?, ...body }` —
// answered with `{ url, reference }`: the hosted page, and the worker's own opaque reference, bound to the
// caller's browser session (the provider's id stays here). `returnUrl` / `failReturnUrl` must be on an allowed
// origin. The provider sends the user back to this worker (`/return/:reference`, with a return token only the
// provider knows), which notes whose browser came back and forwards it to `returnUrl`.
//   maschain    createVerification (redirect_url = the worker's return)
//   advance-ai  generateUrl (returnUrl / failReturnUrl = the worker's return; callbackUrl = this worker's webhook
//               with this session's own secret)
//   argos       ARGOS's hosted "liveform" with a fresh `userid`: ARGOS has no session API, the form is a URL with
//               the project id; its submissions are then looked up by that userid.
import { client, allowedOrigins, publicUrl } from "../config.mjs";
import { badRequest, HttpError, parseObject, readText } from "../http.mjs";
import { sha256 } from "../identity.mjs";
import { allowedUrl, freshId, mintReference, randomToken } from "../ids.mjs";
import { chargeBilled } from "../limits.mjs";
import { once } from "../idempotency.mjs";
import { indexOf, sessionOf } from "../state.mjs";

const LIMIT = 16 * 1024;
const STATE = /^[A-Za-z0-9_-]{16,128}$/;
const HOSTED = ["maschain", "advance-ai", "argos"];

export async function createSession(request, env, who) {
  const text = await readText(request, LIMIT);
  const body = parseObject(text);
  const provider = body.provider;
  if (!HOSTED.includes(provider)) throw badRequest('provider must be "maschain", "advance-ai" or "argos" (hosted flows)');
  const allowed = allowedOrigins(env);
  const returnUrl = allowedUrl(body.returnUrl, allowed, "returnUrl");
  const failReturnUrl = body.failReturnUrl == null ? null : allowedUrl(body.failReturnUrl, allowed, "failReturnUrl");
  if (body.state != null && (typeof body.state !== "string" || !STATE.test(body.state))) {
    throw badRequest("state must be 16–128 URL-safe characters (startHostedFlow makes one)");
  }
  // The state travels back on returnUrl (ekyc_state); the one stored must be the one the page will hold.
  const carried = new URL(returnUrl).searchParams.get("ekyc_state");
  if (body.state != null && carried !== null && carried !== body.state) throw badRequest("returnUrl carries another ekyc_state than state");
  const optionalString = (name, max = 64) => {
    const v = body[name];
    if (v == null) return undefined;
    if (typeof v !== "string" || v.length > max) throw badRequest(`${name} must be a string of at most ${max} characters`);
    return v;
  };
  const options = {
    idCountry: optionalString("idCountry", 3),
    idType: optionalString("idType", 16),
    region: optionalString("region", 3),
    language: optionalString("language", 16),
  };
  const base = publicUrl(env);
  if (provider === "argos" && (!env.ARGOS_FORM_URL || !env.ARGOS_PROJECT_ID)) {
    throw new HttpError(501, "not_configured", "argos sessions need ARGOS_FORM_URL and ARGOS_PROJECT_ID");
  }

  return once(env, request, who.owner, text, async () => {
    await chargeBilled(env, request, who.owner);
    const reference = mintReference();
    const returnToken = randomToken();
    const callbackSecret = provider === "advance-ai" ? randomToken() : null;
    const session = sessionOf(env, reference);
    await session.create({
      reference, provider, kind: "hosted", owner: who.owner, subject: who.subject,
      stateHash: body.state == null ? null : await sha256(body.state),
      returnUrl, failReturnUrl, returnToken, callbackSecret, providerRef: null,
    });
    const back = `${base}/return/${reference}?rt=${returnToken}`;
    let url, providerRef;
    switch (provider) {
      case "maschain": {
        const s = await client(env, "maschain").createVerification({
          idCountry: options.idCountry ?? "MYS",
          idType: options.idType ?? "ID_CARD",
          redirectUrl: back,
        });
        [url, providerRef] = [s.url, s.token];
        break;
      }
      case "advance-ai": {
        const callbackUrl = `${base}/webhooks/advance-ai?session=${reference}&secret=${callbackSecret}`;
        const s = await client(env, "advance-ai").generateUrl({
          returnUrl: back,
          failReturnUrl: `${back}&to=fail`,
          callbackUrl,
          ...(body.iframeEnabled === true ? { iframeEnabled: true } : {}),
          ...(options.region ? { region: options.region } : {}),
          ...(options.language ? { language: options.language } : {}),
        });
        [url, providerRef] = [s.url, s.signatureId ?? null];
        break;
      }
      case "argos": {
        providerRef = freshId("u");
        const form = new URL(env.ARGOS_FORM_URL);
        form.searchParams.set("pid", env.ARGOS_PROJECT_ID);
        form.searchParams.set("userid", providerRef);
        form.searchParams.set("redirect", back);
        url = form.href;
        break;
      }
    }
    if (typeof providerRef !== "string" || !providerRef) {
      throw new HttpError(502, "malformed_response", `${provider} created a session without an id`);
    }
    await indexOf(env, provider, providerRef).bind(reference);
    await session.attach({ providerRef });
    return { status: 200, body: { url, reference } };
  });
}
