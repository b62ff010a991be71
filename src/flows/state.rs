//! The per-flow `state`: 128 random bits, URL-safe, compared in constant time (as OAuth does against mix-up
//! and CSRF).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::error::{EkycError, ErrorCode, Result};

/// A new state: 16 bytes from the platform CSPRNG (`crypto.getRandomValues` on wasm), Base64url, 22 chars.
pub fn new_state() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| EkycError::new(ErrorCode::Internal, "no secure random source").with_cause(e))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Whether two states are equal, in time independent of where they differ (compared as SHA-256 digests, so
/// the length does not leak either).
pub fn states_equal(a: &str, b: &str) -> bool {
    crate::providers::common::secrets_equal(a.as_bytes(), b.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_128_bit_url_safe_and_distinct() {
        let a = new_state().unwrap();
        assert_eq!(a.len(), 22);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        assert_ne!(a, new_state().unwrap());
        assert!(states_equal(&a, &a.clone()));
        assert!(!states_equal(&a, &a[..21]));
    }
}
