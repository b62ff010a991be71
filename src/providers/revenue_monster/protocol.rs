//! The HTTP side of Revenue Monster, without I/O: typed requests become [`HttpRequest`]s, [`HttpResponse`]s
//! become typed results or an [`EkycError`].
//!
//! - `POST {oauthUrl}` (`/v1/token`): [`token_request`] → [`parse_token_response`], cached by [`TokenCache`].
//! - `POST {apiUrl}` (`/v3/service`): [`service_request`] wraps a [`ServiceRequest`] in the envelope
//!   `{"service":"ekyc","version":"v1","function":F,"request":{…}}`, signs it (see [`super::sign`]) and sets
//!   `Authorization: Bearer`, `X-Signature`, `X-Nonce-Str`, `X-Timestamp`. Answers are `{code, item}` or
//!   `{"error":{code, message}}`; [`parse_item`] and the `parse_*` functions read them.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use super::sign::Signer;
use super::types::{
    ApiError, FaceCompareRequest, FaceCompareResult, GetEkycResultRequest, GetMykadResultRequest, LivenessRequest,
    MykadRequestAck, RecognizeMykadRequest, TokenRequest, TokenResponse,
};
use super::PROVIDER;
use crate::error::{EkycError, ErrorCode, Result};
use crate::model::{ProviderId, Verification};
use crate::providers::http::{check_http_url, status_error, HttpRequest, HttpResponse, Method};
use crate::providers::NormalizeOptions;

/// Production service endpoint.
pub const API_URL: &str = "https://open.revenuemonster.my/v3/service";
/// Sandbox service endpoint.
pub const SANDBOX_API_URL: &str = "https://sb-open.revenuemonster.my/v3/service";
/// Production OAuth token endpoint.
pub const OAUTH_URL: &str = "https://oauth.revenuemonster.my/v1/token";
/// Sandbox OAuth token endpoint.
pub const SANDBOX_OAUTH_URL: &str = "https://sb-oauth.revenuemonster.my/v1/token";

fn invalid(message: impl Into<String>) -> EkycError {
    EkycError::invalid_input(message).with_provider(PROVIDER)
}

fn check_nonempty(what: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(invalid(format!("{what} must not be empty")));
    }
    Ok(())
}

/// An image field as plain Base64 ([`Base64Image`](crate::providers::common::Base64Image)): a
/// `data:image/…;base64,` prefix and line breaks are removed; anything else not Base64 is `invalid_input`.
fn image(what: &str, b64: &str) -> Result<String> {
    crate::providers::common::Base64Image::parse(PROVIDER, what, b64).map(|i| i.into_string())
}

// ----- OAuth -----

/// `POST {oauthUrl}` with `Authorization: Basic base64(clientId:clientSecret)` and a [`TokenRequest`] body.
/// Marked idempotent: asking for a token again only yields another token. Fails with `invalid_input` for an
/// empty id/secret or a non-http(s) URL.
pub fn token_request(
    oauth_url: &str,
    client_id: &str,
    client_secret: &str,
    grant: &TokenRequest,
) -> Result<HttpRequest> {
    check_http_url(PROVIDER, "oauthUrl", oauth_url)?;
    check_nonempty("clientId", client_id)?;
    check_nonempty("clientSecret", client_secret)?;
    if let TokenRequest::RefreshToken { refresh_token } = grant {
        check_nonempty("refreshToken", refresh_token)?;
    }
    let body =
        serde_json::to_vec(grant).map_err(|e| EkycError::new(ErrorCode::Internal, "token body").with_cause(e))?;
    let basic = STANDARD.encode(format!("{client_id}:{client_secret}"));
    Ok(HttpRequest::post_json(oauth_url, body).header("Authorization", format!("Basic {basic}")).idempotent(true))
}

/// The token answer, or the mapped error (see [`parse_body`]). A body without `accessToken` is `malformed_response`.
pub fn parse_token_response(response: &HttpResponse) -> Result<TokenResponse> {
    parse_item(response)
}

/// A cached access token, pure (the caller passes the time). Tokens are dropped `margin` before they expire,
/// so a call never starts with a token about to die. A token without `expiresIn` is not cached.
#[derive(Clone, Default)]
pub struct TokenCache {
    access_token: Option<String>,
    expires_at_ms: u64,
    refresh_token: Option<String>,
    refresh_expires_at_ms: u64,
    margin_ms: u64,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("has_token", &self.access_token.is_some())
            .field("expires_at_ms", &self.expires_at_ms)
            .field("has_refresh_token", &self.refresh_token.is_some())
            .finish()
    }
}

