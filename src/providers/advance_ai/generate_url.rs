//! POST /intl/openapi/identity-risk/idvs-h5/ekyc/v1/<variant> — the hosted H5 page for one verification.
//!
//! Variants ([`UrlVariant`]), as ADVANCE.AI's doc center names them: `generate-ekyc-verification-url` (document +
//! face), `generate-document-verification-url` (document only), `generate-face-authentication-url`,
//! `generate-liveness-detection-url`, `generate-non-document-verification-url` (a number such as NGA BVN looked
//! up in a registry, plus face; needs `region` and `numberType`), and the legacy `generate-url`. Header
//! `X-ACCESS-TOKEN`. Every official example sends `docType`, `bizCode` and `productLevel` (the legacy one
//! `solutionCode`); fields this type does not name (e.g. `livenessType`) go through [`GenerateUrlRequest::extra`].
//!
//! Answer: `{code, message, data{url, …}}`. Whether `data` also carries `signatureId` is **unknown** (the
//! public docs show only `url`); [`parse_generate_url_response`] takes `data.signatureId` when present and
//! otherwise the `signatureId` query parameter of `data.url`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{code_error, endpoint_url, envelope, post_with_token, ResponseCode, PROVIDER};
use crate::error::{EkycError, Result};
use crate::providers::common;
use crate::providers::http::{HttpRequest, HttpResponse};

/// The path prefix shared by the variants and by get-result.
pub const PATH_PREFIX: &str = "/intl/openapi/identity-risk/idvs-h5/ekyc/v1/";

/// The longest `returnUrl` / `failReturnUrl` / `callbackUrl` ADVANCE.AI accepts.
pub const MAX_URL_LEN: usize = 2048;

/// Which flow the hosted page runs (the endpoint's last path segment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, tsify::Tsify)]
pub enum UrlVariant {
    /// ID document OCR, liveness and face comparison.
    #[default]
    #[serde(rename = "generate-ekyc-verification-url")]
    EkycVerification,
    /// The ID document alone (doc center: *Document Verification → Generate URL API*).
    #[serde(rename = "generate-document-verification-url")]
    DocumentVerification,
    /// A face against a face on record (doc center: *Face Authentication → Generate URL API*).
    #[serde(rename = "generate-face-authentication-url")]
    FaceAuthentication,
    /// Liveness alone (doc center: *Liveness Detection → Generate URL API*).
    #[serde(rename = "generate-liveness-detection-url")]
    LivenessDetection,
    /// An ID number checked against a registry, plus face.
    #[serde(rename = "generate-non-document-verification-url")]
    NonDocumentVerification,
    /// The legacy endpoint.
    #[serde(rename = "generate-url")]
    Legacy,
}

impl UrlVariant {
    /// The last path segment, e.g. `generate-ekyc-verification-url`.
    pub fn as_str(self) -> &'static str {
        match self {
            UrlVariant::EkycVerification => "generate-ekyc-verification-url",
            UrlVariant::DocumentVerification => "generate-document-verification-url",
            UrlVariant::FaceAuthentication => "generate-face-authentication-url",
            UrlVariant::LivenessDetection => "generate-liveness-detection-url",
            UrlVariant::NonDocumentVerification => "generate-non-document-verification-url",
            UrlVariant::Legacy => "generate-url",
        }
    }

    /// The full path, e.g. `/intl/openapi/identity-risk/idvs-h5/ekyc/v1/generate-url`.
    pub fn path(self) -> String {
        format!("{PATH_PREFIX}{}", self.as_str())
    }
}

/// The body of a generate-URL request (every variant takes the same fields). `None` fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateUrlRequest {
    /// Where the page sends the user after a success (≤ 2048 chars; `javascript:`, `data:`, `file:` refused).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    /// Where the page sends the user after a blocking failure, with `?errorCode=…` (same rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_return_url: Option<String>,
    /// Where ADVANCE.AI POSTs `{signatureId, type}` (must be `http(s)://`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
    /// The merchant's own reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub biz_id: Option<String>,
    /// The merchant's user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// ISO 3166-1 alpha-3 (alpha-2 is converted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The page language, e.g. `en-US`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The page theme, e.g. `light` / `dark` (values as ADVANCE.AI documents them; passed through).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefers_color_scheme: Option<String>,
    /// Whether the page will be shown in an iframe.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iframe_enabled: Option<bool>,
    /// Send the user to `returnUrl` even after a failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore_fail_when_jump: Option<bool>,
    /// The registry number type, e.g. `BVN` (required for the non-document variant).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_type: Option<String>,
    /// The number to verify, when the merchant already has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_value: Option<String>,
    /// The document type, e.g. `PH-ID-SSS` (in every official generate-URL example).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<String>,
    /// The product level, e.g. `STANDARD`, `ADVANCED`, `PRO`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_level: Option<String>,
    /// The merchant's business code, e.g. `WhiteCard`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub biz_code: Option<String>,
    /// The solution code of the legacy `generate-url` (e.g. `01`; "Solution code is wrong" is a documented error).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solution_code: Option<String>,
    /// Further documented fields, forwarded as they are (they may not repeat a field above).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Checks a return URL: non-empty, ≤ 2048 chars, no whitespace/control characters, and not a
