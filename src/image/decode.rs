//! Decoding to 8-bit RGB: JPEG with `jpeg-decoder` (which can decode at 1/2, 1/4 or 1/8 scale straight from
//! the DCT coefficients), PNG and WebP with `image`. Transparency is flattened onto white, as the output is JPEG
//! and a transparent ID scan turned black would be unreadable.
//!
//! Callers must have run [`super::header::parse`] first: the size limits are enforced there, and the decoders
//! are additionally capped so that a header lying to our scanner cannot make them allocate more.

use std::io::Cursor;

use image::codecs::png::PngDecoder;
use image::codecs::webp::WebPDecoder;
use image::{DynamicImage, ImageDecoder, ImageError, Limits, RgbImage};

use super::header::{Parsed, MAX_PIXELS, MAX_SIDE};
use super::sniff::Format;
use crate::error::{EkycError, ErrorCode, Result};

/// Upper bound for any decoder allocation: the largest accepted image as RGBA with 16-bit samples.
const MAX_DECODE_BYTES: u64 = MAX_PIXELS * 8;

/// Decodes the image of `parsed` (as stored, before orientation).
///
/// `want` is the stored-orientation size the caller will resize to: JPEGs are decoded at the smallest DCT scale
/// (1/8, 1/4, 1/2 or 1) whose result is still at least `want` in both dimensions, so the resize that follows
/// never upscales and has at most a factor of 2 left to do.
pub(crate) fn decode(bytes: &[u8], parsed: &Parsed<'_>, want: (u32, u32)) -> Result<RgbImage> {
    match parsed.format {
        Format::Jpeg => decode_jpeg(bytes, parsed, want),
        Format::Png => {
            let decoder = PngDecoder::with_limits(Cursor::new(bytes), limits()).map_err(image_error)?;
            from_image_decoder(decoder, parsed)
        }
        Format::Webp => {
            let mut decoder = WebPDecoder::new(Cursor::new(bytes)).map_err(image_error)?;
            decoder.set_limits(limits()).map_err(image_error)?;
            from_image_decoder(decoder, parsed)
        }
    }
}

