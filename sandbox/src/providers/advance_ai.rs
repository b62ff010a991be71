//! ADVANCE.AI IDVS H5 eKYC, as documented in PROVIDERS.md and the get-result seed.
//!
//! | route | what |
//! |---|---|
//! | `POST /advance-ai/openapi/auth/ticket/v1/generate-token` | `{accessKey, timestamp (13-digit ms, ±300 s), signature = hex(sha256(accessKey+secretKey+timestamp)), periodSecond?}` → `data{token, expiredTime}` |
//! | `POST /advance-ai/intl/openapi/identity-risk/idvs-h5/ekyc/v1/<variant>` | `generate-ekyc-verification-url`, `generate-document-verification-url`, `generate-face-authentication-url`, `generate-liveness-detection-url`, `generate-non-document-verification-url`, `generate-url` (fields as the doc center's examples: `docType`, `bizCode`, `productLevel`, `solutionCode`, `livenessType`…); header `X-ACCESS-TOKEN` → `data{url}` |
//! | `POST /advance-ai/intl/openapi/identity-risk/idvs-h5/ekyc/v1/get-result` | `{signatureId, returnImageType?}` → the result envelope |
//! | `GET /advance-ai/h5?signatureId=…` | the hosted H5 page (sandbox: the tester picks the outcome) |
//! | `POST /advance-ai/h5` | the page's form: records the outcome, POSTs `callbackUrl`, redirects |
//!
//! Return: success → `returnUrl`; a blocking failure → `failReturnUrl?errorCode=X` (or `returnUrl` when
//! `ignoreFailWhenJump` is true). Callback: `POST callbackUrl {signatureId, type: "COMPLETED"}`, unsigned.
//!
//! **Assumptions**: a missing, unknown or expired `X-ACCESS-TOKEN` is HTTP 401 `IAM_FAILED`; a wrong access key
//! or signature is `CLIENT_ERROR` (HTTP 200); `returnUrl` is required; `data` of generate-url holds only `url`
//! and the `signatureId` rides in its query; without `failReturnUrl` a failure goes to `returnUrl?errorCode=X`;
//! a blocking failure that is not a FAIL code leaves the result `INCOMPLETE` with that code.

use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::common::{self, header, json as reply};
use crate::html;
use crate::scenario::{tag, Provider};
use crate::state::AppState;

const P: Provider = Provider::AdvanceAi;
/// How far the token request's timestamp may be from the sandbox's clock.
pub const TIMESTAMP_WINDOW_MS: u64 = 300_000;

/// Endpoint → the scenarios it understands besides the generic ones.
pub const SCENARIOS: &[(&str, &[&str])] = &[
    ("token", &["PARAMETER_ERROR", "ACCOUNT_DISABLED", "CLIENT_ERROR", "ERROR"]),
    ("generate-url", &["PARAMETER_ERROR", "IAM_FAILED", "ERROR"]),
    ("get-result", &["fail", "SIGNATURE_NOT_EXIST", "PARAMETER_ERROR", "IAM_FAILED", "ERROR"]),
];

/// The get-result `errorCode`s of `overallResult` FAIL.
pub const FAIL_CODES: &[&str] = &[
    "BVN_NOT_EXIST",
    "BVN_SUSPEND",
    "NUMBER_NOT_EXIST",
    "NAME_NOT_MATCH",
    "LIVENESS_ATTACK",
    "SIMILARITY_FAILED",
    "INVALID_FORMAT",
    "CAN_NOT_VERIFY",
    "FACE_QUALITY_TOO_POOR",
    "RISK_STRATEGY_HIT",
    "AGE_VERIFICATION_FAILED",
    "INFO_ABNORMAL",
    "NUMBER_DECEASED",
    "NUMBER_BLOCKED",
];

/// The `errorCode`s a blocking failure puts on `failReturnUrl`.
pub const RETURN_CODES: &[&str] = &[
    "BROWSER_ISSUE",
    "DOCUMENT_AUTO_SCAN_TRY_COUNT_EXCEED",
    "DOCUMENT_MANUAL_TRY_COUNT_EXCEED",
    "NO_PERMISSION",
    "CAMERA_ISSUE",
    "RESELECT_DOC_TYPE",
    "RESELECT_REGION",
    "LIVENESS_TRY_COUNT_EXCEED",
    "NOT_SUPPORT",
    "LIVENESS_ATTACK",
    "SIMILARITY_FAILED",
    "NO_SUPPORTED_CARD",
    "NO_SUPPORTED_CARD_CUSTOMIZED",
];

