//! MasChain verification sessions → [`Verification`].
//!
//! Accepts `{status, result}` or the bare `result`, and the nested `result: {is_success, verification: {…}}` a
//! MasChain doc page shows: there only `verification` decides (the outer `is_success` is the API call's and never
//! approves; `verification: null` is `pending`). An `is_success` on a record with none of `token`, `ocr_success`,
//! `face_id_success`, `ocr_result`, `face_id_result` never approves either. An envelope `status` ≥ 400 without a result is `error`
//! (401/403 → `unauthorized`, 404 → `not_found`, else `provider_error`).
//!
//! | `is_success` | `latest_error` | decision + reason |
//! |---|---|---|
//! | 1 | any (an earlier attempt may have failed) | `approved` (`review` + `other` when `ocr_success`/`face_id_success` is 0 for a type that needs it; `review` + `face_mismatch` / `rejected` + `liveness_failed` when `face_id_result.Result` says so) |
//! | 0 / absent | none | `pending` (no clock: an expired session stays `pending`; compare `expire_at` yourself) |
//! | 0 / absent | `9101`–`9104` | `rejected` + `document_tampered` (covered, photocopy, screen, edited) |
//! | 0 / absent | `9107`, `9108` | `rejected` + `image_quality` (reflective, blurry) |
//! | 0 / absent | `FailedOperation.CompareLowSimilarity` | `rejected` + `face_mismatch` |
//! | 0 / absent | `FailedOperation.LivessDetectFake` / `LivessDetectFail` / `SilentThreshold` / other liveness codes | `rejected` + `liveness_failed` |
//! | 0 / absent | no face / several faces / poor quality codes | `rejected` + `face_not_found` / `image_quality` |
//! | 0 / absent | `AuthFailure.*` | `error` + `unauthorized` |
//! | 0 / absent | `InvalidParameter*`, `UnsupportedOperation*`, `InternalError*`, `*SystemError`, `*UnKnown` | `error` + `provider_error` |
//! | 0 / absent | anything else | `rejected` + `other` |
//!
//! `latest_error` may be a string (`"9108"`, `"FailedOperation.LivessDetectFake"`, also a JSON-encoded object),
//! a number, an object (`{code, message}`, `{Code, Message}`, `{Error:{Code, Message}}`) or a list (first entry).
//! The face codes are Tencent Cloud FaceID's, which MasChain passes through.
//!
//! Person from `ocr_result` (`Name`, `ID` or `MyKadNumber`, `Sex`, `Birthday`, `Address` as one line, with the
//! document country for an `ID_CARD`);
//! document `{type: ocr_type or ocr_result.Type, country: ocr_country, number}`; face from `face_id_result`
//! (`Sim` 0–100 → 0–1; `Result` `Success` → match and liveness passed, a mismatch/liveness code → false).
//! `reference` is the session `token`.

use serde_json::{Map, Value};

use super::types::IdType;
use crate::error::{EkycError, Result};
use crate::model::{Address, Decision, Document, Face, Person, ProviderId, Reason, ReasonCode, Verification};
use crate::providers::common::{self, opt_obj, opt_str, opt_str_any, req_bool, req_f64, req_str};

type Obj = Map<String, Value>;