impl TokenCache {
    /// The default safety margin: 60 s.
    pub const DEFAULT_MARGIN_MS: u64 = 60_000;

    /// An empty cache with the default margin.
    pub fn new() -> Self {
        Self::with_margin_ms(Self::DEFAULT_MARGIN_MS)
    }

    /// An empty cache dropping tokens `margin_ms` before expiry (at most half the token's lifetime).
    pub fn with_margin_ms(margin_ms: u64) -> Self {
        TokenCache { margin_ms, ..Default::default() }
    }

    /// The access token if it is still good at `now_ms` (Unix milliseconds).
    pub fn get(&self, now_ms: u64) -> Option<&str> {
        self.access_token.as_deref().filter(|_| now_ms < self.expires_at_ms)
    }

    /// The refresh token if it is still good at `now_ms`.
    pub fn refresh_token(&self, now_ms: u64) -> Option<&str> {
        self.refresh_token.as_deref().filter(|_| now_ms < self.refresh_expires_at_ms)
    }

    /// Keeps a token received at `now_ms`.
    pub fn store(&mut self, response: &TokenResponse, now_ms: u64) {
        let deadline = |lifetime_s: Option<u64>| match lifetime_s {
            Some(s) if s > 0 => {
                let life_ms = s.saturating_mul(1000);
                now_ms.saturating_add(life_ms - self.margin_ms.min(life_ms / 2))
            }
            _ => 0,
        };
        self.access_token = Some(response.access_token.clone());
        self.expires_at_ms = deadline(response.expires_in);
        self.refresh_token = response.refresh_token.clone();
        self.refresh_expires_at_ms = deadline(response.refresh_token_expires_in);
    }

    /// Forgets everything, e.g. after the server refused the token.
    pub fn clear(&mut self) {
        *self = Self::with_margin_ms(self.margin_ms);
    }
}

// ----- Service calls -----

/// A function of the eKYC service: its name, whether retrying it is safe, and input checks.
pub trait ServiceRequest: Serialize {
    /// The envelope's `function`.
    fn function(&self) -> &str;
    /// Whether the transport may retry the call after it may have reached the server.
    fn idempotent(&self) -> bool;
    /// The request as sent (images as plain Base64), after checking the inputs; `invalid_input` otherwise.
    fn checked(&self) -> Result<Self>
    where
        Self: Sized;
}

impl ServiceRequest for RecognizeMykadRequest {
    fn function(&self) -> &str {
        "id-mykad"
    }
    fn idempotent(&self) -> bool {
        false
    }
    fn checked(&self) -> Result<Self> {
        check_http_url(PROVIDER, "notifyUrl", &self.notify_url)?;
        Ok(RecognizeMykadRequest { query_image_content: image("image", &self.query_image_content)?, ..self.clone() })
    }
}

impl ServiceRequest for FaceCompareRequest {
    fn function(&self) -> &str {
        "face-compare"
    }
    fn idempotent(&self) -> bool {
        false
    }
    fn checked(&self) -> Result<Self> {
        Ok(FaceCompareRequest {
            query_image_content_1: image("image1", &self.query_image_content_1)?,
            query_image_content_2: image("image2", &self.query_image_content_2)?,
        })
    }
}

impl ServiceRequest for LivenessRequest {
    fn function(&self) -> &str {
        self.function.as_str()
    }
    fn idempotent(&self) -> bool {
        false
    }
    fn checked(&self) -> Result<Self> {
        check_nonempty("mykadRequestId", &self.mykad_request_id)?;
        Ok(LivenessRequest { query_image_content: image("image", &self.query_image_content)?, ..self.clone() })
    }
}

impl ServiceRequest for GetMykadResultRequest {
    fn function(&self) -> &str {
        "get-mykad-result"
    }
    fn idempotent(&self) -> bool {
        true
    }
    fn checked(&self) -> Result<Self> {
        check_nonempty("id", &self.id)?;
        Ok(self.clone())
    }
}

impl ServiceRequest for GetEkycResultRequest {
    fn function(&self) -> &str {
        "get-ekyc-result"
    }
    fn idempotent(&self) -> bool {
        true
    }
    fn checked(&self) -> Result<Self> {
        check_nonempty("id", &self.id)?;
        Ok(self.clone())
    }
}

