//! Native tests of the ARGOS module: constructed submissions under `tests/fixtures/argos/`, decryption
//! against vectors made by openssl and Node.js, paging, webhooks.

use serde_json::{json, Value};

use super::*;
use crate::error::ErrorCode;
use crate::model::{Decision, ProviderId, ReasonCode, RiskLevel};
use crate::providers::fixtures_test::{self, Fixture};
use crate::providers::http::{HttpResponse, Method};
use crate::providers::{normalize as normalize_any, NormalizeOptions};

const DIR: &str = "argos";

fn run(fx: &Fixture) -> crate::error::Result<crate::model::Verification> {
    normalize_any(ProviderId::Argos, &fx.input, &NormalizeOptions::default())
}

fn resp(status: u16, body: &Value) -> HttpResponse {
    HttpResponse { status, headers: vec![], body: serde_json::to_vec(body).unwrap() }
}

/// One vector of `tests/fixtures/argos/crypto/vectors.json`.
struct Vector {
    name: String,
    scheme: String,
    secret: Option<String>,
    key: [u8; 32],
    plaintext: String,
    cipher: String,
}

fn vectors() -> Vec<Vector> {
    let path = fixtures_test::provider_dir(DIR).join("crypto").join("vectors.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| Vector {
            name: v["name"].as_str().unwrap().into(),
            scheme: v["scheme"].as_str().unwrap().into(),
            secret: v["secret"].as_str().map(str::to_string),
            key: hex::decode(v["keyHex"].as_str().unwrap()).unwrap().try_into().unwrap(),
            plaintext: v["plaintext"].as_str().unwrap().into(),
            cipher: v["cipherB64"].as_str().unwrap().into(),
        })
        .collect()
}

fn decryptor(scheme: &str, key: [u8; 32]) -> Box<dyn Decryptor> {
    match scheme {
        "gcm" => Box::new(AesDecryptor::new(Cipher::Gcm, key)),
        "ecb" => Box::new(AesDecryptor::new(Cipher::Ecb, key)),
        other => panic!("unknown scheme {other}"),
    }
}

#[test]
fn fixtures_match_expected() {
    fixtures_test::check_all(DIR, &["crypto"], run);
}

#[test]
fn extra_fields_never_change_the_outcome() {
    fixtures_test::assert_extra_fields_change_nothing(&fixtures_test::load(DIR, &["crypto"]), &[], run);
}

#[test]
fn unknown_enum_values_never_throw_nor_approve() {
    let pointers = ["/Items/0/kyc/result", "/kyc/result", "/Items/0/aml/currentstatus", "/aml/currentstatus"];
    let fixtures = fixtures_test::load(DIR, &["crypto", "malformed"]);
    fixtures_test::assert_values_never_approve(&fixtures, &pointers, &["something_new"], run);
}

#[test]
fn seed_submission_maps_every_part() {
    let fx =
        fixtures_test::load(DIR, &["crypto"]).into_iter().find(|f| f.rel.ends_with("get-by-id-approved.json")).unwrap();
    let v = run(&fx).unwrap();
    assert_eq!(v.decision, Decision::Approved);
    assert_eq!(v.reference.as_deref(), Some("sub_2024050110203012"));
    assert_eq!(v.created_at.as_deref(), Some("2024-05-01T10:20:30.123Z"));
    let p = v.person.unwrap();
    assert_eq!((p.nationality.as_deref(), p.date_of_birth.as_deref()), (Some("KOR"), Some("1990-02-14")));
    let d = v.document.unwrap();
    assert_eq!((d.number.as_deref(), d.expiry_date.as_deref()), (Some("M12345678"), Some("2029-06-01")));
    let f = v.face.unwrap();
    assert_eq!((f.similarity, f.liveness), (Some(0.913), Some(0.987)));
    assert_eq!(v.aml.unwrap().risk_level, Some(RiskLevel::None));
}

