//! Revenue Monster results → [`Verification`].
//!
//! Accepts `{code, item}` or the bare `item`, and the error answer `{"error":{code, message}}`
//! (→ `error` with reason `unauthorized` for auth codes such as `INVALID_REQUEST_SIGNATURE`, else `provider_error`).
//!
//! | endpoint | status | verdict / action | decision + reason |
//! |---|---|---|---|
//! | `get-ekyc-result` (default) | `SUCCESS` | `NONE_REQUIRED`, `RESOLVED` | `approved`; `review` + `face_mismatch` when `faceResult.isSamePerson` is false; `review` + `other` when `faceAction`/`mykadAction` asks for attention |
//! | | `SUCCESS` | `ATTENTION_REQUIRED`, `INCONCLUSIVE`, unknown, missing | `review` + `other` (provider code = the verdict) |
//! | all | `MYKAD_NOT_FOUND`, `MYKAD_SINGLE_NOT_FOUND` | | `rejected` + `document_not_found` |
//! | all | `MYKAD_FACE_NOT_FOUND` | | `rejected` + `face_not_found` |
//! | all | `INCOMPLETE` | | `incomplete` + `other` |
//! | all | `OCR_ENGINE_ERROR`, `OCR_ENGINE_CONNECTION`, `FACE_ENGINE_CONNECTION_ERROR`, `FACE_ENGINE_TIMEOUT` | | `error` + `provider_error` |
//! | all | unknown or missing | | `review` + `other` |
//! | `face-compare` (also the liveness functions `face-compare-with-mykad`, `liveness-face`, whose `reference` is the `ekycId` they return, else `null`) | `SUCCESS` | `isSamePerson` false | `rejected` + `face_mismatch` |
//! | | `SUCCESS` | `isSamePerson` true, action `NONE_REQUIRED`/`RESOLVED`/absent | `approved` |
//! | | `SUCCESS` | action `ATTENTION_REQUIRED`/`INCONCLUSIVE`/unknown, or `isSamePerson` absent | `review` + `other` |
//! | `get-mykad-result` | `SUCCESS` | action `NONE_REQUIRED`/`RESOLVED`/absent | `approved` |
//! | | `SUCCESS` | action `ATTENTION_REQUIRED`/`INCONCLUSIVE`/unknown | `review` + `other` |
//!
//! Person and document come from `results[0]` (`data.name`, `data.ic` or `data.id`, `data.gender`, the address
//! lines 1–5 with city/postcode/state, country `MYS`); the document is `{type: "MyKad", country: "MYS", number: ic}`.
//!
//! **Date of birth from the IC number** (`YYMMDD-PB-###G`): the century is the latest one that does not put the
//! birth after the result's own date (`createdAt`, else `updatedAt`): `20YY-MM-DD` if that is not later than the
//! reference date, else `19YY-MM-DD`. Without a reference date the century is unknown and `dateOfBirth` is `null`
//! (normalization reads no clock: `SystemTime::now` panics on `wasm32-unknown-unknown`).

use serde_json::{Map, Value};

use super::types::{is_auth_code, Action, Status};
use super::PROVIDER;
use crate::error::{EkycError, Result};
use crate::model::Person;
use crate::model::{Address, Decision, Document, Face, ProviderId, Reason, ReasonCode, Verification};
use crate::providers::common::{self, opt_obj, opt_str, opt_str_any, req_bool, req_obj, req_str};

type Obj = Map<String, Value>;

/// Which result shape to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    EkycResult,
    FaceCompare,
    /// `face-compare-with-mykad` / `liveness-face`: a face comparison whose reference is the `ekycId`.
    Liveness,
    MykadResult,
}

impl Endpoint {
    fn parse(endpoint: Option<&str>) -> Result<Self> {
        match endpoint.map(str::trim) {
            None | Some("") | Some("get-ekyc-result") => Ok(Endpoint::EkycResult),
            Some("face-compare") => Ok(Endpoint::FaceCompare),
            Some("liveness-face") | Some("face-compare-with-mykad") => Ok(Endpoint::Liveness),
            Some("get-mykad-result") => Ok(Endpoint::MykadResult),
            Some(other) => Err(EkycError::invalid_input(format!(
                "unknown Revenue Monster endpoint {other:?}; expected get-ekyc-result, face-compare or get-mykad-result"
            ))
            .with_provider(PROVIDER)),
        }
    }
}

