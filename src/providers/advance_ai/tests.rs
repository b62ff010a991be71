//! Native tests of the ADVANCE.AI module: recorded and constructed answers under
//! `tests/fixtures/advance-ai/`, the token signature against vectors made by `sha256sum`, and the protocol.

use serde_json::{json, Value};

use super::callback::{parse_callback, CallbackType};
use super::*;
use crate::error::ErrorCode;
use crate::model::{Decision, ProviderId, ReasonCode};
use crate::providers::fixtures_test::{self, Fixture};
use crate::providers::http::{HttpResponse, Method};
use crate::providers::{normalize as normalize_any, NormalizeOptions};

const DIR: &str = "advance-ai";

fn run(fx: &Fixture) -> crate::error::Result<crate::model::Verification> {
    normalize_any(ProviderId::AdvanceAi, &fx.input, &NormalizeOptions::default())
}

fn resp(status: u16, body: Value) -> HttpResponse {
    HttpResponse { status, headers: vec![], body: serde_json::to_vec(&body).unwrap() }
}

fn body_json(req: &crate::providers::http::HttpRequest) -> Value {
    serde_json::from_slice(req.body.as_deref().unwrap()).unwrap()
}

#[test]
fn fixtures_match_expected() {
    fixtures_test::check_all(DIR, &["signing", "requests"], run);
}

#[test]
fn extra_fields_never_change_the_outcome() {
    fixtures_test::assert_extra_fields_change_nothing(&fixtures_test::load(DIR, &["signing"]), &[], run);
}

#[test]
fn unknown_enum_values_never_throw_nor_approve() {
    let fixtures = fixtures_test::load(DIR, &["signing", "malformed"]);
    fixtures_test::assert_values_never_approve(&fixtures, &["/data/overallResult", "/code"], &["SOMETHING_NEW"], run);
}