#[test]
fn comment_codes_map_as_documented() {
    use ReasonCode::*;
    for (code, want) in [
        ("id_image_invalidImage", ImageQuality),
        ("id_image_badImage", ImageQuality),
        ("id_image_error", ImageQuality),
        ("id_image_invalidId", DocumentNotFound),
        ("invalid_acceptedID", DocumentNotFound),
        ("id_info_dataMismatch", DataMismatch),
        ("id_info_blacklist", IdentityBlocked),
        ("blacklistCountry", IdentityBlocked),
        ("id_info_notOfAge", Underage),
        ("under_ageLimit", Underage),
        ("no-date-of-birth", Other),
        ("duplicate_user", Duplicate),
        ("duplicated_user_PII_exact", Duplicate),
        ("duplicated_face", Duplicate),
        ("too_many_retry", RetryLimit),
        ("expired_id", DocumentExpired),
        ("automatic_verification_fail", Other),
        ("address_image_invalidImage", ImageQuality),
        ("address_image_mismatch", Other),
        ("ID_IMAGE_BADIMAGE", ImageQuality),
        ("", Other),
        ("new_code", Other),
    ] {
        assert_eq!(reason_for_comment_code(code), want, "{code}");
    }
}

#[test]
fn query_building_and_encoding() {
    let q = SubmissionQuery {
        userid: Some("user 42+a&b=c".into()),
        email: Some("jané@example.com".into()),
        count: Some(20),
        start_date: Some("20240101".into()),
        end_date: Some("2024-01-31".into()),
        request_type: Some(RequestType::Kyc),
        ..SubmissionQuery::default()
    };
    let req = build_submission_request("https://rest-api.argosidentity.com/v3/", " key ", &q).unwrap();
    assert_eq!(req.method, Method::Get);
    assert!(req.idempotent);
    assert_eq!(req.header_value("x-api-key"), Some("key"));
    assert_eq!(
        req.url,
        "https://rest-api.argosidentity.com/v3/submission?userid=user%2042%2Ba%26b%3Dc&email=jan%C3%A9%40example.com\
         &count=20&start_date=2024-01-01&end_date=2024-01-31&request_type=kyc"
    );
    let req = build_submission_request(DEFAULT_BASE_URL, "k", &SubmissionQuery::default()).unwrap();
    assert_eq!(req.url, "https://rest-api.argosidentity.com/v3/submission");
    let req = build_submission_request(DEFAULT_BASE_URL, "k", &SubmissionQuery::by_id("sub_1")).unwrap();
    assert!(req.url.ends_with("/submission?submission_id=sub_1"));
    for bad in [
        SubmissionQuery { count: Some(0), ..Default::default() },
        SubmissionQuery { start_date: Some("2024-13-01".into()), ..Default::default() },
        SubmissionQuery { email: Some(" ".into()), ..Default::default() },
    ] {
        assert_eq!(build_submission_request(DEFAULT_BASE_URL, "k", &bad).unwrap_err().code, ErrorCode::InvalidInput);
    }
    assert_eq!(
        build_submission_request(DEFAULT_BASE_URL, "", &SubmissionQuery::default()).unwrap_err().code,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        build_submission_request("rest-api", "k", &SubmissionQuery::default()).unwrap_err().code,
        ErrorCode::InvalidInput
    );
}

#[test]
fn paging_follows_next_page_key() {
    let q = SubmissionQuery { userid: Some("u".into()), count: Some(2), ..Default::default() };
    let body = json!({"Items": [{"submission_id": "a"}, {"submission_id": "b"}], "nextpageKey": {"id": "b", "created_at": "2024-05-01-10-20-30-123"}});
    let page = parse_submission_response(&resp(200, &body), None).unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.raw, body);
    let cursor = page.next_page().unwrap();
    let next = q.with_cursor(cursor);
    let req = build_submission_request(DEFAULT_BASE_URL, "k", &next).unwrap();
    assert!(req.url.ends_with("?userid=u&count=2&nextpage_id=b&nextpage_date=2024-05-01-10-20-30-123"), "{}", req.url);
    let subs = page.submissions().unwrap();
    assert_eq!(subs[1].submission_id.as_deref(), Some("b"));

    let last = parse_submission_response(&resp(200, &json!({"Items": []})), None).unwrap();
    assert!(last.next_page().is_none());
    let partial =
        parse_submission_response(&resp(200, &json!({"Items": [], "nextpageKey": {"id": "x"}})), None).unwrap();
    assert!(partial.next_page().is_none());
    // The typed view keeps unknown enum values.
    let typed = parse_submission_response(
        &resp(200, &json!({"Items": [{"kyc": {"result": "On_Hold"}, "aml": {"currentstatus": "Red Flag"}}]})),
        None,
    )
    .unwrap()
    .submissions()
    .unwrap();
    assert_eq!(typed[0].kyc.as_ref().unwrap().result, Some(submission::KycResult::Other("On_Hold".into())));
    assert_eq!(typed[0].aml.as_ref().unwrap().currentstatus, Some(submission::AmlStatus::RedFlag));
}

