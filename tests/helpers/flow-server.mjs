// The hosted-flow test bench: two HTTP servers on 127.0.0.1 (two ports, so two origins, as in production):
//
//   merchant  http://127.0.0.1:<m>/
//     /dist/ekyc-bridge/…        the assembled package (dist/ekyc-bridge)
//     /merchant.html, /merchant.js, /return.html   the merchant's page (tests/page/fixtures/)
//     POST /backend/sessions     the merchant backend: creates a session with the fake provider and answers
//                                `{ url, reference }`; records every body it received. Body `{ simulateStatus: 5xx }`
//                                makes it fail with that status instead.
//   provider  http://127.0.0.1:<p>/
//     /maschain/verifications?token=T     MasChain's hosted page: Pass / Fail → redirect_url + is_success=1|0,
//                                          Give up → redirect_url unchanged (no claim), Close → window.close()
//     /advance-ai/h5?signatureId=S        ADVANCE.AI's H5 page: Pass → returnUrl, a button per documented
//                                          errorCode → failReturnUrl + errorCode=X, Give up → failReturnUrl,
//                                          Close → window.close()
//     /api/session?ref=R                  what the provider pages read about their session (JSON)
//     /picture.svg                        an image without CORS headers (it taints a merchant canvas)
//
// `startFlowServer({ providerHeaders })`: extra response headers on the provider's pages (e.g.
// `Cross-Origin-Opener-Policy`, which real hosted pages may send). It resolves with `{ merchantUrl, providerUrl, sessions, received, close() }`: `received` is the
// list of backend request bodies (with their headers), `sessions` the map reference → session.
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, join, normalize, dirname, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const fixtures = join(root, "tests", "page", "fixtures");
const pkg = join(root, "dist", "ekyc-bridge");
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json", ".wasm": "application/wasm", ".ts": "text/plain; charset=utf-8", ".css": "text/css",
};

/** ADVANCE.AI's documented failReturnUrl error codes (PROVIDERS.md). */
export const ADVANCE_AI_ERROR_CODES = [
  "BROWSER_ISSUE", "DOCUMENT_AUTO_SCAN_TRY_COUNT_EXCEED", "DOCUMENT_MANUAL_TRY_COUNT_EXCEED", "NO_PERMISSION", "CAMERA_ISSUE",
  "RESELECT_DOC_TYPE", "RESELECT_REGION", "LIVENESS_TRY_COUNT_EXCEED", "NOT_SUPPORT", "LIVENESS_ATTACK", "SIMILARITY_FAILED",
  "NO_SUPPORTED_CARD", "NO_SUPPORTED_CARD_CUSTOMIZED",
];

