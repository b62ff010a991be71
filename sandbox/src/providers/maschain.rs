//! MasChain eKYC, as documented in PROVIDERS.md and the MasChain seed.
//!
//! | route | what |
//! |---|---|
//! | `POST /maschain/api/ekyc/verifications` | headers `client_id`, `client_secret`; `{type, id_country \| select_id_country, id_type \| select_id_type, redirect_url, wallet_address?}` → `{status:200, result:{url, token}}` |
//! | `GET /maschain/api/ekyc/verifications/{token}` | the session, as in the seed |
//! | `GET /maschain/verifications?token=…` | the hosted page (sandbox: the tester picks the outcome) |
//! | `POST /maschain/verifications` | the page's form: records the outcome, redirects to `redirect_url?is_success=1\|0` |
//!
//! **Assumptions**: bad credentials are HTTP 401 `{"status":401,"code":"AuthFailure.InvalidAuthorization","message":"Unauthenticated."}`;
//! a bad field is HTTP 400 with `InvalidParameter` / `InvalidParameterValue` (the error codes MasChain lists);
//! an unknown token is HTTP 404; the redirect adds only `is_success`.

use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde_json::{json, Value};

use crate::common::{self, header, json as reply};
use crate::html;
use crate::scenario::{tag, Provider};
use crate::state::AppState;

const P: Provider = Provider::Maschain;
/// A session's lifetime (the seed's example: 15 minutes).
pub const SESSION_MS: u64 = 15 * 60 * 1000;

const API_ERRORS: [&str; 4] =
    ["AuthFailure.InvalidAuthorization", "InvalidParameter", "InvalidParameterValue", "UnsupportedOperation"];

/// Endpoint → the scenarios it understands besides the generic ones.
pub const SCENARIOS: &[(&str, &[&str])] = &[
    ("create", &API_ERRORS),
    (
        "get",
        &[
            "fail",
            "AuthFailure.InvalidAuthorization",
            "InvalidParameter",
            "InvalidParameterValue",
            "UnsupportedOperation",
        ],
    ),
];

/// The OCR error codes the tester can pick: (code, meaning).
pub const OCR_ERRORS: &[(&str, &str)] = &[
    ("9101", "ID card covered"),
    ("9102", "photocopy"),
    ("9103", "photographed screen"),
    ("9104", "edited"),
    ("9107", "reflective"),
    ("9108", "blurry"),
];

/// The face (Tencent FaceID) error codes the tester can pick.
pub const FACE_ERRORS: &[&str] = &[
    "FailedOperation.CompareLowSimilarity",
    "FailedOperation.LivessDetectFake",
    "FailedOperation.LivessDetectFail",
    "FailedOperation.SilentThreshold",
];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/maschain/api/ekyc/verifications", post(create))
        .route("/maschain/api/ekyc/verifications/{token}", get(fetch))
        .route("/maschain/verifications", get(page).post(finish))
}

/// One hosted session.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: u64,
    pub token: String,
    pub kind: String,
    pub country: String,
    pub id_type: String,
    pub url: String,
    pub redirect_url: String,
    pub created_ms: u64,
    pub updated_ms: u64,
    /// The tester's choice: `pass`, an OCR code, a face code, or `give-up`; `None` while open.
    pub outcome: Option<String>,
}

fn api_error(status: StatusCode, code: &str, message: &str, scenario: &str) -> Response {
    tag(reply(status, json!({"status": status.as_u16(), "code": code, "message": message, "result": null})), scenario)
}

fn scenario_error(code: &str) -> Response {
    let status = if code.starts_with("AuthFailure") { StatusCode::UNAUTHORIZED } else { StatusCode::BAD_REQUEST };
    api_error(status, code, "sandbox scenario", code)
}

fn authorized(state: &AppState, headers: &HeaderMap) -> bool {
    let c = &state.credentials().maschain;
    header(headers, "client_id").is_some_and(|v| common::secret_eq(v, &c.client_id))
        && header(headers, "client_secret").is_some_and(|v| common::secret_eq(v, &c.client_secret))
}

fn unauthenticated(scenario: &str) -> Response {
    api_error(StatusCode::UNAUTHORIZED, "AuthFailure.InvalidAuthorization", "Unauthenticated.", scenario)
}