#[test]
fn seed_pass_is_approved_with_person_and_scores() {
    let v = run(&fixtures_test::load(DIR, &["signing"])
        .into_iter()
        .find(|f| f.rel.ends_with("pass-nga-bvn.json"))
        .unwrap())
    .unwrap();
    assert_eq!(v.decision, Decision::Approved);
    assert_eq!(v.reference.as_deref(), Some("f302f5d2454a85c2"));
    let p = v.person.unwrap();
    assert_eq!(p.full_name.as_deref(), Some("T****E C****T I***A"));
    assert_eq!(p.date_of_birth.as_deref(), Some("1994-07-13"));
    let f = v.face.unwrap();
    assert_eq!(
        (f.similarity, f.liveness, f.r#match, f.liveness_passed),
        (Some(0.82), Some(0.99), Some(true), Some(true))
    );
}

#[test]
fn error_codes_map_as_documented() {
    use ReasonCode::*;
    let table = [
        ("BVN_NOT_EXIST", NumberNotFound),
        ("NUMBER_NOT_EXIST", NumberNotFound),
        ("NAME_NOT_MATCH", DataMismatch),
        ("LIVENESS_ATTACK", LivenessFailed),
        ("SIMILARITY_FAILED", FaceMismatch),
        ("INVALID_FORMAT", NumberInvalid),
        ("BVN_SUSPEND", IdentityBlocked),
        ("NUMBER_BLOCKED", IdentityBlocked),
        ("NUMBER_DECEASED", IdentityDeceased),
        ("AGE_VERIFICATION_FAILED", Underage),
        ("FACE_QUALITY_TOO_POOR", ImageQuality),
        ("CAN_NOT_VERIFY", Other),
        ("RISK_STRATEGY_HIT", Other),
        ("INFO_ABNORMAL", Other),
        ("USER_TIMEOUT", UserTimeout),
        ("RETRY_COUNT_REACH_MAX", RetryLimit),
        ("ERROR", ProviderError),
        ("PARAMETER_ERROR", ProviderError),
        ("BVN_INVALID_FORMAT", NumberInvalid),
        ("BROWSER_ISSUE", Other),
        ("DOCUMENT_AUTO_SCAN_TRY_COUNT_EXCEED", RetryLimit),
        ("DOCUMENT_MANUAL_TRY_COUNT_EXCEED", RetryLimit),
        ("NO_PERMISSION", UserCancelled),
        ("CAMERA_ISSUE", Other),
        ("RESELECT_DOC_TYPE", UserCancelled),
        ("RESELECT_REGION", UserCancelled),
        ("LIVENESS_TRY_COUNT_EXCEED", RetryLimit),
        ("NOT_SUPPORT", Other),
        ("NO_SUPPORTED_CARD", Other),
        ("NO_SUPPORTED_CARD_CUSTOMIZED", Other),
        ("liveness_attack", LivenessFailed),
        ("", Other),
        ("BRAND_NEW", Other),
    ];
    for (code, want) in table {
        assert_eq!(reason_for_error_code(code), want, "{code}");
    }
}

#[test]
fn token_signature_matches_independent_vectors() {
    let path = fixtures_test::provider_dir(DIR).join("signing").join("vector.json");
    let vectors: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = vectors["cases"].as_array().unwrap();
    assert!(cases.len() >= 3);
    for c in cases {
        let s = |k: &str| c[k].as_str().unwrap();
        assert_eq!(token_signature(s("accessKey"), s("secretKey"), s("timestamp")), s("signature"));
        // The built request signs exactly what it sends.
        let req = build_token_request(
            "https://sg-api.advance.ai/",
            s("accessKey"),
            s("secretKey"),
            s("timestamp").parse().unwrap(),
            None,
        )
        .unwrap();
        let body = body_json(&req);
        assert_eq!(body["signature"], s("signature"));
        assert_eq!(body["timestamp"], s("timestamp"));
    }
}

#[test]
fn token_request_shape_and_validation() {
    let req = build_token_request("https://sg-api.advance.ai", "ak", "sk", 1_700_000_000_000, Some(3600)).unwrap();
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.url, "https://sg-api.advance.ai/openapi/auth/ticket/v1/generate-token");
    assert!(req.idempotent);
    assert_eq!(req.header_value("content-type"), Some("application/json"));
    let body = body_json(&req);
    assert_eq!(
        body,
        json!({"accessKey": "ak", "timestamp": "1700000000000", "signature": token_signature("ak", "sk", "1700000000000"), "periodSecond": 3600})
    );
    assert!(!format!("{req:?}").contains(&token_signature("ak", "sk", "1700000000000")));
    for (base, ak, sk, ts, period) in [
        ("https://x", "", "sk", 1_700_000_000_000u64, None),
        ("https://x", "ak", " ", 1_700_000_000_000, None),
        ("https://x", "ak", "sk", 1_700_000_000, None),
        ("https://x", "ak", "sk", 1_700_000_000_000, Some(59)),
        ("https://x", "ak", "sk", 1_700_000_000_000, Some(86_401)),
        ("ftp://x", "ak", "sk", 1_700_000_000_000, None),
        ("", "ak", "sk", 1_700_000_000_000, None),
    ] {
        let e = build_token_request(base, ak, sk, ts, period).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput, "{base} {ak} {sk} {ts} {period:?}");
        assert_eq!(e.provider, Some(PROVIDER));
    }
}

#[test]
fn token_response_parsing() {
    let ok = resp(
        200,
        json!({"code": "SUCCESS", "message": "OK", "data": {"token": "tok", "expiredTime": 1_700_003_600_000i64}, "extra": null, "transactionId": "t"}),
    );
    let t = parse_token_response(&ok).unwrap();
    assert_eq!((t.token.as_str(), t.expired_time_ms), ("tok", 1_700_003_600_000));
    assert!(!format!("{t:?}").contains("tok\""));

    for (code, want) in [
        ("ACCOUNT_DISABLED", ErrorCode::Unauthorized),
        ("CLIENT_ERROR", ErrorCode::Unauthorized),
        ("PARAMETER_ERROR", ErrorCode::InvalidInput),
        ("SOMETHING_ELSE", ErrorCode::Unauthorized),
    ] {
        let e = parse_token_response(&resp(200, json!({"code": code, "message": "no", "data": null}))).unwrap_err();
        assert_eq!(e.code, want, "{code}");
        assert_eq!(e.provider_code.as_deref(), Some(code));
        assert_eq!(e.provider, Some(PROVIDER));
    }
    let e = parse_token_response(&resp(200, json!({"code": "SUCCESS", "data": null}))).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    let e = parse_token_response(&resp(200, json!({"code": "SUCCESS", "data": {"token": 5}}))).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    let e = parse_token_response(&HttpResponse { status: 200, headers: vec![], body: b"<html>".to_vec() }).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    let e = parse_token_response(&resp(401, json!({"code": "UNAUTHORIZED"}))).unwrap_err();
    assert_eq!(
        (e.code, e.http_status, e.provider_code.as_deref()),
        (ErrorCode::Unauthorized, Some(401), Some("UNAUTHORIZED"))
    );
    let e = parse_token_response(&resp(503, json!({}))).unwrap_err();
    assert_eq!((e.code, e.retryable), (ErrorCode::HttpStatus, true));
}

