//! ARGOS submission → [`Verification`] (API.md §4). Accepts `{Items: [one]}` or the bare submission.
//!
//! | submission | decision | reason |
//! |---|---|---|
//! | `Items: []` | `error` | `not_found` (a get by `submission_id` that found nothing) |
//! | `Items` with 2 or more | — | `malformed_response` (normalize each item instead) |
//! | `kyc.result` approved | `approved` | — |
//! | rejected | `rejected` | [`reason_for_comment_code`] of each `kyc.commentCode` (a string or, as in ARGOS's own examples, an array) |
//! | pending | `review` | — |
//! | incomplete | `incomplete` | — |
//! | absent (e.g. `request_type=aml`) | `pending` | — |
//! | any other value | `review` | `other` |
//! | `aml.currentstatus` "Red Flag" | `approved` → `review` | `aml_hit` (added to any decision) |
//! | `aml.currentstatus` unknown | `approved` → `review` | `other` |
//!
//! Face: the last of `kyc.attempts` gives `faceSimilarityScore` and `livenessScore` (or `liveness.score`);
//! their scale is not documented, so [`common::unit_score`] reads values above 1 as percentages. ARGOS
//! documents no pass thresholds, so `match` and `livenessPassed` stay `null`.

use serde_json::{Map, Value};

use crate::error::{EkycError, Result};
use crate::model::{
    Address, Aml, Decision, Document, Face, Person, ProviderId, Reason, ReasonCode, RiskLevel, Verification,
};
use crate::providers::common::{self, as_object, opt_f64, opt_obj, opt_str, opt_str_any, req_obj, req_str};

/// The neutral reason for an ARGOS reject code (`kyc.commentCode`), case-insensitive:
///
/// | commentCode | reason |
/// |---|---|
/// | `id_image_invalidImage`, `id_image_badImage`, `id_image_error`, `address_image_` + the same | `image_quality` |
/// | `id_image_invalidId`, `invalid_acceptedID` (not an accepted ID) | `document_not_found` |
/// | `id_info_dataMismatch` | `data_mismatch` |
/// | `id_info_blacklist`, `blacklistCountry` | `identity_blocked` |
/// | `id_info_notOfAge`, `under_ageLimit` | `underage` |
/// | `duplicate_user`, `duplicated_user_PII_exact`, `duplicated_face` (any `duplicate…`) | `duplicate` |
/// | `too_many_retry` | `retry_limit` |
/// | `expired_id` | `document_expired` |
/// | `no-date-of-birth` (the ID shows no birth date: age unproven, not under age), `automatic_verification_fail`, other `address_image_*`, unknown | `other` |
pub fn reason_for_comment_code(code: &str) -> ReasonCode {
    let c = code.trim().to_ascii_lowercase();
    let image_problem = |s: &str| matches!(s, "invalidimage" | "badimage" | "error");
    if let Some(rest) = c.strip_prefix("id_image_").or_else(|| c.strip_prefix("address_image_")) {
        if image_problem(rest) {
            return ReasonCode::ImageQuality;
        }
    }
    match c.as_str() {
        "id_image_invalidid" | "invalid_acceptedid" => ReasonCode::DocumentNotFound,
        "id_info_datamismatch" => ReasonCode::DataMismatch,
        "id_info_blacklist" | "blacklistcountry" => ReasonCode::IdentityBlocked,
        "id_info_notofage" | "under_agelimit" => ReasonCode::Underage,
        "too_many_retry" => ReasonCode::RetryLimit,
        "expired_id" => ReasonCode::DocumentExpired,
        _ if c.starts_with("duplicate") => ReasonCode::Duplicate,
        _ => ReasonCode::Other,
    }
}

