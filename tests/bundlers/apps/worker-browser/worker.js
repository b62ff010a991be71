// A Worker that uses one name of the lean `ekyc-bridge/browser` entry (its `workerd` branch: browser-workerd.js).
import { parseRedirect } from "ekyc-bridge/browser";

export default {
  async fetch(request) {
    try {
      const { url } = await request.json();
      const out = parseRedirect(url);
      return Response.json({ ok: true, value: { provider: out.provider, claimed: out.claimed, trusted: out.trusted } });
    } catch (e) {
      return Response.json({ ok: false, error: String(e && e.stack ? e.stack : e) });
    }
  },
};
