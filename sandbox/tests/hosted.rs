//! ADVANCE.AI and MasChain: auth, body checks, the hosted pages and their redirects, the callback, and the
//! server-side result that follows the tester's choice.

mod common;

use common::*;
use ekyc_sandbox::AppState;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const AAI: &str = "/advance-ai/intl/openapi/identity-risk/idvs-h5/ekyc/v1";

fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64
}

fn token_body(ts: u64, secret: &str) -> Value {
    let c = creds().advance_ai;
    let ts = ts.to_string();
    let signature = hex::encode(Sha256::digest(format!("{}{secret}{ts}", c.access_key).as_bytes()));
    json!({"accessKey": c.access_key, "timestamp": ts, "signature": signature})
}

async fn aai_token(s: &AppState) -> String {
    let a = post_json(
        s,
        "/advance-ai/openapi/auth/ticket/v1/generate-token",
        &[],
        &token_body(now_ms(), &creds().advance_ai.secret_key),
    )
    .await;
    assert_eq!(a.json["code"], "SUCCESS", "{}", a.text());
    assert!(a.json["data"]["expiredTime"].as_u64().unwrap() > now_ms());
    a.json["data"]["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn advance_ai_token_checks_signature_and_clock() {
    let s = state_with(config());
    let path = "/advance-ai/openapi/auth/ticket/v1/generate-token";
    let wrong = post_json(&s, path, &[], &token_body(now_ms(), "guess")).await;
    assert_eq!((wrong.status.as_u16(), wrong.json["code"].as_str()), (200, Some("CLIENT_ERROR")));
    let stale = post_json(&s, path, &[], &token_body(now_ms() - 301_000, &creds().advance_ai.secret_key)).await;
    assert_eq!(stale.json["code"], "PARAMETER_ERROR");
    let missing = post_json(&s, path, &[], &json!({"accessKey": "x"})).await;
    assert_eq!(missing.json["code"], "PARAMETER_ERROR");
    let mut period = token_body(now_ms(), &creds().advance_ai.secret_key);
    period["periodSecond"] = json!(30);
    assert_eq!(post_json(&s, path, &[], &period).await.json["code"], "PARAMETER_ERROR");
    let disabled = post_json(&s, path, &[("x-sandbox-scenario", "ACCOUNT_DISABLED")], &token_body(now_ms(), "x")).await;
    assert_eq!(disabled.json["code"], "ACCOUNT_DISABLED");
    assert!(aai_token(&s).await.starts_with("sbx_aai_"));
}

#[tokio::test]
async fn advance_ai_generate_url_checks_token_and_fields() {
    let s = state_with(config());
    let url = format!("{AAI}/generate-ekyc-verification-url");
    let body = json!({"returnUrl": "http://127.0.0.1:8080/back", "region": "IDN"});
    let no_token = post_json(&s, &url, &[], &body).await;
    assert_eq!((no_token.status.as_u16(), no_token.json["code"].as_str()), (401, Some("IAM_FAILED")));
    let t = aai_token(&s).await;
    let h = [("x-access-token", t.as_str())];
    for bad in [
        json!({"region": "IDN"}),
        json!({"returnUrl": "javascript:alert(1)"}),
        json!({"returnUrl": "http://a/b", "failReturnUrl": format!("http://a/{}", "x".repeat(2048))}),
        json!({"returnUrl": "http://a/b", "region": "Indonesia"}),
        json!({"returnUrl": "http://a/b", "iframeEnabled": "yes"}),
    ] {
        assert_eq!(post_json(&s, &url, &h, &bad).await.json["code"], "PARAMETER_ERROR", "{bad}");
    }
    let nondoc = post_json(
        &s,
        &format!("{AAI}/generate-non-document-verification-url"),
        &h,
        &json!({"returnUrl": "http://a/b", "region": "NGA"}),
    )
    .await;
    assert_eq!(nondoc.json["code"], "PARAMETER_ERROR", "numberType is required");
    let ok = post_json(&s, &url, &h, &body).await;
    assert_eq!(ok.json["code"], "SUCCESS");
    let page = ok.json["data"]["url"].as_str().unwrap();
    assert!(page.starts_with(&format!("http://{HOST}/advance-ai/h5?signatureId=")), "{page}");
    let r = post_json(&s, &format!("{AAI}/get-result"), &h, &json!({"signatureId": "0000"})).await;
    assert_eq!((r.json["code"].as_str(), &r.json["data"]), (Some("SIGNATURE_NOT_EXIST"), &Value::Null));
    // The doc center's examples: every variant, with docType / bizCode / productLevel / livenessType.
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/advance-ai/requests/doc-center-generate-urls.json"
    ))
    .unwrap();
    let doc: Value = serde_json::from_str(&doc).unwrap();
    for ex in doc["examples"].as_array().unwrap() {
        let segment = ex["url"].as_str().unwrap().rsplit('/').next().unwrap();
        let a = post_json(&s, &format!("{AAI}/{segment}"), &h, &ex["body"]).await;
        assert_eq!(a.json["code"], "SUCCESS", "{}", ex["page"]);
    }
    let bad_type = json!({"returnUrl": "http://a/b", "docType": 7});
    assert_eq!(post_json(&s, &url, &h, &bad_type).await.json["code"], "PARAMETER_ERROR");
    let get_result = format!("{AAI}/get-result");
    let images = post_json(&s, &get_result, &h, &json!({"signatureId": "0000", "returnImageType": 1})).await;
    assert_eq!(images.json["code"], "PARAMETER_ERROR");
}

