//! `parseWebhook(provider, body, headers, options)` and `parseWebhookUnverified(provider, body)` for JS.

use serde::Deserialize;
use tsify::Tsify;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::clients::argos_decryptor;
use super::{options_from_js, to_js};
use crate::error::EkycError;
use crate::model::ProviderId;
use crate::webhooks::{parse_webhook, parse_webhook_unverified, WebhookAuth};

/// How to authenticate a webhook (see the README's webhook table). `parseWebhook` throws
/// `webhook_unauthenticated` when the provider's part is missing (API.md §5a).
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebhookOptions {
    /// The full URL the webhook was posted to (`request.url` in a worker).
    #[tsify(optional)]
    pub url: Option<String>,
    /// ADVANCE.AI: the `secret` query parameter the callback URL must carry.
    #[tsify(optional)]
    pub secret: Option<String>,
    /// ARGOS: the key of encrypted webhooks.
    #[tsify(optional)]
    pub secret_key: Option<String>,
    /// ARGOS: `"gcm"` (default) or `"ecb"`.
    #[tsify(optional)]
    pub encryption: Option<crate::providers::argos::Cipher>,
    /// Revenue Monster: its public key (PEM) that signs notifications.
    #[tsify(optional)]
    pub public_key_pem: Option<String>,
    /// Revenue Monster: the largest accepted age of `X-Timestamp` (default 300 s).
    #[tsify(optional)]
    pub max_age_seconds: Option<u64>,
}

/// Parses and authenticates a provider's webhook → `{ provider, type, reference, authenticated: true, raw }`.
/// Throws `webhook_unauthenticated` when the check fails or `options` lack what it needs (ADVANCE.AI `secret` +
/// `url`, ARGOS a GCM `secretKey`, Revenue Monster `publicKeyPem`). `body` is the raw body (string, `Uint8Array`
/// or `ArrayBuffer`); `headers` a `Headers` or a plain object. A webhook is a hint: fetch the result it names
/// with the client.
#[wasm_bindgen(js_name = parseWebhook, unchecked_return_type = "WebhookEvent")]
pub fn parse_webhook_js(
    #[wasm_bindgen(unchecked_param_type = "ProviderId")] provider: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] body: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Headers | Record<string, string>")] headers: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "WebhookOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let provider: ProviderId = super::string_arg(&provider, "parseWebhook: provider")?.parse()?;
    let o: WebhookOptions = options_from_js(options, "parseWebhook options")?;
    let body = body_bytes(&body)?;
    let headers = header_pairs(&headers)?;
    let decryptor = argos_decryptor(o.secret_key, o.encryption);
    let auth = WebhookAuth {
        url: o.url.as_deref(),
        secret: o.secret.as_deref(),
        decryptor: decryptor.as_deref(),
        public_key_pem: o.public_key_pem.as_deref(),
        max_age_seconds: o.max_age_seconds.unwrap_or(300),
        now_ms: js_sys::Date::now() as u64,
    };
    to_js(&parse_webhook(provider, &body, &headers, &auth)?)
}

/// Reads a webhook body **without any check** → `{ …, authenticated: false }`: anyone who knows the URL could
/// have sent it. Only for a caller that proves the sender some other way; otherwise use `parseWebhook`.
#[wasm_bindgen(js_name = parseWebhookUnverified, unchecked_return_type = "WebhookEvent")]
pub fn parse_webhook_unverified_js(
    #[wasm_bindgen(unchecked_param_type = "ProviderId")] provider: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] body: JsValue,
) -> Result<JsValue, JsValue> {
    let provider: ProviderId = super::string_arg(&provider, "parseWebhookUnverified: provider")?.parse()?;
    to_js(&parse_webhook_unverified(provider, &body_bytes(&body)?)?)
}

fn body_bytes(body: &JsValue) -> Result<Vec<u8>, EkycError> {
    if let Some(s) = body.as_string() {
        Ok(s.into_bytes())
    } else if let Some(a) = body.dyn_ref::<js_sys::Uint8Array>() {
        Ok(a.to_vec())
    } else if let Some(b) = body.dyn_ref::<js_sys::ArrayBuffer>() {
        Ok(js_sys::Uint8Array::new(b).to_vec())
    } else {
        Err(EkycError::invalid_input("parseWebhook: body must be the raw body (string, Uint8Array or ArrayBuffer)"))
    }
}

fn header_pairs(headers: &JsValue) -> Result<Vec<(String, String)>, EkycError> {
    if headers.is_undefined() || headers.is_null() {
        return Ok(Vec::new());
    }
    if let Some(h) = headers.dyn_ref::<web_sys::Headers>() {
        return Ok(crate::transport::fetch::collect_headers(h));
    }
    let object = headers
        .dyn_ref::<js_sys::Object>()
        .ok_or_else(|| EkycError::invalid_input("parseWebhook: headers must be a Headers or a plain object"))?;
    Ok(js_sys::Object::entries(object)
        .iter()
        .filter_map(|entry| {
            let pair = js_sys::Array::from(&entry);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect())
}
