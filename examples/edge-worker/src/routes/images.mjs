// POST /images/:provider — prepared images (Base64 JPEGs as `prepareImage` returns them) checked by a provider
// that works on images rather than a hosted page. Body `{ selfie, idCard }` → the browser view of the new
// verification session (its `reference` is the worker's; the provider's ids stay here). One billed operation.
//   revenue-monster  recognizeMyKad(idCard, notifyUrl = this worker's webhook) → liveness(requestId, selfie) →
//                    getEkycResult(requestId)
//   widekyc          recognizeId(idCard) → passiveLiveness(selfie) → validateId(the NIK, name, birth data and
//                    address read from the card, with the selfie) — only for a NIK that is well-formed
import * as ekyc from "ekyc-bridge";
import { client, publicUrl } from "../config.mjs";
import { badRequest, HttpError, parseObject, readText } from "../http.mjs";
import { freshId, mintReference } from "../ids.mjs";
import { chargeBilled } from "../limits.mjs";
import { once } from "../idempotency.mjs";
import { pushSettled } from "../merchant.mjs";
import { browserView } from "../steps.mjs";
import { indexOf, sessionOf } from "../state.mjs";

/** Per image, in Base64 characters (≈ 1.5 MB of JPEG): prepared images are far smaller. */
export const MAX_IMAGE_BASE64 = 2 * 1024 * 1024;
const LIMIT = 2 * MAX_IMAGE_BASE64 + 16 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function image(body, name) {
  const v = body[name];
  if (typeof v !== "string" || v.length === 0) throw badRequest(`${name} must be a Base64 JPEG string`);
  if (v.length > MAX_IMAGE_BASE64) throw badRequest(`${name} is larger than ${MAX_IMAGE_BASE64} Base64 characters`);
  if (v.startsWith("data:")) throw badRequest(`${name} must be plain Base64, without a data: prefix`);
  if (v.length % 4 !== 0 || !BASE64.test(v)) throw badRequest(`${name} is not Base64`);
  return v;
}

export async function submitImages(provider, request, env, ctx, who, log) {
  const text = await readText(request, LIMIT);
  const body = parseObject(text);
  const selfie = image(body, "selfie");
  const idCard = image(body, "idCard");
  // Minted here, never taken from the caller: a caller-chosen id could collide with another user's.
  if (body.custRefNo != null) throw badRequest("custRefNo is chosen by the worker");
  const notifyUrl = provider === "revenue-monster" ? `${publicUrl(env)}/webhooks/revenue-monster` : null;
  client(env, provider); // 501 before anything is charged when the provider is not configured

  return once(env, request, who.owner, text, async () => {
    await chargeBilled(env, request, who.owner);
    const reference = mintReference();
    const session = sessionOf(env, reference);
    await session.create({ reference, provider, kind: "images", owner: who.owner, subject: who.subject, stateHash: null, providerRef: null });
    const { steps, asOf } =
      provider === "revenue-monster"
        ? await revenueMonster(env, session, reference, selfie, idCard, notifyUrl)
        : await wideKyc(env, session, reference, selfie, idCard);
    const { record } = await session.record(steps, asOf, true);
    ctx.waitUntil(pushSettled(env, record, log));
    return { status: 200, body: browserView(record) };
  });
}

async function bindProviderId(env, session, provider, reference, providerRef) {
  await indexOf(env, provider, providerRef).bind(reference);
  await session.attach({ providerRef });
}

async function revenueMonster(env, session, reference, selfie, idCard, notifyUrl) {
  const rm = client(env, "revenue-monster");
  const { requestId } = await rm.recognizeMyKad({ image: idCard, notifyUrl });
  if (typeof requestId !== "string" || !requestId) throw new HttpError(502, "malformed_response", "revenue-monster answered no requestId");
  // Indexed at once: RM's notify_url webhook may arrive before the calls below return.
  await bindProviderId(env, session, "revenue-monster", reference, requestId);
  // The selfie against the recognized MyKad (`liveness-face`) is what RM's eKYC verdict is built from.
  const livenessFace = await rm.liveness({ mykadRequestId: requestId, image: selfie });
  // Stored as of this moment, so a webhook's fetch that started earlier cannot replace the verdict.
  const asOf = Date.now();
  const ekycResult = await rm.getEkycResult(requestId);
  return { steps: { livenessFace, ekycResult }, asOf };
}

/**
 * Whether WideKYC's validateId should be asked about `nik` (a billed call). THE HOOK for a stricter check: with
 * a package that exports `validateIdNumber` (API.md §8), a NIK that fails it (length, date of birth, region) is
 * never sent; the result is then `rejected` + `number_invalid` without paying for the validation.
 */
export function nikCheck(nik) {
  if (typeof ekyc.validateIdNumber !== "function") return { valid: true, issues: [] };
  const check = ekyc.validateIdNumber({ country: "IDN", type: "NIK", value: nik });
  return { valid: Boolean(check?.valid), issues: Array.isArray(check?.issues) ? check.issues : [] };
}

async function wideKyc(env, session, reference, selfie, idCard) {
  const wk = client(env, "widekyc");
  const custRefNo = freshId("ref");
  await bindProviderId(env, session, "widekyc", reference, custRefNo);
  const idRecognize = await wk.recognizeId({ custRefNo, idImage: idCard });
  const passiveLiveness = await wk.passiveLiveness({ custRefNo, selfieImage: selfie });
  let idValidation = null;
  const nik = idRecognize.person?.idNumber ?? idRecognize.document?.number;
  if (idRecognize.decision === "approved" && typeof nik === "string") {
    const check = nikCheck(nik);
    if (!check.valid) {
      idValidation = refusedNik(reference, check.issues);
    } else {
      const card = idRecognize.raw?.content?.result?.data ?? {};
      const text = (k) => (typeof card[k] === "string" && card[k] ? card[k] : undefined);
      idValidation = await wk.validateId({
        custRefNo,
        nik,
        ...(text("nama") ? { name: text("nama") } : {}),
        ...(text("tanggal_lahir") ? { birthDate: text("tanggal_lahir") } : {}),
        ...(text("tempat_lahir") ? { birthPlace: text("tempat_lahir") } : {}),
        ...(text("alamat") ? { address: text("alamat") } : {}),
        selfieImage: selfie,
      });
    }
  }
  // The steps' own references are the provider's: combine() names the worker's instead.
  return { steps: { idRecognize, passiveLiveness, idValidation }, asOf: Date.now() };
}

/** The validation step of a NIK the worker refused to send: rejected, number_invalid. */
function refusedNik(reference, issues) {
  return {
    provider: "widekyc", reference, decision: "rejected",
    reasons: [{ code: "number_invalid", providerCode: "NIK_INVALID", message: `the NIK read from the card fails validateIdNumber (${issues.join(", ") || "invalid"})` }],
    person: null, document: null, face: null, aml: null, createdAt: null, updatedAt: null, raw: null,
  };
}
