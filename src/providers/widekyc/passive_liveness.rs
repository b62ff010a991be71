//! POST /api/passive-liveness — is the selfie a live person? Body `{cust_ref_no, selfie_image}`.
//!
//! Answer `content.result`: `{status, result: "True" | "False", trx_id, ref_id, timestamp}`.

use serde::{Deserialize, Serialize};

use super::{check_ref, plain_base64_image, post, Endpoint};
use crate::error::Result;
use crate::providers::http::HttpRequest;

/// The request body.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassiveLivenessRequest {
    /// The merchant's reference for this call.
    pub cust_ref_no: String,
    /// The selfie, plain Base64 JPEG.
    pub selfie_image: String,
}

impl std::fmt::Debug for PassiveLivenessRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassiveLivenessRequest")
            .field("cust_ref_no", &self.cust_ref_no)
            .field("selfie_image", &format_args!("<{} chars>", self.selfie_image.len()))
            .finish()
    }
}

/// Builds the request. Fails with `invalid_input` for an empty `cust_ref_no`, an image that is not plain
/// Base64 (a `data:image/…;base64,` prefix is stripped), an empty token or a bad base URL.
pub fn build_passive_liveness_request(
    base_url: &str,
    token: &str,
    req: &PassiveLivenessRequest,
) -> Result<HttpRequest> {
    let body = PassiveLivenessRequest {
        cust_ref_no: check_ref(&req.cust_ref_no)?,
        selfie_image: plain_base64_image("selfie_image", &req.selfie_image)?,
    };
    post(base_url, token, Endpoint::PassiveLiveness, &body)
}
