//! Outgoing callbacks (ADVANCE.AI `callbackUrl`, RM `notify_url`, ARGOS webhooks), sent in the background
//! a moment after the answer that caused them, as the real providers do. Each one is logged and kept for
//! `GET /_sandbox/callbacks` with its target without the query (a URL secret must not reach a log).

use crate::state::{AppState, CallbackRecord};

/// The delay before a callback leaves, so the answer that triggered it arrives first.
pub const DELAY_MS: u64 = 100;

/// `url` without query and fragment.
pub fn redact(url: &str) -> String {
    url.split(['?', '#']).next().unwrap_or_default().to_string()
}

/// One callback to send: kind (for the log), extra headers, JSON body bytes.
pub type Callback = (String, Vec<(String, String)>, Vec<u8>);

/// POSTs `body` (JSON bytes) to `url` with `headers`, in the background. Failures are logged, never retried
/// (callbacks can be lost at the real providers too).
pub fn post_json(
    state: &AppState,
    provider: &'static str,
    kind: &str,
    url: &str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
) {
    post_sequence(state, provider, url, vec![(kind.to_string(), headers, body)]);
}

/// POSTs several callbacks to `url`, one after the other in this order, in the background.
pub fn post_sequence(state: &AppState, provider: &'static str, url: &str, callbacks: Vec<Callback>) {
    let state = state.clone();
    let url = url.to_string();
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(DELAY_MS)).await;
        for (kind, headers, body) in callbacks {
            let mut request = state.http().post(&url).header("content-type", "application/json").body(body);
            for (k, v) in headers {
                request = request.header(k, v);
            }
            let (status, error) = match request.send().await {
                Ok(resp) => (Some(resp.status().as_u16()), None),
                Err(e) => (None, Some(e.without_url().to_string())),
            };
            state.record_callback(CallbackRecord {
                at_ms: crate::common::now_ms(),
                provider: provider.to_string(),
                kind,
                target: redact(&url),
                status,
                error,
            });
        }
    });
}