async fn create(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let scenario = match state.begin(P, "create", &parts.headers, parts.uri.query()).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if !authorized(&state, &parts.headers) {
        return unauthenticated(&scenario);
    }
    if API_ERRORS.contains(&scenario.as_str()) {
        return scenario_error(&scenario);
    }
    let body: Option<Value> =
        axum::body::to_bytes(body, crate::MAX_BODY_BYTES).await.ok().and_then(|b| serde_json::from_slice(&b).ok());
    let Some(Value::Object(body)) = body else {
        return api_error(StatusCode::BAD_REQUEST, "InvalidParameter", "the body must be a JSON object", &scenario);
    };
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let bad = |m: &str| api_error(StatusCode::BAD_REQUEST, "InvalidParameterValue", m, &scenario);
    // `select_id_country` / `select_id_type` (docs.maschain.com, Generate H5 Verification links) let the user pick
    // on the hosted page instead; this page has no picker, so such a session records MYS / ID_CARD as the pick.
    let selected = |k: &str| body.get(k).is_some_and(|v| v.as_bool() == Some(true) || v.as_i64() == Some(1));
    let country = text("id_country").or(selected("select_id_country").then_some("MYS"));
    let id_type = text("id_type").or(selected("select_id_type").then_some("ID_CARD"));
    let (Some(kind), Some(country), Some(id_type), Some(redirect)) =
        (text("type"), country, id_type, text("redirect_url"))
    else {
        return api_error(
            StatusCode::BAD_REQUEST,
            "InvalidParameter",
            "type, id_country (or select_id_country), id_type (or select_id_type) and redirect_url are required",
            &scenario,
        );
    };
    if !matches!(kind, "00" | "01") {
        return bad("type must be \"00\" (OCR + face + liveness) or \"01\" (OCR only)");
    }
    if country.len() != 3 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return bad("id_country must be an ISO 3166-1 alpha-3 code");
    }
    match id_type {
        "PASSPORT" => {}
        "ID_CARD" if country == "MYS" || selected("select_id_country") => {}
        "ID_CARD" => return bad("id_type ID_CARD is supported for MYS only"),
        _ => return bad("id_type must be ID_CARD or PASSPORT"),
    }
    if !common::is_http_url(redirect) || redirect.len() > 2048 {
        return bad("redirect_url must be an http(s) URL");
    }
    if body.get("wallet_address").is_some_and(|w| !w.is_string() && !w.is_null()) {
        return bad("wallet_address must be a string");
    }
    let token = common::random_hex(15).to_ascii_uppercase();
    let origin = format!("http://{}", header(&parts.headers, "host").unwrap_or("127.0.0.1"));
    let url = format!("{origin}/maschain/verifications?token={token}");
    let now = common::now_ms();
    let session = {
        let mut store = state.store();
        let id = store.mc_sessions.len() as u64 + 1;
        let s = Session {
            id,
            token: token.clone(),
            kind: kind.to_string(),
            country: country.to_string(),
            id_type: id_type.to_string(),
            url: url.clone(),
            redirect_url: redirect.to_string(),
            created_ms: now,
            updated_ms: now,
            outcome: None,
        };
        store.mc_sessions.insert(token.clone(), s.clone());
        s
    };
    tag(
        reply(StatusCode::OK, json!({"status": 200, "result": {"url": session.url, "token": session.token}})),
        &scenario,
    )
}

fn ocr_result(s: &Session) -> Value {
    let passport = s.id_type == "PASSPORT";
    json!({
        "ID": if passport { "A00000000" } else { "900101-14-5557" },
        "Sex": "LELAKI",
        "Name": "SANDBOX TEST PERSON",
        "Type": if passport { "Passport" } else { "MyKad" },
        "Warn": [],
        "Image": "",
        "Address": if passport { "" } else { "NO 1 JALAN SANDBOX 1/1 TAMAN CONTOH 50000 KUALA LUMPUR WILAYAH PERSEKUTUAN" },
        "Birthday": "01/01/1990",
        "RequestId": format!("sandbox-ocr-{}", s.token.to_ascii_lowercase()),
        "MyKadNumber": if passport { "" } else { "900101145557" },
        "AdvancedInfo": "",
        "WarnCardInfos": []
    })
}

fn face_result(sim: f64, result: &str, description: &str, s: &Session) -> Value {
    json!({
        "Sim": sim, "Result": result, "Description": description,
        "RequestId": format!("sandbox-face-{}", s.token.to_ascii_lowercase()), "BestFrameList": [], "BestFrameBase64": ""
    })
}

/// The session as the GET answers it, for `outcome` (the stored one unless overridden).
fn session_json(s: &Session, outcome: Option<&str>) -> Value {
    let face_needed = s.kind == "00";
    let empty = json!([]);
    // (ocr_success, ocr_result, face_id_success, face_id_result, is_success, latest_error, retries, face_retries)
    let (ocr_ok, ocr, face_ok, face, ok, error, retries, face_retries) = match outcome {
        None | Some("give-up") => (0, empty.clone(), 0, empty.clone(), 0, Value::Null, 0, 0),
        Some("pass") if face_needed => {
            (1, ocr_result(s), 1, face_result(98.33, "Success", "Success", s), 1, Value::Null, 0, 0)
        }
        Some("pass") => (1, ocr_result(s), 0, empty.clone(), 1, Value::Null, 0, 0),
        Some(code) if OCR_ERRORS.iter().any(|(c, _)| *c == code) => {
            (0, empty.clone(), 0, empty.clone(), 0, json!(code), 2, 0)
        }
        Some(code) => {
            let sim = if code.ends_with("CompareLowSimilarity") { 23.5 } else { 0.0 };
            (1, ocr_result(s), 0, face_result(sim, code, "verification failed", s), 0, json!(code), 0, 1)
        }
    };
    let charged = |done: bool| i32::from(done);
    json!({
        "id": s.id, "organisation_id": 60, "end_user_id": null, "type": s.kind, "token": s.token, "url": s.url,
        "redirect_url": s.redirect_url, "medias": null, "ocr_country": s.country, "ocr_type": s.id_type,
        "ocr_success": ocr_ok, "ocr_result": ocr, "ocr_charged": charged(outcome.is_some_and(|o| o != "give-up")),
        "face_id_success": face_ok, "face_id_result": face,
        "face_id_charged": charged(face_needed && face_ok == 1 || face_retries > 0),
        "is_success": ok, "latest_error": error, "retries": retries, "face_retries": face_retries,
        "expire_at": common::iso_ms(s.created_ms + SESSION_MS), "created_at": common::iso_ms(s.created_ms),
        "updated_at": common::iso_ms(s.updated_ms), "pruned_at": null
    })
}

