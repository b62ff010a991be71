//! The only place with `#[wasm_bindgen]`: thin adapters from JS values to the plain-Rust core.
//! Every export returns `Result<_, JsValue>` whose error is a JS `EkycError` (see [`error`]), and every
//! JS → Rust conversion failure is `invalid_input`, never a panic.

mod browser;
// The server-side exports (provider clients, webhooks, normalize): off in the lean browser build
// (`--no-default-features`, the package's `ekyc-bridge/browser` entry).
#[cfg(feature = "clients")]
mod clients;
mod error;
mod flows;
mod image;
#[cfg(feature = "clients")]
mod normalize;
#[cfg(feature = "clients")]
mod webhook;

pub use browser::{start_hosted_flow, Camera, FlowHandle};
#[cfg(feature = "clients")]
pub use clients::{AdvanceAi, Argos, MasChain, RevenueMonster, SubmissionIterator, WideKyc};
pub use error::error_class;
pub use flows::parse_redirect_js;
pub use image::prepare_image;
#[cfg(feature = "clients")]
pub use normalize::{normalize_js, NormalizeOptions};
#[cfg(feature = "clients")]
pub use webhook::parse_webhook_js;

use wasm_bindgen::prelude::*;

/// The package version, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// TypeScript declarations that wasm-bindgen cannot derive: the error class and the code union.
#[wasm_bindgen(typescript_custom_section)]
const TS_ERRORS: &'static str = r#"
/** Every failure of the SDK: a real `Error` with a stable `code`. */
export declare class EkycError extends Error {
  readonly name: "EkycError";
  /** Stable snake_case code, e.g. `"malformed_response"`. */
  readonly code: ErrorCode;
  /** Whether the same call may succeed if retried later. */
  readonly retryable: boolean;
  readonly provider?: ProviderId;
  readonly httpStatus?: number;
  /** The provider's own error code, unchanged. */
  readonly providerCode?: string;
  readonly cause?: unknown;
}
"#;

/// Serializes a core value for JS: plain objects (not `Map`s), `null` for `None`.
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| crate::EkycError::new(crate::ErrorCode::Internal, format!("serializing a result: {e}")).into())
}

/// Reads a value from JS into `T`. It goes through `serde_json::Value` on purpose: serde-wasm-bindgen only
/// looks up the fields a struct declares, so a misspelled option would be silently ignored, while `serde_json`
/// honours `deny_unknown_fields`.
pub(crate) fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, crate::EkycError> {
    let json: serde_json::Value =
        serde_wasm_bindgen::from_value(value).map_err(|e| error::invalid_argument(what, e))?;
    serde_json::from_value(json).map_err(|e| error::invalid_argument(what, e))
}

/// Like [`from_js`], with the defaults for `undefined` and `null`.
pub(crate) fn options_from_js<T: serde::de::DeserializeOwned + Default>(
    value: JsValue,
    what: &str,
) -> Result<T, crate::EkycError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    from_js(value, what)
}
