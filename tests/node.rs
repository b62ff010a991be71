//! wasm-bindgen tests in Node (`make test`, tier "wasm-node").
#![cfg(target_arch = "wasm32")]

mod common;
