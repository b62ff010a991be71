//! `parseWebhook`: the callbacks providers send to the merchant, parsed, authenticated where the provider
//! allows it, and turned into one [`WebhookEvent`] that names the reference to fetch. A webhook is a hint,
//! never a result: fetch the authoritative result with the client (`getResult`, `getSubmission`, …).
//!
//! | provider | body | authentication |
//! |---|---|---|
//! | `advance-ai` | `{signatureId, type: COMPLETED \| SUBMIT_COMPLETED}` | none from ADVANCE.AI: put a secret in the callback URL's query (`?secret=…`) and pass `secret` + `url` |
//! | `argos` | `{webhook_trigger, submission_id, …}` or encrypted `{data}` | AES-256-GCM decryption with the project's key proves the sender (ECB does not) |
//! | `revenue-monster` | the `notify_url` post (shape unknown: read leniently) | `X-Signature` / `X-Nonce-Str` / `X-Timestamp` verified with Revenue Monster's public key over the string-to-sign without `requestUrl` (RM's docs for callbacks), timestamp within `maxAgeSeconds` |

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tsify::Tsify;

use crate::error::{EkycError, ErrorCode, Result};
use crate::model::ProviderId;
use crate::providers::argos::Decryptor;
use crate::providers::{advance_ai, argos, common, revenue_monster};

/// How to authenticate a webhook. Unset fields skip the check they enable.
#[derive(Default)]
pub struct WebhookAuth<'a> {
    /// The full URL the webhook was posted to (for the ADVANCE.AI URL secret).
    pub url: Option<&'a str>,
    /// ADVANCE.AI: the value the callback URL's `secret` query parameter must carry.
    pub secret: Option<&'a str>,
    /// ARGOS: decrypts encrypted bodies.
    pub decryptor: Option<&'a dyn Decryptor>,
    /// Revenue Monster: its public key (PEM) that signs notifications.
    pub public_key_pem: Option<&'a str>,
    /// Revenue Monster: how old `X-Timestamp` may be (replay limit).
    pub max_age_seconds: u64,
    /// Now, in Unix milliseconds (the wasm target has no clock of its own).
    pub now_ms: u64,
}

/// A parsed webhook.
#[derive(Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct WebhookEvent {
    pub provider: ProviderId,
    /// What happened, as the provider names it (`COMPLETED`, `approved`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// What to fetch: signatureId / submission_id / requestID.
    pub reference: Option<String>,
    /// Whether the sender was proven (URL secret, GCM decryption, RSA signature).
    pub authenticated: bool,
    /// The (decrypted) body.
    #[tsify(type = "unknown")]
    pub raw: Value,
}

