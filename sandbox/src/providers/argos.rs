//! ARGOS Identity "ID Check", as documented in PROVIDERS.md and the GET /submission seed.
//!
//! | route | what |
//! |---|---|
//! | `GET /argos/v3/submission` | header `x-api-key`; query `submission_id, userid, email, count, nextpage_id, nextpage_date, start_date, end_date, request_type` → `{Items:[…], nextpageKey?}` |
//! | `GET /argos/liveform?pid=…&userid=…&email=…&redirect=<url>` | **a stand-in for ARGOS's hosted liveform** (its parameters are an assumption): the tester picks the result |
//! | `POST /argos/liveform` | the form: creates the submission, fires the webhooks, redirects to `redirect` unchanged |
//!
//! Webhooks (`--webhook-argos <url>`): `created`, then `approved` / `rejected` / `submit` (pending), each
//! `{webhook_trigger, submission_id, userid, email}`. With `--argos-encryption gcm|ecb` the GET answers are
//! `{isEncrypted: true, data}` and the webhooks `{data}`, where `data` is Base64 of AES-256 with the key
//! SHA-256(secretKey): GCM as `iv(12) || ciphertext || tag(16)`, ECB with PKCS#7 padding. The key derivation
//! and layout are **assumptions** (ARGOS does not document them); they match ekyc-bridge's decryptor so the
//! path can be exercised end to end.
//!
//! **Assumptions**: a wrong key is HTTP 403 `{"message":"Forbidden"}` (API-gateway style); dates are accepted
//! as `YYYY-MM-DD` and `YYYYMMDD`; lists are newest first; an unknown `submission_id` gives `{Items: []}`.

use aes::cipher::{block_padding::Pkcs7, BlockEncryptMut, KeyInit};
use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, Nonce};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::common::{self, header, json as reply};
use crate::html;
use crate::scenario::{tag, Provider};
use crate::state::{AppState, ArgosEncryption};

const P: Provider = Provider::Argos;

/// Endpoint → the scenarios it understands besides the generic ones.
pub const SCENARIOS: &[(&str, &[&str])] = &[(
    "submission",
    &[
        "http-400",
        "http-403",
        "http-413",
        "http-500",
        "http-502",
        "invalid_payload",
        "missing_data",
        "invalid_project",
        "invalid_admin",
        "invalid_parameter",
        "invalid_format",
        "processing_error",
        "encrypted",
    ],
)];

/// The documented reject codes (`kyc.commentCode`) the liveform offers.
pub const REJECT_CODES: &[&str] = &[
    "id_image_invalidImage",
    "id_image_invalidId",
    "id_image_error",
    "id_image_badImage",
    "id_info_dataMismatch",
    "id_info_blacklist",
    "id_info_notOfAge",
    "duplicate_user",
    "duplicated_user_PII_exact",
    "duplicated_face",
    "too_many_retry",
    "blacklistCountry",
    "under_ageLimit",
    "invalid_acceptedID",
    "no-date-of-birth",
    "expired_id",
    "automatic_verification_fail",
];

const QUERY_KEYS: [&str; 10] = [
    "submission_id",
    "userid",
    "email",
    "count",
    "nextpage_id",
    "nextpage_date",
    "start_date",
    "end_date",
    "request_type",
    "sandbox_scenario",
];

pub fn routes() -> Router<AppState> {
    Router::new().route("/argos/v3/submission", get(submission)).route("/argos/liveform", get(liveform).post(submit))
}

fn error(status: StatusCode, code: Option<&str>, message: &str, scenario: &str) -> Response {
    let body = match code {
        Some(c) => json!({"errorCode": c, "message": message}),
        None => json!({"message": message}),
    };
    tag(reply(status, body), scenario)
}