/// Normalizes a MasChain session; see the module docs for the mapping. Fails with `malformed_response` for a
/// non-object or a decision field of the wrong type (`is_success`, `latest_error`, `status`, `result`).
pub fn normalize(response: &Value) -> Result<Verification> {
    let body = common::as_object(response, "MasChain response")?;
    let mut v = Verification::new(ProviderId::Maschain, Decision::Pending, response.clone());

    let session = match body.get("result") {
        // A bare session, or an error envelope without `result` (`{"status": 404, "message": …}`).
        None if envelope_error(body, &mut v)? => return Ok(v),
        None => body,
        Some(Value::Object(m)) => m,
        Some(Value::Null) => {
            envelope_error(body, &mut v)?;
            return Ok(v);
        }
        Some(other) => {
            return Err(EkycError::malformed(format!(
                "field \"result\": expected an object, got {}",
                common::kind(other)
            )))
        }
    };
    if !std::ptr::eq(session, body) && envelope_error(body, &mut v)? {
        return Ok(v);
    }
    // A MasChain doc page nests the session: `result: {is_success: true, verification: {…, is_success: 0}}`.
    // The outer flag is the API call's, the inner one the user's: only the inner record decides.
    let session = match session.get("verification") {
        None => session,
        Some(Value::Object(inner)) => inner,
        Some(Value::Null) => return Ok(v),
        Some(other) => {
            return Err(EkycError::malformed(format!(
                "field \"result.verification\": expected an object, got {}",
                common::kind(other)
            )))
        }
    };

    v.reference = req_str(session, "token")?;
    v.created_at = session.get("created_at").and_then(common::timestamp);
    v.updated_at = session.get("updated_at").and_then(common::timestamp);
    let is_success = req_bool(session, "is_success")?;
    let latest_error = read_latest_error(session.get("latest_error"))?;
    let ocr = opt_obj(session, "ocr_result");
    let face_result = opt_obj(session, "face_id_result");

    v.document = document(session, ocr);
    v.person = ocr.and_then(person);
    // An ID card's address is in the issuing country (MasChain accepts ID cards only for MYS).
    let id_card = matches!(opt_str(session, "ocr_type").map(|t| IdType::parse(&t)), Some(IdType::IdCard));
    if let (true, Some(address)) = (id_card, v.person.as_mut().and_then(|p| p.address.as_mut())) {
        address.country = v.document.as_ref().and_then(|d| d.country.clone());
    }
    v.face = face_result.map(face);

    // A flag alone is not a session (it may be an API call's own `is_success`): approving needs the record.
    let is_session = ["token", "ocr_success", "face_id_success", "ocr_result", "face_id_result"]
        .iter()
        .any(|k| session.get(*k).is_some_and(|x| !x.is_null()));
    if is_success == Some(true) && is_session {
        v.decision = Decision::Approved;
        // The parts the session type needs must not say they failed.
        let needs_face = opt_str(session, "type").as_deref() != Some("01");
        if opt_flag(session, "ocr_success") == Some(false) {
            v.decision = Decision::Review;
            v.reasons.push(Reason::new(ReasonCode::Other, "ocr_success=0", None));
        }
        if needs_face && opt_flag(session, "face_id_success") == Some(false) {
            v.decision = Decision::Review;
            v.reasons.push(Reason::new(ReasonCode::Other, "face_id_success=0", None));
        }
        let face_code = || face_result.and_then(|f| opt_str(f, "Result")).unwrap_or_default();
        let face_message = || face_result.and_then(|f| opt_str(f, "Description"));
        if v.face.as_ref().is_some_and(|f| f.r#match == Some(false)) {
            v.decision = Decision::Review;
            v.reasons.push(Reason::new(ReasonCode::FaceMismatch, face_code(), face_message()));
        }
        if v.face.as_ref().is_some_and(|f| f.liveness_passed == Some(false)) {
            v.decision = Decision::Rejected;
            v.reasons.push(Reason::new(ReasonCode::LivenessFailed, face_code(), face_message()));
        }
        if v.decision == Decision::Approved {
            v.reasons.clear();
        }
        return Ok(v);
    }

    match latest_error {
        None => v.decision = Decision::Pending,
        Some((code, message)) => {
            let reason = reason_for(&code);
            v.decision = match reason {
                ReasonCode::Unauthorized | ReasonCode::ProviderError => Decision::Error,
                _ => Decision::Rejected,
            };
            v.reasons.push(Reason::new(reason, code, message));
        }
    }
    Ok(v)
}

/// Reads the envelope's `status`; when it is an HTTP error (≥ 400) the verification becomes `error` and
/// `true` is returned. A `status` that is not a number is malformed.
fn envelope_error(body: &Obj, v: &mut Verification) -> Result<bool> {
    let Some(status) = req_f64(body, "status")? else {
        return Ok(false);
    };
    if status < 400.0 {
        return Ok(false);
    }
    let code = match status as u16 {
        401 | 403 => ReasonCode::Unauthorized,
        404 => ReasonCode::NotFound,
        _ => ReasonCode::ProviderError,
    };
    let message = opt_str_any(body, &["message", "error"]);
    v.decision = Decision::Error;
    v.reasons.push(Reason::new(code, format!("status {status}"), message));
    Ok(true)
}

fn opt_flag(obj: &Obj, key: &str) -> Option<bool> {
    common::opt_bool(obj, key)
}

