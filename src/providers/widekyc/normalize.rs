//! WideKYC answer → [`Verification`] (API.md §4). Only the whole body is accepted.
//!
//! | answer | decision | reason |
//! |---|---|---|
//! | `statusCode` ERROR | `error` | [`reason_for_error_description`] per detail |
//! | passive-liveness `result` "True" | `approved`, `face.livenessPassed` true | — |
//! | passive-liveness "False" | `rejected`, `face.livenessPassed` false | `liveness_failed` |
//! | id-recognize "True" | `approved`, person + eKTP document | — |
//! | id-recognize "False" | `rejected` | `document_not_found` |
//! | id-validation, every boolean true | `approved` | — |
//! | id-validation, some false | `rejected` | `data_mismatch` per field (`providerCode` = the field) |
//! | id-validation, no boolean at all | `review` | `other` |
//! | `result` neither True nor False, unknown `statusCode`, `status` other than "success" | `review` (never `approved`) | `other` |
//!
//! `selfie_photo` (id-validation) is a number whose scale is **unknown** (the example shows `10`: 0–10?
//! 0–100? a distance?). It is not interpreted: `face.similarity` stays `null` and the value stays in `raw`.
//! A boolean `selfie_photo` is read as `face.match`.
//!
//! Without `endpoint`, the shape decides: `data` holding a boolean → id-validation; `data` with `nik`/`nama`
//! → id-recognize; no `data` → passive-liveness.

use serde_json::{Map, Value};

use super::Endpoint;
use crate::error::{EkycError, Result};
use crate::model::{Address, Decision, Document, Face, Person, ProviderId, Reason, ReasonCode, Verification};
use crate::providers::common::{self, as_object, opt_str, req_obj, req_str};

/// The neutral reason for a `responseStatusDetails[].description`: "Quota Exceeded" → `quota_exceeded`;
/// "…not activated…" / "…not approved…" → `product_not_activated`; anything else → `provider_error`.
/// Case-insensitive.
pub fn reason_for_error_description(description: &str) -> ReasonCode {
    let d = description.to_ascii_lowercase();
    if d.contains("quota") {
        ReasonCode::QuotaExceeded
    } else if d.contains("not activated") || d.contains("not approved") || d.contains("has not approved") {
        ReasonCode::ProductNotActivated
    } else {
        ReasonCode::ProviderError
    }
}

/// Normalizes a whole WideKYC body. `endpoint` names the call (`passive-liveness`, `id-recognize`,
/// `id-validation`); `None` infers it from the shape. Fails with `invalid_input` for an unknown endpoint name,
/// with `malformed_response` for a non-object, a missing `statusCode`, a success without `content.result`, a
/// shape no endpoint matches, or a decision field of the wrong type.
pub fn normalize(response: &Value, endpoint: Option<&str>) -> Result<Verification> {
    let endpoint = endpoint.map(Endpoint::parse).transpose()?;
    let obj = as_object(response, "WideKYC answer")?;
    let mut v = Verification::new(ProviderId::Widekyc, Decision::Pending, response.clone());
    let status_code =
        req_str(obj, "statusCode")?.ok_or_else(|| EkycError::malformed("no \"statusCode\" in the WideKYC answer"))?;

    if status_code.trim().eq_ignore_ascii_case("ERROR") {
        v.decision = Decision::Error;
        let details = match obj.get("responseStatusDetails") {
            Some(Value::Array(d)) => d.as_slice(),
            _ => &[],
        };
        for d in details.iter().filter_map(Value::as_object) {
            if let Some(desc) = opt_str(d, "description") {
                v.reasons.push(Reason::new(reason_for_error_description(&desc), desc.clone(), Some(desc)));
            }
        }
        if v.reasons.is_empty() {
            v.reasons.push(Reason::new(ReasonCode::ProviderError, "ERROR", None));
        }
        return Ok(v);
    }

    let content = req_obj(obj, "content")?;
    let result = match content {
        Some(c) => req_obj(c, "result")?,
        None => None,
    };
    let known_status = status_code.trim().eq_ignore_ascii_case("SUCCESSFUL");
    let Some(result) = result else {
        if known_status {
            return Err(EkycError::malformed("WideKYC answer without content.result"));
        }
        // An unknown statusCode with nothing to read: not a failure of ours, never an approval.
        v.decision = Decision::Review;
        v.reasons.push(Reason::new(ReasonCode::Other, status_code.trim(), Some("unknown statusCode".into())));
        return Ok(v);
    };
    v.reference = opt_str(result, "trx_id");
    v.created_at = result.get("timestamp").and_then(common::timestamp);
    let data = req_obj(result, "data")?;
    let endpoint = match endpoint {
        Some(e) => e,
        None => infer(data)?,
    };

    match endpoint {
        Endpoint::PassiveLiveness => {
            let live = truth(result, "result")?;
            match live {
                Some(true) => v.decision = Decision::Approved,
                Some(false) => {
                    v.decision = Decision::Rejected;
                    v.reasons.push(Reason::new(ReasonCode::LivenessFailed, "result=False", None));
                }
                None => unknown_result(&mut v, result),
            }
            v.face = Some(Face { liveness_passed: live, ..Face::default() });
        }
        Endpoint::IdRecognize => {
            match truth(result, "result")? {
                Some(true) => v.decision = Decision::Approved,
                Some(false) => {
                    v.decision = Decision::Rejected;
                    v.reasons.push(Reason::new(ReasonCode::DocumentNotFound, "result=False", None));
                }
                None => unknown_result(&mut v, result),
            }
            if let Some(d) = data {
                v.person = person(d);
                v.document = Some(Document {
                    doc_type: Some("eKTP".into()),
                    country: Some("IDN".into()),
                    number: opt_str(d, "nik"),
                    issue_date: None,
                    expiry_date: None,
                });
            }
        }
        Endpoint::IdValidation => validation(&mut v, result, data)?,
    }

    if !known_status {
        demote(&mut v, status_code.trim(), "unknown statusCode");
    }
    if let Some(s) = opt_str(result, "status").filter(|s| !s.eq_ignore_ascii_case("success")) {
        demote(&mut v, &s, "result.status is not success");
    }
    Ok(v)
}

