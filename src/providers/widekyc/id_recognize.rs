//! POST /api/id-recognize — OCR of an Indonesian eKTP. Body `{cust_ref_no, id_image}`.
//!
//! Answer `content.result`: `{status, result, data{nik, nama, tempat_lahir, tanggal_lahir (DD-MM-YYYY),
//! jenis_kelamin, gol_darah, alamat, rt/rw, kelurahan/desa, kecamatan, agama, status_perkawinan, pekerjaan,
//! kewarganegaraan, provinsi, kota}, trx_id, ref_id, timestamp}`.

use serde::{Deserialize, Serialize};

use super::{check_ref, plain_base64_image, post, Endpoint};
use crate::error::Result;
use crate::providers::http::HttpRequest;

/// The request body.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdRecognizeRequest {
    /// The merchant's reference for this call.
    pub cust_ref_no: String,
    /// The eKTP photo, plain Base64 JPEG.
    pub id_image: String,
}

impl std::fmt::Debug for IdRecognizeRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdRecognizeRequest")
            .field("cust_ref_no", &self.cust_ref_no)
            .field("id_image", &format_args!("<{} chars>", self.id_image.len()))
            .finish()
    }
}

/// Builds the request. Fails with `invalid_input` for an empty `cust_ref_no`, an image that is not plain
/// Base64 (a `data:image/…;base64,` prefix is stripped), an empty token or a bad base URL.
pub fn build_id_recognize_request(base_url: &str, token: &str, req: &IdRecognizeRequest) -> Result<HttpRequest> {
    let body = IdRecognizeRequest {
        cust_ref_no: check_ref(&req.cust_ref_no)?,
        id_image: plain_base64_image("id_image", &req.id_image)?,
    };
    post(base_url, token, Endpoint::IdRecognize, &body)
}
