//! `parse_webhook` of every provider. The input is `<flags byte><header lines>\n\n<body>`; a header line is
//! `Name: value`, and the pseudo-header `:url` is the URL the webhook was posted to. Checks: typed errors only,
//! and `authenticated` only when the configured proof holds (the ADVANCE.AI URL secret; a decryptor that
//! authenticates for ARGOS; Revenue Monster's signature, which a fuzzer cannot forge).
#![no_main]

use ekyc_bridge::providers::argos::{AesDecryptor, Cipher, Decryptor};
use ekyc_bridge::webhooks::{parse_webhook, WebhookAuth};
use ekyc_bridge::ProviderId;
use libfuzzer_sys::fuzz_target;

const RM_PUBLIC_KEY: &str = include_str!("../../tests/fixtures/revenue-monster/signing/public.pem");
const SECRET: &str = "s3cr3t";

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let split = rest.windows(2).position(|w| w == b"\n\n");
    let (head, body) = match split {
        Some(i) => (&rest[..i], &rest[i + 2..]),
        None => (&[][..], rest),
    };
    let mut url = None;
    let mut headers = Vec::new();
    for line in String::from_utf8_lossy(head).lines() {
        if let Some((name, value)) = line.split_once(':').filter(|(n, _)| !n.is_empty()) {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        } else if let Some(u) = line.strip_prefix(":url:") {
            url = Some(u.trim().to_string());
        }
    }
    let provider = ProviderId::ALL[usize::from(flags & 0x7) % ProviderId::ALL.len()];
    let gcm = AesDecryptor::from_secret(Cipher::Gcm, SECRET);
    let ecb = AesDecryptor::from_secret(Cipher::Ecb, SECRET);
    let decryptor: Option<&dyn Decryptor> = match (flags >> 3) & 0b11 {
        0 => None,
        1 => Some(&ecb),
        _ => Some(&gcm),
    };
    let with_auth = flags & 0x20 != 0;
    let auth = WebhookAuth {
        url: url.as_deref(),
        secret: with_auth.then_some(SECRET),
        decryptor,
        public_key_pem: with_auth.then_some(RM_PUBLIC_KEY),
        max_age_seconds: if flags & 0x40 != 0 { 300 } else { u64::MAX },
        now_ms: 1_700_000_000_000,
    };
    match parse_webhook(provider, body, &headers, &auth) {
        Ok(event) => {
            assert_eq!(event.provider, provider);
            if event.authenticated {
                match provider {
                    ProviderId::AdvanceAi => {
                        assert!(with_auth && url.as_deref().is_some_and(|u| u.contains(SECRET)), "forged URL secret")
                    }
                    ProviderId::Argos => assert!(decryptor.is_some_and(|d| d.authenticates())),
                    ProviderId::RevenueMonster => assert!(with_auth, "authenticated without a key"),
                    _ => panic!("{provider} has no webhooks"),
                }
            }
            serde_json::to_string(&event).expect("a WebhookEvent always serializes");
        }
        Err(e) => {
            let _ = format!("{e} {e:?}");
        }
    }
});
