//! # ekyc-sandbox — SANDBOX, not a real provider
//!
//! A local stand-in for the five eKYC providers ekyc-bridge talks to, on one 127.0.0.1 origin with a path
//! prefix per provider (`/revenue-monster`, `/maschain`, `/advance-ai`, `/argos`, `/widekyc`). It speaks each
//! documented protocol — authentication checked, bodies validated, answers in the documented shapes — serves
//! the hosted pages of MasChain and ADVANCE.AI (and a stand-in for ARGOS's liveform) where the tester picks the
//! outcome, and fires the documented callbacks. Scenario control (`x-sandbox-scenario`, `sandbox_scenario=`,
//! `POST /_sandbox/scenario`) makes it answer each documented error, faults and slow answers.
//!
//! It deliberately does not depend on `ekyc-bridge`: it is an independent implementation of the provider
//! side, so a bug in our client is not mirrored here. See `sandbox/README.md`.

pub mod callbacks;
pub mod common;
pub mod control;
pub mod credentials;
pub mod html;
pub mod images;
pub mod providers;
pub mod scenario;
pub mod state;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;

pub use credentials::Credentials;
pub use state::{AppState, ArgosEncryption, Config};

/// The largest request body accepted (a 10 MB image is ~13.4 MB of Base64); larger bodies get HTTP 413.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// The whole sandbox as an axum router (used by `main` and, in process, by the tests).
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(providers::revenue_monster::routes())
        .merge(providers::maschain::routes())
        .merge(providers::advance_ai::routes())
        .merge(providers::argos::routes())
        .merge(providers::widekyc::routes())
        .merge(control::routes())
        .fallback(control::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), log_request))
        .with_state(state)
}

/// One log line per request: method, route (the matched template, so no token or id from the path), provider,
/// scenario and status. Never a header, query, body or secret.
async fn log_request(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "(unrouted)".to_string());
    let provider = scenario::Provider::from_path(request.uri().path()).map(|p| p.id()).unwrap_or("-");
    let response = next.run(request).await;
    let scenario = response.extensions().get::<scenario::ScenarioTag>().map(|t| t.0.clone());
    state.record_request(
        method.as_str(),
        &route,
        provider,
        scenario.as_deref().unwrap_or("-"),
        response.status().as_u16(),
    );
    response
}
