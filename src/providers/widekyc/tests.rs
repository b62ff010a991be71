//! Native tests of the WideKYC module: the 12 seed answers and constructed ones under
//! `tests/fixtures/widekyc/<endpoint>/` (`infer/` and `malformed/` are normalized without an endpoint),
//! request validation and response parsing.

use serde_json::{json, Value};

use super::*;
use crate::error::ErrorCode;
use crate::model::{Decision, Gender, ProviderId};
use crate::providers::fixtures_test::{self, Fixture};
use crate::providers::http::{HttpResponse, Method};
use crate::providers::{normalize as normalize_any, NormalizeOptions};

const DIR: &str = "widekyc";

fn endpoint_of(fx: &Fixture) -> Option<String> {
    let first = fx.rel.components().next()?.as_os_str().to_str()?.to_string();
    Endpoint::parse(&first).ok().map(|e| e.as_str().to_string())
}

fn run(fx: &Fixture) -> crate::error::Result<crate::model::Verification> {
    normalize_any(ProviderId::Widekyc, &fx.input, &NormalizeOptions { endpoint: endpoint_of(fx) })
}

fn resp(status: u16, body: &Value) -> HttpResponse {
    HttpResponse { status, headers: vec![], body: serde_json::to_vec(body).unwrap() }
}

const IMG: &str = "/9j/4AAQSkZJRgABAQ==";

#[test]
fn fixtures_match_expected() {
    let all = fixtures_test::check_all(DIR, &[], run);
    assert!(all.iter().filter(|f| f.rel.to_string_lossy().contains("seed-")).count() == 12);
}

#[test]
fn extra_fields_never_change_the_outcome() {
    // Extra fields inside id-validation's `data` would be read as checks; add them elsewhere only.
    fixtures_test::assert_extra_fields_change_nothing(&fixtures_test::load(DIR, &[]), &["/content/result/data"], run);
}

#[test]
fn unknown_enum_values_never_throw_nor_approve() {
    let pointers = ["/statusCode", "/content/result/result", "/content/result/status"];
    let fixtures = fixtures_test::load(DIR, &["malformed"]);
    fixtures_test::assert_values_never_approve(&fixtures, &pointers, &["SOMETHING_NEW"], run);
}

#[test]
fn seed_id_recognize_fills_the_person() {
    let body: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures_test::provider_dir(DIR).join("id-recognize/seed-successful.json")).unwrap(),
    )
    .unwrap();
    let v = normalize(&body, Some("id-recognize")).unwrap();
    assert_eq!(v.decision, Decision::Approved);
    let p = v.person.unwrap();
    assert_eq!(p.gender, Some(Gender::Male));
    assert_eq!(p.date_of_birth.as_deref(), Some("1977-03-25"));
    assert_eq!(p.nationality.as_deref(), Some("IDN"));
    let a = p.address.unwrap();
    assert_eq!(a.lines[1], "RT/RW 001/009");
    assert_eq!((a.city.as_deref(), a.state.as_deref()), (Some("KOTA TANGERANG"), Some("BANTEN")));
    assert_eq!(v.reference.as_deref(), Some("202303291031019484"));
    assert_eq!(v.created_at.as_deref(), Some("2023-03-29T03:31:56.281Z"));
}

#[test]
fn unknown_endpoint_is_invalid_input() {
    let e = normalize(&json!({"statusCode": "SUCCESSFUL"}), Some("face-match")).unwrap_err();
    assert_eq!((e.code, e.provider), (ErrorCode::InvalidInput, Some(PROVIDER)));
    assert_eq!(Endpoint::parse("/api/id-validation").unwrap(), Endpoint::IdValidation);
}

