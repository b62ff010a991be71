// `ekyc-bridge/browser`: the lean browser build — prepareImage, Camera, chooseImageFile, the hosted flows,
// parseRedirect, EkycError and version, without the provider clients, webhooks and normalize (they hold
// secrets and belong on a server or edge worker). About a third of the main entry's download (README *Size*).
// Instantiates its WebAssembly module once, on import, from the `.wasm` next to the glue.
import init, { __ekycErrorClass } from "./browser/ekyc_bridge.js";

await init();

export * from "./browser/ekyc_bridge.js";
/** The class of every error the SDK throws. */
export const EkycError = __ekycErrorClass();
