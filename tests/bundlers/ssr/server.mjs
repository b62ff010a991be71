// Renders page.mjs (or page.cjs with --cjs) in Node as a server does, with the DOM's globals watched: any read of
// `window`, `document` or `navigator` is recorded. Prints one JSON line with what happened.
import { createRequire } from "node:module";

const touched = [];
for (const name of ["window", "document", "navigator"]) {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      touched.push(`${name} (${new Error().stack.split("\n")[2]?.trim()})`);
      return undefined;
    },
  });
}
const page = process.argv.includes("--cjs") ? createRequire(import.meta.url)("./page.cjs") : await import("./page.mjs");
const onImport = [...touched];
const html = page.render("https://shop.example/kyc/done?is_success=1&token=tok-1");
const calls = {};
for (const [name, call] of Object.entries(page.browserOnly)) {
  try {
    await call();
    calls[name] = { threw: false };
  } catch (e) {
    calls[name] = { threw: true, ekycError: e instanceof page.EkycError, code: e?.code ?? null, message: String(e?.message ?? e) };
  }
}
let image = null;
if (page.prepareImage) {
  // What does not need a page works on the server too (a 16×16 PNG, prepared by the wasm engine).
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAABlklEQVR4nBXRURVEIQhFUSMYgQhGMAIRiGCEE8EIRiACEYhABCLMG7/ZrMt1jMEcyGAN9kAHNjgDBnfwBj6IQQ5q0IMxJnMikzXZE53Y5EyY3Mmb+CQmOalJzw8IUxBhCVtQwYQjIFzhCS6EkEIJLR9YzIUs1mIvdGGLs2BxF2/hi1jkoha9PrCZG9mszd7oxjZnw+Zu3sY3sclNbXp/QJmKKEvZiiqmHAXlKk9xJZRUSmn9gDENMZaxDTXMOAbGNZ7hRhhplNH2gcM8yGEd9kEPdjgHDvfwDn6IQx7q0OcD/wK/Sr4jv9hfkG/1N/x/Fx44BCQU9Pc94zIvclmXfdGLXc79j9/Lu/glLnmpS98PPOZDHuuxH/qwx3n/5ffxHv6IRz7q0e8DznTEWc521DHn+D/KdZ7jTjjplNP+gWAGEqxgBxpYcOIf/AYv8CCCDCro+EAyE0lWshNNLDn5P/MmL/Ekkkwq6fxAMQspVrELLaw49S/lFq/wIoosquj6QDMbaVazG22sOf2v8Dav8SaabKrp5geIAnAQEbP2+wAAAABJRU5ErkJggg==", "base64");
  try {
    const out = await page.prepareImage(png, { minSide: 1, checks: false });
    image = { mime: out.mime, width: out.width };
  } catch (e) {
    image = { error: `${e?.code}: ${e?.message}` };
  }
}
console.log(JSON.stringify({ onImport, html, calls, image, touched }));
