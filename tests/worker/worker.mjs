// A minimal edge worker that imports the package by name, as a Cloudflare Worker does; run in real workerd
// by tests/js/workerd.test.mjs (bundled by esbuild with the `workerd` export condition, as wrangler does).
import { version, normalize, prepareImage, EkycError, MasChain, AdvanceAi, RevenueMonster, Argos, WideKyc } from "ekyc-bridge";

const CLIENTS = { maschain: MasChain, "advance-ai": AdvanceAi, "revenue-monster": RevenueMonster, argos: Argos, widekyc: WideKyc };

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/maschain/")) {
      // A provider client inside workerd, over workerd's own fetch, with the secret from the environment.
      const client = new MasChain({ baseUrl: env.MASCHAIN_URL, clientId: "ci_worker", clientSecret: env.MASCHAIN_SECRET });
      try {
        return Response.json(await client.getVerification(url.pathname.slice("/maschain/".length)));
      } catch (e) {
        return Response.json({ error: { code: e.code, isEkycError: e instanceof EkycError } }, { status: 502 });
      }
    }
    if (url.pathname === "/call" && request.method === "POST") {
      // Any client method, as the test describes it: { provider, options, method, args }.
      const { provider, options, method, args } = await request.json();
      try {
        const client = new CLIENTS[provider](options);
        let result = client[method](...args);
        if (result && typeof result[Symbol.asyncIterator] === "function") {
          const all = [];
          for await (const item of result) all.push(item);
          result = all;
        }
        return Response.json({ result: await result });
      } catch (e) {
        return Response.json({ error: { code: e.code, message: e.message, isEkycError: e instanceof EkycError } }, { status: 502 });
      }
    }
    if (url.pathname === "/prepare" && request.method === "POST") {
      try {
        const out = await prepareImage(await request.arrayBuffer(), { preset: "selfie", engine: "wasm" });
        return Response.json({ ...out, bytes: undefined, byteLength: out.bytes.length });
      } catch (e) {
        return Response.json({ error: { code: e.code, message: e.message } }, { status: 400 });
      }
    }
    if (url.pathname === "/version") return new Response(version());
    if (url.pathname === "/normalize" && request.method === "POST") {
      const { provider, response, endpoint } = await request.json();
      try {
        return Response.json(normalize(provider, response, endpoint ? { endpoint } : undefined));
      } catch (e) {
        const error = { name: e.name, code: e.code, message: e.message, isError: e instanceof Error, isEkycError: e instanceof EkycError };
        return Response.json({ error }, { status: 400 });
      }
    }
    return new Response("not found", { status: 404 });
  },
};