/// The get-result `errorCode`s of `overallResult` INCOMPLETE the tester can pick (USER_TIMEOUT is "give up",
/// RETRY_COUNT_REACH_MAX comes with LIVENESS_TRY_COUNT_EXCEED).
pub const INCOMPLETE_CODES: &[&str] = &["BVN_INVALID_FORMAT", "PARAMETER_ERROR", "ERROR"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/advance-ai/openapi/auth/ticket/v1/generate-token", post(token))
        .route("/advance-ai/intl/openapi/identity-risk/idvs-h5/ekyc/v1/{endpoint}", post(api))
        .route("/advance-ai/h5", get(page).post(finish))
}

/// `{code, message, data, extra, transactionId}`.
pub fn envelope(code: &str, message: &str, data: Value) -> Value {
    json!({"code": code, "message": message, "data": data, "extra": null, "transactionId": common::random_hex(8)})
}

fn failure(code: &str, message: &str, scenario: &str) -> Response {
    let status = if code == "IAM_FAILED" { StatusCode::UNAUTHORIZED } else { StatusCode::OK };
    tag(reply(status, envelope(code, message, Value::Null)), scenario)
}

/// What the tester chose, as get-result reports it.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub overall: &'static str,
    pub error_code: String,
}

/// One transaction.
#[derive(Debug, Clone)]
pub struct Session {
    pub signature_id: String,
    pub input: Map<String, Value>,
    pub outcome: Option<Outcome>,
}

impl Session {
    fn text(&self, key: &str) -> Option<&str> {
        self.input.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
    }
}

async fn read_json(request: Request) -> (axum::http::request::Parts, Option<Value>) {
    let (parts, body) = request.into_parts();
    let value =
        axum::body::to_bytes(body, crate::MAX_BODY_BYTES).await.ok().and_then(|b| serde_json::from_slice(&b).ok());
    (parts, value)
}

// ----- Token -----

async fn token(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = read_json(request).await;
    let scenario = match state.begin(P, "token", &parts.headers, parts.uri.query()).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if SCENARIOS[0].1.contains(&scenario.as_str()) {
        return failure(&scenario, "sandbox scenario", &scenario);
    }
    let Some(Value::Object(body)) = body else {
        return failure("PARAMETER_ERROR", "the body must be a JSON object", &scenario);
    };
    let field = |k: &str| match body.get(k) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let (Some(access_key), Some(timestamp), Some(signature)) =
        (field("accessKey"), field("timestamp"), field("signature"))
    else {
        return failure("PARAMETER_ERROR", "accessKey, timestamp and signature are required", &scenario);
    };
    let now = common::now_ms();
    let ts = timestamp.parse::<u64>().ok().filter(|_| timestamp.len() == 13);
    match ts {
        None => return failure("PARAMETER_ERROR", "timestamp must be 13-digit Unix milliseconds", &scenario),
        Some(t) if t.abs_diff(now) > TIMESTAMP_WINDOW_MS => {
            return failure("PARAMETER_ERROR", "timestamp is more than 300 s away from the server's clock", &scenario)
        }
        Some(_) => {}
    }
    let period = match body.get("periodSecond") {
        None | Some(Value::Null) => 3600,
        Some(v) => match v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok())) {
            Some(p) if (60..=86_400).contains(&p) => p,
            _ => return failure("PARAMETER_ERROR", "periodSecond must be between 60 and 86400", &scenario),
        },
    };
    let creds = &state.credentials().advance_ai;
    let expected =
        hex::encode(Sha256::digest(format!("{}{}{timestamp}", creds.access_key, creds.secret_key).as_bytes()));
    if !common::secret_eq(&access_key, &creds.access_key)
        || !common::secret_eq(&signature.to_ascii_lowercase(), &expected)
    {
        return failure("CLIENT_ERROR", "unknown accessKey or wrong signature", &scenario);
    }
    let token = format!("sbx_aai_{}", common::random_hex(20));
    let expired = now + period * 1000;
    state.store().aai_tokens.insert(token.clone(), expired);
    tag(reply(StatusCode::OK, envelope("SUCCESS", "OK", json!({"token": token, "expiredTime": expired}))), &scenario)
}

fn token_ok(state: &AppState, headers: &HeaderMap) -> bool {
    let now = common::now_ms();
    header(headers, "x-access-token").is_some_and(|t| state.store().aai_tokens.get(t).is_some_and(|exp| *exp > now))
}

// ----- Generate URL, get result -----

