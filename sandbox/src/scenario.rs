//! Scenario control: which answer a call gets. A call's scenario is, in order: the `x-sandbox-scenario`
//! header, the `sandbox_scenario` query parameter, the next armed scenario of its provider that applies to the
//! endpoint (`POST /_sandbox/scenario`), else `pass`.
//!
//! Generic scenarios apply to every API endpoint: `pass`, `http-429` (with `Retry-After: 1`), `http-503`,
//! `slow` (answers normally after 3 s), `reset` (the connection is dropped mid-answer). Each provider adds its
//! documented errors and business outcomes per endpoint (the `SCENARIOS` table of its module).

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use http_body::Frame;

use crate::state::AppState;

/// The five providers, by their ids and path prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    RevenueMonster,
    Maschain,
    AdvanceAi,
    Argos,
    Widekyc,
}

impl Provider {
    pub const ALL: [Provider; 5] =
        [Provider::RevenueMonster, Provider::Maschain, Provider::AdvanceAi, Provider::Argos, Provider::Widekyc];

    /// The id used in ekyc-bridge, in paths and in the control API.
    pub fn id(self) -> &'static str {
        match self {
            Provider::RevenueMonster => "revenue-monster",
            Provider::Maschain => "maschain",
            Provider::AdvanceAi => "advance-ai",
            Provider::Argos => "argos",
            Provider::Widekyc => "widekyc",
        }
    }

    pub fn parse(id: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The provider whose prefix `path` starts with.
    pub fn from_path(path: &str) -> Option<Provider> {
        let first = path.trim_start_matches('/').split('/').next()?;
        Provider::parse(first)
    }

    /// The endpoints of this provider and the scenarios each understands besides the generic ones.
    pub fn scenarios(self) -> &'static [(&'static str, &'static [&'static str])] {
        use crate::providers::*;
        match self {
            Provider::RevenueMonster => revenue_monster::SCENARIOS,
            Provider::Maschain => maschain::SCENARIOS,
            Provider::AdvanceAi => advance_ai::SCENARIOS,
            Provider::Argos => argos::SCENARIOS,
            Provider::Widekyc => widekyc::SCENARIOS,
        }
    }

    /// Whether `scenario` means something for `endpoint` (any endpoint when `None`).
    pub fn knows(self, endpoint: Option<&str>, scenario: &str) -> bool {
        GENERIC.contains(&scenario)
            || self.scenarios().iter().any(|(e, list)| endpoint.map_or(true, |x| x == *e) && list.contains(&scenario))
    }

    /// Every scenario name of this provider (generic first), without duplicates.
    pub fn all_scenarios(self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = GENERIC.to_vec();
        for (_, list) in self.scenarios() {
            for s in *list {
                if !out.contains(s) {
                    out.push(s);
                }
            }
        }
        out
    }
}

/// The scenarios every endpoint understands.
pub const GENERIC: &[&str] = &["pass", "http-429", "http-503", "slow", "reset"];

/// The scenario a response was made under, for the log line (a response extension).
#[derive(Clone, Debug)]
pub struct ScenarioTag(pub String);

/// Tags `response` with `scenario` for the request log.
pub fn tag(mut response: Response, scenario: &str) -> Response {
    response.extensions_mut().insert(ScenarioTag(scenario.to_string()));
    response
}

/// A scenario armed for the next `times` calls of a provider (optionally only of one endpoint).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Armed {
    pub scenario: String,
    pub times: u32,
    pub endpoint: Option<String>,
}

/// A body that fails at once: hyper then aborts the connection, which the client sees as a network error.
struct BrokenBody;

impl http_body::Body for BrokenBody {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "sandbox scenario reset"))))
    }
}

/// The answer of scenario `reset`: headers, then the connection is dropped.
pub fn reset_response() -> Response {
    let mut r = Response::new(Body::new(BrokenBody));
    r.headers_mut().insert(axum::http::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

impl AppState {
    /// Picks the scenario of one API call and applies the generic ones. `Ok(name)`: answer normally under
    /// `name` (`pass`, `slow` after its wait, or one of `endpoint`'s own scenarios). `Err(response)`: the
    /// answer is already made (a fault, or an unknown scenario named in the request).
    pub async fn begin(
        &self,
        provider: Provider,
        endpoint: &'static str,
        headers: &HeaderMap,
        query: Option<&str>,
    ) -> Result<String, Response> {
        let explicit = crate::common::header(headers, "x-sandbox-scenario")
            .map(str::to_string)
            .or_else(|| crate::common::query_param(query, "sandbox_scenario"));
        let scenario = match explicit {
            Some(s) if provider.knows(Some(endpoint), &s) => s,
            Some(s) => {
                let known = provider
                    .scenarios()
                    .iter()
                    .find(|(e, _)| *e == endpoint)
                    .map(|(_, l)| l.join(", "))
                    .unwrap_or_default();
                let body = serde_json::json!({
                    "sandboxError": format!(
                        "unknown scenario {s:?} for {} {endpoint}; generic: {}; this endpoint: {known}",
                        provider.id(),
                        GENERIC.join(", ")
                    )
                });
                return Err(tag(crate::common::json(StatusCode::BAD_REQUEST, body), "unknown"));
            }
            None => self.take_armed(provider, endpoint).unwrap_or_else(|| "pass".to_string()),
        };
        let latency = self.config().latency_ms;
        if latency > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
        }
        match scenario.as_str() {
            "http-429" => {
                let mut r = crate::providers::error_response(
                    provider,
                    StatusCode::TOO_MANY_REQUESTS,
                    "TOO_MANY_REQUESTS",
                    "Too many requests (sandbox scenario http-429)",
                );
                r.headers_mut().insert(axum::http::header::RETRY_AFTER, HeaderValue::from_static("1"));
                Err(tag(r, &scenario))
            }
            "http-503" => Err(tag(
                crate::providers::error_response(
                    provider,
                    StatusCode::SERVICE_UNAVAILABLE,
                    "SERVICE_UNAVAILABLE",
                    "Service unavailable (sandbox scenario http-503)",
                ),
                &scenario,
            )),
            "reset" => Err(tag(reset_response(), &scenario)),
            "slow" => {
                tokio::time::sleep(std::time::Duration::from_millis(self.config().slow_ms)).await;
                Ok(scenario)
            }
            _ => Ok(scenario),
        }
    }
}
