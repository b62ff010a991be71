//! Revenue Monster eKYC (MyKad), as documented in PROVIDERS.md and the RM seed.
//!
//! | route | what |
//! |---|---|
//! | `POST /revenue-monster/v1/token` | OAuth: `Authorization: Basic base64(clientId:clientSecret)`, `{"grantType":"client_credentials"}` or `refresh_token` |
//! | `POST /revenue-monster/v3/service` | `{"service":"ekyc","version":"v1","function":F,"request":{…}}`, bearer token, RSA-signed |
//!
//! Every service call must carry `Authorization: Bearer <token>`, `X-Timestamp` (Unix s, within 120 s),
//! `X-Nonce-Str` (not seen before) and `X-Signature: sha256 <Base64>`: RSA PKCS#1 v1.5 / SHA-256 with the
//! merchant's key over `data=<Base64(canonical body)>&method=post&nonceStr=…&requestUrl=<full URL>&signType=sha256&timestamp=…`.
//! The canonical body (keys sorted, compact, `<>&` as `\u003c…`) is computed here independently of ekyc-bridge.
//!
//! Functions: `id-mykad` (then the signed `notify_url` post), `face-compare`, `liveness-face` (also
//! `face-compare-with-mykad`), `get-mykad-result`, `get-ekyc-result`.
//!
//! **Assumptions** (not in the docs): HTTP 401 `UNAUTHORIZED` for a bad client or token; HTTP 400
//! `INVALID_REQUEST_SIGNATURE` for every signature, timestamp or nonce fault; HTTP 400 `INVALID_REQUEST` for a
//! bad envelope; HTTP 404 `RECORD_NOT_FOUND`; the `notify_url` body `{code, function, requestID, item}`.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rsa::Pkcs1v15Sign;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::common::{self, header, json as reply};
use crate::images::{self, Kind};
use crate::scenario::{tag, Provider};
use crate::state::AppState;

const P: Provider = Provider::RevenueMonster;
/// How far `X-Timestamp` may be from the sandbox's clock.
pub const TIMESTAMP_WINDOW_S: u64 = 120;

const ERRORS: [&str; 3] = ["INVALID_REQUEST_SIGNATURE", "UNAUTHORIZED", "INTERNAL_SERVER_ERROR"];

/// Endpoint → the scenarios it understands besides the generic ones.
pub const SCENARIOS: &[(&str, &[&str])] = &[
    ("token", &["UNAUTHORIZED", "INTERNAL_SERVER_ERROR"]),
    (
        "id-mykad",
        &[
            "fail",
            "MYKAD_NOT_FOUND",
            "MYKAD_SINGLE_NOT_FOUND",
            "MYKAD_FACE_NOT_FOUND",
            "INCOMPLETE",
            "OCR_ENGINE_ERROR",
            "OCR_ENGINE_CONNECTION",
            "INVALID_REQUEST_SIGNATURE",
            "UNAUTHORIZED",
            "INTERNAL_SERVER_ERROR",
        ],
    ),
    (
        "face-compare",
        &[
            "fail",
            "FACE_ENGINE_CONNECTION_ERROR",
            "FACE_ENGINE_TIMEOUT",
            "INVALID_REQUEST_SIGNATURE",
            "UNAUTHORIZED",
            "INTERNAL_SERVER_ERROR",
        ],
    ),
    (
        "liveness-face",
        &[
            "fail",
            "FACE_ENGINE_CONNECTION_ERROR",
            "FACE_ENGINE_TIMEOUT",
            "RECORD_NOT_FOUND",
            "INVALID_REQUEST_SIGNATURE",
            "UNAUTHORIZED",
            "INTERNAL_SERVER_ERROR",
        ],
    ),
    ("get-mykad-result", &["RECORD_NOT_FOUND", "INVALID_REQUEST_SIGNATURE", "UNAUTHORIZED", "INTERNAL_SERVER_ERROR"]),
    ("get-ekyc-result", &["RECORD_NOT_FOUND", "INVALID_REQUEST_SIGNATURE", "UNAUTHORIZED", "INTERNAL_SERVER_ERROR"]),
];

pub fn routes() -> Router<AppState> {
    Router::new().route("/revenue-monster/v1/token", post(token)).route("/revenue-monster/v3/service", post(service))
}