#[test]
fn response_errors() {
    let e =
        parse_submission_response(&resp(403, &json!({"errorCode": "invalid_admin", "message": "Invalid admin"})), None)
            .unwrap_err();
    assert_eq!(
        (e.code, e.provider_code.as_deref(), e.http_status),
        (ErrorCode::Unauthorized, Some("invalid_admin"), Some(403))
    );
    assert_eq!(parse_submission_response(&resp(401, &json!({})), None).unwrap_err().code, ErrorCode::Unauthorized);
    assert_eq!(parse_submission_response(&resp(413, &json!({})), None).unwrap_err().code, ErrorCode::ImageTooLarge);
    let e = parse_submission_response(&resp(400, &json!({"errorCode": "invalid_format"})), None).unwrap_err();
    assert_eq!(
        (e.code, e.retryable, e.provider_code.as_deref()),
        (ErrorCode::HttpStatus, false, Some("invalid_format"))
    );
    let e = parse_submission_response(&resp(502, &json!({})), None).unwrap_err();
    assert_eq!((e.code, e.retryable), (ErrorCode::HttpStatus, true));
    let html = HttpResponse { status: 200, headers: vec![], body: b"<html/>".to_vec() };
    assert_eq!(parse_submission_response(&html, None).unwrap_err().code, ErrorCode::MalformedResponse);
    for bad in [json!([]), json!({"Items": "x"}), json!({"message": "ok"})] {
        let e = parse_submission_response(&resp(200, &bad), None).unwrap_err();
        assert_eq!((e.code, e.provider), (ErrorCode::MalformedResponse, Some(PROVIDER)), "{bad}");
    }
}

#[test]
fn every_vector_decrypts() {
    let vs = vectors();
    assert!(vs.iter().any(|v| v.scheme == "gcm") && vs.iter().any(|v| v.scheme == "ecb"));
    for v in &vs {
        let plain = decryptor(&v.scheme, v.key).decrypt(&v.cipher).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert_eq!(String::from_utf8(plain).unwrap(), v.plaintext, "{}", v.name);
        if let Some(secret) = &v.secret {
            assert_eq!(key_from_secret(secret), v.key, "{}: sha256 derivation", v.name);
            let d: Box<dyn Decryptor> = match v.scheme.as_str() {
                "gcm" => Box::new(AesDecryptor::from_secret(Cipher::Gcm, secret)),
                _ => Box::new(AesDecryptor::from_secret(Cipher::Ecb, secret)),
            };
            assert_eq!(d.decrypt(&v.cipher).unwrap(), v.plaintext.as_bytes(), "{}", v.name);
        }
        // Whitespace (line-wrapped Base64) is tolerated.
        let wrapped: String = v
            .cipher
            .chars()
            .enumerate()
            .flat_map(|(i, c)| (i % 20 == 19).then_some('\n').into_iter().chain([c]))
            .collect();
        assert!(decryptor(&v.scheme, v.key).decrypt(&wrapped).is_ok(), "{}", v.name);
    }
}

#[test]
fn decryption_failures_are_errors_not_panics() {
    let vs = vectors();
    let wrong = [7u8; 32];
    for v in &vs {
        let got = decryptor(&v.scheme, wrong).decrypt(&v.cipher);
        // ECB has no integrity: a wrong key may (rarely) pass the padding check, but never yields the plain text.
        match got {
            Err(e) => assert_eq!(e.code, ErrorCode::MalformedResponse, "{}", v.name),
            Ok(p) => assert_ne!(p, v.plaintext.as_bytes(), "{}", v.name),
        }
    }
    let gcm = AesDecryptor::new(Cipher::Gcm, wrong);
    let ecb = AesDecryptor::new(Cipher::Ecb, wrong);
    for bad in ["", "   ", "!!!not base64!!!", "AAAA", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw"] {
        assert_eq!(gcm.decrypt(bad).unwrap_err().code, ErrorCode::MalformedResponse, "gcm {bad:?}");
        assert_eq!(ecb.decrypt(bad).unwrap_err().code, ErrorCode::MalformedResponse, "ecb {bad:?}");
    }
    // A flipped bit in a GCM cipher text fails authentication.
    let v = vs.iter().find(|v| v.scheme == "gcm").unwrap();
    let mut bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &v.cipher).unwrap();
    bytes[20] ^= 1;
    let tampered = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &bytes);
    assert_eq!(
        AesDecryptor::new(Cipher::Gcm, v.key).decrypt(&tampered).unwrap_err().code,
        ErrorCode::MalformedResponse
    );
    assert_eq!(AesDecryptor::from_key_bytes(Cipher::Gcm, &[1, 2, 3]).unwrap_err().code, ErrorCode::InvalidInput);
    assert!(AesDecryptor::from_key_bytes(Cipher::Ecb, &[0; 32]).is_ok());
    assert_eq!(format!("{:?}", AesDecryptor::new(Cipher::Gcm, v.key)), "AesDecryptor { cipher: Gcm, key: <redacted> }");
    assert_eq!(format!("{:?}", AesDecryptor::new(Cipher::Ecb, v.key)), "AesDecryptor { cipher: Ecb, key: <redacted> }");
}

