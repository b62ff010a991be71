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
mod idnum;
mod image;
#[cfg(feature = "clients")]
mod merchant_webhook;
#[cfg(feature = "clients")]
mod normalize;
#[cfg(feature = "clients")]
mod webhook;

pub use browser::{start_hosted_flow, Camera, FlowHandle};
#[cfg(feature = "clients")]
pub use clients::{AdvanceAi, Argos, MasChain, RevenueMonster, SubmissionIterator, WideKyc};
pub use error::error_class;
pub use flows::parse_redirect_js;
pub use idnum::{parse_mrz_js, validate_id_number_js, IdNumberInput};
pub use image::prepare_image;
#[cfg(feature = "clients")]
pub use merchant_webhook::verify_merchant_webhook_js;
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

/// Serializes a core value for JS: plain objects (not `Map`s), `null` for `None` — exactly what `JSON.parse`
/// makes of its JSON, because that is how it is built (`serde_json` text, then `JSON.parse`).
///
/// Why not serde-wasm-bindgen's `json_compatible` serializer: it refuses integers beyond 2^53, so a provider
/// response carrying a large numeric id (in `raw`) failed the whole call with `internal`; `JSON.parse` turns
/// such a number into the nearest double, as `res.json()` would have.
pub(crate) fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let internal = |m: String| JsValue::from(crate::EkycError::new(crate::ErrorCode::Internal, m));
    let text = serde_json::to_string(value).map_err(|e| internal(format!("serializing a result: {e}")))?;
    js_sys::JSON::parse(&text).map_err(|_| internal("parsing a serialized result".into()))
}

/// Reads a string argument. Every string parameter of an export is taken as a `JsValue` and checked here:
/// wasm-bindgen's glue for a `&str` / `String` parameter trusts the caller, and a number or an object passed
/// from plain JS made it copy garbage lengths into wasm memory (`memory access out of bounds`, after which the
/// module was broken for good); now it is `invalid_input`.
pub(crate) fn string_arg(value: &JsValue, what: &str) -> Result<String, crate::EkycError> {
    value.as_string().ok_or_else(|| {
        let kind = if value.is_undefined() {
            "undefined".to_string()
        } else if value.is_null() {
            "null".to_string()
        } else {
            value.js_typeof().as_string().unwrap_or_default()
        };
        crate::EkycError::invalid_input(format!("{what} must be a string, got {kind}"))
    })
}

/// Why a JS value could not be read as JSON data (see [`json_from_js`]).
pub(crate) enum JsJsonError {
    /// `JSON.stringify` threw: a cycle, a `BigInt`, a throwing getter, or nesting deeper than the JS stack.
    Stringify(String),
    /// The value has no JSON form (`undefined`, a function, a symbol).
    NotJson,
    /// `serde_json` refused the text, e.g. nesting deeper than its limit of 128.
    Parse(serde_json::Error),
}

impl std::fmt::Display for JsJsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JsJsonError::Stringify(m) => write!(f, "not JSON data ({m})"),
            JsJsonError::NotJson => f.write_str("not JSON data"),
            JsJsonError::Parse(e) => write!(f, "{e}"),
        }
    }
}

/// Reads any JS value as a `serde_json::Value` through `JSON.stringify` (called with `catch`) and
/// `serde_json::from_str`.
///
/// Why not `serde_wasm_bindgen::from_value`: it recurses without a limit, so an object nested 100 000 deep
/// overflowed the wasm shadow stack (`memory access out of bounds`, after which every call of the module
/// failed) or the JS stack (an uncaught `RangeError`), and a cycle never ended. Here a deep object or a cycle
/// makes `JSON.stringify` throw inside JS, which is caught, and `serde_json` refuses nesting deeper than 128
/// before its own recursion can hurt; both become typed errors. The value is what `fetch`'s `res.json()` or a
/// `JSON.stringify` of the caller's object would be, which is the data the SDK documents it reads.
pub(crate) fn json_from_js(value: &JsValue) -> Result<serde_json::Value, JsJsonError> {
    let text = js_sys::JSON::stringify(value).map_err(|e| {
        let message = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.name())).unwrap_or_else(|| "error".into());
        JsJsonError::Stringify(message)
    })?;
    let text = text.as_string().ok_or(JsJsonError::NotJson)?;
    serde_json::from_str(&text).map_err(JsJsonError::Parse)
}

/// Reads a value from JS into `T`. It goes through `serde_json::Value` on purpose: serde-wasm-bindgen only
/// looks up the fields a struct declares, so a misspelled option would be silently ignored, while `serde_json`
/// honours `deny_unknown_fields`; and [`json_from_js`] bounds the nesting.
pub(crate) fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, what: &str) -> Result<T, crate::EkycError> {
    let json = json_from_js(&value).map_err(|e| error::invalid_argument(what, e))?;
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
