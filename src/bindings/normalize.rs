//! `normalize(provider, response, { endpoint })` for JS.

use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use super::{options_from_js, to_js};
use crate::model::ProviderId;
use crate::providers::{self, NormalizeOptions as CoreOptions};

/// Options of `normalize`.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NormalizeOptions {
    /// The call the response came from (WideKYC: `"passive-liveness"`, `"id-recognize"`, `"id-validation"`;
    /// Revenue Monster: `"get-ekyc-result"` (default), `"face-compare"`, `"get-mykad-result"`).
    #[tsify(optional)]
    pub endpoint: Option<String>,
}

/// Turns a provider's parsed JSON response body into one `Verification`.
///
/// Throws `EkycError` `malformed_response` when `response` is not an object or a required field has the wrong
/// type, and `invalid_input` for an unknown provider, endpoint or option.
#[wasm_bindgen(js_name = normalize, unchecked_return_type = "Verification")]
pub fn normalize_js(
    #[wasm_bindgen(unchecked_param_type = "ProviderId")] provider: JsValue,
    #[wasm_bindgen(unchecked_param_type = "unknown")] response: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NormalizeOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let provider: ProviderId = super::string_arg(&provider, "normalize: provider")?.parse()?;
    let options: NormalizeOptions = options_from_js(options, "normalize options")?;
    // Bounded nesting, cycles refused: see `json_from_js`.
    let response = super::json_from_js(&response).map_err(|e| {
        crate::EkycError::malformed(format!("response is not JSON data: {e}")).with_provider(provider.as_str())
    })?;
    let v = providers::normalize(provider, &response, &CoreOptions { endpoint: options.endpoint })?;
    to_js(&v)
}
