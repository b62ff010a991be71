//! Revenue Monster eKYC (Malaysia, MyKad): a server API with OAuth client-credentials tokens and RSA-signed
//! calls to one service endpoint.
//!
//! - `POST {oauthUrl}` (`/v1/token`): client-credentials or refresh-token grant → [`types::TokenResponse`],
//!   kept in a [`protocol::TokenCache`].
//! - `POST {apiUrl}` (`/v3/service`) with `{"service":"ekyc","version":"v1","function":F,"request":{…}}`, signed by
//!   [`sign::Signer`]; functions `id-mykad`, `face-compare`, `liveness-face` (`face-compare-with-mykad` in the Go
//!   SDK), `get-mykad-result`, `get-ekyc-result`.
//!
//! Modules: [`types`] (requests and responses), [`sign`] (canonical body, plain text, RSA signature and its
//! verification), [`protocol`] (HTTP request descriptions and response parsing, no I/O), and the normalization
//! ([`normalize`], mapping table in its docs).

pub mod protocol;
pub mod sign;
pub mod types;

mod normalize;

pub use normalize::{mykad_birth_date, normalize};

/// The provider id as written in errors and in `Verification.provider`.
pub const PROVIDER: &str = "revenue-monster";
