//! `verifyMerchantWebhook(rawBody, signatureHeader, secret, options?)` for JS (the merchant's server checks the
//! example edge worker's signed push with it).

use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

use super::options_from_js;
use crate::error::EkycError;
use crate::merchant_webhook::{verify, DEFAULT_TOLERANCE_SECONDS};

/// Options of `verifyMerchantWebhook`.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MerchantWebhookOptions {
    /// Largest distance between the signature's `t` and now, in seconds (default 300).
    #[tsify(optional)]
    pub tolerance_seconds: Option<u64>,
}

/// Verifies the `Ekyc-Signature` header (`t=…,v1=…`, HMAC-SHA256 as Stripe signs) of a push from the example
/// edge worker and returns the event, parsed. Throws `webhook_unauthenticated` when the secret is missing, the
/// header is malformed, the timestamp is outside the tolerance, or no signature matches.
#[wasm_bindgen(js_name = verifyMerchantWebhook, unchecked_return_type = "unknown")]
pub fn verify_merchant_webhook_js(
    #[wasm_bindgen(js_name = rawBody, unchecked_param_type = "string | Uint8Array | ArrayBuffer")] body: JsValue,
    #[wasm_bindgen(js_name = signatureHeader, unchecked_param_type = "string")] signature_header: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] secret: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MerchantWebhookOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let o: MerchantWebhookOptions = options_from_js(options, "verifyMerchantWebhook options")?;
    let body = body_bytes(&body)?;
    // A missing header or secret is a refusal, not a usage error: the check fails closed.
    let header = signature_header.as_string().unwrap_or_default();
    let secret = secret.as_string().unwrap_or_default();
    let now = (js_sys::Date::now() / 1000.0) as u64;
    let value = verify(&body, &header, &secret, o.tolerance_seconds.unwrap_or(DEFAULT_TOLERANCE_SECONDS), now)?;
    super::to_js(&value)
}

/// The raw body as bytes: exactly what was received (the signature is over these bytes, not a re-serialization).
fn body_bytes(body: &JsValue) -> Result<Vec<u8>, EkycError> {
    use wasm_bindgen::JsCast;
    if let Some(s) = body.as_string() {
        Ok(s.into_bytes())
    } else if let Some(a) = body.dyn_ref::<js_sys::Uint8Array>() {
        Ok(a.to_vec())
    } else if let Some(b) = body.dyn_ref::<js_sys::ArrayBuffer>() {
        Ok(js_sys::Uint8Array::new(b).to_vec())
    } else {
        Err(EkycError::invalid_input(
            "verifyMerchantWebhook: rawBody must be the raw body (string, Uint8Array or ArrayBuffer)",
        ))
    }
}
