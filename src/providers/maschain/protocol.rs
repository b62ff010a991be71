//! The HTTP side of MasChain eKYC, without I/O. Both calls carry the headers `client_id` and `client_secret`
//! (a secret: server/edge only).
//!
//! - `POST {baseUrl}/api/ekyc/verifications`: [`create_verification_request`] → [`parse_create_verification_response`].
//! - `GET {baseUrl}/api/ekyc/verifications/{token}`: [`get_verification_request`] → [`parse_verification_response`]
//!   (normalized) or [`parse_session_response`] (typed).
//!
//! Answers are `{status, result}`; errors map to: HTTP 401/403 (or an envelope `status` 401/403) →
//! `unauthorized`; 413 → `image_too_large`; other non-2xx → `http_status` (retryable for 429, 502, 503, 504)
//! with the body's `code`/`error` as `providerCode`; a body that is not a JSON object → `malformed_response`.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::types::{
    CreateVerificationRequest, CreateVerificationResponse, IdType, VerificationSession, VerificationType,
};
use super::PROVIDER;
use crate::error::{EkycError, ErrorCode, Result};
use crate::model::{ProviderId, Verification};
use crate::providers::common::{opt_str_any, req_f64};
use crate::providers::http::{check_http_url, status_error, HttpRequest, HttpResponse};
use crate::providers::NormalizeOptions;

/// Production API (eKYC is not enabled on the testnet `service-testnet.maschain.com`).
pub const BASE_URL: &str = "https://service.maschain.com";

fn invalid(message: impl Into<String>) -> EkycError {
    EkycError::invalid_input(message).with_provider(PROVIDER)
}

/// The credentials and host of a MasChain account. `Debug` hides the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct MasChainConfig {
    /// e.g. [`BASE_URL`]; a trailing `/` is ignored.
    pub base_url: String,
    /// The `client_id` header.
    pub client_id: String,
    /// The `client_secret` header (starts with `sk_`).
    pub client_secret: String,
}

impl std::fmt::Debug for MasChainConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MasChainConfig")
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

impl MasChainConfig {
    /// Checks the config: an http(s) base URL, non-empty id and secret (header-safe: no control characters).
    pub fn validate(&self) -> Result<()> {
        check_http_url(PROVIDER, "baseUrl", &self.base_url)?;
        for (what, v) in [("clientId", &self.client_id), ("clientSecret", &self.client_secret)] {
            if v.trim().is_empty() || v.chars().any(char::is_control) {
                return Err(invalid(format!("{what} must be a non-empty header value")));
            }
        }
        Ok(())
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url.trim_end_matches('/'))
    }

    fn authorize(&self, request: HttpRequest) -> HttpRequest {
        request.header("client_id", self.client_id.clone()).header("client_secret", self.client_secret.clone())
    }
}

/// Checks a create request and returns it normalized (country upper-cased, URL trimmed): `id_country` three
/// letters naming an ISO country, or `select_id_country` (the user picks it on the hosted page), not both;
/// `id_type` `ID_CARD` (only with `MYS`) or `PASSPORT`, or `select_id_type`, not both; `type` `"00"` or `"01"`,
/// `redirect_url` http(s). Anything else is `invalid_input`.
pub fn validate_create_request(request: &CreateVerificationRequest) -> Result<CreateVerificationRequest> {
    let mut r = request.clone();
    r.id_country = r.id_country.map(|c| c.trim().to_ascii_uppercase());
    match (&r.id_country, r.select_id_country) {
        (Some(_), true) => return Err(invalid("give idCountry or selectIdCountry, not both")),
        (None, false) => return Err(invalid("idCountry is required unless selectIdCountry is true")),
        (Some(c), false)
            if c.len() != 3
                || !c.bytes().all(|b| b.is_ascii_alphabetic())
                || isocountry::CountryCode::for_alpha3(c).is_err() =>
        {
            return Err(invalid(format!("idCountry must be an ISO 3166-1 alpha-3 code, got {:?}", request.id_country)))
        }
        _ => {}
    }
    match (&r.id_type, r.select_id_type) {
        (Some(_), true) => return Err(invalid("give idType or selectIdType, not both")),
        (None, false) => return Err(invalid("idType is required unless selectIdType is true")),
        (Some(IdType::IdCard), _) if r.id_country.as_deref().is_some_and(|c| c != "MYS") => {
            return Err(invalid("idType ID_CARD is only accepted with idCountry MYS; use PASSPORT"))
        }
        (Some(IdType::Other(s)), _) => return Err(invalid(format!("idType must be ID_CARD or PASSPORT, got {s:?}"))),
        _ => {}
    }
    if let VerificationType::Other(s) = &r.kind {
        return Err(invalid(format!("type must be \"00\" (OCR + face + liveness) or \"01\" (OCR only), got {s:?}")));
    }
    r.redirect_url = r.redirect_url.trim().to_string();
    check_http_url(PROVIDER, "redirectUrl", &r.redirect_url)?;
    if let Some(w) = &r.wallet_address {
        if w.trim().is_empty() || w.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid("walletAddress must be a non-empty address without spaces"));
        }
    }
    Ok(r)
}

