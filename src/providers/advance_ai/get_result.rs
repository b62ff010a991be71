//! POST /intl/openapi/identity-risk/idvs-h5/ekyc/v1/get-result — the authoritative result of a transaction.
//!
//! Body `{signatureId}`, header `X-ACCESS-TOKEN`. Answer: the envelope `{code, message, data, transactionId}`
//! where `code` is `SUCCESS`, `SIGNATURE_NOT_EXIST` or `ERROR` and `data` is [`GetResultData`]. An answer with
//! an error `code` is still a result: [`normalize`](super::normalize()) turns it into a `Verification` with
//! decision `error`, so [`parse_get_result_response`] hands back the JSON for every 2xx answer.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::generate_url::PATH_PREFIX;
use super::{endpoint_url, json_body, post_with_token, Envelope, PROVIDER};
use crate::error::{EkycError, Result};
use crate::providers::common::open_enum;
use crate::providers::http::{HttpRequest, HttpResponse};

/// The last path segment of the endpoint.
pub const SEGMENT: &str = "get-result";

/// The request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetResultRequest {
    /// The transaction, from generate-URL, the callback or the return URL.
    pub signature_id: String,
    /// How images come back (e.g. `URL`, `BASE64`; ADVANCE.AI's get-result option), passed through; left out
    /// when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_image_type: Option<String>,
}

/// Builds the get-result request. Idempotent (a read). Fails with `invalid_input` for an empty
/// `signature_id`, an empty `return_image_type` or token.
pub fn build_get_result_request(
    base_url: &str,
    access_token: &str,
    signature_id: &str,
    return_image_type: Option<&str>,
) -> Result<HttpRequest> {
    let signature_id = signature_id.trim();
    if signature_id.is_empty() {
        return Err(EkycError::invalid_input("signatureId is empty").with_provider(PROVIDER));
    }
    let return_image_type = return_image_type.map(str::trim);
    if return_image_type == Some("") {
        return Err(EkycError::invalid_input("returnImageType is empty").with_provider(PROVIDER));
    }
    let url = endpoint_url(base_url, &format!("{PATH_PREFIX}{SEGMENT}"))?;
    let body = GetResultRequest {
        signature_id: signature_id.to_string(),
        return_image_type: return_image_type.map(str::to_string),
    };
    Ok(post_with_token(url, access_token, &body)?.idempotent(true))
}

/// Checks the HTTP status and returns the JSON body (an object) for [`normalize`](super::normalize()):
/// 401/403 → `unauthorized`, other non-2xx → `http_status`, not a JSON object → `malformed_response`.
pub fn parse_get_result_response(resp: &HttpResponse) -> Result<Value> {
    json_body(resp)
}

/// The typed view of a get-result answer (`Envelope<GetResultData>`); normalization reads the raw JSON instead.
pub type GetResultResponse = Envelope<GetResultData>;

open_enum! {
    /// `data.overallResult`.
    pub enum OverallResult {
        /// The user passed.
        Pass = "PASS",
        /// The user failed; see `errorCode`.
        Fail = "FAIL",
        /// The user gave up or timed out.
        Incomplete = "INCOMPLETE",
    }
}

open_enum! {
    /// `faceDetail.faceResult`.
    pub enum FaceResult {
        /// The face stage passed.
        Pass = "PASS",
        /// The face stage failed.
        Fail = "FAIL",
    }
}

/// `data` of a get-result answer. Every field is optional here: the docs mark several as conditional, and
/// answers for unfinished transactions leave more out. Unknown fields are ignored (they stay in `raw`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GetResultData {
    /// The transaction.
    pub signature_id: Option<String>,
    /// `PASS` / `FAIL` / `INCOMPLETE`; `null` while there is no final result.
    pub overall_result: Option<OverallResult>,
    /// Whether the page finished submitting.
    pub submission_completed: Option<bool>,
    /// Deprecated alias of `overallResult`.
    pub idv_result: Option<OverallResult>,
    /// `SUCCESS`, or why it failed / is incomplete (see [`reason_for_error_code`](super::reason_for_error_code)).
    pub error_code: Option<String>,
    /// The registry record (shape per market; see [`DocDatabaseDetail`]).
    pub doc_database_detail: Option<DocDatabaseDetail>,
    /// Liveness and face comparison, when liveness ran.
    pub face_detail: Option<FaceDetail>,
    /// The generate-URL input, echoed.
    pub input_parameters: Option<Value>,
    /// The region, ISO alpha-3.
    pub country_code_iso3: Option<String>,
}

/// `numberTypeInfo` of the registry record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NumberTypeInfo {
    /// E.g. `NG_BVN`, `NG_NIN`, `ID_NIK`, `BR_CPF`.
    pub number_type: Option<String>,
    /// ISO alpha-3.
    pub region: Option<String>,
}

/// The registry record, common fields (market-specific ones stay in `raw`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DocDatabaseDetail {
    /// The number looked up (often masked).
    pub number_value: Option<String>,
    /// Which registry.
    pub number_type_info: Option<NumberTypeInfo>,
    /// Given name (NGA).
    pub first_name: Option<String>,
    /// Middle name (NGA).
    pub middle_name: Option<String>,
    /// Family name (NGA).
    pub last_name: Option<String>,
    /// Full name (IDN and others).
    pub full_name: Option<String>,
    /// `MALE` / `FEMALE`.
    pub gender: Option<String>,
    /// `yyyy/MM/dd`.
    pub birthday: Option<String>,
    /// Per-field checks: `"pass"` / `"fail"` / `null`.
    pub verification: Option<Value>,
}

/// `faceDetail`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FaceDetail {
    /// `PASS` / `FAIL`.
    pub face_result: Option<FaceResult>,
    /// 0–100; below 50 is an attack.
    pub face_liveness_score: Option<f64>,
    /// The kind of attack detected.
    pub liveness_attack_type: Option<String>,
    /// 0–100; 70 is the match threshold.
    pub face_similarity_score: Option<f64>,
}
