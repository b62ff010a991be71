//! `parseRedirect(url, expect)` for JS (the browser-side launcher, `startHostedFlow`, builds on it).

use wasm_bindgen::prelude::*;

use super::{options_from_js, to_js};
use crate::flows::{parse_redirect, RedirectExpect};

/// Reads what a hosted flow's return URL claims (`is_success`, `errorCode`, the reference, the state).
/// `trusted` is always `false`: confirm the result with the backend. Throws `invalid_input` for a non-http(s)
/// URL and, with `expect.strict`, `state_mismatch` when the state is missing or not the flow's.
#[wasm_bindgen(js_name = parseRedirect, unchecked_return_type = "RedirectOutcome")]
pub fn parse_redirect_js(
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RedirectExpect")] expect: JsValue,
) -> Result<JsValue, JsValue> {
    let url = super::string_arg(&url, "parseRedirect: url")?;
    let expect: RedirectExpect = options_from_js(expect, "parseRedirect expect")?;
    to_js(&parse_redirect(&url, &expect)?)
}
