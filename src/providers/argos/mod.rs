//! ARGOS Identity "ID Check" (`argos`): server API over submissions, optional encrypted bodies, webhooks.
//!
//! - [`submission`]: `GET /submission` — one submission by id, or a filtered, paged list.
//! - [`crypto`]: the pluggable [`Decryptor`] for `{isEncrypted: true, data}` bodies (AES-256-GCM, AES-256-ECB).
//! - [`webhook`]: the events ARGOS POSTs to the project's webhook URL.
//! - [`normalize()`]: a submission (`{Items:[one]}` or the bare item) → [`Verification`](crate::model::Verification).
//!
//! Every function here is pure: requests are [`HttpRequest`](crate::providers::http::HttpRequest)
//! descriptions, responses are parsed from [`HttpResponse`]s; nothing performs I/O.

pub mod crypto;
mod normalize;
pub mod submission;
pub mod webhook;

#[cfg(test)]
mod tests;

use serde_json::Value;

use crate::error::{EkycError, Result};
use crate::providers::http::{self, HttpResponse};

pub use crypto::{key_from_secret, AesDecryptor, Cipher, Decryptor};
pub use normalize::{normalize, reason_for_comment_code};
pub use submission::{
    build_submission_request, parse_submission_response, PageCursor, RequestType, Submission, SubmissionPage,
    SubmissionQuery,
};
pub use webhook::{parse_webhook, parse_webhook_value, WebhookEvent, WebhookTrigger};

/// The provider id as written in errors and in `Verification.provider`.
pub const PROVIDER: &str = "argos";

/// The production base URL (the legacy host was `https://rest-api.argoskyc.com/v3`).
pub const DEFAULT_BASE_URL: &str = "https://rest-api.argosidentity.com/v3";

/// Checks the HTTP status and parses the body as JSON: 401/403 → `unauthorized` (ARGOS answers 403 for a
/// bad key or a denied IP), 413 → `image_too_large`, other non-2xx → `http_status` (retryable for 429, 502,
/// 503, 504) with ARGOS's `errorCode` (e.g. `invalid_parameter`) as `provider_code`; not JSON →
/// `malformed_response`.
pub(crate) fn json_body(resp: &HttpResponse) -> Result<Value> {
    if !(200..300).contains(&resp.status) {
        let body: Option<Value> = serde_json::from_slice(&resp.body).ok();
        let field = |k: &str| body.as_ref().and_then(|b| b.get(k)).and_then(Value::as_str).map(str::to_string);
        let provider_code = field("errorCode").or_else(|| field("code")).or_else(|| field("error"));
        return Err(http::status_error(PROVIDER, "ARGOS", resp.status, provider_code, field("message")));
    }
    http::json_value(PROVIDER, "ARGOS", resp)
}

/// The cipher text of an encrypted body, when `value` is one: an object with `isEncrypted: true` and a string
/// `data` (or `body`, the request-side name), or an object whose only content is such a string without the
/// flag (webhooks). `None` for a plain body.
pub(crate) fn cipher_text(value: &Value) -> Option<&str> {
    let obj = value.as_object()?;
    let flagged = obj.get("isEncrypted").and_then(Value::as_bool).unwrap_or(false);
    let text = ["data", "body"].iter().find_map(|k| obj.get(*k).and_then(Value::as_str))?;
    let only_cipher = obj.keys().all(|k| k == "data" || k == "body" || k == "isEncrypted");
    (flagged || only_cipher).then_some(text)
}

/// Decrypts `value` when it is an encrypted envelope (see [`cipher_text`]) and parses the plain text as JSON;
/// returns a plain `value` unchanged. An encrypted body without a decryptor is `invalid_input`; a failed
/// decryption keeps the decryptor's error; plain text that is not JSON is `malformed_response`.
pub fn decrypt_if_encrypted(value: Value, decryptor: Option<&dyn Decryptor>) -> Result<Value> {
    let Some(cipher) = cipher_text(&value) else { return Ok(value) };
    let decryptor = decryptor.ok_or_else(|| {
        EkycError::invalid_input("the ARGOS body is encrypted but no decryptor is configured (pass secretKey)")
            .with_provider(PROVIDER)
    })?;
    let plain = decryptor.decrypt(cipher)?;
    serde_json::from_slice(&plain).map_err(|e| {
        EkycError::malformed("the decrypted ARGOS body is not JSON (wrong key or scheme?)")
            .with_provider(PROVIDER)
            .with_cause(e)
    })
}