async fn api(State(state): State<AppState>, Path(endpoint): Path<String>, request: Request) -> Response {
    let (parts, body) = read_json(request).await;
    let (kind, variant) = match endpoint.as_str() {
        "generate-ekyc-verification-url"
        | "generate-document-verification-url"
        | "generate-face-authentication-url"
        | "generate-liveness-detection-url"
        | "generate-non-document-verification-url"
        | "generate-url" => ("generate-url", endpoint.as_str()),
        "get-result" => ("get-result", "get-result"),
        _ => return tag(reply(StatusCode::NOT_FOUND, envelope("ERROR", "no such API", Value::Null)), "-"),
    };
    let scenario = match state.begin(P, kind, &parts.headers, parts.uri.query()).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if !token_ok(&state, &parts.headers) {
        return failure("IAM_FAILED", "Access Denied: missing, unknown or expired X-ACCESS-TOKEN", &scenario);
    }
    if scenario != "fail" && SCENARIOS.iter().any(|(e, l)| *e == kind && l.contains(&scenario.as_str())) {
        return failure(&scenario, "sandbox scenario", &scenario);
    }
    let Some(Value::Object(body)) = body else {
        return failure("PARAMETER_ERROR", "the body must be a JSON object", &scenario);
    };
    let answer = if kind == "get-result" {
        get_result(&state, &body, &scenario)
    } else {
        let origin = format!("http://{}", header(&parts.headers, "host").unwrap_or("127.0.0.1"));
        generate_url(&state, variant, body, &origin)
    };
    match answer {
        Ok(v) => tag(reply(StatusCode::OK, v), &scenario),
        Err((code, message)) => failure(code, &message, &scenario),
    }
}

type Answer = Result<Value, (&'static str, String)>;

fn check_return_url(name: &str, url: &str) -> Result<(), (&'static str, String)> {
    let lower = url.to_ascii_lowercase();
    if url.len() > 2048 {
        return Err(("PARAMETER_ERROR", format!("{name} is longer than 2048 characters")));
    }
    if ["javascript:", "data:", "file:"].iter().any(|s| lower.starts_with(s)) {
        return Err(("PARAMETER_ERROR", format!("{name} uses a refused scheme")));
    }
    // The doc center: "Supports standard web URLs such as https://... and custom schemes such as myapp://...";
    // the callback is a server's, so http(s) only.
    let app_link = lower.split_once("://").is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && !scheme.is_empty()
            && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    });
    if !common::is_http_url(url) && (name == "callbackUrl" || !app_link) {
        return Err(("PARAMETER_ERROR", format!("{name} must be an http(s) URL or an app link")));
    }
    Ok(())
}

fn generate_url(state: &AppState, variant: &str, body: Map<String, Value>, origin: &str) -> Answer {
    let text = |k: &str| -> Result<Option<&str>, (&'static str, String)> {
        match body.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(("PARAMETER_ERROR", format!("{k} must be a string"))),
        }
    };
    match text("returnUrl")? {
        Some(u) => check_return_url("returnUrl", u)?,
        None => return Err(("PARAMETER_ERROR", "returnUrl is required".into())),
    }
    if let Some(u) = text("failReturnUrl")? {
        check_return_url("failReturnUrl", u)?;
    }
    if let Some(u) = text("callbackUrl")? {
        check_return_url("callbackUrl", u)?;
    }
    // Named in every doc-center example (`livenessType` in the liveness-detection one): strings when present.
    for field in ["docType", "productLevel", "bizCode", "solutionCode", "livenessType", "language", "bizId", "userId"] {
        text(field)?;
    }
    for flag in ["iframeEnabled", "ignoreFailWhenJump"] {
        if body.get(flag).is_some_and(|v| !v.is_boolean() && !v.is_null()) {
            return Err(("PARAMETER_ERROR", format!("{flag} must be a boolean")));
        }
    }
    let region = text("region")?;
    if region.is_some_and(|r| r.len() != 3 || !r.bytes().all(|b| b.is_ascii_uppercase())) {
        return Err(("PARAMETER_ERROR", "region must be an ISO 3166 alpha-3 code".into()));
    }
    if variant == "generate-non-document-verification-url" && (region.is_none() || text("numberType")?.is_none()) {
        return Err(("PARAMETER_ERROR", "the non-document flow needs region and numberType".into()));
    }
    let signature_id = common::random_hex(8);
    let url = format!("{origin}/advance-ai/h5?signatureId={signature_id}");
    let mut input = body;
    input.insert("variant".into(), json!(variant));
    state.store().aai_sessions.insert(signature_id.clone(), Session { signature_id, input, outcome: None });
    Ok(envelope("SUCCESS", "OK", json!({"url": url})))
}