/// `POST {baseUrl}/api/ekyc/verifications` — not idempotent (each call opens a session).
pub fn create_verification_request(
    config: &MasChainConfig,
    request: &CreateVerificationRequest,
) -> Result<HttpRequest> {
    config.validate()?;
    let r = validate_create_request(request)?;
    let body = serde_json::to_vec(&r).map_err(|e| EkycError::new(ErrorCode::Internal, "request body").with_cause(e))?;
    Ok(config.authorize(HttpRequest::post_json(config.url("/api/ekyc/verifications"), body)))
}

/// `GET {baseUrl}/api/ekyc/verifications/{token}` (token percent-encoded) — idempotent.
pub fn get_verification_request(config: &MasChainConfig, token: &str) -> Result<HttpRequest> {
    config.validate()?;
    let token = token.trim();
    if token.is_empty() {
        return Err(invalid("token must not be empty"));
    }
    let url = config.url(&format!("/api/ekyc/verifications/{}", crate::providers::common::encode_component(token)));
    Ok(config.authorize(HttpRequest::get(url)))
}

/// The provider code and message of an error body (`code`/`error`/`error_code`, `message`/`error`/`result`).
fn error_details(body: Option<&Map<String, Value>>) -> (Option<String>, Option<String>) {
    let Some(b) = body else { return (None, None) };
    let nested = b.get("error").and_then(Value::as_object);
    let code = opt_str_any(b, &["code", "error_code"])
        .or_else(|| nested.and_then(|e| opt_str_any(e, &["code", "Code"])))
        .or_else(|| b.get("error").and_then(Value::as_str).map(str::to_string));
    let message = opt_str_any(b, &["message", "msg"])
        .or_else(|| nested.and_then(|e| opt_str_any(e, &["message", "Message"])))
        .or_else(|| b.get("result").and_then(Value::as_str).map(str::to_string));
    (code, message)
}

/// The error of an HTTP status or envelope `status` (see [`status_error`]).
fn error_for(status: u16, body: Option<&Map<String, Value>>) -> EkycError {
    let (code, message) = error_details(body);
    status_error(PROVIDER, "MasChain", status, code, message)
}

/// The JSON object of a successful answer (the whole `{status, result}` envelope). Non-2xx statuses, and
/// an envelope `status` of 400 or more, become the mapped error.
pub fn parse_body(response: &HttpResponse) -> Result<Value> {
    let json: Option<Value> = serde_json::from_slice(&response.body).ok();
    if !(200..300).contains(&response.status) {
        return Err(error_for(response.status, json.as_ref().and_then(Value::as_object)));
    }
    let json = json.ok_or_else(|| {
        EkycError::malformed("MasChain answered with a body that is not JSON").with_provider(PROVIDER)
    })?;
    let obj = json.as_object().ok_or_else(|| {
        EkycError::malformed("MasChain answered with JSON that is not an object").with_provider(PROVIDER)
    })?;
    let status = req_f64(obj, "status").map_err(|e| e.with_provider(PROVIDER))?;
    if let Some(s) = status.filter(|s| *s >= 400.0 && *s < 600.0) {
        return Err(error_for(s as u16, Some(obj)));
    }
    Ok(json)
}

fn parse_result<T: DeserializeOwned>(response: &HttpResponse) -> Result<T> {
    let body = parse_body(response)?;
    let target = match body.get("result") {
        None => body,
        Some(Value::Object(m)) => Value::Object(m.clone()),
        Some(_) => return Err(EkycError::malformed("`result` is not an object").with_provider(PROVIDER)),
    };
    serde_json::from_value(target).map_err(|e| {
        EkycError::malformed("MasChain answered with an unexpected shape").with_provider(PROVIDER).with_cause(e)
    })
}

