//! Dimensions and metadata read from the container header **without decoding pixels**, so that a file declaring
//! absurd dimensions is refused (`image_too_large`) before any pixel buffer is allocated.
//!
//! Only a few bytes are read per marker or chunk, every read is bounds-checked, and nothing here allocates in
//! proportion to a size taken from the input.

use serde::Serialize;
use tsify::Tsify;

use super::orient::{exif_orientation, swaps_axes};
use super::sniff::{sniff, Format};
use crate::error::{EkycError, ErrorCode, Result};

/// The longest side accepted, in pixels. Larger than any phone camera (a 200 MP sensor is 16 320 px wide) and
/// the canvas limit of most browsers.
pub const MAX_SIDE: u32 = 16_384;

/// The most pixels accepted: 50 MP. Decoding it needs 150 MB of RGB (JPEG usually far less, thanks to scaled
/// decoding), which still fits in a browser tab or an edge worker.
pub const MAX_PIXELS: u64 = 50_000_000;

/// What an image's header says, read without decoding it: see [`probe`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ImageHeader {
    /// The container format.
    pub format: Format,
    /// Width as displayed, i.e. after the EXIF orientation is applied (stored height when the orientation is 5–8).
    pub width: u32,
    /// Height as displayed, i.e. after the EXIF orientation is applied.
    pub height: u32,
    /// The EXIF orientation, 1–8 (1 when absent or unreadable).
    pub orientation: u8,
}

/// Reads format, displayed size and EXIF orientation from the first bytes of `bytes` without decoding pixels.
///
/// Errors: `invalid_input` (empty), `image_unsupported` (not JPEG/PNG/WebP), `image_decode` (header truncated or
/// corrupt), `image_too_large` (more than [`MAX_SIDE`] px on a side or more than [`MAX_PIXELS`] pixels).
///
/// ```
/// use ekyc_bridge::image::probe;
/// let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
/// png.extend_from_slice(&[0, 0, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 8, 2, 0, 0, 0, 0, 0, 0, 0]); // 65535², CRC
/// assert_eq!(probe(&png).unwrap_err().code.as_str(), "image_too_large");
/// ```
pub fn probe(bytes: &[u8]) -> Result<ImageHeader> {
    let parsed = parse(bytes)?;
    let orientation = parsed.orientation();
    let (width, height) =
        if swaps_axes(orientation) { (parsed.height, parsed.width) } else { (parsed.width, parsed.height) };
    Ok(ImageHeader { format: parsed.format, width, height, orientation })
}

/// The header as stored (before orientation), with a borrowed view of the raw EXIF (TIFF) block if any.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Parsed<'a> {
    pub format: Format,
    /// Stored width (before the EXIF orientation is applied).
    pub width: u32,
    /// Stored height.
    pub height: u32,
    /// The EXIF block starting at the TIFF header (`II*\0` / `MM\0*`).
    pub exif: Option<&'a [u8]>,
}

impl Parsed<'_> {
    /// The EXIF orientation 1–8, 1 when there is no EXIF or it is unreadable.
    pub fn orientation(&self) -> u8 {
        self.exif.map_or(1, exif_orientation)
    }
}

/// Sniffs, reads the header and enforces the size limits.
pub(crate) fn parse(bytes: &[u8]) -> Result<Parsed<'_>> {
    let format = sniff(bytes)?;
    let parsed = match format {
        Format::Jpeg => parse_jpeg(bytes)?,
        Format::Png => parse_png(bytes)?,
        Format::Webp => parse_webp(bytes)?,
    };
    check_limits(parsed.format, parsed.width, parsed.height)?;
    Ok(parsed)
}

