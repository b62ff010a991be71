//! The image checks every provider applies to a Base64 image field: plain Base64 (no `data:` prefix), a
//! JPEG or PNG whose header parses, at most [`MAX_IMAGE_BYTES`], and at least the minimum size of its kind.
//! Only headers are read (dimensions), never the pixels: the sandbox judges nothing in the picture.

use std::io::Cursor;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// Largest decoded image: ARGOS documents 10 MB; the sandbox applies it to every provider.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;

/// What the image shows, which sets the minimum size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An ID document: at least 640×480 (either orientation), ARGOS's documented minimum.
    Document,
    /// A face: short side at least 240 px (no provider documents one; an assumption).
    Face,
}

/// Why an image was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageError {
    Missing,
    DataUrl,
    NotBase64,
    TooLarge(usize),
    NotImage,
    Corrupt,
    TooSmall { width: u32, height: u32 },
}

impl ImageError {
    /// A message for the provider's error answer, naming the field.
    pub fn message(&self, field: &str) -> String {
        match self {
            ImageError::Missing => format!("{field} is required"),
            ImageError::DataUrl => format!("{field} must be plain Base64 without a data: prefix"),
            ImageError::NotBase64 => format!("{field} is not valid Base64"),
            ImageError::TooLarge(n) => format!("{field} is {n} bytes; the limit is {MAX_IMAGE_BYTES} bytes"),
            ImageError::NotImage => format!("{field} is neither a JPEG nor a PNG"),
            ImageError::Corrupt => format!("{field} has an unreadable image header"),
            ImageError::TooSmall { width, height } => format!("{field} is {width}×{height} px; too small"),
        }
    }
}

/// Format and size of an accepted image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    pub png: bool,
    pub width: u32,
    pub height: u32,
    pub bytes: usize,
}

/// Checks a Base64 image field (ASCII whitespace inside is ignored, as line-wrapped Base64 is common).
pub fn check(b64: Option<&str>, kind: Kind) -> Result<Checked, ImageError> {
    let text = b64.map(str::trim).filter(|t| !t.is_empty()).ok_or(ImageError::Missing)?;
    if text.len() > 5 && text.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:")) {
        return Err(ImageError::DataUrl);
    }
    // Refuse before decoding what cannot fit.
    if text.len() / 4 * 3 > MAX_IMAGE_BYTES + 3 {
        return Err(ImageError::TooLarge(text.len() / 4 * 3));
    }
    let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let bytes = STANDARD.decode(&compact).map_err(|_| ImageError::NotBase64)?;
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ImageError::TooLarge(bytes.len()));
    }
    let (png, (width, height)) = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        (false, jpeg_size(&bytes)?)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        (true, png_size(&bytes)?)
    } else {
        return Err(ImageError::NotImage);
    };
    let (long, short) = (width.max(height), width.min(height));
    let big_enough = match kind {
        Kind::Document => long >= 640 && short >= 480,
        Kind::Face => short >= 240,
    };
    if !big_enough {
        return Err(ImageError::TooSmall { width, height });
    }
    Ok(Checked { png, width, height, bytes: bytes.len() })
}

fn jpeg_size(bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.read_info().map_err(|_| ImageError::Corrupt)?;
    let info = decoder.info().ok_or(ImageError::Corrupt)?;
    Ok((u32::from(info.width), u32::from(info.height)))
}

fn png_size(bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    image::ImageReader::with_format(Cursor::new(bytes), image::ImageFormat::Png)
        .into_dimensions()
        .map_err(|_| ImageError::Corrupt)
}