/// `{"error":{code, message},"debug":…}`.
pub fn error_body(code: &str, message: &str) -> Value {
    json!({"error": {"code": code, "message": message}, "debug": {"sandbox": true}})
}

fn status_of(code: &str) -> StatusCode {
    match code {
        "UNAUTHORIZED" => StatusCode::UNAUTHORIZED,
        "RECORD_NOT_FOUND" => StatusCode::NOT_FOUND,
        "INTERNAL_SERVER_ERROR" => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    }
}

fn error(code: &str, message: &str, scenario: &str) -> Response {
    tag(reply(status_of(code), error_body(code, message)), scenario)
}

// ----- OAuth -----

async fn token(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let scenario = match state.begin(P, "token", &parts.headers, parts.uri.query()).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if ERRORS.contains(&scenario.as_str()) {
        return error(&scenario, "sandbox scenario", &scenario);
    }
    let creds = &state.credentials().revenue_monster;
    let basic = header(&parts.headers, "authorization")
        .and_then(|h| h.strip_prefix("Basic ").or_else(|| h.strip_prefix("basic ")))
        .and_then(|b| STANDARD.decode(b.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok());
    let authorized = basic.as_deref().and_then(|b| b.split_once(':')).is_some_and(|(id, secret)| {
        common::secret_eq(id, &creds.client_id) && common::secret_eq(secret, &creds.client_secret)
    });
    if !authorized {
        return error("UNAUTHORIZED", "invalid client credentials (Basic auth)", &scenario);
    }
    let Ok(bytes) = axum::body::to_bytes(body, crate::MAX_BODY_BYTES).await else {
        return error("INVALID_REQUEST", "unreadable body", &scenario);
    };
    let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let now = common::now_ms();
    match body.get("grantType").and_then(Value::as_str) {
        Some("client_credentials") => {}
        Some("refresh_token") => {
            let known = body
                .get("refreshToken")
                .and_then(Value::as_str)
                .is_some_and(|t| state.store().rm_refresh.get(t).is_some_and(|exp| *exp > now));
            if !known {
                return error("UNAUTHORIZED", "invalid or expired refresh token", &scenario);
            }
        }
        _ => return error("INVALID_REQUEST", "grantType must be client_credentials or refresh_token", &scenario),
    }
    let ttl = state.config().rm_token_ttl_s;
    let (access, refresh) =
        (format!("sbx_rm_at_{}", common::random_hex(20)), format!("sbx_rm_rt_{}", common::random_hex(20)));
    {
        let mut store = state.store();
        store.rm_tokens.insert(access.clone(), now + ttl * 1000);
        store.rm_refresh.insert(refresh.clone(), now + 30 * 86_400_000);
    }
    let answer = json!({
        "accessToken": access, "tokenType": "Bearer", "expiresIn": ttl,
        "refreshToken": refresh, "refreshTokenExpiresIn": 30 * 86_400
    });
    tag(reply(StatusCode::OK, answer), &scenario)
}

// ----- Signature -----

/// The body as RM canonicalizes it (what the Go SDK's `mxj` + `encoding/json` print): keys sorted at every level
/// (serde_json's map is ordered), compact, `<` `>` `&` U+2028 U+2029 escaped, and every number printed as Go prints
/// a float64 (`1e+21`, `1e-7`, `100` for `100.0`).
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    go_json(value, &mut out);
    out.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

fn go_json(value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                go_json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                go_json(v, out);
            }
            out.push('}');
        }
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or_default();
            if x != 0.0 && (x.abs() < 1e-6 || x.abs() >= 1e21) {
                // Go's strconv 'e' format with its `e-07` → `e-7` clean-up: `1e+21`, `1.5e-7`, `1e-10`.
                let e = format!("{x:e}");
                out.push_str(&match e.split_once("e-") {
                    Some((m, exp)) => format!("{m}e-{exp}"),
                    None => e.replacen('e', "e+", 1),
                });
            } else {
                out.push_str(&format!("{x}"));
            }
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The signed plain text; `data` is left out for an absent, `null` or `{}` body, `requestUrl` when `request_url`
/// is `None` (a callback, as RM's signature docs say).
pub fn plaintext(body: Option<&Value>, request_url: Option<&str>, nonce: &str, timestamp: u64) -> String {
    let data = match body {
        None | Some(Value::Null) => None,
        Some(Value::Object(m)) if m.is_empty() => None,
        Some(v) => Some(STANDARD.encode(canonical_json(v))),
    };
    let mut s = data.map(|d| format!("data={d}&")).unwrap_or_default();
    s.push_str(&format!("method=post&nonceStr={nonce}&"));
    if let Some(url) = request_url {
        s.push_str(&format!("requestUrl={url}&"));
    }
    s.push_str(&format!("signType=sha256&timestamp={timestamp}"));
    s
}