/// Refuses empty or oversized dimensions; shared with callers that pass raw pixels.
pub(crate) fn check_limits(format: Format, width: u32, height: u32) -> Result<()> {
    if width == 0 || height == 0 {
        return Err(decode_error(format, format!("declares an empty size {width}×{height}")));
    }
    let pixels = u64::from(width) * u64::from(height);
    if width > MAX_SIDE || height > MAX_SIDE || pixels > MAX_PIXELS {
        return Err(EkycError::new(
            ErrorCode::ImageTooLarge,
            format!(
                "the image is {width}×{height} px ({:.1} MP); the limit is {MAX_SIDE} px per side and {} MP",
                pixels as f64 / 1e6,
                MAX_PIXELS / 1_000_000
            ),
        ));
    }
    Ok(())
}

fn decode_error(format: Format, what: impl std::fmt::Display) -> EkycError {
    EkycError::new(ErrorCode::ImageDecode, format!("{} {what}", format_name(format)))
}

fn unsupported(what: &str) -> EkycError {
    EkycError::new(ErrorCode::ImageUnsupported, format!("{what} is not supported"))
}

fn truncated(format: Format) -> EkycError {
    decode_error(format, "header is truncated or corrupt")
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Jpeg => "JPEG",
        Format::Png => "PNG",
        Format::Webp => "WebP",
    }
}

/// Walks the JPEG marker segments up to the first start-of-frame, collecting the EXIF APP1 on the way.
fn parse_jpeg(bytes: &[u8]) -> Result<Parsed<'_>> {
    let err = || truncated(Format::Jpeg);
    let mut exif = None;
    let mut pos = 2; // after SOI
    loop {
        if *bytes.get(pos).ok_or_else(err)? != 0xFF {
            return Err(decode_error(Format::Jpeg, format!("has no marker at byte {pos}")));
        }
        // Any number of 0xFF fill bytes may precede a marker code.
        while bytes.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let marker = *bytes.get(pos).ok_or_else(err)?;
        pos += 1;
        match marker {
            // Standalone markers carry no length.
            0x01 | 0xD0..=0xD8 => continue,
            0xD9 | 0xDA => return Err(decode_error(Format::Jpeg, "has no frame header before its image data")),
            _ => {}
        }
        let len = usize::from(be_u16(bytes, pos).ok_or_else(err)?);
        if len < 2 {
            return Err(err());
        }
        let segment = bytes.get(pos + 2..pos + len).ok_or_else(err)?;
        match marker {
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let precision = *segment.first().ok_or_else(err)?;
                let height = u32::from(be_u16(segment, 1).ok_or_else(err)?);
                let width = u32::from(be_u16(segment, 3).ok_or_else(err)?);
                let components = *segment.get(5).ok_or_else(err)?;
                if height == 0 {
                    // A height defined later by a DNL marker: legal but unsupported by the decoder.
                    return Err(unsupported("a JPEG whose height is in a DNL marker"));
                }
                // Checked here, not left to jpeg-decoder: its `info()` panics on component counts other than
                // 1, 3, 4 and on some lossless precisions, and we only produce 8-bit output anyway.
                if precision != 8 {
                    return Err(unsupported(&format!("a {precision}-bit JPEG")));
                }
                if !matches!(components, 1 | 3 | 4) {
                    return Err(unsupported(&format!("a JPEG with {components} colour components")));
                }
                return Ok(Parsed { format: Format::Jpeg, width, height, exif });
            }
            0xE1 if exif.is_none() => exif = segment.strip_prefix(b"Exif\0\0"),
            _ => {}
        }
        pos += len;
    }
}

