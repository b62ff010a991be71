//! wasm-bindgen tests in headless Chromium (`make test`, tier "wasm-browser").
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
