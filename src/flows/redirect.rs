//! `parseRedirect(url, expect)`: what a return URL claims about a hosted flow.
//!
//! | provider | success return | failure return |
//! |---|---|---|
//! | `maschain` | `redirect_url?is_success=1` | `redirect_url?is_success=0` |
//! | `advance-ai` | `returnUrl` (nothing added) | `failReturnUrl?errorCode=X` |
//!
//! `startHostedFlow` adds `ekyc_state=<state>` to the URLs it hands the provider (and `ekyc_return=fail` to
//! ADVANCE.AI's `failReturnUrl`), so a return can be matched to its flow and its claim read even where the
//! provider adds nothing.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::state::states_equal;
use crate::error::{EkycError, ErrorCode, Result};
use crate::model::ProviderId;
use crate::providers::advance_ai;

/// The query parameter that carries the flow's state (not `state`, which the merchant may use).
pub const STATE_PARAM: &str = "ekyc_state";
/// Marks ADVANCE.AI's `failReturnUrl`, set by `startHostedFlow`.
pub const RETURN_PARAM: &str = "ekyc_return";

/// What the URL says happened. Never proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "snake_case")]
pub enum Claimed {
    Success,
    Failure,
    Unknown,
}

/// What the caller expects of the return.
#[derive(Debug, Clone, Default, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RedirectExpect {
    /// The flow's provider; detected from the parameters when absent.
    #[tsify(optional)]
    pub provider: Option<ProviderId>,
    /// The state the flow generated; `stateValid` is `null` when absent.
    #[tsify(optional)]
    pub state: Option<String>,
    /// Throw `state_mismatch` instead of returning `stateValid: false` (default `false`).
    #[serde(default)]
    #[tsify(optional)]
    pub strict: bool,
}

/// What a return URL claims, and whether it belongs to the flow. `trusted` is always `false`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct RedirectOutcome {
    pub provider: Option<ProviderId>,
    pub claimed: Claimed,
    /// ADVANCE.AI's `errorCode` on `failReturnUrl`.
    pub error_code: Option<String>,
    /// MasChain `token` / ADVANCE.AI `signatureId`, when the URL carries it. From `resumeHostedFlow` and
    /// `FlowHandle.result`: the reference the backend returned for the flow instead (API.md §3a).
    pub reference: Option<String>,
    /// What the URL claims the reference is (`token` / `signatureId`): a claim like `claimed`, never the
    /// reference to ask the backend about. `parseRedirect` alone: the same as `reference`.
    pub claimed_reference: Option<String>,
    pub state: Option<String>,
    /// `null` when no state was expected.
    pub state_valid: Option<bool>,
    /// Always `false`: a URL is typed by the user's browser. Confirm with the backend.
    #[tsify(type = "false")]
    pub trusted: bool,
}

