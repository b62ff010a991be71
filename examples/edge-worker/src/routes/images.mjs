// POST /images/:provider — prepared images (Base64 JPEGs as `prepareImage` returns them) checked by a provider
// that works on images rather than a hosted page. Body `{ selfie, idCard, custRefNo? }` → `{ reference,
// verification, steps }`, `verification` combining every step (the strictest decision wins).
//   revenue-monster  recognizeMyKad(idCard, notifyUrl = this worker's webhook) → liveness(requestId, selfie) →
//                    getEkycResult(requestId); reference = the MyKad requestId (for GET /results)
//   widekyc          recognizeId(idCard) → passiveLiveness(selfie) → validateId(the NIK, name, birth data and
//                    address read from the card, with the selfie); reference = custRefNo
import { client, publicUrl } from "../config.mjs";
import { badRequest, json, readJsonObject } from "../http.mjs";
import { freshId } from "../ids.mjs";
import { combine } from "../combine.mjs";
import { rememberSteps } from "../store.mjs";

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

export async function submitImages(provider, request, env) {
  const body = await readJsonObject(request, LIMIT);
  const selfie = image(body, "selfie");
  const idCard = image(body, "idCard");
  if (provider === "revenue-monster") return revenueMonster(selfie, idCard, request, env);
  // Minted here, never taken from the caller: WideKYC has no result API, so the reference is the only key to
  // the stored result, and a caller-chosen one could read or overwrite another user's.
  if (body.custRefNo != null) throw badRequest("custRefNo is chosen by the worker");
  const custRefNo = freshId("ref");
  return wideKyc(custRefNo, selfie, idCard, env);
}

async function revenueMonster(selfie, idCard, request, env) {
  const rm = client(env, "revenue-monster");
  const notifyUrl = `${publicUrl(env, request)}/webhooks/revenue-monster`;
  const { requestId } = await rm.recognizeMyKad({ image: idCard, notifyUrl });
  // The selfie against the recognized MyKad (`liveness-face`) is what RM's eKYC verdict is built from.
  const face = { livenessFace: await rm.liveness({ mykadRequestId: requestId, image: selfie }) };
  // Stored as of this request, so the notify_url webhook's fetch, if it started earlier, cannot replace it.
  const asOf = Date.now();
  const ekycResult = await rm.getEkycResult(requestId);
  const steps = { ...face, ekycResult };
  const verification = combine("revenue-monster", requestId, steps);
  // Kept as steps: a later fetch of the verdict (webhook, GET /results) replaces `ekycResult` only.
  rememberSteps("revenue-monster", requestId, steps, asOf);
  return json({ reference: requestId, verification, steps });
}

async function wideKyc(custRefNo, selfie, idCard, env) {
  const wk = client(env, "widekyc");
  const idRecognize = await wk.recognizeId({ custRefNo, idImage: idCard });
  const passiveLiveness = await wk.passiveLiveness({ custRefNo, selfieImage: selfie });
  let idValidation = null;
  const nik = idRecognize.person?.idNumber ?? idRecognize.document?.number;
  if (idRecognize.decision === "approved" && typeof nik === "string") {
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
  const steps = { idRecognize, passiveLiveness, idValidation };
  const verification = combine("widekyc", custRefNo, steps); // review when no NIK was validated
  rememberSteps("widekyc", custRefNo, steps);
  return json({ reference: custRefNo, verification, steps });
}