/// Normalizes `{Items: [one]}` or a bare submission. Fails with `malformed_response` when the input is not an
/// object, is still encrypted, holds several items, is not a submission, or a decision field (`kyc`,
/// `kyc.result`, `kyc.commentCode`, `kyc.attempts`, `aml`, `aml.currentstatus`) has the wrong type.
pub fn normalize(response: &Value) -> Result<Verification> {
    let obj = as_object(response, "ARGOS submission")?;
    let mut v = Verification::new(ProviderId::Argos, Decision::Pending, response.clone());
    if obj.get("isEncrypted").and_then(Value::as_bool) == Some(true) {
        return Err(EkycError::malformed("the ARGOS body is encrypted: decrypt it before normalizing"));
    }
    let item = match obj.get("Items").or_else(|| obj.get("items")) {
        Some(Value::Array(items)) => match items.as_slice() {
            [] => {
                v.decision = Decision::Error;
                v.reasons.push(Reason::new(ReasonCode::NotFound, "Items=[]", Some("no such submission".into())));
                return Ok(v);
            }
            [one] => as_object(one, "ARGOS Items[0]")?,
            _ => return Err(EkycError::malformed("Items holds several submissions; normalize each item")),
        },
        Some(other) => {
            return Err(EkycError::malformed(format!("Items: expected an array, got {}", common::kind(other))))
        }
        None => obj,
    };
    if !["submission_id", "kyc", "data", "aml"].iter().any(|k| item.contains_key(*k)) {
        return Err(EkycError::malformed("not an ARGOS submission (no submission_id, kyc, data or aml)"));
    }

    v.reference = opt_str(item, "submission_id");
    v.created_at = item.get("created_at").and_then(common::timestamp);
    v.updated_at = ["updated_at", "kyc_result_at"].iter().find_map(|k| item.get(*k).and_then(common::timestamp));

    let kyc = req_obj(item, "kyc")?;
    let result = match kyc {
        Some(k) => req_str(k, "result")?,
        None => None,
    };
    match result.as_deref().map(|r| r.trim().to_ascii_lowercase()) {
        None => v.decision = Decision::Pending,
        Some(r) => match r.as_str() {
            "" => v.decision = Decision::Pending,
            "approved" => v.decision = Decision::Approved,
            "pending" => v.decision = Decision::Review,
            "incomplete" => v.decision = Decision::Incomplete,
            "rejected" => {
                v.decision = Decision::Rejected;
                let k = kyc.unwrap_or(obj);
                v.reasons.extend(rejection_reasons(k)?);
            }
            _ => {
                v.decision = Decision::Review;
                v.reasons.push(Reason::new(
                    ReasonCode::Other,
                    result.as_deref().unwrap_or_default().trim(),
                    Some("unknown kyc.result".into()),
                ));
            }
        },
    }

    if let Some(aml_obj) = req_obj(item, "aml")? {
        let status = req_str(aml_obj, "currentstatus")?;
        let flagged = status.as_deref().is_some_and(|s| s.trim().eq_ignore_ascii_case("red flag"));
        let risk_level = opt_str(aml_obj, "risk_level_summary").and_then(|r| match r.to_ascii_lowercase().as_str() {
            "high" => Some(RiskLevel::High),
            "medium" => Some(RiskLevel::Medium),
            "low" => Some(RiskLevel::Low),
            "not screened" | "none" => Some(RiskLevel::None),
            _ => None,
        });
        v.aml = Some(Aml { flagged, risk_level });
        let known = status.as_deref().map_or(true, |s| {
            let s = s.trim();
            s.is_empty() || s.eq_ignore_ascii_case("red flag") || s.eq_ignore_ascii_case("not screened")
        });
        if !known && v.decision == Decision::Approved {
            // An AML status this SDK does not know might be a hit: never approve on it.
            v.decision = Decision::Review;
            v.reasons.push(Reason::new(
                ReasonCode::Other,
                status.as_deref().unwrap_or_default().trim(),
                Some("unknown aml.currentstatus".into()),
            ));
        }
        if flagged {
            if v.decision == Decision::Approved {
                v.decision = Decision::Review;
            }
            v.reasons.push(Reason::new(
                ReasonCode::AmlHit,
                status.unwrap_or_default().trim(),
                opt_str(aml_obj, "risk_level_summary").map(|r| format!("risk level {r}")),
            ));
        }
    }

    if let Some(k) = kyc {
        v.face = face(k)?;
    }
    if let Some(data) = opt_obj(item, "data") {
        v.person = person(data);
        v.document = document(data);
    }
    Ok(v)
}

