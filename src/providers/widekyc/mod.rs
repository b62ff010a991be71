//! WideKYC (`widekyc`, Indonesia: eKTP OCR, Dukcapil validation, passive liveness).
//!
//! - [`passive_liveness`]: `POST /api/passive-liveness`
//! - [`id_recognize`]: `POST /api/id-recognize`
//! - [`id_validation`]: `POST /api/id-validation`
//!
//! Every call: header `token`, `Content-Type: application/json`, answer HTTP 200 with
//! `{"statusCode": "SUCCESSFUL", "content": {"result": {…}}}` or, for business errors, HTTP 200 with
//! `{"statusCode": "ERROR", "responseStatusDetails": [{description, type}]}`; 401, 404, 500, 503, 504 also occur.
//! [`parse_response`] turns the exchange into the body for [`normalize()`] or an [`EkycError`].
//!
//! Images are plain Base64 ([`Base64Image`](crate::providers::common::Base64Image): a `data:image/…;base64,`
//! prefix is stripped, any other `data:` form refused).
//! All calls are marked not idempotent: each one is billed against the merchant's quota.

pub mod id_recognize;
pub mod id_validation;
mod normalize;
pub mod passive_liveness;

#[cfg(test)]
mod tests;

use serde::Serialize;
use serde_json::Value;

use crate::error::{EkycError, ErrorCode, Result};
use crate::model::ReasonCode;
use crate::providers::http::{self, HttpRequest, HttpResponse};

pub use id_recognize::{build_id_recognize_request, IdRecognizeRequest};
pub use id_validation::{build_id_validation_request, IdValidationRequest};
pub use normalize::{normalize, reason_for_error_description};
pub use passive_liveness::{build_passive_liveness_request, PassiveLivenessRequest};

/// The provider id as written in errors and in `Verification.provider`.
pub const PROVIDER: &str = "widekyc";

/// The three calls, whose results have different shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `POST /api/passive-liveness`.
    PassiveLiveness,
    /// `POST /api/id-recognize`.
    IdRecognize,
    /// `POST /api/id-validation`.
    IdValidation,
}

impl Endpoint {
    /// The name used in `normalize(…, { endpoint })`, e.g. `"passive-liveness"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Endpoint::PassiveLiveness => "passive-liveness",
            Endpoint::IdRecognize => "id-recognize",
            Endpoint::IdValidation => "id-validation",
        }
    }

    /// The path, e.g. `/api/passive-liveness`.
    pub fn path(self) -> String {
        format!("/api/{}", self.as_str())
    }

    /// Parses an endpoint name (`passive-liveness`, `id-recognize`, `id-validation`; a leading `/api/` is
    /// allowed). Anything else is `invalid_input`.
    pub fn parse(name: &str) -> Result<Endpoint> {
        let n = name.trim().trim_start_matches("/api/").trim_start_matches('/');
        [Endpoint::PassiveLiveness, Endpoint::IdRecognize, Endpoint::IdValidation]
            .into_iter()
            .find(|e| e.as_str() == n)
            .ok_or_else(|| {
                EkycError::invalid_input(format!(
                    "unknown WideKYC endpoint {name:?}; expected passive-liveness, id-recognize or id-validation"
                ))
                .with_provider(PROVIDER)
            })
    }
}

/// Validates a customer reference: non-empty, no control characters.
pub(crate) fn check_ref(cust_ref_no: &str) -> Result<String> {
    let r = cust_ref_no.trim();
    if r.is_empty() || r.chars().any(char::is_control) {
        return Err(EkycError::invalid_input("cust_ref_no must be a non-empty string without control characters")
            .with_provider(PROVIDER));
    }
    Ok(r.to_string())
}

/// An image field as plain Base64 ([`Base64Image`](crate::providers::common::Base64Image)), naming `field`.
pub(crate) fn plain_base64_image(field: &str, image: &str) -> Result<String> {
    crate::providers::common::Base64Image::parse(PROVIDER, field, image).map(|i| i.into_string())
}

/// A JSON POST of `body` to `{base_url}{endpoint path}` with the `token` header. The reference goes out under
/// both names: the wiki (the seed) sends `cust_ref_no`, the official Postman collection
/// (`widetechid/WideKYC`, `example/api/WideKYC.postman_collection.json`) `transactionRefNo`; which one the server
/// reads today is unknown.
pub(crate) fn post(base_url: &str, token: &str, endpoint: Endpoint, body: &impl Serialize) -> Result<HttpRequest> {
    let base = http::base_url(PROVIDER, base_url)?;
    if token.trim().is_empty() {
        return Err(EkycError::invalid_input("the WideKYC token is empty").with_provider(PROVIDER));
    }
    let internal =
        |e: serde_json::Error| EkycError::new(ErrorCode::Internal, "cannot serialize the request").with_cause(e);
    let mut value = serde_json::to_value(body).map_err(internal)?;
    if let Some(obj) = value.as_object_mut() {
        if let Some(reference) = obj.get("cust_ref_no").cloned() {
            obj.insert("transactionRefNo".into(), reference);
        }
    }
    let bytes = serde_json::to_vec(&value).map_err(internal)?;
    Ok(HttpRequest::post_json(format!("{base}{}", endpoint.path()), bytes).header("token", token.trim()))
}