fn doc_database_detail(s: &Session) -> Value {
    match (s.text("region"), s.text("numberType")) {
        (Some("NGA"), _) => json!({
            "bvn": "22********4", "numberValue": "22********4",
            "numberTypeInfo": {"numberType": "NG_BVN", "region": "NGA"},
            "firstName": "S****X", "middleName": "T**T", "lastName": "P****N", "gender": "FEMALE",
            "birthday": "1994/07/13", "phoneNumber": "081******05", "phoneNumber2": "",
            "verification": {"numberValue": "pass", "fullName": "pass", "dob": "pass", "face": "pass"}
        }),
        (Some(region), number_type) => json!({
            "numberValue": "32**********0011",
            "numberTypeInfo": {"numberType": number_type.unwrap_or("ID_NIK"), "region": region},
            "fullName": "SANDBOX TEST PERSON",
            "verification": {"numberValue": "pass", "fullName": "pass", "dob": "pass", "face": "pass"}
        }),
        (None, _) => Value::Null,
    }
}

/// The `data` of get-result for `session` (with `outcome` instead of the stored one, when given).
fn result_data(s: &Session, outcome: Option<&Outcome>) -> Value {
    let region = s.text("region").unwrap_or("IDN");
    let mut input = s.input.clone();
    for k in ["returnUrl", "failReturnUrl", "callbackUrl", "variant"] {
        input.remove(k);
    }
    let Some(o) = outcome else {
        // No final result yet: the user has not finished.
        return json!({
            "signatureId": s.signature_id, "overallResult": "INCOMPLETE", "submissionCompleted": false,
            "idvResult": "INCOMPLETE", "errorCode": null, "docDatabaseDetail": null, "faceDetail": null,
            "inputParameters": input, "countryCodeIso3": region
        });
    };
    let (doc, face, submitted) = match (o.overall, o.error_code.as_str()) {
        ("PASS", _) => (
            doc_database_detail(s),
            json!({"faceResult": "PASS", "faceLivenessScore": 99, "faceSimilarityScore": 88}),
            true,
        ),
        ("FAIL", "LIVENESS_ATTACK") => (
            doc_database_detail(s),
            json!({"faceResult": "FAIL", "faceLivenessScore": 3, "livenessAttackType": "SCREEN_REPLAY"}),
            true,
        ),
        ("FAIL", "SIMILARITY_FAILED") => (
            doc_database_detail(s),
            json!({"faceResult": "FAIL", "faceLivenessScore": 97, "faceSimilarityScore": 31}),
            true,
        ),
        ("FAIL", _) => (Value::Null, Value::Null, true),
        _ => (Value::Null, Value::Null, false),
    };
    json!({
        "signatureId": s.signature_id, "overallResult": o.overall, "submissionCompleted": submitted,
        "idvResult": o.overall, "errorCode": o.error_code, "docDatabaseDetail": doc, "faceDetail": face,
        "inputParameters": input, "countryCodeIso3": region
    })
}

fn get_result(state: &AppState, body: &Map<String, Value>, scenario: &str) -> Answer {
    let Some(id) = body.get("signatureId").and_then(Value::as_str).filter(|s| !s.is_empty()) else {
        return Err(("PARAMETER_ERROR", "signatureId is required".into()));
    };
    if body.get("returnImageType").is_some_and(|v| !v.is_string() && !v.is_null()) {
        return Err(("PARAMETER_ERROR", "returnImageType must be a string".into()));
    }
    let store = state.store();
    let Some(session) = store.aai_sessions.get(id) else {
        return Ok(envelope("SIGNATURE_NOT_EXIST", "This signatureId is not exist", Value::Null));
    };
    let forced = Outcome { overall: "FAIL", error_code: "LIVENESS_ATTACK".into() };
    let outcome = if scenario == "fail" { Some(&forced) } else { session.outcome.as_ref() };
    Ok(envelope("SUCCESS", "OK", result_data(session, outcome)))
}

// ----- Hosted page -----

fn options(codes: &[&str], prefix: &str) -> Vec<(String, String)> {
    codes.iter().map(|c| (c.to_string(), format!("{prefix}{c}"))).collect()
}

