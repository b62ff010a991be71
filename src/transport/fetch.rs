//! The only code that performs HTTP: the *global* `fetch` (browsers, workers, Node ≥ 18 alike — never
//! `window.fetch`), with a timeout per attempt (an `AbortController`, which also stops a slow-dripping
//! body), retries with jittered backoff per [`policy`](super::policy), a bound on the whole call, and a cap on
//! the body size.

use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, Response};

use super::policy::{backoff_ms, is_retryable, parse_retry_after, Outcome, TransportOptions};
use crate::error::{EkycError, ErrorCode, Result};
use crate::providers::http::{HttpRequest, HttpResponse};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(input: &Request) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Sends `request`, retrying as the policy allows. Any HTTP answer that is not retried (or is the last one) is
/// returned as `Ok` for the provider's protocol code to interpret — except a retryable status (429, 502, 503,
/// 504) on the last attempt, which is `http_status` with `retryable: true`.
///
/// Errors: `network` (no answer), `timeout` (an attempt or the whole call ran out of time), `malformed_response`
/// (a body larger than `max_body_bytes`), `invalid_input` (a request the platform refuses to build, e.g. a bad URL).
pub async fn send(request: &HttpRequest, options: &TransportOptions, provider: &'static str) -> Result<HttpResponse> {
    let started = js_sys::Date::now();
    let deadline = started + f64::from(options.total_timeout_ms);
    let mut retry = 0u32;
    loop {
        let remaining = deadline - js_sys::Date::now();
        if remaining <= 0.0 {
            return Err(total_timeout(options, provider));
        }
        let attempt_ms = remaining.min(f64::from(options.timeout_ms));
        let (outcome, result) = match attempt(request, attempt_ms, options.max_body_bytes, provider).await {
            Ok(resp) => (Outcome::Status(resp.status), Ok(resp)),
            Err(e) if e.code == ErrorCode::Timeout => (Outcome::Timeout, Err(e)),
            Err(e) if e.code == ErrorCode::Network => (Outcome::NetworkError, Err(e)),
            Err(e) => return Err(e),
        };
        let retryable = is_retryable(outcome, request);
        if let (Ok(resp), false) = (&result, retryable) {
            let _ = resp;
            return result;
        }
        if !retryable {
            return result.map_err(|e| e.with_retryable(false));
        }
        let retry_after = result
            .as_ref()
            .ok()
            .and_then(|r| r.header_value("retry-after"))
            .and_then(|v| parse_retry_after(v, js_sys::Date::now()));
        let wait = if retry < options.retries {
            backoff_ms(retry, retry_after, js_sys::Math::random(), options)
        } else {
            None
        };
        let wait = wait.filter(|w| js_sys::Date::now() + *w as f64 + 1.0 < deadline);
        let Some(wait) = wait else {
            return Err(give_up(result, retry + 1, provider));
        };
        sleep(wait as f64).await;
        retry += 1;
    }
}

/// The error after the last attempt of a retryable failure: still `retryable`, since a later call may succeed.
fn give_up(last: Result<HttpResponse>, attempts: u32, provider: &'static str) -> EkycError {
    match last {
        Ok(resp) => EkycError::new(
            ErrorCode::HttpStatus,
            format!("the provider answered HTTP {} after {attempts} attempt(s)", resp.status),
        )
        .with_provider(provider)
        .with_http_status(resp.status)
        .with_retryable(true),
        Err(e) => {
            let message = format!("{} (after {attempts} attempt(s))", e.message);
            EkycError { message, ..e }.with_retryable(true)
        }
    }
}

fn total_timeout(options: &TransportOptions, provider: &'static str) -> EkycError {
    EkycError::new(ErrorCode::Timeout, format!("the call took longer than {} ms in total", options.total_timeout_ms))
        .with_provider(provider)
}

