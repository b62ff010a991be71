// GET /return/:reference?rt=… — where a hosted page sends the user back (the worker gave the provider this URL,
// with a return token that only the provider and the returning browser see). The first return decides whose
// browser finished the flow: the creator's (its session cookie) or someone else's. A session finished in
// another browser is void: its creator never reads its result, and the merchant is never told it settled — the
// "someone else verifies for me" hand-off of a hosted link (RFC 9700 §4.5: bind the return to the browser that
// started). Then the browser goes on to the page's returnUrl with the provider's claims (`is_success`,
// `errorCode`); the provider's own ids are not forwarded.
import { identify, safeEqual } from "../identity.mjs";
import { isOwnReference } from "../ids.mjs";
import { notFound } from "../http.mjs";
import { creditable, pushSettled } from "../merchant.mjs";
import { sessionOf } from "../state.mjs";

const FORWARDED = ["is_success", "errorCode"];

export async function returnFromProvider(request, env, ctx, rawReference, log) {
  const url = new URL(request.url);
  const token = url.searchParams.get("rt") ?? "";
  const record = isOwnReference(rawReference) ? await sessionOf(env, rawReference).read() : null;
  if (!record || record.kind !== "hosted" || !(await safeEqual(token, record.returnToken))) throw notFound("no such return");
  const who = await identify(request, env);
  const after = await sessionOf(env, record.reference).returned(who?.owner === record.owner);
  if (after && creditable(after)) ctx.waitUntil(pushSettled(env, after, log));
  const target = new URL(url.searchParams.get("to") === "fail" && record.failReturnUrl ? record.failReturnUrl : record.returnUrl);
  for (const name of FORWARDED) {
    const v = url.searchParams.get(name);
    if (v !== null && v.length <= 128) target.searchParams.set(name, v);
  }
  return new Response(null, {
    status: 303,
    headers: { Location: target.href, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
}
