//! wasm-bindgen tests shared by the browser (`tests/browser.rs`) and Node (`tests/node.rs`) runs: they go
//! through the same `#[wasm_bindgen]` exports a JS caller uses, so they test the boundary itself.

use ekyc_bridge::bindings::{error_class, normalize_js};
use js_sys::{Error, Function, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn json(s: &str) -> JsValue {
    JSON::parse(s).expect("test JSON")
}

/// The error must be a real `Error`, an instance of the exported `EkycError` class, with the contract fields.
fn assert_ekyc_error(err: &JsValue, code: &str) {
    assert!(err.is_instance_of::<Error>(), "not an Error: {err:?}");
    let class: Function = error_class().unchecked_into();
    let proto = Reflect::get_prototype_of(err).expect("an object");
    assert_eq!(JsValue::from(proto), get(&class, "prototype"), "not an instance of EkycError");
    assert_eq!(get(err, "name").as_string().as_deref(), Some("EkycError"));
    assert_eq!(get(err, "code").as_string().as_deref(), Some(code));
    assert!(get(err, "retryable").as_bool().is_some(), "retryable must be a boolean");
    assert!(get(err, "message").as_string().is_some_and(|m| !m.is_empty()));
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(ekyc_bridge::bindings::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn unknown_provider_throws_invalid_input() {
    let err = normalize_js("onfido".into(), json("{}"), JsValue::UNDEFINED).unwrap_err();
    assert_ekyc_error(&err, "invalid_input");
    assert!(get(&err, "message").as_string().unwrap().contains("onfido"));
}

#[wasm_bindgen_test]
fn non_object_responses_throw_malformed_response() {
    for body in ["42", "\"text\"", "null", "[1,2]", "true"] {
        let err = normalize_js("advance-ai".into(), json(body), JsValue::UNDEFINED).unwrap_err();
        assert_ekyc_error(&err, "malformed_response");
        assert_eq!(get(&err, "provider").as_string().as_deref(), Some("advance-ai"));
    }
}

#[wasm_bindgen_test]
fn bad_options_throw_invalid_input() {
    let err = normalize_js("widekyc".into(), json("{}"), json(r#"{"endpont": "x"}"#)).unwrap_err();
    assert_ekyc_error(&err, "invalid_input");
    let err = normalize_js("widekyc".into(), json("{}"), json("5")).unwrap_err();
    assert_ekyc_error(&err, "invalid_input");
}

#[wasm_bindgen_test]
fn undefined_response_is_malformed_not_a_panic() {
    let err = normalize_js("argos".into(), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap_err();
    assert_ekyc_error(&err, "malformed_response");
    // A function is not JSON data either.
    let err = normalize_js("argos".into(), error_class(), JsValue::UNDEFINED).unwrap_err();
    assert_ekyc_error(&err, "malformed_response");
}
