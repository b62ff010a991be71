//! ADVANCE.AI IDVS H5 eKYC (`advance-ai`): hosted H5 flow, server-side result.
//!
//! The integration, in calls:
//! 1. [`token`]: `POST /openapi/auth/ticket/v1/generate-token` — a short-lived access token, signed with
//!    `sha256(accessKey + secretKey + timestamp)`; keep it in a [`TokenCache`].
//! 2. [`generate_url`]: `POST /intl/openapi/identity-risk/idvs-h5/ekyc/v1/<variant>` — the hosted page URL and
//!    the `signatureId` that names the transaction.
//! 3. The user finishes on the hosted page and returns to `returnUrl` (or `failReturnUrl?errorCode=…`, see
//!    [`reason_for_error_code`]); ADVANCE.AI may also POST a [`callback`] to `callbackUrl`.
//! 4. [`get_result`]: `POST /intl/openapi/identity-risk/idvs-h5/ekyc/v1/get-result` — the authoritative result,
//!    turned into a [`Verification`](crate::model::Verification) by [`normalize()`].
//!
//! Every function here is pure: requests are [`HttpRequest`] descriptions, responses are parsed from
//! [`HttpResponse`]s; nothing performs I/O.

pub mod callback;
pub mod generate_url;
pub mod get_result;
mod normalize;
pub mod token;

#[cfg(test)]
mod tests;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{EkycError, ErrorCode, Result};
use crate::providers::common::open_enum;
use crate::providers::http::{self, HttpRequest, HttpResponse};

pub use callback::{parse_callback, CallbackEvent, CallbackType};
pub use generate_url::{
    build_generate_url_request, parse_generate_url_response, GenerateUrlRequest, GeneratedUrl, UrlVariant,
};
pub use get_result::{build_get_result_request, parse_get_result_response, GetResultData, GetResultResponse};
pub use normalize::{normalize, reason_for_error_code};
pub use token::{build_token_request, parse_token_response, token_signature, AccessToken, TokenCache};

/// The provider id as written in errors and in `Verification.provider`.
pub const PROVIDER: &str = "advance-ai";

open_enum! {
    /// The `code` of every ADVANCE.AI response envelope.
    pub enum ResponseCode {
        /// The call succeeded.
        Success = "SUCCESS",
        /// get-result: the `signatureId` does not exist.
        SignatureNotExist = "SIGNATURE_NOT_EXIST",
        /// A request parameter is missing or invalid.
        ParameterError = "PARAMETER_ERROR",
        /// generate-token: the account is disabled.
        AccountDisabled = "ACCOUNT_DISABLED",
        /// generate-token: a client-side error (bad access key, signature or timestamp).
        ClientError = "CLIENT_ERROR",
        /// A server error at ADVANCE.AI.
        Error = "ERROR",
    }
}

/// The envelope every ADVANCE.AI endpoint answers with: `{code, message, data, extra, transactionId}`.
/// Unknown fields are ignored; `data` is endpoint-specific.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    /// `SUCCESS` or an error code.
    pub code: ResponseCode,
    /// The explanation of `code`.
    #[serde(default)]
    pub message: Option<String>,
    /// The endpoint's result; `null` on errors.
    #[serde(default = "none", bound(deserialize = "T: Deserialize<'de>"))]
    pub data: Option<T>,
    /// Extra information (exception messages).
    #[serde(default)]
    pub extra: Option<Value>,
    /// ADVANCE.AI's request id.
    #[serde(default)]
    pub transaction_id: Option<String>,
}

fn none<T>() -> Option<T> {
    None
}

/// Joins `base_url` (e.g. `https://sg-api.advance.ai`) and an absolute `path`. Fails with `invalid_input`
/// when the base URL is not `http(s)://…`.
pub(crate) fn endpoint_url(base_url: &str, path: &str) -> Result<String> {
    Ok(format!("{}{path}", http::base_url(PROVIDER, base_url)?))
}

/// A JSON POST carrying the access token.
pub(crate) fn post_with_token(url: String, token: &str, body: &impl Serialize) -> Result<HttpRequest> {
    if token.trim().is_empty() {
        return Err(EkycError::invalid_input("the access token is empty").with_provider(PROVIDER));
    }
    let body = serde_json::to_vec(body)
        .map_err(|e| EkycError::new(ErrorCode::Internal, "cannot serialize the request").with_cause(e))?;
    Ok(HttpRequest::post_json(url, body).header("X-ACCESS-TOKEN", token.trim()))
}

/// Checks the HTTP status and parses the body as JSON: 401/403 → `unauthorized`, 413 → `image_too_large`,
/// other non-2xx → `http_status` (retryable for 429, 502, 503, 504), not JSON → `malformed_response`.
pub(crate) fn json_body(resp: &HttpResponse) -> Result<Value> {
    if !(200..300).contains(&resp.status) {
        let body: Option<Value> = serde_json::from_slice(&resp.body).ok();
        let field = |k: &str| body.as_ref().and_then(|b| b.get(k)).and_then(Value::as_str).map(str::to_string);
        return Err(http::status_error(PROVIDER, "ADVANCE.AI", resp.status, field("code"), field("message")));
    }
    http::json_object(PROVIDER, "ADVANCE.AI", resp)
}

/// Parses a 2xx body into the envelope with `data` of type `T`; a body of the wrong shape is `malformed_response`.
pub(crate) fn envelope<T: DeserializeOwned>(resp: &HttpResponse) -> Result<Envelope<T>> {
    let value = json_body(resp)?;
    serde_json::from_value(value).map_err(|e| {
        EkycError::malformed("ADVANCE.AI answered with an unexpected shape")
            .with_provider(PROVIDER)
            .with_http_status(resp.status)
            .with_cause(e)
    })
}

/// The error for an envelope whose `code` is not `SUCCESS` (on endpoints where that is a failure of the call,
/// not a result): auth-like codes (`ACCOUNT_DISABLED`, `CLIENT_ERROR`, anything naming a token, key or
/// signature) → `unauthorized`; `PARAMETER_ERROR` → `invalid_input`; anything else → `http_status` with the
/// HTTP status of the answer (ADVANCE.AI has no further classification). `provider_code` is the code.
pub(crate) fn code_error(code: &ResponseCode, message: Option<&str>, status: u16) -> EkycError {
    let raw = code.as_str();
    let up = raw.to_ascii_uppercase();
    let kind = match code {
        ResponseCode::AccountDisabled | ResponseCode::ClientError => ErrorCode::Unauthorized,
        ResponseCode::ParameterError => ErrorCode::InvalidInput,
        _ if ["TOKEN", "SIGNATURE_ERROR", "ACCESS_KEY", "UNAUTHORIZED", "PERMISSION"]
            .iter()
            .any(|w| up.contains(w)) =>
        {
            ErrorCode::Unauthorized
        }
        _ => ErrorCode::HttpStatus,
    };
    EkycError::new(kind, format!("ADVANCE.AI answered {raw}: {}", message.unwrap_or("")).trim_end().to_string())
        .with_provider(PROVIDER)
        .with_provider_code(raw)
        .with_http_status(status)
}
