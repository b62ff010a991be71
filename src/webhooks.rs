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
use tsify::Tsify;

use crate::error::{EkycError, ErrorCode, Result};
use crate::model::ProviderId;
use crate::providers::argos::Decryptor;
use crate::providers::{advance_ai, argos, common, revenue_monster};

/// What authenticating a webhook needs; [`parse_webhook`] refuses a provider's webhook when its part is unset.
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
    /// Whether the sender was proven (URL secret, GCM decryption, RSA signature): `true` from `parseWebhook`,
    /// `false` from `parseWebhookUnverified`.
    pub authenticated: bool,
    /// The (decrypted) body.
    #[tsify(type = "unknown")]
    pub raw: Value,
}

/// Parses and authenticates the webhook `body` of `provider` with the request `headers` (names
/// case-insensitive). Fails closed (API.md §5a): every provider here needs its check.
///
/// Errors: `webhook_unauthenticated` when the check fails (wrong secret, bad signature, stale timestamp, a
/// body that is not encrypted or does not decrypt) **or when `auth` lacks what the check needs** (ADVANCE.AI:
/// `secret` and `url`; ARGOS: a GCM key, since ECB proves nothing; Revenue Monster: `public_key_pem`);
/// `malformed_response` for a body that is not the provider's shape; `invalid_input` for a provider without
/// webhooks. To read a body without a check, call [`parse_webhook_unverified`].
pub fn parse_webhook(
    provider: ProviderId,
    body: &[u8],
    headers: &[(String, String)],
    auth: &WebhookAuth<'_>,
) -> Result<WebhookEvent> {
    let missing = |what: &str| {
        EkycError::new(
            ErrorCode::WebhookUnauthenticated,
            format!("parseWebhook: {what} (parseWebhookUnverified reads a body without a check)"),
        )
        .with_provider(provider.as_str())
    };
    match provider {
        ProviderId::AdvanceAi => {
            let secret = auth.secret.ok_or_else(|| missing("options.secret is needed to check the callback URL"))?;
            let url = auth.url.ok_or_else(|| missing("options.url is needed to check the callback URL's secret"))?;
            check_url_secret(url, secret)?;
        }
        ProviderId::Argos => {
            let decryptor = auth.decryptor.filter(|d| d.authenticates()).ok_or_else(|| {
                missing("an AES-256-GCM key (options.secretKey) is needed: a plain or ECB body proves nothing")
            })?;
            // Only an authenticated cipher proves the sender, so the body must be encrypted.
            let event = argos::parse_webhook(body, Some(decryptor))?;
            if !event.was_encrypted {
                return Err(unauthenticated(
                    argos::PROVIDER,
                    "the ARGOS webhook is not encrypted: anyone could have sent it",
                ));
            }
            return Ok(argos_event(event, true));
        }
        ProviderId::RevenueMonster => {
            let pem =
                auth.public_key_pem.ok_or_else(|| missing("options.publicKeyPem is needed to verify the signature"))?;
            check_rm_signature(pem, body, headers, auth)?;
        }
        ProviderId::Maschain | ProviderId::Widekyc => {}
    }
    let mut event = parse_webhook_unverified(provider, body)?;
    event.authenticated = true;
    Ok(event)
}

/// Reads a webhook body **without authenticating it**: `authenticated` is `false` and anyone who knows the URL
/// could have sent it. For the rare caller who checks the sender some other way (or only logs); otherwise use
/// [`parse_webhook`]. An encrypted ARGOS body cannot be read here (`invalid_input`: it needs the key).
pub fn parse_webhook_unverified(provider: ProviderId, body: &[u8]) -> Result<WebhookEvent> {
    match provider {
        ProviderId::AdvanceAi => {
            let event = advance_ai::parse_callback(body)?;
            Ok(WebhookEvent {
                provider,
                kind: event.kind.as_str().to_string(),
                reference: Some(event.signature_id),
                authenticated: false,
                raw: event.raw,
            })
        }
        ProviderId::Argos => Ok(argos_event(argos::parse_webhook(body, None)?, false)),
        ProviderId::RevenueMonster => {
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
            Ok(WebhookEvent { provider, kind, reference, authenticated: false, raw })
        }
        ProviderId::Maschain | ProviderId::Widekyc => Err(EkycError::invalid_input(format!(
            "{provider} sends no webhooks: fetch the result with the client instead"
        ))),
    }
}