fn scenario_error(scenario: &str) -> Option<Response> {
    let (status, code, message) = match scenario {
        "http-400" | "invalid_parameter" => (400, Some("invalid_parameter"), "Invalid parameter: sandbox"),
        "invalid_payload" => (400, Some("invalid_payload"), "Invalid payload"),
        "missing_data" => (400, Some("missing_data"), "Required input data is missing"),
        "invalid_format" => (400, Some("invalid_format"), "Invalid format: sandbox"),
        "http-403" => (403, None, "Forbidden"),
        "invalid_project" => (403, Some("invalid_project"), "Invalid project"),
        "invalid_admin" => (403, Some("invalid_admin"), "Invalid admin"),
        "http-413" => (413, None, "Request Entity Too Large"),
        "http-500" | "processing_error" => (500, Some("processing_error"), "Failed to complete migration"),
        "http-502" => (502, None, "Internal server error"),
        _ => return None,
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    Some(error(status, code, message, scenario))
}

/// AES-256 with SHA-256(`secret`) as the key, Base64 (see the module docs).
pub fn encrypt(secret: &str, mode: ArgosEncryption, plain: &[u8]) -> Option<String> {
    let key: [u8; 32] = Sha256::digest(secret.as_bytes()).into();
    let bytes = match mode {
        ArgosEncryption::Gcm => {
            let mut iv = [0u8; 12];
            getrandom::getrandom(&mut iv).ok()?;
            let sealed = Aes256Gcm::new(&key.into()).encrypt(Nonce::from_slice(&iv), plain).ok()?;
            [iv.as_slice(), sealed.as_slice()].concat()
        }
        ArgosEncryption::Ecb => ecb::Encryptor::<aes::Aes256>::new(&key.into()).encrypt_padded_vec_mut::<Pkcs7>(plain),
    };
    Some(STANDARD.encode(bytes))
}

/// `YYYY-MM-DD` from `YYYY-MM-DD` or `YYYYMMDD`.
fn parse_date(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let shape_ok = (text.len() == 10 && text.as_bytes().get(4) == Some(&b'-') && text.as_bytes().get(7) == Some(&b'-'))
        || text.len() == 8;
    if !shape_ok || digits.len() != 8 {
        return None;
    }
    let (y, m, d) = (&digits[..4], &digits[4..6], &digits[6..]);
    let (mi, di): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&mi) && (1..=31).contains(&di)).then(|| format!("{y}-{m}-{d}"))
}

/// ARGOS's timestamp shape `YYYY-MM-DD-HH-MM-SS-ZZZ` (milliseconds last).
fn argos_time(ms: u64) -> String {
    let iso = common::iso_ms(ms); // 2025-02-01T13:56:47.123Z
    iso.trim_end_matches('Z').replace(['T', ':', '.'], "-")
}

async fn submission(State(state): State<AppState>, request: Request) -> Response {
    let scenario = match state.begin(P, "submission", request.headers(), request.uri().query()).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let key = &state.credentials().argos.api_key;
    if !header(request.headers(), "x-api-key").is_some_and(|k| common::secret_eq(k, key)) {
        return error(StatusCode::FORBIDDEN, None, "Forbidden", &scenario);
    }
    if let Some(r) = scenario_error(&scenario) {
        return r;
    }
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(request.uri().query().unwrap_or("").as_bytes()).into_owned().collect();
    if let Some((k, _)) = pairs.iter().find(|(k, _)| !QUERY_KEYS.contains(&k.as_str())) {
        return error(
            StatusCode::BAD_REQUEST,
            Some("invalid_parameter"),
            &format!("Invalid parameter: {k}"),
            &scenario,
        );
    }
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).filter(|v| !v.is_empty());
    let bad_format =
        |k: &str| error(StatusCode::BAD_REQUEST, Some("invalid_format"), &format!("Invalid format: {k}"), &scenario);
    let count = match get("count") {
        None => 50,
        Some(c) => match c.parse::<usize>() {
            Ok(n) if (1..=1000).contains(&n) => n,
            _ => return bad_format("count"),
        },
    };
    let mut dates = [None, None];
    for (i, k) in ["start_date", "end_date"].iter().enumerate() {
        if let Some(d) = get(k) {
            match parse_date(&d) {
                Some(p) => dates[i] = Some(p),
                None => return bad_format(k),
            }
        }
    }
    let request_type = get("request_type");
    if request_type.as_deref().is_some_and(|t| !["kyc", "aml", "data", "others"].contains(&t)) {
        return bad_format("request_type");
    }
    let mut body = {
        let store = state.store();
        let mut all: Vec<&Value> = store.argos_submissions.values().collect();
        all.reverse(); // newest first
        let field = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        if let Some(id) = get("submission_id") {
            let items: Vec<Value> =
                all.into_iter().filter(|v| field(v, "submission_id").as_deref() == Some(&id)).cloned().collect();
            json!({"Items": items})
        } else {
            let filtered: Vec<&Value> = all
                .into_iter()
                .filter(|v| get("userid").map_or(true, |u| field(v, "userid").as_deref() == Some(&u)))
                .filter(|v| get("email").map_or(true, |e| field(v, "email").as_deref() == Some(&e)))
                .filter(|v| {
                    let day = field(v, "created_at").and_then(|c| c.get(..10).map(str::to_string)).unwrap_or_default();
                    dates[0].as_ref().map_or(true, |s| day >= *s) && dates[1].as_ref().map_or(true, |e| day <= *e)
                })
                .collect();
            let start = match get("nextpage_id") {
                Some(after) => filtered
                    .iter()
                    .position(|v| field(v, "submission_id").as_deref() == Some(&after))
                    .map_or(filtered.len(), |i| i + 1),
                None => 0,
            };
            let page: Vec<Value> = filtered.iter().skip(start).take(count).map(|v| (*v).clone()).collect();
            let mut out = json!({"Items": page});
            if start + count < filtered.len() {
                if let Some(last) = filtered.get(start + count - 1) {
                    out["nextpageKey"] =
                        json!({"id": field(last, "submission_id"), "created_at": field(last, "created_at")});
                }
            }
            out
        }
    };
    if let (Some(t), Some(items)) = (request_type.as_deref(), body.get_mut("Items").and_then(Value::as_array_mut)) {
        for item in items.iter_mut() {
            *item = project(item, t);
        }
    }
    let mode = state.config().argos_encryption.or((scenario == "encrypted").then_some(ArgosEncryption::Gcm));
    if let Some(mode) = mode {
        let Some(cipher) = encrypt(&state.credentials().argos.secret_key, mode, body.to_string().as_bytes()) else {
            return error(StatusCode::INTERNAL_SERVER_ERROR, Some("processing_error"), "encryption failed", &scenario);
        };
        body = json!({"isEncrypted": true, "data": cipher});
    }
    tag(reply(StatusCode::OK, body), &scenario)
}