#[test]
fn token_cache_refreshes_before_expiry() {
    let now = 1_700_000_000_000i64;
    let mut c = TokenCache::new();
    assert_eq!(c.get(now), None);
    // One hour: refreshed 5 minutes early.
    c.store("a".into(), now + 3_600_000, now);
    assert_eq!(c.get(now), Some("a"));
    assert_eq!(c.get(now + 3_300_000 - 1), Some("a"));
    assert_eq!(c.get(now + 3_300_000), None);
    // One minute: refreshed 10 % (6 s) early.
    c.store("b".into(), now + 60_000, now);
    assert_eq!(c.get(now + 53_999), Some("b"));
    assert_eq!(c.get(now + 54_000), None);
    // Already expired: not cached.
    c.store("c".into(), now - 1, now);
    assert_eq!(c.get(now - 10), None);
    c.store_token(&AccessToken { token: "d".into(), expired_time_ms: now + 600_000 }, now);
    assert_eq!(c.get(now), Some("d"));
    assert!(!format!("{c:?}").contains('d') || !format!("{c:?}").contains("\"d\""));
    c.clear();
    assert_eq!(c.get(now), None);
}

fn url_request() -> GenerateUrlRequest {
    GenerateUrlRequest {
        return_url: Some("https://shop.example/kyc/done?ekyc_state=abc".into()),
        fail_return_url: Some("https://shop.example/kyc/failed".into()),
        callback_url: Some("https://api.shop.example/hooks/advance?secret=s".into()),
        biz_id: Some("order-1".into()),
        region: Some("ng".into()),
        number_type: Some("BVN".into()),
        iframe_enabled: Some(false),
        ..GenerateUrlRequest::default()
    }
}

/// ADVANCE.AI's own curl examples (tests/fixtures/advance-ai/requests/): each body, read as a JS caller would pass
/// it, goes out byte-for-byte equal as JSON to the example, at the example's path (the host is the caller's).
#[test]
fn generate_url_sends_the_doc_center_examples_as_published() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/advance-ai/requests/doc-center-generate-urls.json"),
    )
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    for ex in doc["examples"].as_array().unwrap() {
        let url = ex["url"].as_str().unwrap();
        let (base, path) = url.split_at(url.find("/intl/").unwrap());
        let segment = path.rsplit('/').next().unwrap();
        let variant: UrlVariant = serde_json::from_value(json!(segment)).unwrap();
        let request: GenerateUrlRequest = serde_json::from_value(ex["body"].clone()).unwrap();
        let req = build_generate_url_request(base, "tok", variant, &request).unwrap();
        assert_eq!(req.url, url, "{}", ex["page"]);
        assert_eq!(body_json(&req), ex["body"], "{}", ex["page"]);
    }
}

#[test]
fn generate_url_request_shape() {
    let req = build_generate_url_request(
        "https://sg-api.advance.ai",
        "tok",
        UrlVariant::NonDocumentVerification,
        &url_request(),
    )
    .unwrap();
    assert_eq!(
        req.url,
        "https://sg-api.advance.ai/intl/openapi/identity-risk/idvs-h5/ekyc/v1/generate-non-document-verification-url"
    );
    assert!(!req.idempotent);
    assert_eq!(req.header_value("X-ACCESS-TOKEN"), Some("tok"));
    assert_eq!(
        body_json(&req),
        json!({"returnUrl": "https://shop.example/kyc/done?ekyc_state=abc", "failReturnUrl": "https://shop.example/kyc/failed",
               "callbackUrl": "https://api.shop.example/hooks/advance?secret=s", "bizId": "order-1", "region": "NGA",
               "numberType": "BVN", "iframeEnabled": false})
    );
    for (v, seg) in
        [(UrlVariant::EkycVerification, "generate-ekyc-verification-url"), (UrlVariant::Legacy, "generate-url")]
    {
        let req =
            build_generate_url_request("https://x.advance.ai/", "tok", v, &GenerateUrlRequest::default()).unwrap();
        assert!(req.url.ends_with(seg), "{}", req.url);
        assert_eq!(body_json(&req), json!({}));
    }
    let mut extra = GenerateUrlRequest::default();
    extra.extra.insert("cardType".into(), json!("PASSPORT"));
    let req = build_generate_url_request("https://x", "tok", UrlVariant::EkycVerification, &extra).unwrap();
    assert_eq!(body_json(&req), json!({"cardType": "PASSPORT"}));
}