/// Reads a return URL. Fails with `invalid_input` for something that is not an absolute http(s) URL, and
/// with `state_mismatch` when `expect.strict` and the state is missing or wrong.
pub fn parse_redirect(url: &str, expect: &RedirectExpect) -> Result<RedirectOutcome> {
    let params = query_pairs(url)?;
    let get = |name: &str| params.iter().find(|(k, v)| k == name && !v.is_empty()).map(|(_, v)| v.clone());

    let provider = expect.provider.or_else(|| {
        if get("is_success").is_some() {
            Some(ProviderId::Maschain)
        } else if get("errorCode").is_some() || get("signatureId").is_some() || get(RETURN_PARAM).is_some() {
            Some(ProviderId::AdvanceAi)
        } else {
            None
        }
    });
    let state = get(STATE_PARAM);
    let (claimed, error_code, reference) = match provider {
        Some(ProviderId::Maschain) => {
            let claimed = match get("is_success").as_deref().map(str::to_ascii_lowercase).as_deref() {
                Some("1" | "true") => Claimed::Success,
                Some("0" | "false") => Claimed::Failure,
                _ => Claimed::Unknown,
            };
            (claimed, None, get("token"))
        }
        Some(ProviderId::AdvanceAi) => {
            let error_code = get("errorCode");
            let claimed = if error_code.is_some() || get(RETURN_PARAM).as_deref() == Some("fail") {
                Claimed::Failure
            } else if state.is_some() || get("signatureId").is_some() {
                // Back on returnUrl (ADVANCE.AI adds nothing on success; the flow's state marks the return).
                Claimed::Success
            } else {
                Claimed::Unknown
            };
            (claimed, error_code, get("signatureId"))
        }
        _ => (Claimed::Unknown, None, None),
    };
    let state_valid = expect.state.as_deref().map(|want| state.as_deref().is_some_and(|got| states_equal(got, want)));
    if expect.strict && state_valid != Some(true) {
        return Err(EkycError::new(
            ErrorCode::StateMismatch,
            if expect.state.is_none() {
                "strict state checking needs the expected state"
            } else if state.is_none() {
                "the return URL carries no ekyc_state: it did not come from this flow"
            } else {
                "the return URL's ekyc_state is not this flow's: it may be forged or from another tab"
            },
        ));
    }
    let claimed_reference = reference.clone();
    Ok(RedirectOutcome {
        provider,
        claimed,
        error_code,
        reference,
        claimed_reference,
        state,
        state_valid,
        trusted: false,
    })
}

/// The outcome of a flow this page started: `reference` is the one the backend returned (API.md §3a), never the
/// URL's; a token / signatureId on the return URL stays a claim, in `claimedReference` (anyone can type a URL,
/// and a backend that mints its own references does not know the provider's id as one).
pub fn with_backend_reference(mut outcome: RedirectOutcome, backend: Option<String>) -> RedirectOutcome {
    outcome.claimed_reference = outcome.reference.take();
    outcome.reference = backend;
    outcome
}

/// The reason an ADVANCE.AI `errorCode` on a return maps to (the same table as its results).
pub fn reason_for_return_error(code: &str) -> crate::model::ReasonCode {
    advance_ai::reason_for_error_code(code)
}

