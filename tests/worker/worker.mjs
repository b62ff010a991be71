// A minimal edge worker that imports the package by name, as a Cloudflare Worker does; run in real workerd
// by tests/js/workerd.test.mjs (bundled by esbuild with the `workerd` export condition, as wrangler does).
import { version, normalize, EkycError, MasChain } from "ekyc-bridge";

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