async fn page(State(state): State<AppState>, request: Request) -> Response {
    let id = common::query_param(request.uri().query(), "signatureId").unwrap_or_default();
    let session = state.store().aai_sessions.get(&id).cloned();
    let Some(session) = session else {
        return tag(html::error_page(StatusCode::NOT_FOUND, "This verification link is unknown or has expired."), "-");
    };
    if session.outcome.is_some() {
        return tag(
            html::error_page(
                StatusCode::GONE,
                "This verification was already finished; the link cannot be used again.",
            ),
            "-",
        );
    }
    let mut body = String::from(
        "<p>This page stands in for ADVANCE.AI's hosted H5 eKYC page. Choose what the user's verification ends with; \
         you will be sent back to the merchant as the real page does, and the callback (if any) is sent.</p>\n<form method=\"post\" action=\"/advance-ai/h5\">\n",
    );
    body.push_str(&html::hidden("signatureId", &session.signature_id));
    let mut finished = vec![("pass".to_string(), "Pass — the user is verified (PASS / SUCCESS)".to_string())];
    finished.extend(options(FAIL_CODES, "Finished, result FAIL: "));
    finished.extend(options(INCOMPLETE_CODES, "Finished, result INCOMPLETE: "));
    body.push_str(&html::radios(
        "outcome",
        "The user finishes the flow (sent to returnUrl, except the two blocking FAIL codes)",
        &finished,
    ));
    let blocking: Vec<(String, String)> = RETURN_CODES
        .iter()
        .filter(|c| !FAIL_CODES.contains(c))
        .map(|c| (format!("block:{c}"), format!("Blocking failure: {c}")))
        .collect();
    body.push_str(&html::radios_unchecked(
        "outcome",
        "A blocking failure (sent to failReturnUrl?errorCode=…)",
        &blocking,
    ));
    body.push_str(&html::radios_unchecked(
        "outcome",
        "The user gives up",
        &[("give-up".to_string(), "Give up (result INCOMPLETE / USER_TIMEOUT)".to_string())],
    ));
    body.push_str("<button type=\"submit\">Finish</button>\n</form>\n");
    tag(html::page("ADVANCE.AI eKYC (sandbox)", &body).into_response(), "-")
}

/// The form of the hosted page.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinishForm {
    pub signature_id: String,
    pub outcome: String,
}

/// Where the browser goes and what get-result says for a chosen outcome: (outcome, blocking return code).
fn decide(choice: &str) -> Option<(Outcome, Option<String>)> {
    let o = |overall: &'static str, code: &str| Outcome { overall, error_code: code.to_string() };
    Some(match choice {
        "pass" => (o("PASS", "SUCCESS"), None),
        "give-up" => (o("INCOMPLETE", "USER_TIMEOUT"), None),
        "LIVENESS_ATTACK" | "SIMILARITY_FAILED" => (o("FAIL", choice), Some(choice.to_string())),
        c if FAIL_CODES.contains(&c) => (o("FAIL", c), None),
        c if INCOMPLETE_CODES.contains(&c) => (o("INCOMPLETE", c), None),
        c => {
            let code = c.strip_prefix("block:").filter(|c| RETURN_CODES.contains(c))?;
            let result = if code == "LIVENESS_TRY_COUNT_EXCEED" { "RETRY_COUNT_REACH_MAX" } else { code };
            (o("INCOMPLETE", result), Some(code.to_string()))
        }
    })
}

async fn finish(State(state): State<AppState>, Form(form): Form<FinishForm>) -> Response {
    let Some((outcome, blocking)) = decide(&form.outcome) else {
        return tag(html::error_page(StatusCode::BAD_REQUEST, "Unknown outcome."), "-");
    };
    let label = form.outcome.clone();
    let session = {
        let mut store = state.store();
        match store.aai_sessions.get_mut(&form.signature_id) {
            Some(s) if s.outcome.is_none() => {
                s.outcome = Some(outcome.clone());
                Some(s.clone())
            }
            Some(_) => {
                return tag(html::error_page(StatusCode::GONE, "This verification was already finished."), &label)
            }
            None => None,
        }
    };
    let Some(session) = session else {
        return tag(
            html::error_page(StatusCode::NOT_FOUND, "This verification link is unknown or has expired."),
            &label,
        );
    };
    if let Some(callback) = session.text("callbackUrl") {
        let body = json!({"signatureId": session.signature_id, "type": "COMPLETED"});
        crate::callbacks::post_json(&state, P.id(), "COMPLETED", callback, Vec::new(), body.to_string().into_bytes());
    }
    let return_url = session.text("returnUrl").unwrap_or("/").to_string();
    let ignore_fail = session.input.get("ignoreFailWhenJump").and_then(Value::as_bool).unwrap_or(false);
    let gave_up = form.outcome == "give-up";
    let location = match (blocking, session.text("failReturnUrl")) {
        (Some(_), _) if ignore_fail => return_url,
        (Some(code), Some(fail)) => common::with_params(fail, &[("errorCode", &code)]),
        (Some(code), None) => common::with_params(&return_url, &[("errorCode", &code)]),
        (None, Some(fail)) if gave_up => fail.to_string(),
        (None, _) => return_url,
    };
    tag(common::see_other(&location), &label)
}