#[test]
fn requests_are_built_and_validated() {
    let req = build_passive_liveness_request(
        "https://gw.widekyc.example/",
        "tok",
        &PassiveLivenessRequest {
            cust_ref_no: " 3322873 ".into(),
            selfie_image: format!("data:image/jpeg;base64,{IMG}"),
        },
    )
    .unwrap();
    assert_eq!((req.method, req.url.as_str()), (Method::Post, "https://gw.widekyc.example/api/passive-liveness"));
    assert!(!req.idempotent);
    assert_eq!(req.header_value("token"), Some("tok"));
    assert_eq!(req.header_value("content-type"), Some("application/json"));
    let body: Value = serde_json::from_slice(req.body.as_deref().unwrap()).unwrap();
    assert_eq!(body, json!({"cust_ref_no": "3322873", "transactionRefNo": "3322873", "selfie_image": IMG}));
    assert!(
        !format!("{:?}", PassiveLivenessRequest { cust_ref_no: "r".into(), selfie_image: IMG.into() }).contains(IMG)
    );

    let req = build_id_recognize_request(
        "https://gw",
        "tok",
        &IdRecognizeRequest { cust_ref_no: "4222873".into(), id_image: IMG.into() },
    )
    .unwrap();
    assert!(req.url.ends_with("/api/id-recognize"));

    let full = IdValidationRequest {
        cust_ref_no: "5102873".into(),
        nik: "3203012503770011".into(),
        name: Some("GuoHui Chen".into()),
        birth_date: Some("1977-03-25".into()),
        birth_place: Some("Fujian".into()),
        address: Some("Jl Selamet".into()),
        selfie_image: Some(IMG.into()),
    };
    let req = build_id_validation_request("https://gw", "tok", &full).unwrap();
    assert!(req.url.ends_with("/api/id-validation"));
    let body: Value = serde_json::from_slice(req.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"cust_ref_no": "5102873", "transactionRefNo": "5102873", "nik": "3203012503770011", "name": "GuoHui Chen", "birth_date": "25-03-1977",
               "birth_place": "Fujian", "address": "Jl Selamet", "selfie_image": IMG})
    );
    assert!(!format!("{full:?}").contains("3203012503770011"));
    let minimal = IdValidationRequest { cust_ref_no: "r".into(), nik: "3203012503770011".into(), ..Default::default() };
    let body: Value = serde_json::from_slice(
        build_id_validation_request("https://gw", "t", &minimal).unwrap().body.as_deref().unwrap(),
    )
    .unwrap();
    assert_eq!(body, json!({"cust_ref_no": "r", "transactionRefNo": "r", "nik": "3203012503770011"}));

    let bad_validation = [
        IdValidationRequest { nik: "320301250377001".into(), ..minimal.clone() },
        IdValidationRequest { nik: "320301250377001x".into(), ..minimal.clone() },
        IdValidationRequest { birth_date: Some("31-02-1977".into()), ..minimal.clone() },
        IdValidationRequest { name: Some(" ".into()), ..minimal.clone() },
        IdValidationRequest { selfie_image: Some("data:text/plain;base64,AAAA".into()), ..minimal.clone() },
        IdValidationRequest { cust_ref_no: "".into(), ..minimal.clone() },
    ];
    for r in bad_validation {
        let e = build_id_validation_request("https://gw", "t", &r).unwrap_err();
        assert_eq!((e.code, e.provider), (ErrorCode::InvalidInput, Some(PROVIDER)), "{r:?}");
    }
    for img in ["", "data:image/jpeg;base64,", "abc", "ab c=", "abc===", "AAAA=AAA", "data:image/png,AAAA", "data:xyz"]
    {
        let e = build_passive_liveness_request(
            "https://gw",
            "t",
            &PassiveLivenessRequest { cust_ref_no: "r".into(), selfie_image: img.into() },
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput, "{img:?}");
    }
    let ok = PassiveLivenessRequest { cust_ref_no: "r".into(), selfie_image: IMG.into() };
    assert_eq!(build_passive_liveness_request("https://gw", " ", &ok).unwrap_err().code, ErrorCode::InvalidInput);
    assert_eq!(build_passive_liveness_request("gw", "t", &ok).unwrap_err().code, ErrorCode::InvalidInput);
}

