//! POST {callbackUrl} — ADVANCE.AI's notification that a transaction moved: `{signatureId, type}`.
//!
//! The callback is **unsigned**: anyone who knows the URL can send one. Protect the URL with a secret path
//! or query value, answer 200 quickly, and treat the event only as a hint to call get-result (callbacks can
//! also be lost, so poll as well).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::PROVIDER;
use crate::error::{EkycError, Result};
use crate::providers::common::{self, open_enum};

open_enum! {
    /// `type` of a callback.
    pub enum CallbackType {
        /// The transaction has its final result.
        Completed = "COMPLETED",
        /// The page finished submitting the user's data.
        SubmitCompleted = "SUBMIT_COMPLETED",
    }
}

/// A parsed callback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallbackEvent {
    /// The transaction to fetch with get-result.
    pub signature_id: String,
    /// What happened; unknown values are kept in `Other`.
    #[serde(rename = "type")]
    pub kind: CallbackType,
    /// The body as received.
    pub raw: Value,
}

/// Parses a callback body (the raw bytes of the POST). Fails with `malformed_response` when it is not a JSON
/// object with a non-empty string `signatureId` and a string `type`; unknown `type` values are accepted.
pub fn parse_callback(body: &[u8]) -> Result<CallbackEvent> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        EkycError::malformed("the ADVANCE.AI callback body is not JSON").with_provider(PROVIDER).with_cause(e)
    })?;
    let malformed = |m: String| EkycError::malformed(m).with_provider(PROVIDER);
    let obj = common::as_object(&value, "ADVANCE.AI callback").map_err(|e| malformed(e.message))?;
    let signature_id = common::req_str(obj, "signatureId")
        .map_err(|e| malformed(e.message))?
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| malformed("callback without signatureId".into()))?;
    let kind = match obj.get("type") {
        Some(Value::String(s)) => CallbackType::parse(s),
        _ => return Err(malformed("callback without a string type".into())),
    };
    Ok(CallbackEvent { signature_id, kind, raw: value })
}
