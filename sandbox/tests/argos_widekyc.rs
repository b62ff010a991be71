//! ARGOS (liveform stand-in, webhooks plain and encrypted, GET /submission filters and paging, errors) and
//! WideKYC (token, the three calls, business errors).

mod common;

use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::*;
use ekyc_sandbox::{AppState, ArgosEncryption, Config};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn argos_key() -> String {
    creds().argos.api_key
}

async fn liveform(s: &AppState, userid: &str, outcome: &str) -> Answer {
    post_form(
        s,
        "/argos/liveform",
        &[
            ("pid", "sbxproject"),
            ("userid", userid),
            ("email", "u@example.test"),
            ("redirect", "http://127.0.0.1:8080/argos-done"),
            ("outcome", outcome),
        ],
    )
    .await
}

async fn submissions(s: &AppState, query: &str) -> Answer {
    call(s, "GET", &format!("/argos/v3/submission{query}"), &[("x-api-key", &argos_key())], None).await
}

fn gcm_open(cipher_b64: &str) -> Value {
    let bytes = STANDARD.decode(cipher_b64).unwrap();
    let key: [u8; 32] = Sha256::digest(creds().argos.secret_key.as_bytes()).into();
    let (iv, sealed) = bytes.split_at(12);
    let plain = Aes256Gcm::new(&key.into()).decrypt(Nonce::from_slice(iv), sealed).unwrap();
    serde_json::from_slice(&plain).unwrap()
}