#[test]
fn generate_url_request_validation() {
    let bad: Vec<(&str, GenerateUrlRequest)> = vec![
        ("javascript", GenerateUrlRequest { return_url: Some("JavaScript:alert(1)".into()), ..Default::default() }),
        ("data", GenerateUrlRequest { fail_return_url: Some("data:text/html,x".into()), ..Default::default() }),
        ("file", GenerateUrlRequest { return_url: Some("file:///etc/passwd".into()), ..Default::default() }),
        (
            "long",
            GenerateUrlRequest { return_url: Some(format!("https://x/{}", "a".repeat(2048))), ..Default::default() },
        ),
        ("space", GenerateUrlRequest { return_url: Some("https://x/ a".into()), ..Default::default() }),
        ("relative", GenerateUrlRequest { return_url: Some("/done".into()), ..Default::default() }),
        ("callback ftp", GenerateUrlRequest { callback_url: Some("ftp://x/hook".into()), ..Default::default() }),
        (
            "callback empty host",
            GenerateUrlRequest { callback_url: Some("https:///hook".into()), ..Default::default() },
        ),
        ("region", GenerateUrlRequest { region: Some("XX".into()), ..Default::default() }),
    ];
    for (what, r) in bad {
        let e = build_generate_url_request("https://x", "tok", UrlVariant::EkycVerification, &r).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput, "{what}");
    }
    let e = build_generate_url_request(
        "https://x",
        "tok",
        UrlVariant::NonDocumentVerification,
        &GenerateUrlRequest::default(),
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let mut clash = GenerateUrlRequest::default();
    clash.extra.insert("returnUrl".into(), json!("javascript:x"));
    assert_eq!(
        build_generate_url_request("https://x", "tok", UrlVariant::EkycVerification, &clash).unwrap_err().code,
        ErrorCode::InvalidInput
    );
    assert_eq!(
        build_generate_url_request("https://x", " ", UrlVariant::EkycVerification, &GenerateUrlRequest::default())
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );
    let ok = GenerateUrlRequest { return_url: Some("myapp://kyc/done".into()), ..Default::default() };
    assert!(build_generate_url_request("https://x", "tok", UrlVariant::EkycVerification, &ok).is_ok());
}

#[test]
fn generate_url_response_signature_id_from_data_or_url() {
    let g = parse_generate_url_response(&resp(
        200,
        json!({"code": "SUCCESS", "data": {"url": "https://h5.advance.ai/x?token=1", "signatureId": "sig-data"}}),
    ))
    .unwrap();
    assert_eq!(g.signature_id.as_deref(), Some("sig-data"));
    let g = parse_generate_url_response(&resp(
        200,
        json!({"code": "SUCCESS", "data": {"url": "https://h5.advance.ai/x?lang=en&signatureId=ab%2Bcd#frag"}}),
    ))
    .unwrap();
    assert_eq!(
        (g.url.as_str(), g.signature_id.as_deref()),
        ("https://h5.advance.ai/x?lang=en&signatureId=ab%2Bcd#frag", Some("ab+cd"))
    );
    let g =
        parse_generate_url_response(&resp(200, json!({"code": "SUCCESS", "data": {"url": "https://h5.advance.ai/x"}})))
            .unwrap();
    assert_eq!(g.signature_id, None);
    let e = parse_generate_url_response(&resp(200, json!({"code": "SUCCESS", "data": {}}))).unwrap_err();
    assert_eq!(e.code, ErrorCode::MalformedResponse);
    let e =
        parse_generate_url_response(&resp(200, json!({"code": "PARAMETER_ERROR", "message": "region"}))).unwrap_err();
    assert_eq!((e.code, e.provider_code.as_deref()), (ErrorCode::InvalidInput, Some("PARAMETER_ERROR")));
    let e = parse_generate_url_response(&resp(200, json!({"code": "TOKEN_EXPIRED"}))).unwrap_err();
    assert_eq!(e.code, ErrorCode::Unauthorized);
    let e = parse_generate_url_response(&resp(200, json!({"code": "ERROR", "message": "Server error"}))).unwrap_err();
    assert_eq!((e.code, e.provider_code.as_deref()), (ErrorCode::HttpStatus, Some("ERROR")));
    let e = parse_generate_url_response(&resp(413, json!({}))).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImageTooLarge);
    assert_eq!(crate::providers::common::query_param("https://x/?a=1&b=%ZZ&signatureId=", "signatureId"), None);
}