/// Reads IHDR, then looks for an `eXIf` chunk before the image data.
fn parse_png(bytes: &[u8]) -> Result<Parsed<'_>> {
    let err = || truncated(Format::Png);
    if bytes.get(12..16) != Some(b"IHDR".as_slice()) {
        return Err(err());
    }
    let width = be_u32(bytes, 16).ok_or_else(err)?;
    let height = be_u32(bytes, 20).ok_or_else(err)?;
    // The IHDR chunk is complete (13 bytes + CRC) or the decoder will fail anyway.
    if bytes.len() < 33 {
        return Err(err());
    }
    let mut exif = None;
    let mut pos = 8usize;
    // Chunks are `length type data crc`; stop at the image data (eXIf must precede it) or at a broken length.
    while let (Some(len), Some(kind)) = (be_u32(bytes, pos), bytes.get(pos.saturating_add(4)..pos.saturating_add(8))) {
        let start = pos + 8;
        let Some(end) = start.checked_add(len as usize) else { break };
        match kind {
            b"IDAT" | b"IEND" => break,
            b"eXIf" => {
                exif = bytes.get(start..end);
                break;
            }
            _ => {}
        }
        let Some(next) = end.checked_add(4) else { break };
        pos = next;
    }
    Ok(Parsed { format: Format::Png, width, height, exif })
}

/// Reads the first RIFF chunk (`VP8 `, `VP8L` or `VP8X`); for `VP8X` also looks for an `EXIF` chunk.
fn parse_webp(bytes: &[u8]) -> Result<Parsed<'_>> {
    let err = || truncated(Format::Webp);
    let kind = bytes.get(12..16).ok_or_else(err)?;
    let data = bytes.get(20..).ok_or_else(err)?;
    let (width, height, extended) = match kind {
        b"VP8 " => {
            // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height (2 scale bits each).
            if data.get(3..6) != Some([0x9D, 0x01, 0x2A].as_slice()) {
                return Err(decode_error(Format::Webp, "lossy frame has no start code"));
            }
            let w = le_u16(data, 6).ok_or_else(err)? & 0x3FFF;
            let h = le_u16(data, 8).ok_or_else(err)? & 0x3FFF;
            (u32::from(w), u32::from(h), false)
        }
        b"VP8L" => {
            // Signature 0x2F, then 14 bits width − 1 and 14 bits height − 1, little-endian bit order.
            if data.first() != Some(&0x2F) {
                return Err(decode_error(Format::Webp, "lossless stream has no signature"));
            }
            let bits = le_u32(data, 1).ok_or_else(err)?;
            ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, false)
        }
        b"VP8X" => {
            // Flags (1 byte), reserved (3), canvas width − 1 (24 bits), canvas height − 1 (24 bits).
            let w = le_u24(data, 4).ok_or_else(err)? + 1;
            let h = le_u24(data, 7).ok_or_else(err)? + 1;
            (w, h, true)
        }
        _ => return Err(decode_error(Format::Webp, "has an unknown first chunk")),
    };
    let exif = if extended { find_webp_exif(bytes) } else { None };
    Ok(Parsed { format: Format::Webp, width, height, exif })
}

/// Walks the RIFF chunks of an extended WebP for `EXIF`.
fn find_webp_exif(bytes: &[u8]) -> Option<&[u8]> {
    let mut pos = 12usize;
    loop {
        let kind = bytes.get(pos..pos.checked_add(4)?)?;
        let len = le_u32(bytes, pos + 4)? as usize;
        let start = pos.checked_add(8)?;
        let end = start.checked_add(len)?;
        if kind == b"EXIF" {
            let data = bytes.get(start..end)?;
            // Some writers keep the JPEG-style "Exif\0\0" prefix.
            return Some(data.strip_prefix(b"Exif\0\0").unwrap_or(data));
        }
        pos = end.checked_add(len & 1)?; // chunks are padded to an even size
    }
}

/// Big-endian `u16` at `at`, `None` past the end.
pub(crate) fn be_u16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

/// Big-endian `u32` at `at`, `None` past the end.
pub(crate) fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

fn le_u16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn le_u24(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(3)?)?;
    Some(u32::from_le_bytes([*b.first()?, *b.get(1)?, *b.get(2)?, 0]))
}