#[tokio::test]
async fn liveform_creates_submissions_fires_webhooks_and_redirects() {
    let hook = Listener::start().await;
    let s = state_with(Config { webhook_argos: Some(format!("{}/argos-hook", hook.url)), ..config() });
    let page =
        call(&s, "GET", "/argos/liveform?pid=p1&userid=u1&redirect=http%3A%2F%2F127.0.0.1%3A8080%2Fback", &[], None)
            .await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("stands in for ARGOS") && page.text().contains("id_info_dataMismatch"));
    let bad = call(&s, "GET", "/argos/liveform?pid=p1&userid=u1&redirect=javascript:alert(1)", &[], None).await;
    assert_eq!(bad.status, 400);

    let done = liveform(&s, "user-1", "approved").await;
    assert_eq!((done.status.as_u16(), done.location()), (303, "http://127.0.0.1:8080/argos-done".to_string()));
    let got = hook.wait_for(2).await;
    let triggers: Vec<Value> =
        got.iter().map(|r| serde_json::from_slice::<Value>(&r.body).unwrap()["webhook_trigger"].clone()).collect();
    assert_eq!(triggers, vec![json!("created"), json!("approved")]);
    let first: Value = serde_json::from_slice(&got[0].body).unwrap();
    assert_eq!(first["userid"], "user-1");

    liveform(&s, "user-2", "rejected:id_info_dataMismatch").await;
    liveform(&s, "user-2", "pending").await;
    assert_eq!(liveform(&s, "user-2", "rejected:made_up").await.status, 400);

    let one = submissions(&s, &format!("?submission_id={}", first["submission_id"].as_str().unwrap())).await;
    let items = one.json["Items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!((items[0]["kyc"]["result"].as_str(), items[0]["userid"].as_str()), (Some("approved"), Some("user-1")));
    let mine = submissions(&s, "?userid=user-2").await;
    let results: Vec<&str> =
        mine.json["Items"].as_array().unwrap().iter().map(|i| i["kyc"]["result"].as_str().unwrap()).collect();
    assert_eq!(results, vec!["pending", "rejected"], "newest first");
    assert_eq!(mine.json["Items"][1]["kyc"]["commentCode"][0], "id_info_dataMismatch");

    // Paging: one per page until nextpageKey is absent.
    let p1 = submissions(&s, "?count=2").await;
    assert_eq!(p1.json["Items"].as_array().unwrap().len(), 2);
    let key = &p1.json["nextpageKey"];
    let p2 = submissions(
        &s,
        &format!(
            "?count=2&nextpage_id={}&nextpage_date={}",
            key["id"].as_str().unwrap(),
            key["created_at"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(p2.json["Items"].as_array().unwrap().len(), 1);
    assert!(p2.json.get("nextpageKey").is_none());

    let kyc_only = submissions(&s, "?userid=user-1&request_type=kyc").await;
    let item = kyc_only.json["Items"][0].as_object().unwrap();
    let mut keys: Vec<&String> = item.keys().collect();
    keys.sort();
    assert_eq!(keys, vec!["kyc", "submission_id"]);
    let today = ekyc_sandbox::common::date_of(ekyc_sandbox::common::now_ms());
    assert_eq!(
        submissions(&s, &format!("?start_date={today}&end_date={today}")).await.json["Items"].as_array().unwrap().len(),
        3
    );
    assert_eq!(submissions(&s, "?end_date=2000-01-01").await.json["Items"], json!([]));
}

#[tokio::test]
async fn argos_refuses_bad_keys_params_and_plays_its_errors() {
    let s = state_with(config());
    let anon = call(&s, "GET", "/argos/v3/submission", &[], None).await;
    assert_eq!((anon.status.as_u16(), anon.json["message"].as_str()), (403, Some("Forbidden")));
    let wrong = call(&s, "GET", "/argos/v3/submission", &[("x-api-key", "argos_guess")], None).await;
    assert_eq!(wrong.status, 403);
    for (q, code) in [
        ("?start_date=01-02-2025", "invalid_format"),
        ("?count=lots", "invalid_format"),
        ("?request_type=all", "invalid_format"),
        ("?colour=red", "invalid_parameter"),
    ] {
        let a = submissions(&s, q).await;
        assert_eq!((a.status.as_u16(), a.json["errorCode"].as_str()), (400, Some(code)), "{q}");
    }
    assert_eq!(submissions(&s, "?start_date=20250101").await.status, 200, "the older YYYYMMDD form is accepted too");
    for (scenario, status) in [
        ("http-400", 400),
        ("http-403", 403),
        ("http-413", 413),
        ("http-500", 500),
        ("http-502", 502),
        ("invalid_admin", 403),
        ("missing_data", 400),
    ] {
        let a = submissions(&s, &format!("?sandbox_scenario={scenario}")).await;
        assert_eq!(a.status.as_u16(), status, "{scenario}");
    }
}

#[tokio::test]
async fn argos_encryption_covers_answers_and_webhooks() {
    let hook = Listener::start().await;
    let s = state_with(Config {
        webhook_argos: Some(hook.url.clone()),
        argos_encryption: Some(ArgosEncryption::Gcm),
        ..config()
    });
    liveform(&s, "enc-user", "rejected:expired_id").await;
    let got = hook.wait_for(2).await;
    let wire: Value = serde_json::from_slice(&got[1].body).unwrap();
    assert!(wire.get("webhook_trigger").is_none(), "the trigger is inside the cipher");
    let event = gcm_open(wire["data"].as_str().unwrap());
    assert_eq!((event["webhook_trigger"].as_str(), event["userid"].as_str()), (Some("rejected"), Some("enc-user")));
    let a = submissions(&s, "?userid=enc-user").await;
    assert_eq!(a.json["isEncrypted"], true);
    let plain = gcm_open(a.json["data"].as_str().unwrap());
    assert_eq!(plain["Items"][0]["kyc"]["commentCode"][0], "expired_id");

    // ECB (legacy) answers decrypt with the same key and PKCS#7.
    let plain_state = state_with(Config { argos_encryption: Some(ArgosEncryption::Ecb), ..config() });
    let a = submissions(&plain_state, "").await;
    let bytes = STANDARD.decode(a.json["data"].as_str().unwrap()).unwrap();
    assert_eq!(bytes.len() % 16, 0);
    // Per-call scenario on a project without encryption.
    let s2 = state_with(config());
    let enc = call(
        &s2,
        "GET",
        "/argos/v3/submission",
        &[("x-api-key", &argos_key()), ("x-sandbox-scenario", "encrypted")],
        None,
    )
    .await;
    assert_eq!(gcm_open(enc.json["data"].as_str().unwrap()), json!({"Items": []}));
}

// ----- WideKYC -----

async fn wk(s: &AppState, endpoint: &str, body: Value, extra: &[(&str, &str)]) -> Answer {
    let token = creds().widekyc.token;
    let mut h = vec![("token", token.as_str())];
    h.extend_from_slice(extra);
    post_json(s, &format!("/widekyc/api/{endpoint}"), &h, &body).await
}

#[tokio::test]
async fn widekyc_calls_pass_fail_and_validate() {
    let s = state_with(config());
    let anon = post_json(&s, "/widekyc/api/passive-liveness", &[], &json!({})).await;
    assert_eq!((anon.status.as_u16(), anon.json["statusCode"].as_str()), (401, Some("ERROR")));
    let live = wk(&s, "passive-liveness", json!({"cust_ref_no": "r1", "selfie_image": face_image()}), &[]).await;
    let result = &live.json["content"]["result"];
    assert_eq!(
        (live.json["statusCode"].as_str(), result["result"].as_str(), result["ref_id"].as_str()),
        (Some("SUCCESSFUL"), Some("True"), Some("r1"))
    );
    assert!(result.get("data").is_none());
    let fake = wk(
        &s,
        "passive-liveness",
        json!({"cust_ref_no": "r1", "selfie_image": face_image()}),
        &[("x-sandbox-scenario", "fail")],
    )
    .await;
    assert_eq!(fake.json["content"]["result"]["result"], "False");

    let ocr = wk(&s, "id-recognize", json!({"cust_ref_no": "r2", "id_image": id_image()}), &[]).await;
    assert_eq!(ocr.json["content"]["result"]["data"]["nik"].as_str().map(str::len), Some(16));
    let small = wk(&s, "id-recognize", json!({"cust_ref_no": "r2", "id_image": jpeg_b64(600, 400)}), &[]).await;
    assert_eq!(small.json["statusCode"], "ERROR");
    assert!(small.json["responseStatusDetails"][0]["description"].as_str().unwrap().contains("too small"));

    let v = wk(&s, "id-validation", json!({"cust_ref_no": "r3", "nik": "3203012503770011", "name": "X", "birth_date": "25-03-1977", "selfie_image": face_image()}), &[]).await;
    assert_eq!(
        v.json["content"]["result"]["data"],
        json!({"nik": true, "full_name": true, "birth_date": true, "selfie_photo": 10})
    );
    let numeric = wk(&s, "id-validation", json!({"cust_ref_no": 5, "nik": 3203012503770011u64}), &[]).await;
    assert_eq!(numeric.json["statusCode"], "SUCCESSFUL", "nik is an Integer in the docs' table");
    let f = wk(
        &s,
        "id-validation",
        json!({"cust_ref_no": "r3", "nik": "3203012503770011", "name": "X"}),
        &[("x-sandbox-scenario", "fail")],
    )
    .await;
    assert_eq!(f.json["content"]["result"]["data"]["full_name"], false);
    for bad in [
        json!({"nik": "3203012503770011"}),
        json!({"cust_ref_no": "r", "nik": "123"}),
        json!({"cust_ref_no": "r", "nik": "3203012503770011", "birth_date": "1977-03-25"}),
    ] {
        assert_eq!(wk(&s, "id-validation", bad.clone(), &[]).await.json["statusCode"], "ERROR", "{bad}");
    }
    assert_eq!(wk(&s, "unknown", json!({}), &[]).await.status, 404);
}

#[tokio::test]
async fn widekyc_business_errors_and_statuses() {
    let s = state_with(config());
    let body = json!({"cust_ref_no": "r1", "selfie_image": face_image()});
    for (scenario, status, description) in [
        ("quota-exceeded", 200, "Quota Exceeded"),
        ("not-activated", 200, "Product is not activated. Please Check Available Products in Manage Product Menu"),
        ("not-approved", 200, "Product is not activated yet by Admin"),
        ("http-401", 401, "Unauthorized"),
        ("http-404", 404, "Not Found"),
        ("http-500", 500, "Internal Server Error"),
        ("http-503", 503, "Service unavailable (sandbox scenario http-503)"),
        ("http-504", 504, "Gateway Timeout"),
    ] {
        let a = wk(&s, "passive-liveness", body.clone(), &[("x-sandbox-scenario", scenario)]).await;
        assert_eq!(a.status.as_u16(), status, "{scenario}");
        assert_eq!(a.json["statusCode"], "ERROR");
        assert_eq!(a.json["responseStatusDetails"][0]["description"], description);
    }
    let a = wk(&s, "passive-liveness", body.clone(), &[("x-sandbox-scenario", "http-500-quota")]).await;
    assert_eq!(a.status.as_u16(), 500);
    assert_eq!(a.json["responseStatusDetails"][0]["description"], "Quota Exceeded");
    assert!(a.json.get("statusCode").is_none(), "as the Android example reads it: it adds statusCode itself");
    let postman = json!({"transactionRefNo": "r2", "selfie_image": face_image()});
    assert_eq!(wk(&s, "passive-liveness", postman, &[]).await.json["statusCode"], "SUCCESSFUL");
}
