//! Shared helpers of the sandbox's integration tests: the router in process, fake images, a local listener
//! that records the callbacks the sandbox sends.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ekyc_sandbox::{app, AppState, Config, Credentials};
use serde_json::Value;
use tower::ServiceExt;

pub const HOST: &str = "sandbox.test";

pub fn config() -> Config {
    Config { slow_ms: 300, ..Config::default() }
}

pub fn state_with(config: Config) -> AppState {
    AppState::new(config).expect("sandbox state")
}

pub fn creds() -> Credentials {
    Credentials::embedded().unwrap()
}

/// An answer: status, headers, body bytes, and the body as JSON when it is JSON.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
    pub json: Value,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
    pub fn location(&self) -> String {
        self.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
    }
}

/// One request through the router in process.
pub async fn call(
    state: &AppState,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Option<Vec<u8>>,
) -> Answer {
    let mut builder = Request::builder().method(method).uri(uri).header("host", HOST);
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    let request = builder.body(body.map(Body::from).unwrap_or_else(Body::empty)).unwrap();
    let response = app(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.map(|b| b.to_vec()).unwrap_or_default();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer { status, headers, bytes, json }
}

pub async fn post_json(state: &AppState, uri: &str, headers: &[(&str, &str)], body: &Value) -> Answer {
    let mut h = vec![("content-type", "application/json")];
    h.extend_from_slice(headers);
    call(state, "POST", uri, &h, Some(body.to_string().into_bytes())).await
}

pub async fn post_form(state: &AppState, uri: &str, pairs: &[(&str, &str)]) -> Answer {
    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    call(state, "POST", uri, &[("content-type", "application/x-www-form-urlencoded")], Some(body.into_bytes())).await
}

/// A grey JPEG of `width`×`height`, Base64.
pub fn jpeg_b64(width: u16, height: u16) -> String {
    let pixels = vec![128u8; usize::from(width) * usize::from(height) * 3];
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 80).encode(&pixels, width, height, jpeg_encoder::ColorType::Rgb).unwrap();
    STANDARD.encode(out)
}

pub fn id_image() -> String {
    jpeg_b64(800, 600)
}

pub fn face_image() -> String {
    jpeg_b64(480, 640)
}

/// A callback received by the [`Listener`].
#[derive(Debug, Clone)]
pub struct Received {
    pub uri: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// A local HTTP server on 127.0.0.1 that answers 200 to every POST and records it.
pub struct Listener {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Listener {
    pub async fn start() -> Listener {
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let sink = received.clone();
        let router = axum::Router::new().fallback(move |req: axum::extract::Request| {
            let sink = sink.clone();
            async move {
                let uri = req.uri().to_string();
                let headers = req.headers().clone();
                let body = axum::body::to_bytes(req.into_body(), usize::MAX).await.unwrap().to_vec();
                sink.lock().unwrap().push(Received { uri, headers, body });
                "ok"
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        Listener { url, received }
    }

    /// Waits (up to 5 s) until `n` callbacks arrived; returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..100 {
            let got = self.received.lock().unwrap().clone();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} callbacks, got {}", self.received.lock().unwrap().len());
    }
}
