// A local HTTP server on 127.0.0.1 that replays scripted answers and faults, for the client tests:
// per `METHOD /path`, a queue of steps — { status, json | body, headers } answers, and the faults
// { hang: true } (never answers), { drip: ms } (sends the body a byte at a time), { reset: true } (destroys the
// socket), { truncate: true } (promises more bytes than it sends, then closes), { delay: ms }.
// A step may be a function (req, bodyBuffer) => step, to check what the client sent. Every request is recorded.
import { createServer } from "node:http";

export async function replayServer() {
  const routes = new Map();
  const requests = [];
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const key = `${req.method} ${new URL(req.url, "http://x").pathname}`;
    requests.push({ key, url: req.url, headers: req.headers, body, at: Date.now() });
    const queue = routes.get(key) ?? [];
    let step = queue.length > 1 ? queue.shift() : queue[0];
    if (typeof step === "function") step = await step(req, body);
    if (!step) return void res.writeHead(404, { "Content-Type": "text/plain" }).end(`no script for ${key}`);
    if (step.delay) await new Promise((r) => setTimeout(r, step.delay));
    if (step.hang) return; // the client's timeout must end it
    if (step.reset) return void req.socket.destroy();
    const payload = Buffer.from(step.json !== undefined ? JSON.stringify(step.json) : (step.body ?? ""));
    const headers = { "Content-Type": step.json !== undefined ? "application/json" : "text/html", ...step.headers };
    if (step.truncate) {
      res.writeHead(step.status ?? 200, { ...headers, "Content-Length": String(payload.length + 100) });
      res.write(payload);
      return void setTimeout(() => req.socket.destroy(), 20);
    }
    res.writeHead(step.status ?? 200, { ...headers, "Content-Length": String(payload.length) });
    if (step.drip) {
      for (const byte of payload) {
        if (res.destroyed) return;
        res.write(Buffer.from([byte]));
        await new Promise((r) => setTimeout(r, step.drip));
      }
      return void res.end();
    }
    res.end(payload);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    requests,
    /** Scripts `METHOD /path` with the given steps (the last one repeats). */
    on(key, ...steps) {
      routes.set(key, steps);
      return this;
    },
    hits: (key) => requests.filter((r) => r.key === key).length,
    reset() {
      routes.clear();
      requests.length = 0;
    },
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(r);
      }),
  };
}
