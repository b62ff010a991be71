//! WideKYC (Indonesia), as documented in PROVIDERS.md and the WideKYC seed.
//!
//! | route | what |
//! |---|---|
//! | `POST /widekyc/api/passive-liveness` | `{cust_ref_no \| transactionRefNo, selfie_image}` → `result` "True"/"False" |
//! | `POST /widekyc/api/id-recognize` | `{cust_ref_no, id_image}` → eKTP OCR `data` |
//! | `POST /widekyc/api/id-validation` | `{cust_ref_no, nik, name?, birth_date? (DD-MM-YYYY), birth_place?, address?, selfie_image?}` → a boolean per field, `selfie_photo` |
//!
//! Header `token`, `Content-Type: application/json`. Success: HTTP 200 `{"statusCode":"SUCCESSFUL","content":{"result":{…}}}`;
//! business errors: HTTP 200 `{"statusCode":"ERROR","responseStatusDetails":[{description, type}]}`; also HTTP 401, 404, 500, 503, 504.
//!
//! **Assumptions**: a bad token is HTTP 401 with the ERROR body "Unauthorized"; an invalid request body is
//! HTTP 200 ERROR with a description naming the field; `ref_id` echoes `cust_ref_no`; `selfie_photo` is 0–10
//! (10 = same person; the scale is not documented).

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Map, Value};

use crate::common::{self, header, json as reply};
use crate::images::{self, Kind};
use crate::scenario::{tag, Provider};
use crate::state::AppState;

const P: Provider = Provider::Widekyc;

const ERRORS: &[&str] = &[
    "fail",
    "quota-exceeded",
    "http-500-quota",
    "not-activated",
    "not-approved",
    "http-401",
    "http-404",
    "http-500",
    "http-504",
];

/// Endpoint → the scenarios it understands besides the generic ones.
pub const SCENARIOS: &[(&str, &[&str])] =
    &[("passive-liveness", ERRORS), ("id-recognize", ERRORS), ("id-validation", ERRORS)];

/// The documented business error descriptions.
pub const QUOTA_EXCEEDED: &str = "Quota Exceeded";
pub const NOT_ACTIVATED: &str = "Product is not activated. Please Check Available Products in Manage Product Menu";
pub const NOT_APPROVED: &str = "Product is not activated yet by Admin";

pub fn routes() -> Router<AppState> {
    Router::new().route("/widekyc/api/{endpoint}", post(api))
}

/// `{"statusCode":"ERROR","responseStatusDetails":[{description, type:"Exception"}]}`.
pub fn error_body(description: &str) -> Value {
    json!({"statusCode": "ERROR", "responseStatusDetails": [{"description": description, "type": "Exception"}]})
}

fn error(status: StatusCode, description: &str, scenario: &str) -> Response {
    tag(reply(status, error_body(description)), scenario)
}

fn success(result: Value, scenario: &str) -> Response {
    tag(reply(StatusCode::OK, json!({"statusCode": "SUCCESSFUL", "content": {"result": result}})), scenario)
}

async fn api(State(state): State<AppState>, Path(endpoint): Path<String>, request: Request) -> Response {
    let endpoint: &'static str = match endpoint.as_str() {
        "passive-liveness" => "passive-liveness",
        "id-recognize" => "id-recognize",
        "id-validation" => "id-validation",
        _ => return error(StatusCode::NOT_FOUND, "Not Found", "-"),
    };
    let (parts, body) = request.into_parts();
    let scenario = match state.begin(P, endpoint, &parts.headers, parts.uri.query()).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let token = &state.credentials().widekyc.token;
    if !header(&parts.headers, "token").is_some_and(|t| common::secret_eq(t, token)) {
        return error(StatusCode::UNAUTHORIZED, "Unauthorized", &scenario);
    }
    match scenario.as_str() {
        "quota-exceeded" => return error(StatusCode::OK, QUOTA_EXCEEDED, &scenario),
        "not-activated" => return error(StatusCode::OK, NOT_ACTIVATED, &scenario),
        "not-approved" => return error(StatusCode::OK, NOT_APPROVED, &scenario),
        "http-401" => return error(StatusCode::UNAUTHORIZED, "Unauthorized", &scenario),
        "http-404" => return error(StatusCode::NOT_FOUND, "Not Found", &scenario),
        "http-500" => return error(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error", &scenario),
        // The shape WideKYC's Android example reads from an HTTP 500's error stream (it adds statusCode itself).
        "http-500-quota" => {
            let body = json!({"responseStatusDetails": [{"description": QUOTA_EXCEEDED, "type": "Exception"}]});
            return tag(reply(StatusCode::INTERNAL_SERVER_ERROR, body), &scenario);
        }
        "http-504" => return error(StatusCode::GATEWAY_TIMEOUT, "Gateway Timeout", &scenario),
        _ => {}
    }
    let body: Option<Value> =
        axum::body::to_bytes(body, crate::MAX_BODY_BYTES).await.ok().and_then(|b| serde_json::from_slice(&b).ok());
    let Some(Value::Object(body)) = body else {
        return error(StatusCode::OK, "Invalid request: the body must be a JSON object", &scenario);
    };
    let fail = scenario == "fail";
    let answer = match endpoint {
        "passive-liveness" => liveness(&body, fail),
        "id-recognize" => recognize(&body, fail),
        _ => validate(&body, fail),
    };
    match answer {
        Ok(result) => success(result, &scenario),
        Err(message) => error(StatusCode::OK, &format!("Invalid request: {message}"), &scenario),
    }
}