/// Normalizes a Revenue Monster answer; see the module docs for the mapping.
/// Fails with `malformed_response` for a non-object or a decision field of the wrong type, and with
/// `invalid_input` for an unknown `endpoint`.
pub fn normalize(response: &Value, endpoint: Option<&str>) -> Result<Verification> {
    let which = Endpoint::parse(endpoint)?;
    let body = common::as_object(response, "Revenue Monster response")?;
    req_str(body, "code")?;
    let mut v = Verification::new(ProviderId::RevenueMonster, Decision::Review, response.clone());

    if let Some((code, message)) = error_member(body)? {
        v.decision = Decision::Error;
        let reason = if is_auth_code(&code) { ReasonCode::Unauthorized } else { ReasonCode::ProviderError };
        v.reasons.push(Reason::new(reason, code, message));
        return Ok(v);
    }

    let item = match body.get("item") {
        None | Some(Value::Null) => body,
        Some(Value::Object(m)) => m,
        Some(other) => {
            return Err(EkycError::malformed(format!(
                "field \"item\": expected an object, got {}",
                common::kind(other)
            )))
        }
    };

    v.reference = req_str(item, "id")?;
    if which == Endpoint::Liveness {
        // The id `get-ekyc-result` takes (the Go and PHP SDK READMEs: "the ekycId obtained after liveness
        // verification"); where RM puts it is not documented, so the item and the envelope are both read.
        v.reference = opt_str(item, "ekycId").or_else(|| opt_str(body, "ekycId"));
    }
    v.created_at = item.get("createdAt").and_then(common::timestamp);
    v.updated_at = item.get("updatedAt").and_then(common::timestamp);
    let status = req_str(item, "status")?;

    match which {
        Endpoint::EkycResult => ekyc_result(item, status, &mut v)?,
        Endpoint::FaceCompare | Endpoint::Liveness => face_compare(item, status, &mut v)?,
        Endpoint::MykadResult => mykad_result(item, status, &mut v)?,
    }
    if !matches!(which, Endpoint::FaceCompare | Endpoint::Liveness) {
        let reference_date = v.created_at.as_deref().or(v.updated_at.as_deref()).and_then(common::date);
        if let Some(rec) = first_recognition(item) {
            v.person = person(rec, reference_date.as_deref());
            v.document = Some(Document {
                doc_type: Some("MyKad".into()),
                country: Some("MYS".into()),
                number: opt_obj(rec, "data").and_then(|d| opt_str_any(d, &["ic", "id"])),
                issue_date: None,
                expiry_date: None,
            });
        }
    }
    if v.decision == Decision::Approved {
        v.reasons.clear();
    }
    Ok(v)
}

/// `error` of the body: `{code, message}` (or `{Code, Message}`), or a bare string. Other types are malformed.
fn error_member(body: &Obj) -> Result<Option<(String, Option<String>)>> {
    match body.get("error") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => {
            let code = opt_str_any(m, &["code", "Code"]).unwrap_or_else(|| "error".into());
            Ok(Some((code, opt_str_any(m, &["message", "Message"]))))
        }
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some((s.trim().to_string(), None))),
        Some(other) => {
            Err(EkycError::malformed(format!("field \"error\": expected an object, got {}", common::kind(other))))
        }
    }
}

/// The engine messages of `reasons` (strings), joined, as the message of the main reason.
fn engine_messages(item: &Obj) -> Option<String> {
    let list = item.get("reasons")?.as_array()?;
    let texts: Vec<&str> = list.iter().filter_map(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).collect();
    (!texts.is_empty()).then(|| texts.join("; "))
}

/// Applies the statuses shared by every endpoint. Returns `true` when the status is `SUCCESS` (the caller
/// decides from verdict/action), `false` when the decision is made.
fn apply_status(status: Option<&str>, message: Option<String>, v: &mut Verification) -> bool {
    let Some(raw) = status else {
        v.decision = Decision::Review;
        v.reasons.push(Reason::new(ReasonCode::Other, "status missing", message));
        return false;
    };
    let (decision, code) = match Status::parse(raw) {
        Status::Success => return true,
        Status::MykadNotFound | Status::MykadSingleNotFound => (Decision::Rejected, ReasonCode::DocumentNotFound),
        Status::MykadFaceNotFound => (Decision::Rejected, ReasonCode::FaceNotFound),
        Status::Incomplete => (Decision::Incomplete, ReasonCode::Other),
        Status::OcrEngineError
        | Status::OcrEngineConnection
        | Status::FaceEngineConnectionError
        | Status::FaceEngineTimeout => (Decision::Error, ReasonCode::ProviderError),
        Status::Other(_) => (Decision::Review, ReasonCode::Other),
    };
    v.decision = decision;
    v.reasons.push(Reason::new(code, raw.trim(), message));
    false
}

