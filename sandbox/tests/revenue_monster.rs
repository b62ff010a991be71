//! Revenue Monster: OAuth, the signed service calls (each rejection), id-mykad with its signed notification,
//! face comparison, results, scenarios.

mod common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::*;
use ekyc_sandbox::providers::revenue_monster::{canonical_json, plaintext};
use ekyc_sandbox::AppState;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const SERVICE: &str = "/revenue-monster/v3/service";

fn basic(id: &str, secret: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
}

async fn token(state: &AppState) -> String {
    let c = creds().revenue_monster;
    let a = post_json(
        state,
        "/revenue-monster/v1/token",
        &[("authorization", &basic(&c.client_id, &c.client_secret))],
        &json!({"grantType": "client_credentials"}),
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json["tokenType"], "Bearer");
    a.json["accessToken"].as_str().unwrap().to_string()
}

fn now_s() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

/// Signs like a merchant (independently of the sandbox's own verification code path: key from the file).
fn sign(body: &Value, nonce: &str, ts: u64) -> String {
    let key = RsaPrivateKey::from_pkcs8_pem(&creds().revenue_monster.merchant_private_key_pem).unwrap();
    let text = plaintext(Some(body), Some(&format!("http://{HOST}{SERVICE}")), nonce, ts);
    let sig = key.sign(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(text.as_bytes())).unwrap();
    format!("sha256 {}", STANDARD.encode(sig))
}

fn envelope(function: &str, request: Value) -> Value {
    json!({"service": "ekyc", "version": "v1", "function": function, "request": request})
}

async fn signed(state: &AppState, token: &str, body: &Value, extra: &[(&str, &str)]) -> Answer {
    let nonce = format!("n{}", ekyc_sandbox::common::random_hex(8));
    let ts = now_s();
    let sig = sign(body, &nonce, ts);
    let bearer = format!("Bearer {token}");
    let ts = ts.to_string();
    let mut headers = vec![
        ("authorization", bearer.as_str()),
        ("x-signature", sig.as_str()),
        ("x-nonce-str", nonce.as_str()),
        ("x-timestamp", ts.as_str()),
    ];
    headers.extend_from_slice(extra);
    post_json(state, SERVICE, &headers, body).await
}

#[tokio::test]
async fn token_needs_the_merchants_basic_auth() {
    let s = state_with(config());
    let c = creds().revenue_monster;
    let wrong = post_json(
        &s,
        "/revenue-monster/v1/token",
        &[("authorization", &basic(&c.client_id, "guess"))],
        &json!({"grantType": "client_credentials"}),
    )
    .await;
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.json["error"]["code"], "UNAUTHORIZED");
    let none = post_json(&s, "/revenue-monster/v1/token", &[], &json!({"grantType": "client_credentials"})).await;
    assert_eq!(none.status, 401);
    let bad_grant = post_json(
        &s,
        "/revenue-monster/v1/token",
        &[("authorization", &basic(&c.client_id, &c.client_secret))],
        &json!({"grantType": "password"}),
    )
    .await;
    assert_eq!((bad_grant.status.as_u16(), bad_grant.json["error"]["code"].as_str()), (400, Some("INVALID_REQUEST")));
    assert!(token(&s).await.starts_with("sbx_rm_at_"));
}

#[tokio::test]
async fn every_auth_fault_of_a_service_call_is_refused() {
    let s = state_with(config());
    let t = token(&s).await;
    let body = envelope("get-ekyc-result", json!({"id": "nope"}));
    let ts = now_s();
    let sig = sign(&body, "abc", ts);
    let tss = ts.to_string();
    let bearer = format!("Bearer {t}");
    type Headers<'a> = Vec<(&'a str, &'a str)>;
    let cases: Vec<(Headers, u16, &str)> = vec![
        (vec![("x-signature", &sig), ("x-nonce-str", "abc"), ("x-timestamp", &tss)], 401, "UNAUTHORIZED"),
        (
            vec![
                ("authorization", "Bearer made-up"),
                ("x-signature", &sig),
                ("x-nonce-str", "abc"),
                ("x-timestamp", &tss),
            ],
            401,
            "UNAUTHORIZED",
        ),
        (
            vec![("authorization", &bearer), ("x-nonce-str", "abc"), ("x-timestamp", &tss)],
            400,
            "INVALID_REQUEST_SIGNATURE",
        ),
        (
            vec![("authorization", &bearer), ("x-signature", &sig), ("x-nonce-str", "other"), ("x-timestamp", &tss)],
            400,
            "INVALID_REQUEST_SIGNATURE",
        ),
        (
            vec![
                ("authorization", &bearer),
                ("x-signature", "sha256 AAAA"),
                ("x-nonce-str", "abc"),
                ("x-timestamp", &tss),
            ],
            400,
            "INVALID_REQUEST_SIGNATURE",
        ),
    ];
    for (headers, status, code) in cases {
        let a = post_json(&s, SERVICE, &headers, &body).await;
        assert_eq!((a.status.as_u16(), a.json["error"]["code"].as_str()), (status, Some(code)), "{headers:?}");
    }
    // A stale timestamp (signed correctly) and a reused nonce.
    let old = ts - 121;
    let stale_sig = sign(&body, "abc", old);
    let old = old.to_string();
    let a = post_json(
        &s,
        SERVICE,
        &[("authorization", &bearer), ("x-signature", &stale_sig), ("x-nonce-str", "abc"), ("x-timestamp", &old)],
        &body,
    )
    .await;
    assert_eq!(a.json["error"]["code"], "INVALID_REQUEST_SIGNATURE");
    assert!(a.json["error"]["message"].as_str().unwrap().contains("120 s"));
    let headers =
        [("authorization", bearer.as_str()), ("x-signature", &sig), ("x-nonce-str", "abc"), ("x-timestamp", &tss)];
    let first = post_json(&s, SERVICE, &headers, &body).await;
    assert_eq!(first.json["error"]["code"], "RECORD_NOT_FOUND", "signature fine, id unknown");
    let replay = post_json(&s, SERVICE, &headers, &body).await;
    assert_eq!(replay.json["error"]["code"], "INVALID_REQUEST_SIGNATURE");
    assert!(replay.json["error"]["message"].as_str().unwrap().contains("already used"));
}

