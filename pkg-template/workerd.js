// Edge workers (Cloudflare workerd, the `workerd` / `worker` export conditions): workerd forbids compiling
// WebAssembly from bytes at run time, so the `.wasm` is imported as a module (a compiled
// `WebAssembly.Module`, as wrangler and miniflare provide) and instantiated synchronously.
import wasmModule from "./web/ekyc_bridge_bg.wasm";
import { initSync, __ekycErrorClass } from "./web/ekyc_bridge.js";

initSync({ module: wasmModule });

export * from "./web/ekyc_bridge.js";
/** The class of every error the SDK throws. */
export const EkycError = __ekycErrorClass();
