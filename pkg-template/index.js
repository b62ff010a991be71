// Browsers (<script type="module">), bundlers and Deno: instantiate the WebAssembly module once, on import,
// from the `.wasm` file next to the glue (resolved with `new URL(…, import.meta.url)`, which bundlers follow).
import init, { __ekycErrorClass } from "./web/ekyc_bridge.js";

await init();

export * from "./web/ekyc_bridge.js";
/** The class of every error the SDK throws. */
export const EkycError = __ekycErrorClass();