/// Infers the endpoint from `content.result.data`.
fn infer(data: Option<&Map<String, Value>>) -> Result<Endpoint> {
    match data {
        None => Ok(Endpoint::PassiveLiveness),
        Some(d) if d.values().any(Value::is_boolean) => Ok(Endpoint::IdValidation),
        Some(d) if d.contains_key("nik") || d.contains_key("nama") => Ok(Endpoint::IdRecognize),
        Some(_) => Err(EkycError::malformed("cannot tell which WideKYC call this answer is from; pass endpoint")),
    }
}

/// `"True"` / `"False"` (any case), booleans, `1` / `0`; `None` when absent or another string (an unknown
/// value); `malformed_response` for an array or object.
fn truth(obj: &Map<String, Value>, key: &str) -> Result<Option<bool>> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::Number(_)) => common::req_bool(obj, key),
        Some(other) => Err(EkycError::malformed(format!(
            "field {key:?}: expected \"True\"/\"False\", got {}",
            common::kind(other)
        ))),
    }
}

fn unknown_result(v: &mut Verification, result: &Map<String, Value>) {
    let shown = match result.get("result") {
        Some(Value::String(s)) => format!("result={s}"),
        Some(other) => format!("result={other}"),
        None => "result=absent".into(),
    };
    v.decision = Decision::Review;
    v.reasons.push(Reason::new(ReasonCode::Other, shown, Some("neither True nor False".into())));
}

/// Never `approved` with a doubtful envelope: `approved` becomes `review` + `other`.
fn demote(v: &mut Verification, provider_code: &str, message: &str) {
    if v.decision == Decision::Approved {
        v.decision = Decision::Review;
        v.reasons.push(Reason::new(ReasonCode::Other, provider_code, Some(message.into())));
    }
}

/// The fields id-validation checks; a wrong type in one of them is `malformed_response`.
const VALIDATED: [&str; 5] = ["nik", "full_name", "birth_date", "birth_place", "address"];

fn validation(v: &mut Verification, result: &Map<String, Value>, data: Option<&Map<String, Value>>) -> Result<()> {
    let data = data.ok_or_else(|| EkycError::malformed("id-validation answer without data"))?;
    let mut checked = 0;
    let mut failed = Vec::new();
    for (key, value) in data {
        if key == "selfie_photo" {
            continue;
        }
        let verdict = match value {
            Value::Bool(b) => Some(*b),
            Value::Null => None,
            _ if VALIDATED.contains(&key.as_str()) => common::req_bool(data, key)?,
            _ => None,
        };
        if let Some(ok) = verdict {
            checked += 1;
            if !ok {
                failed.push(key.clone());
            }
        }
    }
    let face_match = match data.get("selfie_photo") {
        Some(Value::Bool(b)) => Some(*b),
        _ => None,
    };
    if face_match.is_some() {
        v.face = Some(Face { r#match: face_match, ..Face::default() });
    }
    if !failed.is_empty() {
        v.decision = Decision::Rejected;
        for f in failed {
            v.reasons.push(Reason::new(
                ReasonCode::DataMismatch,
                f.clone(),
                Some(format!("{f} does not match the registry")),
            ));
        }
    } else if checked == 0 {
        v.decision = Decision::Review;
        v.reasons.push(Reason::new(ReasonCode::Other, "no_field_checked", Some("no boolean in data".into())));
    } else {
        v.decision = Decision::Approved;
    }
    // id-validation answers show no `result`; when one comes, False and unknown values are never an approval.
    match truth(result, "result")? {
        Some(false) => {
            if v.decision == Decision::Approved {
                v.decision = Decision::Rejected;
            }
            v.reasons.push(Reason::new(ReasonCode::Other, "result=False", None));
        }
        None if result.get("result").is_some_and(|r| !r.is_null()) => {
            demote(v, "result", "result is neither True nor False");
        }
        _ => {}
    }
    Ok(())
}

fn person(d: &Map<String, Value>) -> Option<Person> {
    let mut lines = Vec::new();
    if let Some(a) = opt_str(d, "alamat") {
        lines.push(a);
    }
    if let Some(rtrw) = opt_str(d, "rt/rw") {
        lines.push(format!("RT/RW {rtrw}"));
    }
    lines.extend(["kelurahan/desa", "kecamatan"].iter().filter_map(|k| opt_str(d, k)));
    let address =
        Address { lines, city: opt_str(d, "kota"), postcode: None, state: opt_str(d, "provinsi"), country: None };
    let has_address = address != Address::default();
    let p = Person {
        full_name: opt_str(d, "nama"),
        id_number: opt_str(d, "nik"),
        date_of_birth: opt_str(d, "tanggal_lahir").and_then(|x| common::date(&x)),
        gender: opt_str(d, "jenis_kelamin").and_then(|g| common::gender(&g)),
        nationality: opt_str(d, "kewarganegaraan").and_then(|c| common::country(&c)),
        // An eKTP address is in Indonesia.
        address: has_address.then(|| Address { country: Some("IDN".into()), ..address }),
    };
    (p != Person::default()).then_some(p)
}
