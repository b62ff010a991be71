// POST /sessions — a hosted verification session for the browser.
//
// Body: what `startHostedFlow` sends — `{ provider, state, returnUrl, failReturnUrl?, iframeEnabled?, ...body }` —
// answered with `{ url, reference }`. `returnUrl` and `failReturnUrl` must be on an allowed origin.
//   maschain    createVerification (redirect_url = returnUrl) → the hosted page and its token
//   advance-ai  generateUrl (returnUrl, failReturnUrl, callbackUrl = this worker's webhook with WEBHOOK_SECRET)
//   argos       ARGOS's hosted "liveform" with a fresh `userid` as the reference: ARGOS has no session API, the
//               form is a URL with the project id; results are then looked up by that userid.
import { client, allowedOrigins, publicUrl } from "../config.mjs";
import { badRequest, HttpError, json, readJsonObject } from "../http.mjs";
import { allowedUrl, freshId } from "../ids.mjs";

const LIMIT = 16 * 1024;

export async function createSession(request, env) {
  const body = await readJsonObject(request, LIMIT);
  const allowed = allowedOrigins(env);
  const returnUrl = allowedUrl(body.returnUrl, allowed, "returnUrl");
  const failReturnUrl = body.failReturnUrl == null ? undefined : allowedUrl(body.failReturnUrl, allowed, "failReturnUrl");
  const optionalString = (name, max = 64) => {
    const v = body[name];
    if (v == null) return undefined;
    if (typeof v !== "string" || v.length > max) throw badRequest(`${name} must be a string of at most ${max} characters`);
    return v;
  };
  switch (body.provider) {
    case "maschain": {
      const session = await client(env, "maschain").createVerification({
        idCountry: optionalString("idCountry", 3) ?? "MYS",
        idType: optionalString("idType", 16) ?? "ID_CARD",
        redirectUrl: returnUrl,
      });
      return json({ url: session.url, reference: session.token });
    }
    case "advance-ai": {
      if (!env.WEBHOOK_SECRET) throw new HttpError(501, "not_configured", "advance-ai needs WEBHOOK_SECRET for its callback URL");
      const callbackUrl = `${publicUrl(env, request)}/webhooks/advance-ai?secret=${encodeURIComponent(env.WEBHOOK_SECRET)}`;
      const session = await client(env, "advance-ai").generateUrl({
        returnUrl,
        ...(failReturnUrl ? { failReturnUrl } : {}),
        callbackUrl,
        ...(body.iframeEnabled === true ? { iframeEnabled: true } : {}),
        ...(optionalString("region", 3) ? { region: body.region } : {}),
        ...(optionalString("language", 16) ? { language: body.language } : {}),
      });
      return json({ url: session.url, reference: session.signatureId ?? null });
    }
    case "argos": {
      if (!env.ARGOS_FORM_URL || !env.ARGOS_PROJECT_ID) {
        throw new HttpError(501, "not_configured", "argos sessions need ARGOS_FORM_URL and ARGOS_PROJECT_ID");
      }
      const userid = freshId("u");
      const url = new URL(env.ARGOS_FORM_URL);
      url.searchParams.set("pid", env.ARGOS_PROJECT_ID);
      url.searchParams.set("userid", userid);
      url.searchParams.set("redirect", returnUrl);
      return json({ url: url.href, reference: userid });
    }
    default:
      throw badRequest('provider must be "maschain", "advance-ai" or "argos" (hosted flows)');
  }
}
