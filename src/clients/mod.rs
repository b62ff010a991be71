//! Provider clients as plain Rust: each one strings a provider's protocol functions (no I/O) together with
//! its authentication state (cached tokens, signing keys) over a [`Transport`]. The JS classes in
//! `bindings/clients.rs` wrap these with the global-`fetch` transport; the tests here use a scripted one.

pub mod advance_ai;
pub mod argos;
pub mod maschain;
pub mod revenue_monster;
pub mod runtime;
pub mod widekyc;

use std::future::Future;

use crate::error::{EkycError, ErrorCode, Result};
use crate::providers::http::{HttpRequest, HttpResponse};

/// Sends HTTP requests and tells the time. Implemented on the global `fetch` for wasm
/// (`transport::fetch`), and by scripted fakes in tests.
pub trait Transport {
    /// Sends one request, applying the transport's timeout and retry policy.
    fn send(&self, request: HttpRequest) -> impl Future<Output = Result<HttpResponse>>;
    /// Milliseconds since the Unix epoch (the wasm target has no system clock: the runtime's `Date.now()`).
    fn now_ms(&self) -> u64;
}

/// A random token of `len` ASCII letters and digits (for nonces), from the platform's CSPRNG
/// (`crypto.getRandomValues` on wasm).
pub fn random_alphanumeric(len: usize) -> Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        getrandom::getrandom(&mut buf)
            .map_err(|e| EkycError::new(ErrorCode::Internal, "no secure random source").with_cause(e))?;
        // Rejection sampling keeps the alphabet uniform: 248 = 4 × 62.
        out.extend(
            buf.iter().filter(|b| **b < 248).map(|b| ALPHABET[usize::from(*b) % 62] as char).take(len - out.len()),
        );
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod testing {
    //! A scripted transport and a tiny executor, so clients are tested natively without a runtime.
    use super::*;
    use std::cell::{Cell, RefCell};
    use std::collections::VecDeque;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    /// Answers requests from a queue and records them.
    #[derive(Default)]
    pub struct Scripted {
        pub answers: RefCell<VecDeque<Result<HttpResponse>>>,
        pub sent: RefCell<Vec<HttpRequest>>,
        pub now: Cell<u64>,
    }

    impl Scripted {
        pub fn new(answers: Vec<Result<HttpResponse>>) -> Self {
            Scripted {
                answers: RefCell::new(answers.into()),
                sent: RefCell::default(),
                now: Cell::new(1_700_000_000_000),
            }
        }
    }

    pub fn json(status: u16, body: serde_json::Value) -> Result<HttpResponse> {
        Ok(HttpResponse {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::to_vec(&body).unwrap_or_default(),
        })
    }

    impl Transport for &Scripted {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse> {
            self.sent.borrow_mut().push(request);
            self.answers
                .borrow_mut()
                .pop_front()
                .unwrap_or_else(|| Err(EkycError::new(ErrorCode::Network, "no more scripted answers")))
        }
        fn now_ms(&self) -> u64 {
            self.now.get()
        }
    }

    /// Runs a future that never waits on anything external (the scripted transport answers at once).
    pub fn block_on<F: Future>(f: F) -> F::Output {
        let mut f = pin!(f);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn random_tokens_are_alphanumeric_and_distinct() {
        let a = super::random_alphanumeric(32).unwrap();
        let b = super::random_alphanumeric(32).unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }
}