/// `latest_error` as `(code, message)`; `None` when absent, null, empty string or empty list.
/// A boolean is malformed.
fn read_latest_error(value: Option<&Value>) -> Result<Option<(String, Option<String>)>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            if s.starts_with('{') {
                if let Ok(inner @ Value::Object(_)) = serde_json::from_str::<Value>(s) {
                    return read_latest_error(Some(&inner));
                }
            }
            // `Code: message`, when the part before the colon looks like a code (no spaces).
            match s.split_once(':') {
                Some((code, rest)) if !code.trim().is_empty() && !code.contains(' ') && !rest.trim().is_empty() => {
                    Ok(Some((code.trim().to_string(), Some(rest.trim().to_string()))))
                }
                _ => Ok(Some((s.to_string(), None))),
            }
        }
        Some(Value::Number(n)) => Ok(Some((n.to_string(), None))),
        Some(Value::Object(m)) => {
            if let Some(inner) = m.get("Error").or_else(|| m.get("error")).filter(|e| e.is_object()) {
                return read_latest_error(Some(inner));
            }
            let code = opt_str_any(m, &["code", "Code", "error_code", "ErrorCode", "Result", "result"]);
            let message = opt_str_any(m, &["message", "Message", "msg", "Description", "description"]);
            match (code, message) {
                (Some(c), message) => Ok(Some((c, message))),
                (None, Some(msg)) => Ok(Some(("unknown".into(), Some(msg)))),
                (None, None) if m.is_empty() => Ok(None),
                (None, None) => Ok(Some(("unknown".into(), None))),
            }
        }
        Some(Value::Array(list)) => match list.first() {
            None => Ok(None),
            Some(first) => read_latest_error(Some(first)),
        },
        Some(other @ Value::Bool(_)) => {
            Err(EkycError::malformed(format!("field \"latest_error\": expected a code, got {}", common::kind(other))))
        }
    }
}

/// The reason of a MasChain / Tencent Cloud error code (see the module table).
pub fn reason_for(code: &str) -> ReasonCode {
    let c = code.trim();
    if let Ok(n) = c.trim_start_matches('-').parse::<i64>() {
        return match n {
            9101..=9104 => ReasonCode::DocumentTampered,
            9107 | 9108 => ReasonCode::ImageQuality,
            _ => ReasonCode::Other,
        };
    }
    let lower = c.to_ascii_lowercase();
    let (category, name) = lower.split_once('.').unwrap_or(("", lower.as_str()));
    if category == "authfailure" || lower.starts_with("authfailure") {
        return ReasonCode::Unauthorized;
    }
    if ["invalidparameter", "invalidparametervalue", "unsupportedoperation", "internalerror"].contains(&category)
        || ["invalidparameter", "invalidparametervalue", "unsupportedoperation", "internalerror"]
            .contains(&lower.as_str())
        || name.contains("systemerror")
        || name == "unknown"
        || name.contains("unknownerror")
        || name.contains("decodefailed")
        || name.contains("downloaderror")
    {
        return ReasonCode::ProviderError;
    }
    if name.contains("lowsimilarity") {
        return ReasonCode::FaceMismatch;
    }
    if name.contains("nodetectface") || name.contains("detectnofaces") || name == "silentfacedetectfail" {
        return ReasonCode::FaceNotFound;
    }
    if name.contains("poorquality")
        || name.contains("qualityfail")
        || name.contains("multiface")
        || name.contains("detectfaces")
        || name.starts_with("actionlight")
        || name.starts_with("actionface")
    {
        return ReasonCode::ImageQuality;
    }
    if name.contains("livess")
        || name.contains("liveness")
        || name.starts_with("silent")
        || name.contains("detectfake")
        || name.starts_with("action")
    {
        return ReasonCode::LivenessFailed;
    }
    ReasonCode::Other
}

fn person(ocr: &Obj) -> Option<Person> {
    let p = Person {
        full_name: opt_str(ocr, "Name"),
        id_number: id_number(ocr),
        date_of_birth: opt_str(ocr, "Birthday").as_deref().and_then(common::date),
        gender: opt_str(ocr, "Sex").as_deref().and_then(common::gender),
        nationality: None,
        address: opt_str(ocr, "Address").map(|line| Address { lines: vec![line], ..Address::default() }),
    };
    (p != Person::default()).then_some(p)
}

/// `ID`, else `MyKadNumber`.
fn id_number(ocr: &Obj) -> Option<String> {
    opt_str_any(ocr, &["ID", "MyKadNumber"])
}

fn document(session: &Obj, ocr: Option<&Obj>) -> Option<Document> {
    let d = Document {
        doc_type: opt_str(session, "ocr_type").or_else(|| ocr.and_then(|o| opt_str(o, "Type"))),
        country: opt_str(session, "ocr_country").as_deref().and_then(common::country),
        number: ocr.and_then(id_number),
        issue_date: None,
        expiry_date: None,
    };
    (d != Document::default()).then_some(d)
}

/// A 0–100 similarity as 0–1, rounded to 6 decimals (so `41.2` gives `0.412`, not `0.41200000000000003`).
fn similarity(percent: Option<f64>) -> Option<f64> {
    percent.and_then(common::percent_score).map(|x| (x * 1e6).round() / 1e6)
}

