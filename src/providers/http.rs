//! A description of one HTTP exchange, without performing it: provider protocol code produces
//! [`HttpRequest`]s and consumes [`HttpResponse`]s; `transport.rs` is the only code that sends them.
//!
//! Also the checks and mappings every provider applies the same way: base-URL checks, the HTTP status →
//! [`EkycError`] mapping ([`status_error`]) and JSON bodies ([`json_value`], [`json_object`]).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{EkycError, ErrorCode, Result};

/// The HTTP methods the providers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A request to send. `idempotent` tells the transport whether the call may be retried after the request
/// may have reached the server (a `create` is not; a `get` is).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    pub idempotent: bool,
    /// Browser only: send and accept cookies cross-origin (`credentials: "include"`), for a merchant backend
    /// that binds a flow to the browser's session cookie. Provider calls never do.
    pub include_credentials: bool,
}

impl HttpRequest {
    pub fn get(url: impl Into<String>) -> Self {
        HttpRequest {
            method: Method::Get,
            url: url.into(),
            headers: Vec::new(),
            body: None,
            idempotent: true,
            include_credentials: false,
        }
    }

    /// A POST of a JSON body (sets `Content-Type: application/json`); not idempotent unless said so.
    pub fn post_json(url: impl Into<String>, body: Vec<u8>) -> Self {
        HttpRequest {
            method: Method::Post,
            url: url.into(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: Some(body),
            idempotent: false,
            include_credentials: false,
        }
    }

    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn idempotent(mut self, yes: bool) -> Self {
        self.idempotent = yes;
        self
    }

    /// Sends the browser's cookies with the request and keeps the ones the answer sets (see the field).
    pub fn with_credentials(mut self) -> Self {
        self.include_credentials = true;
        self
    }

    /// The value of the first header named `name` (case-insensitive).
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Secrets travel in headers: never print them.
impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &names)
            .field("body_bytes", &self.body.as_ref().map(Vec::len))
            .field("idempotent", &self.idempotent)
            .finish()
    }
}

/// A response received.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Whether `url` is `http(s)://` followed by something, without whitespace or control characters.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty()) && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `invalid_input` (`"{what} must be an http(s) URL"`, naming `provider`) unless [`is_http_url`].
pub fn check_http_url(provider: &'static str, what: &str, url: &str) -> Result<()> {
    if is_http_url(url) {
        Ok(())
    } else {
        Err(EkycError::invalid_input(format!("{what} must be an http(s) URL")).with_provider(provider))
    }
}

/// `base_url` without surrounding whitespace and trailing `/`, ready for `format!("{base}{path}")`; fails
/// with `invalid_input` (naming `provider`) when that is not an http(s) URL (see [`is_http_url`]).
pub fn base_url<'a>(provider: &'static str, base_url: &'a str) -> Result<&'a str> {
    let base = base_url.trim().trim_end_matches('/');
    if !is_http_url(base) {
        return Err(EkycError::invalid_input(format!("baseUrl must be an http(s) URL, got {base_url:?}"))
            .with_provider(provider));
    }
    Ok(base)
}

/// The error of an answer whose HTTP status (or a status a provider puts in its body) is a failure:
/// 401/403 → `unauthorized`; 413 → `image_too_large`; anything else → `http_status`, retryable for 429, 502,
/// 503 and 504. Carries `provider`, `status` as `http_status` and `provider_code`; the message names the
/// provider (`label`, e.g. `"ADVANCE.AI"`) and ends with `message` when there is one.
pub fn status_error(
    provider: &'static str,
    label: &str,
    status: u16,
    provider_code: Option<String>,
    message: Option<String>,
) -> EkycError {
    let (kind, text) = match status {
        401 | 403 => (ErrorCode::Unauthorized, format!("{label} refused the credentials (HTTP {status})")),
        413 => (ErrorCode::ImageTooLarge, format!("{label} refused the request as too large (HTTP {status})")),
        _ => (ErrorCode::HttpStatus, format!("{label} answered HTTP {status}")),
    };
    let text = match message.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => format!("{text}: {m}"),
        None => text,
    };
    let retryable = kind == ErrorCode::HttpStatus && matches!(status, 429 | 502 | 503 | 504);
    let mut e = EkycError::new(kind, text).with_provider(provider).with_http_status(status).with_retryable(retryable);
    if let Some(c) = provider_code {
        e = e.with_provider_code(c);
    }
    e
}

/// The body of `resp` as JSON; a body that is not JSON is `malformed_response` (with the HTTP status).
pub fn json_value(provider: &'static str, label: &str, resp: &HttpResponse) -> Result<Value> {
    serde_json::from_slice(&resp.body).map_err(|e| {
        EkycError::malformed(format!("{label} answered with a body that is not JSON"))
            .with_provider(provider)
            .with_http_status(resp.status)
            .with_cause(e)
    })
}

/// [`json_value`], which must moreover be a JSON object (else `malformed_response`).
pub fn json_object(provider: &'static str, label: &str, resp: &HttpResponse) -> Result<Value> {
    let value = json_value(provider, label, resp)?;
    if !value.is_object() {
        return Err(EkycError::malformed(format!("{label} answered with JSON that is not an object"))
            .with_provider(provider)
            .with_http_status(resp.status));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![], body: body.as_bytes().to_vec() }
    }

    #[test]
    fn statuses_map_to_errors() {
        for (status, code, retryable) in [
            (401, ErrorCode::Unauthorized, false),
            (403, ErrorCode::Unauthorized, false),
            (413, ErrorCode::ImageTooLarge, false),
            (400, ErrorCode::HttpStatus, false),
            (500, ErrorCode::HttpStatus, false),
            (429, ErrorCode::HttpStatus, true),
            (502, ErrorCode::HttpStatus, true),
            (503, ErrorCode::HttpStatus, true),
            (504, ErrorCode::HttpStatus, true),
        ] {
            let e = status_error("p", "P", status, Some("C".into()), Some("why".into()));
            assert_eq!((e.code, e.retryable, e.http_status), (code, retryable, Some(status)), "{status}");
            assert_eq!((e.provider, e.provider_code.as_deref()), (Some("p"), Some("C")));
            assert!(e.message.starts_with('P') && e.message.ends_with(": why"), "{}", e.message);
        }
        let e = status_error("p", "P", 500, None, Some("  ".into()));
        assert_eq!((e.provider_code, e.message.as_str()), (None, "P answered HTTP 500"));
    }

    #[test]
    fn urls_and_bodies() {
        assert!(is_http_url("HTTPS://x") && is_http_url("http://x/y"));
        assert!(!is_http_url("https://") && !is_http_url("ftp://x") && !is_http_url("https://x y"));
        assert_eq!(base_url("p", " https://x.test/v3/ ").unwrap(), "https://x.test/v3");
        assert_eq!(base_url("p", "https:///").unwrap_err().code, ErrorCode::InvalidInput);
        assert_eq!(check_http_url("p", "u", "x").unwrap_err().code, ErrorCode::InvalidInput);
        assert_eq!(json_value("p", "P", &resp(200, "[1]")).unwrap(), serde_json::json!([1]));
        let e = json_object("p", "P", &resp(200, "[1]")).unwrap_err();
        assert_eq!((e.code, e.http_status), (ErrorCode::MalformedResponse, Some(200)));
        assert_eq!(json_value("p", "P", &resp(200, "<html>")).unwrap_err().code, ErrorCode::MalformedResponse);
    }
}
