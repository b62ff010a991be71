//! [`EkycError`]: every failure of the SDK, with a stable snake_case [`ErrorCode`].
//!
//! The core returns `Result<T, EkycError>`; `bindings/` turns an `EkycError` into a real JS `Error`
//! (class `EkycError`) carrying `code`, `message`, `retryable` and, where known, `provider`,
//! `httpStatus`, `providerCode` and `cause`.

use serde::Serialize;
use std::fmt;
use tsify::Tsify;

/// The stable machine-readable code of an [`EkycError`]. The serialized names are the public contract
/// (API.md §6): add variants freely, never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Tsify)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// An argument or option is missing, of the wrong type, or out of range.
    InvalidInput,
    /// The bytes claim to be an image of a supported format but cannot be decoded (truncated, corrupt).
    ImageDecode,
    /// The input is not a JPEG, PNG or WebP (HEIC, PDF, random bytes…).
    ImageUnsupported,
    /// The image's declared dimensions exceed the limits; refused before any pixel buffer exists.
    ImageTooLarge,
    /// The image is smaller than `minSide`.
    ImageTooSmall,
    /// No JPEG quality and size fits within `maxBytes`.
    ImageCannotFit,
    CameraPermissionDenied,
    CameraNotFound,
    CameraInUse,
    CameraInsecureContext,
    CameraUnsupported,
    CameraOverconstrained,
    /// The request never got an HTTP answer (DNS, connection reset, CORS, offline).
    Network,
    /// The request or the whole call took longer than its timeout.
    Timeout,
    /// The provider answered with an HTTP status the SDK does not map to a more precise code.
    HttpStatus,
    /// The provider refused the credentials (HTTP 401/403, or an auth error in the body).
    Unauthorized,
    /// The provider says the subscription quota is used up.
    QuotaExceeded,
    /// The provider sent something that is not the documented shape (not JSON, wrong types in required fields).
    MalformedResponse,
    /// A client holding a secret was constructed in a browser page.
    SecretInBrowser,
    /// The `state` on a return URL is missing or is not the one this flow generated.
    StateMismatch,
    /// A webhook failed authentication (bad signature, wrong secret, undecryptable).
    WebhookUnauthenticated,
    /// The browser blocked the hosted flow's popup (start the flow from a click).
    PopupBlocked,
    /// The user closed the hosted flow's popup or the flow was closed before it came back.
    FlowCancelled,
    /// A browser-only call (the camera, the file picker, the hosted flows) ran where there is no page: Node,
    /// server-side rendering, a worker. Guard it with `typeof window !== "undefined"` or call it from an effect.
    BrowserOnly,
    /// The SDK reached a state it considers impossible; please report it.
    Internal,
}

impl ErrorCode {
    /// The stable string form, e.g. `"malformed_response"`.
    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            InvalidInput => "invalid_input",
            ImageDecode => "image_decode",
            ImageUnsupported => "image_unsupported",
            ImageTooLarge => "image_too_large",
            ImageTooSmall => "image_too_small",
            ImageCannotFit => "image_cannot_fit",
            CameraPermissionDenied => "camera_permission_denied",
            CameraNotFound => "camera_not_found",
            CameraInUse => "camera_in_use",
            CameraInsecureContext => "camera_insecure_context",
            CameraUnsupported => "camera_unsupported",
            CameraOverconstrained => "camera_overconstrained",
            Network => "network",
            Timeout => "timeout",
            HttpStatus => "http_status",
            Unauthorized => "unauthorized",
            QuotaExceeded => "quota_exceeded",
            MalformedResponse => "malformed_response",
            SecretInBrowser => "secret_in_browser",
            StateMismatch => "state_mismatch",
            WebhookUnauthenticated => "webhook_unauthenticated",
            PopupBlocked => "popup_blocked",
            FlowCancelled => "flow_cancelled",
            BrowserOnly => "browser_only",
            Internal => "internal",
        }
    }

    /// Whether retrying the same call later may succeed. Only transport-level faults are retryable.
    pub fn default_retryable(self) -> bool {
        matches!(self, ErrorCode::Network | ErrorCode::Timeout)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every failure of the SDK. Construct with [`EkycError::new`] and refine with the `with_*` builders.
///
/// ```
/// use ekyc_bridge::{EkycError, ErrorCode};
/// let e = EkycError::new(ErrorCode::MalformedResponse, "expected an object").with_provider("argos");
/// assert_eq!(e.code.as_str(), "malformed_response");
/// assert!(!e.retryable);
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{code}: {message}")]
#[non_exhaustive]
pub struct EkycError {
    pub code: ErrorCode,
    pub message: String,
    pub retryable: bool,
    /// The provider id (`"argos"`, …) when the error concerns one provider.
    pub provider: Option<&'static str>,
    pub http_status: Option<u16>,
    /// The provider's own error code, unchanged (e.g. `"INVALID_REQUEST_SIGNATURE"`).
    pub provider_code: Option<String>,
    /// A description of the underlying error (its `Display`), when there is one.
    pub cause: Option<String>,
}

impl EkycError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        EkycError {
            code,
            message: message.into(),
            retryable: code.default_retryable(),
            provider: None,
            http_status: None,
            provider_code: None,
            cause: None,
        }
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }

    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::MalformedResponse, message)
    }

    pub fn with_provider(mut self, provider: &'static str) -> Self {
        self.provider = Some(provider);
        self
    }

    pub fn with_http_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    pub fn with_provider_code(mut self, code: impl Into<String>) -> Self {
        self.provider_code = Some(code.into());
        self
    }

    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.retryable = retryable;
        self
    }

    pub fn with_cause(mut self, cause: impl fmt::Display) -> Self {
        self.cause = Some(cause.to_string());
        self
    }
}

/// The result type of the whole crate.
pub type Result<T, E = EkycError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_names() {
        for code in [
            ErrorCode::InvalidInput,
            ErrorCode::MalformedResponse,
            ErrorCode::CameraOverconstrained,
            ErrorCode::StateMismatch,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }

    #[test]
    fn only_transport_faults_are_retryable_by_default() {
        assert!(EkycError::new(ErrorCode::Network, "x").retryable);
        assert!(EkycError::new(ErrorCode::Timeout, "x").retryable);
        assert!(!EkycError::malformed("x").retryable);
        assert!(!EkycError::new(ErrorCode::Unauthorized, "x").retryable);
    }

    #[test]
    fn display_leads_with_the_code() {
        let e = EkycError::invalid_input("maxBytes must be positive");
        assert_eq!(e.to_string(), "invalid_input: maxBytes must be positive");
    }
}
