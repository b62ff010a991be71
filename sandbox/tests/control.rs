//! Scenario control and the generic faults, the index page, CORS, and what the log keeps.

mod common;

use std::time::Instant;

use common::*;
use serde_json::json;

async fn arm(s: &ekyc_sandbox::AppState, body: serde_json::Value) -> Answer {
    post_json(s, "/_sandbox/scenario", &[], &body).await
}

fn wk_headers(extra: &'static str) -> Vec<(&'static str, String)> {
    let mut h = vec![("token", creds().widekyc.token)];
    if !extra.is_empty() {
        h.push(("x-sandbox-scenario", extra.to_string()));
    }
    h
}

async fn liveness(s: &ekyc_sandbox::AppState, scenario: &'static str) -> Answer {
    let owned = wk_headers(scenario);
    let h: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post_json(s, "/widekyc/api/passive-liveness", &h, &json!({"cust_ref_no": "r", "selfie_image": face_image()})).await
}

#[tokio::test]
async fn generic_faults() {
    let s = state_with(config());
    let a = liveness(&s, "http-429").await;
    assert_eq!((a.status.as_u16(), a.headers.get("retry-after").unwrap().to_str().unwrap()), (429, "1"));
    assert_eq!(liveness(&s, "http-503").await.status, 503);
    let t = Instant::now();
    let slow = liveness(&s, "slow").await;
    assert!(t.elapsed().as_millis() >= 300, "slow waits slow_ms");
    assert_eq!(slow.json["statusCode"], "SUCCESSFUL");
    let reset = liveness(&s, "reset").await;
    assert!(reset.bytes.is_empty() && reset.json.is_null(), "the body breaks off");
    let unknown = liveness(&s, "no-such-thing").await;
    assert_eq!(unknown.status, 400);
    assert!(unknown.json["sandboxError"].as_str().unwrap().contains("quota-exceeded"));
    // The same faults in each provider's own error shape.
    let rm = post_json(&s, "/revenue-monster/v1/token", &[("x-sandbox-scenario", "http-503")], &json!({})).await;
    assert_eq!(rm.json["error"]["code"], "SERVICE_UNAVAILABLE");
    let aai =
        post_json(&s, "/advance-ai/openapi/auth/ticket/v1/generate-token?sandbox_scenario=http-429", &[], &json!({}))
            .await;
    assert_eq!((aai.status.as_u16(), aai.json["code"].as_str()), (429, Some("TOO_MANY_REQUESTS")));
    let mc = post_json(&s, "/maschain/api/ekyc/verifications", &[("x-sandbox-scenario", "http-503")], &json!({})).await;
    assert_eq!(mc.json["status"], 503);
}

#[tokio::test]
async fn armed_scenarios_are_used_up_in_order_and_per_endpoint() {
    let s = state_with(config());
    assert_eq!(arm(&s, json!({"provider": "widekyc", "scenario": "http-429", "times": 2})).await.status, 200);
    assert_eq!(liveness(&s, "").await.status, 429);
    assert_eq!(liveness(&s, "").await.status, 429);
    assert_eq!(liveness(&s, "").await.status, 200, "used up");

    // An endpoint-specific scenario waits for its endpoint; the token call is not consumed by it.
    arm(&s, json!({"provider": "advance-ai", "scenario": "SIGNATURE_NOT_EXIST"})).await;
    let token = post_json(&s, "/advance-ai/openapi/auth/ticket/v1/generate-token", &[], &json!({})).await;
    assert_eq!(token.json["code"], "PARAMETER_ERROR", "answered normally");
    let listed = call(&s, "GET", "/_sandbox/scenario", &[], None).await;
    assert_eq!(listed.json["armed"][0]["scenario"], "SIGNATURE_NOT_EXIST");
    assert_eq!(call(&s, "DELETE", "/_sandbox/scenario", &[], None).await.json["armed"], json!([]));

    arm(&s, json!({"provider": "widekyc", "scenario": "http-503", "endpoint": "id-recognize"})).await;
    assert_eq!(liveness(&s, "").await.status, 200, "another endpoint");

    for bad in [
        json!({"provider": "acme", "scenario": "pass"}),
        json!({"provider": "widekyc", "scenario": "INVALID_REQUEST_SIGNATURE"}),
        json!({"provider": "widekyc", "scenario": "pass", "times": 0}),
        json!({"provider": "widekyc", "scenario": "pass", "endpoint": "nope"}),
        json!({"provider": "widekyc", "scenario": "pass", "extra": 1}),
    ] {
        assert_eq!(arm(&s, bad.clone()).await.status, 400, "{bad}");
    }
}

#[tokio::test]
async fn index_cors_and_log() {
    let s = state_with(config());
    let index = call(&s, "GET", "/_sandbox/", &[], None).await;
    let html = index.text();
    assert!(html.contains("SANDBOX") && html.contains("clientSecret") && html.contains("http://sandbox.test/argos/v3"));
    let c = creds();
    for secret in [
        &c.revenue_monster.client_secret,
        &c.maschain.client_secret,
        &c.advance_ai.secret_key,
        &c.argos.api_key,
        &c.widekyc.token,
    ] {
        assert!(!html.contains(secret.as_str()), "names only, never values");
    }
    let local = call(&s, "GET", "/_sandbox/requests", &[("origin", "http://127.0.0.1:8080")], None).await;
    assert_eq!(local.headers.get("access-control-allow-origin").unwrap(), "http://127.0.0.1:8080");
    let pre = call(&s, "OPTIONS", "/_sandbox/scenario", &[("origin", "http://localhost:3000")], None).await;
    assert_eq!((pre.status.as_u16(), pre.headers.get("access-control-allow-origin").is_some()), (204, true));
    let foreign = call(&s, "GET", "/_sandbox/requests", &[("origin", "http://evil.test")], None).await;
    assert!(foreign.headers.get("access-control-allow-origin").is_none());
    let foreign = call(&s, "GET", "/_sandbox/requests", &[("origin", "http://127.0.0.1.evil.test")], None).await;
    assert!(foreign.headers.get("access-control-allow-origin").is_none());

    // The log keeps the route template, never the MasChain token in the path, the query or a header.
    let mc = creds().maschain;
    call(
        &s,
        "GET",
        "/maschain/api/ekyc/verifications/SECRETTOKEN?x=1",
        &[("client_id", &mc.client_id), ("client_secret", &mc.client_secret)],
        None,
    )
    .await;
    let log = serde_json::to_string(&s.requests()).unwrap();
    assert!(log.contains("/maschain/api/ekyc/verifications/{token}") && log.contains("\"status\":404"));
    assert!(!log.contains("SECRETTOKEN") && !log.contains("sandbox_"), "{log}");
    assert_eq!(call(&s, "GET", "/nowhere", &[], None).await.status, 404);
}

#[test]
fn bounded_store_evicts_the_oldest() {
    let mut b = ekyc_sandbox::state::Bounded::new(2);
    b.insert("a".to_string(), 1);
    b.insert("b".to_string(), 2);
    b.insert("a".to_string(), 3);
    b.insert("c".to_string(), 4);
    assert_eq!((b.get("a"), b.get("b"), b.get("c")), (None, Some(&2), Some(&4)));
    assert_eq!(b.values().copied().collect::<Vec<_>>(), vec![2, 4]);
}
