// `Idempotency-Key` on the create routes (POST /sessions, POST /images): a repeat of a create with the same key
// (a retry after a lost answer, a double click) gets the first answer back, with `Idempotent-Replayed: true`,
// instead of paying the provider twice. Keys are per browser session; the same key with another body is a 422.
import { HttpError, json } from "./http.mjs";
import { sha256 } from "./identity.mjs";
import { idempotencyOf } from "./state.mjs";

const KEY = /^[\x21-\x7e]{1,255}$/;

/** Runs `create` (→ `{ status, body }`) once per key; without a key, every call runs. */
export async function once(env, request, owner, bodyText, create) {
  const key = request.headers.get("Idempotency-Key");
  if (key === null) return answer(await create());
  if (!KEY.test(key)) throw new HttpError(400, "invalid_input", "Idempotency-Key must be 1–255 visible ASCII characters");
  const record = idempotencyOf(env, owner, key);
  const started = await record.begin(await sha256(`${new URL(request.url).pathname}\n${bodyText}`));
  if (started.status === "done") return answer(started.response, { "Idempotent-Replayed": "true" });
  if (started.status === "running") throw new HttpError(409, "idempotency_in_progress", "a request with this Idempotency-Key is still running");
  if (started.status === "mismatch") throw new HttpError(422, "idempotency_mismatch", "this Idempotency-Key was used with another request body");
  let result;
  try {
    result = await create();
  } catch (e) {
    await record.abandon();
    throw e;
  }
  await record.finish(result);
  return answer(result);
}

const answer = ({ status, body }, headers = {}) => json(body, status, headers);
