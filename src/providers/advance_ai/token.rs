//! POST /openapi/auth/ticket/v1/generate-token — the access token sent as `X-ACCESS-TOKEN` on every other call.
//!
//! Body: `{accessKey, timestamp, signature, periodSecond?}` with
//! `signature = lowercase hex(sha256(accessKey + secretKey + timestamp))` over the exact `timestamp` string
//! sent. **Choice:** the timestamp is sent as a JSON *string* of the 13-digit Unix time in milliseconds (the
//! form of ADVANCE.AI's examples; the same digits are what is signed). The server accepts it within ±300 s.
//!
//! Answer: `{code, message, data{token, expiredTime}}`, `expiredTime` in Unix milliseconds.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{code_error, endpoint_url, envelope, ResponseCode, PROVIDER};
use crate::error::{EkycError, ErrorCode, Result};
use crate::providers::http::{HttpRequest, HttpResponse};

/// The path of the endpoint.
pub const PATH: &str = "/openapi/auth/ticket/v1/generate-token";

/// The shortest and longest token lifetime ADVANCE.AI accepts for `periodSecond`.
pub const PERIOD_SECONDS: std::ops::RangeInclusive<u32> = 60..=86_400;

/// The JSON body of the token request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenRequestBody {
    /// The account's access key.
    pub access_key: String,
    /// Unix time in milliseconds, 13 digits, as a string.
    pub timestamp: String,
    /// [`token_signature`] of the three values.
    pub signature: String,
    /// The requested lifetime in seconds (60–86400; ADVANCE.AI's default is 3600).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_second: Option<u32>,
}

impl std::fmt::Debug for TokenRequestBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRequestBody")
            .field("access_key", &self.access_key)
            .field("timestamp", &self.timestamp)
            .field("signature", &"<redacted>")
            .field("period_second", &self.period_second)
            .finish()
    }
}

/// `lowercase hex(sha256(access_key + secret_key + timestamp))`, the token request's signature.
///
/// ```
/// use ekyc_bridge::providers::advance_ai::token_signature;
/// let sig = token_signature("ak", "sk", "1700000000000");
/// assert_eq!(sig.len(), 64);
/// ```
pub fn token_signature(access_key: &str, secret_key: &str, timestamp: &str) -> String {
    let mut h = Sha256::new();
    h.update(access_key.as_bytes());
    h.update(secret_key.as_bytes());
    h.update(timestamp.as_bytes());
    hex::encode(h.finalize())
}

/// Builds the token request for the time `now_ms` (Unix milliseconds). Fails with `invalid_input` for an
/// empty key, a bad `base_url`, a `now_ms` that is not a 13-digit time, or a `period_second` outside 60–86400.
/// The request is marked idempotent: minting a second token has no side effect.
pub fn build_token_request(
    base_url: &str,
    access_key: &str,
    secret_key: &str,
    now_ms: u64,
    period_second: Option<u32>,
) -> Result<HttpRequest> {
    let invalid = |m: &str| EkycError::invalid_input(m.to_string()).with_provider(PROVIDER);
    if access_key.trim().is_empty() || secret_key.trim().is_empty() {
        return Err(invalid("accessKey and secretKey must not be empty"));
    }
    if !(1_000_000_000_000..10_000_000_000_000).contains(&now_ms) {
        return Err(invalid("the timestamp must be Unix time in milliseconds (13 digits)"));
    }
    if let Some(p) = period_second {
        if !PERIOD_SECONDS.contains(&p) {
            return Err(invalid("periodSecond must be between 60 and 86400"));
        }
    }
    let timestamp = now_ms.to_string();
    let body = TokenRequestBody {
        access_key: access_key.trim().to_string(),
        signature: token_signature(access_key.trim(), secret_key.trim(), &timestamp),
        timestamp,
        period_second,
    };
    let bytes = serde_json::to_vec(&body)
        .map_err(|e| EkycError::new(ErrorCode::Internal, "cannot serialize the token request").with_cause(e))?;
    Ok(HttpRequest::post_json(endpoint_url(base_url, PATH)?, bytes).idempotent(true))
}

