// One Durable Object per verification session (API.md §9), named by the worker's opaque reference: who owns it,
// the provider's own id (which never leaves the worker), the flow's state hash and return token, the result as
// steps, the webhook events already processed. Every method is one atomic read-modify-write (a Durable Object
// runs one call at a time between storage operations), so two webhooks, or a webhook and a page's read, never
// lose each other's update.
import { DurableObject } from "cloudflare:workers";
import { mergeSteps } from "../steps.mjs";

const KEY = "record";
/** Webhook event ids remembered per session (replays of older ones are still stopped by the providers' own
 *  replay windows: Revenue Monster's 5 minutes, ADVANCE.AI's per-session URL secret). */
const EVENTS_KEPT = 200;

export class VerificationSession extends DurableObject {
  /** Stores a new session; refuses to overwrite one (a reference is minted once). */
  async create(record) {
    if (await this.ctx.storage.get(KEY)) throw new Error("this reference already exists");
    const now = Date.now();
    await this.ctx.storage.put(KEY, { ...record, createdAt: now, updatedAt: now, steps: {}, combined: false, verification: null, returned: null, events: [], notified: null });
  }

  /** The session, or null when this reference was never minted. */
  async read() {
    return (await this.ctx.storage.get(KEY)) ?? null;
  }

  /** Sets fields the provider's answer brought (its own id, the hosted page's url). */
  async attach(fields) {
    const record = await this.ctx.storage.get(KEY);
    if (!record) return null;
    Object.assign(record, fields, { updatedAt: Date.now() });
    await this.ctx.storage.put(KEY, record);
    return record;
  }

  /**
   * Merges provider answers (see steps.mjs) → `{ record, changed }`; `changed` when the Verification's
   * decision moved (what a merchant notification is about).
   */
  async record(steps, asOf, combined = false) {
    const record = await this.ctx.storage.get(KEY);
    if (!record) return { record: null, changed: false };
    const before = record.verification?.decision ?? null;
    const merged = mergeSteps(record, record.provider, record.reference, steps, asOf, combined);
    if (!merged.changed) return { record, changed: false };
    Object.assign(record, { steps: merged.steps, combined: merged.combined, verification: merged.verification, updatedAt: Date.now() });
    await this.ctx.storage.put(KEY, record);
    return { record, changed: before !== (merged.verification?.decision ?? null) };
  }

  /**
   * The browser that came back from the provider's page: the owner's (its cookie) or someone else's. The
   * first return decides; a session finished in another browser stays void for its creator.
   */
  async returned(byOwner) {
    const record = await this.ctx.storage.get(KEY);
    if (!record) return null;
    if (record.returned === null) {
      record.returned = byOwner ? "owner" : "elsewhere";
      record.updatedAt = Date.now();
      await this.ctx.storage.put(KEY, record);
    }
    return record;
  }

  /** Whether webhook event `id` was already processed; remembers it (atomic: two deliveries race to one). */
  async seen(id) {
    const record = await this.ctx.storage.get(KEY);
    if (!record) return true;
    if (record.events.includes(id)) return true;
    record.events = [...record.events, id].slice(-EVENTS_KEPT);
    await this.ctx.storage.put(KEY, record);
    return false;
  }

  /** Marks `decision` as pushed to the merchant; false when it already was (one push per decision). */
  async notify(decision) {
    const record = await this.ctx.storage.get(KEY);
    if (!record || record.notified === decision) return false;
    record.notified = decision;
    await this.ctx.storage.put(KEY, record);
    return true;
  }
}
