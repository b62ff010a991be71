//! wasm-bindgen tests in headless Chromium (`make test`, tier "wasm-browser").
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use ekyc_bridge::bindings::{Argos, MasChain};
use js_sys::{Reflect, JSON};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn code(err: &JsValue) -> Option<String> {
    Reflect::get(err, &JsValue::from_str("code")).ok()?.as_string()
}

/// In a real page (`window` and `document` exist) a client holding a secret is refused, unless opted in.
#[wasm_bindgen_test]
fn clients_refuse_to_hold_secrets_in_a_page() {
    let options = JSON::parse(r#"{"clientId": "ci", "clientSecret": "sk_test"}"#).unwrap();
    let err = MasChain::new(options).err().expect("refused in a page");
    assert_eq!(code(&err).as_deref(), Some("secret_in_browser"));
    let err = Argos::new(JSON::parse(r#"{"apiKey": "k"}"#).unwrap()).err().expect("refused in a page");
    assert_eq!(code(&err).as_deref(), Some("secret_in_browser"));
    let allowed =
        JSON::parse(r#"{"clientId": "ci", "clientSecret": "sk_test", "dangerouslyAllowBrowser": true}"#).unwrap();
    assert!(MasChain::new(allowed).is_ok());
}

/// Chromium's fake camera (webdriver.json: --use-fake-device-for-media-stream, --use-fake-ui-for-media-stream):
/// open, capture a still, turn it into a provider-ready JPEG, close.
#[wasm_bindgen_test]
async fn camera_capture_becomes_a_prepared_jpeg() {
    use ekyc_bridge::bindings::{prepare_image, Camera};
    let camera =
        Camera::open(JSON::parse(r#"{"facing": "user", "idealWidth": 640}"#).unwrap()).await.expect("fake camera");
    let blob = camera.capture().await.expect("a still");
    assert!(blob.size() > 1000.0, "a real image, {} bytes", blob.size());
    let options = JSON::parse(r#"{"maxSide": 640, "maxBytes": 100000}"#).unwrap();
    let prepared = prepare_image(blob.into(), options).await.expect("prepared");
    let base64 = Reflect::get(&prepared, &"base64".into()).unwrap().as_string().unwrap();
    assert!(base64.starts_with("/9j/"), "a Base64 JPEG");
    let video = camera.video();
    camera.close();
    assert!(video.src_object().is_none(), "the stream is detached");
}

/// Every getUserMedia failure maps to its camera code (the real denied prompt is driven in tests/page/).
#[wasm_bindgen_test]
fn get_user_media_errors_map_to_camera_codes() {
    use ekyc_bridge::browser::camera::map_get_user_media_error;
    for (name, code) in [
        ("NotAllowedError", "camera_permission_denied"),
        ("NotFoundError", "camera_not_found"),
        ("NotReadableError", "camera_in_use"),
        ("OverconstrainedError", "camera_overconstrained"),
        ("TypeError", "camera_unsupported"),
    ] {
        let e = web_sys::DomException::new_with_message_and_name("x", name).unwrap();
        assert_eq!(map_get_user_media_error(&e.into()).code.as_str(), code, "{name}");
    }
}

/// Bad options to the flow launcher are typed errors: unknown provider, missing backend, a returnUrl on
/// another origin (an open redirect), a container that is not an element.
#[wasm_bindgen_test]
async fn hosted_flow_options_are_checked() {
    use ekyc_bridge::bindings::start_hosted_flow;
    for options in [
        r#"{"provider": "onfido", "backendUrl": "/s"}"#,
        r#"{"provider": "maschain"}"#,
        r#"{"provider": "maschain", "backendUrl": "/s", "returnUrl": "https://evil.test/back"}"#,
        r#"{"provider": "argos", "backendUrl": "/s"}"#,
        r#"{"provider": "maschain", "backendUrl": "/s", "mode": "teleport"}"#,
        r#"{"provider": "maschain", "backendUrl": "/s", "container": 5}"#,
    ] {
        let promise = start_hosted_flow(JSON::parse(options).unwrap());
        let err = wasm_bindgen_futures::JsFuture::from(promise).await.expect_err(options);
        assert_eq!(code(&err).as_deref(), Some("invalid_input"), "{options}");
    }
    let err = wasm_bindgen_futures::JsFuture::from(start_hosted_flow(JsValue::from_str("x"))).await.unwrap_err();
    assert_eq!(code(&err).as_deref(), Some("invalid_input"));
}