fn face(result: &Obj) -> Face {
    let outcome = opt_str(result, "Result");
    let (matched, live) = match outcome.as_deref() {
        Some(r) if r.eq_ignore_ascii_case("success") => (Some(true), Some(true)),
        Some(r) => match reason_for(r) {
            ReasonCode::FaceMismatch => (Some(false), None),
            ReasonCode::LivenessFailed => (None, Some(false)),
            _ => (None, None),
        },
        None => (None, None),
    };
    Face {
        r#match: matched,
        similarity: similarity(common::opt_f64(result, "Sim")),
        liveness: None,
        liveness_passed: live,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::fixtures_test;
    use crate::providers::NormalizeOptions;

    fn run(fx: &fixtures_test::Fixture) -> Result<Verification> {
        crate::providers::normalize(ProviderId::Maschain, &fx.input, &NormalizeOptions::default())
    }

    #[test]
    fn fixtures() {
        let fixtures = fixtures_test::check_all("maschain", &[], run);
        fixtures_test::assert_extra_fields_change_nothing(&fixtures, &[], run);
        // A face result that says the face failed never ends approved.
        let pointers = ["/result/face_id_result/Result", "/face_id_result/Result"];
        let values = ["FailedOperation.CompareLowSimilarity", "FailedOperation.LivessDetectFake"];
        fixtures_test::assert_values_never_approve(&fixtures, &pointers, &values, run);
    }

    #[test]
    fn error_codes() {
        use ReasonCode::*;
        for (code, want) in [
            ("9101", DocumentTampered),
            ("9102", DocumentTampered),
            ("9103", DocumentTampered),
            ("-9104", DocumentTampered),
            ("9107", ImageQuality),
            ("9108", ImageQuality),
            ("9999", Other),
            ("FailedOperation.CompareLowSimilarity", FaceMismatch),
            ("FailedOperation.LivessDetectFake", LivenessFailed),
            ("FailedOperation.LivessDetectFail", LivenessFailed),
            ("FailedOperation.SilentThreshold", LivenessFailed),
            ("FailedOperation.SilentPictureLiveFail", LivenessFailed),
            ("FailedOperation.ActionCloseEye", LivenessFailed),
            ("FailedOperation.LifePhotoDetectFake", LivenessFailed),
            ("FailedOperation.ActionNodetectFace", FaceNotFound),
            ("FailedOperation.LifePhotoDetectNoFaces", FaceNotFound),
            ("FailedOperation.SilentFaceDetectFail", FaceNotFound),
            ("FailedOperation.LifePhotoPoorQuality", ImageQuality),
            ("FailedOperation.SilentMultiFaceFail", ImageQuality),
            ("FailedOperation.ActionLightDark", ImageQuality),
            ("FailedOperation.LivessSystemError", ProviderError),
            ("FailedOperation.CompareSystemError", ProviderError),
            ("FailedOperation.UnKnown", ProviderError),
            ("AuthFailure.InvalidAuthorization", Unauthorized),
            ("AuthFailure", Unauthorized),
            ("InvalidParameter", ProviderError),
            ("InvalidParameterValue", ProviderError),
            ("InvalidParameterValue.BizTokenIllegal", ProviderError),
            ("UnsupportedOperation", ProviderError),
            ("InternalError", ProviderError),
            ("ResourceUnavailable.NotReady", Other),
            ("something odd", Other),
            ("", Other),
        ] {
            assert_eq!(reason_for(code), want, "{code}");
        }
    }

    #[test]
    fn latest_error_shapes() {
        use serde_json::json;
        let r = |v: Value| read_latest_error(Some(&v)).unwrap();
        assert_eq!(r(json!(9108)), Some(("9108".into(), None)));
        assert_eq!(r(json!("9108")), Some(("9108".into(), None)));
        assert_eq!(r(json!("")), None);
        assert_eq!(r(json!([])), None);
        assert_eq!(r(json!({})), None);
        assert_eq!(r(json!({"code": 9101, "message": "covered"})), Some(("9101".into(), Some("covered".into()))));
        assert_eq!(
            r(json!({"Code": "AuthFailure.X", "Message": "m"})),
            Some(("AuthFailure.X".into(), Some("m".into())))
        );
        assert_eq!(r(json!({"Error": {"Code": "InvalidParameter"}})), Some(("InvalidParameter".into(), None)));
        assert_eq!(r(json!("{\"code\":\"9102\"}")), Some(("9102".into(), None)));
        assert_eq!(
            r(json!("FailedOperation.LivessDetectFake: fake face")),
            Some(("FailedOperation.LivessDetectFake".into(), Some("fake face".into())))
        );
        assert_eq!(r(json!([{"code": "9107"}])), Some(("9107".into(), None)));
        assert_eq!(r(json!({"message": "boom"})), Some(("unknown".into(), Some("boom".into()))));
        assert_eq!(r(json!("Face not match")), Some(("Face not match".into(), None)));
        assert!(read_latest_error(Some(&json!(true))).is_err());
    }
}