fn pkcs1() -> Pkcs1v15Sign {
    Pkcs1v15Sign::new::<Sha256>()
}

/// Signs `text` with the sandbox's own key (notifications), Base64.
pub fn sign_as_sandbox(state: &AppState, text: &str) -> Option<String> {
    let digest = Sha256::digest(text.as_bytes());
    state.rm_keys().sandbox_private.sign(pkcs1(), &digest).ok().map(|s| STANDARD.encode(s))
}

/// Checks the token, timestamp, nonce and signature of a service call; the error answer otherwise.
fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    url: &str,
    body: Option<&Value>,
) -> Result<(), (&'static str, String)> {
    let now = common::now_ms();
    let token = header(headers, "authorization").and_then(|h| h.strip_prefix("Bearer ").map(str::trim));
    let valid = token.is_some_and(|t| state.store().rm_tokens.get(t).is_some_and(|exp| *exp > now));
    if !valid {
        return Err(("UNAUTHORIZED", "missing, unknown or expired access token".into()));
    }
    let bad = |m: &str| Err(("INVALID_REQUEST_SIGNATURE", m.to_string()));
    let (Some(signature), Some(nonce), Some(ts)) =
        (header(headers, "x-signature"), header(headers, "x-nonce-str"), header(headers, "x-timestamp"))
    else {
        return bad("X-Signature, X-Nonce-Str and X-Timestamp are required");
    };
    let Ok(ts) = ts.parse::<u64>() else { return bad("X-Timestamp is not Unix seconds") };
    if ts.abs_diff(now / 1000) > TIMESTAMP_WINDOW_S {
        return bad("X-Timestamp is more than 120 s away from the server's clock");
    }
    if nonce.is_empty() || nonce.len() > 128 {
        return bad("X-Nonce-Str must be 1-128 characters");
    }
    let Some(sig) = signature.strip_prefix("sha256 ") else { return bad("X-Signature must be `sha256 <signature>`") };
    let Ok(sig) = STANDARD.decode(sig.trim()) else { return bad("X-Signature is not Base64") };
    let text = plaintext(body, Some(url), nonce, ts);
    let digest = Sha256::digest(text.as_bytes());
    if state.rm_keys().merchant_public.verify(pkcs1(), &digest, &sig).is_err() {
        return bad("the signature does not verify with the merchant's public key");
    }
    // Only a verified request spends its nonce (a forged one must not block the real one).
    let mut store = state.store();
    if store.rm_nonces.contains(nonce) {
        return bad("X-Nonce-Str was already used");
    }
    store.rm_nonces.insert(nonce.to_string(), now);
    Ok(())
}

// ----- State -----

/// A face comparison against a MyKad recognition, or alone.
#[derive(Debug, Clone)]
pub struct FaceRecord {
    pub id: String,
    pub same: bool,
    pub similarity: f64,
    pub status: String,
    pub at_ms: u64,
}

/// A MyKad recognition and the face comparison made against it.
#[derive(Debug, Clone)]
pub struct MyKadRecord {
    pub id: String,
    /// The id of the eKYC result, set by the liveness step (the Go and PHP SDK READMEs: "the ekycId obtained
    /// after liveness verification" is what `get-ekyc-result` takes).
    pub ekyc_id: Option<String>,
    pub status: String,
    pub created_ms: u64,
    pub face: Option<FaceRecord>,
}

fn action_of(status: &str) -> &'static str {
    match status {
        "SUCCESS" => "NONE_REQUIRED",
        "INCOMPLETE" => "INCONCLUSIVE",
        _ => "ATTENTION_REQUIRED",
    }
}