fn le_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&width.to_be_bytes());
        png.extend_from_slice(&height.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]); // depth, colour, …, CRC (unchecked here)
        png
    }

    fn jpeg_header(width: u16, height: u16) -> Vec<u8> {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xFF, 0xC0, 0, 11, 8];
        jpeg.extend_from_slice(&height.to_be_bytes());
        jpeg.extend_from_slice(&width.to_be_bytes());
        jpeg.extend_from_slice(&[1, 1, 0x11, 0]); // one component
        jpeg
    }

    #[test]
    fn reads_dimensions_of_each_format() {
        let p = probe(&png_header(640, 480)).unwrap();
        assert_eq!((p.format, p.width, p.height, p.orientation), (Format::Png, 640, 480, 1));
        let j = probe(&jpeg_header(1200, 900)).unwrap();
        assert_eq!((j.format, j.width, j.height), (Format::Jpeg, 1200, 900));
        // VP8L 300 × 200: (w − 1) | (h − 1) << 14.
        let bits: u32 = 299 | (199 << 14);
        let mut webp = b"RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2F".to_vec();
        webp.extend_from_slice(&bits.to_le_bytes());
        let w = probe(&webp).unwrap();
        assert_eq!((w.format, w.width, w.height), (Format::Webp, 300, 200));
        // VP8X declaring 16 777 216 px per side.
        let mut vp8x = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
        vp8x.extend_from_slice(&[0xFF; 6]);
        assert_eq!(probe(&vp8x).unwrap_err().code, ErrorCode::ImageTooLarge);
    }

    #[test]
    fn webp_exif_chunk_is_found() {
        let tiff = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x08\0\0\0\0\0\0\0";
        let mut webp = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\x08\0\0\0".to_vec();
        webp.extend_from_slice(&[199, 0, 0, 99, 0, 0]); // 200 × 100
        webp.extend_from_slice(b"ICCP\x03\0\0\0abc\0"); // odd size: padded
        webp.extend_from_slice(b"EXIF");
        webp.extend_from_slice(&(tiff.len() as u32).to_le_bytes());
        webp.extend_from_slice(tiff);
        let h = probe(&webp).unwrap();
        assert_eq!((h.width, h.height, h.orientation), (100, 200, 8));
    }

    #[test]
    fn limits_are_enforced_from_the_header() {
        assert_eq!(probe(&png_header(65_535, 65_535)).unwrap_err().code, ErrorCode::ImageTooLarge);
        assert_eq!(probe(&png_header(u32::MAX, 1)).unwrap_err().code, ErrorCode::ImageTooLarge);
        assert_eq!(probe(&jpeg_header(50_000, 100)).unwrap_err().code, ErrorCode::ImageTooLarge);
        // 8000 × 7000 = 56 MP: each side fine, the area not.
        assert_eq!(probe(&jpeg_header(8000, 7000)).unwrap_err().code, ErrorCode::ImageTooLarge);
        assert!(probe(&jpeg_header(16_384, 3000)).is_ok());
        assert_eq!(probe(&png_header(0, 10)).unwrap_err().code, ErrorCode::ImageDecode);
        assert_eq!(probe(&jpeg_header(10, 0)).unwrap_err().code, ErrorCode::ImageUnsupported);
    }

    #[test]
    fn every_truncation_of_a_header_is_a_decode_error() {
        for header in [jpeg_header(64, 64), png_header(64, 64)] {
            for cut in 8..header.len() {
                let e = probe(&header[..cut]).unwrap_err();
                assert_eq!(e.code, ErrorCode::ImageDecode, "cut at {cut}: {e}");
            }
        }
        let e = probe(b"RIFF\0\0\0\0WEBPVP8 ").unwrap_err();
        assert_eq!(e.code, ErrorCode::ImageDecode);
    }

    #[test]
    fn jpeg_without_frame_header_is_a_decode_error() {
        assert_eq!(probe(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]).unwrap_err().code, ErrorCode::ImageDecode);
        assert_eq!(probe(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 1]).unwrap_err().code, ErrorCode::ImageDecode);
        assert_eq!(probe(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 2, 0x12]).unwrap_err().code, ErrorCode::ImageDecode);
    }
}
