//! The browser-only half (API.md §2, §3): the camera and the hosted-flow launcher, on `web-sys`. The only
//! module that touches `window`; compiled for wasm32 only. What needs no browser (the flow state, reading a
//! return URL) lives in `crate::flows` and is tested natively.

pub mod camera;
pub mod flow;
pub mod image;

use wasm_bindgen::{JsCast, JsValue};

use crate::error::{EkycError, ErrorCode, Result};

/// The page's `window`, or `browser_only` where there is none (Node and server-side rendering, workers).
pub(crate) fn window(what: &str) -> Result<web_sys::Window> {
    web_sys::window().ok_or_else(|| {
        EkycError::new(ErrorCode::BrowserOnly, format!("{what} needs a browser page (no `window` here)"))
    })
}

/// The `name` of a thrown `DOMException` (or `Error`), e.g. `"NotAllowedError"`.
pub(crate) fn error_name(e: &JsValue) -> String {
    if let Some(d) = e.dyn_ref::<web_sys::DomException>() {
        return d.name();
    }
    js_sys::Reflect::get(e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default()
}

/// A value as a plain JS object (objects, not `Map`s; `null` for `None`), for event payloads and constraints.
pub(crate) fn to_plain_js<T: serde::Serialize>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}