#[tokio::test]
async fn a_body_changed_after_signing_is_refused() {
    let s = state_with(config());
    let t = token(&s).await;
    let body = envelope("get-ekyc-result", json!({"id": "a"}));
    let ts = now_s();
    let sig = sign(&body, "n1", ts);
    let tampered = envelope("get-ekyc-result", json!({"id": "b"}));
    let (bearer, tss) = (format!("Bearer {t}"), ts.to_string());
    let a = post_json(
        &s,
        SERVICE,
        &[("authorization", &bearer), ("x-signature", &sig), ("x-nonce-str", "n1"), ("x-timestamp", &tss)],
        &tampered,
    )
    .await;
    assert_eq!(a.json["error"]["code"], "INVALID_REQUEST_SIGNATURE");
}

#[tokio::test]
async fn mykad_then_liveness_then_result_and_a_signed_notification() {
    let s = state_with(config());
    let hook = Listener::start().await;
    let t = token(&s).await;
    let notify = format!("{}/webhooks/rm?x=1", hook.url);
    let a =
        signed(&s, &t, &envelope("id-mykad", json!({"notify_url": notify, "query_image_content": id_image()})), &[])
            .await;
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json["code"], "SUCCESS");
    let id = a.json["item"]["requestID"].as_str().unwrap().to_string();

    // The notification: signed with the sandbox's key over the string-to-sign without requestUrl (RM's docs for
    // callbacks).
    let got = hook.wait_for(1).await;
    let n = &got[0];
    assert_eq!(n.uri, "/webhooks/rm?x=1");
    let h = |k: &str| n.headers.get(k).unwrap().to_str().unwrap().to_string();
    let body: Value = serde_json::from_slice(&n.body).unwrap();
    assert_eq!(body["requestID"], id.as_str());
    assert_eq!(body["item"]["status"], "SUCCESS");
    assert_eq!(String::from_utf8(n.body.clone()).unwrap(), canonical_json(&body), "the body is sent canonical");
    let text = plaintext(Some(&body), None, &h("x-nonce-str"), h("x-timestamp").parse().unwrap());
    assert!(!text.contains("requestUrl") && !text.contains(&notify));
    let public = RsaPublicKey::from_public_key_pem(&creds().revenue_monster.sandbox_public_key_pem).unwrap();
    let sig = STANDARD.decode(h("x-signature").strip_prefix("sha256 ").unwrap()).unwrap();
    public
        .verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(text.as_bytes()), &sig)
        .expect("signed by the sandbox key");

    let before = signed(&s, &t, &envelope("get-ekyc-result", json!({"id": id})), &[]).await;
    assert_eq!(before.json["item"]["status"], "INCOMPLETE", "no face comparison yet");
    let live = signed(
        &s,
        &t,
        &envelope("face-compare-with-mykad", json!({"mykad_request_id": id, "query_image_content": face_image()})),
        &[],
    )
    .await;
    assert_eq!(live.json["item"]["isSamePerson"], true);
    let ekyc_id = live.json["item"]["ekycId"].as_str().expect("the liveness step names the eKYC result").to_string();
    assert_ne!(ekyc_id, id);
    let by_mykad_id = signed(&s, &t, &envelope("get-ekyc-result", json!({"id": id})), &[]).await;
    assert_eq!(by_mykad_id.json["item"]["id"], ekyc_id.as_str(), "the docs' reading: the MyKad request id");
    let r = signed(&s, &t, &envelope("get-ekyc-result", json!({"id": ekyc_id})), &[]).await;
    let item = &r.json["item"];
    assert_eq!((item["status"].as_str(), item["verdict"].as_str()), (Some("SUCCESS"), Some("NONE_REQUIRED")));
    assert_eq!(item["faceResult"]["isSamePerson"], true);
    assert!(item["results"][0]["data"]["name"].as_str().unwrap().contains("SANDBOX"));
    let m = signed(&s, &t, &envelope("get-mykad-result", json!({"id": id})), &[]).await;
    assert_eq!(m.json["item"]["action"], "NONE_REQUIRED");
}

