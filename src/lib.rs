//! # ekyc-bridge
//!
//! Provider-neutral electronic KYC for web frontends and edge workers, in Rust compiled to WebAssembly:
//! prepare selfie and ID images, launch hosted verification flows, call five providers with their real
//! authentication, and normalize every result into one [`Verification`].
//!
//! The core (this crate's plain-Rust modules) has no JS dependency and is tested natively; `bindings/` is
//! the only place with `#[wasm_bindgen]` and converts JS values at the boundary.
//!
//! # Modules
//! - [`model`]: `Verification` and its parts (with generated TypeScript types).
//! - [`error`]: `EkycError` and its stable codes.
//! - [`image`]: the `wasm` engine of `prepareImage` (decode, orient, resize, encode within a byte budget, checks).
//! - [`providers`]: per-provider protocol (no I/O) and normalization.
//! - [`idnum`]: national identity numbers (MyKad, NIK, NRIC/FIN, Thai ID, CCCD, BVN/NIN) and the ICAO 9303 MRZ.
//!
//! # Features
//! - `clients` (default): the provider clients ([`clients`]), webhooks ([`webhooks`]) and their JS exports
//!   together with `normalize`. Built without it (`--no-default-features`), the wasm has only the browser half
//!   of the API — `prepareImage`, `Camera`, `chooseImageFile`, the hosted flows, `parseRedirect`, `EkycError`,
//!   `version` — and is shipped as the package's lean `ekyc-bridge/browser` entry (about a third of the size).
//!
//! The browser-only parts are compiled only for `wasm32` targets.

#[cfg(feature = "clients")]
pub mod clients;
/// Document detection (API.md §7): the corners of a whole ID card or page in a frame; pure Rust.
pub mod document;
pub mod error;
pub mod flows;
/// Identity numbers and the ICAO 9303 MRZ (API.md §8): pure Rust, no JS dependency.
pub mod idnum;
/// Image preparation for providers (API.md §1): pure Rust, no JS dependency.
pub mod image;
/// The check of the example edge worker's signed push to the merchant (`verifyMerchantWebhook`).
#[cfg(feature = "clients")]
pub mod merchant_webhook;
pub mod model;
pub mod providers;
pub mod transport;
#[cfg(feature = "clients")]
pub mod webhooks;

/// The browser-only half: camera and hosted-flow launcher (wasm32 only; the only code that uses `window`).
#[cfg(target_arch = "wasm32")]
pub mod browser;

/// The JS boundary (wasm32 only): the `#[wasm_bindgen]` exports, public so wasm-bindgen tests can call them.
#[cfg(target_arch = "wasm32")]
pub mod bindings;

pub use error::{EkycError, ErrorCode, Result};
pub use model::{
    Address, Aml, Decision, Document, Face, Gender, Person, ProviderId, Reason, ReasonCode, RiskLevel, Verification,
};
pub use providers::{normalize, NormalizeOptions};

/// The version of this package (the crate version, which is also the npm package version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