/// The envelope `{"service":"ekyc","version":"v1","function":F,"request":{…}}` of a validated request.
pub fn envelope<R: ServiceRequest>(request: &R) -> Result<Value> {
    let request = request.checked()?;
    let inner = serde_json::to_value(&request)
        .map_err(|e| EkycError::new(ErrorCode::Internal, "request does not serialize").with_cause(e))?;
    Ok(json!({ "service": "ekyc", "version": "v1", "function": request.function(), "request": inner }))
}

/// `POST {apiUrl}` of a signed service call. `nonce` (1–128 ASCII letters/digits, random per call) and
/// `timestamp` (Unix seconds, within 120 s of the server's clock) come from the caller. The body sent is the
/// canonical JSON that was signed. Fails with `invalid_input` for bad inputs.
pub fn service_request<R: ServiceRequest>(
    api_url: &str,
    request: &R,
    signer: &Signer,
    access_token: &str,
    nonce: &str,
    timestamp: u64,
) -> Result<HttpRequest> {
    check_http_url(PROVIDER, "apiUrl", api_url)?;
    check_nonempty("accessToken", access_token)?;
    let body = envelope(request)?;
    let signed = signer.sign(Some(&body), Method::Post, api_url, nonce, timestamp)?;
    let bytes = signed.body.clone().unwrap_or_default().into_bytes();
    Ok(HttpRequest::post_json(api_url, bytes)
        .header("Authorization", format!("Bearer {access_token}"))
        .header("X-Signature", signed.signature_header())
        .header("X-Nonce-Str", signed.nonce)
        .header("X-Timestamp", signed.timestamp.to_string())
        .idempotent(request.idempotent()))
}

// ----- Responses -----

/// The `error` member of a body, if any: `{"error":{code, message}}` (or a bare string).
pub fn error_envelope(body: &Value) -> Option<ApiError> {
    match body.get("error")? {
        Value::Object(m) => {
            let e: ApiError =
                serde_json::from_value(Value::Object(m.clone())).unwrap_or(ApiError { code: None, message: None });
            Some(e)
        }
        Value::String(s) if !s.trim().is_empty() => Some(ApiError { code: Some(s.clone()), message: None }),
        _ => None,
    }
}

/// The `EkycError` of an error answer: 401/403 or an auth code (e.g. `INVALID_REQUEST_SIGNATURE`) →
/// `unauthorized`; 413 → `image_too_large`; otherwise `http_status` (retryable for 429, 502, 503, 504).
fn error_for(status: u16, err: Option<&ApiError>) -> EkycError {
    let code = err.and_then(|e| e.code.clone());
    let message = err.and_then(|e| e.message.clone());
    let mut e = status_error(PROVIDER, "Revenue Monster", status, code, message);
    if e.code == ErrorCode::HttpStatus && err.is_some_and(ApiError::is_auth) {
        // The auth code (e.g. `INVALID_REQUEST_SIGNATURE`, also sent with HTTP 200) says more than the status.
        e.code = ErrorCode::Unauthorized;
        e.retryable = false;
        e.message.push_str(" (the token or the signature was refused)");
    }
    e
}

/// The JSON object of a successful answer. Non-2xx and `{"error":…}` bodies become the mapped error
/// (see the module docs); a body that is not a JSON object is `malformed_response`.
pub fn parse_body(response: &HttpResponse) -> Result<Value> {
    let json: Option<Value> = serde_json::from_slice(&response.body).ok();
    if !(200..300).contains(&response.status) {
        let err = json.as_ref().and_then(error_envelope);
        return Err(error_for(response.status, err.as_ref()));
    }
    let json = json.ok_or_else(|| {
        EkycError::malformed("Revenue Monster answered with a body that is not JSON").with_provider(PROVIDER)
    })?;
    if !json.is_object() {
        return Err(
            EkycError::malformed("Revenue Monster answered with JSON that is not an object").with_provider(PROVIDER)
        );
    }
    if let Some(err) = error_envelope(&json) {
        return Err(error_for(response.status, Some(&err)));
    }
    Ok(json)
}

