//! `EkycError` → a JS `EkycError` (a real `Error` subclass defined in `support.js`) with `code`,
//! `message`, `retryable` and, when known, `provider`, `httpStatus`, `providerCode`, `cause`.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::{EkycError, ErrorCode};

#[wasm_bindgen(module = "/src/bindings/support.js")]
extern "C" {
    #[wasm_bindgen(js_name = EkycError)]
    type JsEkycError;

    #[wasm_bindgen(constructor, js_class = "EkycError")]
    fn new(code: &str, message: &str, retryable: bool, details: &JsValue) -> JsEkycError;

    #[wasm_bindgen(js_name = ekycErrorClass)]
    fn ekyc_error_class() -> JsValue;
}

/// The `EkycError` class, for the package entry points to re-export (`export const EkycError = …`).
#[wasm_bindgen(js_name = "__ekycErrorClass", skip_typescript)]
pub fn error_class() -> JsValue {
    ekyc_error_class()
}

impl From<EkycError> for JsValue {
    fn from(e: EkycError) -> JsValue {
        let details = Object::new();
        let set = |k: &str, v: JsValue| {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&details, &JsValue::from_str(k), &v);
        };
        if let Some(p) = e.provider {
            set("provider", JsValue::from_str(p));
        }
        if let Some(s) = e.http_status {
            set("httpStatus", JsValue::from(s));
        }
        if let Some(c) = &e.provider_code {
            set("providerCode", JsValue::from_str(c));
        }
        if let Some(c) = &e.cause {
            set("cause", JsValue::from_str(c));
        }
        JsEkycError::new(e.code.as_str(), &e.message, e.retryable, &details).into()
    }
}

/// A JS argument that could not be converted. serde's messages quote the offending value
/// (`invalid type: string "sk_live…", expected u32`), which could be a secret put in the wrong field, so every
/// quoted value is replaced; field names (in backticks) stay.
pub(crate) fn invalid_argument(what: &str, err: impl std::fmt::Display) -> EkycError {
    EkycError::new(ErrorCode::InvalidInput, format!("{what}: {}", redact_quoted(&err.to_string())))
}

fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for c in message.chars() {
        if c == '"' {
            if inside {
                out.push_str("\"…\"");
            }
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}
