//! One module per provider: routes, protocol checks, state, hosted pages and callbacks.
//! Each module starts with the table of its routes and a `SCENARIOS` table (endpoint → its own scenarios).

pub mod advance_ai;
pub mod argos;
pub mod maschain;
pub mod revenue_monster;
pub mod widekyc;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use crate::common;
use crate::scenario::Provider;

/// An error answer in `provider`'s documented error shape (used for the generic faults and by the modules).
pub fn error_response(provider: Provider, status: StatusCode, code: &str, message: &str) -> Response {
    let body = match provider {
        Provider::RevenueMonster => revenue_monster::error_body(code, message),
        Provider::AdvanceAi => advance_ai::envelope(code, message, serde_json::Value::Null),
        Provider::Maschain => json!({"status": status.as_u16(), "code": code, "message": message, "result": null}),
        Provider::Argos => json!({"errorCode": code, "message": message}),
        Provider::Widekyc => widekyc::error_body(message),
    };
    common::json(status, body)
}