/// The reasons of a rejection: one per `kyc.commentCode`, each with the `kyc.comment` at the same position.
/// The seed's table types both fields as strings; ARGOS's own GET/Submission examples send arrays
/// (`"commentCode": ["too_many_retry"]`), so both shapes are read. No code at all is one `other` reason.
fn rejection_reasons(kyc: &Map<String, Value>) -> Result<Vec<Reason>> {
    let codes = string_or_strings(kyc, "commentCode")?;
    let comments = string_or_strings(kyc, "comment").unwrap_or_default();
    let comment_at = |i: usize| comments.get(i).or(comments.first().filter(|_| codes.len() <= 1)).cloned();
    if codes.is_empty() {
        return Ok(vec![Reason::new(ReasonCode::Other, "rejected", comments.first().cloned())]);
    }
    Ok(codes
        .iter()
        .enumerate()
        .map(|(i, code)| Reason::new(reason_for_comment_code(code), code, comment_at(i)))
        .collect())
}

/// A field that is a string or an array of strings (numbers printed), as the trimmed non-empty strings; absent
/// or null is empty. Any other type, or an array holding one, is `malformed_response`.
fn string_or_strings(obj: &Map<String, Value>, key: &str) -> Result<Vec<String>> {
    let one = |v: &Value| match v {
        Value::String(s) => Ok(s.trim().to_string()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(EkycError::malformed(format!(
            "field {key:?}: expected a string or an array of strings, got {}",
            common::kind(other)
        ))),
    };
    let all = match obj.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.iter().map(one).collect::<Result<Vec<_>>>()?,
        Some(v) => vec![one(v)?],
    };
    Ok(all.into_iter().filter(|s| !s.is_empty()).collect())
}

fn face(kyc: &Map<String, Value>) -> Result<Option<Face>> {
    let attempts = match kyc.get("attempts") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(a)) => a,
        Some(other) => {
            return Err(EkycError::malformed(format!("kyc.attempts: expected an array, got {}", common::kind(other))))
        }
    };
    let Some(last) = attempts.iter().rev().find_map(Value::as_object) else { return Ok(None) };
    let similarity = opt_f64(last, "faceSimilarityScore").and_then(common::unit_score).map(round6);
    let liveness = opt_f64(last, "livenessScore")
        .or_else(|| opt_obj(last, "liveness").and_then(|l| opt_f64(l, "score")))
        .and_then(common::unit_score)
        .map(round6);
    Ok((similarity.is_some() || liveness.is_some()).then_some(Face {
        r#match: None,
        similarity,
        liveness,
        liveness_passed: None,
    }))
}

/// Rounds a 0–1 score to 6 decimals, so `91.3 / 100` is `0.913`, not `0.9129999999999999`.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn person(data: &Map<String, Value>) -> Option<Person> {
    let full_name = opt_str_any(data, &["name", "full_name"]).or_else(|| {
        let parts: Vec<String> = ["first_name", "last_name"].iter().filter_map(|k| opt_str(data, k)).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    });
    let mut lines = Vec::new();
    if let Some(l) = opt_str_any(data, &["address_street", "address_formatted", "address_input"]) {
        lines.push(l);
    }
    if let Some(d) = opt_str(data, "address_detail") {
        lines.push(d);
    }
    let address = Address {
        lines,
        city: opt_str(data, "address_city"),
        postcode: opt_str(data, "address_zipcode"),
        state: opt_str(data, "address_state"),
        country: opt_str(data, "address_country").and_then(|c| common::country(&c)),
    };
    let p = Person {
        full_name,
        id_number: opt_str(data, "identityNumber"),
        date_of_birth: opt_str(data, "date_of_birth").and_then(|d| common::date(&d)),
        gender: opt_str(data, "gender").and_then(|g| common::gender(&g)),
        nationality: opt_str(data, "nationality").and_then(|c| common::country(&c)),
        address: (address != Address::default()).then_some(address),
    };
    (p != Person::default()).then_some(p)
}

fn document(data: &Map<String, Value>) -> Option<Document> {
    let d = Document {
        doc_type: opt_str(data, "idType"),
        country: opt_str(data, "idcard_issuingCountry").and_then(|c| common::country(&c)),
        number: opt_str_any(data, &["documentNumber", "identityNumber"]),
        issue_date: opt_str(data, "idcard_issueDate").and_then(|d| common::date(&d)),
        expiry_date: opt_str(data, "idcard_expireDate").and_then(|d| common::date(&d)),
    };
    (d != Document::default()).then_some(d)
}
