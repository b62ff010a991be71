// Counts provider-billed operations of one key (a browser session, or a client address) in a fixed window.
// One Durable Object per key, named `session:…` / `address:…`: a count survives restarts and is the same in
// every isolate, which a module-level Map would not be.
import { DurableObject } from "cloudflare:workers";

export class RateLimiter extends DurableObject {
  /**
   * Takes one operation if fewer than `limit` were taken in the current window of `windowMs` →
   * `{ ok: true }` or `{ ok: false, retryAfter }` (seconds until the window ends).
   */
  async take(limit, windowMs) {
    const now = Date.now();
    let w = (await this.ctx.storage.get("window")) ?? { start: now, count: 0 };
    if (now - w.start >= windowMs) w = { start: now, count: 0 };
    if (w.count >= limit) return { ok: false, retryAfter: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
    w.count += 1;
    await this.ctx.storage.put("window", w);
    return { ok: true };
  }

  /** Gives back an operation taken for a call that was then refused by the other limit. */
  async refund() {
    const w = await this.ctx.storage.get("window");
    if (w && w.count > 0) {
      w.count -= 1;
      await this.ctx.storage.put("window", w);
    }
  }
}
