//! ADVANCE.AI get-result answer → [`Verification`] (API.md §4). Only the whole body is accepted: the
//! envelope's `code` carries the outcome.
//!
//! | answer | decision | reason |
//! |---|---|---|
//! | `code` ≠ `SUCCESS` | `error` | `SIGNATURE_NOT_EXIST` → `not_found`, else `provider_error` |
//! | `overallResult` `PASS` | `approved` | — |
//! | `FAIL` | `rejected` | [`reason_for_error_code`] of `errorCode` |
//! | `INCOMPLETE` | `incomplete` | [`reason_for_error_code`] of `errorCode` |
//! | `null` / absent | `pending` | — |
//! | any other value | `review` | `other` |
//!
//! Face: `faceLivenessScore` and `faceSimilarityScore` are 0–100 → 0–1. `livenessPassed` is false when
//! `faceResult` is `FAIL`, else `score ≥ 50` when there is a score (ADVANCE.AI: below 50 is an attack), else
//! true when `faceResult` is `PASS`. `match` is false when `faceResult` is `FAIL` or the registry's
//! `verification.face` is `"fail"`, else `similarity ≥ 70` (ADVANCE.AI's threshold) when there is a score,
//! else unknown (`null`: a `PASS` without a similarity score may not have compared faces at all).

use serde_json::{Map, Value};

use crate::error::{EkycError, Result};
use crate::model::{Address, Decision, Document, Face, Person, ProviderId, Reason, ReasonCode, Verification};
use crate::providers::common::{self, as_object, opt_obj, opt_str, opt_str_any, req_f64, req_obj, req_str};

/// The liveness score (0–100) below which ADVANCE.AI reports an attack.
const LIVENESS_THRESHOLD: f64 = 50.0;
/// The similarity score (0–100) from which ADVANCE.AI considers two faces the same person.
const SIMILARITY_THRESHOLD: f64 = 70.0;

/// The neutral reason for an ADVANCE.AI `errorCode`, whether it comes from get-result (`FAIL` and
/// `INCOMPLETE` codes) or from the `failReturnUrl?errorCode=` of a blocking failure on the hosted page.
/// Unknown codes (and `CAN_NOT_VERIFY`, `RISK_STRATEGY_HIT`, `INFO_ABNORMAL`, `BROWSER_ISSUE`,
/// `CAMERA_ISSUE`, `NOT_SUPPORT`, `NO_SUPPORTED_CARD*`) are `other`. Case-insensitive.
///
/// ```
/// use ekyc_bridge::providers::advance_ai::reason_for_error_code;
/// use ekyc_bridge::ReasonCode;
/// assert_eq!(reason_for_error_code("LIVENESS_ATTACK"), ReasonCode::LivenessFailed);
/// assert_eq!(reason_for_error_code("LIVENESS_TRY_COUNT_EXCEED"), ReasonCode::RetryLimit);
/// assert_eq!(reason_for_error_code("SOMETHING_NEW"), ReasonCode::Other);
/// ```
pub fn reason_for_error_code(code: &str) -> ReasonCode {
    match code.trim().to_ascii_uppercase().as_str() {
        // FAIL
        "BVN_NOT_EXIST" | "NUMBER_NOT_EXIST" => ReasonCode::NumberNotFound,
        "NAME_NOT_MATCH" => ReasonCode::DataMismatch,
        "LIVENESS_ATTACK" => ReasonCode::LivenessFailed,
        "SIMILARITY_FAILED" => ReasonCode::FaceMismatch,
        "INVALID_FORMAT" | "BVN_INVALID_FORMAT" => ReasonCode::NumberInvalid,
        "BVN_SUSPEND" | "NUMBER_BLOCKED" => ReasonCode::IdentityBlocked,
        "NUMBER_DECEASED" => ReasonCode::IdentityDeceased,
        "AGE_VERIFICATION_FAILED" => ReasonCode::Underage,
        "FACE_QUALITY_TOO_POOR" => ReasonCode::ImageQuality,
        // INCOMPLETE
        "USER_TIMEOUT" => ReasonCode::UserTimeout,
        "RETRY_COUNT_REACH_MAX" => ReasonCode::RetryLimit,
        "ERROR" | "PARAMETER_ERROR" => ReasonCode::ProviderError,
        // failReturnUrl
        "LIVENESS_TRY_COUNT_EXCEED" | "DOCUMENT_AUTO_SCAN_TRY_COUNT_EXCEED" | "DOCUMENT_MANUAL_TRY_COUNT_EXCEED" => {
            ReasonCode::RetryLimit
        }
        // The user refused the camera, or went back to pick another document type / region.
        "NO_PERMISSION" | "RESELECT_DOC_TYPE" | "RESELECT_REGION" => ReasonCode::UserCancelled,
        _ => ReasonCode::Other,
    }
}