async fn aai_session(s: &AppState, t: &str, extra: Value) -> String {
    let mut body = json!({
        "returnUrl": "http://127.0.0.1:8080/back?x=1", "failReturnUrl": "http://127.0.0.1:8080/fail",
        "region": "NGA", "numberType": "BVN"
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let a =
        post_json(s, &format!("{AAI}/generate-non-document-verification-url"), &[("x-access-token", t)], &body).await;
    let url = a.json["data"]["url"].as_str().unwrap_or_else(|| panic!("{}", a.text())).to_string();
    url.split("signatureId=").nth(1).unwrap().to_string()
}

#[tokio::test]
async fn advance_ai_hosted_page_pass_redirects_calls_back_and_sets_the_result() {
    let s = state_with(config());
    let hook = Listener::start().await;
    let t = aai_token(&s).await;
    let cb = format!("{}/cb?secret=s3", hook.url);
    let id = aai_session(&s, &t, json!({"callbackUrl": cb})).await;
    let get = |id: String| {
        let s = s.clone();
        let t = t.clone();
        async move {
            post_json(&s, &format!("{AAI}/get-result"), &[("x-access-token", &t)], &json!({"signatureId": id})).await
        }
    };
    let before = get(id.clone()).await;
    assert_eq!(
        (before.json["data"]["overallResult"].as_str(), &before.json["data"]["errorCode"]),
        (Some("INCOMPLETE"), &Value::Null)
    );

    let page = call(&s, "GET", &format!("/advance-ai/h5?signatureId={id}"), &[], None).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("SANDBOX")
            && html.contains("LIVENESS_ATTACK")
            && html.contains("CAMERA_ISSUE")
            && html.contains("Give up")
    );
    assert!(html.contains("<html lang=\"en\">") && html.contains("<legend>"));

    let done = post_form(&s, "/advance-ai/h5", &[("signatureId", &id), ("outcome", "pass")]).await;
    assert_eq!((done.status.as_u16(), done.location()), (303, "http://127.0.0.1:8080/back?x=1".to_string()));
    let r = get(id.clone()).await;
    assert_eq!(
        (r.json["data"]["overallResult"].as_str(), r.json["data"]["errorCode"].as_str()),
        (Some("PASS"), Some("SUCCESS"))
    );
    assert_eq!(r.json["data"]["docDatabaseDetail"]["numberTypeInfo"]["numberType"], "NG_BVN");
    let got = hook.wait_for(1).await;
    assert_eq!(got[0].uri, "/cb?secret=s3");
    let body: Value = serde_json::from_slice(&got[0].body).unwrap();
    assert_eq!(body, json!({"signatureId": id, "type": "COMPLETED"}));
    let calls = s.callbacks();
    assert!(calls.iter().all(|c| !c.target.contains("secret")), "the URL secret stays out of the log");

    let again = call(&s, "GET", &format!("/advance-ai/h5?signatureId={id}"), &[], None).await;
    assert_eq!(again.status, 410, "a finished link cannot be reused");
    let forced = post_json(
        &s,
        &format!("{AAI}/get-result"),
        &[("x-access-token", &t), ("x-sandbox-scenario", "fail")],
        &json!({"signatureId": id}),
    )
    .await;
    assert_eq!(forced.json["data"]["errorCode"], "LIVENESS_ATTACK");
}

#[tokio::test]
async fn advance_ai_failures_go_to_fail_return_url_unless_ignored() {
    let s = state_with(config());
    let t = aai_token(&s).await;
    let cases = [
        (
            json!({}),
            "block:CAMERA_ISSUE",
            "http://127.0.0.1:8080/fail?errorCode=CAMERA_ISSUE",
            "INCOMPLETE",
            "CAMERA_ISSUE",
        ),
        (
            json!({}),
            "LIVENESS_ATTACK",
            "http://127.0.0.1:8080/fail?errorCode=LIVENESS_ATTACK",
            "FAIL",
            "LIVENESS_ATTACK",
        ),
        (
            json!({}),
            "block:LIVENESS_TRY_COUNT_EXCEED",
            "http://127.0.0.1:8080/fail?errorCode=LIVENESS_TRY_COUNT_EXCEED",
            "INCOMPLETE",
            "RETRY_COUNT_REACH_MAX",
        ),
        (json!({}), "NAME_NOT_MATCH", "http://127.0.0.1:8080/back?x=1", "FAIL", "NAME_NOT_MATCH"),
        (json!({}), "give-up", "http://127.0.0.1:8080/fail", "INCOMPLETE", "USER_TIMEOUT"),
        (
            json!({"ignoreFailWhenJump": true}),
            "SIMILARITY_FAILED",
            "http://127.0.0.1:8080/back?x=1",
            "FAIL",
            "SIMILARITY_FAILED",
        ),
    ];
    for (extra, outcome, location, overall, code) in cases {
        let id = aai_session(&s, &t, extra).await;
        let done = post_form(&s, "/advance-ai/h5", &[("signatureId", &id), ("outcome", outcome)]).await;
        assert_eq!(done.location(), location, "{outcome}");
        let r =
            post_json(&s, &format!("{AAI}/get-result"), &[("x-access-token", &t)], &json!({"signatureId": id})).await;
        assert_eq!(
            (r.json["data"]["overallResult"].as_str(), r.json["data"]["errorCode"].as_str()),
            (Some(overall), Some(code)),
            "{outcome}"
        );
    }
    let id = aai_session(&s, &t, json!({})).await;
    assert_eq!(
        post_form(&s, "/advance-ai/h5", &[("signatureId", &id), ("outcome", "block:MADE_UP")]).await.status,
        400
    );
}

// ----- MasChain -----

fn mc_headers() -> Vec<(&'static str, String)> {
    let c = creds().maschain;
    vec![("client_id", c.client_id), ("client_secret", c.client_secret)]
}

async fn mc(s: &AppState, method: &str, path: &str, body: Option<Value>, extra: &[(&str, &str)]) -> Answer {
    let owned = mc_headers();
    let mut h: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    h.push(("content-type", "application/json"));
    h.extend_from_slice(extra);
    call(s, method, path, &h, body.map(|b| b.to_string().into_bytes())).await
}

fn create_body(kind: &str) -> Value {
    json!({"type": kind, "id_country": "MYS", "id_type": "ID_CARD", "redirect_url": "http://127.0.0.1:8080/done#top"})
}

#[tokio::test]
async fn maschain_create_checks_headers_and_fields() {
    let s = state_with(config());
    let path = "/maschain/api/ekyc/verifications";
    let anon = post_json(&s, path, &[], &create_body("00")).await;
    assert_eq!(
        (anon.status.as_u16(), anon.json["status"].as_u64(), anon.json["code"].as_str()),
        (401, Some(401), Some("AuthFailure.InvalidAuthorization"))
    );
    let wrong = post_json(
        &s,
        path,
        &[("client_id", &creds().maschain.client_id), ("client_secret", "sk_guess")],
        &create_body("00"),
    )
    .await;
    assert_eq!(wrong.status, 401);
    for (field, value) in [
        ("type", json!("02")),
        ("id_country", json!("MY")),
        ("id_type", json!("DRIVING")),
        ("redirect_url", json!("javascript:x")),
    ] {
        let mut b = create_body("00");
        b[field] = value;
        let a = mc(&s, "POST", path, Some(b), &[]).await;
        assert_eq!((a.status.as_u16(), a.json["code"].as_str()), (400, Some("InvalidParameterValue")), "{field}");
    }
    let mut passport_only = create_body("00");
    passport_only["id_country"] = json!("SGP");
    assert_eq!(mc(&s, "POST", path, Some(passport_only), &[]).await.status, 400, "ID_CARD is MYS only");
    let chosen_on_the_page = json!({"type": "00", "select_id_country": true, "select_id_type": true,
        "redirect_url": "http://127.0.0.1:8080/done"});
    let a = mc(&s, "POST", path, Some(chosen_on_the_page), &[]).await;
    assert_eq!(a.status, 200, "select_id_country / select_id_type replace id_country / id_type");
    let missing = mc(&s, "POST", path, Some(json!({"type": "00"})), &[]).await;
    assert_eq!(missing.json["code"], "InvalidParameter");
    let e = mc(&s, "POST", path, Some(create_body("00")), &[("x-sandbox-scenario", "UnsupportedOperation")]).await;
    assert_eq!(e.json["code"], "UnsupportedOperation");
    let unknown = mc(&s, "GET", "/maschain/api/ekyc/verifications/NOPE", None, &[]).await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn maschain_hosted_page_outcomes_redirect_and_set_the_session() {
    let s = state_with(config());
    for (kind, outcome, flag, error, ok) in [
        ("00", "pass", "1", Value::Null, 1),
        ("00", "9108", "0", json!("9108"), 0),
        ("00", "FailedOperation.LivessDetectFake", "0", json!("FailedOperation.LivessDetectFake"), 0),
        ("01", "pass", "1", Value::Null, 1),
        ("00", "give-up", "0", Value::Null, 0),
    ] {
        let created = mc(&s, "POST", "/maschain/api/ekyc/verifications", Some(create_body(kind)), &[]).await;
        assert_eq!(created.json["status"], 200, "{}", created.text());
        let token = created.json["result"]["token"].as_str().unwrap().to_string();
        let url = created.json["result"]["url"].as_str().unwrap();
        assert_eq!(url, format!("http://{HOST}/maschain/verifications?token={token}"));
        let page = call(&s, "GET", &format!("/maschain/verifications?token={token}"), &[], None).await;
        assert_eq!(page.status, 200);
        assert!(page.text().contains("9103") && page.text().contains("SANDBOX"));
        assert_eq!(page.text().contains("CompareLowSimilarity"), kind == "00", "no face step for type 01");
        let done = post_form(&s, "/maschain/verifications", &[("token", &token), ("outcome", outcome)]).await;
        assert_eq!(done.location(), format!("http://127.0.0.1:8080/done?is_success={flag}#top"));
        let got = mc(&s, "GET", &format!("/maschain/api/ekyc/verifications/{token}"), None, &[]).await;
        let r = &got.json["result"];
        assert_eq!((r["is_success"].as_i64(), &r["latest_error"]), (Some(ok), &error), "{outcome}");
        assert_eq!(r["token"], token.as_str());
        if outcome == "pass" {
            assert_eq!(r["ocr_result"]["Name"], "SANDBOX TEST PERSON");
            assert_eq!(r["face_id_success"].as_i64(), Some(i64::from(kind == "00")));
        }
        let second = post_form(&s, "/maschain/verifications", &[("token", &token), ("outcome", "pass")]).await;
        assert_eq!(second.status, 410, "one outcome per session");
    }
    let created = mc(&s, "POST", "/maschain/api/ekyc/verifications", Some(create_body("01")), &[]).await;
    let token = created.json["result"]["token"].as_str().unwrap().to_string();
    let face_on_ocr_only =
        post_form(&s, "/maschain/verifications", &[("token", &token), ("outcome", "FailedOperation.SilentThreshold")])
            .await;
    assert_eq!(face_on_ocr_only.status, 400);
    let forced =
        mc(&s, "GET", &format!("/maschain/api/ekyc/verifications/{token}"), None, &[("x-sandbox-scenario", "fail")])
            .await;
    assert_eq!(forced.json["result"]["latest_error"], "9108");
}
