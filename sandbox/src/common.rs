//! Small helpers every provider module shares: clock, random ids, JSON answers, URL checks.

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// Unix milliseconds now.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// Unix seconds now.
pub fn now_s() -> u64 {
    now_ms() / 1000
}

/// RFC 3339 UTC with milliseconds, e.g. `2025-02-01T13:56:47.123Z` (the shape RM and MasChain show).
pub fn iso_ms(ms: u64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let f = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.format(&f).unwrap_or_default()
}

/// `YYYY-MM-DD` of a Unix millisecond time.
pub fn date_of(ms: u64) -> String {
    iso_ms(ms).get(..10).unwrap_or_default().to_string()
}

/// `n` random bytes as lowercase hex (ids, tokens). Falls back to a clock-derived value if the OS has no
/// randomness, which only makes ids guessable in a sandbox.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    if getrandom::getrandom(&mut bytes).is_err() {
        let seed = now_ms().to_le_bytes();
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = seed[i % seed.len()].wrapping_add(i as u8);
        }
    }
    hex::encode(bytes)
}

/// A JSON answer with a status.
pub fn json(status: StatusCode, body: Value) -> Response {
    (status, axum::Json(body)).into_response()
}

/// The first value of header `name` as text.
pub fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

/// Whether `url` is an absolute http(s) URL without whitespace or control characters.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `url` with `name=value` added to its query (before any `#fragment`), values form-encoded.
pub fn with_params(url: &str, params: &[(&str, &str)]) -> String {
    if params.is_empty() {
        return url.to_string();
    }
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        query.append_pair(k, v);
    }
    let sep = if base.contains('?') {
        if base.ends_with('?') || base.ends_with('&') {
            ""
        } else {
            "&"
        }
    } else {
        "?"
    };
    let mut out = format!("{base}{sep}{}", query.finish());
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// A `303 See Other` to `location` (the browser follows it with a GET, as after a provider's page).
pub fn see_other(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(axum::http::header::LOCATION, v);
    }
    r
}

/// The value of query parameter `name` in a raw query string.
pub fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

/// Constant-time equality of two secrets (compared as SHA-256 digests, so neither length nor prefix leaks).
pub fn secret_eq(given: &str, expected: &str) -> bool {
    use sha2::{Digest, Sha256};
    let (a, b) = (Sha256::digest(given.as_bytes()), Sha256::digest(expected.as_bytes()));
    a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_go_before_the_fragment() {
        assert_eq!(with_params("http://a/b", &[("is_success", "1")]), "http://a/b?is_success=1");
        assert_eq!(with_params("http://a/b?x=1#f", &[("e", "A B")]), "http://a/b?x=1&e=A+B#f");
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_ms(1_738_418_207_000), "2025-02-01T13:56:47.000Z");
        assert_eq!(date_of(1_738_418_207_000), "2025-02-01");
    }

    #[test]
    fn urls() {
        assert!(is_http_url("http://127.0.0.1:8080/back"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("https:///x"));
        assert!(!is_http_url("http://a b"));
    }
}