/// `Some(true)` for `NONE_REQUIRED`/`RESOLVED`, `Some(false)` for anything else, `None` when absent.
fn action_ok(action: Option<&str>) -> Option<bool> {
    action.map(|a| matches!(Action::parse(a), Action::NoneRequired | Action::Resolved))
}

fn ekyc_result(item: &Obj, status: Option<String>, v: &mut Verification) -> Result<()> {
    let verdict = req_str(item, "verdict")?;
    let face_action = req_str(item, "faceAction")?;
    let mykad_action = req_str(item, "mykadAction")?;
    let face_result = req_obj(item, "faceResult")?;
    let same_person = face_result.map(|f| req_bool(f, "isSamePerson")).transpose()?.flatten();
    if let Some(f) = face_result {
        v.face = Some(Face {
            r#match: same_person,
            similarity: similarity(common::opt_f64(f, "similarity")),
            liveness: None,
            liveness_passed: None,
        });
    }
    let messages = engine_messages(item);
    if !apply_status(status.as_deref(), messages.clone(), v) {
        return Ok(());
    }
    match action_ok(verdict.as_deref()) {
        Some(true) => v.decision = Decision::Approved,
        Some(false) => {
            v.decision = Decision::Review;
            v.reasons.push(Reason::new(ReasonCode::Other, verdict.unwrap_or_default().trim(), messages));
        }
        None => {
            v.decision = Decision::Review;
            v.reasons.push(Reason::new(ReasonCode::Other, "verdict missing", messages));
        }
    }
    for (name, action) in [("faceAction", &face_action), ("mykadAction", &mykad_action)] {
        if let (Some(false), Some(a)) = (action_ok(action.as_deref()), action) {
            v.decision = Decision::Review;
            v.reasons.push(Reason::new(ReasonCode::Other, format!("{name}={}", a.trim()), None));
        }
    }
    if same_person == Some(false) {
        v.decision = Decision::Review;
        v.reasons.push(Reason::new(ReasonCode::FaceMismatch, "faceResult.isSamePerson=false", None));
    }
    Ok(())
}

