// The index from a provider's own id (MasChain token, ADVANCE.AI signatureId, RM requestId, ARGOS userid) to the
// worker's reference: one tiny Durable Object per provider id, named `${provider}:${id}`. Webhooks name the
// provider's id; only ids this worker minted a session for are found here, every other callback is ignored.
import { DurableObject } from "cloudflare:workers";

export class ReferenceIndex extends DurableObject {
  /** Points this provider id at `reference`; the first binding stays (a provider id belongs to one session). */
  async bind(reference) {
    const known = await this.ctx.storage.get("reference");
    if (known) return known === reference;
    await this.ctx.storage.put("reference", reference);
    return true;
  }

  async lookup() {
    return (await this.ctx.storage.get("reference")) ?? null;
  }
}
