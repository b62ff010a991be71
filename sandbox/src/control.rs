//! The sandbox's own API under `/_sandbox/` (CORS open to `http://127.0.0.1:*` and `http://localhost:*`):
//!
//! | route | what |
//! |---|---|
//! | `GET /_sandbox/` | HTML index: providers, routes, scenarios, credential names (never values) |
//! | `POST /_sandbox/scenario` | `{provider, scenario, times? (1), endpoint?}` arms the next `times` calls |
//! | `GET /_sandbox/scenario` | the armed scenarios; `DELETE` forgets them all |
//! | `GET /_sandbox/requests` | the recent request log (as printed) |
//! | `GET /_sandbox/callbacks` | the recent callbacks sent (target without query) |

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use crate::common::json as reply;
use crate::credentials::Credentials;
use crate::html::{self, escape};
use crate::scenario::{Armed, Provider, GENERIC};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/_sandbox/", get(index))
        .route("/_sandbox", get(index))
        .route("/_sandbox/scenario", get(armed).post(arm).delete(disarm).options(preflight))
        .route("/_sandbox/requests", get(requests).options(preflight))
        .route("/_sandbox/callbacks", get(callbacks).options(preflight))
        .layer(middleware::from_fn(cors))
}

/// Unknown routes: a 404 that says where the index is.
pub async fn not_found() -> Response {
    reply(StatusCode::NOT_FOUND, json!({"sandboxError": "no such route; see GET /_sandbox/ for the routes"}))
}

/// Whether `origin` is a local page (`http://127.0.0.1[:port]` or `http://localhost[:port]`).
pub fn local_origin(origin: &str) -> bool {
    ["http://127.0.0.1", "http://localhost"].iter().any(|base| {
        origin.strip_prefix(base).is_some_and(|rest| {
            rest.is_empty()
                || rest.strip_prefix(':').is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        })
    })
}

async fn cors(request: Request, next: Next) -> Response {
    let origin = request.headers().get("origin").and_then(|o| o.to_str().ok()).map(str::to_string);
    let mut response = next.run(request).await;
    if let Some(origin) = origin.filter(|o| local_origin(o)) {
        let h = response.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&origin) {
            h.insert("access-control-allow-origin", v);
        }
        h.insert("access-control-allow-methods", HeaderValue::from_static("GET, POST, DELETE, OPTIONS"));
        h.insert("access-control-allow-headers", HeaderValue::from_static("content-type"));
        h.insert("vary", HeaderValue::from_static("origin"));
    }
    response
}

async fn preflight() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// `POST /_sandbox/scenario` body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArmRequest {
    pub provider: String,
    pub scenario: String,
    #[serde(default)]
    pub times: Option<u32>,
    #[serde(default)]
    pub endpoint: Option<String>,
}

async fn arm(
    State(state): State<AppState>,
    body: Result<Json<ArmRequest>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let Ok(Json(r)) = body else {
        return reply(
            StatusCode::BAD_REQUEST,
            json!({"sandboxError": "expected JSON {provider, scenario, times?, endpoint?}"}),
        );
    };
    let Some(provider) = Provider::parse(&r.provider) else {
        let ids: Vec<&str> = Provider::ALL.iter().map(|p| p.id()).collect();
        return reply(
            StatusCode::BAD_REQUEST,
            json!({"sandboxError": format!("unknown provider; one of {}", ids.join(", "))}),
        );
    };
    if let Some(e) = &r.endpoint {
        if !provider.scenarios().iter().any(|(name, _)| name == e) {
            let names: Vec<&str> = provider.scenarios().iter().map(|(n, _)| *n).collect();
            return reply(
                StatusCode::BAD_REQUEST,
                json!({"sandboxError": format!("unknown endpoint; one of {}", names.join(", "))}),
            );
        }
    }
    if !provider.knows(r.endpoint.as_deref(), &r.scenario) {
        return reply(
            StatusCode::BAD_REQUEST,
            json!({"sandboxError": format!("unknown scenario for {}; one of {}", provider.id(), provider.all_scenarios().join(", "))}),
        );
    }
    let times = r.times.unwrap_or(1);
    if times == 0 || times > 1000 {
        return reply(StatusCode::BAD_REQUEST, json!({"sandboxError": "times must be 1..1000"}));
    }
    state.arm(provider, Armed { scenario: r.scenario, times, endpoint: r.endpoint });
    reply(StatusCode::OK, json!({"armed": armed_json(&state)}))
}