/// `url` with `name=value` added to its query (before any fragment), the value percent-encoded.
pub fn with_param(url: &str, name: &str, value: &str) -> String {
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut out = format!("{base}{sep}{name}={}", crate::providers::common::encode_component(value));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// The URL without its query and fragment: what a return is recognised by.
pub fn without_query(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    url.get(..end).unwrap_or(url)
}

/// The decoded query pairs of an absolute http(s) URL (fragment ignored).
fn query_pairs(url: &str) -> Result<Vec<(String, String)>> {
    let trimmed = url.trim();
    if !crate::providers::http::is_http_url(trimmed) {
        return Err(EkycError::invalid_input("parseRedirect takes an absolute http(s) URL"));
    }
    let before_fragment = trimmed.split('#').next().unwrap_or_default();
    let query = before_fragment.split_once('?').map(|(_, q)| q).unwrap_or_default();
    Ok(form_urlencoded::parse(query.as_bytes()).into_owned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> RedirectOutcome {
        parse_redirect(url, &RedirectExpect::default()).unwrap()
    }

    #[test]
    fn maschain_claims_and_detection() {
        let o = parse("https://m.test/back?is_success=1&ekyc_state=abc");
        assert_eq!(
            (o.provider, o.claimed, o.state.as_deref()),
            (Some(ProviderId::Maschain), Claimed::Success, Some("abc"))
        );
        assert_eq!(o.state_valid, None);
        assert!(!o.trusted);
        assert_eq!(parse("https://m.test/back?is_success=0").claimed, Claimed::Failure);
        assert_eq!(parse("https://m.test/back?is_success=maybe").claimed, Claimed::Unknown);
    }

    #[test]
    fn advance_ai_success_and_failure_returns() {
        let fail = parse("https://m.test/fail?ekyc_state=s1&ekyc_return=fail&errorCode=LIVENESS_ATTACK");
        assert_eq!((fail.provider, fail.claimed), (Some(ProviderId::AdvanceAi), Claimed::Failure));
        assert_eq!(fail.error_code.as_deref(), Some("LIVENESS_ATTACK"));
        let expect = RedirectExpect { provider: Some(ProviderId::AdvanceAi), state: Some("s1".into()), strict: false };
        let ok = parse_redirect("https://m.test/ok?ekyc_state=s1", &expect).unwrap();
        assert_eq!((ok.claimed, ok.state_valid), (Claimed::Success, Some(true)));
        assert_eq!(reason_for_return_error("LIVENESS_TRY_COUNT_EXCEED"), crate::model::ReasonCode::RetryLimit);
    }

    #[test]
    fn forged_returns_are_reported_and_refused_when_strict() {
        let expect = RedirectExpect { provider: None, state: Some("real-state".into()), strict: false };
        let forged = parse_redirect("https://m.test/back?is_success=1&ekyc_state=guess", &expect).unwrap();
        assert_eq!((forged.claimed, forged.state_valid, forged.trusted), (Claimed::Success, Some(false), false));
        let missing = parse_redirect("https://m.test/back?is_success=1", &expect).unwrap();
        assert_eq!(missing.state_valid, Some(false));
        let strict = RedirectExpect { strict: true, ..expect };
        for url in ["https://m.test/back?is_success=1&ekyc_state=guess", "https://m.test/back?is_success=1"] {
            assert_eq!(parse_redirect(url, &strict).unwrap_err().code, ErrorCode::StateMismatch);
        }
        assert!(parse_redirect("https://m.test/back?is_success=1&ekyc_state=real-state", &strict).is_ok());
    }

    #[test]
    fn the_url_reference_is_only_a_claim_once_the_backend_named_one() {
        let o = parse("https://m.test/back?is_success=1&token=PROVIDER_TOKEN&ekyc_state=s");
        assert_eq!(
            (o.reference.as_deref(), o.claimed_reference.as_deref()),
            (Some("PROVIDER_TOKEN"), Some("PROVIDER_TOKEN"))
        );
        let flow = with_backend_reference(o, Some("vs_backend".into()));
        assert_eq!(
            (flow.reference.as_deref(), flow.claimed_reference.as_deref()),
            (Some("vs_backend"), Some("PROVIDER_TOKEN"))
        );
        // A backend that named none: the URL's token is still not taken for the reference.
        let none = with_backend_reference(parse("https://m.test/back?is_success=1&token=T"), None);
        assert_eq!((none.reference, none.claimed_reference.as_deref()), (None, Some("T")));
    }

    #[test]
    fn params_are_added_before_the_fragment() {
        assert_eq!(with_param("https://m.test/back", "ekyc_state", "a b"), "https://m.test/back?ekyc_state=a%20b");
        assert_eq!(
            with_param("https://m.test/back?x=1#top", "ekyc_state", "s"),
            "https://m.test/back?x=1&ekyc_state=s#top"
        );
        assert_eq!(without_query("https://m.test/back?x=1#y"), "https://m.test/back");
        let url = with_param(&with_param("https://m.test/back", STATE_PARAM, "st"), RETURN_PARAM, "fail");
        let o = parse_redirect(&format!("{url}&errorCode=CAMERA_ISSUE"), &RedirectExpect::default()).unwrap();
        assert_eq!(
            (o.provider, o.claimed, o.state.as_deref()),
            (Some(ProviderId::AdvanceAi), Claimed::Failure, Some("st"))
        );
    }

    #[test]
    fn not_a_url_is_invalid_input() {
        for bad in ["", "javascript:alert(1)", "/relative?is_success=1", "data:text/html,x", "https://x\u{0}y"] {
            assert_eq!(
                parse_redirect(bad, &RedirectExpect::default()).unwrap_err().code,
                ErrorCode::InvalidInput,
                "{bad:?}"
            );
        }
        let o = parse("https://m.test/#is_success=1");
        assert_eq!((o.provider, o.claimed), (None, Claimed::Unknown), "the fragment is not the query");
    }
}