/// The `item` of `{code, item}` (or the bare body when there is no `item`) as `T`. A shape `T` does not
/// accept is `malformed_response`.
pub fn parse_item<T: DeserializeOwned>(response: &HttpResponse) -> Result<T> {
    let body = parse_body(response)?;
    let target = match body.get("item") {
        None | Some(Value::Null) => body,
        Some(Value::Object(m)) => Value::Object(m.clone()),
        Some(_) => return Err(EkycError::malformed("`item` is not an object").with_provider(PROVIDER)),
    };
    serde_json::from_value(target).map_err(|e| {
        EkycError::malformed("Revenue Monster answered with an unexpected shape").with_provider(PROVIDER).with_cause(e)
    })
}

/// The answer of `id-mykad`: top-level `requestID` (docs) or `{code, item:{requestID}}` (Go SDK).
pub fn parse_recognize_mykad_response(response: &HttpResponse) -> Result<MykadRequestAck> {
    let ack: MykadRequestAck = parse_item(response)?;
    if ack.request_id.trim().is_empty() {
        return Err(EkycError::malformed("id-mykad answered with an empty requestID").with_provider(PROVIDER));
    }
    Ok(ack)
}

/// The answer of `face-compare` or the liveness call.
pub fn parse_face_compare_response(response: &HttpResponse) -> Result<FaceCompareResult> {
    parse_item(response)
}