fn face_compare(item: &Obj, status: Option<String>, v: &mut Verification) -> Result<()> {
    let action = req_str(item, "action")?;
    let same_person = req_bool(item, "isSamePerson")?;
    let similarity = similarity(common::opt_f64(item, "similarity"));
    if same_person.is_some() || similarity.is_some() {
        v.face = Some(Face { r#match: same_person, similarity, liveness: None, liveness_passed: None });
    }
    if !apply_status(status.as_deref(), None, v) {
        return Ok(());
    }
    match (same_person, action_ok(action.as_deref())) {
        (Some(false), _) => {
            v.decision = Decision::Rejected;
            v.reasons.push(Reason::new(ReasonCode::FaceMismatch, "isSamePerson=false", None));
        }
        (Some(true), Some(true) | None) => v.decision = Decision::Approved,
        (Some(true), Some(false)) => {
            v.decision = Decision::Review;
            v.reasons.push(Reason::new(ReasonCode::Other, action.unwrap_or_default().trim(), None));
        }
        (None, _) => {
            v.decision = Decision::Review;
            v.reasons.push(Reason::new(ReasonCode::Other, "isSamePerson missing", None));
        }
    }
    Ok(())
}

fn mykad_result(item: &Obj, status: Option<String>, v: &mut Verification) -> Result<()> {
    let action = req_str(item, "action")?;
    if !apply_status(status.as_deref(), None, v) {
        return Ok(());
    }
    match action_ok(action.as_deref()) {
        Some(true) | None => v.decision = Decision::Approved,
        Some(false) => {
            v.decision = Decision::Review;
            v.reasons.push(Reason::new(ReasonCode::Other, action.unwrap_or_default().trim(), None));
        }
    }
    Ok(())
}

/// A 0–100 similarity as 0–1, rounded to 6 decimals (so `41.2` gives `0.412`, not `0.41200000000000003`).
fn similarity(percent: Option<f64>) -> Option<f64> {
    percent.and_then(common::percent_score).map(|x| (x * 1e6).round() / 1e6)
}

/// `results[0]` (the docs say `results` is an array; a single object is accepted too).
fn first_recognition(item: &Obj) -> Option<&Obj> {
    match item.get("results")? {
        Value::Array(list) => list.first()?.as_object(),
        Value::Object(m) => Some(m),
        _ => None,
    }
}

fn person(rec: &Obj, reference_date: Option<&str>) -> Option<Person> {
    let data = opt_obj(rec, "data")?;
    let id_number = opt_str_any(data, &["ic", "id"]);
    let address = opt_obj(data, "address").and_then(|a| {
        let lines: Vec<String> = ["addressLine1", "addressLine2", "addressLine3", "addressLine4", "addressLine5"]
            .iter()
            .filter_map(|k| opt_str(a, k))
            .collect();
        let (city, postcode, state) = (opt_str(a, "city"), opt_str(a, "postcode"), opt_str(a, "state"));
        let empty = lines.is_empty() && city.is_none() && postcode.is_none() && state.is_none();
        (!empty).then(|| Address { lines, city, postcode, state, country: Some("MYS".into()) })
    });
    Some(Person {
        full_name: opt_str(data, "name"),
        date_of_birth: id_number.as_deref().and_then(|ic| mykad_birth_date(ic, reference_date)),
        id_number,
        gender: opt_str(data, "gender").as_deref().and_then(common::gender),
        nationality: None,
        address,
    })
}

/// The date of birth in a MyKad number (`YYMMDD-PB-###G`, dashes and spaces optional), as `YYYY-MM-DD`; see
/// the module docs for the century rule. `None` for anything that is not 12 digits starting with a real date,
/// or without a reference date (`YYYY-MM-DD`).
pub fn mykad_birth_date(ic: &str, reference_date: Option<&str>) -> Option<String> {
    if !ic.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ') {
        return None;
    }
    let digits: String = ic.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 12 {
        return None;
    }
    let reference = reference_date?;
    let (yy, mm, dd) = (digits.get(0..2)?, digits.get(2..4)?, digits.get(4..6)?);
    let in_2000s = common::date(&format!("20{yy}-{mm}-{dd}")).filter(|d| d.as_str() <= reference);
    in_2000s.or_else(|| common::date(&format!("19{yy}-{mm}-{dd}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::providers::fixtures_test;
    use crate::providers::NormalizeOptions;
    use serde_json::json;

    fn run(fx: &fixtures_test::Fixture) -> Result<Verification> {
        // The first folder names the endpoint; `errors/` and other folders use the default.
        let folder = fx.rel.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or_default();
        let endpoint =
            matches!(folder, "face-compare" | "get-mykad-result" | "liveness-face" | "face-compare-with-mykad")
                .then(|| folder.to_string());
        crate::providers::normalize(ProviderId::RevenueMonster, &fx.input, &NormalizeOptions { endpoint })
    }

    #[test]
    fn fixtures() {
        let fixtures = fixtures_test::check_all("revenue-monster", &["signing"], run);
        fixtures_test::assert_extra_fields_change_nothing(&fixtures, &[], run);
        let pointers = [
            "/item/status",
            "/item/verdict",
            "/status",
            "/verdict",
            "/item/action",
            "/action",
            "/item/faceAction",
            "/item/mykadAction",
        ];
        fixtures_test::assert_values_never_approve(&fixtures, &pointers, &["SOMETHING_NEW", ""], run);
    }

    #[test]
    fn birth_date_century() {
        assert_eq!(mykad_birth_date("550106-12-5821", Some("2022-03-03")).as_deref(), Some("1955-01-06"));
        assert_eq!(mykad_birth_date("050106125821", Some("2022-03-03")).as_deref(), Some("2005-01-06"));
        assert_eq!(mykad_birth_date("220303-10-1234", Some("2022-03-03")).as_deref(), Some("2022-03-03"));
        assert_eq!(mykad_birth_date("220304-10-1234", Some("2022-03-03")).as_deref(), Some("1922-03-04"));
        assert_eq!(mykad_birth_date("000229-10-1234", Some("2022-03-03")).as_deref(), Some("2000-02-29"));
        assert_eq!(mykad_birth_date("550106-12-5821", None), None);
        assert_eq!(mykad_birth_date("551306-12-5821", Some("2022-03-03")), None);
        assert_eq!(mykad_birth_date("5501061258", Some("2022-03-03")), None);
        assert_eq!(mykad_birth_date("x50106-12-5821", Some("2022-03-03")), None);
        assert_eq!(mykad_birth_date("٥٥0106125821", Some("2022-03-03")), None);
    }

    #[test]
    fn unknown_endpoint_is_invalid_input() {
        let e = normalize(&json!({}), Some("id-mykad")).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert_eq!(e.provider, Some(PROVIDER));
    }

    #[test]
    fn errors_name_the_provider() {
        let e = crate::providers::normalize(
            ProviderId::RevenueMonster,
            &json!({"item": "x"}),
            &NormalizeOptions::default(),
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::MalformedResponse);
        assert_eq!(e.provider, Some(PROVIDER));
    }
}
