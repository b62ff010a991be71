// Types of the package's entry points. Every entry point exports the same API; the generated declarations
// (from the Rust types, by wasm-bindgen and tsify) live in web/ekyc_bridge.d.ts.
export * from "./web/ekyc_bridge.js";