/// The answer of the create call: `{status, result:{url, token}}` (or the bare `{url, token}`).
/// Missing or empty `url`/`token` is `malformed_response`.
pub fn parse_create_verification_response(response: &HttpResponse) -> Result<CreateVerificationResponse> {
    let r: CreateVerificationResponse = parse_result(response)?;
    if r.url.trim().is_empty() || r.token.trim().is_empty() {
        return Err(EkycError::malformed("MasChain answered without url or token").with_provider(PROVIDER));
    }
    Ok(r)
}

/// The answer of the get call, typed.
pub fn parse_session_response(response: &HttpResponse) -> Result<VerificationSession> {
    parse_result(response)
}

/// The answer of the get call, normalized (with the cross-provider invariants of [`crate::normalize`]).
pub fn parse_verification_response(response: &HttpResponse) -> Result<Verification> {
    let body = parse_body(response)?;
    crate::providers::normalize(ProviderId::Maschain, &body, &NormalizeOptions::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Decision;
    use crate::providers::http::Method;

    fn config() -> MasChainConfig {
        MasChainConfig {
            base_url: "https://service.maschain.com/".into(),
            client_id: "cid".into(),
            client_secret: "sk_x".into(),
        }
    }

    fn req() -> CreateVerificationRequest {
        CreateVerificationRequest {
            kind: VerificationType::OcrFaceLiveness,
            id_country: Some("mys".into()),
            select_id_country: false,
            id_type: Some(IdType::IdCard),
            select_id_type: false,
            redirect_url: "https://your_server.com/done".into(),
            wallet_address: None,
        }
    }

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.as_bytes().to_vec() }
    }

    #[test]
    fn create_request() {
        let r = create_verification_request(&config(), &req()).unwrap();
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.url, "https://service.maschain.com/api/ekyc/verifications");
        assert!(!r.idempotent);
        assert_eq!(r.header_value("client_id"), Some("cid"));
        assert_eq!(r.header_value("client_secret"), Some("sk_x"));
        assert_eq!(r.header_value("content-type"), Some("application/json"));
        let body: Value = serde_json::from_slice(r.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"type": "00", "id_country": "MYS", "id_type": "ID_CARD", "redirect_url": "https://your_server.com/done"})
        );
        assert!(!format!("{:?} {:?}", r, config()).contains("sk_x"));
        let mut with_wallet = req();
        with_wallet.wallet_address = Some("0xabc".into());
        with_wallet.kind = VerificationType::OcrOnly;
        let body: Value = serde_json::from_slice(
            create_verification_request(&config(), &with_wallet).unwrap().body.as_deref().unwrap(),
        )
        .unwrap();
        assert_eq!(body["wallet_address"], "0xabc");
        assert_eq!(body["type"], "01");
    }

    #[test]
    fn create_request_validation() {
        type Change = Box<dyn Fn(&mut CreateVerificationRequest)>;
        let cases: Vec<Change> = vec![
            Box::new(|r| r.id_country = Some("MY".into())),
            Box::new(|r| r.id_country = Some("ZZZ".into())),
            Box::new(|r| r.id_country = Some("M1S".into())),
            Box::new(|r| r.id_country = Some("SGP".into())), // ID_CARD only for MYS
            Box::new(|r| r.id_type = Some(IdType::Other("DRIVING_LICENSE".into()))),
            Box::new(|r| r.kind = VerificationType::Other("02".into())),
            Box::new(|r| r.redirect_url = "javascript:alert(1)".into()),
            Box::new(|r| r.redirect_url = "https://".into()),
            Box::new(|r| r.redirect_url = "https://a b".into()),
            Box::new(|r| r.wallet_address = Some(" ".into())),
            Box::new(|r| r.id_country = None),
            Box::new(|r| r.id_type = None),
            Box::new(|r| r.select_id_country = true), // and an idCountry
            Box::new(|r| r.select_id_type = true),    // and an idType
        ];
        for (i, change) in cases.iter().enumerate() {
            let mut r = req();
            change(&mut r);
            let e = create_verification_request(&config(), &r).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput, "case {i}");
            assert_eq!(e.provider, Some(PROVIDER));
        }
        let mut passport = req();
        passport.id_country = Some("SGP".into());
        passport.id_type = Some(IdType::Passport);
        assert!(create_verification_request(&config(), &passport).is_ok());
        // docs.maschain.com, e-KYC → Generate H5 Verification links: `id_country` "required if
        // select_id_country is not present", `id_type` "required if select_id_type is not present".
        let chosen_by_user = CreateVerificationRequest {
            id_country: None,
            select_id_country: true,
            id_type: None,
            select_id_type: true,
            ..req()
        };
        let body: Value = serde_json::from_slice(
            create_verification_request(&config(), &chosen_by_user).unwrap().body.as_deref().unwrap(),
        )
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"type": "00", "select_id_country": true, "select_id_type": true, "redirect_url": "https://your_server.com/done"})
        );
        let bad = MasChainConfig { base_url: "service.maschain.com".into(), ..config() };
        assert_eq!(create_verification_request(&bad, &req()).unwrap_err().code, ErrorCode::InvalidInput);
        let bad = MasChainConfig { client_secret: "".into(), ..config() };
        assert_eq!(get_verification_request(&bad, "t").unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn get_request_encodes_the_token() {
        let r = get_verification_request(&config(), "441DSII3VF94US").unwrap();
        assert_eq!(r.url, "https://service.maschain.com/api/ekyc/verifications/441DSII3VF94US");
        assert_eq!(r.method, Method::Get);
        assert!(r.idempotent);
        assert_eq!(r.header_value("client_secret"), Some("sk_x"));
        let r = get_verification_request(&config(), "a/../b?c=d#é").unwrap();
        assert_eq!(r.url, "https://service.maschain.com/api/ekyc/verifications/a%2F..%2Fb%3Fc%3Dd%23%C3%A9");
        assert_eq!(get_verification_request(&config(), " ").unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn create_response_in_both_shapes() {
        let seed = r#"{"status":200,"result":{"url":"https://ekyc.maschain.com/verifications?token=441DSII3VF94US","token":"441DSII3VF94US"}}"#;
        let r = parse_create_verification_response(&resp(200, seed)).unwrap();
        assert_eq!(r.token, "441DSII3VF94US");
        let r = parse_create_verification_response(&resp(201, r#"{"url":"https://u","token":"t"}"#)).unwrap();
        assert_eq!(r.url, "https://u");
        for bad in [
            r#"{"status":200,"result":{"url":"https://u"}}"#,
            r#"{"status":200,"result":{"url":"","token":"t"}}"#,
            r#"{"status":200,"result":"x"}"#,
            "[]",
            "nope",
        ] {
            assert_eq!(
                parse_create_verification_response(&resp(200, bad)).unwrap_err().code,
                ErrorCode::MalformedResponse,
                "{bad}"
            );
        }
    }

    #[test]
    fn errors_are_mapped() {
        for (status, body, code, provider_code, retryable) in [
            (401, r#"{"status":401,"message":"Unauthenticated."}"#, ErrorCode::Unauthorized, None, false),
            (403, "", ErrorCode::Unauthorized, None, false),
            (200, r#"{"status":401,"result":null,"message":"Invalid client"}"#, ErrorCode::Unauthorized, None, false),
            (413, "<html>", ErrorCode::ImageTooLarge, None, false),
            (
                422,
                r#"{"status":422,"code":"VALIDATION","message":"id_type invalid"}"#,
                ErrorCode::HttpStatus,
                Some("VALIDATION"),
                false,
            ),
            (
                400,
                r#"{"error":{"Code":"InvalidParameter","Message":"bad"}}"#,
                ErrorCode::HttpStatus,
                Some("InvalidParameter"),
                false,
            ),
            (404, r#"{"error":"not_found"}"#, ErrorCode::HttpStatus, Some("not_found"), false),
            (502, "", ErrorCode::HttpStatus, None, true),
            (504, "", ErrorCode::HttpStatus, None, true),
            (200, r#"{"status":[200]}"#, ErrorCode::MalformedResponse, None, false),
        ] {
            let e = parse_session_response(&resp(status, body)).unwrap_err();
            assert_eq!(e.code, code, "{status} {body}");
            assert_eq!(e.provider_code.as_deref(), provider_code, "{status} {body}");
            assert_eq!(e.retryable, retryable, "{status} {body}");
            assert_eq!(e.provider, Some(PROVIDER));
        }
    }

    #[test]
    fn get_response_typed_and_normalized() {
        let body = r#"{"status":200,"result":{"token":"T","is_success":1,"ocr_result":[],"face_id_result":{"Sim":98.33,"Result":"Success"}}}"#;
        let s = parse_session_response(&resp(200, body)).unwrap();
        assert_eq!(s.is_success, Some(true));
        let v = parse_verification_response(&resp(200, body)).unwrap();
        assert_eq!(v.decision, Decision::Approved);
        assert_eq!(v.reference.as_deref(), Some("T"));
    }
}