#[test]
fn responses_are_parsed_or_mapped_to_errors() {
    let ok = json!({"statusCode": "SUCCESSFUL", "content": {"result": {"status": "success", "result": "True", "trx_id": "1"}}});
    assert_eq!(parse_response(&resp(200, &ok)).unwrap(), ok);
    let typed = Response::from_value(&ok).unwrap();
    assert_eq!(typed.status_code, StatusCode::Successful);
    assert_eq!(typed.content.unwrap().result.unwrap().trx_id.as_deref(), Some("1"));
    let postman = json!({"statusCode": "SUCCESSFUL", "content": {"result": {"cust_ref_no": "9"}}});
    assert_eq!(
        Response::from_value(&postman).unwrap().content.unwrap().result.unwrap().transaction_ref_no.as_deref(),
        Some("9")
    );

    for (desc, code) in [
        ("Quota Exceeded", ErrorCode::QuotaExceeded),
        ("Product is not activated. Please Check Available Products in Manage Product Menu", ErrorCode::Unauthorized),
        ("Product is not activated yet by Admin", ErrorCode::Unauthorized),
        ("Finance Administrator has not approved the product request", ErrorCode::Unauthorized),
        ("Something broke", ErrorCode::HttpStatus),
    ] {
        let body =
            json!({"statusCode": "ERROR", "responseStatusDetails": [{"description": desc, "type": "Exception"}]});
        let e = parse_response(&resp(200, &body)).unwrap_err();
        assert_eq!(
            (e.code, e.provider_code.as_deref(), e.provider, e.http_status),
            (code, Some(desc), Some(PROVIDER), Some(200)),
            "{desc}"
        );
        assert!(!e.retryable);
    }
    let e = parse_response(&resp(200, &json!({"statusCode": "ERROR"}))).unwrap_err();
    assert_eq!(e.provider_code.as_deref(), Some("ERROR"));
    // WideKYC's Android example (`LocalRequest.java`) reads an HTTP 500's error stream as this JSON and adds
    // `statusCode: "ERROR"` itself: with or without it, the description names the reason.
    for body in [
        json!({"responseStatusDetails": [{"description": "Quota Exceeded", "type": "Exception"}]}),
        json!({"statusCode": "ERROR", "responseStatusDetails": [{"description": "Quota Exceeded", "type": "Exception"}]}),
    ] {
        let e = parse_response(&resp(500, &body)).unwrap_err();
        assert_eq!((e.code, e.http_status, e.retryable), (ErrorCode::QuotaExceeded, Some(500), false), "{body}");
    }
    let not_active = json!({"responseStatusDetails": [{"description": "Product is not activated yet by Admin", "type": "Exception"}]});
    let e = parse_response(&resp(500, &not_active)).unwrap_err();
    assert_eq!(
        (e.code, e.provider_code.as_deref()),
        (ErrorCode::Unauthorized, Some("Product is not activated yet by Admin"))
    );
    let other = json!({"responseStatusDetails": [{"description": "Gateway busy", "type": "Exception"}]});
    let e = parse_response(&resp(503, &other)).unwrap_err();
    assert_eq!((e.code, e.retryable, e.provider_code.as_deref()), (ErrorCode::HttpStatus, true, Some("Gateway busy")));
    assert_eq!(parse_response(&resp(401, &json!({}))).unwrap_err().code, ErrorCode::Unauthorized);
    assert_eq!(parse_response(&resp(413, &json!({}))).unwrap_err().code, ErrorCode::ImageTooLarge);
    let e = parse_response(&resp(404, &json!({}))).unwrap_err();
    assert_eq!((e.code, e.retryable, e.http_status), (ErrorCode::HttpStatus, false, Some(404)));
    for s in [503, 504] {
        let e = parse_response(&resp(s, &json!({}))).unwrap_err();
        assert_eq!((e.code, e.retryable), (ErrorCode::HttpStatus, true));
    }
    let html = HttpResponse { status: 200, headers: vec![], body: b"<html>".to_vec() };
    assert_eq!(parse_response(&html).unwrap_err().code, ErrorCode::MalformedResponse);
    assert_eq!(parse_response(&resp(200, &json!("x"))).unwrap_err().code, ErrorCode::MalformedResponse);
}