/// The fake card: a clearly fictional person.
fn recognition(status: &str) -> Value {
    if matches!(status, "MYKAD_NOT_FOUND" | "MYKAD_SINGLE_NOT_FOUND" | "OCR_ENGINE_ERROR" | "OCR_ENGINE_CONNECTION") {
        return json!([]);
    }
    let faces = if status == "MYKAD_FACE_NOT_FOUND" {
        json!([])
    } else {
        json!([{"boxes": [12, 40, 180, 230], "confidence": 0.998}])
    };
    json!([{
        "duration": 1.2886,
        "data": {
            "address": {
                "addressLine1": "NO 1 JALAN SANDBOX 1/1", "addressLine2": "TAMAN CONTOH", "addressLine3": "50000 KUALA LUMPUR",
                "city": "KUALA LUMPUR", "postcode": "50000", "state": "WILAYAH PERSEKUTUAN"
            },
            "gender": "MALE", "ic": "900101-14-5557", "isMuslim": false, "name": "SANDBOX TEST PERSON"
        },
        "faces": faces,
        "object": {"confidence": 0.9609, "prediction": "ic_1_front"},
        "scores": {"landmarks": 0.9441, "ocr": 0.9633, "searcher": 0.9, "total": 0.9395}
    }])
}

fn mykad_item(r: &MyKadRecord) -> Value {
    let updated = r.face.as_ref().map_or(r.created_ms, |f| f.at_ms);
    json!({
        "id": r.id, "status": r.status, "action": action_of(&r.status), "results": recognition(&r.status),
        "createdAt": common::iso_ms(r.created_ms), "updatedAt": common::iso_ms(updated)
    })
}

fn face_item(f: &FaceRecord) -> Value {
    let action = match (f.status.as_str(), f.same) {
        ("SUCCESS", true) => "NONE_REQUIRED",
        ("SUCCESS", false) => "ATTENTION_REQUIRED",
        _ => "INCONCLUSIVE",
    };
    json!({
        "id": f.id, "action": action, "isSamePerson": f.same, "similarity": f.similarity, "status": f.status,
        "updatedAt": common::iso_ms(f.at_ms)
    })
}

fn ekyc_item(r: &MyKadRecord) -> Value {
    let mut reasons = Vec::new();
    let (status, verdict) = match (&r.face, r.status.as_str()) {
        (_, s) if s != "SUCCESS" => {
            reasons.push(format!("MyKad recognition: {s}"));
            (s.to_string(), action_of(s))
        }
        (None, _) => {
            reasons.push("no face comparison yet".to_string());
            ("INCOMPLETE".to_string(), "INCONCLUSIVE")
        }
        (Some(f), _) if f.status != "SUCCESS" => {
            reasons.push(format!("face comparison: {}", f.status));
            (f.status.clone(), "INCONCLUSIVE")
        }
        (Some(f), _) if !f.same => {
            reasons.push("the selfie and the MyKad photo are not the same person".to_string());
            ("SUCCESS".to_string(), "ATTENTION_REQUIRED")
        }
        (Some(_), _) => ("SUCCESS".to_string(), "NONE_REQUIRED"),
    };
    let updated = r.face.as_ref().map_or(r.created_ms, |f| f.at_ms);
    let mut item = json!({
        "id": r.id, "verdict": verdict, "status": status,
        "mykadAction": action_of(&r.status), "mykadRequestId": r.id,
        "reasons": reasons, "results": recognition(&r.status),
        "createdAt": common::iso_ms(r.created_ms), "updatedAt": common::iso_ms(updated)
    });
    if let (Some(f), Some(obj)) = (&r.face, item.as_object_mut()) {
        let fi = face_item(f);
        obj.insert("faceAction".into(), fi["action"].clone());
        obj.insert("faceCompareRequestId".into(), json!(f.id));
        obj.insert("faceResult".into(), json!({"isSamePerson": f.same, "similarity": f.similarity}));
    }
    item
}

fn new_face(scenario: &str) -> FaceRecord {
    let (same, similarity, status) = match scenario {
        "fail" => (false, 12.4, "SUCCESS"),
        "FACE_ENGINE_CONNECTION_ERROR" | "FACE_ENGINE_TIMEOUT" => (false, 0.0, scenario),
        _ => (true, 92.7, "SUCCESS"),
    };
    FaceRecord { id: common::random_hex(12), same, similarity, status: status.to_string(), at_ms: common::now_ms() }
}

// ----- Service -----

fn endpoint_of(function: Option<&str>) -> &'static str {
    match function {
        Some("id-mykad") => "id-mykad",
        Some("face-compare") => "face-compare",
        Some("liveness-face") | Some("face-compare-with-mykad") => "liveness-face",
        Some("get-mykad-result") => "get-mykad-result",
        Some("get-ekyc-result") => "get-ekyc-result",
        _ => "service",
    }
}

