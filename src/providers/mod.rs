//! The five providers: per provider, typed request/response types and protocol code with **no I/O**
//! (a typed request becomes an [`http::HttpRequest`] description; an [`http::HttpResponse`] becomes a typed
//! result), plus normalization of the provider's result into one [`Verification`].
//!
//! `transport.rs` is the only place that sends the descriptions; everything here is tested natively.

pub mod common;
pub mod http;

/// The fixture walker shared by every provider's tests (`tests/fixtures/<provider>/`).
#[cfg(test)]
mod fixtures_test;

pub mod advance_ai;
pub mod argos;
pub mod maschain;
pub mod revenue_monster;
pub mod widekyc;

use serde_json::Value;

use crate::error::Result;
use crate::model::{ProviderId, Verification};

/// Options of [`normalize`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NormalizeOptions {
    /// The call the response came from, for providers with several result shapes
    /// (WideKYC: `passive-liveness`, `id-recognize`, `id-validation`; Revenue Monster: `get-ekyc-result`
    /// (default), `face-compare`, `get-mykad-result`). Ignored by the others.
    pub endpoint: Option<String>,
}

/// Turns a provider's parsed JSON response into the provider-neutral [`Verification`].
///
/// Fails with `malformed_response` when `response` is not an object or a field the decision depends on has
/// the wrong type, and with `invalid_input` for an unknown `endpoint`. Unknown extra fields and unknown enum
/// values never fail and never yield `approved`. `raw` holds `response` unchanged. An `approved` whose MyKad or
/// NIK contradicts the result's date of birth or gender, or fails its own check, becomes `review` with a
/// `data_mismatch` reason ([`crate::idnum::consistency`]).
///
/// ```
/// use ekyc_bridge::{normalize, NormalizeOptions, ProviderId, Decision};
/// let body = serde_json::json!({"code": "SIGNATURE_NOT_EXIST", "message": "This signatureId is not exist", "data": null});
/// let v = normalize(ProviderId::AdvanceAi, &body, &NormalizeOptions::default()).unwrap();
/// assert_eq!(v.decision, Decision::Error);
/// ```
pub fn normalize(provider: ProviderId, response: &Value, options: &NormalizeOptions) -> Result<Verification> {
    let endpoint = options.endpoint.as_deref();
    if !response.is_object() {
        return Err(crate::EkycError::malformed(format!(
            "expected the response body as a JSON object, got {}",
            common::kind(response)
        ))
        .with_provider(provider.as_str()));
    }
    let mapped = match provider {
        ProviderId::RevenueMonster => revenue_monster::normalize(response, endpoint),
        ProviderId::Maschain => maschain::normalize(response),
        ProviderId::AdvanceAi => advance_ai::normalize(response),
        ProviderId::Argos => argos::normalize(response),
        ProviderId::Widekyc => widekyc::normalize(response, endpoint),
    };
    // The one place that names the provider on a mapping's error (the mappings leave it to this dispatcher).
    let mut v = mapped.map_err(|e| if e.provider.is_none() { e.with_provider(provider.as_str()) } else { e })?;
    enforce_invariants(&mut v);
    // After the invariants, so it only ever turns a remaining `approved` into `review`.
    crate::idnum::consistency::apply(&mut v);
    Ok(v)
}

/// The rules that hold for every provider, applied after its own mapping so no mapping can break them:
/// never `approved` with a failed face or liveness signal; `approved` has no reasons.
fn enforce_invariants(v: &mut Verification) {
    use crate::model::{Decision, Reason, ReasonCode};
    if v.decision != Decision::Approved {
        return;
    }
    if let Some(face) = &v.face {
        if face.r#match == Some(false) {
            v.decision = Decision::Review;
            v.reasons.push(Reason::new(ReasonCode::FaceMismatch, "face.match=false", None));
        }
        if face.liveness_passed == Some(false) {
            v.decision = Decision::Rejected;
            v.reasons.push(Reason::new(ReasonCode::LivenessFailed, "face.livenessPassed=false", None));
        }
    }
    if v.decision == Decision::Approved {
        v.reasons.clear();
    }
}