#[tokio::test]
async fn scenarios_choose_business_outcomes_and_errors() {
    let s = state_with(config());
    let hook = Listener::start().await;
    let t = token(&s).await;
    let notify = format!("{}/n", hook.url);
    let a = signed(
        &s,
        &t,
        &envelope("id-mykad", json!({"notify_url": notify, "query_image_content": id_image()})),
        &[("x-sandbox-scenario", "fail")],
    )
    .await;
    assert_eq!(a.json["item"]["status"], "MYKAD_NOT_FOUND");
    let id = a.json["item"]["requestID"].as_str().unwrap().to_string();
    let r = signed(&s, &t, &envelope("get-ekyc-result", json!({"id": id})), &[]).await;
    assert_eq!(r.json["item"]["status"], "MYKAD_NOT_FOUND");
    assert_eq!(r.json["item"]["results"], json!([]));

    let face =
        envelope("face-compare", json!({"query_image_content_1": face_image(), "query_image_content_2": face_image()}));
    let f = signed(&s, &t, &face, &[("x-sandbox-scenario", "fail")]).await;
    assert_eq!(
        (f.json["item"]["isSamePerson"].as_bool(), f.json["item"]["action"].as_str()),
        (Some(false), Some("ATTENTION_REQUIRED"))
    );
    let f = signed(&s, &t, &face, &[("x-sandbox-scenario", "FACE_ENGINE_TIMEOUT")]).await;
    assert_eq!(f.json["item"]["status"], "FACE_ENGINE_TIMEOUT");

    s.arm(
        ekyc_sandbox::scenario::Provider::RevenueMonster,
        ekyc_sandbox::scenario::Armed { scenario: "INVALID_REQUEST_SIGNATURE".into(), times: 1, endpoint: None },
    );
    let e = signed(&s, &t, &face, &[]).await;
    assert_eq!((e.status.as_u16(), e.json["error"]["code"].as_str()), (400, Some("INVALID_REQUEST_SIGNATURE")));
    let ok = signed(&s, &t, &face, &[]).await;
    assert_eq!(ok.json["item"]["isSamePerson"], true, "armed once only");
}

#[tokio::test]
async fn bodies_are_validated() {
    let s = state_with(config());
    let t = token(&s).await;
    let small = jpeg_b64(320, 240);
    for (request, needle) in [
        (json!({"query_image_content": id_image()}), "notify_url"),
        (json!({"notify_url": "ftp://x", "query_image_content": id_image()}), "notify_url"),
        (json!({"notify_url": "http://127.0.0.1:9/n", "query_image_content": small}), "too small"),
        (json!({"notify_url": "http://127.0.0.1:9/n", "query_image_content": "not base64!"}), "Base64"),
        (
            json!({"notify_url": "http://127.0.0.1:9/n", "query_image_content": format!("data:image/jpeg;base64,{}", id_image())}),
            "data:",
        ),
        (
            json!({"notify_url": "http://127.0.0.1:9/n", "query_image_content": STANDARD.encode(b"GIF89a....")}),
            "neither",
        ),
    ] {
        let a = signed(&s, &t, &envelope("id-mykad", request), &[]).await;
        assert_eq!(a.json["error"]["code"], "INVALID_REQUEST");
        assert!(a.json["error"]["message"].as_str().unwrap().contains(needle), "{}", a.text());
    }
    let bad =
        signed(&s, &t, &json!({"service": "other", "version": "v1", "function": "id-mykad", "request": {}}), &[]).await;
    assert_eq!(bad.json["error"]["code"], "INVALID_REQUEST");
    let unknown = signed(&s, &t, &envelope("get-ekyc-result", json!({"id": "nope"})), &[]).await;
    assert_eq!((unknown.status.as_u16(), unknown.json["error"]["code"].as_str()), (404, Some("RECORD_NOT_FOUND")));
    let liveness = signed(
        &s,
        &t,
        &envelope("face-compare-with-mykad", json!({"mykad_request_id": "nope", "query_image_content": face_image()})),
        &[],
    )
    .await;
    assert_eq!(liveness.json["error"]["code"], "RECORD_NOT_FOUND");
}