/// Parses a WideKYC answer into the JSON body for [`normalize()`]:
/// - a non-2xx answer whose body is WideKYC's error JSON (`responseStatusDetails`, with or without
///   `statusCode`) → the error of [`business_error`], with the HTTP status;
/// - other 401/403 → `unauthorized`; 413 → `image_too_large`; other non-2xx → `http_status` (503, 504, 502, 429
///   retryable);
/// - not a JSON object → `malformed_response`;
/// - HTTP 200 with `statusCode: "ERROR"` → the error of [`business_error`] (quota → `quota_exceeded`,
///   product not activated / not approved → `unauthorized`, else `http_status`), with the description as
///   `provider_code`.
pub fn parse_response(resp: &HttpResponse) -> Result<Value> {
    if !(200..300).contains(&resp.status) {
        // WideKYC's Android example reads the body of an HTTP 500 as its error JSON (`responseStatusDetails`,
        // without `statusCode`: the example adds `"ERROR"` itself): that body names the reason.
        let error_body =
            serde_json::from_slice::<Value>(&resp.body).ok().filter(|b| b.get("responseStatusDetails").is_some());
        if let Some(mut body) = error_body {
            if let Some(obj) = body.as_object_mut() {
                obj.entry("statusCode").or_insert_with(|| Value::String("ERROR".into()));
            }
            if let Some(e) = business_error(&body) {
                let retryable = e.code == ErrorCode::HttpStatus && matches!(resp.status, 429 | 502 | 503 | 504);
                return Err(e.with_http_status(resp.status).with_retryable(retryable));
            }
        }
        return Err(http::status_error(PROVIDER, "WideKYC", resp.status, None, None));
    }
    let value = http::json_object(PROVIDER, "WideKYC", resp)?;
    match business_error(&value) {
        Some(e) => Err(e.with_http_status(resp.status)),
        None => Ok(value),
    }
}

/// The error a `statusCode: "ERROR"` body stands for, or `None` for any other body. The first
/// `responseStatusDetails[].description` decides (see [`reason_for_error_description`]): quota →
/// `quota_exceeded`; product not activated / not approved → `unauthorized` (the merchant may not use this
/// product yet); anything else → `http_status`. `provider_code` is the description.
pub fn business_error(body: &Value) -> Option<EkycError> {
    let status = body.get("statusCode").and_then(Value::as_str)?;
    if !status.trim().eq_ignore_ascii_case("ERROR") {
        return None;
    }
    let description = body
        .get("responseStatusDetails")
        .and_then(Value::as_array)
        .and_then(|d| d.iter().find_map(|x| x.get("description").and_then(Value::as_str)))
        .unwrap_or("ERROR")
        .trim()
        .to_string();
    let code = match reason_for_error_description(&description) {
        ReasonCode::QuotaExceeded => ErrorCode::QuotaExceeded,
        ReasonCode::ProductNotActivated => ErrorCode::Unauthorized,
        _ => ErrorCode::HttpStatus,
    };
    Some(
        EkycError::new(code, format!("WideKYC answered ERROR: {description}"))
            .with_provider(PROVIDER)
            .with_provider_code(description),
    )
}

crate::providers::common::open_enum! {
    /// `statusCode` of every answer.
    pub enum StatusCode {
        /// The call succeeded; see `content.result`.
        Successful = "SUCCESSFUL",
        /// A business error; see `responseStatusDetails`.
        Error = "ERROR",
    }
}

/// One entry of `responseStatusDetails`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct StatusDetail {
    /// E.g. `"Quota Exceeded"`.
    pub description: Option<String>,
    /// E.g. `"Exception"`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// `content.result`, common to the three calls (endpoint-specific `data` kept as JSON).
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CallResult {
    /// `"success"` in every documented answer.
    pub status: Option<String>,
    /// `"True"` / `"False"` (strings) for passive-liveness and id-recognize.
    pub result: Option<Value>,
    /// id-recognize: the eKTP fields; id-validation: a boolean per field and `selfie_photo`.
    pub data: Option<serde_json::Map<String, Value>>,
    /// WideKYC's transaction id (the `Verification.reference`).
    pub trx_id: Option<String>,
    /// A reference WideKYC echoes.
    pub ref_id: Option<String>,
    /// The merchant reference as the Postman collection names it (instead of `cust_ref_no`).
    #[serde(rename = "transactionRefNo", alias = "cust_ref_no")]
    pub transaction_ref_no: Option<String>,
    /// Unix milliseconds.
    pub timestamp: Option<i64>,
}

/// `content`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Content {
    /// The call's result.
    pub result: Option<CallResult>,
}

/// The typed view of any WideKYC answer; normalization reads the raw JSON instead.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Response {
    /// `SUCCESSFUL` / `ERROR`.
    pub status_code: StatusCode,
    /// Present when `SUCCESSFUL`.
    #[serde(default)]
    pub content: Option<Content>,
    /// Present when `ERROR`.
    #[serde(default)]
    pub response_status_details: Vec<StatusDetail>,
}

impl Response {
    /// Reads a body as the typed view; `malformed_response` when the shape is wrong.
    pub fn from_value(body: &Value) -> Result<Response> {
        serde_json::from_value(body.clone()).map_err(|e| {
            EkycError::malformed("WideKYC answered with an unexpected shape").with_provider(PROVIDER).with_cause(e)
        })
    }
}
