//! `verifyMerchantWebhook`: the check of the example edge worker's push to the merchant's server
//! (`MERCHANT_WEBHOOK_URL`, examples/edge-worker), signed the way Stripe signs its webhooks:
//! `Ekyc-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. Several `v1` entries may
//! stand side by side (a secret being rotated); one matching is enough. A timestamp outside the tolerance is
//! refused, so a captured push cannot be replayed later.

use sha2::{Digest, Sha256};

use crate::error::{EkycError, ErrorCode, Result};

/// Default largest distance between the signature's `t` and now (Stripe's default).
pub const DEFAULT_TOLERANCE_SECONDS: u64 = 300;

const BLOCK: usize = 64;

/// HMAC-SHA256 (RFC 2104) over `message` with `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(message).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().into()
}

/// The header value the worker sends for `body` signed at `timestamp` (seconds).
pub fn sign(body: &[u8], secret: &str, timestamp: u64) -> String {
    format!("t={timestamp},v1={}", hex::encode(hmac_sha256(secret.as_bytes(), &signed_payload(timestamp, body))))
}

fn signed_payload(timestamp: u64, body: &[u8]) -> Vec<u8> {
    let mut payload = format!("{timestamp}.").into_bytes();
    payload.extend_from_slice(body);
    payload
}

fn refused(message: &str) -> EkycError {
    EkycError::new(ErrorCode::WebhookUnauthenticated, message)
}

/// Equality of two MACs without an early exit.
fn same_mac(a: &[u8; 32], b: &[u8]) -> bool {
    b.len() == 32 && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks `header` against `body` and `secret` at `now` (seconds) → the body, parsed. Fails closed: no secret,
/// no or a malformed header, a timestamp outside `tolerance_seconds`, or no matching `v1` →
/// `webhook_unauthenticated`; a verified body that is not JSON → `malformed_response`.
pub fn verify(body: &[u8], header: &str, secret: &str, tolerance_seconds: u64, now: u64) -> Result<serde_json::Value> {
    if secret.is_empty() {
        return Err(refused("no webhook secret to check the signature with"));
    }
    let mut timestamp = None;
    let mut macs = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => timestamp = v.parse::<u64>().ok(),
            Some(("v1", v)) => macs.extend(hex::decode(v).ok()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or_else(|| refused("the signature header has no timestamp (t=…)"))?;
    if macs.is_empty() {
        return Err(refused("the signature header has no v1 signature"));
    }
    if now.abs_diff(timestamp) > tolerance_seconds {
        return Err(refused("the signature's timestamp is outside the tolerance (a replay, or a clock far off)"));
    }
    let expected = hmac_sha256(secret.as_bytes(), &signed_payload(timestamp, body));
    // Every entry is compared, so the time taken says nothing about which one came close.
    let matched = macs.iter().fold(false, |ok, mac| same_mac(&expected, mac) | ok);
    if !matched {
        return Err(refused("no v1 signature matches this body and secret"));
    }
    serde_json::from_slice(body)
        .map_err(|e| EkycError::malformed("the verified webhook body is not JSON").with_cause(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test cases 2 and 6 (a key longer than the block).
        assert_eq!(
            hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex::encode(hmac_sha256(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn stripe_documented_scheme_round_trips_and_refuses_forgeries() {
        let body = br#"{"id":"evt_1","type":"verification.settled"}"#;
        let header = sign(body, "whsec_test", 1_700_000_000);
        assert!(header.starts_with("t=1700000000,v1="));
        let v = verify(body, &header, "whsec_test", 300, 1_700_000_100).unwrap();
        assert_eq!(v["type"], "verification.settled");
        let code = |r: Result<serde_json::Value>| r.unwrap_err().code;
        assert_eq!(code(verify(body, &header, "other", 300, 1_700_000_100)), ErrorCode::WebhookUnauthenticated);
        assert_eq!(code(verify(b"{}", &header, "whsec_test", 300, 1_700_000_100)), ErrorCode::WebhookUnauthenticated);
        assert_eq!(code(verify(body, &header, "whsec_test", 300, 1_700_000_301)), ErrorCode::WebhookUnauthenticated);
        assert_eq!(code(verify(body, &header, "", 300, 1_700_000_000)), ErrorCode::WebhookUnauthenticated);
        for bad in ["", "t=1700000000", "v1=00", "t=x,v1=00", "garbage"] {
            assert_eq!(
                code(verify(body, bad, "whsec_test", 300, 1_700_000_000)),
                ErrorCode::WebhookUnauthenticated,
                "{bad}"
            );
        }
        // A rotated secret: any one of several v1 entries may match.
        let rotated = format!("{},v1={}", sign(body, "old", 1_700_000_000), &header[header.len() - 64..]);
        assert!(verify(body, &rotated, "whsec_test", 300, 1_700_000_000).is_ok());
        let not_json = sign(b"not json", "s", 5);
        assert_eq!(code(verify(b"not json", &not_json, "s", 300, 5)), ErrorCode::MalformedResponse);
    }
}
