// A Cloudflare Worker that uses one name of `ekyc-bridge` (bundled with the `workerd` condition, as wrangler does).
import { normalize } from "ekyc-bridge";

export default {
  async fetch(request) {
    try {
      const v = normalize("advance-ai", await request.json());
      return Response.json({ ok: true, value: { decision: v.decision, reference: v.reference, reason: v.reasons[0]?.code ?? null } });
    } catch (e) {
      return Response.json({ ok: false, error: String(e && e.stack ? e.stack : e) });
    }
  },
};