#[test]
fn encrypted_responses_decrypt_then_normalize() {
    for v in vectors().iter().filter(|v| v.name.contains("page")) {
        let d = decryptor(&v.scheme, v.key);
        for body in [json!({"isEncrypted": true, "data": v.cipher}), json!({"isEncrypted": true, "body": v.cipher})] {
            let page = parse_submission_response(&resp(200, &body), Some(d.as_ref())).unwrap();
            assert_eq!(page.items.len(), 1, "{}", v.name);
            let n = normalize(&page.raw).unwrap();
            assert_eq!((n.decision, n.reference.as_deref()), (Decision::Approved, Some("sub_enc_001")));
            let e = parse_submission_response(&resp(200, &body), None).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput);
        }
        let wrong = AesDecryptor::new(Cipher::Gcm, [9; 32]);
        let e = parse_submission_response(&resp(200, &json!({"isEncrypted": true, "data": v.cipher})), Some(&wrong))
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::MalformedResponse);
    }
}

#[test]
fn webhooks_plain_and_encrypted() {
    let triggers = [
        ("created", WebhookTrigger::Created),
        ("retry", WebhookTrigger::Retry),
        ("approved", WebhookTrigger::Approved),
        ("rejected", WebhookTrigger::Rejected),
        ("submit", WebhookTrigger::Submit),
        ("updated", WebhookTrigger::Updated),
        ("delete", WebhookTrigger::Delete),
        ("injection", WebhookTrigger::Injection),
        ("aml", WebhookTrigger::Aml),
        ("aml_monitor", WebhookTrigger::AmlMonitor),
        ("brand_new", WebhookTrigger::Other("brand_new".into())),
    ];
    for (s, want) in triggers {
        let body = json!({"webhook_trigger": s, "submission_id": "sub_1", "email": "a@example.com", "extra": {"x": 1}});
        let ev = parse_webhook(&serde_json::to_vec(&body).unwrap(), None).unwrap();
        assert_eq!(ev.trigger, want);
        assert_eq!(ev.trigger.as_str(), s);
        assert_eq!(
            (ev.submission_id.as_str(), ev.email.as_deref(), ev.userid.as_deref()),
            ("sub_1", Some("a@example.com"), None)
        );
        assert!(!ev.was_encrypted);
        assert_eq!(ev.raw, body);
    }
    for v in vectors().iter().filter(|v| v.name.contains("webhook")) {
        let d = decryptor(&v.scheme, v.key);
        for body in [json!({"data": v.cipher}), json!({"isEncrypted": true, "data": v.cipher})] {
            let ev = parse_webhook_value(body.clone(), Some(d.as_ref())).unwrap();
            assert_eq!(
                (ev.trigger.clone(), ev.userid.as_deref(), ev.was_encrypted),
                (WebhookTrigger::Approved, Some("user-42"), true)
            );
            assert_eq!(parse_webhook_value(body.clone(), None).unwrap_err().code, ErrorCode::InvalidInput);
            let wrong = AesDecryptor::new(Cipher::Gcm, [3; 32]);
            assert_eq!(parse_webhook_value(body, Some(&wrong)).unwrap_err().code, ErrorCode::WebhookUnauthenticated);
        }
    }
    for bad in [
        &b"nope"[..],
        b"[]",
        br#"{"submission_id": "s"}"#,
        br#"{"webhook_trigger": "approved"}"#,
        br#"{"webhook_trigger": 5, "submission_id": "s"}"#,
        br#"{"webhook_trigger": "approved", "submission_id": ""}"#,
        br#"{"webhook_trigger": "approved", "submission_id": {"id": 1}}"#,
    ] {
        let e = parse_webhook(bad, None).unwrap_err();
        assert_eq!(
            (e.code, e.provider),
            (ErrorCode::MalformedResponse, Some(PROVIDER)),
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
}