/// `javascript:`, `data:`, `file:` or `vbscript:` URL (app deep links such as `myapp://done` are allowed).
fn check_return_url(name: &str, url: &str) -> Result<()> {
    let invalid = |why: &str| EkycError::invalid_input(format!("{name} {why}")).with_provider(PROVIDER);
    if url.is_empty() {
        return Err(invalid("is empty"));
    }
    if url.len() > MAX_URL_LEN {
        return Err(invalid("is longer than 2048 characters"));
    }
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(invalid("contains whitespace or control characters"));
    }
    let lower = url.to_ascii_lowercase();
    if ["javascript:", "data:", "file:", "vbscript:"].iter().any(|s| lower.starts_with(s)) {
        return Err(invalid("uses a refused scheme (javascript:, data:, file:, vbscript:)"));
    }
    if !lower.contains(':') {
        return Err(invalid("must be an absolute URL"));
    }
    Ok(())
}

fn check_callback_url(url: &str) -> Result<()> {
    check_return_url("callbackUrl", url)?;
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !r.starts_with('/') => Ok(()),
        _ => Err(EkycError::invalid_input("callbackUrl must be an http(s) URL").with_provider(PROVIDER)),
    }
}

impl GenerateUrlRequest {
    /// Validates the fields for `variant` and returns the body to send (region as alpha-3). Fails with
    /// `invalid_input` naming the first bad field.
    pub fn validated(&self, variant: UrlVariant) -> Result<GenerateUrlRequest> {
        let mut out = self.clone();
        if let Some(u) = &self.return_url {
            check_return_url("returnUrl", u)?;
        }
        if let Some(u) = &self.fail_return_url {
            check_return_url("failReturnUrl", u)?;
        }
        if let Some(u) = &self.callback_url {
            check_callback_url(u)?;
        }
        if let Some(r) = &self.region {
            out.region = Some(common::country(r).ok_or_else(|| {
                EkycError::invalid_input(format!("region {r:?} is not an ISO 3166 country code"))
                    .with_provider(PROVIDER)
            })?);
        }
        if variant == UrlVariant::NonDocumentVerification
            && (out.region.is_none() || self.number_type.as_deref().map_or(true, |t| t.trim().is_empty()))
        {
            return Err(
                EkycError::invalid_input("the non-document flow needs region and numberType").with_provider(PROVIDER)
            );
        }
        const KNOWN: [&str; 16] = [
            "docType",
            "productLevel",
            "bizCode",
            "solutionCode",
            "returnUrl",
            "failReturnUrl",
            "callbackUrl",
            "bizId",
            "userId",
            "region",
            "language",
            "prefersColorScheme",
            "iframeEnabled",
            "ignoreFailWhenJump",
            "numberType",
            "numberValue",
        ];
        if let Some(k) = self.extra.keys().find(|k| KNOWN.contains(&k.as_str())) {
            return Err(
                EkycError::invalid_input(format!("extra field {k:?} repeats a named field")).with_provider(PROVIDER)
            );
        }
        Ok(out)
    }
}

/// Builds the generate-URL request. Not idempotent (each call starts a new transaction). Fails with
/// `invalid_input` when a field is invalid (see [`GenerateUrlRequest::validated`]) or the token is empty.
pub fn build_generate_url_request(
    base_url: &str,
    access_token: &str,
    variant: UrlVariant,
    request: &GenerateUrlRequest,
) -> Result<HttpRequest> {
    let body = request.validated(variant)?;
    post_with_token(endpoint_url(base_url, &variant.path())?, access_token, &body)
}

/// `data` of the generate-URL answer as far as it is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateUrlData {
    /// The hosted page.
    pub url: String,
    /// Present in some answers (unknown whether always).
    #[serde(default)]
    pub signature_id: Option<String>,
}

/// What a generate-URL call yields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedUrl {
    /// The hosted page to send the user to.
    pub url: String,
    /// The transaction's `signatureId` for get-result: `data.signatureId`, else the `signatureId` query
    /// parameter of `url`; `None` when neither has it (then recover it from the callback or the return URL).
    pub signature_id: Option<String>,
}

/// Parses the generate-URL answer. HTTP errors as in every call; `code` ≠ `SUCCESS` → an error with
/// `provider_code` (`PARAMETER_ERROR` → `invalid_input`, token problems → `unauthorized`); a `SUCCESS`
/// without `data.url` → `malformed_response`.
pub fn parse_generate_url_response(resp: &HttpResponse) -> Result<GeneratedUrl> {
    let env = envelope::<GenerateUrlData>(resp)?;
    if env.code != ResponseCode::Success {
        return Err(code_error(&env.code, env.message.as_deref(), resp.status));
    }
    let data = env
        .data
        .filter(|d| !d.url.trim().is_empty())
        .ok_or_else(|| EkycError::malformed("generate-url answer without data.url").with_provider(PROVIDER))?;
    let signature_id =
        data.signature_id.filter(|s| !s.trim().is_empty()).or_else(|| common::query_param(&data.url, "signatureId"));
    Ok(GeneratedUrl { url: data.url, signature_id })
}