fn armed_json(state: &AppState) -> serde_json::Value {
    json!(state
        .armed()
        .into_iter()
        .map(|(p, a)| json!({"provider": p, "scenario": a.scenario, "times": a.times, "endpoint": a.endpoint}))
        .collect::<Vec<_>>())
}

async fn armed(State(state): State<AppState>) -> Response {
    reply(StatusCode::OK, json!({"armed": armed_json(&state)}))
}

async fn disarm(State(state): State<AppState>) -> Response {
    state.disarm_all();
    reply(StatusCode::OK, json!({"armed": []}))
}

async fn requests(State(state): State<AppState>) -> Response {
    reply(StatusCode::OK, json!({"requests": state.requests()}))
}

async fn callbacks(State(state): State<AppState>) -> Response {
    reply(StatusCode::OK, json!({"callbacks": state.callbacks()}))
}

/// SDK option → sandbox URL, per provider (relative to the origin).
pub const MAPPING: &[(&str, &str, &str)] = &[
    ("revenue-monster", "oauthUrl", "/revenue-monster/v1/token"),
    ("revenue-monster", "apiUrl", "/revenue-monster/v3/service"),
    ("maschain", "baseUrl", "/maschain"),
    ("advance-ai", "baseUrl", "/advance-ai"),
    ("argos", "baseUrl", "/argos/v3"),
    ("widekyc", "baseUrl", "/widekyc"),
];

async fn index(headers: HeaderMap, method: Method) -> Response {
    let origin = format!("http://{}", headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1"));
    let mut body = String::from("<p>ekyc-sandbox answers like the five providers, with fake credentials. See <code>sandbox/README.md</code>.</p>\n");
    body.push_str("<h2>SDK options</h2>\n<table><tr><th>provider</th><th>option</th><th>value</th></tr>\n");
    for (p, option, path) in MAPPING {
        body.push_str(&format!(
            "<tr><td>{p}</td><td><code>{option}</code></td><td><code>{}{path}</code></td></tr>\n",
            escape(&origin)
        ));
    }
    body.push_str("</table>\n<h2>Scenarios</h2>\n");
    body.push_str(&format!(
        "<p>Header <code>x-sandbox-scenario</code>, query <code>sandbox_scenario</code>, or <code>POST /_sandbox/scenario {{provider, scenario, times?, endpoint?}}</code>. Every endpoint: <code>{}</code>.</p>\n<table><tr><th>provider</th><th>endpoint</th><th>scenarios</th></tr>\n",
        GENERIC.join(", ")
    ));
    for p in Provider::ALL {
        for (endpoint, list) in p.scenarios() {
            body.push_str(&format!(
                "<tr><td>{}</td><td>{endpoint}</td><td><code>{}</code></td></tr>\n",
                p.id(),
                escape(&list.join(", "))
            ));
        }
    }
    body.push_str(
        "</table>\n<h2>Credentials</h2>\n<p>In <code>sandbox/credentials.json</code> (names only here):</p>\n<ul>\n",
    );
    for (group, names) in Credentials::names() {
        body.push_str(&format!("<li><code>{group}</code>: {}</li>\n", names.join(", ")));
    }
    body.push_str("</ul>\n<h2>Hosted pages</h2>\n<ul><li><code>GET /maschain/verifications?token=…</code></li><li><code>GET /advance-ai/h5?signatureId=…</code></li><li><code>GET /argos/liveform?pid=…&amp;userid=…&amp;redirect=…</code> (a stand-in; parameters assumed)</li></ul>\n");
    let _ = method;
    html::page("ekyc-sandbox", &body).into_response()
}
