// A static server for the demo and the page tests, on 127.0.0.1 only: www/ at `/`, the assembled package at
// `/dist/ekyc-bridge/`. Usage: node scripts/serve.mjs [--port 8080]. Also importable: `serve({ port })`.
// `serve({ config })` also answers `GET /config.json` with that object (or what a function returns), which is how
// the demo page learns where the edge worker and the sandbox are; `log` receives one line per request.
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { extname, join, normalize, dirname, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm", ".svg": "image/svg+xml",
  ".png": "image/png", ".jpg": "image/jpeg", ".ts": "text/plain; charset=utf-8",
};
const MOUNTS = [["/dist/ekyc-bridge/", join(root, "dist", "ekyc-bridge")], ["/", join(root, "www")]];

/**
 * Starts the server; resolves with `{ url, close() }`. Port 0 picks a free port. `mounts` replaces the default
 * `[urlPrefix, folder]` pairs (the first prefix that matches wins; keep `"/"` last).
 */
export function serve({ port = 0, host = "127.0.0.1", config = null, log = null, mounts = MOUNTS } = {}) {
  const server = createServer((req, res) => {
    if (log) res.on("finish", () => log(`${req.method} ${new URL(req.url, "http://x").pathname} ${res.statusCode}`));
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return send(res, 400, "bad path");
    }
    if (config && path === "/config.json") {
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      return res.end(JSON.stringify(typeof config === "function" ? config() : config));
    }
    const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir + sep) && file !== dir) return send(res, 403, "forbidden");
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      statSync(file);
    } catch {
      return send(res, 404, "not found");
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-store" });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port } = server.address();
      resolve({ url: `http://${host}:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

function send(res, status, text) {
  res.writeHead(status, { "Content-Type": "text/plain" });
  res.end(text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--port");
  const { url } = await serve({ port: i > 0 ? Number(process.argv[i + 1]) : 8080 });
  console.log(`ekyc-bridge demo: ${url}`);
}