/// The fields `request_type` selects.
fn project(item: &Value, request_type: &str) -> Value {
    let Some(obj) = item.as_object() else { return item.clone() };
    let mut out = Map::new();
    match request_type {
        "others" => {
            for (k, v) in obj {
                if !["kyc", "aml", "data"].contains(&k.as_str()) {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        key => {
            for k in ["submission_id", key] {
                if let Some(v) = obj.get(k) {
                    out.insert(k.to_string(), v.clone());
                }
            }
        }
    }
    Value::Object(out)
}

/// A submission in the documented shape, for a fake applicant.
fn new_submission(userid: &str, email: Option<&str>, result: &str, comment_code: Option<&str>) -> Value {
    let now = common::now_ms();
    let at = argos_time(now);
    let id = common::random_hex(8);
    let rejected = result == "rejected";
    json!({
        "submission_id": id,
        "applicant_id": format!("sbx-{}", common::random_hex(4)),
        "userid": userid,
        "email": email,
        "created_at": at,
        "updated_at": at,
        "kyc_result_at": if result == "pending" { Value::Null } else { json!(at) },
        "pending_at": if result == "pending" { json!(at) } else { Value::Null },
        "reviewer": "system",
        "data": {
            "name": "SANDBOX TEST PERSON", "full_name": "SANDBOX TEST PERSON", "first_name": "SANDBOX", "last_name": "TEST PERSON",
            "gender": "male", "nationality": "MYS", "date_of_birth": "1990-01-01", "ip_address": "127.0.0.1",
            "idType": "passport", "idcard_issuingCountry": "MYS", "idcard_issueDate": "2020-01-01", "idcard_expireDate": "2030-01-01",
            "identityNumber": "900101145557", "documentNumber": "A00000000",
            "address_city": "KUALA LUMPUR", "address_country": "MYS", "address_state": "WILAYAH PERSEKUTUAN",
            "address_street": "NO 1 JALAN SANDBOX 1/1", "address_zipcode": "50000"
        },
        "kyc": {
            "result": result,
            // Arrays, as in ARGOS's own GET/Submission examples (the seed's table says String).
            "comment": comment_code.map(|c| vec![format!("Rejected in the sandbox: {c}")]),
            "commentCode": comment_code.map(|c| vec![c]),
            "attempts": [{
                "attemptCnt": 0, "verificationResult": if rejected { "fail" } else { "success" },
                "faceSimilarityScore": if rejected { 41.2 } else { 93.4 }, "livenessScore": 98.1,
                "liveness": {"score": 98.1, "probability": 0.99, "quality": 0.95}
            }]
        },
        "aml": {"currentstatus": "Not Screened", "risk_level_summary": "Not Screened"},
        "recognition_score": 0.97,
        "argos_score": if rejected { 35 } else { 96 },
        "image": {"idImage": null, "idBackImage": null, "selfieImage": null, "addressImage": null}
    })
}

async fn liveform(request: Request) -> Response {
    let q = request.uri().query();
    let (pid, userid, email, redirect) = (
        common::query_param(q, "pid").unwrap_or_default(),
        common::query_param(q, "userid").unwrap_or_default(),
        common::query_param(q, "email").unwrap_or_default(),
        common::query_param(q, "redirect").unwrap_or_default(),
    );
    if pid.trim().is_empty() || userid.trim().is_empty() || !common::is_http_url(&redirect) {
        return tag(
            html::error_page(StatusCode::BAD_REQUEST, "The liveform needs pid, userid and an http(s) redirect URL."),
            "-",
        );
    }
    let mut body = String::from(
        "<p>This page stands in for ARGOS ID Check's hosted <em>liveform</em>; its parameters (<code>pid</code>, \
         <code>userid</code>, <code>email</code>, <code>redirect</code>) are an assumption. Choose the review result: a \
         submission is created for this user, the webhooks fire, and you are sent back.</p>\n\
         <form method=\"post\" action=\"/argos/liveform\">\n",
    );
    body.push_str(&html::hidden("pid", &pid));
    body.push_str(&html::hidden("userid", &userid));
    body.push_str(&html::hidden("email", &email));
    body.push_str(&html::hidden("redirect", &redirect));
    body.push_str(&html::radios(
        "outcome",
        "Result",
        &[("approved".into(), "Approved".into()), ("pending".into(), "Pending (submitted for manual review)".into())],
    ));
    let rejects: Vec<(String, String)> =
        REJECT_CODES.iter().map(|c| (format!("rejected:{c}"), format!("Rejected: {c}"))).collect();
    body.push_str(&html::radios_unchecked("outcome", "Rejected, with a reject code", &rejects));
    body.push_str("<button type=\"submit\">Submit</button>\n</form>\n");
    tag(html::page("ARGOS ID Check liveform (sandbox)", &body).into_response(), "-")
}

/// The liveform's form.
#[derive(serde::Deserialize)]
pub struct LiveformForm {
    pub pid: String,
    pub userid: String,
    #[serde(default)]
    pub email: String,
    pub redirect: String,
    pub outcome: String,
}

async fn submit(State(state): State<AppState>, Form(form): Form<LiveformForm>) -> Response {
    let (result, code) = match form.outcome.as_str() {
        "approved" => ("approved", None),
        "pending" => ("pending", None),
        other => match other.strip_prefix("rejected:").filter(|c| REJECT_CODES.contains(c)) {
            Some(c) => ("rejected", Some(c)),
            None => return tag(html::error_page(StatusCode::BAD_REQUEST, "Unknown outcome."), "-"),
        },
    };
    if form.pid.trim().is_empty() || form.userid.trim().is_empty() || !common::is_http_url(&form.redirect) {
        return tag(
            html::error_page(StatusCode::BAD_REQUEST, "pid, userid and an http(s) redirect are required."),
            result,
        );
    }
    let email = Some(form.email.as_str()).filter(|e| !e.is_empty());
    let item = new_submission(&form.userid, email, result, code);
    let id = item["submission_id"].as_str().unwrap_or_default().to_string();
    state.store().argos_submissions.insert(id.clone(), item);
    if let Some(url) = state.config().webhook_argos.clone() {
        let trigger = if result == "pending" { "submit" } else { result };
        let mut sequence = Vec::new();
        for t in ["created", trigger] {
            let plain = json!({"webhook_trigger": t, "submission_id": id, "userid": form.userid, "email": email});
            let body = match state.config().argos_encryption {
                Some(mode) => {
                    match encrypt(&state.credentials().argos.secret_key, mode, plain.to_string().as_bytes()) {
                        Some(c) => json!({"data": c}),
                        None => continue,
                    }
                }
                None => plain,
            };
            sequence.push((t.to_string(), Vec::new(), body.to_string().into_bytes()));
        }
        crate::callbacks::post_sequence(&state, P.id(), &url, sequence);
    }
    tag(common::see_other(&form.redirect), result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times() {
        assert_eq!(parse_date("2025-02-01").as_deref(), Some("2025-02-01"));
        assert_eq!(parse_date("20250201").as_deref(), Some("2025-02-01"));
        assert_eq!(parse_date("2025-13-01"), None);
        assert_eq!(parse_date("01-02-2025"), None);
        assert_eq!(argos_time(1_738_418_207_123), "2025-02-01-13-56-47-123");
    }
}