#[test]
fn get_result_protocol() {
    let req = build_get_result_request("https://sg-api.advance.ai", "tok", " f302f5d2454a85c2 ", None).unwrap();
    assert_eq!(req.url, "https://sg-api.advance.ai/intl/openapi/identity-risk/idvs-h5/ekyc/v1/get-result");
    assert!(req.idempotent);
    assert_eq!(req.header_value("x-access-token"), Some("tok"));
    assert_eq!(body_json(&req), json!({"signatureId": "f302f5d2454a85c2"}));
    assert_eq!(build_get_result_request("https://x", "tok", "", None).unwrap_err().code, ErrorCode::InvalidInput);
    let with_images = build_get_result_request("https://x", "tok", "f302f5d2454a85c2", Some("URL")).unwrap();
    assert_eq!(body_json(&with_images), json!({"signatureId": "f302f5d2454a85c2", "returnImageType": "URL"}));
    assert_eq!(build_get_result_request("https://x", "tok", "s", Some(" ")).unwrap_err().code, ErrorCode::InvalidInput);

    // An error code in a 2xx body is a result, not a failure of the call.
    let body = json!({"code": "SIGNATURE_NOT_EXIST", "message": "This signatureId is not exist", "data": null});
    let v = parse_get_result_response(&resp(200, body.clone())).unwrap();
    assert_eq!(v, body);
    let n = normalize(&v).unwrap();
    assert_eq!((n.decision, n.reasons[0].code), (Decision::Error, ReasonCode::NotFound));

    assert_eq!(parse_get_result_response(&resp(403, json!({}))).unwrap_err().code, ErrorCode::Unauthorized);
    let e = parse_get_result_response(&resp(500, json!({"code": "ERROR"}))).unwrap_err();
    assert_eq!((e.code, e.retryable, e.http_status), (ErrorCode::HttpStatus, false, Some(500)));
    assert_eq!(parse_get_result_response(&resp(200, json!([1]))).unwrap_err().code, ErrorCode::MalformedResponse);

    // The typed view reads the seed answer.
    let typed: GetResultResponse = serde_json::from_value(
        json!({"code": "SUCCESS", "data": {"overallResult": "PASS", "faceDetail": {"faceResult": "WEIRD"}}}),
    )
    .unwrap();
    let data = typed.data.unwrap();
    assert_eq!(data.overall_result, Some(get_result::OverallResult::Pass));
    assert_eq!(data.face_detail.unwrap().face_result, Some(get_result::FaceResult::Other("WEIRD".into())));
}

#[test]
fn callbacks() {
    let e = parse_callback(br#"{"signatureId": "abc", "type": "COMPLETED"}"#).unwrap();
    assert_eq!((e.signature_id.as_str(), &e.kind), ("abc", &CallbackType::Completed));
    let e = parse_callback(br#"{"signatureId": "abc", "type": "SUBMIT_COMPLETED", "extra": 1}"#).unwrap();
    assert_eq!(e.kind, CallbackType::SubmitCompleted);
    assert_eq!(e.raw["extra"], 1);
    let e = parse_callback(br#"{"signatureId": "abc", "type": "EXPIRED"}"#).unwrap();
    assert_eq!(e.kind, CallbackType::Other("EXPIRED".into()));
    assert_eq!(e.kind.as_str(), "EXPIRED");
    for bad in [
        &b"not json"[..],
        b"[]",
        br#"{"type": "COMPLETED"}"#,
        br#"{"signatureId": "", "type": "COMPLETED"}"#,
        br#"{"signatureId": "a"}"#,
        br#"{"signatureId": ["a"], "type": "COMPLETED"}"#,
    ] {
        let err = parse_callback(bad).unwrap_err();
        assert_eq!(err.code, ErrorCode::MalformedResponse, "{}", String::from_utf8_lossy(bad));
        assert_eq!(err.provider, Some(PROVIDER));
    }
}