/// `data` of the token answer.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessToken {
    /// The value of the `X-ACCESS-TOKEN` header.
    pub token: String,
    /// When the token expires, Unix milliseconds.
    #[serde(rename = "expiredTime")]
    pub expired_time_ms: i64,
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &"<redacted>")
            .field("expired_time_ms", &self.expired_time_ms)
            .finish()
    }
}

/// Parses the token answer. HTTP errors map as in every ADVANCE.AI call; `code` other than `SUCCESS` →
/// `unauthorized` (`ACCOUNT_DISABLED`, `CLIENT_ERROR`, unknown codes naming a token/signature) or
/// `invalid_input` (`PARAMETER_ERROR`, e.g. a clock more than 300 s off), with `provider_code`; a `SUCCESS`
/// without `data.token` → `malformed_response`.
pub fn parse_token_response(resp: &HttpResponse) -> Result<AccessToken> {
    let env = envelope::<AccessToken>(resp)?;
    if env.code != ResponseCode::Success {
        let mut err = code_error(&env.code, env.message.as_deref(), resp.status);
        if err.code == ErrorCode::HttpStatus {
            // Whatever else the token endpoint refuses, the credentials cannot be used.
            err.code = ErrorCode::Unauthorized;
        }
        return Err(err);
    }
    match env.data {
        Some(t) if !t.token.is_empty() => Ok(t),
        _ => Err(EkycError::malformed("token answer without data.token").with_provider(PROVIDER)),
    }
}

/// A cache of one access token, pure (the caller passes the clock).
///
/// A stored token is handed out until a refresh margin before `expiredTime`: 10 % of its lifetime, at most
/// 5 minutes (a 1-hour token is refreshed after 55 minutes, a 60-second one after 54 seconds), so a request
/// never leaves with a token about to expire.
///
/// ```
/// use ekyc_bridge::providers::advance_ai::TokenCache;
/// let mut cache = TokenCache::new();
/// let now = 1_700_000_000_000;
/// cache.store("tok".into(), now + 3_600_000, now);
/// assert_eq!(cache.get(now + 1_000), Some("tok"));
/// assert_eq!(cache.get(now + 3_400_000), None); // within the last 5 minutes
/// ```
#[derive(Clone, Default)]
pub struct TokenCache {
    entry: Option<CachedToken>,
}

#[derive(Clone)]
struct CachedToken {
    token: String,
    refresh_at_ms: i64,
}

/// The longest refresh margin, 5 minutes.
const MAX_MARGIN_MS: i64 = 5 * 60 * 1000;

impl TokenCache {
    /// An empty cache.
    pub fn new() -> Self {
        TokenCache::default()
    }

    /// The cached token when it is still good at `now_ms` (before its refresh point), else `None`.
    pub fn get(&self, now_ms: i64) -> Option<&str> {
        self.entry.as_ref().filter(|e| now_ms < e.refresh_at_ms).map(|e| e.token.as_str())
    }

    /// Stores `token` received at `now_ms` and expiring at `expired_time_ms` (Unix ms). A token already
    /// expired, or an expiry that cannot be right, clears the cache instead.
    pub fn store(&mut self, token: String, expired_time_ms: i64, now_ms: i64) {
        let lifetime = expired_time_ms.saturating_sub(now_ms);
        if lifetime <= 0 || token.is_empty() {
            self.entry = None;
            return;
        }
        let margin = (lifetime / 10).min(MAX_MARGIN_MS);
        self.entry = Some(CachedToken { token, refresh_at_ms: expired_time_ms - margin });
    }

    /// Stores an [`AccessToken`] as [`store`](Self::store) does.
    pub fn store_token(&mut self, token: &AccessToken, now_ms: i64) {
        self.store(token.token.clone(), token.expired_time_ms, now_ms);
    }

    /// Forgets the token (e.g. after the provider refused it).
    pub fn clear(&mut self) {
        self.entry = None;
    }
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("token", &self.entry.as_ref().map(|_| "<redacted>"))
            .field("refresh_at_ms", &self.entry.as_ref().map(|e| e.refresh_at_ms))
            .finish()
    }
}
