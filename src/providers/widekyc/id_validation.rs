//! POST /api/id-validation — check data (and optionally a selfie) against Dukcapil, the civil registry.
//! Body `{cust_ref_no, nik, name?, birth_date? (DD-MM-YYYY), birth_place?, address?, selfie_image?}`.
//!
//! Answer `content.result`: `{status, data{nik, full_name, birth_date, birth_place, address: bool…,
//! selfie_photo: number (scale unknown)}, trx_id, ref_id, timestamp}`.
//!
//! `nik` is documented as "Integer" but sent as a string, as in WideKYC's own example: a 16-digit NIK does
//! not fit a JavaScript number exactly.

use serde::{Deserialize, Serialize};

use super::{check_ref, plain_base64_image, post, Endpoint, PROVIDER};
use crate::error::{EkycError, Result};
use crate::providers::common;
use crate::providers::http::HttpRequest;

/// The request body. `None` fields are left out.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IdValidationRequest {
    /// The merchant's reference for this call.
    pub cust_ref_no: String,
    /// The 16-digit NIK.
    pub nik: String,
    /// The full name to check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The birth date to check: `DD-MM-YYYY` (other layouts such as `YYYY-MM-DD` are converted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// The birth place to check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_place: Option<String>,
    /// The address to check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// A selfie to compare with the registry photo, plain Base64 JPEG.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selfie_image: Option<String>,
}

impl std::fmt::Debug for IdValidationRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdValidationRequest")
            .field("cust_ref_no", &self.cust_ref_no)
            .field("nik", &format_args!("{}", crate::model::mask(&Some(self.nik.clone()), 4)))
            .field(
                "fields",
                &[self.name.is_some(), self.birth_date.is_some(), self.birth_place.is_some(), self.address.is_some()],
            )
            .field("selfie_image", &self.selfie_image.as_ref().map(|s| s.len()))
            .finish()
    }
}

fn non_empty(field: &str, value: &Option<String>) -> Result<Option<String>> {
    match value {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => {
            Err(EkycError::invalid_input(format!("{field} is empty (leave it out instead)")).with_provider(PROVIDER))
        }
        Some(v) => Ok(Some(v.trim().to_string())),
    }
}

/// Builds the request. Fails with `invalid_input` for an empty `cust_ref_no`, a `nik` that is not exactly 16
/// digits, an unreadable `birth_date`, an empty optional field, a selfie that is not plain Base64, an empty
/// token or a bad base URL.
pub fn build_id_validation_request(base_url: &str, token: &str, req: &IdValidationRequest) -> Result<HttpRequest> {
    let nik = req.nik.trim();
    if nik.len() != 16 || !nik.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EkycError::invalid_input("nik must be exactly 16 digits").with_provider(PROVIDER));
    }
    let birth_date = match non_empty("birth_date", &req.birth_date)? {
        None => None,
        Some(d) => {
            let iso = common::date(&d).ok_or_else(|| {
                EkycError::invalid_input(format!("birth_date {d:?} is not a date (DD-MM-YYYY)")).with_provider(PROVIDER)
            })?;
            // iso is YYYY-MM-DD: reorder to DD-MM-YYYY.
            let (y, m, dd) = (
                iso.get(0..4).unwrap_or_default(),
                iso.get(5..7).unwrap_or_default(),
                iso.get(8..10).unwrap_or_default(),
            );
            Some(format!("{dd}-{m}-{y}"))
        }
    };
    let body = IdValidationRequest {
        cust_ref_no: check_ref(&req.cust_ref_no)?,
        nik: nik.to_string(),
        name: non_empty("name", &req.name)?,
        birth_date,
        birth_place: non_empty("birth_place", &req.birth_place)?,
        address: non_empty("address", &req.address)?,
        selfie_image: match &req.selfie_image {
            None => None,
            Some(s) => Some(plain_base64_image("selfie_image", s)?),
        },
    };
    post(base_url, token, Endpoint::IdValidation, &body)
}