/// The answer of `get-ekyc-result` (`endpoint` `None`), `get-mykad-result` or `face-compare`, normalized
/// (with the cross-provider invariants of [`crate::normalize`]). Error answers are errors, not verifications.
pub fn parse_verification_response(response: &HttpResponse, endpoint: Option<&str>) -> Result<Verification> {
    let body = parse_body(response)?;
    let options = NormalizeOptions { endpoint: endpoint.map(str::to_string) };
    crate::providers::normalize(ProviderId::RevenueMonster, &body, &options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Decision;
    use crate::providers::revenue_monster::types::Action;

    fn signer() -> Signer {
        let pem = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/revenue-monster/signing/private.pem"),
        )
        .unwrap();
        Signer::from_pem(&pem).unwrap()
    }

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.as_bytes().to_vec() }
    }

    #[test]
    fn token_request_uses_basic_auth() {
        let r = token_request(SANDBOX_OAUTH_URL, "id", "secret", &TokenRequest::ClientCredentials).unwrap();
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.url, SANDBOX_OAUTH_URL);
        assert_eq!(r.header_value("authorization"), Some("Basic aWQ6c2VjcmV0"));
        assert_eq!(r.body.as_deref(), Some(br#"{"grantType":"client_credentials"}"#.as_slice()));
        assert!(r.idempotent);
        let e = token_request("ftp://x", "id", "s", &TokenRequest::ClientCredentials).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        let e = token_request(OAUTH_URL, "", "s", &TokenRequest::ClientCredentials).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
    }

    #[test]
    fn token_response_and_cache() {
        let body = r#"{"accessToken":"AT","tokenType":"Bearer","expiresIn":3600,"refreshToken":"RT","refreshTokenExpiresIn":7200}"#;
        let t = parse_token_response(&resp(200, body)).unwrap();
        assert_eq!(t.token_type.as_deref(), Some("Bearer"));
        let mut cache = TokenCache::new();
        assert_eq!(cache.get(0), None);
        cache.store(&t, 1_000);
        assert_eq!(cache.get(1_000), Some("AT"));
        assert_eq!(cache.get(1_000 + 3_540_000 - 1), Some("AT"));
        assert_eq!(cache.get(1_000 + 3_540_000), None, "dropped 60 s early");
        assert_eq!(cache.refresh_token(1_000 + 7_000_000), Some("RT"));
        assert_eq!(cache.refresh_token(1_000 + 7_200_000), None);
        cache.clear();
        assert_eq!(cache.get(1_000), None);
        // A short-lived token keeps half its life; one without expiresIn is never served.
        let short: TokenResponse = serde_json::from_str(r#"{"accessToken":"S","expiresIn":30}"#).unwrap();
        cache.store(&short, 0);
        assert_eq!(cache.get(14_999), Some("S"));
        assert_eq!(cache.get(15_000), None);
        let forever: TokenResponse = serde_json::from_str(r#"{"accessToken":"F"}"#).unwrap();
        cache.store(&forever, 0);
        assert_eq!(cache.get(0), None);
        assert!(!format!("{cache:?}").contains('F'));
        let e = parse_token_response(&resp(200, r#"{"tokenType":"Bearer"}"#)).unwrap_err();
        assert_eq!(e.code, ErrorCode::MalformedResponse);
        let e = parse_token_response(&resp(401, r#"{"error":{"code":"UNAUTHORIZED","message":"bad client"}}"#))
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Unauthorized);
        assert_eq!(e.provider_code.as_deref(), Some("UNAUTHORIZED"));
    }

    #[test]
    fn service_request_envelope_headers_and_signature() {
        let s = signer();
        let req = GetEkycResultRequest { id: "62201d48a694817dede84b35".into(), includes: vec![] };
        let r = service_request(SANDBOX_API_URL, &req, &s, "TOKEN", "abc123", 1_700_000_000).unwrap();
        assert_eq!(r.method, Method::Post);
        assert!(r.idempotent);
        let body = String::from_utf8(r.body.clone().unwrap()).unwrap();
        assert_eq!(
            body,
            r#"{"function":"get-ekyc-result","request":{"id":"62201d48a694817dede84b35"},"service":"ekyc","version":"v1"}"#
        );
        assert_eq!(r.header_value("Authorization"), Some("Bearer TOKEN"));
        assert_eq!(r.header_value("X-Nonce-Str"), Some("abc123"));
        assert_eq!(r.header_value("X-Timestamp"), Some("1700000000"));
        assert_eq!(r.header_value("Content-Type"), Some("application/json"));
        let sig = r.header_value("X-Signature").unwrap();
        assert!(sig.starts_with("sha256 "));
        assert!(s.verifier().verify(r.body.as_deref(), Method::Post, SANDBOX_API_URL, "abc123", 1_700_000_000, sig));
    }

    #[test]
    fn function_names_and_idempotency() {
        let img = "/9j/4AAQ";
        let s = signer();
        let mk = RecognizeMykadRequest { notify_url: "https://m.example/hook".into(), query_image_content: img.into() };
        let fc = FaceCompareRequest { query_image_content_1: img.into(), query_image_content_2: img.into() };
        let mut lv = LivenessRequest::new("req1", img);
        let gm = GetMykadResultRequest { id: "x".into() };
        let ge = GetEkycResultRequest { id: "x".into(), includes: vec!["selfieImage".into()] };
        for (value, function) in [
            (envelope(&mk).unwrap(), "id-mykad"),
            (envelope(&fc).unwrap(), "face-compare"),
            (envelope(&lv).unwrap(), "face-compare-with-mykad"),
            (envelope(&gm).unwrap(), "get-mykad-result"),
            (envelope(&ge).unwrap(), "get-ekyc-result"),
        ] {
            assert_eq!(value["function"], function);
            assert_eq!(value["service"], "ekyc");
            assert_eq!(value["version"], "v1");
        }
        assert!(!service_request(API_URL, &mk, &s, "t", "n", 1).unwrap().idempotent);
        assert!(!service_request(API_URL, &fc, &s, "t", "n", 1).unwrap().idempotent);
        assert!(!service_request(API_URL, &lv, &s, "t", "n", 1).unwrap().idempotent);
        assert!(service_request(API_URL, &gm, &s, "t", "n", 1).unwrap().idempotent);
        assert!(service_request(API_URL, &ge, &s, "t", "n", 1).unwrap().idempotent);
        assert_eq!(
            envelope(&mk).unwrap()["request"],
            json!({"notify_url": "https://m.example/hook", "query_image_content": img})
        );
        assert_eq!(envelope(&lv).unwrap()["request"], json!({"mykad_request_id": "req1", "query_image_content": img}));
        assert_eq!(envelope(&ge).unwrap()["request"]["includes"], json!(["selfieImage"]));
        lv.function = super::super::types::LivenessFunction::LivenessFace;
        assert_eq!(envelope(&lv).unwrap()["function"], "liveness-face");
    }

    #[test]
    fn inputs_are_validated() {
        let s = signer();
        let bad_url =
            RecognizeMykadRequest { notify_url: "javascript:alert(1)".into(), query_image_content: "AAAA".into() };
        let data_url = RecognizeMykadRequest {
            notify_url: "https://x".into(),
            query_image_content: "data:image/jpeg;base64,AAAA".into(),
        };
        let not_an_image =
            RecognizeMykadRequest { query_image_content: "data:text/plain;base64,AAAA".into(), ..data_url.clone() };
        let not_b64 =
            FaceCompareRequest { query_image_content_1: "AA AA".into(), query_image_content_2: "AAAA".into() };
        let empty_id = GetEkycResultRequest { id: " ".into(), includes: vec![] };
        assert_eq!(envelope(&bad_url).unwrap_err().code, ErrorCode::InvalidInput);
        // A data URL of an image is sent as its plain Base64 (one Base64Image rule for every provider).
        assert_eq!(envelope(&data_url).unwrap()["request"]["query_image_content"], "AAAA");
        assert_eq!(envelope(&not_an_image).unwrap_err().code, ErrorCode::InvalidInput);
        assert_eq!(envelope(&not_b64).unwrap_err().code, ErrorCode::InvalidInput);
        assert_eq!(envelope(&empty_id).unwrap_err().code, ErrorCode::InvalidInput);
        let ok = GetMykadResultRequest { id: "x".into() };
        assert_eq!(service_request("not a url", &ok, &s, "t", "n", 1).unwrap_err().code, ErrorCode::InvalidInput);
        assert_eq!(service_request(API_URL, &ok, &s, "", "n", 1).unwrap_err().code, ErrorCode::InvalidInput);
        assert_eq!(service_request(API_URL, &ok, &s, "t", "n-1", 1).unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn http_errors_are_mapped() {
        let sig = r#"{"error":{"code":"INVALID_REQUEST_SIGNATURE","message":"invalid signature"},"debug":"x"}"#;
        for (status, body, code, provider_code, retryable) in [
            (401, "", ErrorCode::Unauthorized, None, false),
            (403, "<html>", ErrorCode::Unauthorized, None, false),
            (400, sig, ErrorCode::Unauthorized, Some("INVALID_REQUEST_SIGNATURE"), false),
            (200, sig, ErrorCode::Unauthorized, Some("INVALID_REQUEST_SIGNATURE"), false),
            (413, "", ErrorCode::ImageTooLarge, None, false),
            (
                400,
                r#"{"error":{"code":"INVALID_PARAMETER","message":"bad"}}"#,
                ErrorCode::HttpStatus,
                Some("INVALID_PARAMETER"),
                false,
            ),
            (500, "oops", ErrorCode::HttpStatus, None, false),
            (503, "", ErrorCode::HttpStatus, None, true),
            (429, "{}", ErrorCode::HttpStatus, None, true),
            (200, "not json", ErrorCode::MalformedResponse, None, false),
            (200, "[1]", ErrorCode::MalformedResponse, None, false),
            (200, r#"{"code":"SUCCESS","item":"x"}"#, ErrorCode::MalformedResponse, None, false),
        ] {
            let e = parse_face_compare_response(&resp(status, body)).unwrap_err();
            assert_eq!(e.code, code, "{status} {body}");
            assert_eq!(e.provider_code.as_deref(), provider_code, "{status} {body}");
            assert_eq!(e.retryable, retryable, "{status} {body}");
            assert_eq!(e.provider, Some(PROVIDER));
        }
    }

    #[test]
    fn recognize_mykad_ack_in_both_shapes() {
        let a = parse_recognize_mykad_response(&resp(200, r#"{"requestID":"abc"}"#)).unwrap();
        assert_eq!(a.request_id, "abc");
        let b =
            parse_recognize_mykad_response(&resp(200, r#"{"code":"SUCCESS","item":{"requestID":"def","status":"X"}}"#))
                .unwrap();
        assert_eq!(b.request_id, "def");
        let e = parse_recognize_mykad_response(&resp(200, r#"{"code":"SUCCESS","item":{}}"#)).unwrap_err();
        assert_eq!(e.code, ErrorCode::MalformedResponse);
        let e = parse_recognize_mykad_response(&resp(200, r#"{"requestID":""}"#)).unwrap_err();
        assert_eq!(e.code, ErrorCode::MalformedResponse);
    }

    #[test]
    fn face_compare_and_verification_parsing() {
        let body = r#"{"code":"SUCCESS","item":{"id":"f1","action":"NONE_REQUIRED","isSamePerson":true,"similarity":91,"status":"SUCCESS","updatedAt":"2022-03-03T01:43:46.155Z"}}"#;
        let fc = parse_face_compare_response(&resp(200, body)).unwrap();
        assert_eq!(fc.action, Some(Action::NoneRequired));
        assert_eq!(fc.similarity, Some(91.0));
        let v = parse_verification_response(&resp(200, body), Some("face-compare")).unwrap();
        assert_eq!(v.decision, Decision::Approved);
        assert_eq!(v.reference.as_deref(), Some("f1"));
        let e = parse_verification_response(&resp(200, body), Some("nope")).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
    }
}
