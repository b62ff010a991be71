//! Format detection from the first bytes ("magic numbers"), never from a file name or a MIME type the
//! caller claims: a renamed HEIC must fail as HEIC, not as a corrupt JPEG.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::header::be_u32;
use crate::error::{EkycError, ErrorCode, Result};

/// An input format the `wasm` engine decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// JPEG / JFIF / EXIF (`FF D8 FF`).
    Jpeg,
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// WebP in a RIFF container (`RIFF....WEBP`), lossy or lossless.
    Webp,
}

impl Format {
    /// The MIME type, e.g. `"image/jpeg"`; reported as `original.mime`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }
}

/// Detects the format of `bytes` from its signature.
///
/// Fails with `invalid_input` on an empty input and with `image_unsupported` on anything that is not a JPEG, PNG or
/// WebP; the message names what the bytes look like (HEIC, AVIF, PDF, GIF…) so the user can be told to convert.
///
/// ```
/// use ekyc_bridge::image::{sniff, Format};
/// assert_eq!(sniff(b"\x89PNG\r\n\x1a\n....").unwrap(), Format::Png);
/// assert_eq!(sniff(b"%PDF-1.7").unwrap_err().code.as_str(), "image_unsupported");
/// ```
pub fn sniff(bytes: &[u8]) -> Result<Format> {
    if bytes.is_empty() {
        return Err(EkycError::invalid_input("the image is empty (0 bytes)"));
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Format::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Png);
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice()) {
        return Ok(Format::Webp);
    }
    let what = describe_unsupported(bytes);
    Err(EkycError::new(ErrorCode::ImageUnsupported, format!("{what} is not supported: use a JPEG, PNG or WebP image")))
}

/// Names an unsupported input as precisely as its signature allows.
fn describe_unsupported(bytes: &[u8]) -> String {
    // ISO base media (HEIF, AVIF): `size "ftyp" major_brand minor_version compatible_brands…`.
    if bytes.get(4..8) == Some(b"ftyp".as_slice()) {
        return describe_ftyp(bytes);
    }
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (b"GIF87a", "a GIF image"),
        (b"GIF89a", "a GIF image"),
        (b"BM", "a BMP image"),
        (b"II*\0", "a TIFF image"),
        (b"MM\0*", "a TIFF image"),
        (b"\xFF\x0A", "a JPEG XL image"),
        (b"\0\0\0\x0CJXL \r\n\x87\n", "a JPEG XL image"),
        (b"\0\0\x01\0", "an ICO icon"),
        (b"8BPS", "a Photoshop document"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"<svg", "an SVG image"),
        (b"<?xml", "an XML document (SVG?)"),
    ];
    if let Some((_, name)) = SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return (*name).to_owned();
    }
    if bytes.starts_with(b"RIFF") {
        return "a RIFF file that is not WebP".to_owned();
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return "a damaged JPEG (no marker after the start of image)".to_owned();
    }
    if bytes.len() < 12 {
        return format!("an input of {} bytes", bytes.len());
    }
    "an unknown format".to_owned()
}

/// Reads the major and compatible brands of an `ftyp` box to tell AVIF from HEIC.
fn describe_ftyp(bytes: &[u8]) -> String {
    let declared = be_u32(bytes, 0).map_or(0, |n| n as usize);
    // The box may be longer than what we were given; only look at brands actually present.
    let end = declared.clamp(16, 64).min(bytes.len());
    let brands: Vec<&[u8]> = bytes
        .get(8..end)
        .unwrap_or_default()
        .chunks_exact(4)
        .enumerate()
        .filter(|(i, _)| *i != 1) // the second word is the minor version, not a brand
        .map(|(_, b)| b)
        .collect();
    let has = |names: &[&[u8]]| brands.iter().any(|b| names.contains(b));
    if has(&[b"avif", b"avis"]) {
        "an AVIF image".to_owned()
    } else if has(&[b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"]) {
        "a HEIC/HEIF image (iPhone default; choose \"Most Compatible\" or convert to JPEG)".to_owned()
    } else if has(&[b"qt  "]) {
        "a QuickTime video".to_owned()
    } else {
        "an ISO media file (MP4/MOV?)".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unsupported(bytes: &[u8]) -> String {
        let e = sniff(bytes).unwrap_err();
        assert_eq!(e.code, ErrorCode::ImageUnsupported, "{e}");
        e.message
    }

    #[test]
    fn supported_signatures() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap(), Format::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n").unwrap(), Format::Png);
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8L").unwrap(), Format::Webp);
    }

    #[test]
    fn unsupported_formats_are_named() {
        assert!(unsupported(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic").contains("HEIC"));
        assert!(unsupported(b"\0\0\0\x18ftypmif1\0\0\0\0mif1heic").contains("HEIC"));
        assert!(unsupported(b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf").contains("AVIF"));
        assert!(unsupported(b"%PDF-1.4\n").contains("PDF"));
        assert!(unsupported(b"GIF89a\x01\0\x01\0").contains("GIF"));
        assert!(unsupported(b"BM\0\0").contains("BMP"));
        assert!(unsupported(b"II*\0\x08\0\0\0").contains("TIFF"));
        assert!(unsupported(b"RIFF\0\0\0\0WAVEfmt ").contains("RIFF"));
        assert!(unsupported(b"hello, this is not an image").contains("unknown"));
        assert!(unsupported(&[0xFF, 0xD8]).contains("JPEG"));
        // A truncated ftyp box must not read past the end.
        assert!(unsupported(b"\xff\xff\xff\xffftyp").contains("ISO"));
    }

    #[test]
    fn empty_is_invalid_input() {
        assert_eq!(sniff(&[]).unwrap_err().code, ErrorCode::InvalidInput);
    }
}
