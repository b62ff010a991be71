//! When to retry and how long to wait: pure functions, tested natively; `fetch.rs` applies them.

use crate::providers::http::HttpRequest;

/// Timeouts, retries and size limits of one client. Defaults suit a provider API called from an edge worker.
#[derive(Debug, Clone, PartialEq)]
pub struct TransportOptions {
    /// Per attempt, from sending the request to the last byte of the body.
    pub timeout_ms: u32,
    /// Retries after the first attempt (so `retries: 2` means at most 3 attempts).
    pub retries: u32,
    /// The first backoff; each retry doubles it (full jitter: a uniform wait in `0..=backoff`).
    pub backoff_base_ms: u32,
    /// No single wait is longer, whatever `Retry-After` says; a longer `Retry-After` ends the retries.
    pub backoff_max_ms: u32,
    /// The whole call, attempts and waits together, never takes longer than this.
    pub total_timeout_ms: u32,
    /// Response bodies above this are refused (`malformed_response`) instead of read into memory.
    pub max_body_bytes: usize,
}

impl Default for TransportOptions {
    fn default() -> Self {
        TransportOptions {
            timeout_ms: 20_000,
            retries: 2,
            backoff_base_ms: 300,
            backoff_max_ms: 10_000,
            total_timeout_ms: 60_000,
            max_body_bytes: 16 * 1024 * 1024,
        }
    }
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// `fetch` rejected: DNS, refused, reset. The request may or may not have reached the server.
    NetworkError,
    /// The attempt timed out; the server may have received the request.
    Timeout,
    /// An HTTP answer with this status.
    Status(u16),
}

/// Whether an attempt with this outcome may be retried.
///
/// 429 and 503 say the server did not process the request, so every request may be retried. A network error,
/// a timeout, 502 and 504 leave open whether it was processed, so only idempotent requests (gets) are retried:
/// a create call is never repeated blindly (it could create two sessions or charge twice).
pub fn is_retryable(outcome: Outcome, request: &HttpRequest) -> bool {
    match outcome {
        Outcome::Status(429 | 503) => true,
        Outcome::Status(502 | 504) | Outcome::NetworkError | Outcome::Timeout => request.idempotent,
        Outcome::Status(_) => false,
    }
}

/// The wait before retry number `retry` (0-based): full jitter over an exponential ceiling, or the server's
/// `Retry-After` when it gave one. `None` when the server asks for a longer wait than `backoff_max_ms`
/// (then the caller gives up with a retryable error rather than hang).
pub fn backoff_ms(retry: u32, retry_after_ms: Option<u64>, random01: f64, o: &TransportOptions) -> Option<u64> {
    if let Some(after) = retry_after_ms {
        return (after <= u64::from(o.backoff_max_ms)).then_some(after);
    }
    let ceiling = u64::from(o.backoff_base_ms).saturating_mul(1u64 << retry.min(20)).min(u64::from(o.backoff_max_ms));
    let r = if random01.is_finite() { random01.clamp(0.0, 1.0) } else { 0.5 };
    Some((ceiling as f64 * r) as u64)
}

/// `Retry-After` in milliseconds: delay-seconds, or an HTTP date relative to `now_ms` (Unix ms).
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<u64> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(secs.saturating_mul(1000));
    }
    let fmt = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let at = time::PrimitiveDateTime::parse(v, &fmt).ok()?.assume_utc();
    let at_ms = at.unix_timestamp_nanos() / 1_000_000;
    let diff = at_ms - now_ms as i128;
    Some(diff.clamp(0, i128::from(u64::MAX)) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get() -> HttpRequest {
        HttpRequest::get("https://x.test/a")
    }
    fn create() -> HttpRequest {
        HttpRequest::post_json("https://x.test/a", b"{}".to_vec())
    }

    #[test]
    fn only_the_documented_statuses_are_retried() {
        for s in [429, 503] {
            assert!(is_retryable(Outcome::Status(s), &get()));
            assert!(is_retryable(Outcome::Status(s), &create()), "{s} means not processed");
        }
        for s in [502, 504] {
            assert!(is_retryable(Outcome::Status(s), &get()));
            assert!(!is_retryable(Outcome::Status(s), &create()), "{s} may have been processed");
        }
        for s in [200, 400, 401, 403, 404, 413, 500, 501] {
            assert!(!is_retryable(Outcome::Status(s), &get()), "{s}");
        }
        assert!(is_retryable(Outcome::NetworkError, &get()));
        assert!(!is_retryable(Outcome::NetworkError, &create()));
        assert!(!is_retryable(Outcome::Timeout, &create()));
    }

    #[test]
    fn backoff_is_jittered_exponential_and_capped() {
        let o = TransportOptions::default();
        assert_eq!(backoff_ms(0, None, 1.0, &o), Some(300));
        assert_eq!(backoff_ms(1, None, 1.0, &o), Some(600));
        assert_eq!(backoff_ms(3, None, 0.5, &o), Some(1200));
        assert_eq!(backoff_ms(30, None, 1.0, &o), Some(10_000));
        assert_eq!(backoff_ms(2, None, 0.0, &o), Some(0));
        assert_eq!(backoff_ms(2, None, f64::NAN, &o), Some(600));
        assert_eq!(backoff_ms(0, Some(2000), 0.1, &o), Some(2000));
        assert_eq!(backoff_ms(0, Some(60_000), 0.1, &o), None);
    }

    #[test]
    fn retry_after_in_seconds_or_http_date() {
        assert_eq!(parse_retry_after("2", 0.0), Some(2000));
        assert_eq!(parse_retry_after(" 0 ", 0.0), Some(0));
        // 1994-11-06T08:49:37Z = 784111777 s.
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_770_000.0), Some(7000));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_790_000.0), Some(0));
        assert_eq!(parse_retry_after("soon", 0.0), None);
        assert_eq!(parse_retry_after("-1", 0.0), None);
    }
}
