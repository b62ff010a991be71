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
