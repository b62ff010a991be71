//! `normalize(provider, response, { endpoint })` for JS.

use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use super::{options_from_js, to_js};
use crate::model::ProviderId;
use crate::providers::{self, NormalizeOptions as CoreOptions};

/// The call a response came from, for the providers with several result shapes (Revenue Monster, WideKYC).
#[derive(Debug, Clone, Copy, serde::Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum NormalizeEndpoint {
    GetEkycResult,
    FaceCompare,
    FaceCompareWithMykad,
    LivenessFace,
    GetMykadResult,
    PassiveLiveness,
    IdRecognize,
    IdValidation,
}

impl NormalizeEndpoint {
    /// The name the core's `NormalizeOptions.endpoint` takes, e.g. `"face-compare-with-mykad"`.
    fn name(self) -> Option<String> {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string))
    }
}

/// Options of `normalize`.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NormalizeOptions {
    /// The call the response came from (WideKYC: `"passive-liveness"`, `"id-recognize"`, `"id-validation"`;
    /// Revenue Monster: `"get-ekyc-result"` (default), `"face-compare"`, `"face-compare-with-mykad"`,
    /// `"liveness-face"`, `"get-mykad-result"`). Any other name is `invalid_input`.
    #[tsify(optional)]
    pub endpoint: Option<NormalizeEndpoint>,
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
    let endpoint = options.endpoint.and_then(NormalizeEndpoint::name);
    let v = providers::normalize(provider, &response, &CoreOptions { endpoint })?;
    to_js(&v)
}
