// One create request by its `Idempotency-Key`, per browser session (named `${owner}:${key}`), as Stripe keeps
// them: the first answer is stored and a repeat with the same key and body gets it back instead of paying the
// provider again; the same key with another body is refused; a repeat while the first still runs is a 409.
import { DurableObject } from "cloudflare:workers";

/** How long a key is remembered (Stripe keeps them 24 h). */
const TTL_MS = 24 * 3600 * 1000;
/** Longer than any create takes (the provider calls time out after 25 s each). */
const RUNNING_MS = 2 * 60 * 1000;

export class IdempotencyRecord extends DurableObject {
  /** → `{ status: "new" | "running" | "mismatch" }` or `{ status: "done", response }`. */
  async begin(fingerprint) {
    const now = Date.now();
    const known = await this.ctx.storage.get("entry");
    // A first call that never finished (its isolate died) frees its key after RUNNING_MS.
    const live = known && (known.response ? now - known.at < TTL_MS : now - known.at < RUNNING_MS);
    if (live) {
      if (known.fingerprint !== fingerprint) return { status: "mismatch" };
      return known.response ? { status: "done", response: known.response } : { status: "running" };
    }
    await this.ctx.storage.put("entry", { fingerprint, at: now, response: null });
    return { status: "new" };
  }

  /** Keeps the answer `{ status, body }` for repeats. */
  async finish(response) {
    const known = await this.ctx.storage.get("entry");
    if (known) await this.ctx.storage.put("entry", { ...known, response });
  }

  /** The call failed before a session existed: a repeat may try again. */
  async abandon() {
    await this.ctx.storage.delete("entry");
  }
}
