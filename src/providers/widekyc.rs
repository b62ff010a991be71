//! PLACEHOLDER — being written; replaced before this lands.

use serde_json::Value;

use crate::error::{EkycError, ErrorCode, Result};
use crate::model::Verification;

/// Normalizes a response of this provider.
#[allow(unused_variables)]
pub fn normalize(response: &Value, endpoint: Option<&str>) -> Result<Verification> {
    Err(EkycError::new(ErrorCode::Internal, "not written yet"))
}
