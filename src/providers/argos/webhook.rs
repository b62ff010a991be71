//! POST {webhook URL} — the events ARGOS sends for a project: `{webhook_trigger, submission_id, email?, userid?, …}`,
//! or the same JSON encrypted as `{data: "<cipher>"}` (optionally with `isEncrypted: true`).
//!
//! A plain webhook carries **no signature**: anyone who knows the URL can send one. Treat it as a hint and
//! fetch the submission with `GET /submission` before acting. An encrypted webhook decrypted with
//! AES-256-GCM is authenticated by the tag (only a holder of the key can produce it); ECB proves nothing.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::crypto::Decryptor;
use super::{cipher_text, PROVIDER};
use crate::error::{EkycError, ErrorCode, Result};
use crate::providers::common::{self, open_enum};

open_enum! {
    /// `webhook_trigger`.
    pub enum WebhookTrigger {
        /// A submission was created.
        Created = "created",
        /// The user retried.
        Retry = "retry",
        /// The submission was approved.
        Approved = "approved",
        /// The submission was rejected.
        Rejected = "rejected",
        /// The user submitted; the submission is pending review.
        Submit = "submit",
        /// The submission was updated.
        Updated = "updated",
        /// The submission was deleted.
        Delete = "delete",
        /// Data was injected into the submission.
        Injection = "injection",
        /// AML screening finished.
        Aml = "aml",
        /// Ongoing AML monitoring found a change.
        AmlMonitor = "aml_monitor",
    }
}

/// A parsed webhook. `Debug` masks the email and user id and shows `raw` only as its shape.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEvent {
    /// What happened; unknown triggers are kept in `Other`.
    pub trigger: WebhookTrigger,
    /// The submission concerned.
    pub submission_id: String,
    /// The applicant's email, when sent.
    pub email: Option<String>,
    /// The merchant's user id, when sent.
    pub userid: Option<String>,
    /// Whether the body was encrypted (and decrypted).
    pub was_encrypted: bool,
    /// The (decrypted) body.
    pub raw: Value,
}

impl std::fmt::Debug for WebhookEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookEvent")
            .field("trigger", &self.trigger)
            .field("submission_id", &self.submission_id)
            .field("email", &format_args!("{}", crate::model::mask(&self.email, 0)))
            .field("userid", &format_args!("{}", crate::model::mask(&self.userid, 0)))
            .field("was_encrypted", &self.was_encrypted)
            .field("raw", &crate::model::MaskedJson(&self.raw))
            .finish()
    }
}

/// Parses a webhook body (the raw bytes of the POST). See [`parse_webhook_value`].
pub fn parse_webhook(body: &[u8], decryptor: Option<&dyn Decryptor>) -> Result<WebhookEvent> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        EkycError::malformed("the ARGOS webhook body is not JSON").with_provider(PROVIDER).with_cause(e)
    })?;
    parse_webhook_value(value, decryptor)
}

/// Parses a webhook already read as JSON. An encrypted body is decrypted first: no decryptor configured →
/// `invalid_input`; decryption fails or yields no JSON → `webhook_unauthenticated` (the body was not made with
/// our key). Then it must be an object with a string `webhook_trigger` and a non-empty `submission_id` →
/// else `malformed_response`. Unknown triggers are accepted as [`WebhookTrigger::Other`].
pub fn parse_webhook_value(value: Value, decryptor: Option<&dyn Decryptor>) -> Result<WebhookEvent> {
    let encrypted = value.get("webhook_trigger").is_none() && cipher_text(&value).is_some();
    let value = if encrypted {
        super::decrypt_if_encrypted(value, decryptor).map_err(|e| {
            if e.code == ErrorCode::InvalidInput {
                e
            } else {
                EkycError::new(
                    ErrorCode::WebhookUnauthenticated,
                    format!("cannot decrypt the ARGOS webhook: {}", e.message),
                )
                .with_provider(PROVIDER)
            }
        })?
    } else {
        value
    };
    let malformed = |m: String| EkycError::malformed(m).with_provider(PROVIDER);
    let obj = common::as_object(&value, "ARGOS webhook").map_err(|e| malformed(e.message))?;
    let trigger = match obj.get("webhook_trigger") {
        Some(Value::String(s)) if !s.trim().is_empty() => WebhookTrigger::parse(s),
        _ => return Err(malformed("webhook without a string webhook_trigger".into())),
    };
    let submission_id = common::req_str(obj, "submission_id")
        .map_err(|e| malformed(e.message))?
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| malformed("webhook without submission_id".into()))?;
    Ok(WebhookEvent {
        trigger,
        submission_id,
        email: common::opt_str(obj, "email"),
        userid: common::opt_str(obj, "userid"),
        was_encrypted: encrypted,
        raw: value,
    })
}