/// Parses the webhook `body` of `provider` with the request `headers` (names case-insensitive).
///
/// Errors: `webhook_unauthenticated` when a configured check fails (wrong secret, bad signature, stale
/// timestamp, undecryptable body); `malformed_response` for a body that is not the provider's shape;
/// `invalid_input` for a provider without webhooks here.
pub fn parse_webhook(
    provider: ProviderId,
    body: &[u8],
    headers: &[(String, String)],
    auth: &WebhookAuth<'_>,
) -> Result<WebhookEvent> {
    match provider {
        ProviderId::AdvanceAi => {
            let authenticated = match auth.secret {
                Some(secret) => {
                    check_url_secret(auth.url, secret)?;
                    true
                }
                None => false,
            };
            let event = advance_ai::parse_callback(body)?;
            Ok(WebhookEvent {
                provider,
                kind: event.kind.as_str().to_string(),
                reference: Some(event.signature_id),
                authenticated,
                raw: event.raw,
            })
        }
        ProviderId::Argos => {
            let event = argos::parse_webhook(body, auth.decryptor)?;
            // Only an authenticated cipher (GCM) proves the sender; the decryptor knows which it is.
            let authenticated = event.was_encrypted && auth.decryptor.is_some_and(|d| d.authenticates());
            Ok(WebhookEvent {
                provider,
                kind: event.trigger.as_str().to_string(),
                reference: Some(event.submission_id),
                authenticated,
                raw: event.raw,
            })
        }
        ProviderId::RevenueMonster => {
            let authenticated = match auth.public_key_pem {
                Some(pem) => {
                    check_rm_signature(pem, body, headers, auth)?;
                    true
                }
                None => false,
            };
            let raw: Value = serde_json::from_slice(body).map_err(|e| {
                EkycError::malformed("the Revenue Monster notification is not JSON")
                    .with_provider(revenue_monster::PROVIDER)
                    .with_cause(e)
            })?;
            let obj = common::as_object(&raw, "Revenue Monster notification")
                .map_err(|e| e.with_provider(revenue_monster::PROVIDER))?;
            // The notification's shape is not documented: take the reference wherever the known answers put it.
            let item = common::opt_obj(obj, "item").or_else(|| common::opt_obj(obj, "data"));
            let reference =
                common::opt_str_any(obj, &["requestID", "requestId", "id", "mykadRequestId"]).or_else(|| {
                    item.and_then(|i| common::opt_str_any(i, &["requestID", "requestId", "id", "mykadRequestId"]))
                });
            let kind = common::opt_str_any(obj, &["eventType", "type", "function", "status"])
                .or_else(|| item.and_then(|i| common::opt_str(i, "status")))
                .unwrap_or_else(|| "notification".into());
            Ok(WebhookEvent { provider, kind, reference, authenticated, raw })
        }
        ProviderId::Maschain | ProviderId::Widekyc => Err(EkycError::invalid_input(format!(
            "{provider} sends no webhooks: fetch the result with the client instead"
        ))),
    }
}

// `Debug` shows `raw` only as its shape: it holds personal data.
impl std::fmt::Debug for WebhookEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookEvent")
            .field("provider", &self.provider)
            .field("kind", &self.kind)
            .field("reference", &self.reference)
            .field("authenticated", &self.authenticated)
            .field("raw", &crate::model::MaskedJson(&self.raw))
            .finish()
    }
}

fn unauthenticated(provider: &'static str, message: &str) -> EkycError {
    EkycError::new(ErrorCode::WebhookUnauthenticated, message).with_provider(provider)
}

/// The `secret` query parameter of `url` must equal `expected` (compared in constant time on SHA-256 digests,
/// so neither the length nor a prefix leaks).
fn check_url_secret(url: Option<&str>, expected: &str) -> Result<()> {
    let p = advance_ai::PROVIDER;
    let url = url.ok_or_else(|| EkycError::invalid_input("parseWebhook: `url` is needed to check `secret`"))?;
    let given =
        common::query_param(url, "secret").ok_or_else(|| unauthenticated(p, "the callback URL carries no secret"))?;
    let (a, b) = (Sha256::digest(given.as_bytes()), Sha256::digest(expected.as_bytes()));
    let diff = a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    if diff != 0 {
        return Err(unauthenticated(p, "the callback URL's secret is wrong"));
    }
    Ok(())
}