/// The merchant reference: `cust_ref_no` (the wiki) or `transactionRefNo` (the official Postman collection).
fn reference(body: &Map<String, Value>) -> Result<String, String> {
    match body.get("cust_ref_no").or_else(|| body.get("transactionRefNo")) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        _ => Err("cust_ref_no (or transactionRefNo) is required".into()),
    }
}

fn image(body: &Map<String, Value>, field: &str, kind: Kind) -> Result<(), String> {
    images::check(body.get(field).and_then(Value::as_str), kind).map(|_| ()).map_err(|e| e.message(field))
}

fn base(reference: String, truth: bool) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("status".into(), json!("success"));
    m.insert("result".into(), json!(if truth { "True" } else { "False" }));
    m.insert("trx_id".into(), json!(format!("{}{}", common::now_ms(), &common::random_hex(2)[..3])));
    m.insert("ref_id".into(), json!(reference));
    m.insert("timestamp".into(), json!(common::now_ms()));
    m
}

fn liveness(body: &Map<String, Value>, fail: bool) -> Result<Value, String> {
    let r = reference(body)?;
    image(body, "selfie_image", Kind::Face)?;
    Ok(Value::Object(base(r, !fail)))
}

fn recognize(body: &Map<String, Value>, fail: bool) -> Result<Value, String> {
    let r = reference(body)?;
    image(body, "id_image", Kind::Document)?;
    let mut m = base(r, !fail);
    if !fail {
        m.insert(
            "data".into(),
            json!({
                "nik": "3171010101900001", "nama": "SANDBOX TEST PERSON", "tempat_lahir": "JAKARTA",
                "tanggal_lahir": "01-01-1990", "jenis_kelamin": "LAKI-LAKI", "gol_darah": "-",
                "alamat": "JL. SANDBOX NO. 1", "rt/rw": "001/002", "kelurahan/desa": "CONTOH",
                "kecamatan": "CONTOH", "agama": "ISLAM", "status_perkawinan": "BELUM KAWIN",
                "pekerjaan": "KARYAWAN SWASTA", "kewarganegaraan": "WNI", "provinsi": "DKI JAKARTA",
                "kota": "KOTA JAKARTA PUSAT"
            }),
        );
    }
    Ok(Value::Object(m))
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.get(2) == Some(&b'-')
        && b.get(5) == Some(&b'-')
        && b.iter().enumerate().all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit())
}

fn validate(body: &Map<String, Value>, fail: bool) -> Result<Value, String> {
    let r = reference(body)?;
    let nik = match body.get("nik") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err("nik is required".into()),
    };
    if nik.len() != 16 || !nik.bytes().all(|b| b.is_ascii_digit()) {
        return Err("nik must be 16 digits".into());
    }
    let given = |k: &str| body.get(k).and_then(Value::as_str).is_some_and(|s| !s.trim().is_empty());
    if let Some(d) = body.get("birth_date").and_then(Value::as_str) {
        if !is_date(d) {
            return Err("birth_date must be DD-MM-YYYY".into());
        }
    }
    let selfie = given("selfie_image");
    if selfie {
        image(body, "selfie_image", Kind::Face)?;
    }
    let mut data = Map::new();
    data.insert("nik".into(), json!(true));
    for (field, key) in
        [("name", "full_name"), ("birth_date", "birth_date"), ("birth_place", "birth_place"), ("address", "address")]
    {
        if given(field) {
            data.insert(key.into(), json!(!(fail && matches!(key, "full_name" | "birth_date"))));
        }
    }
    if fail && !given("name") && !given("birth_date") {
        data.insert("nik".into(), json!(false));
    }
    if selfie {
        data.insert("selfie_photo".into(), json!(if fail { 2 } else { 10 }));
    }
    let mut m = base(r, !fail);
    m.remove("result");
    m.insert("data".into(), Value::Object(data));
    Ok(Value::Object(m))
}