async fn attempt(
    request: &HttpRequest,
    timeout_ms: f64,
    max_body: usize,
    provider: &'static str,
) -> Result<HttpResponse> {
    let controller = AbortController::new().map_err(|e| js_failure("AbortController", &e, provider))?;
    let js_request = build_request(request, &controller, provider)?;
    let abort = {
        let controller = controller.clone();
        Closure::once(move || controller.abort())
    };
    let timer = set_timeout(abort.as_ref().unchecked_ref(), timeout_ms);
    let result = exchange(&js_request, &controller, max_body, provider).await;
    clear_timeout(&timer);
    drop(abort);
    result.map_err(|e| {
        if controller.signal().aborted() && e.code == ErrorCode::Network {
            EkycError::new(ErrorCode::Timeout, format!("no complete answer within {timeout_ms} ms"))
                .with_provider(provider)
        } else {
            e
        }
    })
}

async fn exchange(
    js_request: &Request,
    controller: &AbortController,
    max_body: usize,
    provider: &'static str,
) -> Result<HttpResponse> {
    let resp: Response = JsFuture::from(global_fetch(js_request))
        .await
        .map_err(|e| network(&e, provider))?
        .dyn_into()
        .map_err(|_| EkycError::new(ErrorCode::Internal, "fetch resolved to something that is not a Response"))?;
    let headers = collect_headers(&resp.headers());
    let declared = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok());
    if declared.is_some_and(|n| n > max_body) {
        controller.abort();
        return Err(too_large(max_body, provider, resp.status()));
    }
    let buffer = resp.array_buffer().map_err(|e| network(&e, provider))?;
    let buffer = JsFuture::from(buffer).await.map_err(|e| network(&e, provider))?;
    let bytes = Uint8Array::new(&buffer);
    if bytes.length() as usize > max_body {
        return Err(too_large(max_body, provider, resp.status()));
    }
    Ok(HttpResponse { status: resp.status(), headers, body: bytes.to_vec() })
}

fn build_request(request: &HttpRequest, controller: &AbortController, provider: &'static str) -> Result<Request> {
    let headers = Headers::new().map_err(|e| js_failure("Headers", &e, provider))?;
    for (k, v) in &request.headers {
        headers.append(k, v).map_err(|_| EkycError::invalid_input(format!("header {k:?} is not valid in HTTP")))?;
    }
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_headers(&headers);
    init.set_signal(Some(&controller.signal()));
    if request.include_credentials {
        // Set by name: the web-sys `RequestCredentials` binding is not compiled in for this one use.
        let _ = js_sys::Reflect::set(&init, &"credentials".into(), &"include".into());
    }
    if let Some(body) = &request.body {
        init.set_body(&Uint8Array::from(body.as_slice()));
    }
    Request::new_with_str_and_init(&request.url, &init)
        .map_err(|e| EkycError::invalid_input(format!("cannot build a request to {:?}: {}", request.url, describe(&e))))
}

/// Every `(name, value)` of a `Headers`.
pub(crate) fn collect_headers(headers: &Headers) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(Some(iter)) = js_sys::try_iter(headers) {
        for entry in iter.flatten() {
            let pair = js_sys::Array::from(&entry);
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                out.push((k, v));
            }
        }
    }
    out
}

/// Resolves after `ms` milliseconds, on any runtime with a global `setTimeout`.
pub async fn sleep(ms: f64) {
    let promise = Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

fn network(e: &JsValue, provider: &'static str) -> EkycError {
    EkycError::new(ErrorCode::Network, format!("the request failed before an answer: {}", describe(e)))
        .with_provider(provider)
        .with_cause(describe(e))
}

fn too_large(max: usize, provider: &'static str, status: u16) -> EkycError {
    EkycError::malformed(format!("the response body is larger than the {max}-byte limit"))
        .with_provider(provider)
        .with_http_status(status)
}

fn js_failure(what: &str, e: &JsValue, provider: &'static str) -> EkycError {
    EkycError::new(ErrorCode::Internal, format!("{what} is not available here: {}", describe(e)))
        .with_provider(provider)
}

/// A short text for a thrown JS value (its `message` when it is an Error).
pub fn describe(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        let cause = js_sys::Reflect::get(err, &"cause".into()).ok().filter(|c| !c.is_undefined());
        let cause =
            cause.and_then(|c| c.dyn_ref::<js_sys::Error>().map(|c| format!(" ({})", String::from(c.message()))));
        format!("{}{}", String::from(err.message()), cause.unwrap_or_default())
    } else {
        e.as_string().unwrap_or_else(|| "unknown error".into())
    }
}