async fn service(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, crate::MAX_BODY_BYTES).await else {
        return error("INVALID_REQUEST", "the body is too large or unreadable", "-");
    };
    let parsed: Option<Value> = if bytes.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        match serde_json::from_slice(&bytes) {
            Ok(v) => Some(v),
            Err(_) => return error("INVALID_REQUEST", "the body is not JSON", "-"),
        }
    };
    let function = parsed.as_ref().and_then(|v| v.get("function")).and_then(Value::as_str).map(str::to_string);
    let endpoint = endpoint_of(function.as_deref());
    let scenario = match state.begin(P, endpoint, &parts.headers, parts.uri.query()).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let host = header(&parts.headers, "host").unwrap_or("127.0.0.1");
    let path = parts.uri.path_and_query().map_or("/revenue-monster/v3/service", |p| p.as_str());
    let url = format!("http://{host}{path}");
    if let Err((code, message)) = authenticate(&state, &parts.headers, &url, parsed.as_ref()) {
        return error(code, &message, &scenario);
    }
    if ERRORS.contains(&scenario.as_str()) || scenario == "RECORD_NOT_FOUND" {
        return error(&scenario, "sandbox scenario", &scenario);
    }
    let Some(Value::Object(envelope)) = parsed else {
        return error("INVALID_REQUEST", "the body must be the ekyc envelope object", &scenario);
    };
    if envelope.get("service").and_then(Value::as_str) != Some("ekyc")
        || envelope.get("version").and_then(Value::as_str) != Some("v1")
    {
        return error("INVALID_REQUEST", "service must be \"ekyc\" and version \"v1\"", &scenario);
    }
    // The seed shows `id` at the top level, the SDKs put everything in `request`: accept both.
    let mut request = match envelope.get("request") {
        Some(Value::Object(m)) => m.clone(),
        None => Map::new(),
        Some(_) => return error("INVALID_REQUEST", "request must be an object", &scenario),
    };
    if let Some(id) = envelope.get("id") {
        request.entry("id").or_insert_with(|| id.clone());
    }
    let answer = match endpoint {
        "id-mykad" => id_mykad(&state, &request, &scenario),
        "face-compare" => face_compare(&request, &scenario),
        "liveness-face" => liveness(&state, &request, &scenario),
        "get-mykad-result" | "get-ekyc-result" => get_result(&state, &request, endpoint == "get-ekyc-result"),
        _ => Err(("INVALID_REQUEST", format!("unknown function {:?}", function.unwrap_or_default()))),
    };
    match answer {
        Ok(item) => tag(reply(StatusCode::OK, json!({"code": "SUCCESS", "item": item})), &scenario),
        Err((code, message)) => error(code, &message, &scenario),
    }
}

type Answer = Result<Value, (&'static str, String)>;

fn text<'a>(request: &'a Map<String, Value>, field: &str) -> Result<&'a str, (&'static str, String)> {
    request
        .get(field)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or(("INVALID_REQUEST", format!("{field} is required")))
}

fn image(request: &Map<String, Value>, field: &str, kind: Kind) -> Result<(), (&'static str, String)> {
    images::check(request.get(field).and_then(Value::as_str), kind)
        .map(|_| ())
        .map_err(|e| ("INVALID_REQUEST", e.message(field)))
}

fn id_mykad(state: &AppState, request: &Map<String, Value>, scenario: &str) -> Answer {
    let notify_url = text(request, "notify_url")?;
    if !common::is_http_url(notify_url) {
        return Err(("INVALID_REQUEST", "notify_url must be an http(s) URL".into()));
    }
    image(request, "query_image_content", Kind::Document)?;
    let status = match scenario {
        "fail" => "MYKAD_NOT_FOUND",
        "MYKAD_NOT_FOUND"
        | "MYKAD_SINGLE_NOT_FOUND"
        | "MYKAD_FACE_NOT_FOUND"
        | "INCOMPLETE"
        | "OCR_ENGINE_ERROR"
        | "OCR_ENGINE_CONNECTION" => scenario,
        _ => "SUCCESS",
    };
    let record = MyKadRecord {
        id: common::random_hex(12),
        ekyc_id: None,
        status: status.to_string(),
        created_ms: common::now_ms(),
        face: None,
    };
    state.store().rm_mykad.insert(record.id.clone(), record.clone());
    notify(state, notify_url, &record);
    Ok(json!({"requestID": record.id, "status": status}))
}

