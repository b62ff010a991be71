//! The `base64` field of the result: plain standard Base64 (with padding) as every provider here wants, or a
//! `data:` URL on request.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// Standard Base64 of `jpeg`, prefixed with `data:image/jpeg;base64,` when `data_url` is set.
///
/// ```
/// use ekyc_bridge::image::to_base64;
/// assert_eq!(to_base64(&[0xFF, 0xD8, 0xFF], false), "/9j/");
/// assert_eq!(to_base64(&[0xFF, 0xD8, 0xFF], true), "data:image/jpeg;base64,/9j/");
/// ```
pub fn to_base64(jpeg: &[u8], data_url: bool) -> String {
    const PREFIX: &str = "data:image/jpeg;base64,";
    let mut out = String::with_capacity(jpeg.len().div_ceil(3) * 4 + if data_url { PREFIX.len() } else { 0 });
    if data_url {
        out.push_str(PREFIX);
    }
    STANDARD.encode_string(jpeg, &mut out);
    out
}