/// The largest DCT scale denominator (1, 2, 4 or 8) such that the scaled size is still ≥ `want` on both axes.
///
/// jpeg-decoder rounds a scaled side up (`ceil(side / d)`), and so does this.
pub(crate) fn dct_denominator(width: u32, height: u32, want: (u32, u32)) -> u32 {
    [8, 4, 2].into_iter().find(|d| width.div_ceil(*d) >= want.0 && height.div_ceil(*d) >= want.1).unwrap_or(1)
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

fn decode_jpeg(bytes: &[u8], parsed: &Parsed<'_>, want: (u32, u32)) -> Result<RgbImage> {
    use jpeg_decoder::PixelFormat;

    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(MAX_DECODE_BYTES as usize);
    decoder.read_info().map_err(jpeg_error)?;
    let info = decoder.info().ok_or_else(|| jpeg_error(jpeg_decoder::Error::Format("no frame header".into())))?;
    // Our scanner and the decoder must agree on the frame, or the limits checked on our reading would be moot.
    if (u32::from(info.width), u32::from(info.height)) != (parsed.width, parsed.height) {
        return Err(EkycError::new(ErrorCode::ImageDecode, "JPEG has inconsistent frame headers"));
    }
    let d = dct_denominator(parsed.width, parsed.height, want);
    if d > 1 {
        // Request exactly the size of scale 1/d: jpeg-decoder picks the smallest scale reaching it.
        let (w, h) = (parsed.width.div_ceil(d), parsed.height.div_ceil(d));
        let (w, h) = (u16::try_from(w).unwrap_or(u16::MAX), u16::try_from(h).unwrap_or(u16::MAX));
        decoder.scale(w, h).map_err(jpeg_error)?;
    }
    let pixels = decoder.decode().map_err(jpeg_error)?;
    let info = decoder.info().ok_or_else(|| jpeg_error(jpeg_decoder::Error::Format("no frame header".into())))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    let count = width as usize * height as usize;
    let rgb = match info.pixel_format {
        PixelFormat::RGB24 => pixels,
        PixelFormat::L8 => pixels.iter().flat_map(|&l| [l, l, l]).collect(),
        // jpeg-decoder outputs CMYK as ink amounts (Adobe inversion already undone).
        PixelFormat::CMYK32 => pixels
            .chunks_exact(4)
            .flat_map(|p| {
                let k = 255 - u16::from(p.get(3).copied().unwrap_or(0));
                let ink = |c: u8| ((255 - u16::from(c)) * k / 255) as u8;
                [
                    ink(p.first().copied().unwrap_or(0)),
                    ink(p.get(1).copied().unwrap_or(0)),
                    ink(p.get(2).copied().unwrap_or(0)),
                ]
            })
            .collect(),
        // 9–16-bit JPEGs are refused by the header scan.
        PixelFormat::L16 => {
            return Err(EkycError::new(ErrorCode::ImageUnsupported, "16-bit JPEG is not supported"));
        }
    };
    if rgb.len() != count * 3 {
        return Err(EkycError::new(ErrorCode::ImageDecode, "JPEG decoded to an unexpected pixel layout"));
    }
    RgbImage::from_raw(width, height, rgb)
        .ok_or_else(|| EkycError::new(ErrorCode::ImageDecode, "JPEG decoded to an unexpected pixel layout"))
}

/// Decodes with an `image` decoder and converts to RGB8, compositing any alpha onto white.
fn from_image_decoder(decoder: impl ImageDecoder, parsed: &Parsed<'_>) -> Result<RgbImage> {
    if decoder.dimensions() != (parsed.width, parsed.height) {
        return Err(EkycError::new(ErrorCode::ImageDecode, "the image has inconsistent headers"));
    }
    let image = DynamicImage::from_decoder(decoder).map_err(image_error)?;
    Ok(flatten(image))
}

/// RGB8 from any `image` buffer; alpha is composited onto white.
pub(crate) fn flatten(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    let (width, height) = rgba.dimensions();
    let mut rgb = RgbImage::new(width, height);
    for (out, px) in rgb.pixels_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = px.0;
        let over_white = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a)) + 127) / 255) as u8;
        out.0 = [over_white(r), over_white(g), over_white(b)];
    }
    rgb
}

fn jpeg_error(e: jpeg_decoder::Error) -> EkycError {
    let code = match e {
        jpeg_decoder::Error::Unsupported(_) => ErrorCode::ImageUnsupported,
        _ => ErrorCode::ImageDecode,
    };
    EkycError::new(code, "the JPEG cannot be decoded").with_cause(e)
}

fn image_error(e: ImageError) -> EkycError {
    let code = match e {
        ImageError::Unsupported(_) => ErrorCode::ImageUnsupported,
        ImageError::Limits(_) => ErrorCode::ImageTooLarge,
        _ => ErrorCode::ImageDecode,
    };
    EkycError::new(code, "the image cannot be decoded").with_cause(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dct_scale_never_goes_below_the_target() {
        assert_eq!(dct_denominator(4032, 3024, (1600, 1200)), 2);
        assert_eq!(dct_denominator(4032, 3024, (504, 378)), 8);
        assert_eq!(dct_denominator(4032, 3024, (505, 378)), 4);
        assert_eq!(dct_denominator(1000, 800, (1000, 800)), 1);
        // Odd sizes: ceil(1001 / 2) = 501.
        assert_eq!(dct_denominator(1001, 801, (501, 401)), 2);
        assert_eq!(dct_denominator(1001, 801, (502, 401)), 1);
    }

    #[test]
    fn alpha_is_flattened_onto_white() {
        let rgba = image::RgbaImage::from_fn(2, 1, |x, _| image::Rgba([0, 0, 0, if x == 0 { 0 } else { 255 }]));
        let rgb = flatten(DynamicImage::ImageRgba8(rgba));
        assert_eq!(rgb.get_pixel(0, 0).0, [255, 255, 255]);
        assert_eq!(rgb.get_pixel(1, 0).0, [0, 0, 0]);
    }
}