/// Posts the MyKad result to `notify_url`, signed with the sandbox's key the way RM signs callbacks: the
/// string-to-sign without `requestUrl` (doc-v2 `docs/quickstart/signature-algorithm.md`, step 3).
fn notify(state: &AppState, notify_url: &str, record: &MyKadRecord) {
    let body = json!({"code": "SUCCESS", "function": "id-mykad", "requestID": record.id, "item": mykad_item(record)});
    let nonce = common::random_hex(16);
    let ts = common::now_s();
    let Some(signature) = sign_as_sandbox(state, &plaintext(Some(&body), None, &nonce, ts)) else {
        return;
    };
    let headers = vec![
        ("X-Signature".to_string(), format!("sha256 {signature}")),
        ("X-Nonce-Str".to_string(), nonce),
        ("X-Timestamp".to_string(), ts.to_string()),
    ];
    crate::callbacks::post_json(state, P.id(), "id-mykad", notify_url, headers, canonical_json(&body).into_bytes());
}

fn face_compare(request: &Map<String, Value>, scenario: &str) -> Answer {
    image(request, "query_image_content_1", Kind::Face)?;
    image(request, "query_image_content_2", Kind::Face)?;
    Ok(face_item(&new_face(scenario)))
}

fn liveness(state: &AppState, request: &Map<String, Value>, scenario: &str) -> Answer {
    let id = text(request, "mykad_request_id")?;
    image(request, "query_image_content", Kind::Face)?;
    let face = new_face(scenario);
    let mut store = state.store();
    let record =
        store.rm_mykad.get_mut(id).ok_or(("RECORD_NOT_FOUND", "no MyKad recognition with this id".to_string()))?;
    record.face = Some(face.clone());
    let ekyc_id = record.ekyc_id.get_or_insert_with(|| common::random_hex(12)).clone();
    // The Go SDK's FaceCompareResult, plus the ekycId its README passes to get-ekyc-result.
    let mut item = face_item(&face);
    if let Some(obj) = item.as_object_mut() {
        obj.insert("ekycId".into(), json!(ekyc_id));
    }
    Ok(item)
}

/// `get-mykad-result {id}` by the MyKad request id; `get-ekyc-result {id}` by the `ekycId` of the liveness step
/// or the MyKad request id (the docs' request table names the latter).
fn get_result(state: &AppState, request: &Map<String, Value>, ekyc: bool) -> Answer {
    let id = text(request, "id")?;
    let store = state.store();
    let by_ekyc_id = || store.rm_mykad.values().find(|r| ekyc && r.ekyc_id.as_deref() == Some(id));
    let record = store
        .rm_mykad
        .get(id)
        .or_else(by_ekyc_id)
        .ok_or(("RECORD_NOT_FOUND", "no eKYC record with this id".to_string()))?;
    let mut item = if ekyc { ekyc_item(record) } else { mykad_item(record) };
    if let (true, Some(ekyc_id), Some(obj)) = (ekyc, &record.ekyc_id, item.as_object_mut()) {
        obj.insert("id".into(), json!(ekyc_id));
    }
    Ok(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_and_escapes() {
        let v = json!({"b": "<&>", "a": {"d": 1, "c": [true]}});
        assert_eq!(canonical_json(&v), r#"{"a":{"c":[true],"d":1},"b":"\u003c\u0026\u003e"}"#);
        assert_eq!(
            plaintext(None, Some("http://h/x"), "n1", 5),
            "method=post&nonceStr=n1&requestUrl=http://h/x&signType=sha256&timestamp=5"
        );
        assert_eq!(plaintext(None, None, "n1", 5), "method=post&nonceStr=n1&signType=sha256&timestamp=5");
        assert!(plaintext(Some(&json!({"a": 1})), Some("u"), "n", 1).starts_with("data=eyJhIjoxfQ==&method=post"));
        let numbers = json!([1e21, 1e20, 1e-7, 1.5e-10, 100.0, 0.000001, 9007199254740993u64, -0.0, 12.4]);
        assert_eq!(
            canonical_json(&numbers),
            "[1e+21,100000000000000000000,1e-7,1.5e-10,100,0.000001,9007199254740992,-0,12.4]"
        );
    }
}