/// Normalizes a whole get-result body. Fails with `malformed_response` when the body is not an object, has
/// no string `code`, or a decision field (`data`, `overallResult`, `errorCode`, `faceDetail` and its scores)
/// has the wrong type.
pub fn normalize(response: &Value) -> Result<Verification> {
    let obj = as_object(response, "ADVANCE.AI get-result")?;
    let mut v = Verification::new(ProviderId::AdvanceAi, Decision::Pending, response.clone());
    let code = req_str(obj, "code")?.ok_or_else(|| EkycError::malformed("no \"code\" in the ADVANCE.AI answer"))?;
    let data = req_obj(obj, "data")?;
    v.reference = data.and_then(|d| opt_str(d, "signatureId"));

    if !code.trim().eq_ignore_ascii_case("SUCCESS") {
        v.decision = Decision::Error;
        let reason = if code.trim().eq_ignore_ascii_case("SIGNATURE_NOT_EXIST") {
            ReasonCode::NotFound
        } else {
            ReasonCode::ProviderError
        };
        v.reasons.push(Reason::new(reason, code.trim(), opt_str(obj, "message")));
        return Ok(v);
    }
    let data = data.ok_or_else(|| EkycError::malformed("ADVANCE.AI answered SUCCESS without data"))?;

    let overall = match req_str(data, "overallResult")? {
        Some(s) => Some(s),
        None => req_str(data, "idvResult")?,
    };
    let error_code = req_str(data, "errorCode")?.filter(|c| !c.trim().is_empty());
    match overall.as_deref().map(|s| s.trim().to_ascii_uppercase()) {
        None => v.decision = Decision::Pending,
        Some(o) if o.is_empty() => v.decision = Decision::Pending,
        Some(o) if o == "PASS" => v.decision = Decision::Approved,
        Some(o) if o == "FAIL" || o == "INCOMPLETE" => {
            v.decision = if o == "FAIL" { Decision::Rejected } else { Decision::Incomplete };
            let reason = match &error_code {
                Some(c) => Reason::new(reason_for_error_code(c), c.trim(), None),
                None => Reason::new(ReasonCode::Other, o, Some("no errorCode given".into())),
            };
            v.reasons.push(reason);
        }
        Some(_) => {
            let raw = overall.unwrap_or_default();
            v.decision = Decision::Review;
            v.reasons.push(Reason::new(
                ReasonCode::Other,
                raw.trim(),
                Some(format!("unknown overallResult; errorCode {}", error_code.as_deref().unwrap_or("none"))),
            ));
        }
    }

    let detail = opt_obj(data, "docDatabaseDetail");
    v.face = face(data, detail)?;
    if let Some(detail) = detail {
        v.person = person(detail, data);
        v.document = document(detail, data);
    }
    Ok(v)
}

fn face(data: &Map<String, Value>, detail: Option<&Map<String, Value>>) -> Result<Option<Face>> {
    let registry_face_failed = detail
        .and_then(|d| opt_obj(d, "verification"))
        .and_then(|ver| opt_str(ver, "face"))
        .is_some_and(|f| f.eq_ignore_ascii_case("fail"));
    let Some(fd) = req_obj(data, "faceDetail")? else {
        return Ok(registry_face_failed.then(|| Face { r#match: Some(false), ..Face::default() }));
    };
    let result = req_str(fd, "faceResult")?.map(|s| s.trim().to_ascii_uppercase());
    let failed = result.as_deref() == Some("FAIL");
    let passed = result.as_deref() == Some("PASS");
    let liveness_score = req_f64(fd, "faceLivenessScore")?;
    let similarity_score = req_f64(fd, "faceSimilarityScore")?;
    let liveness_passed =
        if failed { Some(false) } else { liveness_score.map(|s| s >= LIVENESS_THRESHOLD).or(passed.then_some(true)) };
    let face_match =
        if failed || registry_face_failed { Some(false) } else { similarity_score.map(|s| s >= SIMILARITY_THRESHOLD) };
    Ok(Some(Face {
        r#match: face_match,
        similarity: similarity_score.and_then(common::percent_score),
        liveness: liveness_score.and_then(common::percent_score),
        liveness_passed,
    }))
}

fn person(detail: &Map<String, Value>, data: &Map<String, Value>) -> Option<Person> {
    let full_name = opt_str(detail, "fullName").or_else(|| {
        let parts: Vec<String> =
            ["firstName", "middleName", "lastName"].iter().filter_map(|k| opt_str(detail, k)).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    let address = match detail.get("address") {
        Some(Value::String(s)) if !s.trim().is_empty() => {
            Some(Address { lines: vec![s.trim().to_string()], ..Address::default() })
        }
        _ => None,
    };
    let p = Person {
        full_name,
        id_number: opt_str_any(detail, &["numberValue", "bvn", "nin", "nik", "cpf"]),
        date_of_birth: opt_str_any(detail, &["birthday", "dob", "dateOfBirth"]).and_then(|d| common::date(&d)),
        gender: opt_str(detail, "gender").and_then(|g| common::gender(&g)),
        nationality: opt_str(data, "countryCodeIso3").and_then(|c| common::country(&c)),
        address,
    };
    (p != Person::default()).then_some(p)
}

fn document(detail: &Map<String, Value>, data: &Map<String, Value>) -> Option<Document> {
    let info = opt_obj(detail, "numberTypeInfo");
    let d = Document {
        doc_type: info.and_then(|i| opt_str(i, "numberType")),
        country: info
            .and_then(|i| opt_str(i, "region"))
            .or_else(|| opt_str(data, "countryCodeIso3"))
            .and_then(|c| common::country(&c)),
        number: opt_str_any(detail, &["numberValue", "bvn", "nin", "nik", "cpf"]),
        issue_date: None,
        expiry_date: None,
    };
    (d != Document::default()).then_some(d)
}