fn argos_event(event: argos::WebhookEvent, authenticated: bool) -> WebhookEvent {
    WebhookEvent {
        provider: ProviderId::Argos,
        kind: event.trigger.as_str().to_string(),
        reference: Some(event.submission_id),
        authenticated,
        raw: event.raw,
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
fn check_url_secret(url: &str, expected: &str) -> Result<()> {
    let p = advance_ai::PROVIDER;
    let given =
        common::query_param(url, "secret").ok_or_else(|| unauthenticated(p, "the callback URL carries no secret"))?;
    if !common::secrets_equal(given.as_bytes(), expected.as_bytes()) {
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
        // Fails closed: no secret (or no URL to find it in) is no check, so no event.
        let no_secret = WebhookAuth { url: Some("https://w.test/webhooks/advance-ai?secret=s3cr3t"), ..auth() };
        let no_url = WebhookAuth { secret: Some("s3cr3t"), ..auth() };
        for a in [&auth(), &no_secret, &no_url] {
            let e = parse_webhook(ProviderId::AdvanceAi, body, &[], a).unwrap_err();
            assert_eq!((e.code, e.provider), (ErrorCode::WebhookUnauthenticated, Some("advance-ai")));
            assert!(e.message.contains("parseWebhookUnverified"), "{}", e.message);
        }
        let unverified = parse_webhook_unverified(ProviderId::AdvanceAi, body).unwrap();
        assert_eq!((unverified.reference.as_deref(), unverified.authenticated), (Some("f302f5d2454a85c2"), false));
        assert_eq!(
            parse_webhook(ProviderId::AdvanceAi, b"[]", &[], &ok).unwrap_err().code,
            ErrorCode::MalformedResponse
        );
        assert_eq!(
            parse_webhook_unverified(ProviderId::AdvanceAi, b"[]").unwrap_err().code,
            ErrorCode::MalformedResponse
        );
    }

    /// ARGOS: only a GCM-encrypted body that decrypts is an event; a plain body, or any body with only an ECB
    /// key or no key, is refused (the vectors of `tests/fixtures/argos/crypto`, made by openssl and Node).
    #[test]
    fn argos_webhooks_need_a_gcm_key_and_an_encrypted_body() {
        use crate::providers::argos::{AesDecryptor, Cipher};
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/argos/crypto");
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("vectors.json")).unwrap()).unwrap();
        let vector =
            |name: &str| doc["vectors"].as_array().unwrap().iter().find(|v| v["name"] == name).unwrap().clone();
        let key = |v: &Value| -> [u8; 32] { hex::decode(v["keyHex"].as_str().unwrap()).unwrap().try_into().unwrap() };
        let (gcm_v, ecb_v) = (vector("gcm-webhook-raw-key"), vector("ecb-webhook-raw-key"));
        let (gcm, ecb) = (AesDecryptor::new(Cipher::Gcm, key(&gcm_v)), AesDecryptor::new(Cipher::Ecb, key(&ecb_v)));
        let gcm_body = serde_json::to_vec(&serde_json::json!({"data": gcm_v["cipherB64"]})).unwrap();
        let ecb_body = serde_json::to_vec(&serde_json::json!({"data": ecb_v["cipherB64"]})).unwrap();
        let plain = br#"{"webhook_trigger": "approved", "submission_id": "sub_1"}"#;
        let with = |d: &'static dyn Decryptor| WebhookAuth { decryptor: Some(d), ..auth() };
        let gcm: &'static AesDecryptor = Box::leak(Box::new(gcm));
        let ecb: &'static AesDecryptor = Box::leak(Box::new(ecb));

        let e = parse_webhook(ProviderId::Argos, &gcm_body, &[], &with(gcm)).unwrap();
        assert_eq!((e.kind.as_str(), e.authenticated), ("approved", true));
        for (body, a) in [
            (&plain[..], auth()),
            (&plain[..], with(gcm)),
            (&ecb_body[..], with(ecb)),
            (&plain[..], with(ecb)),
            (&gcm_body[..], auth()),
        ] {
            let e = parse_webhook(ProviderId::Argos, body, &[], &a).unwrap_err();
            assert_eq!(e.code, ErrorCode::WebhookUnauthenticated, "{}", String::from_utf8_lossy(body));
        }
        let read = parse_webhook_unverified(ProviderId::Argos, plain).unwrap();
        assert_eq!((read.reference.as_deref(), read.authenticated), (Some("sub_1"), false));
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
        let no_key = WebhookAuth { now_ms: ts * 1000, ..auth() };
        assert_eq!(
            parse_webhook(ProviderId::RevenueMonster, &raw, &headers, &no_key).unwrap_err().code,
            ErrorCode::WebhookUnauthenticated
        );
        assert_eq!(
            parse_webhook(ProviderId::RevenueMonster, &raw, &[], &a).unwrap_err().code,
            ErrorCode::WebhookUnauthenticated
        );
        let read = parse_webhook_unverified(ProviderId::RevenueMonster, &raw).unwrap();
        assert_eq!((read.reference.as_deref(), read.authenticated), (Some("62201d48a694817dede84b35"), false));
    }

    #[test]
    fn providers_without_webhooks_are_invalid_input() {
        assert_eq!(parse_webhook(ProviderId::Maschain, b"{}", &[], &auth()).unwrap_err().code, ErrorCode::InvalidInput);
        assert_eq!(parse_webhook_unverified(ProviderId::Widekyc, b"{}").unwrap_err().code, ErrorCode::InvalidInput);
    }
}