async fn fetch(State(state): State<AppState>, Path(token): Path<String>, request: Request) -> Response {
    let scenario = match state.begin(P, "get", request.headers(), request.uri().query()).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if !authorized(&state, request.headers()) {
        return unauthenticated(&scenario);
    }
    if API_ERRORS.contains(&scenario.as_str()) {
        return scenario_error(&scenario);
    }
    let session = state.store().mc_sessions.get(&token).cloned();
    let Some(s) = session else {
        return api_error(StatusCode::NOT_FOUND, "InvalidParameterValue", "Verification not found", &scenario);
    };
    let outcome = if scenario == "fail" { Some("9108") } else { s.outcome.as_deref() };
    tag(reply(StatusCode::OK, json!({"status": 200, "result": session_json(&s, outcome)})), &scenario)
}

async fn page(State(state): State<AppState>, request: Request) -> Response {
    let token = common::query_param(request.uri().query(), "token").unwrap_or_default();
    let session = state.store().mc_sessions.get(&token).cloned();
    let Some(s) = session else {
        return tag(html::error_page(StatusCode::NOT_FOUND, "This verification link is unknown or has expired."), "-");
    };
    if s.outcome.is_some() || common::now_ms() > s.created_ms + SESSION_MS {
        return tag(html::error_page(StatusCode::GONE, "This verification is finished or expired."), "-");
    }
    let what = if s.kind == "00" { "OCR of the document, then face and liveness" } else { "OCR of the document only" };
    let mut body = format!(
        "<p>This page stands in for MasChain's hosted eKYC page ({what}, {} {}). Choose how it ends; you will be \
         sent to <code>redirect_url?is_success=1|0</code> as the real page does.</p>\n\
         <form method=\"post\" action=\"/maschain/verifications\">\n",
        html::escape(&s.country),
        html::escape(&s.id_type)
    );
    body.push_str(&html::hidden("token", &s.token));
    body.push_str(&html::radios("outcome", "Success", &[("pass".into(), "Pass — document and face verified".into())]));
    let ocr: Vec<(String, String)> =
        OCR_ERRORS.iter().map(|(c, m)| (c.to_string(), format!("OCR failure {c}: {m} (after 2 retries)"))).collect();
    body.push_str(&html::radios_unchecked("outcome", "Document (OCR) failures", &ocr));
    if s.kind == "00" {
        let face: Vec<(String, String)> =
            FACE_ERRORS.iter().map(|c| (c.to_string(), format!("Face failure: {c}"))).collect();
        body.push_str(&html::radios_unchecked("outcome", "Face and liveness failures", &face));
    }
    body.push_str(&html::radios_unchecked(
        "outcome",
        "The user gives up",
        &[("give-up".into(), "Give up (is_success=0, nothing recorded)".into())],
    ));
    body.push_str("<button type=\"submit\">Finish</button>\n</form>\n");
    tag(html::page("MasChain eKYC (sandbox)", &body).into_response(), "-")
}

/// The form of the hosted page.
#[derive(serde::Deserialize)]
pub struct FinishForm {
    pub token: String,
    pub outcome: String,
}

async fn finish(State(state): State<AppState>, Form(form): Form<FinishForm>) -> Response {
    let o = form.outcome.as_str();
    let known = o == "pass" || o == "give-up" || OCR_ERRORS.iter().any(|(c, _)| *c == o) || FACE_ERRORS.contains(&o);
    if !known {
        return tag(html::error_page(StatusCode::BAD_REQUEST, "Unknown outcome."), "-");
    }
    let redirect = {
        let mut store = state.store();
        match store.mc_sessions.get_mut(&form.token) {
            Some(s) if s.outcome.is_none() => {
                if FACE_ERRORS.contains(&o) && s.kind != "00" {
                    return tag(html::error_page(StatusCode::BAD_REQUEST, "This session has no face step."), o);
                }
                s.outcome = Some(o.to_string());
                s.updated_ms = common::now_ms();
                s.redirect_url.clone()
            }
            Some(_) => return tag(html::error_page(StatusCode::GONE, "This verification is already finished."), o),
            None => return tag(html::error_page(StatusCode::NOT_FOUND, "Unknown verification."), o),
        }
    };
    let success = if o == "pass" { "1" } else { "0" };
    tag(common::see_other(&common::with_params(&redirect, &[("is_success", success)])), o)
}
