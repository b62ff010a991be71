// The demo's stand-in for the merchant's own server: what it learns about a verification, server-side, with
// the secrets a browser never holds. Used by `make demo` (scripts/demo.mjs) and the end-to-end stack.
//   POST /webhook            the edge worker's signed push (MERCHANT_WEBHOOK_URL): checked with the package's
//                            `verifyMerchantWebhook` and the shared secret, kept by reference
//   GET  /panel/:reference   for the demo page's merchant panel: the worker's GET /verifications/:reference
//                            (Bearer MERCHANT_API_KEY, from here) and the push received for it, if any
// 127.0.0.1 only. The panel answers only the page's origin, and only for a reference, which only the browser
// that started the verification knows (the worker mints 192 random bits).
import { createServer } from "node:http";

/** Starts it → `{ url, close(), pushes }`; `verify` is the package's `verifyMerchantWebhook`. */
export function startMerchant({ workerUrl, apiKey, webhookSecret, pageOrigins, verify, port = 0, log = () => {} }) {
  /** reference → { event, receivedAt } of the latest verified push. */
  const pushes = new Map();
  let refused = 0;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers });
      res.end(JSON.stringify(body));
    };
    res.on("finish", () => log(`${req.method} ${url.pathname.startsWith("/panel/") ? "/panel/:ref" : url.pathname} ${res.statusCode}`));
    try {
      if (req.method === "POST" && url.pathname === "/webhook") {
        const chunks = [];
        let size = 0;
        for await (const c of req) {
          size += c.length;
          if (size > 1024 * 1024) return send(413, { error: "too large" });
          chunks.push(c);
        }
        let event;
        try {
          event = verify(Buffer.concat(chunks).toString("utf8"), req.headers["ekyc-signature"] ?? "", webhookSecret);
        } catch (e) {
          refused++;
          return send(400, { error: e.code ?? "refused" });
        }
        const reference = event?.data?.reference;
        if (typeof reference === "string") pushes.set(reference, { event, receivedAt: new Date().toISOString() });
        return send(200, { received: true });
      }
      const origin = req.headers.origin;
      const cors = origin && pageOrigins.includes(origin) ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : { Vary: "Origin" };
      const m = /^\/panel\/([A-Za-z0-9_-]{1,64})$/.exec(url.pathname);
      if (req.method === "GET" && m) {
        if (origin && !pageOrigins.includes(origin)) return send(403, { error: "origin" }, cors);
        const r = await fetch(`${workerUrl}/verifications/${m[1]}`, { headers: { Authorization: `Bearer ${apiKey}` } });
        const body = await r.json().catch(() => null);
        if (!r.ok) return send(r.status, { error: body?.error ?? { code: `http_${r.status}` } }, cors);
        const push = pushes.get(m[1]) ?? null;
        return send(200, {
          verification: body,
          subject: r.headers.get("ekyc-subject") || null,
          settled: r.headers.get("ekyc-settled") === "true",
          returned: r.headers.get("ekyc-returned"),
          push: push && { verified: true, type: push.event.type, decision: push.event.data?.verification?.decision ?? null, receivedAt: push.receivedAt },
        }, cors);
      }
      send(404, { error: "not found" }, cors);
    } catch (e) {
      send(502, { error: { code: "merchant_failed", message: e.message } });
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const url = `http://127.0.0.1:${server.address().port}`;
      resolve({ url, pushes, refused: () => refused, close: () => new Promise((r) => (server.closeAllConnections?.(), server.close(r))) });
    });
  });
}