fn check_rm_signature(pem: &str, body: &[u8], headers: &[(String, String)], auth: &WebhookAuth<'_>) -> Result<()> {
    let p = revenue_monster::PROVIDER;
    let header = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let (Some(signature), Some(nonce), Some(ts)) =
        (header("x-signature"), header("x-nonce-str"), header("x-timestamp"))
    else {
        return Err(unauthenticated(p, "the notification is not signed (X-Signature, X-Nonce-Str, X-Timestamp)"));
    };
    let ts: u64 = ts.trim().parse().map_err(|_| unauthenticated(p, "X-Timestamp is not Unix seconds"))?;
    if (auth.now_ms / 1000).abs_diff(ts) > auth.max_age_seconds {
        return Err(unauthenticated(p, "X-Timestamp is outside the allowed window (a replay?)"));
    }
    let verifier = revenue_monster::sign::Verifier::from_pem(pem)?;
    // RM signs callbacks without `requestUrl` (doc-v2 `docs/quickstart/signature-algorithm.md`, step 3).
    if !verifier.verify_callback(Some(body), nonce, ts, signature) {
        return Err(unauthenticated(p, "the notification's signature does not verify"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth() -> WebhookAuth<'static> {
        WebhookAuth { max_age_seconds: 300, now_ms: 1_700_000_000_000, ..Default::default() }
    }

    #[test]
    fn advance_ai_callback_with_url_secret() {
        let body = br#"{"signatureId":"f302f5d2454a85c2","type":"COMPLETED"}"#;
        let ok = WebhookAuth {
            url: Some("https://w.test/webhooks/advance-ai?secret=s3cr3t"),
            secret: Some("s3cr3t"),
            ..auth()
        };
        let e = parse_webhook(ProviderId::AdvanceAi, body, &[], &ok).unwrap();
        assert_eq!(
            (e.kind.as_str(), e.reference.as_deref(), e.authenticated),
            ("COMPLETED", Some("f302f5d2454a85c2"), true)
        );
        let bad = WebhookAuth {
            url: Some("https://w.test/webhooks/advance-ai?secret=guess"),
            secret: Some("s3cr3t"),
            ..auth()
        };
        assert_eq!(
            parse_webhook(ProviderId::AdvanceAi, body, &[], &bad).unwrap_err().code,
            ErrorCode::WebhookUnauthenticated
        );
        let none = WebhookAuth { url: Some("https://w.test/webhooks/advance-ai"), secret: Some("s3cr3t"), ..auth() };
        assert_eq!(
            parse_webhook(ProviderId::AdvanceAi, body, &[], &none).unwrap_err().code,
            ErrorCode::WebhookUnauthenticated
        );
        assert!(!parse_webhook(ProviderId::AdvanceAi, body, &[], &auth()).unwrap().authenticated);
        assert_eq!(
            parse_webhook(ProviderId::AdvanceAi, b"[]", &[], &auth()).unwrap_err().code,
            ErrorCode::MalformedResponse
        );
    }

    #[test]
    fn revenue_monster_signed_notification_and_replay_window() {
        // The callback vector of scripts/gen-rm-vectors.sh: signed by openssl over the string-to-sign without
        // requestUrl, as RM's signature docs say for callbacks.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/revenue-monster/signing");
        let public = std::fs::read_to_string(dir.join("public.pem")).unwrap();
        let vectors: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("vector.json")).unwrap()).unwrap();
        let v = vectors["vectors"].as_array().unwrap().iter().find(|v| v["callback"] == true).unwrap();
        let raw = serde_json::to_vec(&v["body"]).unwrap();
        let ts = v["timestamp"].as_u64().unwrap();
        let headers = vec![
            ("X-Signature".to_string(), format!("sha256 {}", v["signature"].as_str().unwrap())),
            ("X-Nonce-Str".to_string(), v["nonce"].as_str().unwrap().to_string()),
            ("X-Timestamp".to_string(), ts.to_string()),
        ];
        let a = WebhookAuth { public_key_pem: Some(&public), now_ms: ts * 1000, ..auth() };
        let e = parse_webhook(ProviderId::RevenueMonster, &raw, &headers, &a).unwrap();
        assert_eq!(e.reference.as_deref(), Some("62201d48a694817dede84b35"));
        assert!(e.authenticated);
        let tampered = String::from_utf8(raw.clone()).unwrap().replace("SUCCESS", "FAILED").into_bytes();
        assert_eq!(
            parse_webhook(ProviderId::RevenueMonster, &tampered, &headers, &a).unwrap_err().code,
            ErrorCode::WebhookUnauthenticated
        );
        let later = WebhookAuth { now_ms: (ts + 301) * 1000, ..a };
        assert_eq!(
            parse_webhook(ProviderId::RevenueMonster, &raw, &headers, &later).unwrap_err().code,
            ErrorCode::WebhookUnauthenticated
        );
    }

    #[test]
    fn providers_without_webhooks_are_invalid_input() {
        assert_eq!(parse_webhook(ProviderId::Maschain, b"{}", &[], &auth()).unwrap_err().code, ErrorCode::InvalidInput);
    }
}
