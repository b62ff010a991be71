//! MasChain eKYC (Malaysia): a hosted flow. The server creates a session, the user completes OCR (and face +
//! liveness for type `"00"`) on MasChain's page and is sent back with `?is_success=…` — a claim the user can
//! forge; only the server GET below is authoritative.
//!
//! - `POST /api/ekyc/verifications` `{type, id_country, id_type, redirect_url, wallet_address?}` → `{url, token}`.
//! - `GET /api/ekyc/verifications/{token}` → the session (OCR result, face result, `is_success`, `latest_error`).
//!
//! Modules: [`types`] (requests and responses), [`protocol`] (HTTP request descriptions and response parsing,
//! no I/O), and the normalization ([`normalize`], mapping table in its docs).

pub mod protocol;
pub mod types;

mod normalize;

pub use normalize::{normalize, reason_for};

/// The provider id as written in errors and in `Verification.provider`.
pub const PROVIDER: &str = "maschain";