/** Appends `name=value` to a URL's query, keeping its own query byte for byte and any fragment after it. */
export function appendQuery(url, name, value) {
  const hash = url.indexOf("#");
  const [base, fragment] = hash < 0 ? [url, ""] : [url.slice(0, hash), url.slice(hash)];
  const pair = `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  const sepChar = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return `${base}${sepChar}${pair}${fragment}`;
}

export async function startFlowServer({ providerHeaders = {} } = {}) {
  const sessions = new Map();
  const received = [];
  const servers = [];
  const listen = (handler) =>
    new Promise((resolve, reject) => {
      const server = createServer((req, res) =>
        handler(req, res).catch((e) => {
          if (!res.headersSent) send(res, 500, String(e?.stack ?? e));
        }),
      );
      const sockets = new Set();
      server.on("connection", (s) => (sockets.add(s), s.on("close", () => sockets.delete(s))));
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        servers.push({ server, sockets });
        resolve(`http://127.0.0.1:${server.address().port}`);
      });
    });

  let providerOrigin;
  const merchantOrigin = await listen(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const path = decodeURIComponent(url.pathname);
    if (path === "/backend/sessions") {
      if (req.method !== "POST") return send(res, 405, "POST only");
      const text = await readBody(req);
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        received.push({ headers: req.headers, text, body: null });
        return json(res, 400, { error: "the body is not JSON" });
      }
      received.push({ headers: req.headers, text, body });
      if (body.simulateStatus) return json(res, body.simulateStatus, { error: "simulated backend failure" });
      if (body.provider === "maschain") {
        if (typeof body.returnUrl !== "string") return json(res, 400, { error: "returnUrl missing" });
        const token = randomBytes(12).toString("hex");
        // The backend passes the SDK's returnUrl to MasChain as redirect_url.
        sessions.set(token, { provider: "maschain", reference: token, redirectUrl: body.returnUrl, body });
        return json(res, 200, { url: `${providerOrigin}/maschain/verifications?token=${token}`, reference: token });
      }
      if (body.provider === "advance-ai") {
        if (typeof body.returnUrl !== "string" || typeof body.failReturnUrl !== "string")
          return json(res, 400, { error: "returnUrl / failReturnUrl missing" });
        const signatureId = randomBytes(8).toString("hex");
        sessions.set(signatureId, {
          provider: "advance-ai", reference: signatureId, returnUrl: body.returnUrl, failReturnUrl: body.failReturnUrl,
          iframeEnabled: body.iframeEnabled === true, body,
        });
        return json(res, 200, { url: `${providerOrigin}/advance-ai/h5?signatureId=${signatureId}`, reference: signatureId });
      }
      return json(res, 400, { error: `unknown provider ${body.provider}` });
    }
    if (path.startsWith("/dist/ekyc-bridge/")) return serveFile(res, pkg, path.slice("/dist/ekyc-bridge/".length));
    if (path === "/" || path === "/merchant.html") return serveFile(res, fixtures, "merchant.html");
    if (path === "/merchant.js" || path === "/return.html") return serveFile(res, fixtures, path.slice(1));
    if (path === "/favicon.ico") return send(res, 204, "");
    return send(res, 404, "not found");
  });

  providerOrigin = await listen(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/maschain/verifications") return serveFile(res, fixtures, "maschain.html", providerHeaders);
    if (url.pathname === "/advance-ai/h5") return serveFile(res, fixtures, "advance-ai.html", providerHeaders);
    if (url.pathname === "/provider.js") return serveFile(res, fixtures, "provider.js");
    if (url.pathname === "/api/session") {
      const s = sessions.get(url.searchParams.get("ref") ?? "");
      if (!s) return json(res, 404, { error: "no such session" });
      const { body: _omit, ...pub } = s;
      const out = { ...pub };
      if (s.provider === "maschain") {
        out.pass = appendQuery(s.redirectUrl, "is_success", "1");
        out.fail = appendQuery(s.redirectUrl, "is_success", "0");
        out.giveUp = s.redirectUrl;
      } else {
        out.pass = s.returnUrl;
        out.failures = Object.fromEntries(ADVANCE_AI_ERROR_CODES.map((c) => [c, appendQuery(s.failReturnUrl, "errorCode", c)]));
        out.giveUp = s.failReturnUrl;
      }
      return json(res, 200, out);
    }
    if (url.pathname === "/favicon.ico") return send(res, 204, "");
    if (url.pathname === "/picture.svg") {
      // An image from another origin without CORS headers: drawn on the merchant's canvas, it taints it.
      res.writeHead(200, { "Content-Type": "image/svg+xml" });
      return res.end('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" fill="#a08070"/></svg>');
    }
    return send(res, 404, "not found");
  });

  return {
    merchantUrl: `${merchantOrigin}/`,
    providerUrl: `${providerOrigin}/`,
    merchantOrigin,
    providerOrigin,
    sessions,
    received,
    close: () =>
      Promise.all(
        servers.map(({ server, sockets }) => new Promise((r) => {
          server.close(r);
          for (const s of sockets) s.destroy();
        })),
      ),
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function serveFile(res, dir, rel, headers = {}) {
  const file = normalize(join(dir, rel));
  if (!file.startsWith(dir + sep)) return send(res, 403, "forbidden");
  try {
    if (!statSync(file).isFile()) return send(res, 404, "not found");
  } catch {
    return send(res, 404, "not found");
  }
  res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-store", ...headers });
  createReadStream(file).pipe(res);
}

function json(res, status, value) {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  res.end(JSON.stringify(value));
}

function send(res, status, text) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
  res.end(text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = await startFlowServer();
  console.log(`merchant ${s.merchantUrl}merchant.html   provider ${s.providerUrl}`);
}
